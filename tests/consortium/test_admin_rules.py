"""The admin is the superusers' (DESIGN.md §6), and its record edits follow the workspace's rules."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from agreements.models import Agreement
from tests.factories import AgreementFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def _admin_form_data(response) -> dict:
    """The change form's own values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    return data


def test_staff_who_are_not_superusers_do_not_get_into_the_admin(client, amz_staff):
    amz_staff.is_staff = True
    amz_staff.save()
    amz_staff.user_permissions.set(Permission.objects.all())
    client.force_login(amz_staff)

    response = client.get(reverse("admin:agreements_agreement_changelist"))

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_admin_edit_raises_the_version_and_keeps_the_review_rule(superuser_client, project, amz):
    agreement = AgreementFactory(project=project, name="MoU", responsible=[amz], review_status="verified")
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = _admin_form_data(superuser_client.get(url))
    data["name"] = "MoU (amended)"

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Agreement.objects.get(pk=agreement.pk)
    # A superuser reviews every project, so, as on the record's page, their edit keeps it verified; an
    # editor who opened the record before the admin's change now gets a conflict (new version).
    assert (saved.name, saved.review_status, saved.version) == ("MoU (amended)", "verified", 2)
