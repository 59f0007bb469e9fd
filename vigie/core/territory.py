"""Pure rules about French départements: which calendar and time zone a département code implies.

No Django import: tested directly and with Hypothesis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Overseas départements and collectivities: INSEE code → (name of the calendar, `holidays` subdivision, time zone)
_OVERSEAS: dict[str, tuple[str, str, str]] = {
    "971": ("Guadeloupe", "971", "America/Guadeloupe"),
    "972": ("Martinique", "972", "America/Martinique"),
    "973": ("Guyane", "973", "America/Cayenne"),
    "974": ("La Réunion", "974", "Indian/Reunion"),
    "975": ("Saint-Pierre-et-Miquelon", "PM", "America/Miquelon"),
    "976": ("Mayotte", "976", "Indian/Mayotte"),
    "977": ("Saint-Barthélemy", "BL", "America/St_Barthelemy"),
    "978": ("Saint-Martin", "MF", "America/Marigot"),
    "986": ("Wallis-et-Futuna", "WF", "Pacific/Wallis"),
    "987": ("Polynésie française", "PF", "Pacific/Tahiti"),
    "988": ("Nouvelle-Calédonie", "NC", "Pacific/Noumea"),
}
# Alsace-Moselle keeps Good Friday and St Stephen's Day. `holidays` has no 67/68: Alsace is "6AE".
_ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}
_METROPOLITAN = re.compile(r"^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B)$")


@dataclass(frozen=True)
class Territory:
    code: str
    calendar_name: str  # shown to users: « Métropole », « Alsace-Moselle », « La Réunion »…
    holiday_subdivision: str | None  # subdivision code for the `holidays` package (None = metropolitan)
    time_zone: str


class UnknownDepartmentCode(ValueError):
    pass


def normalise_department_code(code: str) -> str:
    code = str(code).strip().upper()
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    return code


def territory_for(code: str) -> Territory:
    """The calendar and time zone a département follows, from its INSEE code (`51`, `2A`, `974`)."""
    code = normalise_department_code(code)
    if code in _OVERSEAS:
        name, subdivision, tz = _OVERSEAS[code]
        return Territory(code, name, subdivision, tz)
    if code in _ALSACE_MOSELLE:
        return Territory(code, "Alsace-Moselle", _ALSACE_MOSELLE[code], "Europe/Paris")
    if _METROPOLITAN.match(code):
        return Territory(code, "Métropole", None, "Europe/Paris")
    raise UnknownDepartmentCode(f"« {code} » n'est pas un code de département INSEE (exemples : 01, 2A, 51, 974).")


def is_valid_department_code(code: str) -> bool:
    try:
        territory_for(code)
    except UnknownDepartmentCode:
        return False
    return True
