"""Admin (national administrators only): the outbox's state, read-only."""

from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Status only: no address or content in the list (personal data)."""

    list_display = ["pk", "related_app", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["sent_at", "related_app"]
    fields = ["related_app", "created_at", "attempts", "next_attempt_at", "sent_at", "failed_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
