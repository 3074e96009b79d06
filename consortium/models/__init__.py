from consortium.models.directory import Organisation, Sector
from consortium.models.project import (
    Deliverable,
    Membership,
    Milestone,
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
