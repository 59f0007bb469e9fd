"""A password validator against the French passwords that Django's CommonPasswordValidator lets through.

Django's list (20 000 passwords from English-speaking leaks) is matched exactly: `motdepasse12`, `azertyuiop12` and
`Aaaaaaaaaaaa` pass it. This validator refuses a password that is only predictable pieces put together, once
lowered, stripped of accents and separators, and read with the usual letter-for-digit swaps (`m0tdep@sse`):
- at most one word of a list (Django's list, and data/mots-de-passe-courants.txt.gz: French words, first names,
  surnames, départements, régions and cities, State and Vigie words, common French passwords; how it is built and
  from what: tools/build_common_passwords.py);
- runs along the keyboard (azerty and qwerty rows and columns), the alphabet or the digits (`azertyuiop`, `7890`);
- one character repeated (`aaaa`, `!!!`);
- at most three short free pieces: up to 4 digits (a year, a département) or 3 symbols;
or the same piece repeated (`soleilsoleil`). Passphrases of several words and random passwords pass.
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

WORD_LIST = Path(__file__).resolve().parent / "data" / "mots-de-passe-courants.txt.gz"
SEPARATOR_CHARACTERS = " \t-_.'’"
SEPARATORS = str.maketrans("", "", SEPARATOR_CHARACTERS)
LEET_I = str.maketrans("0134578@$€!|", "oieastbaseil")
LEET_L = str.maketrans("0134578@$€!|", "oleastbasell")
SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "aqwzsxedcrfvtgbyhnujikolpm",  # azerty columns
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qazwsxedcrfvtgbyhnujmikolp",  # qwerty columns
    "1234567890",
)
MIN_RUN = 3
MAX_PIECE = 40  # the longest word or run looked for: keeps the check linear in the password's length
MAX_WORDS = 1
MAX_FREE = 3  # short pieces of digits or symbols around a word: « Marseille13! », « 2024Soleil! »
MAX_CHECKED_LENGTH = 64


def fold(text: str, *, keep_separators: bool = False) -> str:
    """Lower case, no accent, no space or separator: « Jean-Pierre » and « jeanpierre » are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain if keep_separators else plain.translate(SEPARATORS)


@cache
def _words() -> frozenset[str]:
    with gzip.open(WORD_LIST, "rt", encoding="utf-8") as french:
        ours = {line.strip() for line in french if line.strip()}
    theirs = {fold(password) for password in CommonPasswordValidator().passwords if len(password) >= MIN_RUN}
    return frozenset(ours | theirs)


@cache
def _runs() -> frozenset[str]:
    runs = set()
    for sequence in SEQUENCES:
        for text in (sequence, sequence[::-1]):
            for start in range(len(text)):
                for end in range(start + MIN_RUN, len(text) + 1):
                    runs.add(text[start:end])
    return frozenset(runs)


def _is_symbol(c: str) -> bool:
    return not c.isalnum()


def _is_free(text: str, i: int, j: int) -> bool:
    """Up to 4 digits or 3 symbols, all those that follow (« 2024 » in « soleil2024 », not « 8392 » in
    « soleil83920174 »)."""
    piece, after = text[i:j], text[j : j + 1]
    if piece.isdigit():
        return len(piece) <= 4 and not after.isdigit()
    return all(map(_is_symbol, piece)) and len(piece) <= 3 and not (after and _is_symbol(after))


def _predictable(text: str) -> bool:
    """True when `text` splits into predictable pieces (see the module's text)."""
    words, runs, n = _words(), _runs(), len(text)

    @cache
    def from_position(i: int, words_left: int, free_left: int) -> bool:
        if i == n:
            return True
        same = i
        while same < n and text[same] == text[i]:
            same += 1
        if same - i >= 2 and from_position(same, words_left, free_left):  # « aaaa », « !!! »
            return True
        if text[i] in SEPARATOR_CHARACTERS and from_position(i + 1, words_left, free_left):  # « Reims-51-2024 »
            return True
        for j in range(min(n, i + MAX_PIECE), i, -1):
            piece = text[i:j]
            if j - i >= MIN_RUN and piece in runs and from_position(j, words_left, free_left):
                return True
            if words_left and j - i >= MIN_RUN and piece in words and from_position(j, words_left - 1, free_left):
                return True
            if free_left and _is_free(text, i, j) and from_position(j, words_left, free_left - 1):
                return True
        return False

    return from_position(0, MAX_WORDS, MAX_FREE)


def _repeats_a_piece(text: str) -> bool:
    """« soleilsoleil », « ab12ab12ab12 »: a piece said twice or more is no stronger than the piece."""
    n = len(text)
    for size in range(1, n // 2 + 1):
        if n % size == 0 and text[:size] * (n // size) == text:
            return size <= 4 or _predictable(text[:size])
    return False


def _unleet(text: str, table: dict[int, str]) -> str:
    """Letters for digits and symbols between the first and the last letter: « m0tdep@sse! » → « motdepasse! »."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if not letters:
        return text
    first, last = letters[0], letters[-1] + 1
    return text[:first] + text[first:last].translate(table) + text[last:]


def is_predictable(password: str) -> bool:
    candidates = set()
    for folded in (fold(password), fold(password, keep_separators=True)):
        candidates |= {folded, _unleet(folded, LEET_I), _unleet(folded, LEET_L)}
    for text in candidates:
        if _repeats_a_piece(text):
            return True
        if len(text) <= MAX_CHECKED_LENGTH and _predictable(text):
            return True
    return False


class FrenchCommonPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS, beside Django's CommonPasswordValidator."""

    def validate(self, password: str, user=None) -> None:
        if is_predictable(password):
            raise ValidationError(
                "Ce mot de passe est trop facile à deviner : il est fait d'un mot courant, d'un prénom, d'une ville, "
                "d'une suite de touches ou de caractères répétés, même avec des chiffres ou des symboles autour.",
                code="password_too_predictable",
            )

    def get_help_text(self) -> str:
        return (
            "Votre mot de passe ne peut pas être un mot courant, un prénom, une ville, une suite de touches "
            "(azerty, 123456) ou des caractères répétés, même complétés de chiffres ou de symboles. Une phrase de "
            "plusieurs mots convient."
        )
