"""Bench-only settings (bench/issue17_http.py): Vigie's settings, with a URLconf that adds the bare anchor view to
Vigie's URLs, so the same server, middleware and connection settings serve both. Never used by Vigie itself."""

from vigie.settings import *  # noqa: F403

ROOT_URLCONF = "anchor_urls"
