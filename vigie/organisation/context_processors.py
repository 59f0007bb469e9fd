from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .perms import is_national_admin
from .queries import header_department


def vigie(request: HttpRequest) -> dict:
    user = request.user
    return {
        "PROCONNECT_ENABLED": settings.PROCONNECT_ENABLED,
        "header_department": SimpleLazyObject(lambda: header_department(user)),
        "user_is_national_admin": SimpleLazyObject(lambda: is_national_admin(user)),
    }
