"""R4: every URL pattern x persona x own/other partner record x method, against authz_matrix.yaml.

The patterns come from the URL resolver, so a new URL without a row in the table fails here, with a
message saying how to add it. Each request runs inside a savepoint that is rolled back afterwards, so
every persona meets the same records. A refused POST (login, 400, 401, 403, 404, 405) must leave every
table's row count as it was, and every row of the tables it aims at (the record kind's table, its
many-to-many tables and evidence; for other pages every table of our apps); a POST of the outsider (member
of another project) must leave every row of ELCA as it was, whatever the answer.
"""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from tests.security.records import pdf_bytes
from tests.security.snapshots import difference, snapshot, watched_models
from tests.security.urlwalk import Pattern, all_patterns

TABLE_FILE = Path(__file__).with_name("authz_matrix.yaml")
TABLE = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
# column -> (persona fixture, whose record the URL points at: A = AMZ's, B = MAV's)
COLUMNS = {
    "anonymous": (None, "A"),
    "outsider": ("outsider", "A"),
    "viewer": ("viewer", "A"),
    "staff_own": ("amz_staff", "A"),
    "staff_other": ("amz_staff", "B"),
    "tl_own": ("task_leader", "B"),
    "tl_other": ("task_leader", "A"),
    "coord_own": ("coordinator", "A"),
    "coord_other": ("coordinator", "B"),
    "admin": ("admin", "A"),
}
assert list(COLUMNS) == TABLE["columns"], "authz_matrix.yaml's columns differ from COLUMNS"
OUTCOMES = {"200", "204", "302", "login", "400", "401", "403", "404", "405"}
REFUSED = {"login", "400", "401", "403", "404", "405"}
METHODS = ("GET", "POST")
DEFAULT_ARGS = {"acronym": "ELCA", "code": "WP3-2", "kind": "d32", "number": "1", "fmt": "xlsx"}
EXCLUDED = tuple(entry["prefix"] for entry in TABLE["excluded"])


def _checked_patterns() -> dict[str, Pattern]:
    return {p.key: p for p in all_patterns() if not p.route.startswith(EXCLUDED)}


PATTERNS = _checked_patterns()


def _how_to_add(key: str, pattern: Pattern) -> str:
    blank = " ".join(["???"] * len(COLUMNS))
    return (
        f"URL pattern {key!r} ({pattern.route}) has no row in {TABLE_FILE.name}. Add one under `patterns:`, "
        f"with the expected outcome per column ({' '.join(COLUMNS)}) for each method, from DESIGN.md §6:\n"
        f"  {key}:\n    GET:  {blank}\n    POST: {blank}\n"
        f"Outcomes: {', '.join(sorted(OUTCOMES))} (login = redirect to the login page). Add `args:` if the "
        "URL takes arguments the defaults cannot fill, and `post:` for the data a POST sends."
    )


def test_every_url_pattern_has_a_row():
    missing = [_how_to_add(k, p) for k, p in PATTERNS.items() if k not in TABLE["patterns"]]
    assert not missing, "\n\n".join(missing)


def test_the_table_has_no_rows_for_urls_that_are_gone():
    assert sorted(set(TABLE["patterns"]) - set(PATTERNS)) == []


def test_every_cell_is_a_known_outcome():
    bad = []
    for key, row in TABLE["patterns"].items():
        for method in METHODS:
            cells = str(row.get(method, "")).split()
            if len(cells) != len(COLUMNS) or not set(cells) <= OUTCOMES:
                bad.append(f"{key} {method}: {row.get(method)!r}")
    assert bad == []


# -- one test per URL pattern -----------------------------------------------------------------------------
def _resolve(spec, world, pattern, target):
    if isinstance(spec, str) and spec.startswith("@"):
        value = getattr(world, spec[1:])(pattern.kind, target)
        return value.pk if isinstance(value, models.Model) else value
    if isinstance(spec, dict):
        return {k: _resolve(v, world, pattern, target) for k, v in spec.items()}
    return spec


