from communication.models import CommunicationActivity
from consortium.vague_dates import parse_vague_date
from tests.factories import _RecordFactory


class ActivityFactory(_RecordFactory):
    class Meta:
        model = CommunicationActivity
        skip_postgeneration_save = True

    kind = CommunicationActivity.Kind.ARTICLE
    channel = "LinkedIn"


def activity(project, when=None, **kwargs):
    """An activity dated `when` (as partners write dates; None: undated)."""
    record = ActivityFactory(project=project, **kwargs)
    if when:
        record.date = parse_vague_date(when)
        record.save()
    return record
