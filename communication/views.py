from django.utils.translation import gettext_lazy as _

from communication.filters import CommunicationFilter
from communication.forms import CommunicationForm
from communication.models import CommunicationActivity
from communication.tables import CommunicationTable
from workspace.kinds import RecordKind

COMMUNICATION = RecordKind(
    model=CommunicationActivity,
    slug="communication",
    namespace="communication",
    fields=[
        "name",
        "kind",
        "date",
        "channel",
        "link",
        "location",
        "dates_location",
        "description",
        *CommunicationActivity.AUDIENCE,
    ],
    form=CommunicationForm,
    table_class=CommunicationTable,
    filterset_class=CommunicationFilter,
    intro=_(
        "The dissemination log: articles, news, posts, newsletters, presentations and web pages, with the "
        "audience each reached. The dissemination indicators are counted from it."
    ),
)
