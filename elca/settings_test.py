"""Test settings: the real module, with fast password hashing and plain static storage."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from elca.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Tests run without collectstatic: whitenoise finds the files where they are.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client and the live server speak plain HTTP; production keeps these on
# (tests/security/test_security.py).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# django-axes needs the request in every authenticate() call, which client.login() does not pass; its own
# tests (tests/security/test_security.py) switch it back on.
AXES_ENABLED = False
