"""Imports ask the web forms' questions (issue 12, security 1 and 3): review, who edits, whose records.

One rule each, on the model: PartnerRecord.reopen_review (a changed verified record goes back to review
unless a reviewer changed it), PartnerRecord.assign_responsible (only the coordinator chooses partners),
Organisation.assign_keeper (an entry's keeper is never taken by editing it), `editable_by` (who may
change a row).
"""

import pytest

from agreements.models import Agreement
from consortium.models import Organisation
from consortium.models.records import ReviewStatus
from events.models import Event
from imports.runs import import_apply, import_upload
from imports.service import run_import
from tests.factories import AgreementFactory, EventFactory, OrganisationFactory
from tests.imports.test_import_service import csv_bytes

pytestmark = pytest.mark.usefixtures("db")


def imported(project, user, data, **options):
    defaults = {"kind": "sme-sme-agreements", "filename": "agreements.csv", "dry_run": False, "update": True}
    return run_import(project=project, user=user, data=data, **(defaults | options))


def verified_agreement(project, *partners, name="Old name"):
    return AgreementFactory(
        project=project,
        kind="sme_sme",
        external_ref="R1",
        name=name,
        status="signed",
        responsible=list(partners),
        organisation=OrganisationFactory(project=project, name="Company 1"),
        review_status=ReviewStatus.VERIFIED,
    )


def row(name="New name", responsible="MAV"):
    return [["R1", name, responsible, "Company 1", "signed", ""]]


# -- security 1: the review workflow ---------------------------------------------------------------


def test_a_partners_update_import_sends_a_verified_record_back_to_review(project, mav, mav_staff):
    agreement = verified_agreement(project, mav)

    report = imported(project, mav_staff, csv_bytes(row()))

    agreement.refresh_from_db()
    assert (report.ok, report.updated) == (True, 1)
    assert (agreement.name, agreement.review_status) == ("New name", ReviewStatus.SUBMITTED)
    latest = agreement.history.first()
    assert latest.history_change_reason == "import of agreements.csv: sent back to review"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["name"] == ("Old name", "New name")
    assert changes["review_status"] == (ReviewStatus.VERIFIED, ReviewStatus.SUBMITTED)


@pytest.mark.parametrize("reviewer", ["task_leader", "coordinator"])
def test_a_reviewers_update_import_keeps_the_record_verified(project, mav, amz, reviewer, request):
    agreement = verified_agreement(project, mav)

    report = imported(project, request.getfixturevalue(reviewer), csv_bytes(row()))

    agreement.refresh_from_db()
    assert (report.ok, agreement.name, agreement.review_status) == (True, "New name", ReviewStatus.VERIFIED)
    assert agreement.history.first().history_change_reason == "import of agreements.csv"


def test_an_unchanged_row_leaves_a_verified_record_verified(project, mav, mav_staff):
    agreement = verified_agreement(project, mav, name="Same name")
    versions = agreement.history.count()

    report = imported(project, mav_staff, csv_bytes(row(name="Same name")))

    agreement.refresh_from_db()
    assert (report.skipped, report.updated) == (1, 0)
    assert agreement.review_status == ReviewStatus.VERIFIED
    assert agreement.history.count() == versions


PLATFORM = ["Organization", "Country", "Organization type", "Meetings"]
PEOPLE = [["Acme Composites", "ES", "SME", "4"], ["Fraunhofer LBF", "DE", "Research institute", "1"]]


def participant_import(project, event, user):
    run = import_upload(
        project=project,
        user=user,
        kind="participants",
        data=csv_bytes(PEOPLE, PLATFORM),
        filename="people.csv",
        update=True,
        event=event,
    )
    return run, import_apply(run=run)


@pytest.mark.parametrize(
    ("who", "status", "reason_end"),
    [
        ("mav_staff", ReviewStatus.SUBMITTED, "sent back to review"),
        ("task_leader", ReviewStatus.VERIFIED, "5 meetings"),
        ("coordinator", ReviewStatus.VERIFIED, "5 meetings"),
    ],
)
def test_a_participant_list_sends_a_verified_event_back_to_review_unless_a_reviewer_imports_it(
    project, mav, amz, who, status, reason_end, request
):
    event = EventFactory(
        project=project,
        category="matchmaking",
        responsible=[mav],
        participants_total=7,
        review_status=ReviewStatus.VERIFIED,
    )

    run, report = participant_import(project, event, request.getfixturevalue(who))

    event.refresh_from_db()
    assert (report.ok, event.participants_total, event.review_status) == (True, 2, status)
    assert event.history.first().history_change_reason.endswith(reason_end)


