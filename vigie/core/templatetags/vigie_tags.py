from django import template

from vigie.core.formatting import format_change, format_number, format_percent, format_value
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
    """An indicator value in its unit, with the unit's decimals (core/formatting.UNIT_DISPLAY): « 81,5 % »,
    « 1,28 j », « 2,7/5 », « 1 433 825 »."""
    return format_value(value, unit)


@register.filter
def ecart(value, unit):
    """A change from the previous year: « +1,0 pt » for rates, « −0,25 j » for delays."""
    return format_change(value, unit)


@register.filter
def plafonne(items, kind="erreurs"):
    """The first 50 items of an error (or « avertissements ») list and one line for the rest (core/issues.py)."""
    return capped(items, warnings=kind == "avertissements")
