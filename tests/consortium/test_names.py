"""One name normaliser (issue 13): the organisation form, the import and the participant lists agree."""

import re
from pathlib import Path

from consortium.names import fold, normalise_name

ROOT = Path(__file__).resolve().parents[2]


def test_a_name_ignores_case_accents_punctuation_and_spacing():
    assert normalise_name("Clúster  de Automoción-MAV") == "cluster de automocion mav"
    assert normalise_name("MAV-Spain") == normalise_name(" mav  spain") == "mav spain"


def test_fold_keeps_punctuation_for_words_that_need_it():
    assert fold("  Clúster   R&D ") == "cluster r&d"
    assert fold(None) == normalise_name(None) == ""


def test_no_module_folds_accents_on_its_own():
    # A second accent-folding loop is how the form and the import came to disagree on "MAV-Spain".
    skipped = {".git", ".venv", "node_modules", "static", "var", "tests"}  # installed, generated, or tests
    top = [p for p in ROOT.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in skipped]
    folders = [
        str(path.relative_to(ROOT))
        for folder in top
        for path in folder.rglob("*.py")
        if "migrations" not in path.parts and re.search(r"unicodedata\.combining", path.read_text())
    ]
    assert folders == ["consortium/names.py"]
