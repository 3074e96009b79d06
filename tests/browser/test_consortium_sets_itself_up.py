"""Issue 15, done means: a coordinator who is not a superuser, after a superuser created the project and named
them, sets up a consortium of 4 partners, 4 periods and 6 people with roles (who accept their invitations),
adds the call indicators from the template and one own indicator counting trainings, records events through
a form and an import, and sees the right numbers per period on the dashboard, without the admin.

The pages the coordinator opens and the minutes it takes are printed (pytest -s) for the issue's note.
"""

import csv
import io
import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from consortium.models import Membership, Partner
from imports.models import ImportRun
from imports.tasks import apply_import
from kpis.models import CountingRule, Indicator
from tests.browser.test_set_up_project import fill_new_project
from tests.factories import UserFactory
from tests.imports.setup_helpers import PARTNERS, PEOPLE, workbook
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests/factories.py
NEW_PASSWORD = "Quiet-harbour-7421"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE_ROWS = [
    ["lea@nova.example", "Lea", "NOV", "Partner staff"],
    ["sam@sud.example", "Sam", "SUD", "Partner staff"],
    ["eva@est.example", "Eva", "EST", "Partner staff"],
    ["ole@nor.example", "Ole", "NOR", "Partner staff"],
    ["tom@sud.example", "Tom", "SUD", "Task leader"],
    ["officer@agency.example", "", "", "Viewer"],
]


def create_project(page, base_url):
    """The superuser's part: the project, its coordinating partner, its coordinator (nina)."""
    log_in(page, base_url, "admin", "password")
    fill_new_project(page, months=24)
    page.get_by_label("Coordinator", exact=True).fill("nina")
    page.get_by_role("button", name="Create the project").click()
    expect(page.locator('[data-step="period"] .badge')).to_have_text("4")
    page.get_by_role("button", name="Log out").click()


def set_up_book() -> bytes:
    return workbook(
        {
            "Partners": [
                PARTNERS,
                [1, "NOV", "Nova Cluster Association", "PT", "yes"],
                [2, "SUD", "Sud Cluster", "FR", ""],
                [3, "EST", "Est Cluster", "PL", ""],
                [4, "NOR", "Nor Cluster", "SE", ""],
            ],
            "People to invite": [PEOPLE, *PEOPLE_ROWS],
        }
    )


