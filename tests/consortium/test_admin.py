"""The Django admin lists every record of D3.2, searchable, without an N+1."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("db")

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label not in {"auth"}
)


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_every_changelist_shows_all_rows(elca_demo, superuser_client, app_label, model_name):
    model = next(
        m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )

    response = superuser_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()


def test_agreements_are_searchable_and_filterable(elca_demo, superuser_client):
    url = reverse("admin:agreements_agreement_changelist")

    by_name = superuser_client.get(url, {"q": "EURECAT"})
    signed = superuser_client.get(url, {"status__exact": "signed", "kind__exact": "sme_sme"})

    assert [a.name for a in by_name.context["cl"].result_list] == ["EURECAT"]
    assert signed.context["cl"].result_count == 6


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:agreements_agreement_changelist",
        "admin:events_event_changelist",
        "admin:agreements_engagement_changelist",
    ],
)
def test_changelists_do_not_query_per_row(
    elca_demo, superuser_client, url_name, django_assert_max_num_queries
):
    # session, user, count x2 (filtered/total), the page, one prefetch of responsible partners, filter choices
    with django_assert_max_num_queries(12):
        response = superuser_client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.context["cl"].result_count == response.context["cl"].model.objects.count() > 0
