"""The formatting of report texts: what a writer may use survives, anything hostile does not."""

import re

import pytest

from narrative.markup import changed_numbers, number_codes, plain, to_html


def test_formatting_people_expect_survives():
    html = to_html(
        "**bold** *italic* ~~old~~\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://x.eu)"
    )
    for part in ("<strong>bold</strong>", "<em>italic</em>", "<s>old</s>", "<ol>", "<li>one</li>"):
        assert part in html
    assert "<table>" in html and "<td>2</td>" in html
    assert '<a href="https://x.eu" rel="noopener noreferrer nofollow">site</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "![x](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<style>body{display:none}</style>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_hostile_text_is_inert(hostile):
    html = to_html(hostile)
    assert "<script" not in html and "<iframe" not in html and "<style" not in html
    assert not re.search(r'<[a-z]+[^>]*(href|src)="javascript', html)  # a link or image never runs code
    assert not re.search(r"<[a-z]+[^>]*\son\w+=", html)  # no event attribute on any element


def test_numbers_are_the_engines_and_an_unknown_code_is_flagged():
    assert to_html("We signed [[CALL-2]] agreements; [[NOPE]].", numbers={"CALL-2": 4}) == (
        "<p>We signed 4 agreements; [?].</p>"
    )
    assert number_codes("[[A-1]] and [[B-2]] and [[A-1]]") == ["A-1", "B-2"]
    assert plain(" [[A-1]] done ", numbers={"A-1": 3.0}) == "3 done"


def test_a_changed_number_is_reported():
    assert changed_numbers({"A-1": 3, "B-2": 5}, {"A-1": 4, "B-2": 5}) == [
        {"code": "A-1", "then": 3, "now": 4}
    ]
    assert changed_numbers({"A-1": 3}, {}) == [{"code": "A-1", "then": 3, "now": None}]


def test_images_only_those_attached():
    html = to_html("![logo](image:3) ![other](image:4)", images={3: "/files/3/"})
    assert '<img src="/files/3/" alt="logo">' in html
    assert "image:4" not in html and "other" not in html
