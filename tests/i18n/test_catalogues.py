"""Issue 18, point 6: the catalogues are complete and current. A string a person reads is marked for
translation; every marked string is in each language's catalogue, translated, not fuzzy; the compiled
catalogues (committed, so `make run` needs no gettext) are those of the .po files; placeholders survive."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.i18n.marking import APPS, ROOT, unmarked

LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The same options as `make messages` (Makefile).
MAKEMESSAGES = {"add_location": "file", "no_obsolete": True, "no_wrap": True, "verbosity": 0}
PLURAL_FORMS = {"de": 2, "it": 2, "fr": 2, "es": 2, "pl": 3}

MSGFMT = shutil.which("msgfmt") or "msgfmt"
needs_gettext = pytest.mark.skipif(
    not shutil.which("msgfmt") or not shutil.which("xgettext"),
    reason="gettext is not installed (apt-get install gettext): catalogue checks skipped",
)


def test_every_string_a_person_reads_is_marked_for_translation():
    assert unmarked() == []


def _entries(po_text: str) -> set[tuple[str, str, str]]:
    """(context, message, plural) of each entry of a .po file, the header left out."""
    found = set()
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields, current = {}, None
        for line in lines:
            match = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
        if fields.get("msgid"):
            found.add((fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", "")))
    return found


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), quoted[1:-1])


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_holds_exactly_the_marked_strings(language, fresh_catalogue):
    committed = _entries((LOCALE / language / "LC_MESSAGES" / "django.po").read_text())

    missing = fresh_catalogue - committed
    stale = committed - fresh_catalogue
    assert not missing, f"{len(missing)} not in {language} (make messages): {sorted(missing)[:5]}"
    assert not stale, f"{len(stale)} entries of {language} no longer in the code: {sorted(stale)[:5]}"


@needs_gettext
def test_no_message_holds_an_escape_xgettext_cannot_read(fresh_catalogue):
    """xgettext copies a Python "\\u201c" as those six characters, so the catalogue's message never matches
    the one the code asks for (with its real quotation mark) and the page stays English: write the
    character itself."""
    escaped = [message for _context, message, _plural in fresh_catalogue if re.search(r"\\[uUN]", message)]

    assert escaped == []


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """makemessages run on a copy of the code into an empty folder: what the catalogues should hold."""
    copy = tmp_path_factory.mktemp("messages")
    for folder in (*APPS, "templates"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    (copy / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[copy / "locale"]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=["de"], **MAKEMESSAGES)
    return _entries((copy / "locale" / "de" / "LC_MESSAGES" / "django.po").read_text())


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"

    result = subprocess.run(  # noqa: S603 - gettext's own program on our own file
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    # e.g. "2716 translated messages." — nothing fuzzy, nothing untranslated
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_files(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh_mo = str(tmp_path / "fresh.mo")
    subprocess.run([MSGFMT, "-o", fresh_mo, str(folder / "django.po")], check=True)  # noqa: S603 - as above

    with (folder / "django.mo").open("rb") as mo, (tmp_path / "fresh.mo").open("rb") as fresh_mo:
        committed, fresh = gettext.GNUTranslations(mo), gettext.GNUTranslations(fresh_mo)

    assert committed._catalog == fresh._catalog, f"locale/{language}: run `make messages` to compile"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_plural_forms(language):
    header = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text().split("\n\n", 1)[0]

    assert f"nplurals={PLURAL_FORMS[language]};" in header
    assert f'"Language: {language}\\n"' in header


def test_compilemessages_succeeds(tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("gettext is not installed (apt-get install gettext): compilemessages not checked")
    shutil.copytree(LOCALE, tmp_path / "locale")
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        call_command("compilemessages", verbosity=0)
    assert {p.parent.parent.name for p in Path(tmp_path / "locale").rglob("django.mo")} == set(LANGUAGES)
