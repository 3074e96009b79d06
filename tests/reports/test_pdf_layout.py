"""The PDF as a reviewer reads it (issue 14): no header word broken across lines ("Respons|ible"), and
column shares that give every header word its room."""

import pytest

from reports.d32 import build_d32
from reports.progress import build_progress
from reports.render import render_pdf
from reports.templatetags.report_cells import (
    CELL_PADDING_PT,
    HEADER_CHAR_PT,
    TEXT_WIDTH_PT,
    col_shares,
    printed_columns,
)
from tests.factories import AgreementFactory
from tests.reports.test_renderers import pdf_text


def broken_words(text: str, words: set[str]) -> list[str]:
    """Words of `words` that a line ends in the middle of, the next line going on with the rest."""
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for this, following in zip(lines, lines[1:], strict=False):
        for word in words:
            for cut in range(2, len(word) - 1):
                if this.endswith(word[:cut]) and following.startswith(word[cut:]):
                    found.append(f"{word[:cut]}|{word[cut:]}")
    return found


def header_words(ctx) -> set[str]:
    return {
        word
        for table in ctx["tables"]
        for column in printed_columns(table)
        for word in column["label"].replace("(", " ").replace(")", " ").split()
        if len(word) >= 6 and word.isalpha()
    }


@pytest.mark.parametrize("build", [build_d32, build_progress])
def test_no_header_word_is_broken_inside(project, periods, wp3, mav, build):
    AgreementFactory(project=project, kind="business", name="Business", responsible=[mav], status="signed")
    ctx = build(project, periods[-1])
    words = header_words(ctx)
    assert {"Responsible", "cumulated"} & words  # the words the issue saw broken

    text = pdf_text(render_pdf(ctx))

    assert broken_words(text, words) == []
    if build is build_d32:
        assert text.count("Responsible") >= 10  # Tables 2-11 each head a column with it, whole


@pytest.mark.parametrize("build", [build_d32, build_progress])
def test_every_column_is_as_wide_as_its_header_longest_word(project, periods, wp3, build):
    for table in build(project, periods[-1])["tables"]:
        shares = col_shares(table)
        page = TEXT_WIDTH_PT[bool(table.get("landscape"))]
        assert sum(shares) <= 100, table["key"]
        for column, share in zip(printed_columns(table), shares, strict=True):
            longest = max(len(word) for word in column["label"].split())
            if longest * HEADER_CHAR_PT + CELL_PADDING_PT <= 0.5 * page:  # a word that can fit at all
                assert share * page / 100 >= longest * HEADER_CHAR_PT + CELL_PADDING_PT, column["label"]
