"""The analysis of the requests of a period (by receipt date): timeliness with numerators and denominators (the same
rule as the published indicators, indicators.tally), themes of complaints and of suggestions, counts by kind,
channel, theme and site. One computation for the analysis screen and `GET /api/v1/requests/analysis`.

Shares are exact fractions of their basis (`count` / `base`): a request may carry several themes, so the theme
shares of a kind need not add up to 100 %. Sites are grouped by site (two sites of the same name in two departments
stay apart)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from vigie.core.periods import Period, PeriodKind
from vigie.frameworks.queries import register_indicators
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


def previous_period(period: Period) -> Period:
    """The same period one year earlier (29 February becomes the 28th)."""

    def earlier(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Period(earlier(period.start), earlier(period.end))


THEMED_KINDS = ((Kind.COMPLAINT, "Réclamations"), (Kind.SUGGESTION, "Suggestions"))
NO_THEME = "Sans thème"  # the row of the requests of a themed kind that carry no theme: counted, not left out

# One grouped statement per period: per site, kind and channel, the count, the requests with no theme, and the
# timeliness basis (the rule of indicators.tally, as conditional aggregates): answered, answered on time, Σ delays
# (requests with a deadline only), unanswered whose due date has passed.
# Grouped by site id (not by its name and department code: a narrower sort, issue 17), each group's site name and
# department code taken by MIN (one value per site).
GROUP = ("site_id", "kind", "channel")


def _grouped(requests: QuerySet[UserRequest], today: dt.date) -> list[dict]:
    timed = Q(deadline_days__isnull=False)
    replied = timed & Q(replied_date__isnull=False)
    themed = UserRequest.themes.through.objects.filter(userrequest_id=OuterRef("pk"))
    return list(
        requests.values(*GROUP)
        .annotate(
            site_name=Min("site__name"),
            site_code=Min("site__department__code"),
            n=Count("pk"),
            unthemed=Count("pk", filter=~Q(Exists(themed))),
            answered=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(on_time=True)),
            delays=Coalesce(Sum("delay_working_days", filter=replied), 0),
            past_due=Count("pk", filter=timed & Q(replied_date__isnull=True, due_date__lt=today)),
        )
        .order_by()
    )


def _themes(requests: QuerySet[UserRequest]) -> list[dict]:
    """Requests per kind and theme name (a request may carry several themes: counted once per theme). A request
    carries themes of its own department, whose names are unique there (theme_unique_in_department): each row of
    the join is a distinct (request, name), so a plain COUNT, with no DISTINCT and its sort (issue 17)."""
    return list(requests.filter(themes__isnull=False).values("kind", "themes__name").annotate(n=Count("pk")).order_by())


def _share_rows(counts: dict, base: int, label, order=lambda key: key) -> list[dict]:
    """Rows of {key: count}, largest first (then by `order(key)`), each with its exact share of `base`."""
    return [
        {
            "key": key,
            "label": label(key) or "—",
            "count": n,
            "base": base,
            "share": Fraction(n * 100, base) if base else None,
        }
        for key, n in sorted(counts.items(), key=lambda item: (-item[1], order(item[0])))
    ]


def _sum(rows: list[dict], key, field: str = "n") -> dict:
    totals: dict = defaultdict(int)
    for row in rows:
        totals[key(row)] += row[field]
    return dict(totals)


def _timeliness(rows: list[dict]) -> list[dict]:
    """Each family's figures from the grouped rows (the rule of indicators.tally, one figure per family)."""
    result = []
    for pair in register_indicators():
        counted = [row for row in rows if pair.counts(row["kind"], row["channel"])]
        on_time = sum(row["on_time"] for row in counted)
        answered = sum(row["answered"] for row in counted)
        due = answered + sum(row["past_due"] for row in counted)
        delays = sum(row["delays"] for row in counted)
        result.append(
            {
                "label": pair.label,
                "rate_code": pair.rate_code,
                "delay_code": pair.delay_code,
                "on_time": on_time,
                "due": due,
                "rate": Fraction(on_time * 100, due) if due else None,
                "delays": delays,
                "answered": answered,
                "mean_delay": Fraction(delays, answered) if answered else None,
            }
        )
    return result


def _site_label(several: bool):
    def label(key: tuple) -> str:
        _, name, code = key
        return f"{name} ({code})" if several else name

    return label


