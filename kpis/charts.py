"""Server-side SVG charts: the same markup works in the page and in WeasyPrint PDFs (no JavaScript).

Colours are SVG presentation attributes, not `style=` (the Content Security Policy forbids inline styles,
and a PDF has no page stylesheet). Every text is escaped; every chart has a <title> and <desc>, and each
bar carries its value as text beside it, so the figure reads without colour.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

COLOURS = {"met": "#198754", "on_track": "#0d6efd", "behind": "#dc3545", "": "#6c757d"}
TRACK = "#e9ecef"
INK = "#212529"
MUTED = "#6c757d"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


def _svg(width: int, height: int, title: str, desc: str, body: list[str], label_id: str) -> SafeString:
    # Every text in `body` goes through _text (escaped); the rest is numbers and our constant colours.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{label_id}-t {label_id}-d" {FONT}>'
        f'<title id="{label_id}-t">{escape(title)}</title><desc id="{label_id}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, text, anchor="start", fill=INK, weight="normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-weight="{weight}">'
        f"{escape(str(text))}</text>"
    )


def _fmt(value) -> str:
    return "–" if value is None else str(value)


def hbars(rows, *, title: str, label_id: str, elapsed: float | None = None, label_width: int = 90):
    """Horizontal bars, one per row (label, achieved, target, status), scaled to the target.

    A bar fills its track at 100% of the target; beyond it the bar stops at the end and the text says so.
    `elapsed` draws the share of the project elapsed as a dashed line: a bar short of it is behind.
    """
    width, row_height, value_width = 560, 26, 90
    track = width - label_width - value_width
    height = row_height * len(rows) + (22 if elapsed is not None else 6)
    body = []
    # Rows without a target are scaled to the largest of them, so their bars still compare.
    untargeted_max = max([a or 0 for _, a, t, _ in rows if t is None] + [1])
    for index, (label, achieved, target, status) in enumerate(rows):
        y = 4 + index * row_height
        body.append(_text(label_width - 8, y + 15, label, anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{track}" height="14" rx="2" fill="{TRACK}"/>'
        )
        if achieved and target:
            share = min(achieved / target, 1.0)
            body.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{track * share:.1f}" height="14" rx="2" '
                f'fill="{COLOURS.get(status, COLOURS[""])}"/>'
            )
        elif achieved and not target:
            share = achieved / untargeted_max
            body.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{track * share:.1f}" height="14" rx="2" '
                f'fill="{MUTED}"/>'
            )
        text = f"{_fmt(achieved)} / {_fmt(target)}" if target is not None else _fmt(achieved)
        body.append(_text(label_width + track + 6, y + 15, text))
    if elapsed is not None:
        x = label_width + track * elapsed
        bottom = row_height * len(rows) + 4
        body.append(
            f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{bottom}" stroke="{INK}" stroke-dasharray="4 3"/>'
        )
        body.append(
            _text(
                x,
                bottom + 13,
                _("%(percent)s%% of the project elapsed") % {"percent": round(elapsed * 100)},
                anchor="middle",
                fill=MUTED,
            )
        )
    desc = "; ".join(
        _("%(label)s: %(achieved)s of %(target)s") % {"label": label, "achieved": _fmt(a), "target": _fmt(t)}
        for label, a, t, _status in rows
    )
    return _svg(width, height, title, desc, body, label_id)


def curve(points, target, *, title: str, label_id: str):
    """The cumulative value at the end of each period (a step line), with the target as a dashed line."""
    width, height, left, right, top, bottom = 560, 180, 40, 16, 24, 30
    values = [v for _, v in points if v is not None]
    top_value = max([*values, target or 0, 1])
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points), 1)

    def y_of(value):
        return top + plot_h - plot_h * value / top_value

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{MUTED}"/>',
        _text(left - 6, y_of(0) + 4, "0", anchor="end", fill=MUTED),
        _text(left - 6, y_of(top_value) + 4, top_value, anchor="end", fill=MUTED),
    ]
    if target:
        body.append(
            f'<line x1="{left}" y1="{y_of(target):.1f}" x2="{width - right}" y2="{y_of(target):.1f}" '
            f'stroke="{COLOURS["met"]}" stroke-dasharray="6 4"/>'
        )
        body.append(
            _text(
                width - right,
                y_of(target) - 4,
                _("target %(target)s") % {"target": target},
                anchor="end",
                fill=COLOURS["met"],
            )
        )
    path = []
    for index, (period, value) in enumerate(points):
        x = left + step * index + step / 2
        body.append(_text(x, height - 10, _period(period.number), anchor="middle", fill=MUTED))
        if value is None:
            continue
        path.append(f"{x:.1f},{y_of(value):.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="4" fill="{COLOURS["on_track"]}"/>')
        body.append(_text(x, y_of(value) - 8, value, anchor="middle", weight="bold"))
    if len(path) > 1:
        body.insert(
            3,
            f'<polyline points="{" ".join(path)}" fill="none" stroke="{COLOURS["on_track"]}" '
            'stroke-width="2"/>',
        )
    desc = _("Cumulative value at the end of each period: %(values)s") % {
        "values": ", ".join(f"{_period(p.number)} {_fmt(v)}" for p, v in points)
    }
    if target:
        desc += "; " + _("target %(target)s") % {"target": target}
    return _svg(width, height, title, desc, body, label_id)


def timeline(months: int, start_label, items, missions, *, label_id: str, today_month: int | None = None):
    """Plan items as markers per project month and missions as bars on the same month axis.

    `items`: (month, label, state) with state done / late / open; `missions`: (first, last, label) months,
    or (None, None, label) for a mission without a date, listed at the side.
    """
    left, right, row = 250, 16, 22
    width = 980
    step = (width - left - right) / months
    dated = [m for m in missions if m[0] is not None]
    rows = len(items) + len(dated)
    height = 40 + rows * row + 10
    colours = {"done": COLOURS["met"], "late": COLOURS["behind"], "open": MUTED}
    body = []
    for month in range(1, months + 1):
        x = left + step * (month - 1)
        if month == 1 or month % 3 == 0:
            body.append(_text(x + step / 2, 14, _month(month), anchor="middle", fill=MUTED))
        body.append(f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height - 6}" stroke="{TRACK}"/>')
    if today_month:
        x = left + step * min(today_month, months)
        body.append(
            f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 6}" stroke="{INK}" '
            'stroke-dasharray="4 3"/>'
        )
    y = 30
    for month, label, state in items:
        x = left + step * (month - 0.5)
        body.append(_text(left - 8, y + 13, _short(label), anchor="end"))
        body.append(f'<circle cx="{x:.1f}" cy="{y + 9}" r="6" fill="{colours[state]}"/>')
        body.append(_text(x + 10, y + 13, f"{_month(month)} {_state(state)}", fill=colours[state]))
        y += row
    for first, last, label in dated:
        x = left + step * (first - 1)
        body.append(_text(left - 8, y + 13, _short(label), anchor="end"))
        body.append(
            f'<rect x="{x:.1f}" y="{y + 3}" width="{max(step * (last - first + 1), 4):.1f}" height="12" '
            f'rx="2" fill="#6f42c1"/>'
        )
        body.append(
            _text(
                x + step * (last - first + 1) + 6,
                y + 13,
                _months(first, last),
            )
        )
        y += row
    desc = (
        "; ".join(f"{_month(m)} {label}: {_state(state)}" for m, label, state in items)
        + "; "
        + _("missions: %(missions)s")
        % {
            "missions": "; ".join(
                f"{label} {_month(first)}-{_month(last)}"
                if first
                else _("%(mission)s (no date)") % {"mission": label}
                for first, last, label in missions
            )
        }
    )
    title = _("Timeline from %(start)s") % {"start": start_label}
    return _svg(width, height, title, desc, body, label_id)


def _period(number) -> str:
    # Translators: a reporting period by its number on a chart's axis (P1, P2).
    return pgettext("reporting period", "P%(number)s") % {"number": number}


def _month(number) -> str:
    # Translators: a project month by its number on a chart's axis (M1 = the project's first month).
    return pgettext("project month", "M%(number)s") % {"number": number}


def _months(first, last) -> str:
    return _month(first) + (f"-{_month(last)}" if last != first else "")


def _state(state: str) -> str:
    """A plan item's state (done / late / open) as the chart writes it."""
    return {
        "done": pgettext("plan item status", "done"),
        "late": pgettext("plan item status", "late"),
        "open": pgettext("plan item status", "open"),
    }.get(state, state)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
