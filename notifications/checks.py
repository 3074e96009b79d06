"""`manage.py check --deploy`: links in e-mails must open the product."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def site_url_set(app_configs, **kwargs):
    if settings.SITE_URL.rstrip("/") != DEFAULT_SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is the default, http://127.0.0.1:8000: links in notification e-mails will not open.",
            hint="Set SITE_URL to the address people open the product at, e.g. https://kpi.example.org.",
            id="notifications.W001",
        )
    ]
