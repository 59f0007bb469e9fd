"""What users read of a framework text, and what only administrators see: the notes on where a text comes from and
how sure it is (« hypothèse de Vigie », « La suite du texte n'a pas pu être lue », « libellé officiel exact à
compléter »…). Pure: no Django."""

from __future__ import annotations

import re

_KEYWORDS = re.compile(
    r"n'a pas pu être|n'ont pas pu être|d'après|hypothèse|à compléter|supposé|par Vigie|Point ouvert|seule la page",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
_DASH_NOTE = re.compile(r"\s*—\s*(intitulé officiel à compléter)\s*$")
_ASSUMED_PREFIX = re.compile(r"^\s*(Sujet supposé)\s*:\s*")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def split_provenance(text: str) -> tuple[str, list[str]]:
    """(the text for users, the provenance notes taken out of it)."""
    notes: list[str] = []

    def parenthesis(match: re.Match) -> str:
        if _KEYWORDS.search(match.group(1)):
            notes.append(match.group(1))
            return ""
        return match.group(0)

    text = _PARENTHESES.sub(parenthesis, text or "")
    dash = _DASH_NOTE.search(text)
    if dash:
        notes.append(dash.group(1))
        text = text[: dash.start()]
    kept = []
    for sentence in _SENTENCES.split(text.strip()):
        prefix = _ASSUMED_PREFIX.match(sentence)
        if prefix:
            notes.append(prefix.group(1))
            sentence = sentence[prefix.end() :]
            sentence = sentence[:1].upper() + sentence[1:]
        if _KEYWORDS.search(sentence):
            notes.append(sentence)
        elif sentence:
            kept.append(sentence)
    return " ".join(kept).strip(), notes
