from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Service, Site

from .enums import (
    Aggregation,
    Confidence,
    DenominatorSource,
    IndicatorKind,
    Periodicity,
    TargetDirection,
    Unit,
)
from .label_cycle import LabelCycle
from .provenance import split_provenance


class Framework(BaseModel):
    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "référentiel"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> FrameworkVersion | None:
        return self.versions.filter(is_current=True).first()


class FrameworkVersion(BaseModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField("version", max_length=30)
    checksum = models.CharField("somme de contrôle", max_length=64)
    is_current = models.BooleanField("version en vigueur", default=False)
    published = models.DateField("date de publication", null=True, blank=True)
    owner = models.CharField("auteur", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    label_rules = models.JSONField("règles de labellisation", default=list, blank=True)
    # the label cycle as the file states it (frameworks/label_cycle.py), read through the `cycle` property
    label_cycle = models.JSONField("cycle du label", default=dict, blank=True)
    source = models.CharField("source", max_length=100, blank=True)
    confidence = models.CharField("fiabilité", max_length=1, choices=Confidence.choices, default=Confidence.UNKNOWN)
    file_name = models.CharField("fichier", max_length=200, blank=True)

    class Meta:
        verbose_name = "version de référentiel"
        ordering = ["framework__code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="framework_version_unique"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} (version {self.version})"

    @property
    def cycle(self) -> LabelCycle:
        return LabelCycle.from_json(self.label_cycle)


class Module(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="modules")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)
    mandatory = models.BooleanField("obligatoire", default=False)
    condition = models.CharField("condition", max_length=300, blank=True)
    choice_group = models.CharField("groupe de choix", max_length=60, blank=True)
    source = models.CharField("source", max_length=100, blank=True)
    confidence = models.CharField("fiabilité", max_length=1, choices=Confidence.choices, default=Confidence.UNKNOWN)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "module"
        ordering = ["version", "position", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="module_number_unique")]

    def __str__(self) -> str:
        return f"Module {self.number} — {self.title}"

    @property
    def shown_title(self) -> str:
        return split_provenance(self.title)[0] or f"Module {self.number}"


class Indicator(BaseModel):
    """An indicator definition: national (from the shipped catalogue) or local to one department."""

    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_indicators",
        verbose_name="département (indicateur local)",
    )
    code = models.CharField("code", max_length=40)
    name = models.CharField("intitulé", max_length=300)
    kind = models.CharField("nature", max_length=10, choices=IndicatorKind.choices)
    numerator = models.CharField("numérateur (ou quantité)", max_length=300, blank=True)
    denominator = models.CharField("dénominateur", max_length=300, blank=True)
    unit = models.CharField("unité", max_length=20, choices=Unit.choices)
    target_value = models.DecimalField("cible", max_digits=12, decimal_places=3, null=True, blank=True)
    target_direction = models.CharField("sens de la cible", max_length=3, choices=TargetDirection.choices, blank=True)
    target_note = models.CharField("précision sur la cible", max_length=300, blank=True)
    periodicity = models.CharField("périodicité", max_length=10, choices=Periodicity.choices)
    aggregation = models.CharField("règle d'agrégation", max_length=30, choices=Aggregation.choices)
    denominator_source = models.CharField(
        "origine du dénominateur",
        max_length=30,
        choices=DenominatorSource.choices,
        default=DenominatorSource.ENTERED,
    )
    numerator_le_denominator = models.BooleanField("numérateur ≤ dénominateur", default=False)
    computed_by_vigie = models.BooleanField("calculé par Vigie", default=False)
    definition = models.TextField("définition", blank=True)
    source = models.CharField("source", max_length=100, blank=True)
    confidence = models.CharField("fiabilité", max_length=1, choices=Confidence.choices, default=Confidence.UNKNOWN)
    catalogue_version = models.CharField("version du catalogue", max_length=30, blank=True)

    class Meta:
        verbose_name = "indicateur"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(department=None), name="national_indicator_code_unique"
            ),
            models.UniqueConstraint(fields=["department", "code"], name="local_indicator_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_local(self) -> bool:
        return self.department_id is not None

    def clean(self) -> None:
        if self.kind == IndicatorKind.RATE and self.unit != Unit.PERCENT:
            raise ValidationError({"unit": "Un taux s'exprime en pourcentage."})
        if (self.target_value is None) != (not self.target_direction):
            raise ValidationError({"target_direction": "Une cible a une valeur et un sens (au moins / au plus)."})


class Commitment(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="commitments")
    code = models.CharField("code", max_length=40)
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=400)
    gist = models.TextField("contenu", blank=True)
    source = models.CharField("source", max_length=100, blank=True)
    confidence = models.CharField("fiabilité", max_length=1, choices=Confidence.choices, default=Confidence.UNKNOWN)
    position = models.PositiveSmallIntegerField(default=0)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="commitments")

    class Meta:
        verbose_name = "engagement"
        ordering = ["module", "position", "number"]
        constraints = [models.UniqueConstraint(fields=["module", "code"], name="commitment_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    # What users read; the provenance notes are for administrators (frameworks/provenance.py).
    @property
    def shown_title(self) -> str:
        return split_provenance(self.title)[0] or self.code

    @property
    def shown_gist(self) -> str:
        return split_provenance(self.gist)[0]

    @property
    def provenance_notes(self) -> list[str]:
        return split_provenance(self.title)[1] + split_provenance(self.gist)[1]

    @property
    def is_wording_incomplete(self) -> bool:
        return bool(self.provenance_notes)


class IndicatorCatalogue(models.Model):
    """Which version of the shipped indicator catalogue was loaded (its checksum skips unchanged files)."""

    code = models.CharField(max_length=60)
    version = models.CharField(max_length=30)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "catalogue d'indicateurs"
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="catalogue_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class LabellingScope(BaseModel):
    """The modules of a framework a site is labelled on (or working towards), since when. With a service, the scope
    is that service's own (a CERT labelled on its own module); without, the whole site's."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="labelling_scopes")
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="labelling_scopes",
        verbose_name="service",
        help_text="Vide : le périmètre du site entier.",
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="scopes", verbose_name="référentiel"
    )
    modules = models.ManyToManyField(Module, related_name="scopes", verbose_name="modules")
    since = models.DateField("depuis le")
    until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "périmètre de labellisation"
        verbose_name_plural = "périmètres de labellisation"
        ordering = ["site", "-since"]

    def __str__(self) -> str:
        where = f"{self.site} / {self.service.name}" if self.service_id else str(self.site)
        return f"{where} — {self.framework_version.framework.name}"

    def clean(self) -> None:
        if self.service_id and self.site_id and self.service.site_id != self.site_id:
            raise ValidationError({"service": "Ce service n'appartient pas au site."})