def analyse(
    requests: QuerySet[UserRequest], *, today: dt.date | None = None, previous: QuerySet[UserRequest] | None = None
) -> dict:
    """Every figure of the analysis for `requests` (already narrowed to the scope and the period), in two SQL
    statements (grouped counts with conditional aggregates, themes), and a third for `previous` (the same requests
    one year earlier) when given: the comparison in points. `today`: the date at which « due has passed » is judged
    (the department's own; the server's across departments)."""
    today = today or timezone.localdate()
    rows = _grouped(requests, today)
    theme_rows = _themes(requests)
    total = sum(row["n"] for row in rows)
    kinds, channels = dict(Kind.choices), dict(Channel.choices)
    kind_counts = _sum(rows, lambda r: r["kind"])
    unthemed = _sum(rows, lambda r: r["kind"], "unthemed")
    themes = []
    for kind, label in THEMED_KINDS:
        count = kind_counts.get(kind, 0)
        of_kind = {row["themes__name"]: row["n"] for row in theme_rows if row["kind"] == kind}
        group_rows = _share_rows(of_kind, count, lambda name: name)
        if unthemed.get(kind):
            group_rows += _share_rows({"": unthemed[kind]}, count, lambda _: NO_THEME)
        themes.append({"kind": kind, "label": label, "count": count, "rows": group_rows})
    site_keys = {(r["site_id"], r["site_name"], r["site_code"]) for r in rows}
    several = len({key[2] for key in site_keys}) > 1
    site_label = _site_label(several)
    by_site = _share_rows(_sum(rows, lambda r: (r["site_id"], r["site_name"], r["site_code"])), total, site_label)
    for row in by_site:
        row["key"] = row["key"][0]
    timeliness = _timeliness(rows)
    figures = {
        "total": total,
        "timeliness": timeliness,
        "themes": themes,
        "by_kind": _share_rows(kind_counts, total, lambda k: kinds.get(k, k)),
        "by_channel": _share_rows(_sum(rows, lambda r: r["channel"]), total, lambda c: channels.get(c, c)),
        "by_theme": _share_rows(_sum(theme_rows, lambda r: r["themes__name"]), total, lambda name: name),
        "by_site": by_site,
        "by_site_kind": _by_site_kind(rows, site_label),
    }
    if previous is not None:
        figures["previous"] = _comparison(figures, _grouped(previous, today))
    return figures


def _by_site_kind(rows: list[dict], site_label) -> dict:
    """Sites side by side, counted per kind: {"kinds": [(code, label)], "rows": [{label, counts: [...], total}]},
    the kinds that occur only, sites largest first."""
    kinds = [(code, label) for code, label in Kind.choices if any(r["kind"] == code for r in rows)]
    per_site: dict = defaultdict(lambda: defaultdict(int))
    for row in rows:
        per_site[(row["site_id"], row["site_name"], row["site_code"])][row["kind"]] += row["n"]
    lines = [
        {"label": site_label(key), "counts": [counts.get(code, 0) for code, _ in kinds], "total": sum(counts.values())}
        for key, counts in per_site.items()
    ]
    lines.sort(key=lambda line: (-line["total"], line["label"]))
    totals = [sum(line["counts"][i] for line in lines) for i in range(len(kinds))]
    return {"kinds": kinds, "rows": lines, "totals": totals, "total": sum(totals)}


def _comparison(current: dict, previous_rows: list[dict]) -> dict:
    """The previous year beside this one: total, each family's rate (difference in points) and mean delay, and each
    kind's share (difference in points). A figure without a basis on either side has no difference."""
    total = sum(row["n"] for row in previous_rows)
    before = {f["rate_code"]: f for f in _timeliness(previous_rows)}
    families = []
    for figure in current["timeliness"]:
        old = before[figure["rate_code"]]
        families.append(
            {
                "label": figure["label"],
                "rate": figure["rate"],
                "previous_rate": old["rate"],
                "points": None if figure["rate"] is None or old["rate"] is None else figure["rate"] - old["rate"],
                "mean_delay": figure["mean_delay"],
                "previous_mean_delay": old["mean_delay"],
            }
        )
    old_kinds = _sum(previous_rows, lambda r: r["kind"])
    kinds = []
    for row in current["by_kind"]:
        old_share = Fraction(old_kinds.get(row["key"], 0) * 100, total) if total else None
        points = None if row["share"] is None or old_share is None else row["share"] - old_share
        kinds.append({"label": row["label"], "share": row["share"], "previous_share": old_share, "points": points})
    return {"total": total, "timeliness": families, "kinds": kinds}