def accept(browser, link, first_name):
    """The invited person's part, in their own browser: a password, and the second step where asked."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    page.get_by_label("First name").fill(first_name or "Project")
    page.get_by_label("Last name").fill("Officer" if not first_name else "Nova")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    if "/two-step/" in page.url:
        key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
        page.get_by_label("Code from the app").fill(f"{TOTP(key).token():06d}")
        page.get_by_role("button", name="Turn on two-step login").click()
        page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="NOVA")).to_be_visible()
    return context, page


def events_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Name", "Responsible", "Category", "Date"])
    writer.writerow(["T2", "Training on joining", "SUD", "Training", "20.09.2021"])  # P2
    writer.writerow(["T3", "Training on recycling", "SUD", "training", "Apr 2022"])  # P3
    writer.writerow(
        ["M1", "B2B matchmaking in Lisbon", "SUD", "Cluster & business matchmaking meeting", "05.05.2022"]
    )
    return buffer.getvalue().encode()


def achieved(page, base_url, period, code) -> str:
    page.goto(f"{base_url}/projects/NOVA/dashboard/?period={period}")
    return page.locator(f'tr[data-code="{code}"] [data-achieved]').inner_text().strip()


def test_a_coordinator_sets_up_a_consortium_without_the_admin(live_server, page, browser, admin_user):
    base = live_server.url
    UserFactory(username="nina", email="nina@nova.example")
    create_project(page, base)

    # -- the coordinator, from here on: every page she opens is counted ------------------------------------
    opened = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and opened.append(frame.url))
    started = time.monotonic()
    log_in(page, base, "nina", PASSWORD)
    expect(page.locator('[data-step="partners"]')).to_have_attribute("data-done", "no")

    # Partners and people from one workbook.
    page.goto(f"{base}/projects/NOVA/setup/")
    page.get_by_role("link", name="Set up from one workbook").click()
    page.get_by_label("Set-up workbook (Excel .xlsx)").set_input_files(
        files=[{"name": "nova.xlsx", "mimeType": XLSX, "buffer": set_up_book()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#summary")).to_contain_text("Partners: 4 rows: 3 new")
    page.get_by_role("button", name="Import it").click()
    expect(page.get_by_role("status")).to_contain_text("Imported")
    links = {
        email: page.locator(f'[data-invited="{email}"] input').input_value() for email, *_ in PEOPLE_ROWS
    }
    assert all(re.search(r"/accounts/invitation/", link) for link in links.values())

    # A category of the consortium's own work plan: trainings, counted as preparatory events.
    page.goto(f"{base}/projects/NOVA/setup/")
    page.get_by_role("link", name="Event categories").click()
    page.get_by_role("link", name="Add a category").click()
    page.locator("#id_name").fill("Training")
    page.locator("#id_report_type").select_option("preparatory")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#rows")).to_contain_text("Training")

    # The call indicators from the programme template.
    page.goto(f"{base}/projects/NOVA/setup/")
    page.get_by_role("link", name="Indicators", exact=True).click()
    page.get_by_role("link", name="Add a set from a template").click()
    page.get_by_role("button", name="Add “Call indicators”").click()
    expect(page.locator("body")).to_contain_text("CALL-7")

    # A rule counting trainings, checked before it is saved, and an own indicator counted by it.
    page.get_by_role("link", name="Counting rules").first.click()
    page.get_by_role("link", name="New counting rule").click()
    page.locator("#id_title").fill("Trainings held")
    page.locator('#record-kinds input[value="event"]').check()
    page.locator("#kind-event").get_by_label("Training", exact=True).check()
    page.get_by_role("button", name="Show what it counts").click()
    expect(page.locator("#statement")).to_have_text(
        "Counts events whose event category is Training, each placed by its event date."
    )
    page.get_by_role("button", name="Save rule").click()
    page.goto(f"{base}/projects/NOVA/indicators/")
    page.get_by_role("link", name="New empty set").click()
    page.locator("#id_code").fill("OWN")
    page.locator("#id_title").fill("Our work plan")
    page.get_by_role("button", name="Save set").click()
    page.locator("section, div").filter(has_text="Our work plan").get_by_role(
        "link", name="Add indicator"
    ).last.click()
    page.locator("#id_code").fill("OWN-1")
    page.locator("#id_title").fill("Number of trainings held")
    page.locator('input[name="mode"][value="counted"]').check()
    page.locator("#id_counting_rule").select_option(label="Trainings held")
    page.locator("#id_target").fill("4")
    page.get_by_role("button", name="Save indicator").click()
    expect(page.locator("body")).to_contain_text("OWN-1")
    minutes = (time.monotonic() - started) / 60
    pages = len(opened)

    # -- the six people accept; one records a training on the form, another imports three events ----------
    contexts = {}
    for email, first_name, *_ in PEOPLE_ROWS:
        contexts[email] = accept(browser, links[email], first_name)
    memberships = Membership.objects.filter(project__acronym="NOVA")
    assert sorted(memberships.values_list("role", flat=True)) == sorted(
        ["coordinator", "staff", "staff", "staff", "staff", "task_leader", "viewer"]
    )
    _, lea = contexts["lea@nova.example"]
    lea.goto(f"{base}/events/new/")
    lea.locator("#id_category").select_option(label="Training")
    lea.locator("#id_name").fill("Training on composites")
    lea.locator("#id_date").fill("15.03.2021")  # P1
    lea.get_by_role("button", name="Save", exact=True).click()
    expect(lea.get_by_role("heading", name="Training on composites")).to_be_visible()

    _, sam = contexts["sam@sud.example"]
    sam.goto(f"{base}/events/")
    sam.get_by_role("link", name="Import", exact=True).click()
    sam.get_by_label("What the file holds").select_option("events")
    sam.get_by_label("File (Excel .xlsx or CSV)").set_input_files(
        files=[{"name": "events.csv", "mimeType": "text/csv", "buffer": events_csv()}]
    )
    sam.get_by_label(re.compile(r"^\s*Add only")).check()
    sam.get_by_role("button", name="Upload and preview").click()
    expect(sam.locator('[data-count="created"]')).to_have_text("3")
    sam.get_by_role("button", name="Import 3 rows now").click()
    apply_import.call(ImportRun.objects.latest("pk").pk)  # what db_worker does
    expect(sam.locator("#imported li")).to_have_count(3, timeout=15_000)
    for context, _ in contexts.values():
        context.close()

    # -- the dashboard, period by period (the coordinator still logged in) -------------------------------
    assert [achieved(page, base, n, "OWN-1") for n in (1, 2, 3, 4)] == ["1", "2", "3", "3"]
    assert [achieved(page, base, n, "CALL-5") for n in (1, 2, 3, 4)] == ["0", "0", "1", "1"]
    # Trainings are the consortium's own category, not one of the call's four kinds of event.
    assert [achieved(page, base, n, "CALL-4") for n in (1, 2, 3, 4)] == ["0", "0", "1", "1"]
    expect(page.locator("#first-steps")).to_have_count(0)  # every step done: the checklist is gone

    assert list(Partner.objects.filter(project__acronym="NOVA").values_list("short_name", flat=True)) == [
        "NOV",
        "SUD",
        "EST",
        "NOR",
    ]
    assert Indicator.objects.filter(indicator_set__project__acronym="NOVA").count() == 8
    assert CountingRule.objects.get(name="trainings_held").conditions == [
        {"field": "category", "values": ["training"]}
    ]
    print(f"\nIssue 15 set-up by the coordinator: {pages} pages, {minutes:.1f} minutes (browser, automated)")
