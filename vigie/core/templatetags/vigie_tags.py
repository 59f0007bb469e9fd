from django import template

from vigie.core.formatting import format_number, format_percent
from vigie.core.issues import capped

register = template.Library()


@register.filter
def nombre(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def pourcent(value, decimals=1):
    return format_percent(value, int(decimals))


@register.filter
def valeur(value, unit):
    """An indicator value in its unit: « 81,5 % », « 13,5 j », « 1 433 825 »."""
    if value is None:
        return "—"
    if unit == "percent":
        return format_percent(value)
    if unit in ("days", "working_days"):
        return f"{format_number(value, 1)} j"
    return format_number(value, 0)


@register.filter
def ecart(value, unit):
    """A change from the previous year: « +1,0 pt » for rates, « −2,5 j » for delays."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    suffix = " pt" if unit == "percent" else " j" if unit in ("days", "working_days") else ""
    return f"{sign}{format_number(abs(value), 1)}{suffix}"


@register.filter
def plafonne(items, kind="erreurs"):
    """The first 50 items of an error (or « avertissements ») list and one line for the rest (core/issues.py)."""
    return capped(items, warnings=kind == "avertissements")
