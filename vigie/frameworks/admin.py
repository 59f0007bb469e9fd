from django.contrib import admin

from .models import Framework, FrameworkVersion, Indicator, LabellingScope


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "version", "is_current", "created_at"]
    readonly_fields = ["checksum"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "periodicity", "department"]
    list_filter = ["kind", "periodicity", "department"]
    search_fields = ["code", "name"]


@admin.register(LabellingScope)
class LabellingScopeAdmin(admin.ModelAdmin):
    list_display = ["site", "framework_version", "since", "until"]
