# The import models moved to the imports app (issue 13, migration imports 0001): they leave kpis' picture
# of the models; their tables stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("kpis", "0004_import_run_checked_in_background"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="importrun",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="importrun",
                    name="project",
                ),
                migrations.RemoveField(
                    model_name="importrun",
                    name="undone_by",
                ),
                migrations.RemoveField(
                    model_name="importrun",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="ImportMapping",
                ),
                migrations.DeleteModel(
                    name="ImportRun",
                ),
            ],
            database_operations=[],
        ),
    ]
