"""Login throttling (django-axes, AXES_HANDLER): who may be locked out, and by whom.

Axes sees the client's address as the rate limits do (AXES_CLIENT_IP_CALLABLE = core.network.client_ip: behind
VIGIE_PROXY_COUNT trusted proxies, the address the farthest proxy received the connection from). Two locks:

- per (username, address): AXES_FAILURE_LIMIT failures lock that pair for AXES_COOLOFF_TIME. A stranger guessing a
  user's password from their own address locks only themselves: the user still signs in from theirs.
- per address: VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames, lock that
  address (password spraying: one password tried on many accounts). The cap spares a username that signed in
  successfully from that address in the last VIGIE_LOGIN_KNOWN_ADDRESS_DAYS days, so that colleagues behind one
  shared address (a prefecture's outgoing proxy) are not locked out by a neighbour; each of them keeps the
  per-pair lock.
"""

from __future__ import annotations

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off period, all usernames together."""
    total = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def signed_in_here_recently(request: HttpRequest, username: str | None) -> bool:
    if not username:
        return False
    since = request.axes_attempt_time - timedelta(days=settings.VIGIE_LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=request.axes_ip_address, attempt_time__gte=since
    ).exists()


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, with the per-address cap added to its per-(username, address) count."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)  # AXES_LOCKOUT_PARAMETERS: (username, address)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        if address_failures(request) < settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT:
            return failures
        if signed_in_here_recently(request, get_client_username(request, credentials)):
            return failures
        return limit  # the address is over its cap: locked like a pair at its limit
