"""The Django admin is kept for national administrators only."""

from django.contrib import admin


def _national_admin_only(request) -> bool:
    from vigie.organisation.perms import is_national_admin

    return request.user.is_active and request.user.is_staff and is_national_admin(request.user)


admin.site.has_permission = _national_admin_only
admin.site.site_header = "Vigie — administration nationale"
admin.site.site_title = "Vigie"
