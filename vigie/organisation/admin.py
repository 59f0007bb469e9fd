"""Django admin, for national administrators only (see core.admin_site)."""

from django.contrib import admin

from .models import ApiToken, ClosureDay, Department, OpeningPeriod, RoleAssignment, Service, Site


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


class OpeningInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class ClosureInline(admin.TabularInline):
    model = ClosureDay
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population"]
    search_fields = ["code", "name"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["name", "code", "department__name", "department__code"]
    inlines = [ServiceInline, OpeningInline, ClosureInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "site"]
    list_filter = ["site__department"]
    search_fields = ["name", "code", "site__name", "site__code"]
    autocomplete_fields = ["site"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "site", "service"]
    list_filter = ["role"]
    # chosen by name (search), never by numeric id; the everyday screen is « Personnes et rôles » (vigie/people)
    autocomplete_fields = ["user", "department", "site", "service"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "digest"]
