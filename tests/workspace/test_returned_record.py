"""Issue 12, daily work 10: the edit form of a returned record shows the reviewer's comment (who, when), and
"Save and resubmit for review" saves the fix and resubmits it in one step (one version, one history row)."""

import pytest
from django.utils import timezone

from agreements.models import Agreement
from consortium.dates import format_date
from workspace.saving import record_return


@pytest.fixture
def returned(mav_agreement, task_leader):
    record_return(record=mav_agreement, user=task_leader, comment="Add the second signature page.")
    mav_agreement.refresh_from_db()
    return mav_agreement


def edit_url(record):
    return f"/agreements/{record.pk}/edit/"


def posted(record, **extra):
    return {"kind": record.kind, "status": record.status, "name": "Fixed", "version": record.version, **extra}


def test_the_edit_form_shows_the_reviewers_comment_and_offers_to_resubmit(client, mav_staff, returned):
    client.force_login(mav_staff)

    html = client.get(edit_url(returned)).content.decode()

    comment = html.split('id="returned-comment"')[1].split("</div>\n</div>")[0]
    assert "Returned for changes" in comment
    assert f"by taskleader, {format_date(timezone.localtime(returned.reviewed_at))}" in comment
    assert "“Add the second signature page.”" in comment
    assert (
        '<button type="submit" class="btn btn-success" name="resubmit" value="1">Save and resubmit for review'
        in html
    )


def test_save_and_resubmit_does_both_in_one_save(client, mav_staff, returned):
    client.force_login(mav_staff)
    versions = returned.history.count()

    response = client.post(edit_url(returned), posted(returned, resubmit="1"))

    assert response.status_code == 302
    returned.refresh_from_db()
    assert (returned.name, returned.review_status, returned.version) == ("Fixed", "submitted", 3)
    assert returned.history.count() == versions + 1
    assert returned.review_comment == "Add the second signature page."  # the comment stays, as on resubmit


def test_save_alone_keeps_it_returned(client, mav_staff, returned):
    client.force_login(mav_staff)

    client.post(edit_url(returned), posted(returned))

    returned.refresh_from_db()
    assert (returned.name, returned.review_status) == ("Fixed", "returned")


def test_resubmit_is_ignored_on_a_record_that_was_not_returned(client, mav_staff, mav_agreement, task_leader):
    from workspace.saving import record_verify

    record_verify(record=mav_agreement, user=task_leader)
    mav_agreement.refresh_from_db()
    client.force_login(mav_staff)

    html = client.get(edit_url(mav_agreement)).content.decode()
    client.post(edit_url(mav_agreement), posted(mav_agreement, resubmit="1"))

    assert 'id="returned-comment"' not in html and 'name="resubmit"' not in html
    mav_agreement.refresh_from_db()
    assert mav_agreement.review_status == "submitted"  # changed by its partner: back to review, as before


@pytest.mark.parametrize("persona", ["amz_staff", "viewer"])
def test_others_cannot_resubmit_it(request, client, returned, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.post(edit_url(returned), posted(returned, resubmit="1")).status_code == 403
    assert Agreement.objects.get(pk=returned.pk).review_status == "returned"


def test_anonymous_is_sent_to_login(client, returned):
    response = client.post(edit_url(returned), posted(returned, resubmit="1"))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Agreement.objects.get(pk=returned.pk).review_status == "returned"


def test_an_outsider_gets_404(client, outsider, returned):
    client.force_login(outsider)

    assert client.post(edit_url(returned), posted(returned, resubmit="1")).status_code == 404
