"""French number formatting, applied only at display time."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NBSP = "\u202f"  # narrow no-break space, as in « 1 433 825 » and « 81,5 % »


def format_number(value: float | int | Decimal | Fraction | None, decimals: int = 0) -> str:
    if value is None or value == "":
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(str(value))
    )
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    integer, _, fraction = text.partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    result = NBSP.join(groups) or "0"
    if fraction:
        result += "," + fraction
    return sign + result


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    return f"{format_number(value, decimals)}{NBSP}%"


# How an indicator's unit is shown: decimals and suffix (one rule for screens, exports and charts). Delays to two
# decimals as the committees print them (1,28 j), scores out of 5 with one decimal (2,7/5), rates to one (81,5 %).
UNIT_DISPLAY: dict[str, tuple[int, str]] = {
    "percent": (1, f"{NBSP}%"),
    "working_days": (2, " j"),
    "days": (2, " j"),
    "score": (1, "/5"),
    "count": (0, ""),
}
# Their number formats in a spreadsheet (the value as computed, shown as above); a rate in % (81.5) keeps its number
XLSX_UNIT_FORMATS: dict[str, str] = {
    "percent": '0.0" %"',
    "working_days": '0.00" j"',
    "days": '0.00" j"',
    "score": '0.0"/5"',
    "count": "#,##0",
}


def unit_decimals(unit: str) -> int:
    return UNIT_DISPLAY.get(unit, (0, ""))[0]


def format_value(value: float | int | Decimal | Fraction | None, unit: str) -> str:
    """An indicator's value in its unit: « 81,5 % », « 1,28 j », « 2,7/5 », « 1 433 825 »."""
    if value is None or value == "":
        return "—"
    decimals, suffix = UNIT_DISPLAY.get(unit, (0, ""))
    return f"{format_number(value, decimals)}{suffix}"


def format_change(value: float | int | Decimal | Fraction | None, unit: str) -> str:
    """A change from the previous year: « +1,0 pt » for rates, « −0,25 j » for delays, « +0,3 » for scores."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    decimals = unit_decimals(unit) if unit != "percent" else 1
    suffix = " pt" if unit == "percent" else " j" if unit in ("days", "working_days") else ""
    return f"{sign}{format_number(abs(value), decimals)}{suffix}"


# ---- one vocabulary for a value against its target (docs/glossary.md) ----------------------------------------
STATUS_MET = "atteinte"
STATUS_NOT_MET = "non atteinte"
STATUS_NO_TARGET = "sans cible"
STATUS_NO_DATA = "sans donnée"
STATUS_WORDS = (STATUS_MET, STATUS_NOT_MET, STATUS_NO_TARGET, STATUS_NO_DATA)
NO_TARGET = "sans cible"  # an indicator without a target (a local one, or a national one that states none)


def target_status(met: bool | None, *, has_value: bool = True) -> str:
    """The one word set of a result against its target: « atteinte », « non atteinte », « sans cible » (no target
    to judge by) or « sans donnée » (nothing measured)."""
    if not has_value:
        return STATUS_NO_DATA
    return {True: STATUS_MET, False: STATUS_NOT_MET, None: STATUS_NO_TARGET}[met]
