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
