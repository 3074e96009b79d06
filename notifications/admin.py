"""What was told and mailed, for whoever runs the installation: read only (the product's own pages and
`send_reminders` write these rows)."""

from django.contrib import admin

from notifications.models import Mail, Notification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mail)
class MailAdmin(ReadOnly):
    list_display = [
        "pk",
        "user",
        "digest_day",
        "created_at",
        "sent_at",
        "attempts",
        "next_try_at",
        "last_error",
    ]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "digest_day"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "last_error"]


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["pk", "user", "project", "kind", "created_at", "read_at", "delivery", "mail"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user", "project"]
    search_fields = ["user__username", "key"]
