"""Finds user-visible strings that are not marked for translation (issue 18, STYLE.md 21).

Templates: the text between tags and the attributes people read (title, aria-label, placeholder, alt, and
the data-* attributes that carry a sentence for a script), outside {% translate %} / {% blocktranslate %},
comments, <script> and <style>. Python: the places Django shows a string to a person (a field's or
form's label and help text, choices, a validation error, a message, a table column), when the string is
written plainly instead of through gettext. What a string means is not judged: a word is a word.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "agreements",
    "backups",
    "communication",
    "consortium",
    "demo",
    "elca",
    "events",
    "imports",
    "kpis",
    "missions",
    "narrative",
    "notifications",
    "organisations",
    "portal",
    "reports",
    "setup",
    "workspace",
)

# Names of formats and products, the same in every language.
SAME_IN_EVERY_LANGUAGE = {
    "CSV",
    "Excel",
    "PDF",
    "DOCX",
    "XLSX",
    "iCalendar",
    "ICS",
    "HTML",
    "URL",
    "JSON",
    "API",
    "TOTP",
    "htmx",
    "OK",
}
WORD = re.compile(r"[^\W\d_]{2,}")
MASK = "\x00"
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description", "aria-valuetext"}


def _needs_words(text):
    """True when text has a word a person reads (not only a format's name, digits or punctuation)."""
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text.replace(MASK, " "))
    text = re.sub(r"\S*_\S*", " ", text)  # identifiers and settings (MFA_REQUIRED=0) are not words
    return any(word not in SAME_IN_EVERY_LANGUAGE for word in WORD.findall(text))


def template_files():
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    for folder in folders:
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


def _masked(source):
    """The template with every tag, variable and comment, and all of a translation block, replaced by a
    mask character of the same length (so line numbers stay), leaving the text a person would read."""
    out = []
    skipping = None
    for token in Lexer(source).tokenize():
        raw = token.contents
        if token.token_type == TokenType.TEXT and skipping is None:
            out.append(raw)
            continue
        if token.token_type == TokenType.BLOCK:
            name = raw.split(maxsplit=1)[0] if raw else ""
            if skipping is None and name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skipping = {"blocktrans": "endblocktrans", "blocktranslate": "endblocktranslate"}.get(
                    name, "end" + name
                )
            elif name == skipping:
                skipping = None
            length = len(raw) + 4
        elif token.token_type == TokenType.VAR or token.token_type == TokenType.COMMENT:
            length = len(raw) + 4
        else:
            length = len(raw)
        # Keep newlines, so the parser's line numbers are the file's.
        text = "{%" + raw + "%}" if token.token_type != TokenType.TEXT else raw
        newlines = text.count("\n")
        out.append(MASK * max(length - newlines, 1) + "\n" * newlines)
    return "".join(out)


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = []
        self._raw = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._raw += 1
        for name, value in attrs:
            if not value:
                continue
            visible = name in VISIBLE_ATTRIBUTES or (
                name.startswith("data-") and " " in value.replace(MASK, "").strip()
            )
            if visible and _needs_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.replace(MASK, "…")}"'))

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        if not self._raw and _needs_words(data):
            self.found.append((self.getpos()[0], " ".join(data.replace(MASK, "…").split())))


def unmarked_in_template(path):
    finder = _Finder()
    finder.feed(_masked(path.read_text()))
    finder.close()
    return [f"{path.relative_to(ROOT)}:{line}: {text}" for line, text in finder.found]


