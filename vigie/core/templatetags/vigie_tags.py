from django import template
from django.utils.html import format_html

from vigie.core.formatting import (
    NO_TARGET,
    STATUS_MET,
    STATUS_NO_DATA,
    STATUS_NOT_MET,
    format_change,
    format_number,
    format_percent,
    format_value,
    target_status,
)
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
def parmi(value, words):
    """Whether ``value`` is one of the space-separated ``words``: the menu's « url_name|parmi:'a b c' », where
    ``in 'a b c'`` would test a substring and light « Documents » up on the home (« home » in « documents_home »)."""
    return value in words.split()


@register.filter
def plafonne(items, kind="erreurs"):
    """The first 50 items of an error (or « avertissements ») list and one line for the rest (core/issues.py)."""
    return capped(items, warnings=kind == "avertissements")


_STATUS_BADGES = {STATUS_MET: "fr-badge--success", STATUS_NOT_MET: "fr-badge--error"}


@register.filter
def statut_cible(result):
    """A result's status against its target as a badge, in the one word set (core/formatting.target_status); accepts
    a result (with `met` and `value`), or a status word already computed."""
    if isinstance(result, str):
        word = result
    elif result is None:
        word = STATUS_NO_DATA
    else:
        word = target_status(result.met, has_value=getattr(result, "value", 0) is not None)
    badge = _STATUS_BADGES.get(word)
    if badge is None:
        return word
    return format_html('<span class="fr-badge {} fr-badge--sm">{}</span>', badge, word)


@register.filter
def cible(indicator):
    """An indicator's target (« au moins 85,0 % ») or « sans cible »."""
    if indicator.target_value is None:
        return NO_TARGET
    return f"{indicator.get_target_direction_display()} {valeur(indicator.target_value, indicator.unit)}"
