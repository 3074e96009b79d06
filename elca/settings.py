"""The one settings module: every value comes from the environment (README, "Configuration")."""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

from elca.env import env_bool, env_email, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (e.g. SECRET_KEY=$(openssl rand -hex 32))."
        )
    SECRET_KEY = "insecure-development-key-only-for-DEBUG"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names the site is served under when DEBUG is off."
    )


def organisation_page(organisation) -> str:
    """Organisation.get_absolute_url: the directory's pages are the organisations app's, a layer above the
    frame (consortium) that holds the model (Django's ABSOLUTE_URL_OVERRIDES)."""
    from django.urls import reverse

    return reverse("organisations:organisation_detail", args=[organisation.pk])


ABSOLUTE_URL_OVERRIDES = {"consortium.organisation": organisation_page}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "simple_history",
    "axes",
    "django_tables2",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    # Two-step login (README "Two-step login"): TOTP authenticator apps plus one-use backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Our apps, from the bottom layer up: an app imports only the apps above it in this list
    # (tests/elca/test_layers.py; README "Layout").
    "consortium",
    # Login, two-step, lockout, session limits, security events, error pages; demo accounts (issue 12).
    "accounts",
    # Pages that set up a project's frame: project, periods, partners, work plan (issue 15).
    "setup",
    "workspace",
    "organisations",
    "missions",
    "events",
    # The dissemination log (issue 16): communication activities and the audience they reached.
    "communication",
    "agreements",
    "kpis",
    # The narrative of the periodic report: texts per period, contributions, their review (issue 16).
    "narrative",
    "imports",
    "reports",
    "portal",
    # What the product tells people: the bell, e-mails, reminders, calendar feeds (issue 17).
    "notifications",
    "demo",
    "backups",
    # Background exports (issue 5): Django's Tasks API (backport) with its database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The person's language: their cookie, else the browser's (accounts.language).
    "accounts.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the session clock (an expired session goes to the login page, not to the code page).
    "accounts.twostep.middleware.TwoStepMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "elca.urls"
WSGI_APPLICATION = "elca.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.middleware.session_clock",
                "accounts.middleware.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and one writer work together; IMMEDIATE takes the write lock at BEGIN so two
        # concurrent edits queue (up to `timeout` seconds) instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the lock before "database is locked" (the export worker then waits
            # and tries again: reports.retry, manage.py run_worker).
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        config["CONN_MAX_AGE"] = 0
    return config


VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force (RELIABILITY.md R6): 5 failures for one user name from one address lock that pair out for
# 15 minutes (429), logged by django-axes; the lockout lifts by itself.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False


def _client_address(proxy_count: int) -> tuple[tuple[str, ...], int | None]:
    """AXES_IPWARE_META_PRECEDENCE_ORDER and AXES_IPWARE_PROXY_COUNT behind `proxy_count` proxies: where
    django-axes (through django-ipware) finds the client's address, for lockouts and security events.

    gunicorn sees only the nearest proxy's address (REMOTE_ADDR). Each proxy appends the address it was
    called from to X-Forwarded-For, so the client is the entry `proxy_count - 1` places from the header's
    right end (ipware's proxy count counts the proxies named inside the header). Entries a client wrote
    itself stand further left and are never picked, however many it sends. ipware's strict mode would
    instead throw away any longer header and fall back to the proxy's own address, putting everyone who
    sits behind a proxy of their own in one lockout bucket with the forgers: so not strict. Without proxies
    the header is not read at all (anyone could write it).
    What it costs: ipware prefers a public address, so behind a proxy that reaches gunicorn from a public
    address, clients with private addresses would all get the proxy's; keep the proxy on loopback or a
    private network (README "Deployment").
    """
    if proxy_count == 0:
        return ("REMOTE_ADDR",), None
    return ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), proxy_count - 1


if env_str("AXES_PROXY_COUNT") is not None:
    raise ImproperlyConfigured(
        "AXES_PROXY_COUNT is no longer read: set PROXY_COUNT, the number of proxies in front of gunicorn "
        "that add to X-Forwarded-For (nginx alone: 1)."
    )
