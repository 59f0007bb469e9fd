"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for documents and publications, with the objects
they name. Those who read the whole department 51 (national, its officer, its steering reader, its auditor) read and
download its documents; its officer and national admins generate and publish; a correspondent or an agent sees the
department but not its documents (403); another department's officer and the role-less get 404. Publications are
public."""

from __future__ import annotations

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404
# MEETING is its own placeholder: the committees matrix replaces "MEETING" with a meeting of its own objects
DOCUMENT, PUBLICATION, MEETING = "DOCUMENT", "PUBLICATION", "DOCUMENTS_MEETING"


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


D = {"code": "51"}
_READS = _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=FORBIDDEN, agent=FORBIDDEN)


def _managers(status):
    return {p: (status if p in ("national", "officer") else FORBIDDEN if s == OK else s) for p, s in _READS.items()}


DOCUMENTS_MATRIX: dict = {
    "documents_home": ("get", D, _READS),
    # an empty form: its errors (400) for who may generate
    "document_generate": ("post", D, _managers(BAD_REQUEST)),
    "publication_create": ("get", D, _managers(OK)),
    "minutes_drafts": ("get", {**D, "meeting_id": MEETING}, _READS),
    "document_detail": ("get", {"document_id": DOCUMENT}, _READS),
    "document_file": ("get", {"document_id": DOCUMENT}, _READS),
    "public_results": ("get", D, _row(OK)),
    "public_site_results": ("get", {**D, "site_code": "pref-51"}, _row(OK)),
    "public_publication": ("get", {"publication_id": PUBLICATION}, _row(OK)),
    "publication_csv": ("get", {"publication_id": PUBLICATION}, _row(OK)),
    "publication_json": ("get", {"publication_id": PUBLICATION}, _row(OK)),
    "publication_schema": ("get", {}, _row(OK)),
}

# public: no token, the same for everyone (a department without publication: 404 in the error shape)
DOCUMENTS_API_MATRIX: dict = {
    "/api/v1/public/departments/51/publications/latest": _row(OK),
    "/api/v1/public/departments/51/publications": _row(OK),
    "/api/v1/public/departments/16/publications/latest": _row(NOT_FOUND),
}


def document_objects(world) -> dict[str, str]:
    from django.core.files.base import ContentFile

    from tests.committees.factories import MeetingFactory
    from vigie.documents.models import GeneratedDocument

    objects = {}
    document = GeneratedDocument(kind="deck", department=world.dept_a, year=2023, version=1, status="done")
    document.file.save("deck.pptx", ContentFile(b"PK"), save=True)
    objects[DOCUMENT] = str(document.public_id)
    objects[MEETING] = str(MeetingFactory(committee__department=world.dept_a).public_id)
    return objects | {PUBLICATION: str(publication_for(world).public_id)}


def publication_for(world):
    from django.utils import timezone

    from vigie.documents.models import Publication
    from vigie.documents.publications import build_snapshot

    existing = Publication.objects.filter(department=world.dept_a).first()
    if existing:
        return existing
    now = timezone.now()
    snapshot = build_snapshot(department=world.dept_a, year=2023, site=None, codes=None, published_at=now)
    return Publication.objects.create(
        department=world.dept_a, year=2023, snapshot=snapshot, checksum=Publication.digest(snapshot), published_at=now
    )


def with_document_objects(kwargs: dict, world) -> dict:
    from tests.committees.matrix import PLACEHOLDERS as COMMITTEE_PLACEHOLDERS

    if not any(value in (DOCUMENT, PUBLICATION, MEETING) for value in kwargs.values()):
        return kwargs
    if set(kwargs.values()) & (set(COMMITTEE_PLACEHOLDERS.values()) - {MEETING}):
        return kwargs  # a committees route (a part of a meeting): its objects and its meeting come from there
    objects = document_objects(world)
    return {key: objects.get(value, value) for key, value in kwargs.items()}
