from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "workspace"
    label = "workspace"
    verbose_name = "Partner workspace"
