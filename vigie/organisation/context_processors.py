from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .perms import can_read_whole_department, is_national_admin
from .queries import header_department


def vigie(request: HttpRequest) -> dict:
    user = request.user

    found: list = []

    def department():  # one query for both variables below, and none when a page uses neither
        if not found:
            found.append(header_department(user))
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
