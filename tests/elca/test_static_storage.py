"""Production static files (issue 12, item 10): after `collectstatic`, whitenoise serves the hashed files
but not the manifest that lists them all (elca.static_storage)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRUBBED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
# What a request through the TLS proxy sees: the site's host name, HTTPS.
ASK = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
client = Client(HTTP_HOST="kpi.example.org")
paths = ["/static/staticfiles.json", staticfiles_storage.url("css/app.css")]
print(json.dumps({path: client.get(path, secure=True).status_code for path in paths}))
"""


def manage(*args, **env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_manifest_is_not_served_but_the_hashed_files_are(tmp_path):
    static_root = tmp_path / "static"
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kpi.example.org",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    # What the pages need (the 404 page too): the admin's and the flags' files would add half a minute of
    # compression and prove nothing more about where the manifest goes.
    skip = ["admin", "flags", "django_tables2", "django_otp", "otp_totp"]
    manage("collectstatic", "--no-input", "-v0", *[f"--ignore={name}" for name in skip], **production)

    answers = json.loads(manage("shell", "-c", ASK, **production).strip().splitlines()[-1])

    manifest, stylesheet = answers
    assert stylesheet != "/static/css/app.css"  # a hashed name, read from the manifest
    assert answers == {manifest: 404, stylesheet: 200}
    assert not (static_root / "staticfiles.json").exists()
    assert (tmp_path / "static-manifest" / "staticfiles.json").exists()
