"""Who writes, submits, accepts and returns each report text and contribution (issue 16; DESIGN.md §6).

Every answer is read from the user's one membership in the project (`membership`: one query; a superuser
without one acts as the coordinator) and from the task or work package's lead and participants, so the
pages ask many questions for one query. What a role allows is Membership's (may_record, may_review,
is_coordinator); no role is compared here.

- A partner's contribution to a task: written and submitted by that partner's staff or task leader, or
  by the coordinator (who changes every partner's records too), when the partner leads the task or takes
  part in it (a task listing neither takes every partner's); accepted or returned by whoever leads the
  task's text (below).
- A task's text: a task leader whose partner leads the task or its work package, or the coordinator; a
  work package's text: a task leader whose partner leads it, or the coordinator. They submit their text.
- Every other text (the declaration, the summary, II.1's comments...): the coordinator only.
- Accepting or returning a text: the coordinator. Viewers read everything and write nothing.
"""

from consortium.access import acting_membership
from consortium.models import Membership


def membership(user, project) -> Membership | None:
    """The membership the user writes with in `project` (None: reads only, or not a member)."""
    if not user.is_authenticated:
        return None
    return acting_membership(user, project)


def _coordinates(m: Membership | None) -> bool:
    return m is not None and m.is_coordinator


def contributing_partner_ids(task, participant_ids) -> set[int] | None:
    """The partners who contribute to `task` (its lead and participants); None: every partner may."""
    ids = set(participant_ids)
    if task.lead_id:
        ids.add(task.lead_id)
    return ids or None


def may_contribute(m: Membership | None, task, partner, participant_ids) -> bool:
    """Whether `m` writes (and submits) `partner`'s contribution to `task`."""
    if m is None or not m.may_record or (m.partner_id != partner.pk and not m.is_coordinator):
        return False
    allowed = contributing_partner_ids(task, participant_ids)
    return allowed is None or partner.pk in allowed


def leads_task(m: Membership | None, task) -> bool:
    """Whether `m` merges, accepts and returns `task`'s text and contributions."""
    if _coordinates(m):
        return True
    return (
        m is not None
        and m.may_review
        and m.partner_id is not None
        and m.partner_id in {task.lead_id, task.work_package.lead_id}
    )


def leads_work_package(m: Membership | None, work_package) -> bool:
    """Whether `m` writes `work_package`'s own text."""
    if _coordinates(m):
        return True
    return (
        m is not None and m.may_review and m.partner_id is not None and m.partner_id == work_package.lead_id
    )


def may_write_text(m: Membership | None, *, task=None, work_package=None) -> bool:
    """Whether `m` writes (and submits) a text: a task's, a work package's, or any other (coordinator)."""
    if task is not None:
        return leads_task(m, task)
    if work_package is not None:
        return leads_work_package(m, work_package)
    return _coordinates(m)


def may_review_text(m: Membership | None) -> bool:
    """Whether `m` accepts and returns texts: the coordinator."""
    return _coordinates(m)


def may_review_contribution(m: Membership | None, task) -> bool:
    """Whether `m` accepts and returns contributions to `task`: whoever leads its text."""
    return leads_task(m, task)
