"""The writing pages: prefill from the previous period, numbers stored at saving, the stale-number warning,
submit / accept / return, merging contributions, a hostile text made inert, and who may press what."""

import pytest
from django.urls import reverse

from narrative.models import Contribution, Status, Text


def _text_url(project, number=2, key="summary"):
    return reverse("narrative:text", args=[project.acronym, number, key])


def _contribution_url(project, task, partner, number=2):
    return reverse("narrative:contribution", args=[project.acronym, number, task.pk, partner.number])


@pytest.fixture
def summary_p1(project, periods, coordinator):
    return Text.objects.create(
        project=project,
        period=periods[0],
        key="summary",
        body="We started the cluster meetings.",
        status="accepted",
    )


def test_an_empty_text_starts_from_the_previous_periods_and_shows_the_difference(
    client, coordinator, summary_p1, indicator
):
    client.force_login(coordinator)
    page = client.get(_text_url(summary_p1.project)).content.decode()
    assert 'id="prefilled"' in page
    assert "We started the cluster meetings.</textarea>" in page
    assert "The same as the previous period&#x27;s text." in page or "The same as the previous period" in page
    # the numbers beside the text, each with an Insert button giving its code
    assert 'data-insert="[[WP3-2]]"' in page and "0 of 12" in page


def test_the_difference_marks_added_and_removed_words_in_words(client, coordinator, summary_p1, periods):
    Text.objects.create(
        project=summary_p1.project, period=periods[1], key="summary", body="We held the meetings."
    )
    client.force_login(coordinator)
    page = client.get(_text_url(summary_p1.project)).content.decode()
    assert 'id="prefilled"' not in page
    assert '<span class="visually-hidden">removed: </span>started' in page
    assert '<span class="visually-hidden">added: </span>held' in page


def test_saving_stores_the_cited_numbers_and_a_change_shows_as_a_warning(
    client, coordinator, project, periods, indicator
):
    client.force_login(coordinator)
    response = client.post(
        _text_url(project),
        {"body": "We signed [[WP3-2]] agreements; [[NOPE]] is unknown.", "action": "submit"},
    )
    assert response.status_code == 302
    text = Text.objects.get(period=periods[1], key="summary")
    assert text.numbers == {"WP3-2": 0} and text.status == Status.SUBMITTED
    assert text.updated_by == coordinator and text.history.count() == 1
    page = client.get(_text_url(project)).content.decode()
    assert "We signed 0 agreements; [?] is unknown." in page
    assert "data-stale" not in page

    Text.objects.filter(pk=text.pk).update(numbers={"WP3-2": 5})  # the records changed since saving
    page = client.get(_text_url(project)).content.decode()
    assert 'data-stale="WP3-2"' in page and "was 5 when the text was saved and is 0 now" in page
    listing = client.get(reverse("narrative:texts", args=[project.acronym, 2])).content.decode()
    assert 'data-stale="WP3-2"' in listing


