"""Hostile text (R10, R11) and the checks that it came out harmless: HTML, XLSX and CSV."""

import csv
import io
from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Bounded and, by default, derandomized: CI runs the same examples every time. HYPOTHESIS_PROFILE=explore
# draws new ones (and more of them) on a developer's machine.
settings.register_profile(
    "security",
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore", parent=settings.get_profile("security"), derandomize=False, max_examples=50
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CLASSICS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "</textarea><script>alert(1)</script>",
    "=1+1",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "{{ request.user }}{% debug %}",
    "\u202eFDP.exe",  # right-to-left override
    "zero\u200bwidth\u200djoin\ufeff",
    "Zalgo e\u0301\u0302\u0303\u0304\u0305",
    "astral \U0001f600 \U0001d54f \U00020000",
    "bell\x07 vt\x0b ff\x0c esc\x1b",
]
LONG = ["<b>" + "x" * 400, "=" + "9" * 5000]

hostile_text = st.one_of(
    st.sampled_from(CLASSICS + LONG),
    st.tuples(st.sampled_from(FORMULA_START), st.text(max_size=30)).map("".join),
    st.text(st.characters(min_codepoint=1, max_codepoint=0x1F), min_size=1, max_size=20),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80),
    st.tuples(st.sampled_from(CLASSICS), st.text(max_size=10), st.sampled_from(CLASSICS)).map("".join),
)


class PageAudit(HTMLParser):
    """What a page would run or link if a text were inserted unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.hrefs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                self.hrefs.append(value or "")
                if (value or "").strip().lower().startswith(("javascript:", "data:text/html", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not values.get("src"):
            self.problems.append("an inline <script>")

    def handle_data(self, data):
        self.text.append(data)


def audit_html(html: str, texts=()) -> list[str]:
    """Problems with a page: executable markup, javascript: links, a stored text used as a link."""
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    for text in texts:
        if text.strip() and text.strip() in [h.strip() for h in parser.hrefs]:
            problems.append(f"{text!r} is used as a link")
    return problems


def page_text(html: str) -> str:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    return "".join(parser.text)


def audit_xlsx(content: bytes, texts=()) -> list[str]:
    """No formula cells; a text that looks like a formula is stored as text, as typed (or quoted)."""
    book = load_workbook(io.BytesIO(content))
    problems, strings = [], set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}")
                elif isinstance(cell.value, str):
                    strings.add(cell.value)
    joined = "\n".join(strings)
    for text in texts:
        visible = ILLEGAL_CHARACTERS_RE.sub("", text).strip()
        if visible.startswith(FORMULA_START[:4]) and len(visible) < 200 and visible not in joined:
            problems.append(f"{visible!r} is not in the workbook as text")
    return problems


def audit_csv(content: bytes) -> list[str]:
    """Every CSV cell that a spreadsheet would read as a formula is quoted with an apostrophe."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [f"CSV cell {value!r}" for row in rows for value in row if value.startswith(FORMULA_START)]
