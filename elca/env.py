"""Read settings from the environment, failing loudly with the variable's name on a bad value."""

import os

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_URL_EXAMPLE = "smtp://user:password@mail.example.org:587/?tls=True"


def env_email() -> dict:
    """EMAIL_* settings from EMAIL_URL, or from EMAIL_HOST and its companions; {} when neither is set.

    A bad value stops the start-up naming the variable, never echoing it (the URL holds a password).
    """
    url = (os.environ.get("EMAIL_URL") or "").strip()
    host = (os.environ.get("EMAIL_HOST") or "").strip()
    if url and host:
        raise ImproperlyConfigured(
            "EMAIL_URL and EMAIL_HOST are both set: configure e-mail with one of them."
        )
    if url:
        return _email_from_url(url)
    if not host:
        return {}
    tls, ssl = env_bool("EMAIL_USE_TLS", False), env_bool("EMAIL_USE_SSL", False)
    if tls and ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS and EMAIL_USE_SSL are both on: choose one (STARTTLS, usually on port 587, or "
            "SSL, usually on port 465)."
        )
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": host,
        "EMAIL_PORT": env_int("EMAIL_PORT", 587 if tls else 465 if ssl else 25),
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }


def _email_from_url(url: str) -> dict:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in dj_email_url.SCHEMES:
        known = ", ".join(f"{name}://" for name in dj_email_url.SCHEMES)
        raise ImproperlyConfigured(
            f"EMAIL_URL is not an e-mail URL: {scheme or 'no'} scheme; use one of {known} "
            f"(e.g. {EMAIL_URL_EXAMPLE})."
        )
    try:
        parsed = dj_email_url.parse(url)
    except ValueError as exc:  # a port or timeout that is not a number
        raise ImproperlyConfigured(
            f"EMAIL_URL is not an e-mail URL ({exc}); e.g. {EMAIL_URL_EXAMPLE}."
        ) from None
    # dj-email-url gives None for what the URL does not say (no user, no timeout): Django's defaults apply.
    return {name: value for name, value in parsed.items() if value is not None}
