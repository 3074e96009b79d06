"""Issue 18, point 6: a partner's staff member switches the pages to German, or to Polish, in the top bar;
the dashboard, a record form with its errors, and the e-mail the next reminder round sends them are in that
language. Expected words come from the catalogues themselves (a word the catalogue leaves English fails)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.models import Language
from consortium.vague_dates import VagueDateError, parse_vague_date
from kpis.catalogue import library_rule, rule_library
from kpis.models import Indicator, IndicatorSet
from notifications import kinds
from notifications.models import Notification
from tests.notifications.conftest import returned
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests.factories.UserFactory's
NAMES = {"de": "Deutsch", "pl": "Polski"}
BAD_DATE = "31.02.2022"


def _in(language, *english):
    """The words of the catalogue of `language`; each must differ from the English (it is translated)."""
    with translation.override(language):
        words = [gettext(text) for text in english]
    for text, word in zip(english, words, strict=True):
        assert word != text, f"{text!r} is not translated in {language}"
    return words


@pytest.mark.parametrize("language", ["de", "pl"])
def test_a_partner_works_in_their_language(
    language, browser, live_server, settings, project, periods, mav, mav_staff, task_leader
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = live_server.url
    mav_staff.email = "mav@example.org"
    mav_staff.save()
    indicators = IndicatorSet.objects.create(project=project, code="T", title="Test indicators", position=1)
    Indicator.objects.create(
        indicator_set=indicators,
        code="T-1",
        position=1,
        title="Agreements signed",
        mode=Indicator.Mode.COUNTED,
        counting_rule=library_rule(project, next(iter(rule_library()))),
        target=4,
    )
    context = browser.new_context(locale="en-GB")
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")

    # The language menu of the top bar: the globe and "EN"; each language named in its own words.
    page.get_by_role("button", name=re.compile("^Language")).click()
    page.get_by_role("button", name=NAMES[language]).click()

    expect(page.locator("html")).to_have_attribute("lang", language)
    records, reports, log_out = _in(language, "Records", "Reports", "Log out")
    nav = page.locator("nav.navbar")
    for word in (records, reports, log_out):
        expect(nav).to_contain_text(word)
    assert Language.objects.get(user=mav_staff).code == language

    # The dashboard: headings and column names in the language; the indicators' names are data.
    page.goto(live_server.url + reverse("kpis:dashboard", args=[project.acronym]))
    target, achieved = _in(language, "Target", "Achieved")
    table = page.locator("table").first
    expect(table).to_contain_text(target)
    expect(table).to_contain_text(achieved)

    # A record form with errors: the field left empty and a date that does not exist.
    page.goto(live_server.url + reverse("agreements:agreement_create"))
    page.locator("[name=signed_date]").fill(BAD_DATE)
    (save,) = _in(language, "Save")
    page.get_by_role("button", name=save, exact=True).click()
    with translation.override(language):
        required = gettext("This field is required.")
        with pytest.raises(VagueDateError) as bad_date:
            parse_vague_date(BAD_DATE)
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    errors = page.locator("form.record-form").inner_text()
    assert required in errors
    assert str(bad_date.value) in errors
    with translation.override("en-gb"), pytest.raises(VagueDateError) as english:
        parse_vague_date(BAD_DATE)
    assert str(english.value) != str(bad_date.value)

    # An e-mail: a record of MAV returned by the task leader; the next round mails them in their language.
    Notification.objects.all().delete()
    mail.outbox.clear()
    returned(project, mav, task_leader, name="Harbour cluster MoU")
    call_command("send_reminders")

    (message,) = [m for m in mail.outbox if "Harbour cluster MoU" in m.body]
    notification = Notification.objects.get(user=mav_staff, kind="record_returned")
    with translation.override(language):
        line = kinds.line(notification)
    with translation.override("en-gb"):
        english_line = kinds.line(notification)
    assert line != english_line and line in message.body
    context.close()


def test_on_a_tablet_the_polish_top_bar_keeps_the_language_menu_on_the_screen(
    browser, live_server, settings, project, mav_staff
):
    """Polish and German menu words are long: between 768 and 991 px the one-row bar pushed the language
    menu off the right edge. Below 992 px the bar now folds into the menu button."""
    mav_staff.first_name, mav_staff.last_name = "Katarzyna", "Brzęczyszczykiewicz"
    mav_staff.save()
    context = browser.new_context(locale="en-GB", viewport={"width": 820, "height": 900})
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "pl", "url": live_server.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "pl")

    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    chooser = page.locator("#language-menu")
    expect(chooser).to_be_visible()
    box = chooser.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 820
    context.close()
