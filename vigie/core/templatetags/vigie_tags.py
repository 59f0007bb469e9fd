from django import template

from vigie.core.formatting import format_number, format_percent

register = template.Library()


@register.filter
def nombre(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def pourcent(value, decimals=1):
    return format_percent(value, int(decimals))
