"""Issue 16, done means, in a real browser on the ELCA demo: two partners (amz, mech) write their
contributions to task 3.1, each with bold, a list, a number inserted with "Insert" and a hostile piece; MAV's
task leader accepts both, starts the task text from them and submits it; the coordinator accepts it, writes
the declaration, sees the before-freeze check, is refused without the confirmation, freezes with it and
downloads the frozen DOCX and PDF.

Read back: the DOCX's Heading 1/2 follow the report structure (narrative.structure.for_project), both
partners' texts are in the DOCX (bold kept) and the PDF, the number is the engine's, and the hostile parts
are inert everywhere: no script, event attribute or javascript: link in the HTML preview (and no dialog), no
javascript: hyperlink in the DOCX, no javascript: action in the PDF. Only reads touch the ORM.
"""

import io
import os
import re
import zipfile

import pytest
from docx import Document
from playwright.sync_api import expect

from consortium.models import Project
from demo.loader import DEMO_PASSWORD, load_demo
from narrative.models import Contribution, Status, Text
from narrative.structure import for_project
from narrative.views import current_numbers
from reports.models import FrozenReport
from tests.reports.test_renderers import pdf_text
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# SCREENSHOTS=dir saves the pages at 1366 and 390 px wide, to look at them (not needed for the test).
SCREENSHOTS = os.environ.get("SCREENSHOTS")
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
# In the page's DOM: no element a hostile text could have made live (inline script calling alert, an event
# attribute, a javascript: link, the <img src=x>).
LIVE_MARKUP = """() => ({
  scripts: [...document.scripts].filter(s => s.textContent.includes("alert")).length,
  onerror: document.querySelectorAll("[onerror]").length,
  javascript: [...document.querySelectorAll("a[href]")].filter(
    a => a.getAttribute("href").trim().toLowerCase().startsWith("javascript")).length,
  img: document.querySelectorAll('img[src="x"]').length,
})"""
INERT = {"scripts": 0, "onerror": 0, "javascript": 0, "img": 0}


