"""The Django admin is kept for national administrators only."""

from django.contrib import admin

from .access import NATIONAL_ADMIN_PERMISSION


def _national_admin_only(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(NATIONAL_ADMIN_PERMISSION)


admin.site.has_permission = _national_admin_only
admin.site.site_header = "Vigie — administration nationale"
admin.site.site_title = "Vigie"
