from django.apps import AppConfig


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = "Consortium"
