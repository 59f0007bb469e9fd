"""Frameworks API. Access: any authenticated user (framework texts are not scoped data)."""

from django.http import Http404
from ninja import Router, Schema

from vigie.core.apischema import error_responses

from .queries import framework_tree, frameworks_with_current_version

router = Router(tags=["référentiels"])


class FrameworkSummary(Schema):
    code: str
    name: str
    version: str | None


class CommitmentOut(Schema):
    code: str
    number: int
    title: str
    indicators: list[str]


class ModuleOut(Schema):
    number: int
    title: str
    mandatory: bool
    condition: str
    commitments: list[CommitmentOut]


class FrameworkOut(Schema):
    code: str
    name: str
    version: str
    modules: list[ModuleOut]


@router.get(
    "/frameworks", response={200: list[FrameworkSummary], **error_responses(401)}, summary="Liste des référentiels"
)
def list_frameworks(request):
    return [
        {"code": f.code, "name": f.name, "version": f.current[0].version if f.current else None}
        for f in frameworks_with_current_version()
    ]


@router.get(
    "/frameworks/{code}",
    response={200: FrameworkOut, **error_responses(401, 404)},
    summary="Un référentiel : modules, engagements, indicateurs",
)
def get_framework(request, code: str):
    version = framework_tree(code)
    if version is None:
        raise Http404("Référentiel introuvable.")
    return {
        "code": version.framework.code,
        "name": version.framework.name,
        "version": version.version,
        "modules": [
            {
                "number": m.number,
                "title": m.title,
                "mandatory": m.mandatory,
                "condition": m.condition,
                "commitments": [
                    {
                        "code": c.code,
                        "number": c.number,
                        "title": c.title,
                        "indicators": [i.code for i in c.indicators.all()],
                    }
                    for c in m.commitments.all()
                ],
            }
            for m in version.modules.all()
        ],
    }
