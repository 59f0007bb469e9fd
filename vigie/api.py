"""The API router: /api/v1/, OpenAPI 3 schema at /api/v1/openapi.json. Each app contributes its router."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vigie.audits.api import router as audits_router
from vigie.committees.api import router as committees_router
from vigie.consolidation.api import router as consolidation_router
from vigie.core.apischema import SCHEMA_REFUSAL, STATUS_DETAILS, NulCharacter, TextParser, error_body
from vigie.documents.api import router as documents_router
from vigie.frameworks.api import router as frameworks_router
from vigie.improvement.api import router as improvement_router
from vigie.indicators.api import router as indicators_router
from vigie.organisation.api import router as organisation_router
from vigie.organisation.api_auth import API_AUTH
from vigie.register.api import router as register_router
from vigie.surveys.api import router as surveys_router

API_PREFIX = "/api/"


def _without_null(parameter: dict) -> None:
    """A query or path parameter is never null (absent is how a query string says « none »): `int | None` is
    documented as `int`, so `?year=null` is an error of the client, as the server treats it."""
    schema = parameter.get("schema", {})
    branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    if "anyOf" in schema and len(branches) == 1:
        del schema["anyOf"]
        schema.update(branches[0])


class VigieAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    _without_null(parameter)
        return schema


api = VigieAPI(
    title="Vigie API",
    version="1",
    description="API de Vigie. Authentification : `Authorization: Bearer <jeton>` (jeton créé par "
    "`vigie apitoken UTILISATEUR`, avec le périmètre de l'utilisateur).",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    parser=TextParser(),
)
api.add_router("/", frameworks_router)
api.add_router("/", organisation_router)
api.add_router("/", indicators_router)
api.add_router("/", register_router)
api.add_router("/", audits_router)
api.add_router("/", committees_router)
api.add_router("/", improvement_router)
api.add_router("/", consolidation_router)
api.add_router("/", surveys_router)
api.add_router("/", documents_router)


# Input that does not fit the schema: 400 with French messages naming the field, in the API's one error shape
# (vigie/core/apischema.py), instead of django-ninja's 422 in English.
SCHEMA_MESSAGES = {
    "missing": "champ obligatoire",
    "string_type": "texte attendu",
    "string_too_short": "texte vide ou trop court (au moins {min_length} caractère(s))",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "string_pattern_mismatch": "texte vide (aucun caractère visible)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "int_parsing_size": "nombre entier trop grand",
    "greater_than_equal": "valeur minimale : {ge}",
    "less_than_equal": "valeur maximale : {le}",
    "greater_than": "doit dépasser {gt}",
    "less_than": "doit être inférieur à {lt}",
    "literal_error": "valeurs possibles : {expected}",
    "enum": "valeurs possibles : {expected}",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "decimal_parsing": "nombre attendu",
    "decimal_type": "nombre attendu",
    "decimal_max_digits": "au plus {max_digits} chiffres",
    "decimal_max_places": "au plus {decimal_places} décimales",
    "decimal_whole_digits": "au plus {whole_digits} chiffres avant la virgule",
    "bool_type": "booléen attendu (true ou false)",
    "bool_parsing": "booléen attendu (true ou false)",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_inexact": "date attendue au format AAAA-MM-JJ (sans heure)",
    "datetime_type": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "datetime_parsing": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "datetime_from_date_parsing": "date et heure attendues au format ISO 8601 (AAAA-MM-JJTHH:MM)",
    "datetime_object_invalid": "date et heure impossibles",
    "list_type": "liste attendue",
    "dict_type": "objet JSON attendu",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "json_invalid": "JSON invalide",
}


def schema_error_field(location) -> tuple[str | None, int | None]:
    """("body", "measurements", 0, "numerator") → ("ligne 1 › numerator", 1); the whole body → (None, None)."""
    parts = list(location)
    if parts[:1] == ["body"]:
        parts = parts[2:]  # "body" and the view's parameter name (payload, measurements…)
    elif parts[:1] in (["query"], ["path"], ["header"]):
        parts = parts[1:]
    names = [f"ligne {part + 1}" if isinstance(part, int) else str(part) for part in parts]
    line = next((part + 1 for part in parts if isinstance(part, int)), None)
    return " › ".join(names) or None, line


def schema_message(error: dict) -> str:
    template = SCHEMA_MESSAGES.get(error.get("type", ""))
    if template is None:
        return f"valeur refusée ({error.get('msg', '')})"
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in context:  # pydantic's "'a', 'b' or 'c'" → "a, b, c"
        context["expected"] = context["expected"].replace("'", "").replace(" or ", ", ")
    return template.format_map(context)


@api.exception_handler(ValidationError)
def schema_errors(request, exc: ValidationError):
    items = []
    for error in exc.errors:
        field, line = schema_error_field(error.get("loc", ()))
        items.append({"field": field, "line": line, "message": schema_message(error)})
    return api.create_response(request, error_body(SCHEMA_REFUSAL, items), status=400)


@api.exception_handler(NulCharacter)
def nul_character(request, exc: NulCharacter):
    """A rule of Vigie (no text column stores U+0000), not of the schema, which admits any character: in a body
    (django-ninja wraps the parser's refusal, below) or in a query parameter, named."""
    message = "un texte contient le caractère NUL (U+0000), que Vigie ne conserve pas"
    body = error_body("texte refusé", [{"field": exc.field, "message": message}])
    return api.create_response(request, body, status=400)


@api.exception_handler(HttpError)
def http_errors(request, exc: HttpError):
    """django-ninja's own refusals, in French: a body that is not JSON, a request without credentials."""
    if str(exc).startswith("Cannot parse request body") and isinstance(exc.__cause__, NulCharacter):
        return nul_character(request, exc.__cause__)
    if str(exc).startswith("Cannot parse request body"):
        body = error_body(SCHEMA_REFUSAL, [{"field": None, "message": "JSON invalide"}])
        return api.create_response(request, body, status=400)
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return api.create_response(request, error_body(STATUS_DETAILS[401]), status=401)
    if exc.status_code == 403 and str(exc).startswith("CSRF"):
        detail = (
            "jeton CSRF manquant : avec la session du navigateur, envoyez l'en-tête X-CSRFToken "
            "(ou utilisez un jeton d'API)"
        )
        return api.create_response(request, error_body(detail), status=403)
    detail = STATUS_DETAILS.get(exc.status_code, STATUS_DETAILS[400])
    return api.create_response(request, error_body(detail), status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    """The same rule as the screens (read-only roles, another service): JSON in French, never the HTML page."""
    return api.create_response(request, error_body(str(exc) or STATUS_DETAILS[403]), status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    """Outside the user's scope is answered as missing: the API does not tell what exists elsewhere."""
    return api.create_response(request, error_body(STATUS_DETAILS[404]), status=404)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc: RequestDataTooBig):
    mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(request, error_body(f"{STATUS_DETAILS[413]} (au plus {mb:g} Mo)"), status=413)


class ApiErrorsMiddleware:
    """Under /api/, every answer is JSON in French, in the API's one error shape: what Django or a library answers
    outside the endpoints (an unknown address, a method not allowed, a body too big read before the view, the
    500 of an unexpected error) is rewritten here. The endpoints' own refusals are already JSON and pass through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        detail = STATUS_DETAILS.get(status) or STATUS_DETAILS[500 if status >= 500 else 400]
        replaced = JsonResponse(error_body(detail), status=status, json_dumps_params={"ensure_ascii": False})
        if response.has_header("Allow"):  # 405: the methods the address accepts
            replaced["Allow"] = response["Allow"]
        return replaced

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX) and isinstance(exception, RequestDataTooBig):
            return too_big(request, exception)
        return None
