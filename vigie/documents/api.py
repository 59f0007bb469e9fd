"""Public API of the published results (no token: a publication is public by nature).
- GET public/departments/{code}/publications/latest: the latest publication of the department (all its sites'
  publications are listed by the list operation); 404 when nothing is published;
- GET public/departments/{code}/publications: every publication of the department, newest first (without their
  figures: follow `url` to the figures)."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from vigie.core.apischema import error_responses

from .queries import department_publications, latest_publication, public_department

router = Router(tags=["résultats publiés"])


class PublishedIndicator(Schema):
    code: str
    name: str
    unit: str
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    target_direction: str
    status: str
    previous: float | None


class VoiceAction(Schema):
    title: str
    origin_label: str
    status: str
    status_label: str
    progress: int
    aimed_code: str = Field("", description="Code de l'indicateur visé (vide : aucun)")
    aimed_name: str = ""
    before_year: int | None = Field(None, description="Avant : l'année qui précède l'inscription de l'action")
    before_value: float | None = None
    before_numerator: float | None = None
    before_denominator: float | None = None
    after_year: int | None = Field(None, description="Après : l'année des résultats publiés")
    after_value: float | None = None
    after_numerator: float | None = None
    after_denominator: float | None = None


class PublicationOut(Schema):
    id: str
    department: str
    site: str | None
    year: int
    published_at: str
    checksum: str = Field(..., description="SHA-256 de l'instantané JSON (clés triées, sans espaces, UTF-8)")
    indicators: list[PublishedIndicator]
    voice: list[VoiceAction]


class PublicationLine(Schema):
    id: str
    site: str | None
    year: int
    published_at: str
    checksum: str
    csv: str
    json_url: str = Field(..., alias="json")


class ListQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Année des résultats")


def _out(publication) -> dict:
    snapshot = publication.snapshot
    return {
        "id": str(publication.public_id),
        "department": snapshot["department"]["code"],
        "site": snapshot["site"]["code"] if snapshot.get("site") else None,
        "year": snapshot["year"],
        "published_at": snapshot["published_at"],
        "checksum": publication.checksum,
        "indicators": snapshot["indicators"],
        "voice": snapshot.get("voice", []),
    }


@router.get(
    "/public/departments/{code}/publications/latest",
    auth=None,
    response={200: PublicationOut, **error_responses(404)},
    summary="Les derniers résultats publiés du département (instantané figé, sans jeton)",
)
def latest(request, code: str):
    department = public_department(code)
    return _out(latest_publication(department))


@router.get(
    "/public/departments/{code}/publications",
    auth=None,
    response={200: list[PublicationLine], **error_responses(400, 404)},
    summary="Toutes les publications du département et de ses sites, des plus récentes aux plus anciennes",
)
def publications(request, code: str, filters: Query[ListQuery]):
    department = public_department(code)
    return [
        {
            "id": str(p.public_id),
            "site": p.snapshot["site"]["code"] if p.snapshot.get("site") else None,
            "year": p.year,
            "published_at": p.snapshot["published_at"],
            "checksum": p.checksum,
            "csv": reverse("publication_csv", kwargs={"publication_id": p.public_id}),
            "json": reverse("publication_json", kwargs={"publication_id": p.public_id}),
        }
        for p in department_publications(department, year=filters.year)
    ]
