from django.db import models


class AuditKind(models.TextChoices):
    SELF_DIAGNOSIS = "self_diagnosis", "Autodiagnostic"
    INTERNAL = "internal", "Audit interne"
    EXTERNAL = "external", "Audit externe de labellisation"
    FOLLOW_UP = "follow_up", "Audit de suivi"
    RENEWAL = "renewal", "Audit de renouvellement"


class FindingResult(models.TextChoices):
    CONFORM = "conform", "Conforme"
    MINOR = "minor_nc", "Non-conformité mineure"
    MAJOR = "major_nc", "Non-conformité majeure"
    NOT_APPLICABLE = "not_applicable", "Non applicable"
    NOT_ASSESSED = "not_assessed", "Non évalué"


NON_CONFORMITIES = (FindingResult.MINOR, FindingResult.MAJOR)


class RemarkKind(models.TextChoices):
    STRONG_POINT = "strong_point", "Point fort"
    PROGRESS_PATH = "progress_path", "Piste de progrès"


class DocumentKind(models.TextChoices):
    PROCEDURE = "procedure", "Procédure"
    POSTER = "poster", "Affiche"
    TEMPLATE = "template", "Modèle de courrier ou de courriel"
    TRAINING = "training", "Attestation de formation"
    OTHER = "other", "Autre document"


class AveragingRule(models.TextChoices):
    MEAN_OF_COMMITMENTS = "mean_of_commitments", "Moyenne simple des taux d'atteinte des engagements"


# Origin kinds of the actions the audits raise (improvement.origins.Origin.kind)
ORIGIN_FINDING = "audit_finding"
ORIGIN_COMMITMENT = "self_assessment_commitment"