TRANSLATORS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "gettext_noop",
    "format_lazy",
}
SHOWN_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "label",
    "help_text",
    "empty_label",
    "empty_text",
    "title",
    "message",
    "placeholder",
}
SHOWN_DICT_KEYS = {"placeholder", "title", "aria-label", "label", "help_text"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error", "add_message"}
NOT_A_LABEL_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _plain(node):
    """The plain text of a constant or f-string written without gettext, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _needs_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return text if _needs_words(text) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _plain(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _plain(node.func.value)
    return None


class _PythonFinder(ast.NodeVisitor):
    def __init__(self, models=False):
        self.found = []
        self.models = models  # a models module: every field needs its verbose name, marked

    def _flag(self, node, why):
        text = _plain(node)
        if text is not None:
            self.found.append((node.lineno, f"{why}: {text!r}"))

    def visit_Call(self, node):
        name = _name(node.func)
        if name in TRANSLATORS:
            return  # what is inside is marked
        for keyword in node.keywords:
            if keyword.arg in SHOWN_KEYWORDS:
                self._flag(keyword.value, keyword.arg)
            if keyword.arg == "choices" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for choice in keyword.value.elts:
                    if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                        self._flag(choice.elts[1], "choice")
            if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    self._flag(value, "error message")
        if name == "ValidationError" and node.args:
            self._flag(node.args[0], "ValidationError")
        if name in MESSAGE_FUNCTIONS and isinstance(node.func, ast.Attribute):
            owner = _name(node.func.value)
            if owner == "messages" and len(node.args) >= 2:
                self._flag(node.args[-1] if name != "add_message" else node.args[2], "message")
        if name == "add_error" and len(node.args) >= 2:
            self._flag(node.args[1], "form error")
        if (
            (name.endswith("Field") or name == "Column" or name.endswith("Column"))
            and name not in NOT_A_LABEL_FIELDS
            and node.args
        ):
            self._flag(node.args[0], f"{name} label")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        """A translation function imported under a name xgettext does not know (`gettext_lazy as _lazy`):
        its strings look marked but never reach the catalogue, so the page stays English."""
        if node.module == "django.utils.translation":
            for alias in node.names:
                if alias.asname not in (None, "_", alias.name):
                    self.found.append(
                        (
                            node.lineno,
                            f"{alias.name} imported as {alias.asname!r}: makemessages does not read it",
                        )
                    )

    def visit_Dict(self, node):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in SHOWN_DICT_KEYS:
                self._flag(value, f"{key.value!r} entry")
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        if self.models:
            for statement in node.body:
                if self._field_without_verbose_name(statement):
                    name = statement.targets[0].id
                    self.found.append((statement.lineno, f"field {name!r} has no verbose_name (its label)"))
        if any(_name(base) in {"TextChoices", "IntegerChoices", "Choices"} for base in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    self._flag(statement.value.elts[-1], "choice")
        self.generic_visit(node)

    @staticmethod
    def _field_without_verbose_name(statement) -> bool:
        """A model field whose label Django would make from its name, in English, untranslatable."""
        if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)):
            return False
        call, kind = statement.value, _name(statement.value.func)
        if not (kind.endswith("Field") or kind in NOT_A_LABEL_FIELDS | {"ForeignKey"}):
            return False
        if not isinstance(statement.targets[0], ast.Name) or statement.targets[0].id.startswith("_"):
            return False
        labelled = any(k.arg == "verbose_name" for k in call.keywords)
        return not labelled and not (call.args and kind not in NOT_A_LABEL_FIELDS)


def python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "management" in parts:
                continue
            yield path


def unmarked_in_python(path):
    finder = _PythonFinder(models=path.name == "models.py" or path.parent.name == "models")
    finder.visit(ast.parse(path.read_text(), str(path)))
    return [f"{path.relative_to(ROOT)}:{line}: {text}" for line, text in sorted(finder.found)]


def unmarked():
    found = []
    for path in template_files():
        found += unmarked_in_template(path)
    for path in python_files():
        found += unmarked_in_python(path)
    return found


if __name__ == "__main__":
    # python -m tests.i18n.marking [path prefix ...]: what is left to mark, in the given files or folders.
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elca.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    prefixes = sys.argv[1:]
    left = [line for line in unmarked() if not prefixes or line.startswith(tuple(prefixes))]
    print("\n".join(left))
    print(f"{len(left)} unmarked", file=sys.stderr)
