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
from consortium.models.records import Dated, PartnerRecord, RecordQuerySet, ReviewStatus

__all__ = [
    "Dated",
    "Deliverable",
    "Membership",
    "Milestone",
    "Organisation",
    "Partner",
    "PartnerRecord",
    "Project",
    "RecordQuerySet",
    "ReportingPeriod",
    "ReviewStatus",
    "Sector",
    "Task",
    "WorkPackage",
]
