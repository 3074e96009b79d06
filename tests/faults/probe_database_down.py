"""Run by test_database_down.py in its own process (DATABASE_URL points at a database that is not there).

Prints, as JSON, the status and page of a few requests sent through Django's WSGI handler.
"""

import json

import django

django.setup()

from tests.faults.conftest import Server  # noqa: E402

anonymous, with_session = Server(), Server()
with_session.cookies["sessionid"] = "a" * 32  # any session cookie makes the request look its session up
answers = {
    "login page": anonymous.request("GET", "/accounts/login/"),
    "log in": anonymous.request("POST", "/accounts/login/", {"username": "mav", "password": "x"}),
    "start page": with_session.request("GET", "/"),
    "agreement list": with_session.request("GET", "/agreements/"),
}
print(json.dumps(answers))
