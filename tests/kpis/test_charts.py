"""The SVG charts: accessible (title, desc, values as text) and every text escaped (RELIABILITY.md R10)."""

from types import SimpleNamespace

from kpis import charts


def test_bars_escape_their_labels_and_write_the_values_beside_them():
    svg = str(charts.hbars([("<script>x</script>", 3, 4, "behind")], title='A "title" & more', label_id="t"))

    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert '<title id="t-t">A &quot;title&quot; &amp; more</title>' in svg
    assert ">3 / 4</text>" in svg
    assert 'role="img" aria-labelledby="t-t t-d"' in svg
    assert "style=" not in svg  # the Content Security Policy forbids inline styles


def test_curve_marks_each_period_and_the_target():
    periods = [SimpleNamespace(number=1), SimpleNamespace(number=2)]

    svg = str(charts.curve([(periods[0], 1), (periods[1], 5)], 12, title="T", label_id="c"))

    assert "Cumulative value at the end of each period: P1 1, P2 5; target 12" in svg
    assert ">target 12</text>" in svg and "<polyline" in svg
