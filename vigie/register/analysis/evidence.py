"""The register's figures as evidence of a commitment (frameworks/evidence.py): for each pair of indicators the
register computes that the commitment names, the year's rate answered within the deadline and the mean delay, with
their bases, over the requests received in the year (the department's, or one site's)."""

from __future__ import annotations

from vigie.core.formatting import format_number, format_percent
from vigie.frameworks.evidence import EvidenceLine
from vigie.frameworks.models import Commitment
from vigie.frameworks.queries import register_indicators
from vigie.organisation.models import Department, Site
from vigie.register.analysis.indicators import timeliness
from vigie.register.models import UserRequest


def register_evidence(commitment: Commitment, department: Department, site: Site | None, year: int) -> list:
    codes = {indicator.code for indicator in commitment.indicators.all()}
    labels = {p.label for p in register_indicators() if {p.rate_code, p.delay_code} & codes}
    if not labels:
        return []
    requests = UserRequest.objects.filter(department=department, received_date__year=year)
    if site is not None:
        requests = requests.filter(site=site)
    lines = []
    for family in timeliness(requests):
        if family["label"] not in labels:
            continue
        lines.append(
            EvidenceLine(
                label=f"{family['label']} — réponses dans le délai ({year})",
                value=format_percent(family["rate"]),
                basis=f"{family['on_time']} dans le délai / {family['due']} dues",
            )
        )
        lines.append(
            EvidenceLine(
                label=f"{family['label']} — délai moyen de réponse ({year})",
                value=f"{format_number(family['mean_delay'], 2)} j. o." if family["mean_delay"] is not None else "—",
                basis=f"{family['delays']} jours ouvrés / {family['answered']} réponses",
            )
        )
    return lines
