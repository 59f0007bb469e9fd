"""What caused an action: a typed link to an object of any application above improvement (a complaint theme of
a year, a survey criterion, an audit finding…). Improvement never imports those applications: the origin names its
object by application label, kind and public id, and carries the label and the page to show on the action."""

from __future__ import annotations

from dataclasses import dataclass

APPS = ("register", "surveys", "audits", "committees", "improvement")
KINDS = {
    "complaint_theme": "Thème de réclamations",
    "survey_criterion": "Critère d'enquête de satisfaction",
    "mystery_result": "Résultat d'enquête mystère",
    "sp_experience": "Expérience Services Publics+",
    "committee_intervention": "Intervention en comité",
    "committee_decision": "Décision de comité",
    "audit_finding": "Constat d'audit",
    "self_assessment_commitment": "Engagement d'auto-évaluation",
}


@dataclass(frozen=True)
class Origin:
    app: str  # "register", "surveys", "audits", "committees", "improvement"
    kind: str  # one of KINDS
    public_id: str  # str(UUID) of the origin object
    label: str  # shown on the action: « Audit externe du 28/06/2022 : non-conformité mineure, engagement 3 »
    url: str = ""  # the origin's page
    year: int | None = None  # e.g. the year of a complaint theme

    def __post_init__(self) -> None:
        if self.app not in APPS:
            raise ValueError(f"origine : application inconnue {self.app!r}")
        if self.kind not in KINDS:
            raise ValueError(f"origine : nature inconnue {self.kind!r}")
        if not self.public_id or not self.label:
            raise ValueError("origine : identifiant public et libellé obligatoires")

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]
