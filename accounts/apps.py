from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_delete, post_save

        from accounts import checks, security_events  # noqa: F401 - checks registers the deploy checks
        from accounts.language import language_at_login
        from accounts.middleware import stamp_login
        from accounts.twostep.policy import remember_at_login
        from consortium.models import Membership

        # Login is the one moment a session's clock can start, and whether it needs a second step is
        # decided; Django announces it only by this signal.
        user_logged_in.connect(stamp_login, dispatch_uid="accounts.session_clock")
        user_logged_in.connect(remember_at_login, dispatch_uid="accounts.two_step")
        user_logged_in.connect(language_at_login, dispatch_uid="accounts.language")
        # Security events (RELIABILITY.md R6, R7): these moments are only announced by signals.
        user_logged_in.connect(security_events.on_login, dispatch_uid="accounts.log_login")
        user_login_failed.connect(security_events.on_login_failed, dispatch_uid="accounts.log_login_failed")
        user_logged_out.connect(security_events.on_logout, dispatch_uid="accounts.log_logout")
        user_locked_out.connect(security_events.on_locked_out, dispatch_uid="accounts.log_locked_out")
        for signal, receiver in (
            (post_save, security_events.on_membership_saved),
            (post_delete, security_events.on_membership_deleted),
        ):
            signal.connect(receiver, sender=Membership, dispatch_uid=f"accounts.log_{receiver.__name__}")
