from django.apps import AppConfig


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = "Consortium"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_delete, post_save

        from consortium import checks, security_events  # noqa: F401 - checks registers the deploy check
        from consortium.middleware import stamp_login
        from consortium.models import Membership
        from consortium.twostep.policy import remember_at_login

        # Login is the one moment a session's clock can start, and whether it needs a second step is
        # decided; Django announces it only by this signal.
        user_logged_in.connect(stamp_login, dispatch_uid="consortium.session_clock")
        user_logged_in.connect(remember_at_login, dispatch_uid="consortium.two_step")
        # Security events (RELIABILITY.md R6, R7): these moments are only announced by signals.
        user_logged_in.connect(security_events.on_login, dispatch_uid="consortium.log_login")
        user_login_failed.connect(security_events.on_login_failed, dispatch_uid="consortium.log_login_failed")
        user_logged_out.connect(security_events.on_logout, dispatch_uid="consortium.log_logout")
        user_locked_out.connect(security_events.on_locked_out, dispatch_uid="consortium.log_locked_out")
        for signal, receiver in (
            (post_save, security_events.on_membership_saved),
            (post_delete, security_events.on_membership_deleted),
        ):
            signal.connect(receiver, sender=Membership, dispatch_uid=f"consortium.log_{receiver.__name__}")
