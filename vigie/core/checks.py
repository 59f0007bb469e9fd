"""Deployment checks of Vigie's own settings (`vigie check --deploy`, beside Django's)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}  # noqa: S104 - names to refuse, not to bind


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs) -> list[Warning]:
    """SITE_URL makes the absolute addresses that leave the application: the QR codes and posters printed for the
    reception halls, the links in e-mails. A loopback or plain-http address there prints posters nobody can use."""
    url = urlsplit(settings.SITE_URL)
    problems = []
    if url.hostname in LOOPBACK or url.hostname is None:
        problems.append(
            Warning(
                f"SITE_URL vaut « {settings.SITE_URL} » : les QR codes, les affiches et les liens des courriels "
                "pointeraient vers cette machine.",
                hint="Donnez l'adresse publique du service, par exemple SITE_URL=https://vigie.prefecture.gouv.fr.",
                id="vigie.W001",
            )
        )
    elif url.scheme != "https":
        problems.append(
            Warning(
                f"SITE_URL (« {settings.SITE_URL} ») n'est pas en https : cookies non sécurisés, pas de HSTS.",
                hint="Servez Vigie en https et donnez l'adresse en https://.",
                id="vigie.W002",
            )
        )
    return problems
