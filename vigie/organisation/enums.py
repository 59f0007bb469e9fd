from django.db import models


class SiteKind(models.TextChoices):
    PREFECTURE = "prefecture", "Préfecture"
    SOUS_PREFECTURE = "sous_prefecture", "Sous-préfecture"
    SGCD = "sgcd", "Secrétariat général commun départemental (SGCD)"
    DDT = "ddt", "Direction départementale des territoires (DDT)"
    DDETS_PP = "ddets_pp", "DDETS-PP"
    CERT = "cert", "Centre d'expertise et de ressources titres (CERT)"
    OTHER = "other", "Autre structure"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lundi"
    TUESDAY = 1, "mardi"
    WEDNESDAY = 2, "mercredi"
    THURSDAY = 3, "jeudi"
    FRIDAY = 4, "vendredi"
    SATURDAY = 5, "samedi"
    SUNDAY = 6, "dimanche"


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", "Administrateur national"
    QUALITY_OFFICER = "quality_officer", "Référent·e qualité (département)"
    SITE_CORRESPONDENT = "site_correspondent", "Correspondant·e qualité (site)"
    SERVICE_AGENT = "service_agent", "Agent de service"
    STEERING_READER = "steering_reader", "Comité de pilotage (lecture)"
    AUDITOR = "auditor", "Auditeur·rice"


# Which scope each role takes: the one field of RoleAssignment that must be set.
ROLE_SCOPE = {
    Role.NATIONAL_ADMIN: None,
    Role.QUALITY_OFFICER: "department",
    Role.STEERING_READER: "department",
    Role.AUDITOR: "department_or_site",
    Role.SITE_CORRESPONDENT: "site",
    Role.SERVICE_AGENT: "service",
}
