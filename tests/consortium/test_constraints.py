"""Invariants the database keeps, whatever code writes (STYLE.md habit 9)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from agreements.models import Agreement
from consortium.models import Partner, ReportingPeriod
from events.models import Event
from tests.factories import AgreementFactory, EventFactory, PartnerFactory


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_a_period_cannot_end_before_it_starts(project):
    refused(
        lambda: ReportingPeriod.objects.create(
            project=project, number=9, start_date=date(2021, 3, 1), end_date=date(2021, 2, 1)
        )
    )


def test_a_project_has_one_coordinator(project, amz):
    refused(lambda: PartnerFactory(project=project, number=7, short_name="XYZ", is_coordinator=True))
    assert Partner.objects.filter(project=project, is_coordinator=True).count() == 1


def test_only_a_signed_agreement_has_a_signature_date(project):
    refused(
        lambda: AgreementFactory(
            project=project,
            status=Agreement.Status.NOT_SIGNED,
            signed_start=date(2022, 1, 1),
            signed_end=date(2022, 1, 1),
            signed_precision="day",
        )
    )


def test_a_signed_agreement_may_lack_its_date(project):
    agreement = AgreementFactory(project=project, status=Agreement.Status.SIGNED)

    assert agreement.signed_date is None


def test_a_vague_date_is_complete_and_ordered(project):
    refused(lambda: EventFactory(project=project, date_start=date(2022, 1, 1)))
    refused(
        lambda: EventFactory(
            project=project, date_start=date(2022, 2, 1), date_end=date(2022, 1, 1), date_precision="day"
        )
    )


def test_the_participant_total_covers_its_kinds(project):
    refused(
        lambda: EventFactory(
            project=project, participants_smes=147, participants_rtos=23, participants_total=100
        )
    )
    event = EventFactory(project=project, participants_smes=147, participants_rtos=23, participants_total=184)
    assert Event.objects.get(pk=event.pk).participants_total == 184


def test_external_refs_are_unique_within_a_project(project):
    AgreementFactory(project=project, external_ref="D3.2-T3-1")
    refused(lambda: AgreementFactory(project=project, external_ref="D3.2-T3-1"))
    AgreementFactory(project=project, external_ref="")
    AgreementFactory(project=project, external_ref="")
