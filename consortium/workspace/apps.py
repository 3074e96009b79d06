from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "consortium.workspace"
    label = "workspace"
    verbose_name = "Partner workspace"
