"""Images in report texts: uploaded on a writing page (workspace.evidence checks them: type read from the
content, size, nothing stored when refused), attached to the text or contribution as Evidence rows, cited as
![caption](image:<id>) and served to the project's members only, with nosniff (the image view below)."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from consortium.models import Project
from narrative.models import Contribution, Text
from workspace.evidence import check_upload, store_evidence
from workspace.models import Evidence


def attached_to(row, period_images: dict) -> list[Evidence]:
    """The images attached to one text or contribution, newest first, out of its period's images
    (narrative.assemble.period_images): no query of its own."""
    if not row.pk:
        return []
    kind = ContentType.objects.get_for_model(row)
    mine = [e for e in period_images.values() if e.content_type_id == kind.pk and e.object_id == row.pk]
    return sorted(mine, key=lambda e: (e.uploaded_at, e.pk), reverse=True)


def urls(project, images) -> dict[int, str]:
    return {image.pk: reverse("narrative:image", args=[project.acronym, image.pk]) for image in images}


def upload(row, upload_file, user) -> Evidence:
    """Check the file is an image and attach it to `row` (saved first if new); refused: nothing stored."""
    checked = check_upload(upload_file)
    if not checked.mime_type.startswith("image/"):
        raise ValidationError(
            _("'%(name)s' is not an image: upload a PNG, JPEG, GIF or WebP file.")
            % {"name": checked.original_name}
        )
    with transaction.atomic():
        if not row.pk:
            row.updated_by = user
            row.save()
        return store_evidence(record=row, files=[checked], user=user)[0]


@login_required
@require_GET
def image(request, acronym, pk):
    """An image of a report text, to the members of its project only; anything else is a 404."""
    project = Project.objects.visible_to(request.user).filter(acronym=acronym).first()
    types = ContentType.objects.get_for_models(Text, Contribution)
    evidence = (
        Evidence.objects.filter(
            pk=pk, removed_at=None, mime_type__startswith="image/", content_type__in=types.values()
        )
        .select_related("content_type")
        .first()
    )
    if project is None or evidence is None:
        raise Http404(_("No such image."))
    if (
        not evidence.content_type.model_class()
        .objects.filter(pk=evidence.object_id, project=project)
        .exists()
    ):
        raise Http404(_("No such image."))
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
