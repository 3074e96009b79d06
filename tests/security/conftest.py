"""The security tests' world: the persona fixtures of tests/conftest.py, a superuser, and lazily built
records of partner A (AMZ) and partner B (MAV) in a private MEDIA_ROOT."""

import pytest

from tests.security.world import World


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def users(outsider, viewer, amz_staff, mav_staff, task_leader, coordinator, admin_user):
    return {
        "outsider": outsider,
        "viewer": viewer,
        "amz_staff": amz_staff,
        "mav_staff": mav_staff,
        "task_leader": task_leader,
        "coordinator": coordinator,
        "admin": admin_user,
    }


@pytest.fixture
def world(project, amz, mav, users):
    return World(project, amz, mav, users)


def stored_bytes(root) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
