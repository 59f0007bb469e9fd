"""What higher apps can show as evidence of a commitment. `frameworks` sits below them and never imports them: an
app registers a provider in its `AppConfig.ready()` (the register its figures, later the surveys their results),
and the auditor's page of a commitment (audits) shows every registered provider's lines.

A provider receives the commitment, the department, the site (or None for the whole department) and the year, and
returns frozen `EvidenceLine`s: a label, a figure with its basis (numerator and denominator when it is a rate),
and an optional link. It reads through its own app's queries; a few queries per call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by other apps' AppConfig modules, before the models are ready
    from vigie.organisation.models import Department, Site

    from .models import Commitment


@dataclass(frozen=True)
class EvidenceLine:
    label: str
    value: str  # the figure as shown, e.g. "92,3 %"
    basis: str = ""  # what it is computed from, e.g. "36 dans le délai / 39 dues"
    url: str = ""


@dataclass(frozen=True)
class EvidenceProvider:
    name: str  # stable key, e.g. "register"
    heading: str  # section heading on the page, e.g. "Registre des demandes"
    lines: Callable[[Commitment, Department, Site | None, int], Sequence[EvidenceLine]]


EVIDENCE_PROVIDERS: list[EvidenceProvider] = []


def add_evidence_provider(provider: EvidenceProvider) -> None:
    if all(existing.name != provider.name for existing in EVIDENCE_PROVIDERS):
        EVIDENCE_PROVIDERS.append(provider)


def evidence_for(
    commitment: Commitment, department: Department, site: Site | None, year: int
) -> list[tuple[EvidenceProvider, list[EvidenceLine]]]:
    """Every registered provider with its lines for this commitment (providers with nothing to show included)."""
    return [(p, list(p.lines(commitment, department, site, year))) for p in EVIDENCE_PROVIDERS]
