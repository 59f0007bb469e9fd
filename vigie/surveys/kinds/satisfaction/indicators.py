"""The surveys feed SATISFACTION-GLOBALE (basis: satisfied respondents / respondents), per site and year of the
campaigns' end, through indicators.services.record_computed. The rule: rules.GLOBAL_RULE."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from vigie.core.periods import Period
from vigie.indicators.services import ComputedValue, record_computed
from vigie.organisation.models import Department, Site
from vigie.surveys.enums import Scale

from .models import Answer
from .rules import respondent_satisfied

GLOBAL_CODE = "SATISFACTION-GLOBALE"


def satisfaction_values(*, department: Department, year: int) -> list[ComputedValue]:
    rows = (
        Answer.objects.filter(
            response__campaign__department=department,
            response__campaign__end__year=year,
            question__scale=Scale.SATISFACTION,
        )
        .order_by("response_id")
        .values_list("response_id", "response__site_id", "value")
    )
    per_response: dict[int, tuple[int, list[str]]] = {}
    for response_id, site_id, value in rows.iterator(chunk_size=5000):
        per_response.setdefault(response_id, (site_id, []))[1].append(value)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for site_id, values in per_response.values():
        satisfied = respondent_satisfied(values)
        if satisfied is not None:
            counts[site_id][0] += satisfied
            counts[site_id][1] += 1
    sites = Site.objects.in_bulk(list(counts))
    period = Period.of_year(year)
    return [
        ComputedValue(GLOBAL_CODE, period, Decimal(satisfied), Decimal(respondents), site=sites[site_id])
        for site_id, (satisfied, respondents) in sorted(counts.items())
    ]


@transaction.atomic
def publish_satisfaction(*, department: Department, year: int) -> int:
    values = satisfaction_values(department=department, year=year)
    record_computed(department=department, span=Period.of_year(year), codes=[GLOBAL_CODE], values=values)
    return len(values)
