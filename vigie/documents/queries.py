"""Reads of the documents app: scoped fetches of generated documents (404 outside the scope, 403 when the
department is seen but not its documents), publications for the public."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from vigie.organisation.models import Department, Site
from vigie.organisation.queries import get_department_for_user

from .models import GeneratedDocument, MinutesDraft, Publication
from .perms import can_read_documents


def department_for_documents(user: User | AnonymousUser, code: str) -> Department:
    department = get_department_for_user(user, code)
    if not can_read_documents(user, department):
        raise PermissionDenied
    return department


def documents_of(department: Department, *, year: int | None = None) -> QuerySet[GeneratedDocument]:
    documents = GeneratedDocument.objects.filter(department=department).select_related("site", "created_by")
    if year is not None:
        documents = documents.filter(year=year)
    return documents.order_by("-created_at", "-id")


def get_document_for_user(user: User | AnonymousUser, public_id: uuid.UUID) -> GeneratedDocument:
    document = (
        GeneratedDocument.objects.select_related("department", "site", "publication")
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        raise Http404("Document introuvable.")
    department_for_documents(user, document.department.code)  # 404 outside the scope, 403 without the right
    return document


def draft_history(meeting_id: int) -> QuerySet[MinutesDraft]:
    return MinutesDraft.objects.filter(meeting_id=meeting_id).select_related("saved_by").order_by("section", "-version")


# ---- public --------------------------------------------------------------------------------------------------


def public_department(code: str) -> Department:
    department = Department.objects.filter(code=code.upper()).first()
    if department is None:
        raise Http404("Département introuvable.")
    return department


def public_site(department: Department, site_code: str) -> Site:
    site = Site.objects.filter(department=department, code=site_code).first()
    if site is None:
        raise Http404("Site introuvable.")
    return site


def department_publications(department: Department, *, year: int | None = None) -> QuerySet[Publication]:
    publications = Publication.objects.filter(department=department).select_related("site")
    if year is not None:
        publications = publications.filter(year=year)
    return publications.order_by("-published_at", "-id")


def publications_of(department: Department, site: Site | None) -> QuerySet[Publication]:
    return department_publications(department).filter(site=site)


def latest_publication(department: Department, site: Site | None = None) -> Publication:
    publication = publications_of(department, site).first()
    if publication is None:
        raise Http404("Aucun résultat publié.")
    return publication


def get_publication(public_id: uuid.UUID) -> Publication:
    publication = Publication.objects.select_related("department", "site").filter(public_id=public_id).first()
    if publication is None:
        raise Http404("Publication introuvable.")
    return publication
