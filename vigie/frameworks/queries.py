"""Reads on frameworks and indicators, and the register's rules of the shipped catalogue."""

from __future__ import annotations

from functools import cache

from django.db.models import Prefetch, Q, QuerySet

from .loader import CATALOGUE_FILE, DATA_DIR, parse_catalogue
from .models import Commitment, Framework, FrameworkVersion, Indicator, LabellingScope, Module
from .register_rules import RegisterDeadline, RegisterIndicators, RegisterRules


def frameworks_with_current_version() -> QuerySet[Framework]:
    return Framework.objects.prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.filter(is_current=True), to_attr="current")
    ).order_by("code")


def framework_tree(code: str, version: str | None = None) -> FrameworkVersion | None:
    """A framework version (the one in force unless `version` is given) with modules, commitments, indicators."""
    versions = FrameworkVersion.objects.filter(framework__code=code)
    versions = versions.filter(version=version) if version else versions.filter(is_current=True)
    return (
        versions.select_related("framework")
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "commitments",
                        queryset=Commitment.objects.order_by("position").prefetch_related(
                            Prefetch("indicators", queryset=Indicator.objects.order_by("code"))
                        ),
                    )
                ),
            )
        )
        .first()
    )


def indicators_for_department(department_id: int | None) -> QuerySet[Indicator]:
    """National indicators plus the local ones of a department."""
    condition = Q(department=None)
    if department_id:
        condition |= Q(department_id=department_id)
    return Indicator.objects.filter(condition).order_by("department_id", "code")


def labelling_scopes_for_sites(sites) -> dict[int, list]:
    """Labelling scopes of the given sites (the whole site's first, then each service's), keyed by site id, with
    framework, service and modules (2 queries)."""
    result: dict[int, list] = {}
    scopes = (
        LabellingScope.objects.filter(site__in=[s.pk for s in sites])
        .select_related("framework_version__framework", "service")
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("number")))
        .order_by("service__name", "-since")
    )
    for scope in scopes:
        result.setdefault(scope.site_id, []).append(scope)
    return result


def current_labelling_for_api(sites) -> dict[tuple[int, int | None], list[dict]]:
    """The current labelling scopes of these sites and of their services, keyed by (site id, service id or None), in
    the API's shape {"framework", "modules", "since"} (2 queries)."""
    result: dict[tuple[int, int | None], list[dict]] = {}
    scopes = (
        LabellingScope.objects.filter(site__in=[s.pk for s in sites], until=None)
        .select_related("framework_version__framework")
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("number")))
        .order_by("framework_version__framework__code", "-since")
    )
    for scope in scopes:
        result.setdefault((scope.site_id, scope.service_id), []).append(
            {
                "framework": scope.framework_version.framework.code,
                "modules": [m.number for m in scope.modules.all()],
                "since": scope.since,
            }
        )
    return result


def scope_indicator_ids(site_ids) -> set[int]:
    """Indicators proving the commitments of the modules in the current labelling scopes of these sites."""
    return set(
        Commitment.indicators.through.objects.filter(
            commitment__module__scopes__site__in=site_ids, commitment__module__scopes__until=None
        ).values_list("indicator_id", flat=True)
    )


# ---- the requests register's rules (catalogue sections register_indicators and register_deadlines) ---------------


@cache  # the shipped file does not change while the process runs; read once, no query
def _register_rules() -> RegisterRules:
    return parse_catalogue((DATA_DIR / CATALOGUE_FILE).read_bytes(), CATALOGUE_FILE).register


def register_indicators() -> tuple[RegisterIndicators, ...]:
    """The pairs (rate answered within the deadline, mean delay) Vigie computes from the register, in the
    catalogue's order, each with the kinds and channels of the requests it counts."""
    return _register_rules().indicators


def register_deadlines() -> tuple[RegisterDeadline, ...]:
    """The frameworks' default deadlines of requests, in working days, by kind and channel."""
    return _register_rules().deadlines


@cache
def _deadline_table() -> dict[tuple[str, str], int]:
    return {
        (kind, channel): rule.working_days
        for rule in register_deadlines()
        for kind in rule.kinds
        for channel in rule.channels
    }


def default_deadline(kind: str, channel: str) -> int | None:
    """The default deadline in working days of a request of this kind received by this channel; None: no
    deadline (thanks; phone and counter, answered at once)."""
    return _deadline_table().get((kind, channel))
