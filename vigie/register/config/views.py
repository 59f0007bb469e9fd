"""Configuration screens of the register, per department: message templates (versioned), deadlines, themes,
functional mailboxes.

Access: SCOPED — the department goes through organisation.queries (404 outside the user's scope), then only
national administrators and the department's quality officer may use these screens (403 for the others, even
when they can see the department). Objects (template families, themes, mailboxes) are looked up inside the
department, so another department's object is a 404.

The writes are in config_services.py (keyword-only, atomic); the views parse, check, call them
and redirect (POST-redirect-GET)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.frameworks.queries import default_deadline
from vigie.organisation.models import Department, Service, Site
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user
from vigie.organisation.services import set_retention_months
from vigie.register.config.forms import (
    DeadlinesForm,
    MailboxForm,
    MessageTemplateForm,
    RequestImportForm,
    RetentionForm,
    ThemeForm,
)
from vigie.register.config.forms import deadline_field_name as _cell
from vigie.register.config.services import (
    TEMPLATE_FIELDS,
    add_theme,
    create_message_template,
    rename_theme,
    retire_message_template,
    revise_message_template,
    rules_in_force,
    save_deadline_rules,
    save_mailbox,
    set_theme_active,
)
from vigie.register.enums import Channel, Kind
from vigie.register.models import DeadlineRule, Mailbox, MessageTemplate, Theme, UserRequest
from vigie.register.requests.imports import REQUIRED, ImportRefused, import_requests, plan_import
from vigie.register.requests.messaging import DEFAULT_ACKNOWLEDGEMENT, render_template
from vigie.register.requests.services import deadline_for

PREVIEW_TOKEN = "exemple"  # noqa: S105 — not a secret: the placeholder token of previewed tracking links
MAILBOX_FIELDS = ("site", "service", "kind", "host", "port", "security", "username", "folder", "active")


# --- Reads -------------------------------------------------------------------------------------------------------


def _managed_department(request, code: str) -> Department:
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    return department


def _sites(department: Department) -> list[Site]:
    return list(Site.objects.filter(department=department).order_by("name"))


def _services(department: Department) -> list[Service]:
    return list(
        Service.objects.filter(site__department=department).select_related("site").order_by("site__name", "name")
    )


def _latest_version(department: Department, family: uuid.UUID) -> MessageTemplate:
    latest = (
        MessageTemplate.objects.filter(department=department, family=family)
        .select_related("site")
        .order_by("-version")
        .first()
    )
    if latest is None:
        raise Http404("Modèle introuvable.")
    return latest


# --- Index -------------------------------------------------------------------------------------------------------


@access(SCOPED)
def register_config(request, code: str):
    department = _managed_department(request, code)
    return render(
        request,
        "register/config/index.html",
        {
            "title": f"Paramètres des demandes — {department.name}",
            "department": department,
            "template_count": MessageTemplate.objects.filter(department=department, is_current=True).count(),
            "rule_count": DeadlineRule.objects.filter(department=department).count(),
            "theme_count": Theme.objects.filter(department=department, active=True).count(),
            "mailbox_count": Mailbox.objects.filter(department=department).count(),
        },
    )


# --- Message templates -------------------------------------------------------------------------------------------


@access(SCOPED)
def message_template_list(request, code: str):
    department = _managed_department(request, code)
    templates = MessageTemplate.objects.filter(department=department).select_related("site", "created_by")
    current = list(templates.filter(is_current=True).order_by("purpose", "name", "pk"))
    current_families = {t.family for t in current}
    retired = {}
    for template in templates.filter(is_current=False).order_by("purpose", "name", "family", "-version"):
        if template.family not in current_families:
            retired.setdefault(template.family, template)  # the latest version of each retired family
    return render(
        request,
        "register/config/template_list.html",
        {
            "title": "Modèles de messages",
            "department": department,
            "templates": current,
            "retired": list(retired.values()),
            "has_acknowledgement": any(t.purpose == "acknowledgement" for t in current),
            "default_acknowledgement": DEFAULT_ACKNOWLEDGEMENT,
        },
    )


def _template_fields(data) -> dict:
    return {name: data[name] for name in TEMPLATE_FIELDS}


def _sample_request(department: Department, data) -> UserRequest | None:
    """An unsaved request to preview a template when the department has none yet."""
    site = data["site"] or Site.objects.filter(department=department).order_by("name").first()
    if site is None:
        return None
    kind, channel = data["kind"] or Kind.COMPLAINT, data["channel"] or Channel.EMAIL
    today = timezone.localdate()
    days = deadline_for(department, kind, channel)
    return UserRequest(
        department=department,
        reference=f"{department.code}-{today.year}-000001",
        kind=kind,
        channel=channel,
        received_at=timezone.now(),
        received_date=today,
        site=site,
        subject="Exemple",
        text="Exemple",
        tracking_token=PREVIEW_TOKEN,
        deadline_days=days,
        due_date=site.calendar().due_date(today, days) if days is not None else None,
    )


def _preview(department: Department, data) -> dict | None:
    """Subject and body rendered against the department's latest request, or a sample one. Nothing is saved."""
    request = (
        UserRequest.objects.filter(department=department)
        .select_related("site", "service")
        .order_by("-received_at", "-pk")
        .first()
    )
    sample = request is None
    if sample:
        request = _sample_request(department, data)
        if request is None:
            return None
    else:
        request.tracking_token = PREVIEW_TOKEN  # in memory only: a preview never shows a real tracking link
    subject, body = render_template(MessageTemplate(department=department, **_template_fields(data)), request)
    return {"subject": subject, "body": body, "reference": request.reference, "sample": sample}


