from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from vigie.core.calendar import WorkingCalendar
from vigie.core.models import BaseModel
from vigie.core.territory import Territory, is_valid_department_code, territory_for

from .enums import ROLE_SCOPE, Role, SiteKind, Weekday


def validate_department_code(value: str) -> None:
    if not is_valid_department_code(value):
        raise ValidationError(f"« {value} » n'est pas un code de département INSEE (exemples : 01, 2A, 51, 974).")


class Department(BaseModel):
    code = models.CharField("code INSEE", max_length=3, unique=True, validators=[validate_department_code])
    name = models.CharField("nom", max_length=100)
    of_name = models.CharField(
        "nom précédé de sa préposition", max_length=110, blank=True, help_text="« de la Marne », « du Nord »…"
    )
    population = models.PositiveIntegerField(
        "population",
        help_text="Population de référence (dénominateur du taux de connexion au site internet).",
    )
    retention_months = models.PositiveSmallIntegerField(
        "conservation des données personnelles (mois)",
        default=24,
        help_text="Après la clôture d'une demande, l'identité et les coordonnées du demandeur, les textes et les "
        "pièces jointes sont effacés ; les statistiques restent.",
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def prefect_title(self) -> str:
        """« Préfet de la Marne »: the identity shown in the header."""
        return f"Préfet {self.of_name or 'de ' + self.name}"

    @property
    def prefecture_name(self) -> str:
        """« Préfecture de la Marne »: the public's name for the State's services of the department."""
        return f"Préfecture {self.of_name or 'de ' + self.name}"

    @cached_property
    def territory(self) -> Territory:
        """Holiday calendar and time zone, derived from the code (never stored, never edited)."""
        return territory_for(self.code)


class Site(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="sites")
    code = models.SlugField("code", max_length=50)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=SiteKind.choices)
    address = models.TextField("adresse", blank=True)
    email = models.EmailField("courriel de contact", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site internet", blank=True)

    class Meta:
        verbose_name = "site"
        ordering = ["department__code", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="site_code_unique_in_department")]

    def __str__(self) -> str:
        return self.name

    def calendar(self) -> WorkingCalendar:
        """The site's working days: its département's public holidays and time zone, and its closure days (one
        query for the closures; the department is fetched unless already loaded)."""
        return WorkingCalendar.for_department(self.department.code, self.closures.values_list("date", flat=True))


class Service(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="services")
    code = models.SlugField("code", max_length=50)
    name = models.CharField("nom", max_length=200)
    email = models.EmailField("courriel fonctionnel", blank=True)

    class Meta:
        verbose_name = "service"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "code"], name="service_code_unique_in_site")]

    def __str__(self) -> str:
        return f"{self.name} — {self.site.name}"


class OpeningPeriod(models.Model):
    """One opening range of a site on a weekday (a day may have several: morning, afternoon)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField("jour", choices=Weekday.choices)
    opens = models.TimeField("ouverture")
    closes = models.TimeField("fermeture")

    class Meta:
        verbose_name = "plage d'ouverture"
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="opening_closes_after_opens")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosureDay(models.Model):
    """An exceptional closure of a site: not a working day for its deadlines."""

    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField("date")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "fermeture exceptionnelle"
        verbose_name_plural = "fermetures exceptionnelles"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="closure_unique_per_site_and_date")]

    def __str__(self) -> str:
        return f"{self.site} fermé le {self.date:%d/%m/%Y}"


class RoleAssignment(BaseModel):
    """A role given to a user on a scope: a department, a site or a service (nothing for national admins)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "rôle attribué"
        verbose_name_plural = "rôles attribués"
        constraints = [
            # One constraint per scope kind: portable (SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(department=None, site=None, service=None),
                name="role_unique_national",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="role_unique_in_department",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "site"], condition=models.Q(site__isnull=False), name="role_unique_in_site"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "service"],
                condition=models.Q(service__isnull=False),
                name="role_unique_in_service",
            ),
            models.CheckConstraint(
                name="role_assignment_one_scope",
                condition=(
                    models.Q(role=Role.NATIONAL_ADMIN, department=None, site=None, service=None)
                    | models.Q(
                        role__in=[Role.QUALITY_OFFICER, Role.STEERING_READER],
                        department__isnull=False,
                        site=None,
                        service=None,
                    )
                    | models.Q(role=Role.AUDITOR, department__isnull=False, site=None, service=None)
                    | models.Q(
                        role__in=[Role.AUDITOR, Role.SITE_CORRESPONDENT],
                        department=None,
                        site__isnull=False,
                        service=None,
                    )
                    | models.Q(role=Role.SERVICE_AGENT, department=None, site=None, service__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.service or self.site or self.department or "national"
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        expected = ROLE_SCOPE[Role(self.role)]
        given = [name for name in ("department", "site", "service") if getattr(self, f"{name}_id")]
        ok = {
            None: given == [],
            "department": given == ["department"],
            "site": given == ["site"],
            "service": given == ["service"],
            "department_or_site": given in (["department"], ["site"]),
        }[expected]
        if not ok:
            raise ValidationError("Le périmètre ne correspond pas au rôle choisi.")


class ApiToken(BaseModel):
    """A bearer token for the API. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> tuple[ApiToken, str]:
        token = "vig_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, prefix=token[:8], digest=cls.hash(token)), token
