from django import template

from vigie.frameworks.provenance import split_provenance

register = template.Library()


@register.filter
def sans_provenance(text: str) -> str:
    """A framework text without its provenance notes (shown to administrators only)."""
    return split_provenance(text)[0]
