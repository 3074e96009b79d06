from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"

    def ready(self):
        from kpis import checks  # noqa: F401 - registers the counting-rule system check
        from kpis.links import offer_setup_pages

        offer_setup_pages()
