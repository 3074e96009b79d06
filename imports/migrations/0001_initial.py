# The import models moved from kpis to this app (issue 13). Their tables keep their names (kpis_importrun,
# kpis_importmapping), so this changes Django's picture of the models only; the database is not touched,
# except that their content types (and so the admin's permissions) follow them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["importrun", "importmapping"]


def _relabel(apps, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model in MOVED:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def content_types_follow(apps, schema_editor):
    _relabel(apps, "kpis", "imports")


def content_types_go_back(apps, schema_editor):
    _relabel(apps, "imports", "kpis")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('kpis', '0004_import_run_checked_in_background'),
        ('consortium', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ImportMapping',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=40)),
                    ('mapping', models.JSONField(default=dict, help_text="File header -> template header ('' = not imported).")),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consortium.project')),
                ],
                options={
                    'db_table': 'kpis_importmapping',
                    'constraints': [models.UniqueConstraint(fields=('project', 'kind'), name='import_mapping_one_per_kind')],
                },
            ),
            migrations.CreateModel(
                name='ImportRun',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(help_text="A kind of imports.kinds, or 'participants'.", max_length=40)),
                    ('filename', models.CharField(max_length=255)),
                    ('update', models.BooleanField(default=False, help_text='Add or update (else add only).')),
                    ('status', models.CharField(choices=[('uploaded', 'Columns to match'), ('checking', 'Being checked'), ('previewed', 'Previewed, not imported'), ('applying', 'Being imported'), ('applied', 'Imported'), ('undone', 'Undone'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='uploaded', max_length=10)),
                    ('data', models.BinaryField(blank=True, default=b'')),
                    ('mapping', models.JSONField(blank=True, default=dict, help_text='File header -> template header.')),
                    ('rows', models.PositiveIntegerField(default=0)),
                    ('rows_checked', models.PositiveIntegerField(default=0, help_text='Rows checked so far by the background import (its progress).')),
                    ('created', models.PositiveIntegerField(default=0)),
                    ('updated', models.PositiveIntegerField(default=0)),
                    ('skipped', models.PositiveIntegerField(default=0)),
                    ('problems', models.JSONField(blank=True, default=list)),
                    ('unused_columns', models.JSONField(blank=True, default=list)),
                    ('notes', models.JSONField(blank=True, default=list)),
                    ('created_ids', models.JSONField(blank=True, default=list)),
                    ('updated_ids', models.JSONField(blank=True, default=list)),
                    ('created_organisations', models.JSONField(blank=True, default=list)),
                    ('before', models.JSONField(blank=True, default=dict, help_text='Updated rows as they were, for undo.')),
                    ('message', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('applying_since', models.DateTimeField(blank=True, help_text='When the import was handed to the background worker.', null=True)),
                    ('applied_at', models.DateTimeField(blank=True, null=True)),
                    ('undone_at', models.DateTimeField(blank=True, null=True)),
                    ('event', models.ForeignKey(blank=True, help_text='The matchmaking event a participant list goes into.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='events.event')),
                    ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_runs', to='consortium.project')),
                    ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'kpis_importrun',
                    'ordering': ['-created_at', '-pk'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['applied', 'undone']), ('applied_at__isnull', True), _connector='OR'), name='import_run_applied_at_only_if_applied')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
