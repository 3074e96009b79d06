"""The demo's published credentials (README "Demo logins"): the loader plants them, the deploy check
(accounts.checks) refuses a database that has them.

They live here, below the demo loader, so that the check never imports the loader (imports point down).
"""

import os
from base64 import b32decode

# Demo only (DESIGN.md §7), printed by `make run` and written in the README: public knowledge.
DEFAULT_DEMO_PASSWORD = "elca-demo-2026"  # noqa: S105 - published on purpose; refused by the deploy check
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
# The authenticator key the demo's coordinator, task leader and admin share, so a newcomer can log in
# without a phone (`manage.py demo_otp coordinator`); base32 of "elca-demo-two-step!!".
DEMO_TOTP_SECRET = "MVWGGYJNMRSW23ZNOR3W6LLTORSXAIJB"  # noqa: S105 - published on purpose, as above
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()  # as django-otp stores it
# Every demo user's e-mail is at this reserved domain (RFC 2606: it can never receive mail). Loaders
# before the DemoAccount marker set it too, so it finds their users as well.
DEMO_EMAIL_DOMAIN = "demo.invalid"


def demo_passwords() -> set[str]:
    """The passwords a demo load may have given: the published default and this environment's choice."""
    return {DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD}
