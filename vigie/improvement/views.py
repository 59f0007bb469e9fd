"""Screens of the action plans. Access: SCOPED — plans and actions are fetched through queries (404 outside the
user's scope), then perms.py says who may change what (403 for those who only read)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.organisation.models import Department
from vigie.organisation.perms import scope_for

from . import services
from .completion import completions, completions_by_site
from .forms import (
    ActionEditForm,
    ActionForm,
    EvidenceForm,
    PlanCreateForm,
    PlanForm,
    PlanImportForm,
    ProgressForm,
    ThemeAddForm,
    department_users,
)
from .importing import PlanFileError, parse_plan
from .models import Action, Evidence
from .perms import can_manage_plan, can_read_action, can_update_progress
from .queries import aimed_indicator_figures, get_action_for_user, get_plan_for_user, owned_actions, visible_plans


def _managed_departments(user):
    scope = scope_for(user)
    departments = Department.objects.order_by("code")
    return departments if scope.national else departments.filter(pk__in=scope.manage_departments)


def _at(request) -> tuple[dt.date, str]:
    """The date of the figures: « date » in the query (AAAA-MM-JJ), today by default; a wrong one says so."""
    today = timezone.localdate()
    text = request.GET.get("date", "")
    if not text:
        return today, ""
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        return today, "Date\u00a0: format AAAA-MM-JJ attendu ; les taux sont donnés à la date du jour."


def _form_errors_status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@access(SCOPED)
def action_plans(request):
    """The plans the user may read, their own open actions, and for managers a form to open a plan."""
    departments = _managed_departments(request.user)
    form = PlanCreateForm(request.POST or None, departments=departments) if departments.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.get_or_create_plan(
                    actor=request.user,
                    department=data["department"],
                    year=data["year"],
                    title=data["title"],
                    rule=data["rule"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("action_plan_detail", plan_id=plan.public_id)
    plans = list(visible_plans(request.user).order_by("department__code", "-year"))
    return render(
        request,
        "improvement/plan_list.html",
        {
            "title": "Plans d'action",
            "plans": plans,
            "my_actions": owned_actions(request.user),
            "form": form,
            "can_import": departments.exists(),
        },
        status=_form_errors_status(form) if form else 200,
    )


@access(SCOPED)
def action_plan_detail(request, plan_id):
    """The plan's tree with its completion per theme, axis and plan at a date (today by default), the rule beside
    every figure, the warnings where published rates disagree, and the completion per site."""
    plan = get_plan_for_user(request.user, plan_id)
    at, date_error = _at(request)
    completion = completions([plan], at=at)[0]
    per_site = completions_by_site(plan, at=at)
    by_site = [(site, per_site[site.pk]) for site in plan.department.sites.order_by("name") if site.pk in per_site]
    actions: dict[str, list] = {}
    for action in (
        Action.objects.filter(theme__axis__plan=plan)
        .select_related("theme", "owner_user", "owner_service")
        .order_by("position", "id")
    ):
        actions.setdefault(str(action.theme.public_id), []).append(action)
    tree = [(axis, [(theme, actions.get(theme.public_id, [])) for theme in axis.themes]) for axis in completion.axes]
    return render(
        request,
        "improvement/plan_detail.html",
        {
            "title": plan.title,
            "plan": plan,
            "completion": completion,
            "tree": tree,
            "by_site": by_site,
            "at": at,
            "date_error": date_error,
            "can_manage": can_manage_plan(request.user, plan),
        },
    )


@access(SCOPED)
def action_plan_edit(request, plan_id):
    plan = get_plan_for_user(request.user, plan_id)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None,
        initial={
            "title": plan.title,
            "rule": plan.rule,
            "published_completion": plan.published_completion,
            "published_at": plan.published_at,
        },
    )
    theme_form = (
        ThemeAddForm(request.POST or None, prefix="theme")
        if "theme-theme_title" in request.POST
        else ThemeAddForm(prefix="theme")
    )
    if request.method == "POST":
        if "theme-theme_title" in request.POST:
            form = PlanForm(
                initial={
                    "title": plan.title,
                    "rule": plan.rule,
                    "published_completion": plan.published_completion,
                    "published_at": plan.published_at,
                }
            )
            if theme_form.is_valid():
                axis = services.get_or_create_axis(plan=plan, title=theme_form.cleaned_data["axis_title"])
                services.get_or_create_theme(axis=axis, title=theme_form.cleaned_data["theme_title"])
                messages.success(request, "Thème ajouté.")
                return redirect("action_plan_edit", plan_id=plan.public_id)
        elif form.is_valid():
            services.update_plan(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, "Plan enregistré.")
            return redirect("action_plan_detail", plan_id=plan.public_id)
    bound = form if form.is_bound else theme_form
    return render(
        request,
        "improvement/plan_edit.html",
        {"title": f"Modifier — {plan.title}", "plan": plan, "form": form, "theme_form": theme_form},
        status=_form_errors_status(bound),
    )


@access(SCOPED)
def action_plan_import(request):
    """Import an existing plan from XLSX or CSV (importing.py): all or nothing, every error with its line."""
    departments = _managed_departments(request.user)
    if not departments.exists():
        raise PermissionDenied
    form = PlanImportForm(request.POST or None, request.FILES or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parsed = parse_plan(data["file"].read(), data["file"].name)
            plan = services.import_plan(
                actor=request.user, department=data["department"], year=data["year"], on=data["on"], parsed=parsed
            )
        except PlanFileError as exc:
            for error in exc.errors:
                form.add_error("file", error)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Plan importé : {parsed.action_count} actions.")
            return redirect("action_plan_detail", plan_id=plan.public_id)
    return render(
        request,
        "improvement/plan_import.html",
        {"title": "Importer un plan d'action", "form": form},
        status=_form_errors_status(form),
    )


@access(SCOPED)
def action_create(request, plan_id):
    plan = get_plan_for_user(request.user, plan_id)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    form = ActionForm(request.POST or None, plan=plan, users=department_users(plan.department))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Action ajoutée.")
            return redirect("action_detail", action_id=action.public_id)
    return render(
        request,
        "improvement/action_form.html",
        {"title": "Nouvelle action", "plan": plan, "form": form, "action": None},
        status=_form_errors_status(form),
    )


def _progress_form(action, data=None):
    return ProgressForm(data, initial={"progress": action.progress, "on": timezone.localdate()})


@access(SCOPED)
def action_detail(request, action_id):
    action = get_action_for_user(request.user, action_id)
    return _render_action(request, action, _progress_form(action))


def _render_action(request, action, progress_form, evidence_form=None, status=200):
    plan = action.theme.axis.plan
    context = {
        "title": action.title,
        "action": action,
        "plan": plan,
        "events": action.events.select_related("actor").order_by("-on", "-id"),
        "evidence": action.evidence.all(),
        "can_manage": can_manage_plan(request.user, plan),
        "can_update": can_update_progress(request.user, action),
        "progress_form": progress_form,
        "evidence_form": evidence_form or EvidenceForm(),
        "sites": action.sites.order_by("name"),
        "commitments": action.commitments.select_related("module__version__framework"),
        "aimed": aimed_indicator_figures(action),
    }
    template = "improvement/includes/progress.html" if request.htmx else "improvement/action_detail.html"
    # htmx swaps only 2xx answers: the fragment with its errors comes back as 200
    return render(request, template, context, status=200 if request.htmx else status)


@access(SCOPED)
@require_POST
def action_progress(request, action_id):
    """The owner (or a manager of the plan) notes the progress at a date; htmx swaps the progress block."""
    action = get_action_for_user(request.user, action_id)
    if not can_update_progress(request.user, action):
        raise PermissionDenied
    form = _progress_form(action, request.POST)
    if form.is_valid():
        try:
            services.record_progress(
                actor=request.user,
                action=action,
                progress=form.cleaned_data["progress"],
                on=form.cleaned_data["on"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error({"at": "on"}.get(field, field) if field in ("at", "on", "progress") else None, errors)
        else:
            if not request.htmx:
                messages.success(request, "Avancement enregistré.")
                return redirect("action_detail", action_id=action.public_id)
            action.refresh_from_db()
            return _render_action(request, action, _progress_form(action))
    return _render_action(request, action, form, status=400)


@access(SCOPED)
def action_edit(request, action_id):
    action = get_action_for_user(request.user, action_id)
    plan = action.theme.axis.plan
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "theme": action.theme,
        "title": action.title,
        "owner_user": action.owner_user,
        "owner_service": action.owner_service,
        "owner_label": action.owner_label,
        "sites": list(action.sites.all()),
        "commitments": list(action.commitments.all()),
        "due_date": action.due_date,
        "status": action.status,
        "abandon_reason": action.abandon_reason,
        "aimed_indicator": action.aimed_indicator,
        "aimed_site": action.aimed_site,
    }
    form = ActionEditForm(request.POST or None, initial=initial, plan=plan, users=department_users(plan.department))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        theme, sites, comment = data.pop("theme"), data.pop("sites"), data.pop("comment")
        commitments = data.pop("commitments")
        try:
            with transaction.atomic():
                if theme != action.theme:
                    services.move_action(actor=request.user, action=action, theme=theme)
                services.update_action(
                    actor=request.user, action=action, sites=sites, commitments=commitments, comment=comment, **data
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Action enregistrée.")
            return redirect("action_detail", action_id=action.public_id)
    return render(
        request,
        "improvement/action_form.html",
        {"title": f"Modifier — {action.title}", "plan": plan, "form": form, "action": action},
        status=_form_errors_status(form),
    )


@access(SCOPED)
@require_POST
def action_evidence_add(request, action_id):
    action = get_action_for_user(request.user, action_id)
    if not can_update_progress(request.user, action):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_evidence(actor=request.user, action=action, **form.cleaned_data)
        messages.success(request, "Preuve ajoutée.")
        return redirect("action_detail", action_id=action.public_id)
    return _render_action(request, action, _progress_form(action), evidence_form=form, status=400)


@access(SCOPED)
def evidence_file(request, evidence_id):
    evidence = (
        Evidence.objects.select_related("action__theme__axis__plan__department").filter(public_id=evidence_id).first()
    )
    if evidence is None or not evidence.file or not can_read_action(request.user, evidence.action):
        raise Http404("Preuve introuvable.")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])
