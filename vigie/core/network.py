"""The client's address as the rate limits see it (django-ratelimit's RATELIMIT_IP_META_KEY)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind VIGIE_PROXY_COUNT trusted proxies the address the farthest of them received the
    connection from: the N-th entry from the right of X-Forwarded-For (entries further left are written by the
    client and can be forged). A missing or malformed header falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.VIGIE_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
