"""Who may do what in a project (DESIGN.md §6), asked of a user: the one place other apps ask it.

What each role allows is written once, on Membership (EDITING_ROLES, REVIEWING_ROLES, COORDINATING_ROLES);
the QuerySets scope lists by it (`Project.objects.coordinated_by(user)`, `Model.objects.editable_by(user)`)
and these predicates answer yes or no for one page. A superuser may do everything everywhere; someone not
logged in may do nothing. Each answer costs one query (none for a superuser or an anonymous user).
"""

from dataclasses import dataclass

from consortium.models import Membership, Project


@dataclass(frozen=True)
class Rights:
    """What a user may do: in one project, or in at least one of their projects."""

    record: bool = False  # add records, change their own partner's, import them
    review: bool = False  # verify and send back records
    coordinate: bool = False  # the project frame, every partner's records, freeze, undo, restore

    @classmethod
    def of_roles(cls, roles) -> "Rights":
        roles = set(roles)
        return cls(
            record=bool(roles & set(Membership.EDITING_ROLES)),
            review=bool(roles & set(Membership.REVIEWING_ROLES)),
            coordinate=bool(roles & set(Membership.COORDINATING_ROLES)),
        )


EVERYTHING = Rights(record=True, review=True, coordinate=True)


def rights(user, project=None) -> Rights:
    """What `user` may do in `project`, or in any project of theirs when none is given (menus, list pages)."""
    if not user.is_authenticated:
        return Rights()
    if user.is_superuser:
        return EVERYTHING
    memberships = Membership.objects.filter(user=user)
    if project is not None:
        memberships = memberships.filter(project=project)
    return Rights.of_roles(memberships.values_list("role", flat=True))


def is_coordinator(user, project) -> bool:
    """Whether the user coordinates `project`: its frame, every partner's records, freezes, undoing."""
    return rights(user, project).coordinate


def may_record(user, project) -> bool:
    """Whether the user adds records to `project` and imports into it (a viewer only reads)."""
    return rights(user, project).record


def may_review(user, project) -> bool:
    """Whether the user verifies and sends back the records of `project` (task leader, coordinator)."""
    return rights(user, project).review


def recording_membership(user, project) -> Membership | None:
    """The user's membership in `project`, with its partner, if it lets them record (None for viewers,
    outsiders and superusers without one)."""
    return Membership.objects.editing(user).filter(project=project).select_related("partner").first()


def acting_membership(user, project) -> Membership | None:
    """The membership the user adds and changes records of `project` with: their own if it lets them
    record; a superuser without one acts as its coordinator (a membership not saved, with no partner)."""
    membership = recording_membership(user, project)
    if membership is None and user.is_superuser:
        membership = Membership(user=user, project=project, role=Membership.Role.COORDINATOR)
    return membership


def projects_to_add_to(user, *, coordinator_only: bool) -> list[Project]:
    """Where the user may add a record (or, `coordinator_only`, a row of the project frame), by acronym:
    the projects their role allows it in; a superuser whose roles allow it nowhere, every project (as
    their coordinator, acting_membership)."""
    allowing = Membership.objects.coordinating(user) if coordinator_only else Membership.objects.editing(user)
    projects = list(Project.objects.filter(pk__in=allowing.values("project_id")).order_by("acronym"))
    if not projects and user.is_superuser:
        projects = list(Project.objects.order_by("acronym"))
    return projects
