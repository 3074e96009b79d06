"""Every existing project gets the template's event categories (as Event.Category and
Event.TEMPLATE_REPORT_TYPES stood when this was written), and a category for any other key its events
hold (named after the key, typed as the consortium's own: the coordinator names and types it)."""

from django.db import migrations

TEMPLATE = [
    ("national_workshop", "National workshop with SMEs", "preparatory"),
    ("international_meeting", "International meeting", "c2c_meeting"),
    ("international_event", "Other international event", "c2c_event"),
    ("matchmaking", "Cluster & business matchmaking meeting", "b2b_event"),
    ("consortium_meeting", "Consortium meeting", ""),
    ("coordination_call", "Coordination call (jour fixe, huddle)", ""),
]


def give_categories(apps, schema_editor):
    Project = apps.get_model("consortium", "Project")
    Event = apps.get_model("events", "Event")
    EventCategory = apps.get_model("events", "EventCategory")
    for project in Project.objects.all():
        have = set(EventCategory.objects.filter(project=project).values_list("key", flat=True))
        used = set(Event.objects.filter(project=project).values_list("category", flat=True))
        rows = [(key, name, kind) for key, name, kind in TEMPLATE]
        known = {key for key, _name, _kind in TEMPLATE}
        rows += [(key, key.replace("_", " ").capitalize(), "") for key in sorted(used - known) if key]
        EventCategory.objects.bulk_create(
            EventCategory(project=project, key=key, name=name, report_type=kind, position=position)
            for position, (key, name, kind) in enumerate(rows, start=1)
            if key not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_event_categories"),
    ]

    operations = [migrations.RunPython(give_categories, migrations.RunPython.noop)]
