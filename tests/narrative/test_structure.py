"""The report structure files: the COSME one reads, and a broken one is refused by name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from narrative.structure import DEFAULT, for_project, read, structures


def test_the_cosme_report_has_the_templates_sections_in_order():
    structure = structures()[DEFAULT]
    keys = [s.key for s in structure.sections]
    assert keys[:5] == ["declaration", "summary", "i1", "i2", "i3"]
    assert keys[-4:] == ["ii7", "ii8", "ii9", "ii10"]
    assert len(structure.section("i4").parts) == 9
    assert structure.section("i2").tables == ("milestones",)


def test_a_project_gets_its_programmes_structure(project):
    project.programme = "COSME"
    assert for_project(project).key == DEFAULT
    project.programme = "Something else"
    assert for_project(project).key == DEFAULT  # the default where no file names the programme


@pytest.mark.parametrize(
    "section, message",
    [
        ("{key: a, heading: A, kind: poem}", "unknown kind"),
        ("{key: a, heading: A, tables: [nope]}", "unknown table"),
        ("{heading: A}", "needs a key"),
        ("{key: a, heading: A, kind: parts}", "lists its parts"),
    ],
)
def test_a_broken_structure_is_refused_by_name(tmp_path, section, message):
    path = tmp_path / "broken.yaml"
    path.write_text(f"key: b\ntitle: B\nsections:\n  - {section}\n")
    with pytest.raises(ImproperlyConfigured, match=message):
        read(path)


def test_each_section_is_labelled_with_its_part_so_i1_and_ii1_differ():
    structure = structures()[DEFAULT]
    assert structure.section("i1").label == "I.1 Project objectives for the period"
    assert structure.section("i4").label == "I.4 Project management"
    assert structure.section("ii1").label == "II.1 Expected results/impact of the project"
    assert structure.section("ii10").label.startswith("II.10 Please provide testimonials")
    # Sections the template does not number within a part keep their heading.
    assert structure.section("summary").label == "I. Summary of progress to date"
    assert structure.section("declaration").label == "Declaration by the project coordinator"
