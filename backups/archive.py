"""Backup and restore of the database and the evidence files (RELIABILITY.md R19).

One archive (.tar.gz) holds `database.sqlite3` (SQLite's online backup API: a consistent copy of a live
database, unlike `cp`) or `database.pgdump` (`pg_dump -Fc`), the `media/` folder, and `manifest.json` with
per-table row counts and checksums, which `restore` checks after restoring.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection


class BackupError(RuntimeError):
    """A backup or restore could not be completed; the message says why and what was left unchanged."""


def table_fingerprints() -> dict[str, dict]:
    """Row count and a checksum of the rows, ordered by every column, for each table of the database."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608  # nosec B608
            rows = sorted(repr(tuple(str(value) for value in row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = [
        "-h",
        db["HOST"] or "localhost",
        "-p",
        str(db["PORT"] or 5432),
        "-U",
        db["USER"],
        "-d",
        db["NAME"],
    ]
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return args, env


def _run(argv: list[str], env: dict) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[:500]}")


def backup(archive: Path) -> dict:
    """Write the archive; returns the manifest."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)
            target.close()
        elif connection.vendor == "postgresql":
            args, env = _pg_env()
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(work / "database.pgdump"), *args], env)
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        manifest = {"vendor": connection.vendor, "tables": table_fingerprints()}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for name in ("manifest.json", "database.sqlite3", "database.pgdump"):
                if (work / name).exists():
                    tar.add(work / name, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(archive)  # a half-written archive never carries the final name
    return manifest


def restore(archive: Path) -> dict:
    """Replace the database and media files with the archive's; verify the tables against its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['vendor']} database; "
                f"this installation uses {connection.vendor}"
            )
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(work / "database.sqlite3")
            source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            args, env = _pg_env()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(work / "database.pgdump"),
                ],
                env,
            )
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work / "media", media)
    restored = table_fingerprints()
    differing = sorted(t for t in manifest["tables"] if manifest["tables"][t] != restored.get(t))
    if differing:
        raise BackupError(f"restored tables differ from the backup: {', '.join(differing)}")
    return manifest
