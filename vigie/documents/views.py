"""Screens of documents and publications. Thin: parse, check, call a service or a query, render."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigie.core.access import PUBLIC, SCOPED, access
from vigie.core.workers import worker_alive
from vigie.indicators.queries import yearly_summary
from vigie.organisation.models import Site

from . import services
from .enums import CONTENT_TYPES, EXTENSIONS, PUBLICATION_KINDS, DocumentKind, State
from .forms import DraftForm, GenerateForm, PublishForm
from .minutes import default_texts, draft_sections
from .perms import can_manage_documents
from .publications import public_path, published, records, table_schema, to_csv
from .queries import (
    department_for_documents,
    department_publications,
    documents_of,
    draft_history,
    get_document_for_user,
    get_publication,
    public_department,
    public_site,
    publications_of,
)
from .sources import committee_queries, gather

QUEUE_PATIENCE = dt.timedelta(seconds=20)  # a job still queued after this: say what it waits for


def _sites(department) -> list[Site]:
    return list(Site.objects.filter(department=department).order_by("name"))


def _meetings(department) -> list[tuple[int, str]]:
    return [
        (meeting_id, f"{label} — {timezone.localtime(starts_at):%d/%m/%Y}")
        for meeting_id, starts_at, label in committee_queries.meetings_for_department(department.pk)
    ]


def _meeting_links(user, department) -> list[tuple[str, str]]:
    """(public id, label) of the department's meetings the user reads, for the minutes' drafts."""
    rows = (
        committee_queries.visible_meetings(user)
        .filter(committee__department=department, cancelled_at__isnull=True)
        .values_list("public_id", "starts_at", "committee__name")
    )
    return [(public_id, f"{name} — {timezone.localtime(starts_at):%d/%m/%Y}") for public_id, starts_at, name in rows]


@access(SCOPED)
def documents_home(request, code: str):
    """The department's generated documents (every version) and publications; « Générer » and « Publier »."""
    department = department_for_documents(request.user, code)
    manager = can_manage_documents(request.user, department)
    form = GenerateForm(
        sites=_sites(department), meetings=_meetings(department), initial={"year": timezone.localdate().year - 1}
    )
    return render(
        request,
        "documents/home.html",
        {
            "title": f"Documents — {department.name}",
            "department": department,
            "documents": documents_of(department)[:100],
            "publications": department_publications(department)[:50],
            "form": form,
            "manager": manager,
            "meetings": _meeting_links(request.user, department),
        },
    )