# The documented deployment has one TLS proxy in front (README "Deployment"): with BEHIND_TLS_PROXY=1 the
# client's address is read from X-Forwarded-For by default.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"PROXY_COUNT={PROXY_COUNT} is negative: count the proxies in front (0 or more)."
    )
AXES_IPWARE_META_PRECEDENCE_ORDER, AXES_IPWARE_PROXY_COUNT = _client_address(PROXY_COUNT)
IPWARE_STRICT = False  # see _client_address

# Two-step login (README "Two-step login"): coordinators, task leaders and superusers must confirm each
# login with a code from an authenticator app (or a backup code); anyone else may opt in on their account
# page. MFA_REQUIRED=0 switches the second step off for everyone (a demo without phones); the deploy check
# warns about that (accounts.checks). Wrong codes: 5 in a row lock the code page for 15 minutes, the same
# limits as the password's.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "Consortium KPI tracker"

# Content Security Policy (RELIABILITY.md R2): everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# E-mail (README "E-mail"): from EMAIL_URL, or EMAIL_HOST and its companions (env_email sets EMAIL_BACKEND,
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL, ...). With DEBUG and
# neither, mail is printed on the console. With DEBUG off and neither, nothing can be mailed: the login page
# offers no password reset, and `check --deploy` warns (accounts.W001).
_email = env_email()
EMAIL_CONFIGURED = bool(_email)
if not EMAIL_CONFIGURED and DEBUG:
    _email = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
globals().update(_email)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10)  # seconds: a mail server that hangs must not hold a worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or _email.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = _email.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Password reset by e-mail: offered where a mail can be sent. At most PASSWORD_RESET_LIMIT requests per
# client address and per e-mail address within PASSWORD_RESET_WINDOW (accounts.models.PasswordResetRequest);
# a link works once, within PASSWORD_RESET_TIMEOUT (Django's default, 3 days, is long for a mailbox).
PASSWORD_RESET_BY_EMAIL = EMAIL_CONFIGURED or DEBUG
PASSWORD_RESET_LIMIT = 5
PASSWORD_RESET_WINDOW = timedelta(hours=1)
PASSWORD_RESET_TIMEOUT = 60 * 60
# Invitations (README "Inviting people"): a link works once, for this many days after it was (re)sent. They
# are mailed where a mail can leave (EMAIL_CONFIGURED, or the console with DEBUG); unless EMAIL_CONFIGURED,
# the coordinator's page also shows the link to pass on by hand.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# Notifications (README "Notifications and reminders"): the hour (0-23, TIME_ZONE) from which the daily digest
# of what came since the last one is sent to those who chose it for a kind; the settings page tells the hour.
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 7)
if not 0 <= NOTIFICATIONS_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(
        f"NOTIFICATIONS_DIGEST_HOUR={NOTIFICATIONS_DIGEST_HOUR} is not an hour (0 to 23)."
    )

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Languages (README "Languages"): the pages in the partners' six languages, English the source and the
# agency's. A person's choice (top bar, login page) is kept on their account (accounts.language) and in a
# cookie; without one the browser's language is taken. Reports stay English unless the export asks otherwise.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("fr", "Français"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats of the pages per language (elca/formats): English keeps the project's 04.02.2022.
FORMAT_MODULE_PATH = ["elca.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Brussels")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE={TIME_ZONE!r} is not a time zone name (e.g. Europe/Brussels)."
    ) from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The manifest of hashed names lives beside STATIC_ROOT, never in it: whitenoise serves all of STATIC_ROOT
