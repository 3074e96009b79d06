"""Issue 12, daily work 2: a file chosen on a new record's form is never silently dropped. When the form
comes back (another field has an error, or a date needs confirming), the files that passed their check wait
in the database under the form's token and the user, the form says "invoice.pdf will be attached", and
saving attaches them; unticked ones are left out; nothing waits longer than a day."""

from datetime import timedelta

from django.utils import timezone

from agreements.models import Agreement
from tests.factories import PeriodFactory
from tests.workspace.conftest import stored_bytes, upload
from workspace.models import Evidence, PendingUpload
from workspace.submissions import forget_old

NEW = "/agreements/new/"


def first_try(client, **extra):
    """A form with an error elsewhere (no name) and a file chosen."""
    token = str(client.get(NEW).context["token"])
    response = client.post(
        NEW,
        {"kind": "sme_sme", "status": "identified", "name": "", "form_token": token, **extra},
    )
    return token, response


def test_the_file_is_kept_and_the_form_says_it_will_be_attached(client, mav_staff, media):
    client.force_login(mav_staff)

    token, response = first_try(client, evidence=upload("invoice.pdf", upload("agreement.pdf").read()))

    html = response.content.decode()
    kept = PendingUpload.objects.get()
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert "invoice.pdf (" in html and ") will be attached" in html
    assert f'name="keep_evidence" value="{kept.pk}" id="keep-{kept.pk}" checked' in html
    assert (kept.original_name, str(kept.token), kept.user) == ("invoice.pdf", token, mav_staff)
    assert (Agreement.objects.count(), Evidence.objects.count(), stored_bytes(media)) == (0, 0, 0)


def test_saving_the_fixed_form_attaches_the_kept_file(client, mav_staff, media):
    client.force_login(mav_staff)
    token, response = first_try(client, evidence=upload("invoice.pdf", upload("agreement.pdf").read()))
    kept = PendingUpload.objects.get()

    saved = client.post(
        NEW,
        {
            "kind": "sme_sme",
            "status": "identified",
            "name": "Fixed",
            "form_token": token,
            "keep_evidence": kept.pk,
        },
    )

    record = Agreement.objects.get()
    assert saved["Location"] == record.get_absolute_url()
    assert [e.original_name for e in Evidence.objects.for_record(record)] == ["invoice.pdf"]
    assert stored_bytes(media) == Evidence.objects.get().size
    assert PendingUpload.objects.count() == 0
    assert record.history.get().history_change_reason == "Evidence added: invoice.pdf"


def test_a_kept_file_and_a_new_one_are_both_attached(client, mav_staff):
    client.force_login(mav_staff)
    token, _ = first_try(client, evidence=upload("invoice.pdf", upload("agreement.pdf").read()))

    client.post(
        NEW,
        {
            "kind": "sme_sme",
            "status": "identified",
            "name": "Both",
            "form_token": token,
            "keep_evidence": PendingUpload.objects.get().pk,
            "evidence": upload("photo.png"),
        },
    )

    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["invoice.pdf", "photo.png"]


def test_an_unticked_file_is_left_out(client, mav_staff):
    client.force_login(mav_staff)
    token, _ = first_try(client, evidence=upload("invoice.pdf", upload("agreement.pdf").read()))

    client.post(NEW, {"kind": "sme_sme", "status": "identified", "name": "Without", "form_token": token})

    assert (Agreement.objects.count(), Evidence.objects.count(), PendingUpload.objects.count()) == (1, 0, 0)


def test_a_refused_file_is_named_and_the_good_one_kept(client, mav_staff):
    client.force_login(mav_staff)

    _, response = first_try(client, evidence=[upload("agreement.pdf"), upload("setup.pdf")])

    assert response.context["form"].errors["evidence"][0].startswith("'setup.pdf' is not a PDF")
    assert list(PendingUpload.objects.values_list("original_name", flat=True)) == ["agreement.pdf"]


def test_a_file_is_kept_while_a_late_date_waits_for_confirmation(client, mav_staff, project):
    PeriodFactory(project=project, number=1, start_date=project.start_date, end_date=project.end_date)
    client.force_login(mav_staff)
    token = str(client.get(NEW).context["token"])
    late = {
        "kind": "sme_sme",
        "status": "signed",
        "name": "Late",
        "signed_date": "Nov 2022",
        "form_token": token,
    }

    client.post(NEW, {**late, "evidence": upload("agreement.pdf")})
    client.post(NEW, {**late, "save_anyway": "1", "keep_evidence": PendingUpload.objects.get().pk})

    assert [e.original_name for e in Evidence.objects.all()] == ["agreement.pdf"]


def test_another_users_kept_files_are_not_theirs(client, mav_staff, task_leader):
    client.force_login(mav_staff)
    token, _ = first_try(client, evidence=upload("invoice.pdf", upload("agreement.pdf").read()))
    kept = PendingUpload.objects.get()
    other = type(client)()
    other.force_login(task_leader)

    other.post(
        NEW,
        {
            "kind": "sme_sme",
            "status": "identified",
            "name": "Theirs",
            "form_token": token,
            "keep_evidence": kept.pk,
        },
    )

    assert Evidence.objects.count() == 0
    assert PendingUpload.objects.get() == kept  # still mav's, for mav's form


def test_kept_files_go_after_a_day(client, mav_staff):
    client.force_login(mav_staff)
    first_try(client, evidence=upload("agreement.pdf"))
    PendingUpload.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    forget_old()

    assert PendingUpload.objects.count() == 0


def test_a_disk_full_on_save_keeps_the_files_waiting_and_writes_nothing(
    client, mav_staff, media, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    client.force_login(mav_staff)
    token, _ = first_try(client, evidence=upload("agreement.pdf"))

    def full(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    response = client.post(
        NEW,
        {
            "kind": "sme_sme",
            "status": "identified",
            "name": "Disk full",
            "form_token": token,
            "keep_evidence": PendingUpload.objects.get().pk,
        },
    )

    assert "could not be stored" in response.content.decode()
    assert (Agreement.objects.count(), Evidence.objects.count(), stored_bytes(media)) == (0, 0, 0)
    assert PendingUpload.objects.count() == 1  # still waiting for the next try
