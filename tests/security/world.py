"""The objects the security tests point URLs at, built on demand: each record kind owned by partner A
(AMZ) or B (MAV), their evidence, deleted records, exports, a frozen report, indicators and periods.

Records of any kind are built by tests/security/records.py.
"""

import hashlib
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from consortium.models import Membership
from kpis.catalogue import library_rule
from kpis.models import Indicator, IndicatorSet
from reports.models import Export, FrozenFile
from tests.factories import PeriodFactory
from tests.security.records import build_record, form_data, is_plan, pdf_bytes, serials
from workspace.history import record_delete
from workspace.kinds import RecordKind
from workspace.models import Evidence


class World:
    """Lazily built objects, keyed by what they are and whose (target "A" = AMZ, "B" = MAV)."""

    def __init__(self, project, amz, mav, users):
        self.project = project
        self.partners = {"A": amz, "B": mav}
        self.users = users  # persona name -> user
        self._made = {}
        self.periods = [
            PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28)),
            PeriodFactory(project=project, number=2, start_date=date(2021, 3, 1), end_date=date(2022, 8, 31)),
        ]
        wp3 = IndicatorSet.objects.create(
            project=project, code="WP3", title="WP3 performance indicators", report_section="d32_table0"
        )
        self.counted = Indicator.objects.create(
            indicator_set=wp3,
            code="WP3-2",
            position=2,
            title="Number of Cluster Cooperation Agreements",
            mode=Indicator.Mode.COUNTED,
            counting_rule=library_rule(project, "cooperation_agreements_cluster_cluster"),
            target=12,
        )
        self.reported = Indicator.objects.create(
            indicator_set=wp3,
            code="WP3-9",
            position=9,
            title="Stakeholders reached",
            mode=Indicator.Mode.REPORTED,
            target=600,
        )

    def _once(self, key, make):
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    # -- objects a URL argument can name ("@record", "@deleted", ...) ------------------------------------
    def record(self, kind: RecordKind, target: str):
        return self._once(("record", kind.slug, target), lambda: self._record(kind, target))

    def _record(self, kind, target):
        values = {"position": 1 if target == "A" else 2} if is_plan(kind) else {}
        return build_record(kind, self.project, self.partners[target], **values)

    def deleted(self, kind: RecordKind, target: str) -> int:
        """The history id of a deleted record of the kind (what the restore page takes)."""

        def make():
            values = {"position": 11 if target == "A" else 12} if is_plan(kind) else {}
            record = build_record(kind, self.project, self.partners[target], **values)
            pk = record.pk
            record_delete(record=record)
            return kind.model.history.filter(id=pk, history_type="-").get().history_id

        return self._once(("deleted", kind.slug, target), make)

    def evidence(self, kind: RecordKind | None, target: str) -> Evidence:
        from agreements.views import AGREEMENTS

        record = self.record(kind if kind and kind.has_evidence else AGREEMENTS, target)

        def make():
            data = pdf_bytes()
            row = Evidence(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                original_name=f"signed-{target}.pdf",
                mime_type="application/pdf",
                extension="pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=self.users["amz_staff" if target == "A" else "mav_staff"],
            )
            row.file.save("ignored.pdf", ContentFile(data), save=False)
            row.save()
            return row

        return self._once(("evidence", target), make)

    def export(self, kind, target: str) -> Export:
        """A finished export requested by AMZ staff (A) or MAV staff (B): a file is its requester's."""
        requester = "amz_staff" if target == "A" else "mav_staff"
        return self._once(
            ("export", target),
            lambda: Export.objects.create(
                project=self.project,
                period=self.periods[0],
                kind="d32",
                format="xlsx",
                requested_by=self.users[requester],
                status=Export.Status.DONE,
                finished_at=timezone.now(),
                filename="ELCA-D3.2-P1.xlsx",
                content=b"PK\x03\x04 not really a workbook",
            ),
        )

    def frozen(self, kind, target: str):
        from reports.freeze import report_freeze

        def make():
            frozen = report_freeze(
                project=self.project, period=self.periods[0], kind="d32", user=self.users["coordinator"]
            )
            content = b"PK\x03\x04 frozen workbook"
            FrozenFile.objects.create(
                report=frozen, format="xlsx", content=content, sha256=hashlib.sha256(content).hexdigest()
            )
            return frozen

        return self._once(("frozen",), make)

    def import_run(self, kind, target: str):
        """A previewed spreadsheet import started by AMZ staff (A) or MAV staff (B): a run is its user's."""
        from imports.models import ImportRun

        starter = "amz_staff" if target == "A" else "mav_staff"
        return self._once(
            ("import_run", target),
            lambda: ImportRun.objects.create(
                project=self.project,
                user=self.users[starter],
                kind="engagements",
                filename=f"engagements-{target}.xlsx",
                status=ImportRun.Status.PREVIEWED,
            ),
        )

    def setup_run(self, kind, target: str):
        """A previewed set-up workbook of the coordinator, its file gone (confirming it writes nothing)."""
        from imports.models import SETUP_KIND, ImportRun

        return self._once(
            ("setup_run",),
            lambda: ImportRun.objects.create(
                project=self.project,
                user=self.users["coordinator"],
                kind=SETUP_KIND,
                filename="setup.xlsx",
                status=ImportRun.Status.PREVIEWED,
            ),
        )

    def invitation(self, kind, target: str):
        """A pending invitation to ELCA as staff of partner A or B (the People pages)."""
        return self._invitation(target)[0]

    def invitation_token(self, kind, target: str) -> str:
        """The link of a pending invitation as a viewer: nobody among the personas has its address."""
        return self._invitation("viewer")[1]

    def _invitation(self, target):
        from accounts.people.services import invitation_create

        def make():
            return invitation_create(
                project=self.project,
                email=f"invited-{target.lower()}@example.org",
                role=Membership.Role.VIEWER if target == "viewer" else Membership.Role.STAFF,
                partner=None if target == "viewer" else self.partners[target],
                by=self.users["coordinator"],
            )

        return self._once(("invitation", target), make)

    def member(self, kind, target: str):
        """The membership of AMZ staff (A) or MAV staff (B)."""
        user = self.users["amz_staff" if target == "A" else "mav_staff"]
        return Membership.objects.get(user=user, project=self.project)

    def notification(self, kind, target: str):
        """A notification of AMZ staff (A) or MAV staff (B): only its person opens it."""
        from notifications.models import Notification

        person = "amz_staff" if target == "A" else "mav_staff"
        return self._once(
            ("notification", target),
            lambda: Notification.objects.create(
                user=self.users[person],
                project=self.project,
                kind="record_returned",
                key=f"returned:{target}",
                params={"record_kind": "Agreement", "name": f"Agreement {target}", "by": "Task Leader"},
                url="/agreements/",
            ),
        )

    def period(self, kind, target: str):
        return self.periods[0]

    # -- rows of the project frame that nothing uses, so that deleting them is allowed (the set-up pages) --
    def spare_period(self, kind, target: str):
        return self._once(
            ("spare_period",),
            lambda: PeriodFactory(
                project=self.project, number=3, start_date=date(2022, 9, 1), end_date=date(2023, 2, 28)
            ),
        )

    def spare_rule(self, kind, target: str):
        """A counting rule no indicator uses (so the delete page may delete it)."""
        return self._once(("spare_rule",), lambda: library_rule(self.project, "national_workshops"))

    def indicator_set(self, kind, target: str):
        """The world's work-package set (its indicators have no values reported by hand)."""
        return self.counted.indicator_set

    def other_set(self, kind, target: str):
        """A set of the outsider's project: only a superuser coordinates it (copying it is refused to ELCA's
        coordinator, who does not)."""

        def make():
            other = Membership.objects.get(user=self.users["outsider"]).project
            return IndicatorSet.objects.create(project=other, code="OWN", title="Their own set")

        return self._once(("other_set",), make)

    def spare_partner(self, kind, target: str):
        from consortium.models import Partner

        return self._once(
            ("spare_partner",),
            lambda: Partner.objects.create(
                project=self.project, number=30, short_name="SPARE", legal_name="Spare", country="PT"
            ),
        )

    def work_package(self, kind, target: str):
        from consortium.models import WorkPackage

        return self._once(
            ("work_package",),
            lambda: WorkPackage.objects.create(project=self.project, number=8, title="Spare work package"),
        )

    def narrative_image(self, kind, target: str) -> Evidence:
        """An image attached to the summary text of period 1 (report texts, issue 16)."""
        from narrative.models import Text

        def make():
            text = Text.objects.create(project=self.project, period=self.periods[0], key="summary", body="x")
            data = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
            row = Evidence(
                content_type=ContentType.objects.get_for_model(text),
                object_id=text.pk,
                original_name="chart.gif",
                mime_type="image/gif",
                extension="gif",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=self.users["coordinator"],
            )
            row.file.save("ignored.gif", ContentFile(data), save=False)
            row.save()
            return row

        return self._once(("narrative_image",), make)

    def partner_number(self, kind, target: str) -> int:
        return self.partners[target].number

    def task(self, kind, target: str):
        from consortium.models import Task, WorkPackage

        def make():
            wp = WorkPackage.objects.create(project=self.project, number=9, title="Tasks' work package")
            return Task.objects.create(work_package=wp, code="9.1", title="Spare task")

        return self._once(("task",), make)

    def deliverable(self, kind, target: str):
        from consortium.models import Deliverable

        return self._once(
            ("deliverable",),
            lambda: Deliverable.objects.create(project=self.project, code="D9.9", title="Spare deliverable"),
        )

    def milestone(self, kind, target: str):
        from consortium.models import Milestone

        return self._once(
            ("milestone",),
            lambda: Milestone.objects.create(project=self.project, number=99, title="Spare milestone"),
        )

    def led_deliverable(self, kind, target: str):
        """A deliverable of partner A or B: it leads the deliverable and its work package; submitted, so the
        coordinator may approve it."""
        from consortium.models import Deliverable, WorkPackage

        partner = self.partners[target]

        def make():
            wp = WorkPackage.objects.create(
                project=self.project, number=20 + partner.number, title="Led work package", lead=partner
            )
            return Deliverable.objects.create(
                project=self.project,
                code=f"D{20 + partner.number}.1",
                title="Led deliverable",
                work_package=wp,
                lead=partner,
                due_month=6,
                status=Deliverable.Status.SUBMITTED,
                submitted_on=date(2021, 2, 26),
            )

        return self._once(("led_deliverable", target), make)

    def signed_pdf(self, kind, target: str):
        """A fresh upload of a valid PDF for each POST (an upload is read once)."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("deliverable.pdf", pdf_bytes())

    def event_category(self, kind, target: str):
        from events.models import EventCategory

        return self._once(
            ("event_category",),
            lambda: EventCategory.objects.create(project=self.project, key="spare_kind", name="Spare kind"),
        )

    def feed_token(self, kind, target: str) -> str:
        """The secret of AMZ staff's calendar link: whoever holds it reads that feed, logged in or not."""
        from accounts.models import token_digest
        from notifications.models import CalendarFeed

        def make():
            token = "calendar-link-of-amz-staff"
            CalendarFeed.objects.create(user=self.users["amz_staff"], token_hash=token_digest(token))
            return token

        return self._once(("feed_token",), make)

    def reported_code(self, kind, target: str) -> str:
        return self.reported.code

    # -- form data -----------------------------------------------------------------------------------
    def membership(self, persona: str):
        user = self.users[persona]
        found = Membership.objects.filter(user=user, project=self.project).select_related("partner").first()
        return found or Membership(user=user, project=self.project, role=Membership.Role.COORDINATOR)

    def edit_data(self, kind: RecordKind, record, persona: str = "coordinator") -> dict:
        """The kind's edit form for `record` as `persona` sees it, posted back unchanged."""
        form = kind.form_class(instance=record, project=record.project, membership=self.membership(persona))
        return form_data(form)

    def create_data(self, kind: RecordKind, persona: str = "coordinator") -> dict:
        """Valid data for the kind's create page: a copy of record A with a new name and reference."""
        data = self.edit_data(kind, self.record(kind, "A"), persona)
        data.pop("version", None)
        serial = next(serials)
        for name in ("name", "activity"):
            if name in data:
                data[name] = f"Zebra quartz {serial}"
        if "external_ref" in data:
            data["external_ref"] = ""
        if is_plan(kind):
            data["position"] = str(40 + serial % 50)
        return data
