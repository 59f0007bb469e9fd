"""The analysis of the requests of a period (by receipt date): timeliness with numerators and denominators (the same
rule as the published indicators, indicators.tally), themes of complaints and of suggestions, counts by kind,
channel, theme and site. One computation for the analysis screen and `GET /api/v1/requests/analysis`.

Shares are exact fractions of their basis (`count` / `base`): a request may carry several themes, so the theme
shares of a kind need not add up to 100 %. Sites are grouped by site (two sites of the same name in two departments
stay apart)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.db.models import Count, QuerySet

from vigie.core.periods import Period, PeriodKind
from vigie.register.analysis.indicators import timeliness
from vigie.register.enums import Channel, Kind
from vigie.register.models import UserRequest


def received_in(requests: QuerySet[UserRequest], period: Period) -> QuerySet[UserRequest]:
    """The requests received (local receipt date) from the period's first day to its last, both included."""
    return requests.filter(received_date__gte=period.start, received_date__lte=period.end)


def period_label(period: Period) -> str:
    """« 2024 » for a calendar year, « du 01/03/2024 au 31/03/2024 » for any other period."""
    if period.kind == PeriodKind.YEAR:
        return str(period.year)
    return f"du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"


THEMED_KINDS = ((Kind.COMPLAINT, "Réclamations"), (Kind.SUGGESTION, "Suggestions"))


def _rows(queryset, fields: tuple[str, ...], base: int, label) -> list[dict]:
    """Counts per value of `fields`, largest first, each with its share of `base`; `label(row, rows)` names a row
    (`rows`: all the counted rows, for labels that depend on the others)."""
    counted = list(queryset.values(*fields).annotate(n=Count("pk", distinct=True)).order_by("-n", *fields))
    return [
        {
            "key": row[fields[0]],
            "label": label(row, counted) or "—",
            "count": row["n"],
            "base": base,
            "share": Fraction(row["n"] * 100, base) if base else None,
        }
        for row in counted
    ]


def _site_label(row: dict, rows: list[dict]) -> str:
    """The site's name, with its department's code when the rows span several departments."""
    several = len({r["site__department__code"] for r in rows}) > 1
    return f"{row['site__name']} ({row['site__department__code']})" if several else row["site__name"]


def analyse(requests: QuerySet[UserRequest], *, today: dt.date | None = None) -> dict:
    """Every figure of the analysis for `requests` (already narrowed to the scope and the period). `today`: the
    date at which « due has passed » is judged (the department's own; the server's across departments)."""
    total = requests.count()
    kinds, channels = dict(Kind.choices), dict(Channel.choices)
    themes = []
    for kind, label in THEMED_KINDS:
        of_kind = requests.filter(kind=kind)
        count = of_kind.count()
        rows = _rows(of_kind.filter(themes__isnull=False), ("themes__name",), count, lambda r, _: r["themes__name"])
        themes.append({"kind": kind, "label": label, "count": count, "rows": rows})
    return {
        "total": total,
        "timeliness": timeliness(requests, today),
        "themes": themes,
        "by_kind": _rows(requests, ("kind",), total, lambda r, _: kinds.get(r["kind"], r["kind"])),
        "by_channel": _rows(requests, ("channel",), total, lambda r, _: channels.get(r["channel"], r["channel"])),
        "by_theme": _rows(
            requests.filter(themes__isnull=False), ("themes__name",), total, lambda r, _: r["themes__name"]
        ),
        "by_site": _rows(requests, ("site__pk", "site__name", "site__department__code"), total, _site_label),
    }
