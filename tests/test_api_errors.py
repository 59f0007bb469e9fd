"""The API keeps its schema: one error shape for every refusal ({"detail", "errors": [{"field", "line", "message"}]}),
documented in every operation, every integer bounded, JSON in French for everything under /api/ — an unknown
address, a method not allowed, a body too big, a server error."""

import pytest
from django.test import Client

from tests.conftest import api_errors
from tests.register.factories import make_request
from vigie.api import api
from vigie.register.models import UserRequest

NOT_FOUND = {"detail": "introuvable (ou hors de votre périmètre)", "errors": []}


def _schema():
    return api.get_openapi_schema()


def _is_the_error_shape(schema: dict) -> bool:
    """ErrorOut, or ErrorOut with more (the measurements' error_count)."""
    errors = schema["properties"].get("errors", {})
    return {"detail", "errors"} <= set(schema.get("required", [])) and errors.get("items") == {
        "$ref": "#/components/schemas/ErrorItem"
    }


def test_every_operation_documents_its_refusals_with_the_one_error_shape():
    components = _schema()["components"]["schemas"]
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            responses = {int(code): response for code, response in operation["responses"].items()}
            codes = {code for code in responses if code >= 400}
            if operation.get("security"):  # authenticated; a public operation (the published results) has none
                assert 401 in codes, (method, path)
            else:
                assert path.startswith("/api/v1/public/") and 401 not in codes, (method, path)
            if "requestBody" in operation:
                assert {400, 403, 413} <= codes, (method, path)
            if "{" in path:  # an object by its code or reference
                assert 404 in codes, (method, path)
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert 400 in codes, (method, path)
            for code in codes:
                reference = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert _is_the_error_shape(components[reference.rsplit("/", 1)[1]]), (method, path, code)


def test_every_integer_parameter_is_bounded_in_the_schema():
    schema = _schema()
    integers = [
        (path, parameter["name"], parameter["schema"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["schema"].get("type") == "integer"
    ]
    assert {"year", "limit", "offset"} <= {name for _, name, _ in integers}
    for path, name, bounds in integers:
        assert "minimum" in bounds and "maximum" in bounds, (path, name)


def test_an_offset_past_64_bits_is_refused_naming_the_field(world):
    response = world.client_for(world.officer).get("/api/v1/requests?offset=9223372036854775808")
    assert response.status_code == 400
    assert api_errors(response) == {"offset": ["valeur maximale : 1000000000"]}
    response = world.client_for(world.officer).get("/api/v1/requests?limit=501")
    assert api_errors(response) == {"limit": ["valeur maximale : 500"]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/TEL-DECROCHE/results?department=51&year=null",
        "/api/v1/requests/analysis?department=51&year=null",
    ],
)
def test_a_null_year_is_refused_in_the_one_shape(world, url):
    response = world.client_for(world.officer).get(url)
    assert response.status_code == 400
    assert api_errors(response) == {"year": ["nombre entier attendu"]}


def test_a_date_given_as_a_number_is_refused(world):
    response = world.client_for(world.officer).get("/api/v1/requests?received_to=0")
    assert response.status_code == 400
    assert api_errors(response) == {"received_to": ["date attendue au format AAAA-MM-JJ"]}


def test_invalid_json_gives_the_errors_as_a_list_everywhere(world):
    client = world.client_for(world.officer)
    for url in ("/api/v1/measurements?department=51", "/api/v1/requests"):
        response = client.post(url, "{pas du json", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": None, "line": None, "message": "JSON invalide"}]


def test_an_empty_reply_is_refused_by_the_schema_which_says_so(world):
    reply = _schema()["components"]["schemas"]["ReplyIn"]["properties"]["text"]
    assert reply["minLength"] == 1
    request = make_request(world)
    url = f"/api/v1/requests/{request.reference}/reply"
    for text in ("", "  \n"):
        body = {"text": text, "replied_at": "2024-05-07T10:00:00"}
        response = world.client_for(world.agent).post(url, body, content_type="application/json")
        assert response.status_code == 400 and list(api_errors(response)) == ["text"]


@pytest.mark.parametrize("path", ["/api/v1/nexiste-pas", "/api/inconnue/", "/api/v1/requests/51-2024-000001/autre"])
def test_an_unknown_address_under_api_is_a_french_json_404(world, path):
    response = world.client_for(world.officer).get(path)
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == NOT_FOUND


def test_a_method_not_allowed_is_a_french_json_405_with_the_allowed_methods(world):
    response = world.client_for(world.officer).delete("/api/v1/requests")
    assert response.status_code == 405 and set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert response.json() == {"detail": "méthode HTTP non autorisée sur cette adresse", "errors": []}


def test_a_body_over_2_mb_is_a_french_json_413_and_creates_nothing(world):
    body = '{"text": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = world.client_for(world.officer).post("/api/v1/requests", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "corps de la requête trop volumineux (au plus 2 Mo)", "errors": []}
    assert not UserRequest.objects.exists()


@pytest.mark.urls("tests.api_error_urls")
def test_a_server_error_under_api_is_french_json_and_elsewhere_the_html_page(world):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/panne/")
    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert response.json()["detail"].startswith("erreur interne")
    assert client.get("/").status_code in (200, 302)  # the rest of the site keeps its pages


NUL_MESSAGE = "un texte contient le caractère NUL (U+0000), que Vigie ne conserve pas"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/indicators/TEL-DECROCHE/results?department=51&site=pref%00-51", "site"),  # indicators
        ("/api/v1/requests?q=%00", "q"),  # register, a parameter the endpoint does not read
        ("/api/v1/requests?department=51&status=open%00", "status"),
        ("/api/v1/audits?department=5%001", "department"),  # audits
        ("/api/v1/committees?department=%00", "department"),  # committees
        ("/api/v1/action-plans?department=51%00", "department"),  # improvement
        ("/api/v1/surveys/campaigns?department=%0051", "department"),  # surveys
    ],
)
def test_a_nul_character_in_a_query_parameter_is_refused_and_named(world, url, parameter):
    """PostgreSQL refuses U+0000 even in a filter (a 500): the parser refuses it in any query parameter, as in a
    body, with the one error shape naming the parameter; on every database alike."""
    response = world.client_for(world.officer).get(url)
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"texte refusé : {parameter} : {NUL_MESSAGE}",
        "errors": [{"field": parameter, "line": None, "message": NUL_MESSAGE}],
    }