def test_a_participant_list_that_changes_nothing_leaves_the_event_verified(project, mav, mav_staff):
    event = EventFactory(project=project, category="matchmaking", responsible=[mav])
    participant_import(project, event, mav_staff)
    Event.objects.filter(pk=event.pk).update(review_status=ReviewStatus.VERIFIED)

    participant_import(project, event, mav_staff)

    event.refresh_from_db()
    assert (event.participants_total, event.review_status) == (2, ReviewStatus.VERIFIED)


# -- security 3: the same editing rules as the web forms -------------------------------------------

ORGANISATION_HEADERS = ["Name", "Acronym", "Type", "Country"]


def test_staff_cannot_take_over_an_unowned_organisation_by_importing_it(project, mav, mav_staff):
    unowned = OrganisationFactory(project=project, name="Acme", acronym="", owner=None)

    report = imported(
        project,
        mav_staff,
        csv_bytes([["Acme", "ACM", "sme", "ES"]], ORGANISATION_HEADERS),
        kind="organisations",
    )

    unowned.refresh_from_db()
    assert [p.message for p in report.problems] == [
        "'Acme' is kept by no partner; only the coordinator edits it"
    ]
    assert (unowned.owner_id, unowned.acronym) == (None, "")


def test_a_new_organisation_imported_by_staff_is_kept_by_their_partner(project, mav, mav_staff):
    report = imported(
        project,
        mav_staff,
        csv_bytes([["Acme", "ACM", "sme", "ES"]], ORGANISATION_HEADERS),
        kind="organisations",
    )

    assert report.created == 1
    assert Organisation.objects.get(name="Acme").owner == mav


def test_the_coordinator_edits_an_unowned_organisation_and_it_stays_unowned(project, amz, coordinator):
    unowned = OrganisationFactory(project=project, name="Acme", acronym="", owner=None)

    report = imported(
        project,
        coordinator,
        csv_bytes([["Acme", "ACM", "sme", "ES"]], ORGANISATION_HEADERS),
        kind="organisations",
    )

    unowned.refresh_from_db()
    assert (report.updated, unowned.acronym, unowned.owner_id) == (1, "ACM", None)


def test_staff_importing_a_shared_record_with_only_their_partner_keep_the_co_responsible(
    project, mav, amz, mav_staff
):
    agreement = verified_agreement(project, mav, amz)

    report = imported(project, mav_staff, csv_bytes(row(responsible="MAV")))

    agreement.refresh_from_db()
    assert (report.ok, agreement.name) == (True, "New name")
    assert sorted(agreement.responsible.values_list("short_name", flat=True)) == ["AMZ", "MAV"]


def test_a_shared_record_imported_unchanged_by_staff_is_skipped_and_stays_verified(
    project, mav, amz, mav_staff
):
    agreement = verified_agreement(project, mav, amz, name="Same name")

    report = imported(project, mav_staff, csv_bytes(row(name="Same name", responsible="MAV")))

    agreement.refresh_from_db()
    assert (report.skipped, agreement.review_status) == (1, ReviewStatus.VERIFIED)


def test_staff_cannot_add_a_partner_to_their_record_by_import(project, mav, amz, mav_staff):
    agreement = verified_agreement(project, mav)

    report = imported(project, mav_staff, csv_bytes(row(responsible="MAV, AMZ")))

    assert [(p.column, p.message) for p in report.problems] == [
        (
            "Responsible",
            "only the coordinator adds partners to a record, not AMZ; leave the Responsible cell as the "
            "record has it",
        )
    ]
    assert list(agreement.responsible.values_list("short_name", flat=True)) == ["MAV"]


def test_the_coordinator_chooses_the_partners_of_a_shared_record_by_import(project, mav, amz, coordinator):
    agreement = verified_agreement(project, mav, amz)

    imported(project, coordinator, csv_bytes(row(responsible="MAV")))

    assert list(agreement.responsible.values_list("short_name", flat=True)) == ["MAV"]


@pytest.mark.parametrize(
    ("column", "cell"), [("Signature date", "31.12.2099"), ("Expected date of signature", "2099")]
)
def test_a_date_outside_the_project_is_named_under_its_column(project, mav, coordinator, column, cell):
    headers = ["Reference", "Name", "Responsible", "Organisation", "Status", column]

    report = imported(project, coordinator, csv_bytes([["R9", "Far", "MAV", "Org", "signed", cell]], headers))

    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, column, cell)]
    assert "is outside this project's dates" in report.problems[0].message
    assert not Agreement.objects.filter(external_ref="R9").exists()
