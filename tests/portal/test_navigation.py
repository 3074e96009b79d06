"""The menu offers "Import spreadsheets" only to those who may record in a project (issue 12, daily work
10): a viewer's import would be refused. Asked once at login, so pages cost no query for it."""

import pytest
from django.urls import reverse

from accounts.middleware import MAY_RECORD

IMPORT = f'href="{reverse("imports:import_index")}"'


def test_a_viewer_is_not_offered_import(client, viewer):
    client.force_login(viewer)

    html = client.get(reverse("portal:home")).content.decode()

    assert IMPORT not in html
    assert client.get(reverse("imports:import_index")).status_code == 403  # what the link led to


@pytest.mark.parametrize("persona", ["amz_staff", "task_leader", "coordinator"])
def test_members_who_may_record_are_offered_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert IMPORT in client.get(reverse("portal:home")).content.decode()


def test_a_session_from_before_asks_once_and_keeps_the_answer(client, amz_staff):
    client.force_login(amz_staff)
    session = client.session
    del session[MAY_RECORD]
    session.save()

    client.get(reverse("portal:search"), {"q": "x"})

    assert client.session[MAY_RECORD] is True


def test_favicon_ico_leads_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_the_svg_icon_and_its_png_fallback(client, db):
    html = client.get(reverse("login")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/img/favicon-32.png" type="image/png" sizes="32x32">' in html
