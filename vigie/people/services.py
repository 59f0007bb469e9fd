"""Writes on people: invite by e-mail, give and withdraw roles, deactivate an account. Each checks the actor's right
(people/perms.py) and raises PermissionDenied beyond it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from vigie.organisation.enums import Role
from vigie.organisation.models import Department, RoleAssignment, Service, Site

from .invitations import queue_invitation
from .perms import can_deactivate, can_give


def split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first[:150], last.strip()[:150]


def _assignment(role: str, department: Department | None, site: Site | None, service: Service | None):
    assignment = RoleAssignment(role=role, department=department, site=site, service=service)
    assignment.clean()  # the scope fits the role (ValidationError in French otherwise)
    return assignment


@transaction.atomic
def give_role(
    *,
    actor: User | None,
    person: User,
    role: str,
    department: Department | None = None,
    site: Site | None = None,
    service: Service | None = None,
) -> tuple[RoleAssignment, bool]:
    """Give a role on a scope (nothing happens if the person has it already). `actor=None`: a trusted caller (the org
    file, the demo)."""
    wanted = _assignment(role, department, site, service)
    if actor is not None and not can_give(actor, wanted):
        raise PermissionDenied("Ce rôle ou ce périmètre dépasse le vôtre.")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=person, role=role, department=department, site=site, service=service
    )
    return assignment, created


@transaction.atomic
def withdraw_role(*, actor: User, assignment: RoleAssignment) -> None:
    if not can_give(actor, assignment):
        raise PermissionDenied("Ce rôle ou ce périmètre dépasse le vôtre.")
    assignment.delete()


def role_label(assignment: RoleAssignment) -> str:
    where = assignment.service or assignment.site or assignment.department
    label = Role(assignment.role).label
    return f"{label} — {where}" if where else label


@transaction.atomic
def invite_person(
    *,
    actor: User | None,
    email: str,
    name: str,
    role: str,
    department: Department | None = None,
    site: Site | None = None,
    service: Service | None = None,
    username: str = "",
) -> tuple[User, bool]:
    """Create the account (no password: the person sets it through the link) or find it by e-mail, give the role and,
    for a new account, queue the invitation. Returns (person, created)."""
    email = email.strip().lower()
    wanted = _assignment(role, department, site, service)
    if actor is not None and not can_give(actor, wanted):
        raise PermissionDenied("Ce rôle ou ce périmètre dépasse le vôtre.")
    person = User.objects.filter(email__iexact=email).first()
    created = person is None
    if person is None:
        username = username or email
        if User.objects.filter(username=username).exists():
            raise ValidationError({"email": f"L'identifiant « {username} » est déjà pris par une autre personne."})
        first, last = split_name(name)
        person = User(username=username, email=email, first_name=first, last_name=last)
        person.set_unusable_password()
        person.full_clean(exclude=["password"])
        person.save()
    elif not person.is_active:
        raise ValidationError(
            {"email": "Ce compte est désactivé : demandez à l'administration nationale de le rouvrir."}
        )
    assignment, _ = give_role(actor=None, person=person, role=role, department=department, site=site, service=service)
    if created:
        invited_by = actor.get_full_name() or actor.username if actor is not None else ""
        queue_invitation(user=person, roles=[role_label(assignment)], invited_by=invited_by)
    return person, created


@transaction.atomic
def deactivate_person(*, actor: User, person: User) -> None:
    """The account can no longer sign in (its history stays); its API tokens stop working with it."""
    assignments = list(RoleAssignment.objects.filter(user=person).select_related("site", "service__site"))
    if not can_deactivate(actor, person, assignments):
        raise PermissionDenied("Cette personne a des rôles hors de votre périmètre.")
    person.is_active = False
    person.save(update_fields=["is_active"])


def awaits_first_sign_in(person: User) -> bool:
    """Invited, and has not chosen a password yet."""
    return person.is_active and not person.has_usable_password() and person.last_login is None


@transaction.atomic
def resend_invitation(*, actor: User, person: User, assignments: list[RoleAssignment]) -> bool:
    """A new one-time link for a person who has not chosen their password yet (the previous link still works until
    used or expired). Returns False when there is nothing to resend."""
    if not any(can_give(actor, a) for a in assignments):
        raise PermissionDenied("Cette personne n'a pas de rôle dans votre périmètre.")
    if not awaits_first_sign_in(person):
        return False
    invited_by = actor.get_full_name() or actor.username
    queue_invitation(user=person, roles=[role_label(a) for a in assignments], invited_by=invited_by)
    return True
