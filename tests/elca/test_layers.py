"""The house's layers: an app uses only the apps listed before it in INSTALLED_APPS (README "Layout").

"Uses" is read from the code itself: Python imports (function-level ones too), URL names and template
names in Python strings (`reverse("kpis:dashboard")`, `render(request, "kpis/home.html")`), and in templates
`{% url %}`, `{% include %}` and `{% extends %}`. A cycle between apps is an upward use from one side, so
this test also fails on every import cycle between apps. Templates of the project itself (templates/*.html:
the frame every page extends, the error pages) sit on top, like elca/, and may name any app.
"""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

ROOT = Path(settings.BASE_DIR)
# Template folders whose name is not their app's: Django's auth views look for registration/*.html.
TEMPLATE_FOLDER_OWNER = {"registration": "accounts"}
URL_NAME = re.compile(r"^([a-z_]+):[a-z0-9_]+$")
TEMPLATE_NAME = re.compile(r"^([a-z_]+)/[\w/.-]+\.(?:html|txt)$")
TEMPLATE_TAG = re.compile(r"""{%\s*(url|include|extends)\s+["']([^"']+)["']""")


def our_apps() -> list[str]:
    """Our apps' labels, bottom layer first (their order in INSTALLED_APPS)."""
    return [c.label for c in apps.get_app_configs() if Path(c.path).parent == ROOT]


def namespace_owners() -> dict[str, str]:
    """URL namespace -> the app whose urls module declares it (read from the resolver, not listed here)."""
    owners = {}
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        module = getattr(resolver.urlconf_name, "__name__", None) or getattr(
            resolver.urlconf_module, "__name__", ""
        )
        owners[namespace] = module.split(".")[0]
    return owners


def uses_in_python(path: Path, labels: set[str], namespaces: dict[str, str]):
    """(line, app used) for every import of an app, URL name and template name in one module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if (match := URL_NAME.match(node.value)) and match[1] in namespaces:
                yield node.lineno, namespaces[match[1]]
            elif (match := TEMPLATE_NAME.match(node.value)) and match[1] in labels:
                yield node.lineno, TEMPLATE_FOLDER_OWNER.get(match[1], match[1])


def uses_in_template(path: Path, labels: set[str], namespaces: dict[str, str]):
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for tag, name in TEMPLATE_TAG.findall(line):
            if tag == "url":
                namespace = name.split(":")[0] if ":" in name else None
                if namespace in namespaces:
                    yield number, namespaces[namespace]
            else:
                folder = name.split("/")[0]
                owner = TEMPLATE_FOLDER_OWNER.get(folder, folder)
                if owner in labels:
                    yield number, owner


def template_owner(path: Path, labels: set[str]) -> str | None:
    """The app a template belongs to: its folder under templates/ (project-wide or the app's own)."""
    parts = path.relative_to(ROOT).parts
    at = parts.index("templates")
    if len(parts) - at == 2:  # templates/base.html, templates/404.html: the project's frame, on top
        return None
    folder = TEMPLATE_FOLDER_OWNER.get(parts[at + 1], parts[at + 1])
    assert folder in labels, f"{path.relative_to(ROOT)}: a template's folder names its app"
    return folder


def upward_uses() -> list[str]:
    order = our_apps()
    rank = {label: position for position, label in enumerate(order)}
    labels = set(order) | set(TEMPLATE_FOLDER_OWNER)
    namespaces = namespace_owners()
    found = []
    for label in order:
        for path in sorted((ROOT / label).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, used in uses_in_python(path, set(order), namespaces):
                if used in rank and rank[used] > rank[label]:
                    found.append(f"{path.relative_to(ROOT)}:{line} ({label}) uses {used}")
    for path in sorted(ROOT.glob("templates/**/*.*")) + sorted(ROOT.glob("*/templates/**/*.*")):
        owner = template_owner(path, set(order))
        if owner is None:
            continue
        for line, used in uses_in_template(path, labels, namespaces):
            if used in rank and rank[used] > rank[owner]:
                found.append(f"{path.relative_to(ROOT)}:{line} ({owner}) uses {used}")
    return found


def test_every_app_uses_only_the_apps_below_it():
    assert upward_uses() == []


def test_the_layers_are_the_agreed_ones():
    """DESIGN.md §3 and README "Layout": the frame at the bottom, the start page and the demo at the top."""
    order = our_apps()
    assert order[0] == "consortium"
    for lower, upper in [
        ("accounts", "setup"),
        ("setup", "workspace"),
        ("workspace", "missions"),
        ("missions", "events"),
        ("events", "agreements"),
        ("agreements", "kpis"),
        ("kpis", "imports"),
        ("kpis", "reports"),
        ("reports", "portal"),
        ("imports", "portal"),
        ("portal", "demo"),
    ]:
        assert order.index(lower) < order.index(upper), (lower, upper)


def test_an_upward_import_is_found(tmp_path, monkeypatch):
    """The scan sees a function-level import, a URL name and a template tag pointing up."""
    namespaces = {"kpis": "kpis", "portal": "portal"}
    module = tmp_path / "m.py"
    module.write_text(
        'def f():\n    from kpis.engine import build_dashboard\n    return reverse("portal:home")\n'
    )
    assert list(uses_in_python(module, {"kpis", "portal"}, namespaces)) == [(2, "kpis"), (3, "portal")]
    template = tmp_path / "t.html"
    template.write_text('{% extends "base.html" %}\n<a href="{% url \'kpis:dashboard\' acronym %}">\n')
    assert list(uses_in_template(template, {"kpis"}, namespaces)) == [(2, "kpis")]