# (elca.static_storage).
STATIC_MANIFEST_ROOT = STATIC_ROOT.with_name(f"{STATIC_ROOT.name}-manifest")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "elca.static_storage.ManifestBesideStaticRoot"
    },
}
# Evidence files are never served from a public path: downloads go through a permission-checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Partner workspace (issue 3): Bootstrap 5 forms and tables; evidence files up to 20 MB (README "Deployment").
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Messages render as Bootstrap alerts (templates/base.html: `alert-{{ message.tags }}`); Bootstrap has no
# `alert-error`, so an error would show unstyled: it is `alert-danger`.
MESSAGE_TAGS = {message_constants.ERROR: "danger"}
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# One upload (a form post) takes at most this many evidence files, and its office documents may unpack to
# at most this many bytes together, read from their zip directories before anything is unpacked.
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 10)
EVIDENCE_MAX_UNZIPPED_BYTES = env_int("EVIDENCE_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
# Django parses up to 100 files of a post before any view runs; ours take at most EVIDENCE_MAX_FILES.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * EVIDENCE_MAX_FILES

# Kosovo takes part in COSME and is not in ISO 3166; XK is its user-assigned code.
COUNTRIES_OVERRIDE = {"XK": "Kosovo"}

# Sessions (RELIABILITY.md R3): they end after 30 minutes without a request and 12 hours after login,
# whatever the activity (accounts.middleware.SessionTimeoutMiddleware); logout flushes the session.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# This long before the session ends, every page shows a warning with "Stay signed in" (static/js/site.js).
SESSION_WARN_SECONDS = env_int("SESSION_WARN_SECONDS", 5 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form post (no or wrong CSRF token) is logged as a security event, then shown as Django does.
CSRF_FAILURE_VIEW = "accounts.errors.csrf_failure"

# Transport security: on whenever DEBUG is off (production is served over HTTPS, README "Deployment").
# BEHIND_TLS_PROXY=1 trusts the proxy's X-Forwarded-Proto header (set it only behind such a proxy).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background jobs (issue 5, README "Reports"): the database backend needs no extra server; `make run`
# starts its worker (`manage.py db_worker`). A larger installation names another backend here.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# An export still "being prepared" this long after its worker started it is shown as interrupted (the worker
# was killed or restarted mid-render) and can be run again (reports.models.Export.interrupted).
EXPORT_STALE_MINUTES = env_int("EXPORT_STALE_MINUTES", 15)
# An import file of more rows than this is checked (its preview) by the background worker, not the request.
IMPORT_CHECK_IN_REQUEST_ROWS = env_int("IMPORT_CHECK_IN_REQUEST_ROWS", 2000)
# Export flooding (issue 12, S5): identical exports are shared, and one user has at most this many exports
# waiting or being prepared at a time (beyond it: 429, nothing queued), so one user cannot fill the queue.
EXPORTS_PENDING_PER_USER = env_int("EXPORTS_PENDING_PER_USER", 3)
# `manage.py prune_exports` deletes finished exports (their files) asked for more than this many days ago.
EXPORTS_KEEP_DAYS = env_int("EXPORTS_KEEP_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security": {"()": "accounts.security_events.JsonLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO ("Step 5 - Creating layout - Page 3"): keep only problems.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # Security events (RELIABILITY.md R6, R7): one JSON line each (time, event, user, ip, path) on the
        # console, where the service manager collects it; point this handler at a SIEM if there is one.
        "elca.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# Notifications (issue 17, README "Notifications and reminders"). Links in e-mails start with SITE_URL (the
# address people open the product at). Things older than the look-back (a record returned, a text accepted,
# a period ended) do not notify when `send_reminders` first runs. A finished export its page did not show
# is announced after this many seconds.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_LOOKBACK_DAYS = env_int("NOTIFICATIONS_LOOKBACK_DAYS", 14)
NOTIFICATIONS_EXPORT_UNSEEN_SECONDS = env_int("NOTIFICATIONS_EXPORT_UNSEEN_SECONDS", 60)
# `send_reminders` forgets notifications and e-mails older than this (longer than the look-back: a forgotten
# notification must not be made again).
NOTIFICATIONS_KEEP_DAYS = env_int("NOTIFICATIONS_KEEP_DAYS", 365)
if NOTIFICATIONS_KEEP_DAYS <= NOTIFICATIONS_LOOKBACK_DAYS + 1:
    raise ImproperlyConfigured(
        f"NOTIFICATIONS_KEEP_DAYS={NOTIFICATIONS_KEEP_DAYS} must be more than NOTIFICATIONS_LOOKBACK_DAYS "
        f"+ 1 ({NOTIFICATIONS_LOOKBACK_DAYS + 1}): a notification forgotten sooner could be made again."
    )
