"""Sorting and paging a list's table from the request, with a page size the request cannot break.

django-tables2's RequestConfig hands `?per_page=` to Django's Paginator as it comes: `-1` or `0` end in a
server error, and `?per_page=100000000` draws every row of the list. Every list goes through
`configure_table`, so the page size is decided here once: a whole number from 1 to MAX_PER_PAGE, else the
table's own default (RecordTable.Meta.per_page).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django_tables2 import RequestConfig

# Enough for a whole table of a consortium's records on one page (ELCA has about 70 agreements); a page
# of 500 rows still draws in a fraction of a second (bench P5).
MAX_PER_PAGE = 500


def whole_number(text, default: int, *, low: int, high: int) -> int:
    """`text` as an int within low..high, or `default` when it is not a whole number in that range."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def configure_table(request, table):
    """RequestConfig(request).configure(table), with `per_page` and `page` read safely."""
    RequestConfig(request, paginate=False).configure(table)  # sorting only
    per_page = whole_number(
        request.GET.get(table.prefixed_per_page_field), table._meta.per_page, low=1, high=MAX_PER_PAGE
    )
    page = whole_number(request.GET.get(table.prefixed_page_field), 1, low=1, high=10**9)
    try:
        table.paginate(per_page=per_page, page=page)
    except (EmptyPage, PageNotAnInteger):  # past the last page: show the last, as RequestConfig does
        table.page = table.paginator.page(table.paginator.num_pages)
    return table
