"""Admin (national administrators only) for the register's configuration, until the quality officers'
screens exist: deadline overrides, themes, message templates (the outbox is in vigie.mail's admin)."""

from django.contrib import admin

from vigie.register.models import DeadlineRule, MessageTemplate, Theme


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
