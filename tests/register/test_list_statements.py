"""The request list's statements, pinned (issue 17): the user's scope read once (roles, services, themes, departments
shared with the header), the tab counts in one statement, the page's rows in one, whatever the rows and services."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigie.mail.models import OutboxMessage
from vigie.organisation.enums import Role
from vigie.organisation.services import assign_role
from vigie.register.requests.services import create_request


def _requests(world, service, count, day=6):
    return [
        create_request(
            actor=None,
            site=service.site,
            service=service,
            kind="complaint",
            channel="email",
            received_at=dt.datetime(2024, 5, day, 10, n % 50),
            subject=f"Objet {n}",
            text="Texte",
        )
        for n in range(count)
    ]


# session, user, roles, services (with sites and departments), themes, departments (the header's too), counts, page
AGENT_STATEMENTS = 8
# and the sites (a quality officer sees sites that may have no service), the department's settings link uses the
# departments already read
OFFICER_STATEMENTS = 9


def test_agent_list_takes_eight_statements_whatever_the_rows(world, django_assert_num_queries):
    client = world.client_for(world.agent)
    _requests(world, world.service_a1, 3)
    for tab in ("all", "late"):
        with django_assert_num_queries(AGENT_STATEMENTS):
            assert client.get(f"/demandes/?onglet={tab}").status_code == 200
    _requests(world, world.service_a1, 9, day=7)
    with django_assert_num_queries(AGENT_STATEMENTS):
        html = client.get("/demandes/?onglet=all").content.decode()
    assert html.count('<a href="/demandes/51-2024-') == 12 and "— 12 demandes" in html


def test_agent_of_services_on_two_sites_still_takes_eight_statements(world, django_assert_num_queries):
    assign_role(user=world.agent, role=Role.SERVICE_AGENT, service=world.service_a2)
    _requests(world, world.service_a1, 2)
    _requests(world, world.service_a2, 2)
    client = world.client_for(world.agent)
    with django_assert_num_queries(AGENT_STATEMENTS):
        html = client.get("/demandes/?onglet=all").content.decode()
    # both sites are offered by the filter, and the header still names the agent's department
    assert f'value="{world.site_a1.code}"' in html and f'value="{world.site_a2.code}"' in html
    assert "(51)" in html and "— 4 demandes" in html


def test_officer_list_statements_do_not_grow_with_services_and_rows(world, django_assert_num_queries):
    client = world.client_for(world.officer)
    _requests(world, world.service_a1, 2)
    with django_assert_num_queries(OFFICER_STATEMENTS):
        assert "/departements/51/demandes/parametres/" in client.get("/demandes/?onglet=all").content.decode()
    _requests(world, world.service_a1bis, 3)
    _requests(world, world.service_a2, 3)
    with django_assert_num_queries(OFFICER_STATEMENTS):
        assert "— 8 demandes" in client.get("/demandes/?onglet=all").content.decode()


def test_waiting_e_mails_take_one_statement_and_a_second_only_to_show_an_error(world):
    request = _requests(world, world.service_a1, 1)[0]
    client = world.client_for(world.national)
    client.get("/demandes/")

    def statements():
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/demandes/").content.decode()
        return len(captured.captured_queries), html

    OutboxMessage.objects.create(
        related_app="register", related_public_id=request.public_id, to="u@example.org", subject="s", body="b"
    )
    quiet, html = statements()
    assert "1 courriel aux usagers en attente d'envoi" in html and "dernière erreur" not in html
    OutboxMessage.objects.create(
        related_app="register",
        related_public_id=request.public_id,
        to="u@example.org",
        subject="s",
        body="b",
        last_error="ConnectionRefusedError",
    )
    failing, html = statements()
    assert "2 courriels aux usagers en attente d'envoi" in html and "ConnectionRefusedError" in html
    assert failing == quiet + 1
