"""What every endpoint of the API shares (docs/api.md): the one error shape, bounded numbers, strict ISO dates and
texts that cannot be blank. Each app's `api.py` builds its schemas from these, so the OpenAPI schema states every
limit the code enforces, and a refusal always reads the same way:

    {"detail": "requête refusée : kind : valeurs possibles : …", "errors": [{"field": "kind", "line": null,
     "message": "valeurs possibles : …"}]}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from ninja import Schema
from ninja.parser import Parser
from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

# The two beginnings of a 400's detail: the schema refused the input (a client bug), or a rule of Vigie did (the
# input fits the schema but not the data: an unknown site, a date in the future…).
SCHEMA_REFUSAL = "requête non conforme au schéma de l'API"
RULE_REFUSAL = "requête refusée"

# The detail of each refusal that is not about the input itself.
STATUS_DETAILS = {
    400: RULE_REFUSAL,
    401: "authentification requise : jeton d'API (Authorization: Bearer …) ou session",
    403: "action non autorisée : votre rôle ne le permet pas ou l'objet est hors de votre périmètre",
    404: "introuvable (ou hors de votre périmètre)",
    405: "méthode HTTP non autorisée sur cette adresse",
    409: "conflit avec l'état enregistré",
    413: "corps de la requête trop volumineux",
    429: "trop de requêtes : réessayez plus tard",
    500: "erreur interne : l'équipe technique est prévenue ; réessayez plus tard",
}
ERROR_DESCRIPTIONS = {
    400: "Requête refusée : « errors » nomme chaque champ en cause (schéma ou règle de Vigie).",
    401: "Authentification absente ou jeton invalide.",
    403: "Rôle en lecture seule, autre service, ou jeton CSRF manquant avec la session du navigateur.",
    404: "Inexistant ou hors du périmètre de l'utilisateur (sans distinction).",
    409: "Clé d'idempotence déjà employée pour un autre contenu.",
    413: "Corps de la requête au-delà de la taille admise.",
}


class ErrorItem(Schema):
    field: str | None = Field(
        description="Le champ en cause (« ligne 2 › numerator » dans une liste), ou null pour la requête entière."
    )
    line: int | None = Field(description="Rang de l'élément en cause dans une liste (à partir de 1), ou null.")
    message: str


class ErrorOut(Schema):
    """Every refusal of the API, whatever its status code."""

    detail: str = Field(description="La raison, en une phrase.")
    errors: list[ErrorItem] = Field(description="Les erreurs par champ (vide quand aucun champ n'est en cause).")


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation documents, all with the same body: `response={200: X, **error_responses(…)}`."""
    return dict.fromkeys(codes, ErrorOut)


def error_body(detail: str, items: Iterable[Mapping[str, Any]] = ()) -> dict:
    """The body of a refusal; with items, the detail also names the first few, for a client that shows only it."""
    items = [{"field": i.get("field"), "line": i.get("line"), "message": i["message"]} for i in items]
    if items:
        shown = "; ".join(f"{i['field']} : {i['message']}" if i["field"] else i["message"] for i in items[:3])
        more = f" (et {len(items) - 3} autres)" if len(items) > 3 else ""
        detail = f"{detail} : {shown}{more}"
    return {"detail": detail, "errors": items}


def field_errors(errors: Mapping[str, Iterable[str]]) -> list[dict]:
    """{"champ": ["message", …]} → error items."""
    return [
        {"field": None if field == NON_FIELD_ERRORS else field, "line": None, "message": message}
        for field, messages in errors.items()
        for message in messages
    ]


def refused(errors: Mapping[str, Iterable[str]] | ValidationError) -> dict:
    """The body of a 400 for Vigie's own rules: {"champ": ["message"]} or a Django ValidationError."""
    if isinstance(errors, ValidationError):
        errors = errors.message_dict if hasattr(errors, "error_dict") else {NON_FIELD_ERRORS: errors.messages}
    return error_body(RULE_REFUSAL, field_errors(errors))


# Bounded integers: every integer an endpoint reads has a documented minimum and maximum (an unbounded one reached
# the database as 9223372036854775808 and failed there).
YEAR_MIN, YEAR_MAX = 2000, 2100
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description=f"Année, de {YEAR_MIN} à {YEAR_MAX}.")]
PAGE_MAX = 500
OFFSET_MAX = 1_000_000_000

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


def _iso(pattern: re.Pattern, error_type: str):
    def check(value):
        """Only the ISO text: pydantic would also read a number as a Unix time (« 0 » as 1 January 1970)."""
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise PydanticCustomError(error_type, "ISO 8601 attendu")
        if isinstance(value, int | float | bool):
            raise PydanticCustomError(error_type, "ISO 8601 attendu")
        return value

    return BeforeValidator(check)


IsoDate = Annotated[dt.date, _iso(ISO_DATE, "date_parsing")]
IsoDateTime = Annotated[
    dt.datetime,
    _iso(ISO_DATETIME, "datetime_parsing"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 ; sans décalage horaire, c'est l'heure locale du département.",
        }
    ),
]


def _number_only(value):
    """A JSON number, not a text holding one (the schema says number)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise PydanticCustomError("decimal_type", "nombre attendu")
    return value


def bounded_decimal(*, maximum: Decimal) -> Any:
    """A number from 0 to `maximum`, in JSON; kept exact (Decimal), rounded by the database to its decimal places."""
    return Annotated[
        Decimal,
        BeforeValidator(_number_only),
        Field(ge=0, le=maximum),
        WithJsonSchema({"type": "number", "minimum": 0, "maximum": float(maximum)}),
    ]


def text(*, max_length: int | None = None, required: bool = True) -> Any:
    """A text field; a required one must hold a visible character (« » or a NUL alone is empty)."""
    if not required:
        return Field(default="", max_length=max_length)
    return Field(min_length=1, max_length=max_length, pattern=r"[^\s\x00]")


class NulCharacter(ValueError):
    """A text of a JSON body or a query parameter holds U+0000, which no text column stores (PostgreSQL refuses
    it, even in a filter). `field`: the query parameter in cause (None for a body)."""

    def __init__(self, message: str = "NUL", *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _holds_nul(data) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_holds_nul(item) for item in data)
    return False


class TextParser(Parser):
    """django-ninja's parser, refusing a JSON body or a query string with a NUL character in any text or key
    (400, the one error shape, vigie/api.py) before any lookup, on every database alike."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if _holds_nul(data):
            raise NulCharacter("NUL")
        return data

    def parse_querydict(self, data, list_fields, request):
        """The query string (and form fields) too: every parameter, read by the endpoint or not."""
        for key, values in data.lists():
            if _holds_nul(key) or _holds_nul(values):
                raise NulCharacter("NUL", field=key.replace("\x00", "\\u0000"))
        return super().parse_querydict(data, list_fields, request)
