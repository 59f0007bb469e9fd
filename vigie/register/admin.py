"""Admin (national administrators only) for the register's configuration, until the quality officers'
screens exist: deadline overrides, themes, message templates, the outbox (read-only status)."""

from django.contrib import admin

from .models import DeadlineRule, MessageTemplate, OutboxMessage, Theme


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["department", "kind", "channel", "working_days"]
    list_filter = ["department", "kind", "channel"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    list_filter = ["department"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["purpose", "name", "department", "kind", "channel", "site", "version", "is_current"]
    list_filter = ["purpose", "department", "is_current"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Status only: no address or content in the list (personal data)."""

    list_display = ["pk", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["sent_at"]
    fields = ["created_at", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