def test_preview_shows_the_rendered_text_and_stores_nothing(client, coordinator, project, periods, indicator):
    client.force_login(coordinator)
    response = client.post(_text_url(project), {"body": "**Bold** and [[WP3-2]]", "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="preview"' in page
    assert "<strong>Bold</strong> and 0" in page
    assert not Text.objects.exists()


def test_a_hostile_text_is_inert_on_the_page(client, coordinator, project, periods):
    client.force_login(coordinator)
    body = '<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror="alert(3)">'
    client.post(_text_url(project), {"body": body, "action": "save"})
    page = client.get(_text_url(project)).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert "<img src=x onerror" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_accept_and_return_with_a_comment(client, coordinator, project, periods):
    text = Text.objects.create(
        project=project, period=periods[1], key="summary", body="Done.", status="submitted"
    )
    client.force_login(coordinator)
    response = client.post(_text_url(project), {"action": "return", "comment": ""})
    assert response.status_code == 200 and "a returned text needs a comment" in response.content.decode()
    text.refresh_from_db()
    assert text.status == Status.SUBMITTED  # nothing written
    client.post(_text_url(project), {"action": "return", "comment": "Add the numbers."})
    text.refresh_from_db()
    assert text.status == Status.RETURNED and text.returned_comment == "Add the numbers."
    assert "Add the numbers." in client.get(_text_url(project)).content.decode()
    client.post(_text_url(project), {"action": "accept"})
    text.refresh_from_db()
    assert text.status == Status.ACCEPTED and text.body == "Done."


def test_partner_writes_its_contribution_and_the_task_leader_accepts_and_merges(
    client, project, periods, task_mav, amz, mav, amz_staff, task_leader
):
    client.force_login(amz_staff)
    url = _contribution_url(project, task_mav, amz)
    assert client.post(url, {"body": "AMZ ran two workshops.", "action": "submit"}).status_code == 302
    contribution = Contribution.objects.get(task=task_mav, partner=amz)
    assert contribution.status == Status.SUBMITTED
    # AMZ staff may not accept it: they do not lead the task
    assert client.post(url, {"action": "accept"}).status_code == 403

    client.force_login(task_leader)  # MAV's task leader: MAV leads task 1.1
    assert client.post(url, {"action": "accept"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Status.ACCEPTED

    task_url = reverse("narrative:text_about", args=[project.acronym, 2, "i2", "task", task_mav.pk])
    page = client.get(task_url).content.decode()
    assert 'id="contributions"' in page and "AMZ ran two workshops." in page
    client.post(task_url, {"action": "merge", "body": ""})
    text = Text.objects.get(task=task_mav, period=periods[1])
    assert text.body == "**AMZ**\n\nAMZ ran two workshops." and text.updated_by == task_leader


def test_a_task_leader_not_leading_the_task_is_refused(
    client, project, periods, task_amz, amz, task_leader, amz_staff
):
    Contribution.objects.create(project=project, period=periods[1], task=task_amz, partner=amz, body="x")
    client.force_login(task_leader)  # MAV leads neither task 1.2 nor WP1
    url = _contribution_url(project, task_amz, amz)
    page = client.get(url).content.decode()
    assert 'id="accept"' not in page and 'id="save"' not in page
    assert client.post(url, {"action": "accept"}).status_code == 403
    task_url = reverse("narrative:text_about", args=[project.acronym, 2, "i2", "task", task_amz.pk])
    assert client.post(task_url, {"body": "mine", "action": "save"}).status_code == 403
    assert Contribution.objects.get().status == Status.DRAFT and not Text.objects.exists()


def test_another_partner_a_viewer_another_project_and_anonymous_are_refused(
    client, project, periods, task_mav, amz, mav_staff, viewer, outsider
):
    url = _contribution_url(project, task_mav, amz)
    data = {"body": "Not mine.", "action": "save"}
    client.force_login(mav_staff)
    assert client.post(url, data).status_code == 403
    client.force_login(viewer)
    assert "AMZ" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404 and client.post(url, data).status_code == 404
    client.logout()
    assert reverse("login") in client.post(url, data)["Location"]
    assert not Contribution.objects.exists()


def test_a_partner_not_in_the_task_has_no_contribution(client, project, periods, task_amz, mav, coordinator):
    client.force_login(coordinator)
    assert client.get(_contribution_url(project, task_amz, mav)).status_code == 404


def test_an_unknown_section_or_period_is_a_404(client, project, periods, coordinator):
    client.force_login(coordinator)
    assert client.get(_text_url(project, key="nope")).status_code == 404
    assert client.get(_text_url(project, key="ii3")).status_code == 404  # a tables-only section
    assert client.get(_text_url(project, number=9)).status_code == 404


def test_the_partners_records_of_the_period_are_offered_to_insert(
    client, project, periods, task_mav, amz, mav, amz_staff
):
    from datetime import date

    from tests.factories import EventFactory, MissionFactory

    EventFactory(
        project=project,
        name="Cluster day",
        responsible=[amz],
        date_start=date(2021, 4, 2),
        date_end=date(2021, 4, 2),
        date_precision="day",
    )
    MissionFactory(
        project=project,
        name="Visit [Vigo]",
        responsible=[amz],
        date_start=date(2021, 5, 3),
        date_end=date(2021, 5, 4),
        date_precision="day",
    )
    EventFactory(
        project=project,
        name="Earlier",
        responsible=[amz],
        date_start=date(2020, 10, 1),
        date_end=date(2020, 10, 1),
        date_precision="day",
    )
    EventFactory(
        project=project,
        name="MAV's day",
        responsible=[mav],
        date_start=date(2021, 4, 2),
        date_end=date(2021, 4, 2),
        date_precision="day",
    )
    client.force_login(amz_staff)
    page = client.get(_contribution_url(project, task_mav, amz)).content.decode()
    records = page[page.index('id="records"') :]
    assert records.index("Visit [Vigo]") < records.index("Cluster day")  # newest first
    assert "Earlier" not in records and "MAV&#x27;s day" not in records
    assert "- [Visit (Vigo)](/" in records and "(04.05.2021, AMZ)" in records


def test_the_declaration_keeps_the_ticked_box_and_the_lines(client, project, periods, coordinator, amz_staff):
    url = _text_url(project, key="declaration")
    client.force_login(coordinator)
    response = client.post(url, {"action": "submit", "body": "", "choice": ""})
    assert "Tick one of the declaration" in response.content.decode() and not Text.objects.exists()
    data = {"action": "submit", "body": "", "choice": "most", "field-0": "Ana Pérez, director"}
    assert client.post(url, data).status_code == 302
    text = Text.objects.get(key="declaration")
    assert text.choice == "most" and text.status == Status.SUBMITTED
    assert list(text.fields.values()) == ["Ana Pérez, director"]
    page = client.get(url).content.decode()
    assert 'value="most" id="choice-most" checked' in page and 'value="Ana Pérez, director"' in page
    client.force_login(amz_staff)
    assert client.post(url, data).status_code == 403


def test_an_indicator_behind_its_target_asks_for_a_comment(client, project, periods, coordinator, indicator):
    url = reverse("narrative:text_about", args=[project.acronym, 2, "ii1", "indicator", indicator.pk])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Achieved 0 of 12" in page and 'id="comment-required"' in page
    assert client.post(url, {"action": "save", "body": ""}).status_code == 302  # saving is allowed without it


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def test_an_image_is_uploaded_inserted_and_served_to_members_only(
    client, project, periods, coordinator, viewer, outsider, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workspace.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    url = _text_url(project)
    data = {"action": "upload", "body": "", "image": SimpleUploadedFile("chart.png", _png())}
    assert client.post(url, data).status_code == 302
    image = Evidence.objects.get()
    text = Text.objects.get(key="summary")
    assert image.object_id == text.pk and image.mime_type == "image/png"
    page = client.get(url).content.decode()
    assert f'data-insert="![chart.png](image:{image.pk})"' in page
    client.post(url, {"action": "save", "body": f"See ![the chart](image:{image.pk})"})
    image_url = reverse("narrative:image", args=[project.acronym, image.pk])
    assert f'<img src="{image_url}" alt="the chart">' in client.get(url).content.decode()
    client.force_login(viewer)
    response = client.get(image_url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == _png()
    client.force_login(outsider)
    assert client.get(image_url).status_code == 404


def test_an_upload_that_is_not_an_image_is_refused_and_stores_nothing(
    client, project, periods, coordinator, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workspace.conftest import pdf_bytes
    from workspace.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    for name, content in (("notes.png", b"just text, not a picture"), ("doc.pdf", pdf_bytes())):
        data = {"action": "upload", "body": "", "image": SimpleUploadedFile(name, content)}
        response = client.post(_text_url(project), data)
        assert response.status_code == 200 and name in response.content.decode()
    assert not Evidence.objects.exists() and not Text.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_long_prompt_is_folded_so_the_text_box_stays_near_the_top(
    client, project, periods, task_mav, coordinator
):
    from narrative.structure import for_project

    client.force_login(coordinator)
    task_url = reverse("narrative:text_about", args=[project.acronym, 2, "i2", "task", task_mav.pk])
    long_prompt = for_project(project).section("i2").prompt
    page = client.get(task_url).content.decode()
    assert '<details class="text-body-secondary mb-3" id="prompt">' in page
    assert long_prompt.replace("'", "&#x27;") in page  # the whole prompt, one click away
    short = client.get(_text_url(project, key="i1")).content.decode()
    assert '<p class="text-body-secondary" id="prompt">' in short and '<details class="text-body' not in short


def test_a_merged_contributions_image_shows_on_the_task_page_as_in_the_report(
    client, project, periods, task_mav, amz, coordinator, settings, tmp_path
):
    """The task text cites an image attached to a partner's contribution (merging copies the citation): the
    task's page shows it, as the report does (narrative.assemble takes every image of the period)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workspace.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    contribution_url = _contribution_url(project, task_mav, amz)
    data = {"action": "upload", "body": "", "image": SimpleUploadedFile("visit.png", _png())}
    assert client.post(contribution_url, data).status_code == 302
    image = Evidence.objects.get()
    task_url = reverse("narrative:text_about", args=[project.acronym, 2, "i2", "task", task_mav.pk])
    client.post(task_url, {"action": "save", "body": f"Visit ![the visit](image:{image.pk})"})
    image_url = reverse("narrative:image", args=[project.acronym, image.pk])
    page = client.get(task_url).content.decode()
    assert f'<img src="{image_url}" alt="the visit">' in page
    assert (
        f'data-insert="![visit.png](image:{image.pk})"' not in page
    )  # offered to insert on its own page only
    preview = client.post(task_url, {"action": "preview", "body": f"![again](image:{image.pk})"})
    assert f'<img src="{image_url}" alt="again">' in preview.content.decode()
