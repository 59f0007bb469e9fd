"""Invite, give and withdraw roles, deactivate: within the officer's own scope, never beyond."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from vigie.mail.models import OutboxMessage
from vigie.organisation.enums import Role
from vigie.organisation.models import RoleAssignment
from vigie.people import services


def test_officer_invites_an_agent_who_sets_their_own_password_through_the_link(world, client):
    officer = world.client_for(world.officer)
    response = officer.post(
        "/departements/51/personnes/inviter/",
        {
            "email": "Nouvelle.Agente@Example.org",
            "name": "Léa Dubois",
            "role": "service_agent",
            "place": f"service:{world.service_a1.public_id}",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="nouvelle.agente@example.org")
    assert (person.first_name, person.last_name, person.has_usable_password()) == ("Léa", "Dubois", False)
    assert RoleAssignment.objects.get(user=person).service == world.service_a1
    message = OutboxMessage.objects.get(tag="invitation", to="nouvelle.agente@example.org")
    link = re.search(r"http://[^\s]+(/compte/mot-de-passe/[^\s]+)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "Choisir votre mot de passe" in page.content.decode()
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(set_url, {"new_password1": "Vigie-2026-sur", "new_password2": "Vigie-2026-sur"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Vigie-2026-sur")
    # the link works once
    assert "Ce lien ne fonctionne plus" in client.get(link, follow=True).content.decode()


def test_officer_cannot_give_a_role_beyond_their_department(world):
    with pytest.raises(PermissionDenied):
        services.give_role(actor=world.officer, person=world.agent, role=Role.SERVICE_AGENT, service=world.service_b1)
    with pytest.raises(PermissionDenied):
        services.invite_person(
            actor=world.officer, email="x@example.org", name="X", role=Role.QUALITY_OFFICER, department=world.dept_b
        )
    assert not User.objects.filter(email="x@example.org").exists()
    # nor a place of another department through the form: it is not among the choices
    response = world.client_for(world.officer).post(
        "/departements/51/personnes/agent/roles/",
        {"role": "service_agent", "place": f"service:{world.service_b1.public_id}"},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=world.agent, service=world.service_b1).exists()


def test_officer_of_another_department_cannot_withdraw_a_role(world):
    assignment = RoleAssignment.objects.get(user=world.agent)
    with pytest.raises(PermissionDenied):
        services.withdraw_role(actor=world.officer_b, assignment=assignment)
    response = world.client_for(world.officer_b).post(
        f"/departements/51/personnes/agent/roles/{assignment.public_id}/retirer/"
    )
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_officer_gives_withdraws_and_deactivates_within_their_scope(world):
    officer = world.client_for(world.officer)
    response = officer.post(
        "/departements/51/personnes/agent/roles/",
        {"role": "site_correspondent", "place": f"site:{world.site_a2.public_id}"},
    )
    assert response.status_code == 302
    added = RoleAssignment.objects.get(user=world.agent, role="site_correspondent")
    assert added.site == world.site_a2
    officer.post(f"/departements/51/personnes/agent/roles/{added.public_id}/retirer/")
    assert not RoleAssignment.objects.filter(pk=added.pk).exists()
    officer.post("/departements/51/personnes/agent/desactiver/")
    world.agent.refresh_from_db()
    assert not world.agent.is_active
    assert world.client_for(world.agent).get("/demandes/").status_code == 302  # signed out: to the login page


def test_a_person_with_roles_elsewhere_is_not_deactivated_by_one_officer(world):
    RoleAssignment.objects.create(user=world.agent, role=Role.SERVICE_AGENT, service=world.service_b1)
    with pytest.raises(PermissionDenied):
        services.deactivate_person(actor=world.officer, person=world.agent)
    page = world.client_for(world.officer).get("/departements/51/personnes/agent/").content.decode()
    assert "Désactiver le compte" not in page
    services.deactivate_person(actor=world.national, person=world.agent)


def test_people_list_shows_roles_in_two_queries_whatever_the_number_of_people(world, django_assert_max_num_queries):
    client = world.client_for(world.officer)
    client.get("/departements/51/personnes/")
    for index in range(5):
        services.invite_person(
            actor=None, email=f"p{index}@example.org", name="P Q", role=Role.SERVICE_AGENT, service=world.service_a2
        )
    with django_assert_max_num_queries(12):
        page = client.get("/departements/51/personnes/")
    assert page.content.decode().count("invitation envoyée") == 5


def test_an_invitation_can_be_sent_again_until_the_password_is_chosen(world):
    person, _ = services.invite_person(
        actor=world.officer, email="lea@example.org", name="Léa D", role=Role.SERVICE_AGENT, service=world.service_a1
    )
    client = world.client_for(world.officer)
    assert "Renvoyer l'invitation" in client.get(f"/departements/51/personnes/{person.username}/").content.decode()
    client.post(f"/departements/51/personnes/{person.username}/invitation/")
    assert OutboxMessage.objects.filter(tag="invitation", to="lea@example.org").count() == 2
    # another department's officer cannot
    response = world.client_for(world.officer_b).post(f"/departements/51/personnes/{person.username}/invitation/")
    assert response.status_code == 404
    person.set_password("Choisi-2026-solide")
    person.save()
    client.post(f"/departements/51/personnes/{person.username}/invitation/")
    assert OutboxMessage.objects.filter(tag="invitation", to="lea@example.org").count() == 2
