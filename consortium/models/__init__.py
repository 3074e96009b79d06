from consortium.models.directory import Organisation, Sector
from consortium.models.plan import Deliverable, DueDateChange, Milestone
from consortium.models.project import (
    Membership,
    Partner,
    Project,
    ReportingPeriod,
    Task,
    WorkPackage,
)
from consortium.models.records import (
    Dated,
    FrameQuerySet,
    PartnerRecord,
    ProjectScopedQuerySet,
    RecordQuerySet,
    ReviewStatus,
)

__all__ = [
    "Dated",
    "FrameQuerySet",
    "Deliverable",
    "DueDateChange",
    "Membership",
    "Milestone",
    "Organisation",
    "Partner",
    "PartnerRecord",
    "ProjectScopedQuerySet",
    "Project",
    "RecordQuerySet",
    "ReportingPeriod",
    "ReviewStatus",
    "Sector",
    "Task",
    "WorkPackage",
]
