from django.db import models


class CommitteeKind(models.TextChoices):
    USERS = "users", "Comité local des usagers (CLU)"
    STEERING = "steering", "Comité de pilotage"
    USERS_CONTINUOUS = "users_continuous", "Comité local des usagers et de l'amélioration continue"


# the kinds that count for the rule « at least one users' committee a year, before the next audit »
USERS_KINDS = (CommitteeKind.USERS, CommitteeKind.USERS_CONTINUOUS)


class MemberCategory(models.TextChoices):
    ADMINISTRATION = "administration", "Administration"
    USERS = "users", "Représentants des usagers"
    PUBLIC_SERVICES = "public_services", "Autres services publics"
    LOCAL_AUTHORITIES = "local_authorities", "Collectivités territoriales"


class MemberPosition(models.TextChoices):
    CHAIR = "chair", "Président·e"
    MEMBER = "member", "Membre"
    SECRETARY = "secretary", "Secrétaire"


class Rsvp(models.TextChoices):
    COMING = "coming", "Je viens"
    EXCUSED = "excused", "Excusé·e"
    REPRESENTED = "represented", "Je me fais représenter"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Présent·e"
    EXCUSED = "excused", "Excusé·e"
    ABSENT = "absent", "Absent·e"
    REPRESENTED = "represented", "Représenté·e"


RSVP_TO_ATTENDANCE = {
    Rsvp.COMING: AttendanceStatus.PRESENT,
    Rsvp.EXCUSED: AttendanceStatus.EXCUSED,
    Rsvp.REPRESENTED: AttendanceStatus.REPRESENTED,
}


class AgendaSection(models.TextChoices):
    INDICATORS = "indicators", "Indicateurs qualité"
    SATISFACTION = "satisfaction", "Enquête de satisfaction"
    COMPLAINTS = "complaints", "Analyse des réclamations et suggestions"
    SPPLUS = "spplus", "Services Publics+"
    ACTION_PLAN = "action_plan", "Plan d'action"
    AUDITS = "audits", "Audits et label"
    TEMPLATES = "templates", "Revue des modèles de courriers et de courriels"
    QUESTIONS = "questions", "Questions diverses"
    PROJECTION = "projection", "Projection de la demande"


# Origin kinds of the actions the committees raise (improvement.origins.Origin.kind)
ORIGIN_DECISION = "committee_decision"
ORIGIN_INTERVENTION = "committee_intervention"
