"""Factories without surprises: each builds the least a valid row needs; tests say what matters to them."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from agreements.models import Agreement, Engagement
from consortium.models import Membership, Organisation, Partner, Project, ReportingPeriod
from events.models import Event
from missions.models import Mission


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    title = factory.LazyAttribute(lambda o: f"Project {o.acronym}")
    start_date = date(2020, 9, 1)
    duration_months = 24


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    short_name = factory.Sequence(lambda n: f"P{n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.short_name} cluster")
    country = "DE"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-password-1")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    project = factory.LazyAttribute(lambda o: o.partner.project if o.partner else ProjectFactory())
    partner = factory.SubFactory(PartnerFactory)
    role = Membership.Role.STAFF


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    number = 1
    start_date = date(2020, 9, 1)
    end_date = date(2021, 2, 28)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.CLUSTER


class _RecordFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Record {n}")

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible.set(extracted)


class AgreementFactory(_RecordFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = Agreement.Kind.CLUSTER_CLUSTER
    status = Agreement.Status.IDENTIFIED


class EngagementFactory(_RecordFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, project=factory.SelfAttribute("..project"))


class EventFactory(_RecordFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    category = Event.Category.NATIONAL_WORKSHOP


class MissionFactory(_RecordFactory):
    class Meta:
        model = Mission
        skip_postgeneration_save = True

    target_market = "India"
    country = "IN"

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)
