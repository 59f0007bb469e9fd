"""The renewals page: titles expiring each coming year, by cohort of issue (vigie.indicators.renewals).
Access: SCOPED — reading follows the department scope (organisation.queries, 404 outside); importing the issuance
counts needs the department's management right (quality officer, national administrator), else 403."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from vigie.core.access import SCOPED, access
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user

from .renewals import parse_issuances, renewal_view, save_issuances

YEARS_SHOWN = 12


class IssuanceImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Titres délivrés par année (CSV ou XLSX)",
        help_text="Colonnes : title (cni ou passeport), year, adults, minors (facultative). 1 Mo au plus.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("Format attendu : CSV ou XLSX.")
        return upload


@access(SCOPED)
def renewals(request, code: str):
    department = get_department_for_user(request.user, code)
    can_import = can_manage_department(request.user, department)
    form = IssuanceImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            parsed = parse_issuances(upload.read(), upload.name, today=timezone.localdate())
            if parsed.errors:
                errors = parsed.errors
            else:
                created, updated = save_issuances(department=department, rows=parsed.rows, actor=request.user)
                messages.success(
                    request,
                    f"Import terminé : {len(parsed.rows)} ligne(s) lue(s), {created} créée(s), {updated} modifiée(s).",
                )
                return redirect("renewals", code=department.code)
    view = renewal_view(department, first_year=timezone.localdate().year, count=YEARS_SHOWN)
    chart = None
    if not view.empty:
        chart = {
            "x": json.dumps([[str(y.year) for y in view.years]] * len(view.titles)),
            "y": json.dumps([[y.by_title[t.code] for y in view.years] for t in view.titles]),
            "names": json.dumps([t.label for t in view.titles], ensure_ascii=False),
        }
    return render(
        request,
        "indicators/screens/renewals.html",
        {
            "title": "Renouvellements des titres",
            "department": department,
            "view": view,
            "chart": chart,
            "form": form,
            "errors": errors,
            "can_import": can_import,
        },
    )
