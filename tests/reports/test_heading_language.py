"""The language of a report's headings (issue 18 point 5): English by default whatever the person's UI
language (the agency reads English), another one only when chosen, kept by the export for its worker.

The German catalogue does not exist yet, so the tests check the language the builder and the renderer
ran in (a spy reading translation.get_language()), and that a report asked from a German UI is the
same file as one asked from an English one."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports import formats
from reports.models import Export
from tests.factories import EngagementFactory
from tests.reports.test_views import export_url, index_url

LANGUAGES = [("en-gb", "English"), ("de", "Deutsch"), ("it", "Italiano")]


@pytest.fixture(autouse=True)
def languages(settings):
    settings.LANGUAGES = LANGUAGES


@pytest.fixture
def german_ui(client, settings):
    """The person's UI in German: their language cookie, which the locale middleware activates for each
    request (the test client and the immediate task backend run in this thread)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    with translation.override("de"):
        yield


@pytest.fixture
def spy(monkeypatch):
    """The language D3.2's builder and the HTML renderer ran in, in call order."""
    seen = {"build": [], "render": []}
    label, build_d32 = formats.KINDS["d32"]

    def build(*args, **kwargs):
        seen["build"].append(translation.get_language())
        return build_d32(*args, **kwargs)

    from reports import render

    render_html = render.render_html

    def render_spy(*args, **kwargs):
        seen["render"].append(translation.get_language())
        return render_html(*args, **kwargs)

    monkeypatch.setitem(formats.KINDS, "d32", (label, build))
    monkeypatch.setattr(render, "render_html", render_spy)
    return seen


@pytest.mark.usefixtures("periods", "wp3")
def test_an_export_asked_from_a_german_ui_is_in_english_and_the_same_file(
    client, project, viewer, spy, german_ui
):
    EngagementFactory(project=project, name="Cluster Nord")
    client.force_login(viewer)

    client.post(export_url(fmt="html"))

    export = Export.objects.get()
    assert export.status == Export.Status.DONE and export.language == "en-gb"
    assert spy == {"build": ["en-gb"], "render": ["en-gb"]}
    assert translation.get_language() == "de"  # the UI's language is left as it was
    # Built and rendered here, still under the German UI, with no language given (as a freeze or the CLI
    # does): English too, and the same bytes.
    english = formats.render(formats.build("d32", export.project, export.period), "html")
    assert bytes(export.content) == english
    html = english.decode()
    assert '<html lang="en">' in html and "Table 0. Performance indicators for work package 3" in html


@pytest.mark.usefixtures("periods", "wp3")
def test_an_export_asked_in_german_is_built_and_rendered_in_german(client, viewer, spy):
    client.force_login(viewer)

    client.post(export_url(fmt="html"), {"language": "de"})

    export = Export.objects.get()
    assert export.language == "de" and export.status == Export.Status.DONE
    assert spy == {"build": ["de"], "render": ["de"]}
    assert '<html lang="de">' in bytes(export.content).decode()
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert '<span id="export-language">headings in Deutsch</span>' in page
    listing = client.get(index_url(period=2)).content.decode()
    assert "<td>Deutsch</td>" in listing


@pytest.mark.usefixtures("periods", "wp3")
def test_an_export_in_another_language_is_not_reused_for_english(client, viewer):
    client.force_login(viewer)

    client.post(export_url(fmt="html"), {"language": "de"})
    client.post(export_url(fmt="html"))
    client.post(export_url(fmt="html"), {"language": "en-gb"})

    assert sorted(Export.objects.values_list("language", flat=True)) == ["de", "en-gb"]


@pytest.mark.usefixtures("periods", "wp3")
def test_a_language_that_is_not_offered_is_refused_naming_the_field(client, viewer):
    client.force_login(viewer)

    response = client.post(export_url(fmt="html"), {"language": "xx"})

    not_a_date = client.post(
        export_url("progress", 1, "html"), {"report_date": "June 2021", "language": "de"}
    )

    assert response.status_code == 400
    assert response.content.decode().startswith("Language of the headings: Select a valid choice.")
    assert not_a_date.status_code == 400 and not_a_date.content.decode().startswith("Report date: ")
    assert Export.objects.count() == 0


@pytest.mark.usefixtures("periods", "wp3")
def test_the_reports_page_offers_the_language_and_passes_it_to_the_downloads(client, viewer):
    client.force_login(viewer)

    default = client.get(index_url(period=2)).content.decode()
    german = client.get(index_url(period=2) + "&language=de").content.decode()

    assert '<select name="language"' in default and "the agency reads the reports in English" in default
    assert '<input type="hidden" name="language" value="de">' not in default
    assert '<input type="hidden" name="language" value="de">' in german
    assert reverse("reports:preview", args=["ELCA", "d32", 2]) + "?language=de" in german


@pytest.mark.usefixtures("periods", "wp3")
def test_the_preview_is_in_english_from_a_german_ui_unless_asked(client, viewer, spy):
    client.force_login(viewer)
    url = reverse("reports:preview", args=["ELCA", "d32", 2])

    with translation.override("de"):
        english = client.get(url)
    german = client.get(url + "?language=de").content.decode()
    bad = client.get(url + "?language=xx")

    assert english.status_code == 200 and spy["build"] == ["en-gb", "de"]
    assert "Table 0. Performance indicators for work package 3" in english.content.decode()
    assert '<input type="hidden" name="language" value="de">' in german
    assert bad.status_code == 400 and b"Language of the headings" in bad.content


@pytest.mark.usefixtures("wp3")
def test_the_headings_follow_the_chosen_language_and_the_records_do_not(project, periods):
    """The builder's fixed texts follow the language it runs in (the German catalogue), the records' texts
    do not."""
    EngagementFactory(project=project, name="Cluster Nord")
    title = "Table 0. Performance indicators for work package 3"
    with translation.override("de"):
        german_title = translation.gettext(title)
    assert german_title != title

    german = formats.build("d32", project, periods[1], language="de")
    english = formats.build("d32", project, periods[1])

    assert german["tables"][0]["title"] == german_title
    assert english["tables"][0]["title"] == title
    assert german["tables"][1]["rows"][0]["cells"][0] == "Cluster Nord"  # a record's name: data


@pytest.mark.usefixtures("periods", "wp3")
def test_the_cli_writes_english_unless_given_a_language(tmp_path, german_ui):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    english, german = tmp_path / "en.html", tmp_path / "de.html"
    call_command("export_report", "d32", "ELCA", "--format", "html", "--output", str(english))
    call_command(
        "export_report", "d32", "ELCA", "--format", "html", "--output", str(german), "--language", "de"
    )

    assert '<html lang="en">' in english.read_text(encoding="utf-8")
    assert '<html lang="de">' in german.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="--language xx is not one of settings.LANGUAGES"):
        call_command(
            "export_report", "d32", "ELCA", "--format", "html", "--output", str(german), "--language", "xx"
        )
