"""The import screen: a file of individual answers (CSV or XLSX, one row per respondent), then a mapping of its
columns to the campaign's questions (guessed from the names), then an all-or-nothing import whose errors name the
line and the column. Access: SCOPED — the department's quality officer (403 for others who see it, 404 outside).
The file waits in the session between the two steps (5 Mo at most)."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from vigie.core.access import SCOPED, access
from vigie.organisation.perms import can_manage_department

from .imports import FIXED, guess_mapping, parse_responses, read_rows
from .queries import get_campaign_for_user
from .services import SurveyRejected, record_responses

MAX_BYTES = 5 * 1024 * 1024
SESSION_KEY = "survey_import"
FIXED_CHOICES = [("site", "Site (code)"), ("service", "Service (code)"), ("channel", "Canal"), ("date", "Date")]


def _errors(exc: SurveyRejected) -> list[str]:
    return [
        f"{'ligne ' + str(line) + ', ' if line else ''}colonne {column} : {message}"
        for line, column, message in exc.errors
    ]


@access(SCOPED)
def response_import(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    if not can_manage_department(request.user, campaign.department):
        raise PermissionDenied
    questions = list(campaign.version.questions.all())
    stored = request.session.get(SESSION_KEY)
    errors: list[str] = []
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        content = upload.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            errors.append("Fichier : 5 Mo au plus.")
        else:
            try:
                read_rows(content, upload.name)
            except SurveyRejected as exc:
                errors += _errors(exc)
            else:
                stored = {
                    "campaign": str(campaign.public_id),
                    "name": upload.name[:200],
                    "content": base64.b64encode(content).decode(),
                }
                request.session[SESSION_KEY] = stored
    elif request.method == "POST" and not errors:
        if not stored or stored.get("campaign") != str(campaign.public_id):
            errors.append("Fichier : choisissez d'abord le fichier à importer.")
        else:
            content = base64.b64decode(stored["content"])
            header = read_rows(content, stored["name"])[0]
            mapping = [request.POST.get(f"colonne_{index}", "") for index in range(len(header))]
            try:
                items = parse_responses(content, stored["name"], questions, mapping)
                recorded = record_responses(actor=request.user, campaign=campaign, items=items)
            except SurveyRejected as exc:
                errors += _errors(exc)
            else:
                del request.session[SESSION_KEY]
                messages.success(
                    request, f"{len(recorded)} réponses importées (n° {recorded[0].number} à {recorded[-1].number})."
                )
                return redirect("campaign_detail", campaign_id=campaign.public_id)
    columns, preview = [], []
    if stored and stored.get("campaign") == str(campaign.public_id):
        table = read_rows(base64.b64decode(stored["content"]), stored["name"])
        guessed = guess_mapping(table[0], questions)
        posted = request.method == "POST" and "file" not in request.FILES
        choices = [("", "Ne pas importer"), *FIXED_CHOICES, *[(q.code, f"{q.code} — {q.label}") for q in questions]]
        for index, name in enumerate(table[0]):
            initial = request.POST.get(f"colonne_{index}", "") if posted else (guessed[index] or "")
            field = forms.ChoiceField(label=f"Colonne {index + 1} « {name} »", choices=choices, required=False)
            columns.append({"index": index, "name": name, "label": field.label, "choices": choices, "value": initial})
        preview = table[1:4]
    return render(
        request,
        "surveys/import.html",
        {
            "title": f"Importer des réponses — {campaign.title}",
            "campaign": campaign,
            "department": campaign.department,
            "stored": stored if columns else None,
            "columns": columns,
            "preview": preview,
            "errors": errors,
            "fixed": sorted(set(FIXED)),
        },
        status=400 if errors else 200,
    )
