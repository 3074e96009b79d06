"""Load the ELCA demo (demo/elca/*.yaml) into the database, idempotently.

Rows are matched by their natural keys (project acronym, partner short name, `external_ref` = the D3.2
table and row); a row is saved only when a value differs, so a second run writes nothing and adds no
history. The whole load is one transaction: a bad file leaves the database as it was.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C loader, where PyYAML has it, reads these files ten times faster than the pure-Python one
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo_credentials import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from accounts.models import DemoAccount
from accounts.twostep.policy import REQUIRED_ROLES
from agreements.models import Agreement, Engagement, SectorInvolvement
from consortium.models import (
    Deliverable,
    Membership,
    Milestone,
    Organisation,
    Partner,
    Project,
    ReportingPeriod,
    Sector,
    Task,
    WorkPackage,
)
from consortium.vague_dates import parse_vague_date
from events.models import Event, EventCountry
from kpis.models import Indicator, IndicatorSet, IndicatorTarget, PlanItem, ReportedValue
from missions.models import Mission

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo" / "elca"
# Demo only (DESIGN.md §7): a real installation creates its users with createsuperuser and the admin.
# The demo users share one published password and, where a second step is needed (coordinator,
# taskleader, admin), one published authenticator key (accounts.demo_credentials, which the deploy check
# also reads). Both names stay importable from here for the tests and the command.
__all__ = ["DEMO_DIR", "DEMO_PASSWORD", "DEMO_TOTP_SECRET", "DemoDataError", "LoadResult", "load_demo"]


class DemoDataError(ValueError):
    """A demo file refers to something that does not exist; the message names the file and the row."""


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Users of a demo name that existed and were not created by the demo: left exactly as they were.
    untouched_users: list[str] = field(default_factory=list)

    def count(self, model, created: bool, changed: bool):
        name = model._meta.verbose_name_plural
        if created:
            self.created[name] = self.created.get(name, 0) + 1
        elif changed:
            self.updated[name] = self.updated.get(name, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _read(name: str, directory: Path):
    path = directory / name
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SafeLoader) or []  # noqa: S506 - SafeLoader is the safe one


class Loader:
    def __init__(self, directory: Path):
        self.dir = directory
        self.result = LoadResult()

    # -- helpers -----------------------------------------------------------------------------------
    def upsert(self, model, keys: dict, values: dict, m2m: dict | None = None):
        obj = model.objects.filter(**keys).first()
        created = obj is None
        if created:
            obj = model(**keys)
        changed = False
        for name, value in values.items():
            if created or getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if created or changed:
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
        for name, targets in (m2m or {}).items():
            manager = getattr(obj, name)
            if {t.pk for t in manager.all()} != {t.pk for t in targets}:
                manager.set(targets)
                changed = True
        self.result.count(model, created, changed)
        return obj

    def partner(self, short_name: str, where: str) -> Partner:
        try:
            return self.partners[short_name]
        except KeyError:
            raise DemoDataError(f"{where}: '{short_name}' is not a partner of {self.project}") from None

    def organisation(self, name: str | None, where: str) -> Organisation | None:
        if not name:
            return None
        try:
            return self.organisations[name]
        except KeyError:
            raise DemoDataError(f"{where}: organisation '{name}' is not in organisations.yaml") from None

    def mission(self, title: str | None, where: str) -> Mission | None:
        if not title:
            return None
        try:
            return self.missions[title]
        except KeyError:
            raise DemoDataError(f"{where}: mission '{title}' is not in missions.yaml") from None

    def sector(self, name: str, where: str) -> Sector:
        try:
            return self.sectors[name]
        except KeyError:
            raise DemoDataError(f"{where}: sector '{name}' is not in sectors.yaml") from None

    @staticmethod
    def vague(text, where: str):
        try:
            return parse_vague_date(str(text)) if text else None
        except ValueError as exc:
            raise DemoDataError(f"{where}: {exc}") from None

    def record_values(self, row: dict, where: str) -> tuple[dict, dict]:
        """The fields every partner record shares, and its responsible partners."""
        values = {
            "name": row["name"],
            "consortium_led": bool(row.get("consortium", False)),
            "responsible_text": row.get("responsible_text") or "",
            "position": row.get("row") or 0,
        }
        responsible = [self.partner(short, where) for short in row.get("responsible") or []]
        return values, {"responsible": responsible}

    def dated_values(self, row: dict, where: str) -> dict:
        when = self.vague(row.get("date"), where)
        return {
            "date_start": when.start if when else None,
            "date_end": when.end if when else None,
            "date_precision": when.precision if when else "",
            "dates_location": row.get("dates_location") or "",
            "location": row.get("location") or "",
        }

    @staticmethod
    def ref(row: dict, prefix: str = "D3.2") -> str:
        return f"{prefix}-T{row['table']}-{row['row']}"

    # -- the frame ---------------------------------------------------------------------------------
    def load_project(self):
        data = _read("project.yaml", self.dir)
        p = data["project"]
        self.project = self.upsert(
            Project,
            {"acronym": p["acronym"]},
            {
                k: p[k]
                for k in (
                    "title",
                    "grant_number",
                    "programme",
                    "call_identifier",
                    "call_title",
                    "start_date",
                    "duration_months",
                    "extension_months",
                )
            },
        )
        self.partners = {}
        for row in data["partners"]:
            self.partners[row["short_name"]] = self.upsert(
                Partner,
                {"project": self.project, "short_name": row["short_name"]},
                {
                    "number": row["number"],
                    "legal_name": row["legal_name"],
                    "country": row["country"],
                    "is_coordinator": row.get("coordinator", False),
                    "aliases": row.get("aliases", ""),
                },
            )
        self.periods = {}
        for row in data["periods"]:
            self.periods[row["number"]] = self.upsert(
                ReportingPeriod,
                {"project": self.project, "number": row["number"]},
                {"start_date": row["start"], "end_date": row["end"]},
            )
        wps = {}
        for row in data["work_packages"]:
            lead = self.partner(row["lead"], "work_packages") if row.get("lead") else None
            wps[row["number"]] = self.upsert(
                WorkPackage,
                {"project": self.project, "number": row["number"]},
                {
                    "title": row["title"],
                    "lead": lead,
                    "start_month": row.get("start_month"),
                    "end_month": row.get("end_month"),
                },
            )
        for row in data["tasks"]:
            lead = self.partner(row["lead"], "tasks") if row.get("lead") else None
            self.upsert(
                Task,
                {"work_package": wps[row["wp"]], "code": row["code"]},
                {
                    "title": row["title"],
                    "lead": lead,
                    "start_month": row.get("start_month"),
                    "end_month": row.get("end_month"),
                },
                m2m={"participants": [self.partner(s, "tasks") for s in row.get("participants", [])]},
            )
        for row in data["deliverables"]:
            self.upsert(
                Deliverable,
                {"project": self.project, "code": row["code"]},
                {
                    "title": row["title"],
                    "work_package": wps[row["wp"]],
                    "lead": self.partner(row["lead"], row["code"]),
                    "type": row.get("type", ""),
                    "dissemination": row.get("dissemination", ""),
                    "due_month": row.get("due_month"),
                    "due_text": row.get("due_text", ""),
                    "delivered_on": row.get("delivered_on"),
                    "comments": row.get("comments", ""),
                },
            )
        for row in data["milestones"]:
            self.upsert(
                Milestone,
                {"project": self.project, "number": row["number"]},
                {
                    "title": row["title"],
                    "due_month": row.get("due_month"),
                    "due_text": row.get("due_text", ""),
                    "achieved": row.get("achieved", False),
                    "achieved_on": row.get("achieved_on"),
                    "comments": row.get("comments", ""),
                },
            )
        self.load_users(data["users"])

    def load_users(self, users: list[dict]):
        """Create the demo users that do not exist; bring up to date only those the demo created.

        A user of the same name that the demo did not create (no DemoAccount row) is never touched: no
        password, no demo authenticator, no role in the demo project. Giving a real account the published
        password or key would open it to anyone who read the README.
        """
        user_model = get_user_model()
        names = [row["username"] for row in users]
        existing = {user.username: user for user in user_model.objects.filter(username__in=names)}
        made_by_demo = set(
            DemoAccount.objects.filter(user__username__in=names).values_list("user__username", flat=True)
        )
        hashed = None  # hashing is deliberately slow: do it once for all demo users
        for row in users:
            user = existing.get(row["username"])
            if user is None:
                user = user_model(
                    username=row["username"],
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    email=f"{row['username']}@{DEMO_EMAIL_DOMAIN}",
                )
                user.is_staff = user.is_superuser = bool(row.get("superuser"))
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                user.save()
                DemoAccount.objects.create(user=user)
                self.result.count(user_model, created=True, changed=False)
            elif user.username not in made_by_demo:
                self.result.untouched_users.append(user.username)
                continue
            if user.is_superuser or row.get("role") in REQUIRED_ROLES:
                self.upsert(
                    TOTPDevice,
                    {"user": user, "name": "Demo authenticator"},
                    {"key": DEMO_TOTP_KEY, "confirmed": True},
                )
            if not row.get("role"):
                continue
            partner = self.partner(row["partner"], "users") if row.get("partner") else None
            self.upsert(
                Membership, {"user": user, "project": self.project}, {"partner": partner, "role": row["role"]}
            )

    # -- vocabulary and directory --------------------------------------------------------------------
    def load_directory(self):
        self.sectors = {}
        for row in _read("sectors.yaml", self.dir):
            self.sectors[row["name"]] = self.upsert(
                Sector, {"name": row["name"]}, {"is_mobility": row["mobility"]}
            )
        self.organisations = {}
        for row in _read("organisations.yaml", self.dir):
            where = f"organisations.yaml '{row['name']}'"
            member_of = self.partner(row["member_of"], where) if row.get("member_of") else None
            self.organisations[row["name"]] = self.upsert(
                Organisation,
                {"project": self.project, "name": row["name"]},
                {
                    "acronym": row.get("acronym") or "",
                    "type": row.get("type") or Organisation.Type.OTHER,
                    "country": row.get("country") or "",
                    "website": row.get("website") or "",
                    "description": row.get("description") or "",
                    "member_of": member_of,
                },
                m2m={"sectors": [self.sector(s, where) for s in row.get("sectors") or []]},
            )

    # -- records -----------------------------------------------------------------------------------
    def load_missions(self):
        self.missions = {}
        for number, row in enumerate(_read("missions.yaml", self.dir), start=1):
            where = f"missions.yaml '{row['title']}'"
            participants = [self.partner(s, where) for s in row.get("participants") or []]
            values = {
                "name": row["title"],
                "target_market": row["target_market"],
                "country": row["country"],
                "kind": row.get("kind") or Mission.Kind.EXPLORATORY,
                "notes": row.get("notes") or "",
                "consortium_led": True,
                "responsible_text": "ELCA",
                "position": number,
                "description": row.get("description") or "",
                **self.dated_values(row, where),
            }
            self.missions[row["title"]] = self.upsert(
                Mission,
                {"project": self.project, "external_ref": f"MISSION-{number}"},
                values,
                m2m={"participants": participants},
            )

    def load_engagements(self):
        for row in _read("engagements.yaml", self.dir):
            where = f"engagements.yaml row {row['row']}"
            values, m2m = self.record_values(row, where)
            values |= self.dated_values(row, where) | {
                "organisation": self.organisation(row["organisation"], where),
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
            }
            self.upsert(Engagement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m)

    def load_agreements(self):
        for row in _read("agreements.yaml", self.dir):
            where = f"agreements.yaml table {row['table']} row {row['row']}"
            values, m2m = self.record_values(row, where)
            expected = self.vague(row.get("expected_date"), where)
            signed = self.vague(row.get("signed_date"), where)
            countries = row.get("countries") or []
            values |= {
                "kind": row["kind"],
                "status": row["status"],
                "organisation": self.organisation(row.get("organisation"), where),
                "other_organisation": self.organisation(row.get("other_organisation"), where),
                "country": countries[0] if countries else "",
                "description": row.get("description") or "",
                "date_text": row.get("date_text") or "",
                "expected_start": expected.start if expected else None,
                "expected_end": expected.end if expected else None,
                "expected_precision": expected.precision if expected else "",
                "signed_start": signed.start if signed else None,
                "signed_end": signed.end if signed else None,
                "signed_precision": signed.precision if signed else "",
                "dates_location": row.get("dates_location") or "",
                "location": row.get("location") or "",
                "expectations_results": row.get("expectations_results") or "",
                "mission": self.mission(row.get("mission"), where),
            }
            self.upsert(Agreement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m)

    def load_events(self):
        for row in _read("events.yaml", self.dir):
            where = f"events.yaml table {row.get('table')} row {row['row']}"
            values, m2m = self.record_values(row, where)
            organisations = row.get("organisations") or (
                [row["organisation"]] if row.get("organisation") else []
            )
            m2m["organisations"] = [self.organisation(name, where) for name in organisations]
            values |= self.dated_values(row, where) | {
                "category": row["category"],
                "report_type": row.get("report_type") or "",
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
                "mission": self.mission(row.get("mission"), where),
                **{
                    f"participants_{kind}": row.get(f"participants_{kind}")
                    for kind in ("smes", "clusters", "rtos", "policy", "total")
                },
            }
            ref = self.ref(row) if row.get("table") else f"PR-{row['category']}-{row['row']}"
            created_before = self.result.created.get(Event._meta.verbose_name_plural, 0)
            event = self.upsert(Event, {"project": self.project, "external_ref": ref}, values, m2m)
            just_created = self.result.created.get(Event._meta.verbose_name_plural, 0) > created_before
            wanted = set(row.get("countries") or [])
            have = set(event.target_countries.values_list("country", flat=True))
            if wanted != have:
                event.target_countries.exclude(country__in=wanted).delete()
                EventCountry.objects.bulk_create(EventCountry(event=event, country=c) for c in wanted - have)
                if not just_created:
                    self.result.count(Event, created=False, changed=True)

    def load_sector_involvements(self):
        for row in _read("sector_involvements.yaml", self.dir):
            where = f"sector_involvements.yaml row {row['row']}"
            values, m2m = self.record_values(row, where)
            m2m["sectors"] = [self.sector(name, where) for name in row.get("sectors") or []]
            values |= self.dated_values(row, where) | {
                "organisation": self.organisation(row.get("organisation"), where),
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
            }
            self.upsert(
                SectorInvolvement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m
            )

    # -- indicators and plan -----------------------------------------------------------------------
    def load_indicators(self):
        for set_position, data in enumerate(_read("indicators.yaml", self.dir)["sets"], start=1):
            indicator_set = self.upsert(
                IndicatorSet,
                {"project": self.project, "code": data["code"]},
                {"title": data["title"], "source": data.get("source", ""), "position": set_position},
            )
            for position, row in enumerate(data["indicators"], start=1):
                target = row.get("target")
                indicator = self.upsert(
                    Indicator,
                    {"indicator_set": indicator_set, "code": row["code"]},
                    {
                        "position": position,
                        "title": row["title"],
                        "description": row.get("description", ""),
                        "mode": row["mode"],
                        "rule": row.get("rule", ""),
                        "target": target,
                        "target_text": row.get("target_text") or ("" if target is None else str(target)),
                    },
                )
                if row.get("per_partner") is not None:
                    for partner in self.partners.values():
                        self.upsert(
                            IndicatorTarget,
                            {"indicator": indicator, "partner": partner, "subtype": ""},
                            {"value": row["per_partner"]},
                        )
                for part in row.get("subtypes", []):
                    self.upsert(
                        IndicatorTarget,
                        {"indicator": indicator, "partner": None, "subtype": part["subtype"]},
                        {"subtype_label": part["label"], "value": part["value"]},
                    )
                for value in row.get("reported", []):
                    self.upsert(
                        ReportedValue,
                        {"indicator": indicator, "period": self.periods[value["period"]]},
                        {"value": value["value"], "comment": value.get("comment", "")},
                    )

    def load_plan(self):
        for row in _read("plan.yaml", self.dir):
            where = f"plan.yaml row {row['row']}"
            self.upsert(
                PlanItem,
                {"project": self.project, "position": row["row"]},
                {
                    "month": row["month"],
                    "activity": row.get("activity") or "",
                    "status": row.get("status") or "",
                    "mission": self.mission(row.get("mission"), where),
                },
            )

    def run(self) -> LoadResult:
        self.load_project()
        self.load_directory()
        self.load_missions()
        self.load_engagements()
        self.load_agreements()
        self.load_events()
        self.load_sector_involvements()
        self.load_indicators()
        self.load_plan()
        return self.result


def load_demo(directory: Path = DEMO_DIR) -> LoadResult:
    """Load (or bring up to date) the demo project from `directory`, in one transaction.

    It does not look at DEBUG: the `load_demo` command refuses to run without it (the guard for
    operators); the tests and benchmarks call this on their own throwaway databases.
    """
    with transaction.atomic():
        return Loader(directory).run()
