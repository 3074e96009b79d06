"""The demo's project frame: the project, partners, periods, work plan, and the demo users."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo_credentials import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY
from accounts.models import DemoAccount
from accounts.twostep.policy import REQUIRED_ROLES
from consortium.models import (
    Deliverable,
    DueDateChange,
    Membership,
    Milestone,
    Partner,
    Project,
    ReportingPeriod,
    Task,
    WorkPackage,
)
from demo.rows import Rows, read


class FrameRows(Rows):
    # -- the frame ---------------------------------------------------------------------------------
    def load_project(self):
        data = read("project.yaml", self.dir)
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
                    "report_name": row.get("report_name", ""),
                    "former_name": row.get("former_name", ""),
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
            deliverable = self.upsert(
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
                    "status": row.get("status", Deliverable.Status.PENDING),
                    "submitted_on": row.get("submitted_on"),
                    "approved_on": row.get("approved_on"),
                    "comments": row.get("comments", ""),
                },
            )
            self.load_revisions(row, deliverable=deliverable)
        for row in data["milestones"]:
            milestone = self.upsert(
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
            self.load_revisions(row, milestone=milestone)
        self.load_users(data["users"])

    def load_revisions(self, row: dict, **item):
        """A deliverable's or milestone's due-date changes, in the file's order (the last one is current)."""
        for change in row.get("revisions", []):
            self.upsert(
                DueDateChange,
                {"project": self.project, **item, "to_month": change["to"]},
                {
                    "from_month": change.get("from"),
                    "reason": change.get("reason", ""),
                    "decided_on": change.get("decided_on"),
                },
            )

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