@access(SCOPED)
@require_POST
def document_generate(request, code: str):
    department = department_for_documents(request.user, code)
    if not can_manage_documents(request.user, department):
        raise PermissionDenied
    sites = _sites(department)
    form = GenerateForm(request.POST, sites=sites, meetings=_meetings(department))
    if form.is_valid():
        data = form.cleaned_data
        site = next((s for s in sites if s.code == data["site"]), None)
        publication = None
        if data["kind"] in PUBLICATION_KINDS:
            publication = publications_of(department, site).filter(year=data["year"]).first()
        try:
            document = services.request_document(
                actor=request.user,
                kind=data["kind"],
                department=department,
                year=data["year"],
                site=site,
                meeting_id=data["meeting"],
                publication=publication,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("document_detail", document_id=document.public_id)
    return render(
        request,
        "documents/home.html",
        {
            "title": f"Documents — {department.name}",
            "department": department,
            "documents": documents_of(department)[:100],
            "publications": department_publications(department)[:50],
            "form": form,
            "manager": True,
            "meetings": _meeting_links(request.user, department),
        },
        status=400,
    )


def _waiting_reason(document) -> str:
    """Why a queued document has not started: no worker alive, or a busy queue."""
    if document.status != State.QUEUED:
        return ""
    if not worker_alive():
        return "no_worker"
    if timezone.now() - document.created_at > QUEUE_PATIENCE:
        return "busy"
    return ""


@access(SCOPED)
def document_detail(request, document_id):
    """A version's state; while it is built, htmx reloads the progress block every 2 s."""
    document = get_document_for_user(request.user, document_id)
    return render(
        request,
        "documents/detail.html",
        {
            "title": f"{document.get_kind_display()} — version {document.version}",
            "document": document,
            "department": document.department,
            "waiting": _waiting_reason(document),
            "versions": documents_of(document.department).filter(
                kind=document.kind, year=document.year, site=document.site, meeting_id=document.meeting_id
            ),
        },
    )


@access(SCOPED)
def document_file(request, document_id):
    document = get_document_for_user(request.user, document_id)
    if document.status != State.DONE or not document.file:
        raise Http404("Ce fichier n'est pas prêt.")
    extension = EXTENSIONS[DocumentKind(document.kind)]
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=services.file_name(document),
        content_type=CONTENT_TYPES[extension],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@access(SCOPED)
def minutes_drafts(request, code: str, meeting_id):
    """The texts of a meeting's minutes, edited by section; each save keeps a new version."""
    department = department_for_documents(request.user, code)
    ids = committee_queries.visible_meetings(request.user).filter(
        public_id=meeting_id, committee__department=department
    )
    internal_id = ids.values_list("pk", flat=True).first()
    meeting = committee_queries.meeting_record(internal_id) if internal_id else None
    if meeting is None:
        raise Http404("Réunion introuvable.")
    manager = can_manage_documents(request.user, department)
    sections = draft_sections(meeting)
    latest = services.latest_texts(meeting.id)
    year = timezone.localtime(meeting.starts_at).year
    prefilled = default_texts(gather(department=department, year=year, meeting_id=meeting.id, projection=False))
    initial = {key: latest.get(key, prefilled.get(key, "")) for key, _ in sections}
    form = DraftForm(request.POST or None, sections=sections, initial_texts=initial)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            for key, _ in sections:
                services.save_draft(actor=request.user, meeting_id=meeting.id, section=key, text=form.cleaned_data[key])
            messages.success(request, "Brouillon enregistré : le prochain compte rendu généré l'utilisera.")
            return redirect(request.path)
    return render(
        request,
        "documents/drafts.html",
        {
            "title": f"Compte rendu — {meeting.committee_name}",
            "department": department,
            "meeting": meeting,
            "form": form,
            "manager": manager,
            "history": draft_history(meeting.id)[:60],
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def publication_create(request, code: str):
    """Choose and freeze the figures to publish (a new publication; earlier ones stay listed)."""
    department = department_for_documents(request.user, code)
    if not can_manage_documents(request.user, department):
        raise PermissionDenied
    sites = _sites(department)
    year = request.POST.get("year") or request.GET.get("annee") or str(timezone.localdate().year - 1)
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year - 1
    lines = yearly_summary(department=department, year=year)
    choices = [
        (line.indicator.code, f"{line.indicator.code} — {line.indicator.name}") for line in lines if line.current
    ]
    form = PublishForm(request.POST or None, sites=sites, indicators=choices, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = next((s for s in sites if s.code == data["site"]), None)
        try:
            publication = services.publish(
                actor=request.user, department=department, year=data["year"], site=site,
                codes=data["indicators"] or None,
            )  # fmt: skip
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Résultats publiés : la page publique les montre désormais.")
            return redirect(public_path(publication))
    return render(
        request,
        "documents/publish.html",
        {"title": "Publier des résultats", "department": department, "form": form, "year": year},
        status=400 if form.errors else 200,
    )


# ---- public --------------------------------------------------------------------------------------------------


def _public_page(request, department, site):
    history = list(publications_of(department, site))
    chosen = history[0] if history else None
    return render(
        request,
        "documents/public_results.html",
        {
            "title": f"Résultats — {site.name if site else department.name}",
            "department": department,
            "public_department": department,  # the prefecture's identity in the header, for the public
            "site": site,
            "figures": published(chosen) if chosen else None,
            "history": history,
            "sites": [] if site else _published_sites(department),
        },
    )


def _published_sites(department) -> list[Site]:
    ids = department_publications(department).exclude(site=None).values_list("site_id", flat=True)
    return list(Site.objects.filter(pk__in=set(ids)).order_by("name"))


@access(PUBLIC)
def public_results(request, code: str):
    return _public_page(request, public_department(code), None)


@access(PUBLIC)
def public_site_results(request, code: str, site_code: str):
    department = public_department(code)
    return _public_page(request, department, public_site(department, site_code))


@access(PUBLIC)
def public_publication(request, publication_id):
    """One publication, past or latest, as it was published."""
    publication = get_publication(publication_id)
    return render(
        request,
        "documents/public_results.html",
        {
            "title": f"Résultats {publication.year} publiés le {publication.published_at:%d/%m/%Y}",
            "department": publication.department,
            "public_department": publication.department,
            "site": publication.site,
            "figures": published(publication),
            "history": list(publications_of(publication.department, publication.site)),
            "archived": True,
        },
    )


@access(PUBLIC)
def publication_csv(request, publication_id):
    publication = get_publication(publication_id)
    response = HttpResponse(to_csv(publication), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="resultats-{publication.department.code}-{publication.year}-{publication.public_id}.csv"'
    )
    return response


@access(PUBLIC)
def publication_json(request, publication_id):
    publication = get_publication(publication_id)
    body = {
        "licence": table_schema()["licenses"][0],
        "schema": request.build_absolute_uri("/resultats/schema.json"),
        "published_at": publication.snapshot["published_at"],
        "checksum": publication.checksum,
        "snapshot": publication.snapshot,
        "data": records(publication),
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = (
        f'inline; filename="resultats-{publication.department.code}-{publication.year}-{publication.public_id}.json"'
    )
    return response


@access(PUBLIC)
def publication_schema(request):
    return HttpResponse(
        json.dumps(table_schema(), ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
