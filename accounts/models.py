from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoAccount(models.Model):
    """A user the demo loader created: the only users a later demo load may change.

    The loader writes this row in the transaction that creates the user; no page, form or admin screen
    writes it. So it can be trusted where a user name cannot: a real `coordinator` that existed before
    the demo was loaded has no row here and is left alone (README "Demo logins").
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demo_account",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo account")
        verbose_name_plural = _("demo accounts")

    def __str__(self):
        return str(self.user)
