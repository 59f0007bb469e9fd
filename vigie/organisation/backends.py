"""Roles answer Django's permission checks, so that `core` asks `user.has_perm(...)` and never imports roles."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from vigie.core.access import NATIONAL_ADMIN_PERMISSION

from .perms import is_national_admin


class RoleBackend(BaseBackend):
    """Grants the national administrator's permission to holders of that role (superusers have every permission
    through Django's ModelBackend already). Authenticates nobody."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm == NATIONAL_ADMIN_PERMISSION and is_national_admin(user_obj)