def shot(page, name):
    if not SCREENSHOTS:
        return
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class People:
    """One browser context per person (their own cookies), every dialog recorded: none may open."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.dialogs, self.contexts = browser, base_url, [], []

    def page(self, username):
        context = self.browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        return log_in(page, self.base_url, username, DEMO_PASSWORD)

    def close(self):
        for context in self.contexts:
            context.close()


def body(partner: str, code: str) -> tuple[str, str]:
    """The text a partner types before and after inserting the number `code`."""
    before = (
        f"**{partner} matched three clusters** in the period.\n\n"
        f"- {partner} visit to Casablanca\n- {partner} joint webinar\n\n{partner} counted "
    )
    after = f" people reached in period five.\n\n{partner} hostile: {HOSTILE}"
    return before, after


def write_contribution(page, base_url, number, partner, code, name=""):
    page.goto(f"{base_url}/projects/ELCA/report-texts/{number}/")
    page.locator(f'[data-contribution="3.1-{partner}"]').get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(partner)
    before, after = body(partner, code)
    box = page.get_by_label("Text", exact=True)
    box.fill(before)
    box.press("End")
    page.get_by_role("button", name=f"Insert {code}", exact=True).click()
    expect(box).to_have_value(f"{before}[[{code}]]")
    box.press_sequentially(after[:12])  # typed at the cursor, after the inserted code
    box.fill(box.input_value() + after[12:])
    expect(box).to_have_value(f"{before}[[{code}]]{after}")
    if name:
        shot(page, name)
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator("#piece-heading + [data-status]")).to_have_text("Submitted")
    # The page shows the text as the report will: bold, the list, the number; the hostile part inert.
    saved = page.locator("#saved")
    expect(saved.locator("strong", has_text=f"{partner} matched three clusters")).to_be_visible()
    expect(saved.locator("li", has_text=f"{partner} joint webinar")).to_be_visible()
    assert page.evaluate(LIVE_MARKUP) == INERT


def test_two_partners_a_task_leader_and_the_coordinator_make_the_whole_report(
    browser, live_server, immediate_tasks
):
    load_demo()
    project = Project.objects.get(acronym="ELCA")
    periods = project.reporting_periods()
    period = periods[-1]  # the last period: the demo has no texts there
    assert not Text.objects.filter(period=period).exists()
    numbers, _ = current_numbers(project, period, periods)
    # The two largest numbers of the period: distinctive in the files.
    first, second = sorted((c for c, v in numbers.items() if isinstance(v, int)), key=lambda c: -numbers[c])[
        :2
    ]
    base = live_server.url
    people = People(browser, base)
    try:
        _partners_write(people, base, period.number, first, second)
        _task_leader_merges(people, base, period.number)
        docx_bytes, pdf_bytes = _coordinator_freezes(people, base, period.number)
    finally:
        people.close()
    assert people.dialogs == []

    frozen = FrozenReport.objects.get()
    assert (frozen.kind, frozen.period, frozen.frozen_by.username) == ("progress", period, "coordinator")
    _docx_reads_right(project, docx_bytes, {"AMZ": numbers[first], "MECH": numbers[second]})
    _pdf_reads_right(pdf_bytes, {"AMZ": numbers[first], "MECH": numbers[second]})


def _partners_write(people, base, number, first, second):
    write_contribution(people.page("amz"), base, number, "AMZ", first, name="write-contribution")
    write_contribution(people.page("mech"), base, number, "MECH", second)
    statuses = set(
        Contribution.objects.filter(period__number=number).values_list("partner__short_name", "status")
    )
    assert statuses == {("AMZ", Status.SUBMITTED), ("MECH", Status.SUBMITTED)}


def _task_leader_merges(people, base, number):
    page = people.page("taskleader")
    page.goto(f"{base}/projects/ELCA/report-texts/{number}/")
    page.locator('[data-task="3.1"]').get_by_role("link").click()
    task_url = page.url
    for partner in ("AMZ", "MECH"):
        page.locator(f'#contributions [data-contribution="{partner}"]').get_by_role(
            "link", name="Open to accept or return"
        ).click()
        page.get_by_role("button", name="Accept", exact=True).click()
        expect(page.locator("#piece-heading + [data-status]")).to_have_text("Accepted")
        page.goto(task_url)
    page.get_by_role("button", name="Start from the contributions").click()
    box = page.get_by_label("Text", exact=True)
    expect(box).to_have_value(re.compile(r"^\*\*AMZ\*\*\n.*\*\*MECH\*\*\n", re.DOTALL))
    shot(page, "write-task")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator("#piece-heading + [data-status]")).to_have_text("Submitted")
    assert page.evaluate(LIVE_MARKUP) == INERT  # the merged text and both contributions side by side

    page.goto(f"{base}/projects/ELCA/report-texts/{number}/")
    expect(page.locator('[data-task="3.1"] [data-status]')).to_have_text("Submitted")
    for partner in ("AMZ", "MECH"):
        expect(page.locator(f'[data-contribution="3.1-{partner}"] [data-status]')).to_have_text("Accepted")
    expect(page.locator('[data-contribution="3.1-BIC"] [data-status]')).to_have_text("Not started")
    shot(page, "texts")


def _coordinator_freezes(people, base, number):
    page = people.page("coordinator")
    page.goto(f"{base}/projects/ELCA/report-texts/{number}/")
    page.locator('[data-task="3.1"]').get_by_role("link").click()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#piece-heading + [data-status]")).to_have_text("Accepted")

    page.goto(f"{base}/projects/ELCA/report-texts/{number}/")
    page.get_by_role("link", name="The declaration").click()
    page.get_by_label("has fully achieved its objectives for the period;").check()
    page.get_by_label("Name and position of Co-ordinator's Legal Representative (LEAR)").fill(
        "Ana Lopes, president"
    )
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator("#declaration-choice, #choice-fully:checked")).to_have_count(1)
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#piece-heading + [data-status]")).to_have_text("Accepted")

    # The report's HTML preview: both texts, the hostile parts inert.
    page.goto(f"{base}/projects/ELCA/reports/progress/{number}/preview/")
    for partner in ("AMZ", "MECH"):
        expect(page.locator("strong", has_text=f"{partner} matched three clusters")).to_be_visible()
    assert page.evaluate(LIVE_MARKUP) == INERT
    assert "<script>alert" not in page.content() and "onerror=alert(1)>" not in page.content()

    page.goto(f"{base}/projects/ELCA/reports/?period={number}")
    page.locator('[data-report="progress"]').get_by_role("link", name="Freeze as submitted…").click()
    check = page.locator("#before-freeze")
    expect(check).to_contain_text("items are missing")
    expect(check).to_contain_text("I. Summary of progress to date: not written.")
    expect(check).to_contain_text("task 3.2: not written.")
    expect(check).not_to_contain_text("task 3.1")
    expect(check).not_to_contain_text("Declaration")
    missing = check.locator("li").count()
    shot(page, "freeze")

    page.get_by_label("I understand").check()
    page.get_by_role("button", name="as submitted").click()  # without "Freeze with N items missing"
    expect(page.get_by_role("alert").filter(has_text="to freeze anyway; nothing was frozen")).to_be_visible()
    assert not FrozenReport.objects.exists()

    confirm = page.get_by_label(re.compile(r"^Freeze with \d+ items missing$"))
    expect(confirm).to_have_accessible_name(f"Freeze with {missing} items missing")
    confirm.check()
    page.get_by_role("button", name="as submitted").click()
    # Freezing renders the report's files in the request here (immediate tasks): seconds on a busy machine.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "frozen report vs today's records", timeout=90_000
    )
    files = page.locator("#frozen-files")
    downloaded = []
    for fmt in ("DOCX", "PDF"):
        with page.expect_download() as download:
            files.get_by_role("link", name=fmt, exact=True).click()
        downloaded.append(download.value.path().read_bytes())
    return downloaded


def _docx_reads_right(project, content: bytes, numbers: dict):
    doc = Document(io.BytesIO(content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    expected = []
    for section in for_project(project).sections:
        if section.group:
            expected.append(("Heading 1", section.group))
        expected.append(("Heading 2", section.heading))
    assert headings == expected

    words = "\n".join(p.text for p in doc.paragraphs)
    bold = {r.text.strip() for p in doc.paragraphs for r in p.runs if r.bold}
    for partner, value in numbers.items():
        assert f"{partner} counted {value} people reached in period five." in words
        assert f"{partner} joint webinar" in words
        assert f"{partner} matched three clusters" in bold
    assert "Ana Lopes, president" in words and "☒ has fully achieved its objectives" in words
    links = [rel.target_ref for rel in doc.part.rels.values() if rel.is_external]
    assert not [link for link in links if link.strip().lower().startswith("javascript")]
    assert b"javascript:" not in _document_xml_attributes(content)


def _document_xml_attributes(content: bytes) -> bytes:
    """The attribute values of the DOCX's main part and its relationships (a link's target lives there)."""
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        xml = docx.read("word/_rels/document.xml.rels") + docx.read("word/document.xml")
    return b" ".join(re.findall(rb'="([^"]*)"', xml))


def _pdf_reads_right(content: bytes, numbers: dict):
    # No action in the PDF runs script or opens a javascript: address, whatever the text says.
    assert b"/JavaScript" not in content and b"/JS" not in content
    assert not re.search(rb"/URI\s*\(\s*javascript", content, re.IGNORECASE)
    words = " ".join(pdf_text(content).split())  # skips here, cleanly, where pdftotext is missing
    for partner, value in numbers.items():
        assert f"{partner} counted {value} people reached in period five." in words
        assert f"{partner} matched three clusters" in words
    # The hostile text, where it is printed at all, is printed as text ("<img src=x onerror=...>").
    assert "onerror" not in words or "<img src=x onerror=alert(1)>" in words
