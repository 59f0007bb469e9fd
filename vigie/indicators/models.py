from django.conf import settings
from django.db import models

from vigie.core import periods
from vigie.core.models import BaseModel
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site


class Source(models.TextChoices):
    TYPED = "typed", "Saisie"
    IMPORTED = "imported", "Import de fichier"
    API = "api", "API"
    COMPUTED = "computed", "Calculé par Vigie"


class PeriodKind(models.TextChoices):
    """The calendar kinds of vigie.core.periods.PeriodKind, as stored."""

    MONTH = periods.PeriodKind.MONTH.value, "mois"
    QUARTER = periods.PeriodKind.QUARTER.value, "trimestre"
    YEAR = periods.PeriodKind.YEAR.value, "année"


class Measurement(BaseModel):
    """One measurement of an indicator for a site (or the whole department) and a period, with its basis."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="measurements")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="measurements")
    period_kind = models.CharField("type de période", max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("année")
    period_index = models.PositiveSmallIntegerField("mois ou trimestre")  # 1 for a year
    numerator = models.DecimalField("numérateur", max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("dénominateur", max_digits=18, decimal_places=4, null=True, blank=True)
    published_value = models.DecimalField("valeur publiée", max_digits=18, decimal_places=4, null=True, blank=True)
    basis_unknown = models.BooleanField(
        "base inconnue", default=False, help_text="Seule la valeur publiée est connue (compte pour un élément)."
    )
    source = models.CharField("origine", max_length=10, choices=Source.choices)
    comment = models.CharField("commentaire", max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "mesure"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "site", "period_kind", "year", "period_index"],
                condition=models.Q(site__isnull=False),
                name="measurement_unique_for_site",
            ),
            models.UniqueConstraint(
                fields=["indicator", "department", "period_kind", "year", "period_index"],
                condition=models.Q(site__isnull=True),
                name="measurement_unique_for_department",
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=0) | models.Q(numerator__isnull=True), name="numerator_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__gte=0) | models.Q(denominator__isnull=True),
                name="denominator_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "indicator", "year"], name="measurement_results_idx"),
            # national consolidation: one indicator, one year, every department (bench/national_results.py)
            models.Index(fields=["indicator", "year"], name="measurement_national_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label} {self.site or self.department}"

    @property
    def period_label(self) -> str:
        return str(periods.Period.calendar(self.period_kind, self.year, self.period_index))


class MeasurementChange(models.Model):
    """History: who changed a measurement, when, old → new."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField()

    class Meta:
        verbose_name = "modification de mesure"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.measurement} ({self.changed_at:%d/%m/%Y %H:%M})"

    @property
    def author_label(self) -> str:
        """Who made the change: the user, or for a change without one (a command, an import run from the command
        line, Vigie's own computation) what made it."""
        if self.changed_by is not None:
            return self.changed_by.get_full_name() or self.changed_by.get_username()
        if self.source == Source.COMPUTED:
            return "Vigie"
        return "import" if self.source == Source.IMPORTED else "commande"


class TitleIssuance(BaseModel):
    """How many identity cards or passports the department issued in a year (imported): the cohorts of the
    renewals view (vigie.indicators.renewals). Counts, no personal data."""

    class TitleKind(models.TextChoices):
        CNI = "cni", "Carte nationale d'identité"
        PASSPORT = "passport", "Passeport"

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="title_issuances")
    title = models.CharField("titre", max_length=10, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField("année de délivrance")
    adults = models.PositiveIntegerField("titres délivrés à des majeurs")
    minors = models.PositiveIntegerField("titres délivrés à des mineurs", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "titres délivrés dans l'année"
        constraints = [
            models.UniqueConstraint(fields=["department", "title", "year"], name="title_issuance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.year}"


class StaleCell(models.Model):
    """A cell of computed indicators (one app's indicators for a site and a month) whose records changed and whose
    published measurements are being recomputed. The write that changes the records marks its cells in its own
    transaction; the recomputation (right after the commit, or by the worker when that failed) takes the cells of
    the department, recomputes only them and deletes them in one transaction. While a cell remains, the results
    pages say that the figures are being recomputed (« en cours de recalcul »)."""

    source = models.CharField("application", max_length=20)  # e.g. "register"
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    month = models.PositiveSmallIntegerField("mois")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cellule à recalculer"
        constraints = [
            models.UniqueConstraint(fields=["source", "department", "site", "year", "month"], name="stale_cell_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.site_id} {self.month:02d}/{self.year}"
