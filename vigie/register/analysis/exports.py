"""The analysis as a spreadsheet (core/spreadsheets, the only writer): one sheet per table of the screen, numbers
as numbers with their formats, each share or rate beside its basis."""

from __future__ import annotations

from fractions import Fraction

from django.http import HttpResponse

from vigie.core.spreadsheets import INTEGER, PERCENT, POINTS, TWO_DECIMALS, Number, Sheet, workbook_response


def _ratio(value: Fraction | None) -> Number:
    """A share or rate in % (exact fraction of 100) as a fraction of 1, shown in percent."""
    return Number(None if value is None else value / 100, PERCENT)


def _points(value: Fraction | None) -> Number:
    return Number(None if value is None else value, POINTS)


def _shares(title: str, first: str, rows: list[dict]) -> Sheet:
    return Sheet(
        title=title,
        header=[first, "Nombre", "Base", "Part"],
        rows=[[r["label"], Number(r["count"], INTEGER), Number(r["base"], INTEGER), _ratio(r["share"])] for r in rows],
        name=first,
    )


def analysis_sheets(*, title: str, figures: dict, period: str, previous: str) -> list[Sheet]:
    timeliness = Sheet(
        title=f"{title} — respect des délais",
        header=[
            "Demandes",
            "Dans le délai",
            "Échues",
            "Taux",
            "Somme des délais (jours ouvrés)",
            "Répondues",
            "Délai moyen (jours ouvrés)",
        ],
        rows=[
            [
                f["label"],
                Number(f["on_time"], INTEGER),
                Number(f["due"], INTEGER),
                _ratio(f["rate"]),
                Number(f["delays"], INTEGER),
                Number(f["answered"], INTEGER),
                Number(f["mean_delay"], TWO_DECIMALS),
            ]
            for f in figures["timeliness"]
        ],
        name="Délais",
    )
    themes = Sheet(
        title=f"{title} — thèmes des réclamations et des suggestions",
        header=["Nature", "Thème", "Nombre", "Base", "Part"],
        rows=[
            [group["label"], r["label"], Number(r["count"], INTEGER), Number(r["base"], INTEGER), _ratio(r["share"])]
            for group in figures["themes"]
            for r in group["rows"]
        ],
        name="Thèmes",
    )
    sites = figures["by_site_kind"]
    by_site = Sheet(
        title=f"{title} — sites par nature",
        header=["Site", *[label for _, label in sites["kinds"]], "Total"],
        rows=[
            *[
                [line["label"], *[Number(n, INTEGER) for n in line["counts"]], Number(line["total"], INTEGER)]
                for line in sites["rows"]
            ],
            ["Total", *[Number(n, INTEGER) for n in sites["totals"]], Number(sites["total"], INTEGER)],
        ],
        name="Sites",
    )
    sheets = [
        timeliness,
        themes,
        by_site,
        _shares(f"{title} — par nature", "Nature", figures["by_kind"]),
        _shares(f"{title} — par canal", "Canal", figures["by_channel"]),
        _shares(f"{title} — par thème (toutes natures)", "Thème", figures["by_theme"]),
    ]
    comparison = figures.get("previous")
    if comparison is not None:
        sheets.append(
            Sheet(
                title=f"{title} — comparaison {period} / {previous}",
                header=["Figure", previous, period, "Écart (points)"],
                rows=[
                    *[
                        [
                            f"Taux dans le délai — {f['label']}",
                            _ratio(f["previous_rate"]),
                            _ratio(f["rate"]),
                            _points(f["points"]),
                        ]
                        for f in comparison["timeliness"]
                    ],
                    *[
                        [f"Part — {k['label']}", _ratio(k["previous_share"]), _ratio(k["share"]), _points(k["points"])]
                        for k in comparison["kinds"]
                    ],
                ],
                name="Comparaison",
            )
        )
    return sheets


def analysis_workbook(*, title: str, figures: dict, period: str, previous: str, filename: str) -> HttpResponse:
    return workbook_response(
        sheets=analysis_sheets(title=title, figures=figures, period=period, previous=previous), filename=filename
    )
