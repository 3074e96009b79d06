"""Download buttons for the reports of a project and period, for pages outside the reports app."""

from django import template

from reports.formats import FORMATS, KINDS

register = template.Library()


@register.inclusion_tag("reports/_download_buttons.html")
def report_downloads(project, period):
    """One row per report: preview, and a button per file format (each a POST that starts an export)."""
    kinds = [{"key": key, "label": label, "formats": FORMATS[key]} for key, (label, _) in KINDS.items()]
    return {"project": project, "period": period, "kinds": kinds}
