"""Every view states who may use it. The access-matrix test fails for a view without a rule.

Rules:
- PUBLIC: anyone, no account;
- AUTHENTICATED: any signed-in user (data that is not scoped, such as the frameworks' texts);
- SCOPED: signed-in user; the view fetches its objects through scoped queries (404 outside the scope)
  and checks manage rights with `perms` (403 when the object is visible but not manageable);
- NATIONAL_ADMIN: national administrators only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SCOPED = "scoped"
NATIONAL_ADMIN = "national_admin"
# Granted by the roles (vigie.organisation.backends.RoleBackend) and to superusers: core names no app.
NATIONAL_ADMIN_PERMISSION = "vigie.national_admin"


def access(rule: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        if rule == PUBLIC:
            wrapped = view
        elif rule == NATIONAL_ADMIN:

            @wraps(view)
            def admin_only(request, *args, **kwargs):
                if not request.user.has_perm(NATIONAL_ADMIN_PERMISSION):
                    raise PermissionDenied
                return view(request, *args, **kwargs)

            wrapped = login_required(admin_only)
        elif rule in (AUTHENTICATED, SCOPED):
            wrapped = login_required(view)
        else:
            raise ValueError(f"unknown access rule {rule!r}")
        wrapped.access_rule = rule
        return wrapped

    return decorator
