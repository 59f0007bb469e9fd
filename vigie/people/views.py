"""People screens of a department: for its quality officer and national administrators (403 for other readers of
the department, 404 outside it). Every write goes through people/services.py, which checks the scope again."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from vigie.core.access import PUBLIC, SCOPED, access
from vigie.organisation.models import RoleAssignment
from vigie.organisation.queries import department_sites_for_user, get_department_for_user

from . import services
from .forms import InviteForm, PasswordSetForm, RoleForm
from .perms import can_deactivate, can_give, can_manage_people
from .queries import get_person_in_department, people_of_department


def _managed_department(request, code: str):
    department = get_department_for_user(request.user, code)
    if not can_manage_people(request.user, department):
        raise PermissionDenied
    return department


@access(SCOPED)
def people_list(request, code: str):
    department = _managed_department(request, code)
    return render(
        request,
        "people/people_list.html",
        {
            "title": f"Personnes et rôles — {department.name}",
            "department": department,
            "people": people_of_department(department),
        },
    )


@access(SCOPED)
def person_invite(request, code: str):
    department = _managed_department(request, code)
    sites = department_sites_for_user(request.user, department)
    form = InviteForm(request.POST or None, department=department, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            person, created = services.invite_person(
                actor=request.user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                **form.scope(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {person.email} : la personne choisira son mot de passe par le lien reçu."
                if created
                else f"{person.get_full_name() or person.username} avait déjà un compte : le rôle est ajouté.",
            )
            return redirect("person_detail", code=department.code, username=person.username)
    return render(
        request,
        "people/person_invite.html",
        {"title": "Inviter une personne", "department": department, "form": form},
        status=400 if form.errors else 200,
    )


def _person_page(request, department, username, role_form=None, status=200):
    person = get_person_in_department(department, username)
    sites = department_sites_for_user(request.user, department)
    return render(
        request,
        "people/person_detail.html",
        {
            "title": person.user.get_full_name() or person.user.username,
            "department": department,
            "person": person,
            "withdrawable": [(a, can_give(request.user, a)) for a in person.assignments],
            "can_deactivate": person.user.is_active
            and can_deactivate(request.user, person.user, list(person.user.role_assignments.all())),
            "role_form": role_form or RoleForm(department=department, sites=sites),
            "awaits_first_sign_in": services.awaits_first_sign_in(person.user) and bool(person.user.email),
        },
        status=status,
    )


@access(SCOPED)
def person_detail(request, code: str, username: str):
    return _person_page(request, _managed_department(request, code), username)


@access(SCOPED)
@require_POST
def person_role_add(request, code: str, username: str):
    department = _managed_department(request, code)
    person = get_person_in_department(department, username)
    form = RoleForm(request.POST, department=department, sites=department_sites_for_user(request.user, department))
    if not form.is_valid():
        return _person_page(request, department, username, role_form=form, status=400)
    try:
        services.give_role(actor=request.user, person=person.user, role=form.cleaned_data["role"], **form.scope())
    except ValidationError as exc:
        form.add_error(None, exc)
        return _person_page(request, department, username, role_form=form, status=400)
    messages.success(request, "Rôle attribué.")
    return redirect("person_detail", code=department.code, username=username)


@access(SCOPED)
@require_POST
def person_role_withdraw(request, code: str, username: str, assignment_id: uuid.UUID):
    department = _managed_department(request, code)
    person = get_person_in_department(department, username)
    assignment = get_object_or_404(RoleAssignment, public_id=assignment_id, user=person.user)
    services.withdraw_role(actor=request.user, assignment=assignment)
    messages.success(request, "Rôle retiré.")
    if RoleAssignment.objects.filter(user=person.user).exists() and any(
        a.pk != assignment.pk for a in person.assignments
    ):
        return redirect("person_detail", code=department.code, username=username)
    return redirect("people_list", code=department.code)


@access(SCOPED)
@require_POST
def person_deactivate(request, code: str, username: str):
    department = _managed_department(request, code)
    person = get_person_in_department(department, username)
    services.deactivate_person(actor=request.user, person=person.user)
    messages.success(request, "Compte désactivé : la personne ne peut plus se connecter.")
    return redirect("person_detail", code=department.code, username=username)


@access(SCOPED)
@require_POST
def person_invite_again(request, code: str, username: str):
    department = _managed_department(request, code)
    person = get_person_in_department(department, username)
    if services.resend_invitation(actor=request.user, person=person.user, assignments=person.assignments):
        messages.success(request, f"Nouveau lien envoyé à {person.user.email}.")
    else:
        messages.info(request, "Cette personne a déjà choisi son mot de passe : rien à renvoyer.")
    return redirect("person_detail", code=department.code, username=username)


password_set = access(PUBLIC)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="people/password_set.html",
        form_class=PasswordSetForm,
        success_url=reverse_lazy("login"),
        post_reset_login=False,
        extra_context={"title": "Choisir votre mot de passe"},
    )
)
