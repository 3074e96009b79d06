from django.utils.translation import gettext_lazy as _

from missions.filters import MissionFilter
from missions.forms import MissionForm
from missions.models import Mission
from missions.tables import MissionTable
from workspace.kinds import RecordKind

MISSIONS = RecordKind(
    model=Mission,
    slug="mission",
    namespace="missions",
    fields=[
        "name",
        "kind",
        "target_market",
        "country",
        "date",
        "location",
        "dates_location",
        "description",
        "results",
        "participants",
        "notes",
    ],
    form=MissionForm,
    table_class=MissionTable,
    filterset_class=MissionFilter,
    intro=_("WP2 missions to third markets and the partners who went."),
)
