"""The narrative texts of a report in its HTML: already sanitised (narrative.markup.to_html), marked safe
here; with `inline`, the report's images are put in as data: URLs so the page or file stands alone."""

import re

from django import template
from django.utils.safestring import mark_safe

from reports.common import REPORT_IMAGES

register = template.Library()

_SRC = re.compile(r'src="' + re.escape(REPORT_IMAGES) + r'(\d+)"')


@register.simple_tag
def report_text(safe_html: str, images: dict, inline: bool):
    """The text's HTML (sanitised when the report was built); images inlined when `inline`, else left at
    the address the PDF's fetcher serves."""
    if inline and safe_html:

        def data_url(match):
            image = (images or {}).get(match[1])
            if not image or not image["mime"].startswith("image/"):
                return 'src=""'
            return f'src="data:{image["mime"]};base64,{image["data"]}"'

        safe_html = _SRC.sub(data_url, safe_html)
    return mark_safe(safe_html)  # noqa: S308 - sanitised by narrative.markup (nh3) when built
