"""Texts with `{variable}` placeholders, written by people (message templates): filled, and checked when saved.

Only plain names are placeholders (no `{x.y}`, `{x!r}`, `{x:>10}`); « {{ » and « }} » write a brace. A name the
caller does not provide is left as written, so a typo shows in the e-mail instead of failing the sending."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` replaced by `values[name]`."""
    return string.Formatter().vformat(text, (), _KeepUnknown(values))


def placeholders_help(names: Sequence[str]) -> str:
    return "Variables disponibles : " + ", ".join("{" + name + "}" for name in names) + "."


def unknown_placeholders(text: str, names: Sequence[str]) -> list[str]:
    """The `{…}` of the text that `render` cannot fill with `names`, in order. Raises ValueError for a lone
    brace."""
    unknown = []
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if field not in names or spec or conversion:
            unknown.append(shown)
    return list(dict.fromkeys(unknown))


def check_placeholders(text: str, names: Sequence[str]) -> str:
    """`text` when every placeholder is one of `names`; otherwise a ValidationError that says it in French."""
    try:
        unknown = unknown_placeholders(text, names)
    except ValueError:
        raise ValidationError(
            f"Une accolade est seule : écrivez les variables entre accolades, comme {{{names[0]}}}, "
            "et doublez une accolade à afficher telle quelle ({{ ou }})."
        ) from None
    if unknown:
        shown = ", ".join(f"« {name} »" for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise ValidationError(f"Variable{plural} inconnue{plural} : {shown}. {placeholders_help(names)}")
    return text
