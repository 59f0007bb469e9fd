from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .perms import can_read_whole_department, is_national_admin
from .queries import header_department

DEPARTMENT_ROUTE = "departements/<str:code>/"  # the pages of one department (the header shows it)


def vigie(request: HttpRequest) -> dict:
    user = request.user

    found: list = []
    match = request.resolver_match
    page_code = match.kwargs.get("code") if match is not None and match.route.startswith(DEPARTMENT_ROUTE) else None

    def department():  # one query for both variables below, and none when a page uses neither
        if not found:
            found.append(header_department(user, page_code))
        return found[0]

    def reads_header_department() -> bool:
        return department() is not None and can_read_whole_department(user, department())

    return {
        "PROCONNECT_ENABLED": settings.PROCONNECT_ENABLED,
        "header_department": SimpleLazyObject(department),
        "user_is_national_admin": SimpleLazyObject(lambda: is_national_admin(user)),
        # the user reads the whole header department (quality officer, steering committee, auditor of it)
        "user_reads_header_department": SimpleLazyObject(reads_header_department),
    }
