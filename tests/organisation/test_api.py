import pytest
from django.core.management import call_command
from django.test import Client

from vigie.organisation.models import ApiToken


def _token(capsys, username: str) -> str:
    call_command("apitoken", username)
    return capsys.readouterr().out.strip()


def test_apitoken_prints_a_token_that_authenticates_as_the_user(world, capsys):
    token = _token(capsys, "officer")
    assert token.startswith("vig_") and len(token) > 30
    stored = ApiToken.objects.get(user=world.officer)
    assert token not in (stored.digest, stored.prefix)  # only a digest is kept
    response = Client().get("/api/v1/departments/51", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_token_has_the_scope_of_its_user(world, capsys):
    token = _token(capsys, "officer_b")
    headers = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/departments/51", headers=headers).status_code == 404
    assert Client().get("/api/v1/departments/16", headers=headers).status_code == 200


def test_a_wrong_or_missing_token_is_401(world):
    assert Client().get("/api/v1/departments/51", headers={"Authorization": "Bearer vig_nope"}).status_code == 401
    assert Client().get("/api/v1/departments/51").status_code == 401


def test_apitoken_for_unknown_user_fails(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Aucun utilisateur actif"):
        call_command("apitoken", "personne")


def test_department_endpoint_lists_sites_and_services_in_scope(world):
    body = world.client_for(world.officer).get("/api/v1/departments/51").json()
    assert body["code"] == "51" and body["calendar"] == "Métropole" and body["time_zone"] == "Europe/Paris"
    assert [s["code"] for s in body["sites"]] == sorted(["pref-51", "sp-reims"], key=lambda c: f"Site {c}")
    pref = next(s for s in body["sites"] if s["code"] == "pref-51")
    assert sorted(v["code"] for v in pref["services"]) == ["accueil", "etrangers"]


def test_an_agent_sees_only_their_own_service_and_site(world):
    body = world.client_for(world.agent).get("/api/v1/departments/51").json()
    assert [(s["code"], [v["code"] for v in s["services"]]) for s in body["sites"]] == [("pref-51", ["etrangers"])]


def test_a_site_correspondent_sees_only_their_site(world):
    body = world.client_for(world.correspondent).get("/api/v1/departments/51").json()
    assert [s["code"] for s in body["sites"]] == ["sp-reims"]


def test_openapi_schema_is_served_as_openapi_3(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/frameworks", "/api/v1/frameworks/{code}", "/api/v1/departments/{code}"} <= set(schema["paths"])
    assert "BearerToken" in schema["components"]["securitySchemes"]


def test_department_endpoint_query_count_does_not_grow_with_sites(world, django_assert_max_num_queries):
    client = world.client_for(world.officer)
    client.get("/api/v1/departments/51")
    # 6, plus the labelling scopes of the sites and services and their modules (frameworks.queries)
    with django_assert_max_num_queries(8):
        client.get("/api/v1/departments/51")
