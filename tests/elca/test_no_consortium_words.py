"""Nothing consortium-specific in code: the demo consortium's names are data, never code.

The words are read from the demo data so the list stays true: the project's acronym and its partners'
short names, aliases, report and former names (demo/elca/project.yaml), and the indicator sets' and
indicators' codes (demo/elca/indicators.yaml). They may appear in demo/, migrations/, tests/ and the
shipped data files, nowhere else a user could see them: the string literals of every Python module of our
apps (and of the project package elca/) and every template. Docstrings and comments are allowed (they are
not user-visible and often explain with the demo's names); template comments are not (simpler to forbid).
Words match whole and case-sensitively ("PLA" the former partner, not "pla" in "place").
"""

import ast
import re
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEMO = ROOT / "demo" / "elca"
SKIPPED_FOLDERS = {"demo", "migrations", "tests"}


def consortium_words() -> set[str]:
    """The demo consortium's acronym, partner names and indicator (set) codes, from its YAML."""
    frame = yaml.safe_load((DEMO / "project.yaml").read_text())
    words = {frame["project"]["acronym"]}
    for partner in frame["partners"]:
        words.add(partner["short_name"])
        words.update(partner.get(key) for key in ("report_name", "former_name") if partner.get(key))
        words.update(a.strip() for a in str(partner.get("aliases") or "").split(",") if a.strip())
    sets = yaml.safe_load((DEMO / "indicators.yaml").read_text())["sets"]
    for indicator_set in sets:
        words.add(indicator_set["code"])
        words.update(indicator["code"] for indicator in indicator_set["indicators"])
    return words


def word_pattern(words: set[str]) -> re.Pattern:
    # Longest first so "WP3-10" is reported whole rather than as "WP3-1"; the look-ahead makes a following
    # "-" or ".x" part of the word ("WP3" does not match inside "WP3-1"), while "1-RKW" still names RKW.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w-]|\.\w)")


def docstring_nodes(tree: ast.AST) -> set[int]:
    """id() of every docstring constant in a module (module, class and function docstrings)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def code_folders() -> list[Path]:
    folders = [Path(c.path) for c in apps.get_app_configs() if Path(c.path).parent == ROOT]
    return [*folders, ROOT / "elca"]


def python_modules():
    for folder in code_folders():
        for path in sorted(folder.rglob("*.py")):
            if not SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
                yield path


def template_files():
    roots = [ROOT / "templates", *(f / "templates" for f in code_folders())]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
                yield path


def hits_in_python(path: Path, pattern: re.Pattern, root: Path = ROOT):
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            for match in pattern.finditer(node.value):
                yield f"{path.relative_to(root)}:{node.lineno}: {match[0]!r} in {node.value[:80]!r}"


def hits_in_template(path: Path, pattern: re.Pattern):
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for match in pattern.finditer(line):
            yield f"{path.relative_to(ROOT)}:{number}: {match[0]!r} in {line.strip()[:80]!r}"


def test_the_word_list_is_read_from_the_demo_data():
    words = consortium_words()
    # A sample of what the demo's YAML names, so an empty or half-read list cannot pass the scan below.
    assert {"ELCA", "AMZ", "MECH", "BIC", "POL", "MAV", "RKW", "POLYM", "PLA"} <= words
    assert {"WP3", "CALL", "PRJ", "WP3-1", "WP3-10", "CALL-7", "PRJ-8"} <= words


def test_the_pattern_matches_whole_words_only():
    pattern = word_pattern({"WP3", "WP3-1", "PLA", "CALL"})
    assert [m[0] for m in pattern.finditer("WP3 and WP3-1, WP3-10 in place of PLA: CALL-7 or CALL.")] == [
        "WP3",
        "WP3-1",
        "PLA",
        "CALL",
    ]


def test_the_scan_sees_strings_but_not_docstrings_or_comments(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        '"""About ELCA."""\n# ELCA\ndef f():\n    """ELCA."""\n    return f"{1} ELCA", _("AMZ, EEN")\n'
    )
    hits = list(hits_in_python(module, word_pattern({"ELCA", "AMZ"}), root=tmp_path))
    assert [hit.split(" in ")[0] for hit in hits] == ["sample.py:5: 'ELCA'", "sample.py:5: 'AMZ'"]


def test_no_consortium_words_in_code_or_templates():
    pattern = word_pattern(consortium_words())
    hits = [hit for path in python_modules() for hit in hits_in_python(path, pattern)]
    hits += [hit for path in template_files() for hit in hits_in_template(path, pattern)]
    assert hits == []
