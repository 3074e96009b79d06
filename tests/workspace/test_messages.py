"""Messages are Bootstrap alerts people notice: an error is `alert-danger` (Bootstrap has no `alert-error`)
and is announced at once (role="alert"); a confirmation is a polite status."""

from django.urls import reverse


def test_an_error_message_is_a_red_alert_announced_at_once(client, mav_staff, mav_agreement):
    client.force_login(mav_staff)

    response = client.post(reverse("agreements:agreement_evidence", args=[mav_agreement.pk]), {}, follow=True)

    html = response.content.decode()
    assert '<div class="alert alert-danger" role="alert">Nothing was added: ' in html
    assert "alert-error" not in html


def test_a_confirmation_is_a_green_status(client, task_leader, mav_agreement):
    client.force_login(task_leader)

    response = client.post(
        reverse("agreements:agreement_review", args=[mav_agreement.pk]), {"action": "verify"}, follow=True
    )

    assert '<div class="alert alert-success" role="status">Marked verified.</div>' in (
        response.content.decode()
    )