def _url(pattern, row, world, target) -> str:
    given = row.get("args") or {}
    kwargs = {}
    for name in pattern.arguments:
        if name in given:
            spec = given[name]
        elif pattern.kind and name == "pk":
            spec = "@record"
        elif pattern.kind and name == "history_id":
            spec = "@deleted"
        elif name in DEFAULT_ARGS:
            spec = DEFAULT_ARGS[name]
        else:
            pytest.fail(f"{pattern.key}: say how to fill <{name}>: add `args: {{{name}: ...}}` to its row")
        kwargs[name] = _resolve(spec, world, pattern, target)
    url = reverse(pattern.key, kwargs=kwargs)
    return f"{url}?{row['query']}" if row.get("query") else url


def _post_data(pattern, row, world, target) -> dict:
    """What a POST sends: valid data, so that a refusal is the view's decision, not the form's."""
    if "post" in row:
        return _resolve(row["post"], world, pattern, target)
    kind, action = pattern.kind, pattern.action
    if action == "create":
        return world.create_data(kind)
    if action == "edit":
        return world.edit_data(kind, world.record(kind, target))
    if action == "review":
        return {"action": "verify"}
    if action == "evidence":
        return {"evidence": SimpleUploadedFile("signed.pdf", pdf_bytes())}
    return {}


def _outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL):
        return "login"
    return str(response.status_code)


class Clients:
    """One test client per persona, logged in once, outside the savepoints the requests run in."""

    def __init__(self, users):
        self.users, self.clients = users, {}

    def __call__(self, persona) -> Client:
        if persona not in self.clients:
            client = self.clients[persona] = Client(raise_request_exception=False)
            if persona is not None:
                client.force_login(self.users[persona])
        return self.clients[persona]


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_authorization(key, world, users):
    pattern = PATTERNS[key]
    row = TABLE["patterns"].get(key)
    if row is None:
        pytest.fail(_how_to_add(key, pattern))
    clients = Clients(users)
    watched = watched_models(pattern.kind)
    elca_watched = watched_models()
    problems, seen = [], {}
    for column, (persona, target) in COLUMNS.items():
        for method in METHODS:
            expected = row[method].split()[list(COLUMNS).index(column)]
            # Built before the savepoint: objects made inside it would vanish with its rollback.
            url = _url(pattern, row, world, target)
            same = (persona, url, method)
            if same in seen:  # the same request as another column's (the URL names no partner's record)
                got, note = seen[same]
            else:
                data = _post_data(pattern, row, world, target) if method == "POST" else None
                watch = watched if method == "POST" and expected in REFUSED else None
                elca = elca_watched if persona == "outsider" and method == "POST" else None
                got, note = seen[same] = _request(clients(persona), method, url, data, watch, elca, world)
            if got != expected or note:
                problems.append(f"{column:12} {method:4} {url}: expected {expected}, got {got}{note}")
    assert not problems, f"{key}:\n" + "\n".join(problems)


def _request(client, method, url, data, watch, elca, world):
    """One request in a savepoint that is rolled back; what it answered, and what it wrongly changed."""
    note = ""
    cookies = copy.deepcopy(client.cookies)  # logging out replaces the session cookie
    with transaction.atomic():
        before = snapshot(watch) if watch is not None else None
        before_elca = snapshot(elca, project=world.project) if elca is not None else None
        response = client.post(url, data) if method == "POST" else client.get(url)
        got = _outcome(response)
        if response.streaming:  # read it as a WSGI server would: that closes the file it holds open
            b"".join(response.streaming_content)
        if got == "500" and getattr(response, "exc_info", None):
            note = f" ({response.exc_info[1]!r})"
        if before is not None and (changed := difference(before, snapshot(watch))):
            note += f"; the refused POST changed the database: {changed}"
        if before_elca is not None and (changed := difference(before_elca, snapshot(elca, world.project))):
            note += f"; the outsider changed ELCA's rows: {changed}"
        transaction.set_rollback(True)
    client.cookies = cookies
    return got, note
