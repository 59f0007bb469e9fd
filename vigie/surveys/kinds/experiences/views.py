"""Services Publics+ experiences. Access: SCOPED — read by whoever sees the department; the import (file, preview,
then all-or-nothing recording) and raising an action need the department's management right (403)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user
from vigie.surveys.actions import raise_from_experience

from .imports import ExperienceImportError, parse_experiences, record_experiences
from .queries import (
    actions_by_experience,
    department_experiences,
    get_experience_for_user,
    sentiment_counts,
    topic_counts,
)

MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "sp_import"


def _year(request) -> int | None:
    year = request.GET.get("annee", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@access(SCOPED)
def sp_experiences(request, code: str):
    department = get_department_for_user(request.user, code)
    year = _year(request)
    experiences = department_experiences(request.user, department, year)
    topic = request.GET.get("thematique", "")[:100]
    actions = actions_by_experience(experiences)
    # a topic's experiences (filtered here: SQLite has no JSON containment)
    shown = [e for e in experiences.order_by("-published_on", "platform_id") if not topic or topic in e.topics]
    for experience in shown:
        experience.raised = actions.get(str(experience.public_id), [])
    return render(
        request,
        "surveys/sp_experiences.html",
        {
            "title": f"Expériences Services Publics+ — {department.name}",
            "department": department,
            "year": year,
            "topic": topic,
            "years": sorted(
                set(department_experiences(request.user, department).values_list("published_on__year", flat=True)),
                reverse=True,
            ),
            "counts": sentiment_counts(experiences),
            "topics": topic_counts(experiences),
            "experiences": shown,
            "can_manage": can_manage_department(request.user, department),
        },
    )


@access(SCOPED)
def sp_import(request, code: str):
    """Step 1: the file, read and checked (nothing written): its rows are shown. Step 2: « Importer » records them,
    all or nothing."""
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    errors: list[str] = []
    rows = []
    stored = request.session.get(SESSION_KEY)
    if stored and stored.get("department") != department.code:
        stored = None
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            errors.append("Fichier : 5 Mo au plus.")
        else:
            try:
                rows = parse_experiences(content, upload.name, department)
            except ExperienceImportError as exc:
                errors += exc.messages()
                request.session.pop(SESSION_KEY, None)
            else:
                stored = {
                    "department": department.code,
                    "name": upload.name[:200],
                    "content": base64.b64encode(content).decode(),
                }
                request.session[SESSION_KEY] = stored
    elif request.method == "POST":
        if not stored:
            errors.append("Fichier : choisissez d'abord le fichier à importer.")
        else:
            try:
                rows = parse_experiences(base64.b64decode(stored["content"]), stored["name"], department)
                created, updated = record_experiences(department=department, rows=rows)
            except ExperienceImportError as exc:
                errors += exc.messages()
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, f"{created} expérience(s) ajoutée(s), {updated} mise(s) à jour.")
                return redirect("sp_experiences", code=department.code)
    elif stored:
        try:
            rows = parse_experiences(base64.b64decode(stored["content"]), stored["name"], department)
        except ExperienceImportError:
            request.session.pop(SESSION_KEY, None)
            stored = None
    return render(
        request,
        "surveys/sp_import.html",
        {
            "title": f"Importer les expériences Services Publics+ — {department.name}",
            "department": department,
            "errors": errors,
            "rows": rows if not errors else [],
            "stored": stored if rows and not errors else None,
        },
        status=400 if errors else 200,
    )


@access(SCOPED)
@require_POST
def sp_raise_action(request, experience_id):
    experience = get_experience_for_user(request.user, experience_id)
    if not can_manage_department(request.user, experience.department):
        raise PermissionDenied
    action = raise_from_experience(actor=request.user, experience=experience)
    return redirect("action_detail", action_id=action.public_id)
