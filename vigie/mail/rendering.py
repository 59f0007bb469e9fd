"""Texts with `{variable}` placeholders, written by people (message templates): filled, and checked when saved.

Only plain names are placeholders (no `{x.y}`, `{x!r}`, `{x:>10}`); « {{ » and « }} » write a brace. A name the
caller does not provide is left as written, so a typo shows in the e-mail instead of failing the sending.

People write the French names (`{date_limite}`, `{lien_suivi}`…, shown in the help); the callers' English names
(`{due_date}`, `{tracking_url}`…) keep working: FRENCH_NAMES maps one to the other, here only."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

# English name given by the callers → the French name people write (both are accepted).
FRENCH_NAMES = {
    "reference": "reference",
    "due_date": "date_limite",
    "deadline_days": "delai_jours_ouvres",
    "service": "service",
    "site": "site",
    "opening_hours": "horaires",
    "site_website": "site_internet",
    "site_address": "adresse",
    "site_phone": "telephone",
    "tracking_url": "lien_suivi",
}


def french_name(name: str) -> str:
    return FRENCH_NAMES.get(name, name)


def _accepted(names: Sequence[str]) -> set[str]:
    return set(names) | {french_name(name) for name in names}


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` (English or French name) replaced by `values[name]`."""
    both = {**{french_name(name): value for name, value in values.items()}, **values}
    return string.Formatter().vformat(text, (), _KeepUnknown(both))


def placeholders_help(names: Sequence[str]) -> str:
    return "Variables disponibles : " + ", ".join("{" + french_name(name) + "}" for name in names) + "."


def unknown_placeholders(text: str, names: Sequence[str]) -> list[str]:
    """The `{…}` of the text that `render` cannot fill with `names`, in order. Raises ValueError for a lone
    brace."""
    unknown = []
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if field not in _accepted(names) or spec or conversion:
            unknown.append(shown)
    return list(dict.fromkeys(unknown))


def check_placeholders(text: str, names: Sequence[str]) -> str:
    """`text` when every placeholder is one of `names`; otherwise a ValidationError that says it in French."""
    try:
        unknown = unknown_placeholders(text, names)
    except ValueError:
        raise ValidationError(
            f"Une accolade est seule : écrivez les variables entre accolades, comme {{{french_name(names[0])}}}, "
            "et doublez une accolade à afficher telle quelle ({{ ou }})."
        ) from None
    if unknown:
        shown = ", ".join(f"« {name} »" for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ValidationError(f"Variable{plural} inconnue{plural} : {shown}. {placeholders_help(names)}")
    return text
