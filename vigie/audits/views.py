"""Screens of the audits app: each view parses, checks the right (perms.py), calls a service or a query, renders.
Every view states its access rule; objects are fetched through scoped queries (404 outside the scope)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.frameworks.evidence import evidence_for
from vigie.frameworks.models import Commitment, Framework, FrameworkVersion
from vigie.indicators.queries import indicator_results
from vigie.organisation.queries import department_sites_for_user, get_department_for_user, get_site_for_user

from . import queries, services
from .forms import (
    AuditForm,
    DueDateForm,
    EvidenceDocumentForm,
    LabelDecisionForm,
    OptionalDueDateForm,
    RemarkForm,
    ResultsForm,
    SelfAssessmentForm,
    TransitionTargetForm,
)
from .perms import can_manage_department, can_manage_site, can_record_results
from .report import audit_report_pdf


def _today(department) -> dt.date:
    """The department's own date (its time zone, e.g. an overseas department's)."""
    return WorkingCalendar.for_department(department.code).local_date(timezone.now())


# ---- overview ------------------------------------------------------------------------------------------------


@access(SCOPED)
def audit_overview(request, code: str):
    department = get_department_for_user(request.user, code)
    sites = department_sites_for_user(request.user, department)
    today = _today(department)
    can_manage = can_manage_department(request.user, department)
    return render(
        request,
        "audits/overview.html",
        {
            "title": f"Audits et label — {department.name}",
            "department": department,
            "sites": sites,
            "audits": queries.audits_for_user(request.user, department).prefetch_related("sites"),
            "assessments": queries.assessment_summaries(queries.self_assessments_for_user(request.user, department)),
            "timeline": queries.department_timeline(department, sites, today),
            "alerts": queries.department_alerts(department, today) if can_manage else [],
            "transitions": queries.transitions(department),
            "can_manage": can_manage,
            "manageable_sites": [s for s in sites if can_manage_site(request.user, s)],
            "today": today,
            "transition_form": TransitionTargetForm(),
        },
    )


@access(SCOPED)
def audit_create(request, code: str):
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    form = AuditForm(request.POST or None, sites=department.sites.order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audit = services.plan_audit(
            actor=request.user,
            department=department,
            kind=data["kind"],
            framework_version=data["framework_version"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            auditor=data["auditor"],
            sites=list(data["sites"]),
            modules=list(data["modules"]),
            summary=data["summary"],
        )
        messages.success(request, "Audit enregistré.")
        return redirect("audit_detail", code=department.code, audit_id=audit.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"title": "Nouvel audit", "department": department, "form": form}
    return render(request, "audits/audit_form.html", context, status=status)


# ---- one audit -----------------------------------------------------------------------------------------------


def _audit_page(request, department, audit, *, results_form=None, remark_form=None, due_form=None, status=200):
    view = queries.audit_view(audit)
    can_record = can_record_results(request.user, audit)
    can_manage = can_manage_department(request.user, department)
    context = {
        "title": str(audit),
        "department": department,
        "audit": audit,
        "view": view,
        "can_record": can_record,
        "can_manage": can_manage,
        "results_form": results_form or (ResultsForm(rows=view.rows) if can_record else None),
        "remark_form": remark_form or (RemarkForm(audit=audit) if can_record else None),
        "due_form": due_form or (DueDateForm() if can_manage else None),
        "page_has_errors": status == 400,
    }
    return render(request, "audits/audit_detail.html", context, status=status)


def _audit_in_scope(request, code: str, audit_id: uuid.UUID, *, right=None):
    """The department and its audit (404 outside the user's scope); 403 when `right(user, audit)` refuses."""
    department = get_department_for_user(request.user, code)
    audit = queries.get_audit_for_user(request.user, department, audit_id)
    if right is not None and not right(request.user, audit):
        raise PermissionDenied
    return department, audit


def _manages_audit(user, audit) -> bool:
    return can_manage_department(user, audit.department)


@access(SCOPED)
def audit_detail(request, code: str, audit_id: uuid.UUID):
    department, audit = _audit_in_scope(request, code, audit_id)
    return _audit_page(request, department, audit)


@access(SCOPED)
@require_POST
def audit_results(request, code: str, audit_id: uuid.UUID):
    department, audit = _audit_in_scope(request, code, audit_id, right=can_record_results)
    form = ResultsForm(request.POST, rows=queries.audit_view(audit).rows)
    if not form.is_valid():
        return _audit_page(request, department, audit, results_form=form, status=400)
    results = [services.ResultInput(c, r, comment, evidence) for c, r, comment, evidence in form.results()]
    services.record_results(actor=request.user, audit=audit, results=results)
    messages.success(request, f"Résultats enregistrés ({len(results)} engagement(s)).")
    return redirect("audit_detail", code=department.code, audit_id=audit.public_id)


@access(SCOPED)
@require_POST
def audit_remark(request, code: str, audit_id: uuid.UUID):
    department, audit = _audit_in_scope(request, code, audit_id, right=can_record_results)
    form = RemarkForm(request.POST, audit=audit)
    if not form.is_valid():
        return _audit_page(request, department, audit, remark_form=form, status=400)
    data = form.cleaned_data
    services.add_remark(
        actor=request.user, audit=audit, kind=data["kind"], text=data["text"], commitment=data["commitment"]
    )
    messages.success(request, "Remarque enregistrée.")
    return redirect("audit_detail", code=department.code, audit_id=audit.public_id)


@access(SCOPED)
@require_POST
def audit_actions(request, code: str, audit_id: uuid.UUID):
    department, audit = _audit_in_scope(request, code, audit_id, right=_manages_audit)
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            raised = services.raise_corrective_actions(
                actor=request.user, audit=audit, due_date=form.cleaned_data["due_date"]
            )
        except ValidationError as error:
            form.add_error("due_date", error.message_dict.get("due_date", error.messages))
        else:
            messages.success(request, f"{len(raised)} action(s) corrective(s) créée(s) dans le plan d'actions.")
            return redirect("audit_detail", code=department.code, audit_id=audit.public_id)
    return _audit_page(request, department, audit, due_form=form, status=400)


@access(SCOPED)
def audit_report(request, code: str, audit_id: uuid.UUID):
    department, audit = _audit_in_scope(request, code, audit_id)
    pdf = audit_report_pdf(queries.audit_view(audit), today=_today(department))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-audit-{audit.starts_on:%Y-%m-%d}.pdf"'
    return response


# ---- self-assessment -----------------------------------------------------------------------------------------


def _assessment_page(request, department, assessment, *, due_form=None, status=200):
    return render(
        request,
        "audits/self_assessment_detail.html",
        {
            "title": f"Auto-évaluation — {assessment.site.name}",
            "department": department,
            "view": queries.assessment_view(assessment),
            "can_manage": can_manage_site(request.user, assessment.site),
            "due_form": due_form or OptionalDueDateForm(),
            "page_has_errors": status == 400,
        },
        status=status,
    )


@access(SCOPED)
def self_assessment_detail(request, code: str, assessment_id: uuid.UUID):
    department = get_department_for_user(request.user, code)
    return _assessment_page(
        request, department, queries.get_self_assessment_for_user(request.user, department, assessment_id)
    )


@access(SCOPED)
@require_POST
def self_assessment_actions(request, code: str, assessment_id: uuid.UUID):
    department = get_department_for_user(request.user, code)
    assessment = queries.get_self_assessment_for_user(request.user, department, assessment_id)
    if not can_manage_site(request.user, assessment.site):
        raise PermissionDenied
    form = OptionalDueDateForm(request.POST)
    if not form.is_valid():
        return _assessment_page(request, department, assessment, due_form=form, status=400)
    raised = services.raise_actions_from_weak_commitments(
        actor=request.user, assessment=assessment, due_date=form.cleaned_data["due_date"]
    )
    messages.success(request, f"{len(raised)} action(s) créée(s) dans le plan d'actions.")
    return redirect("self_assessment_detail", code=department.code, assessment_id=assessment.public_id)


SELF_ASSESSMENT_FRAMEWORKS = ("services-publics-plus-2023", "services-publics-plus-2021")


@access(SCOPED)
def self_assessment_create(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    if not can_manage_site(request.user, site):
        raise PermissionDenied
    versions = list(
        FrameworkVersion.objects.filter(framework__code__in=SELF_ASSESSMENT_FRAMEWORKS, is_current=True)
        .select_related("framework")
        .order_by("-framework__code")
    )
    chosen = request.GET.get("referentiel") or (versions[0].framework.code if versions else "")
    version = next((v for v in versions if v.framework.code == chosen), None)
    if version is None:
        raise Http404("Référentiel introuvable.")
    commitments = Commitment.objects.filter(module__version=version).order_by("module__number", "position")
    form = SelfAssessmentForm(request.POST or None, commitments=commitments)
    if request.method == "POST" and form.is_valid():
        assessment = services.record_self_assessment(
            actor=request.user,
            site=site,
            framework_version=version,
            assessed_on=form.cleaned_data["assessed_on"],
            weak_threshold=form.cleaned_data["weak_threshold"],
            note=form.cleaned_data["note"],
            answers=[services.AnswerInput(c, r, a, comment) for c, r, a, comment in form.answers()],
        )
        messages.success(request, "Auto-évaluation enregistrée.")
        return redirect("self_assessment_detail", code=site.department.code, assessment_id=assessment.public_id)
    return render(
        request,
        "audits/self_assessment_form.html",
        {
            "title": f"Nouvelle auto-évaluation — {site.name}",
            "department": site.department,
            "site": site,
            "form": form,
            "version": version,
            "versions": versions,
        },
        status=400 if request.method == "POST" else 200,
    )


# ---- label ---------------------------------------------------------------------------------------------------


@access(SCOPED)
def site_label(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    department = site.department
    return render(
        request,
        "audits/site_label.html",
        {
            "title": f"Label — {site.name}",
            "department": department,
            "site": site,
            "label": queries.site_label(site, _today(department)),
            "assessments": queries.assessment_summaries(
                queries.self_assessments_for_user(request.user, department).filter(site=site)
            ),
            "can_manage": can_manage_department(request.user, department),
            "can_manage_site": can_manage_site(request.user, site),
        },
    )


@access(SCOPED)
def label_decision_create(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    if not can_manage_department(request.user, site.department):
        raise PermissionDenied
    audits = site.audits.select_related("framework_version__framework").order_by("-starts_on")
    form = LabelDecisionForm(request.POST or None, audits=audits)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_label_decision(
                actor=request.user,
                site=site,
                framework_version=data["framework_version"],
                modules=list(data["modules"]),
                decided_on=data["decided_on"],
                certification_body=data["certification_body"],
                valid_until=data["valid_until"],
                audit=data["audit"],
                level=data["level"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "Décision de label enregistrée.")
            return redirect("site_label", code=site.department.code, site_code=site.code)
    return render(
        request,
        "audits/label_decision_form.html",
        {"title": f"Décision de label — {site.name}", "department": site.department, "site": site, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@access(SCOPED)
@require_POST
def transition_target(request, code: str, framework_code: str):
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    framework = Framework.objects.filter(code=framework_code).first()
    if framework is None:
        raise Http404("Référentiel introuvable.")
    form = TransitionTargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Date cible : indiquez une date au format AAAA-MM-JJ.")
    else:
        services.set_transition_target(
            actor=request.user, department=department, framework=framework, target_date=form.cleaned_data["target_date"]
        )
        messages.success(request, "Date cible enregistrée.")
    return redirect("audit_overview", code=department.code)


# ---- evidence ------------------------------------------------------------------------------------------------


@access(SCOPED)
def evidence_documents(request, code: str):
    department = get_department_for_user(request.user, code)
    can_manage = can_manage_department(request.user, department)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = EvidenceDocumentForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_evidence_document(
            actor=request.user,
            department=department,
            title=data["title"],
            kind=data["kind"],
            owner=data["owner"],
            version=data["version"],
            review_due=data["review_due"],
            location=data["location"],
            commitments=list(data["commitments"]),
        )
        messages.success(request, "Document enregistré.")
        return redirect("evidence_documents", code=department.code)
    return render(
        request,
        "audits/evidence_documents.html",
        {
            "title": f"Preuves documentaires — {department.name}",
            "department": department,
            "documents": queries.documents_for(department),
            "form": form,
            "today": _today(department),
        },
        status=400 if request.method == "POST" else 200,
    )


def _year_result(indicator, department, site, year):
    results = indicator_results(indicator=indicator, department=department, site=site, year=year, by="year")
    return results[0] if results else None


@access(SCOPED)
def commitment_evidence(request, code: str, framework_code: str, commitment_code: str):
    department = get_department_for_user(request.user, code)
    commitment = queries.get_commitment(framework_code, commitment_code)
    sites = department_sites_for_user(request.user, department)
    site = next((s for s in sites if s.code == request.GET.get("site")), None)
    if site is None and not queries.sees_whole_department(request.user, department) and sites:
        site = sites[0]  # a site's user sees the figures of a site of theirs, never the department's
    today = _today(department)
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    indicators = [
        (
            indicator,
            [(y, _year_result(indicator, department, site, y)) for y in (year, year - 1)],
        )
        for indicator in commitment.indicators.all()
    ]
    return render(
        request,
        "audits/commitment_evidence.html",
        {
            "title": f"Preuves — {commitment.code}",
            "department": department,
            "commitment": commitment,
            "sites": sites,
            "site": site,
            "year": year,
            "indicators": indicators,
            "providers": evidence_for(commitment, department, site, year),
            "record": queries.commitment_record(commitment, department, [site] if site else sites),
        },
    )
