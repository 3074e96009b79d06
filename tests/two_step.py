"""What a person with an authenticator app would type, for tests that log in through the real pages."""

from base64 import b32decode

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP

from accounts.twostep import policy


def current_code(user, device=None) -> str:
    """The 6-digit code the user's authenticator (or the given pending one) shows now."""
    device = device or policy.authenticator(user)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def log_in(page, base_url, username, password):
    """Log in through the real form, as a person would; then, where asked, type the authenticator's code."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: not url.startswith(f"{base_url}/accounts/login/"))
    if page.url.startswith(f"{base_url}/accounts/two-step/set-up/"):
        # First login of a coordinator or task leader: add the key shown to the "app", type its code.
        key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
        page.get_by_label("Code from the app").fill(f"{TOTP(key).token():06d}")
        page.get_by_role("button", name="Turn on two-step login").click()
        page.get_by_role("link", name="I have saved them, continue").click()
    elif page.url.startswith(f"{base_url}/accounts/two-step/verify/"):
        user = get_user_model().objects.get(username=username)
        page.get_by_label("Code").fill(current_code(user))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/")
    return page
