from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Spreadsheet import"

    def ready(self):
        from imports.links import offer_imports, offer_setup_book

        offer_imports()
        offer_setup_book()
