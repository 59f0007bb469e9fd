"""The API router: /api/v1/, OpenAPI 3 schema at /api/v1/openapi.json. Each app contributes its router."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vigie.audits.api import router as audits_router
from vigie.frameworks.api import router as frameworks_router
from vigie.indicators.api import router as indicators_router
from vigie.organisation.api import router as organisation_router
from vigie.organisation.api_auth import API_AUTH
from vigie.register.api import router as register_router
from vigie.surveys.api import router as surveys_router

api = NinjaAPI(
    title="Vigie API",
    version="1",
    description="API de Vigie. Authentification : `Authorization: Bearer <jeton>` (jeton créé par "
    "`vigie apitoken UTILISATEUR`, avec le périmètre de l'utilisateur).",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", frameworks_router)
api.add_router("/", organisation_router)
api.add_router("/", indicators_router)
api.add_router("/", register_router)
api.add_router("/", audits_router)
api.add_router("/", surveys_router)


# Input that does not fit the schema: 400 with French messages naming the field, the same shape as the
# endpoints' own checks ({"errors": {"champ": ["message"]}}), instead of django-ninja's 422 in English.
SCHEMA_MESSAGES = {
    "missing": "champ obligatoire",
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "decimal_parsing": "nombre attendu",
    "decimal_type": "nombre attendu",
    "bool_type": "booléen attendu (true ou false)",
    "bool_parsing": "booléen attendu (true ou false)",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_inexact": "date attendue au format AAAA-MM-JJ (sans heure)",
    "datetime_type": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "datetime_parsing": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "datetime_from_date_parsing": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "list_type": "liste attendue",
    "dict_type": "objet JSON attendu",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "json_invalid": "JSON invalide",
}


def schema_error_field(location) -> str:
    """("body", "measurements", 0, "numerator") → "ligne 1 › numerator"; the whole body → "corps de la requête"."""
    parts = list(location)
    if parts[:1] == ["body"]:
        parts = parts[2:]  # "body" and the view's parameter name (payload, measurements…)
    elif parts[:1] in (["query"], ["path"]):
        parts = parts[1:]
    names = [f"ligne {part + 1}" if isinstance(part, int) else str(part) for part in parts]
    return " › ".join(names) or "corps de la requête"


@api.exception_handler(ValidationError)
def schema_errors(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = SCHEMA_MESSAGES.get(error.get("type"), f"valeur refusée ({error.get('msg', '')})")
        errors.setdefault(schema_error_field(error.get("loc", ())), []).append(message)
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(HttpError)
def http_errors(request, exc: HttpError):
    """django-ninja's own refusals, in French: a body that is not JSON, a request without credentials."""
    if str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, {"errors": {"corps de la requête": ["JSON invalide"]}}, status=400)
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        detail = "authentification requise : jeton d'API (Authorization: Bearer …) ou session"
        return api.create_response(request, {"detail": detail}, status=401)
    if exc.status_code == 403 and str(exc).startswith("CSRF"):
        detail = (
            "jeton CSRF manquant : avec la session du navigateur, envoyez l'en-tête X-CSRFToken "
            "(ou utilisez un jeton d'API)"
        )
        return api.create_response(request, {"detail": detail}, status=403)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    """The same rule as the screens (read-only roles, another service): JSON in French, never the HTML page."""
    detail = "action non autorisée : votre rôle ne le permet pas ou l'objet est hors de votre périmètre"
    return api.create_response(request, {"detail": str(exc) or detail}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    """Outside the user's scope is answered as missing: the API does not tell what exists elsewhere."""
    return api.create_response(request, {"detail": "introuvable (ou hors de votre périmètre)"}, status=404)