def _template_form_page(request, department: Department, latest: MessageTemplate | None):
    initial = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in TEMPLATE_FIELDS if name != "site"}
        initial["site"] = str(latest.site_id or "")
    form = MessageTemplateForm(request.POST or None, sites=_sites(department), initial=initial)
    preview = None
    previewed = request.method == "POST" and request.POST.get("action") == "preview"
    if request.method == "POST" and form.is_valid():
        fields = _template_fields(form.cleaned_data)
        if previewed:
            preview = _preview(department, form.cleaned_data)
            if preview is None:
                messages.info(request, "Aperçu impossible : le département n'a encore aucun site.")
        elif latest is None:
            created = create_message_template(actor=request.user, department=department, **fields)
            messages.success(request, f"Modèle « {created.name} » créé.")
            return redirect("message_template_list", code=department.code)
        else:
            revised = revise_message_template(actor=request.user, department=department, family=latest.family, **fields)
            if revised is None:
                messages.info(
                    request, f"Aucune modification : le modèle « {latest.name} » reste en version {latest.version}."
                )
            else:
                messages.success(
                    request,
                    f"Modèle « {revised.name} » enregistré en version {revised.version} ; "
                    "les versions précédentes sont conservées dans l'historique.",
                )
            return redirect("message_template_list", code=department.code)
    return render(
        request,
        "register/config/template_form.html",
        {
            "title": "Nouveau modèle de message" if latest is None else f"Modifier le modèle « {latest.name} »",
            "department": department,
            "form": form,
            "latest": latest,
            "preview": preview,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def message_template_create(request, code: str):
    return _template_form_page(request, _managed_department(request, code), None)


@access(SCOPED)
def message_template_edit(request, code: str, family: uuid.UUID):
    department = _managed_department(request, code)
    return _template_form_page(request, department, _latest_version(department, family))


@access(SCOPED)
def message_template_history(request, code: str, family: uuid.UUID):
    department = _managed_department(request, code)
    versions = list(
        MessageTemplate.objects.filter(department=department, family=family)
        .select_related("site", "created_by")
        .order_by("-version")
    )
    if not versions:
        raise Http404("Modèle introuvable.")
    return render(
        request,
        "register/config/template_history.html",
        {
            "title": f"Historique du modèle « {versions[0].name} »",
            "department": department,
            "latest": versions[0],
            "versions": versions,
        },
    )


@access(SCOPED)
@require_POST
def message_template_retire(request, code: str, family: uuid.UUID):
    department = _managed_department(request, code)
    latest = _latest_version(department, family)
    if retire_message_template(actor=request.user, department=department, family=family):
        messages.success(
            request, f"Modèle « {latest.name} » retiré : il n'est plus utilisé, son historique est conservé."
        )
    else:
        messages.info(request, f"Le modèle « {latest.name} » était déjà retiré.")
    return redirect("message_template_list", code=department.code)


# --- Deadlines ---------------------------------------------------------------------------------------------------


@access(SCOPED)
def deadline_rules(request, code: str):
    department = _managed_department(request, code)
    # the rules in force today (a rule dated in the past replaces the undated one from its date)
    rules = rules_in_force(department, WorkingCalendar.for_department(department.code).local_date(timezone.now()))
    initial = {_cell(*key): rule.working_days for key, rule in rules.items() if rule.working_days is not None}
    form = DeadlinesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        change = save_deadline_rules(
            actor=request.user,
            department=department,
            overrides=form.overrides(),
            effective_from=form.cleaned_data["effective_from"],
        )
        if change.cells:
            plural = "s" if change.cells > 1 else ""
            rescheduled = (
                "aucune demande en cours n'est concernée"
                if not change.rescheduled
                else "1 demande en cours a reçu une nouvelle échéance"
                if change.rescheduled == 1
                else f"{change.rescheduled} demandes en cours ont reçu une nouvelle échéance"
            )
            messages.success(
                request,
                f"{change.cells} délai{plural} modifié{plural} ; {rescheduled} "
                "(les demandes déjà répondues gardent le délai qui les a jugées).",
            )
        else:
            messages.info(request, "Aucun délai modifié.")
        return redirect("deadline_rules", code=department.code)
    groups = [
        {
            "kind": kind_label,
            "rows": [
                {
                    "channel": channel_label,
                    "default": default_deadline(kind, channel),
                    "field": form[_cell(kind, channel)],
                    "no_deadline_rule": (kind, channel) in rules and rules[(kind, channel)].working_days is None,
                }
                for channel, channel_label in Channel.choices
            ],
        }
        for kind, kind_label in Kind.choices
    ]
    return render(
        request,
        "register/config/deadlines.html",
        {"title": "Délais de réponse", "department": department, "form": form, "groups": groups},
        status=400 if form.errors else 200,
    )


# --- Themes ------------------------------------------------------------------------------------------------------


@access(SCOPED)
def theme_list(request, code: str):
    department = _managed_department(request, code)
    themes = list(
        Theme.objects.filter(department=department).annotate(request_count=Count("requests")).order_by("name")
    )
    form = ThemeForm(request.POST or None, existing=themes)
    if request.method == "POST" and form.is_valid():
        try:
            theme = add_theme(actor=request.user, department=department, name=form.cleaned_data["name"])
        except IntegrityError:  # added at the same moment by someone else
            form.add_error("name", "Ce thème existe déjà.")
        else:
            messages.success(request, f"Thème « {theme.name} » ajouté.")
            return redirect("theme_list", code=department.code)
    return render(
        request,
        "register/config/theme_list.html",
        {
            "title": "Thèmes des demandes",
            "department": department,
            "active_themes": [t for t in themes if t.active],
            "retired_themes": [t for t in themes if not t.active],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def theme_edit(request, code: str, theme_id: uuid.UUID):
    department = _managed_department(request, code)
    theme = get_object_or_404(Theme, public_id=theme_id, department=department)
    others = Theme.objects.filter(department=department).exclude(pk=theme.pk)
    form = ThemeForm(request.POST or None, existing=others, initial={"name": theme.name})
    if request.method == "POST" and form.is_valid():
        before = theme.name
        try:
            rename_theme(actor=request.user, theme=theme, name=form.cleaned_data["name"])
        except IntegrityError:
            form.add_error("name", "Ce thème existe déjà.")
        else:
            messages.success(request, f"Thème « {before} » renommé en « {theme.name} ».")
            return redirect("theme_list", code=department.code)
    return render(
        request,
        "register/config/theme_form.html",
        {
            "title": f"Renommer le thème « {theme.name} »",
            "department": department,
            "theme": theme,
            "request_count": theme.requests.count(),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
@require_POST
def theme_activation(request, code: str, theme_id: uuid.UUID):
    department = _managed_department(request, code)
    theme = get_object_or_404(Theme, public_id=theme_id, department=department)
    active = request.POST.get("active") == "1"
    set_theme_active(actor=request.user, theme=theme, active=active)
    if active:
        messages.success(request, f"Thème « {theme.name} » remis en service.")
    else:
        messages.success(
            request, f"Thème « {theme.name} » retiré : il n'est plus proposé, les demandes qui l'ont le gardent."
        )
    return redirect("theme_list", code=department.code)


# --- Functional mailboxes ----------------------------------------------------------------------------------------


@access(SCOPED)
def mailbox_list(request, code: str):
    department = _managed_department(request, code)
    mailboxes = (
        Mailbox.objects.filter(department=department)
        .select_related("site", "service")
        .order_by("site__name", "username", "pk")
    )
    return render(
        request,
        "register/config/mailbox_list.html",
        {"title": "Boîtes fonctionnelles", "department": department, "mailboxes": list(mailboxes)},
    )


def _mailbox_form_page(request, department: Department, mailbox: Mailbox | None):
    initial = {}
    if mailbox is not None:
        initial = {name: getattr(mailbox, name) for name in MAILBOX_FIELDS if name not in ("site", "service")}
        initial.update(site=str(mailbox.site_id), service=str(mailbox.service_id or ""))
    form = MailboxForm(
        request.POST or None,
        sites=_sites(department),
        services=_services(department),
        has_password=mailbox is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_mailbox(
            actor=request.user,
            department=department,
            mailbox=mailbox,
            password=data["password"],
            **{name: data[name] for name in MAILBOX_FIELDS},
        )
        messages.success(request, f"Boîte {saved} {'créée' if mailbox is None else 'enregistrée'}.")
        return redirect("mailbox_list", code=department.code)
    return render(
        request,
        "register/config/mailbox_form.html",
        {
            "title": "Nouvelle boîte fonctionnelle" if mailbox is None else f"Modifier la boîte {mailbox}",
            "department": department,
            "mailbox": mailbox,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def mailbox_create(request, code: str):
    return _mailbox_form_page(request, _managed_department(request, code), None)


@access(SCOPED)
def mailbox_edit(request, code: str, mailbox_id: uuid.UUID):
    department = _managed_department(request, code)
    mailbox = get_object_or_404(
        Mailbox.objects.select_related("site", "service"), public_id=mailbox_id, department=department
    )
    return _mailbox_form_page(request, department, mailbox)


# --- Retention of personal data ----------------------------------------------------------------------------------


@access(SCOPED)
def retention_setting(request, code: str):
    department = _managed_department(request, code)
    form = RetentionForm(request.POST or None, initial={"months": department.retention_months})
    if request.method == "POST" and form.is_valid():
        months = form.cleaned_data["months"]
        if set_retention_months(actor=request.user, department=department, months=months):
            messages.success(
                request,
                f"Durée de conservation\u00a0: {months}\u00a0mois. Elle s'applique au prochain passage de l'effacement "
                "quotidien, aux demandes déjà closes comme aux suivantes.",
            )
        else:
            messages.info(request, "Durée de conservation inchangée.")
        return redirect("retention_setting", code=department.code)
    return render(
        request,
        "register/config/retention.html",
        {
            "title": f"Conservation des données personnelles — {department.name}",
            "department": department,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- Past register import ----------------------------------------------------------------------------------------


@access(SCOPED)
def request_import(request, code: str):
    """Import a past register (CSV/XLSX): upload, preview (requests to create per year and site, rows already
    imported, unknown themes with a box to create them), then confirmation. All or nothing; no e-mail
    (register/requests/imports.py)."""
    department = _managed_department(request, code)
    form = RequestImportForm(request.POST or None, request.FILES or None)
    context = {"title": "Importer un registre antérieur", "department": department, "form": form, "columns": REQUIRED}
    session_key = f"request_import_{department.code}"
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.pop(session_key, None)
        if pending is None:
            messages.error(request, "Le fichier à importer a expiré : déposez-le à nouveau.")
            return redirect("request_import", code=department.code)
        try:
            plan = import_requests(
                actor=request.user,
                department=department,
                content=pending["content"].encode("latin-1"),
                filename=pending["name"],
                create_themes=bool(request.POST.get("create_themes")),
            )
        except ImportRefused as exc:
            context["errors"] = exc.errors
        else:
            messages.success(
                request,
                f"Import terminé\u00a0: {len(plan.rows)} demande(s) créée(s), {plan.already} déjà importée(s) "
                "(aucun courriel envoyé ; les indicateurs sont recalculés).",
            )
            return redirect(f"{reverse('request_analysis')}?department={department.code}")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_import(department=department, content=content, filename=upload.name)
        context.update({"errors": plan.errors, "plan": None if plan.errors else plan})
        if not plan.errors:
            request.session[session_key] = {"content": content.decode("latin-1"), "name": upload.name}
    status = 400 if context.get("errors") else 200
    return render(request, "register/config/request_import.html", context, status=status)
