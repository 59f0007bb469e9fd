"""Self-assessments (SP+ grid), audits and their findings, label decisions, evidence documents."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vigie.core.models import BaseModel
from vigie.frameworks.models import Commitment, Framework, FrameworkVersion, Module
from vigie.organisation.models import Department, Site

from .enums import NON_CONFORMITIES, AuditKind, AveragingRule, DocumentKind, FindingResult, RemarkKind


class SelfAssessment(BaseModel):
    """A site's self-assessment (diagnostic) of the commitments of one framework version (SP+ 2021 or 2023)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="self_assessments", verbose_name="site")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, verbose_name="référentiel")
    assessed_on = models.DateField("date de l'auto-évaluation")
    weak_threshold = models.PositiveSmallIntegerField(
        "seuil d'un engagement faible (%)",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Un engagement dont le taux d'atteinte est inférieur à ce seuil est faible.",
    )
    averaging_rule = models.CharField(
        "règle de moyenne", max_length=30, choices=AveragingRule.choices, default=AveragingRule.MEAN_OF_COMMITMENTS
    )
    note = models.TextField("commentaire", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "auto-évaluation"
        ordering = ["site", "-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.site} — {self.framework_version.framework.name} ({self.assessed_on:%d/%m/%Y})"


class SelfAssessmentAnswer(BaseModel):
    """The attainment of one commitment: requirements reached out of requirements assessed."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, verbose_name="engagement")
    reached = models.PositiveSmallIntegerField("exigences atteintes")
    assessed = models.PositiveSmallIntegerField("exigences évaluées")
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "réponse d'auto-évaluation"
        ordering = ["assessment", "commitment__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "commitment"], name="one_answer_per_commitment"),
            models.CheckConstraint(condition=models.Q(reached__lte=models.F("assessed")), name="reached_le_assessed"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code} : {self.reached}/{self.assessed}"

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.reached * 100, self.assessed) if self.assessed else None

    def clean(self) -> None:
        if self.reached is not None and self.assessed is not None and self.reached > self.assessed:
            raise ValidationError({"reached": "Les exigences atteintes ne peuvent dépasser les exigences évaluées."})


class Audit(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="audits")
    kind = models.CharField("nature", max_length=20, choices=AuditKind.choices)
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, verbose_name="référentiel")
    starts_on = models.DateField("premier jour")
    ends_on = models.DateField("dernier jour")
    auditor = models.CharField("auditeur ou organisme certificateur", max_length=200)
    sites = models.ManyToManyField(Site, related_name="audits", verbose_name="sites audités")
    modules = models.ManyToManyField(Module, related_name="audits", verbose_name="modules audités")
    summary = models.TextField("synthèse", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "audit"
        ordering = ["department", "-starts_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.starts_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Le dernier jour de l'audit précède le premier."})

    def is_done(self, today: dt.date) -> bool:
        return self.ends_on < today


class Finding(BaseModel):
    """The result of one commitment at an audit."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, verbose_name="engagement")
    result = models.CharField("résultat", max_length=20, choices=FindingResult.choices)
    comment = models.TextField("constat", blank=True)
    evidence = models.TextField("preuves examinées", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "constat d'audit"
        ordering = ["audit", "commitment__module__number", "commitment__position"]
        constraints = [models.UniqueConstraint(fields=["audit", "commitment"], name="one_finding_per_commitment")]

    def __str__(self) -> str:
        return f"{self.commitment.code} : {self.get_result_display()}"

    @property
    def is_non_conformity(self) -> bool:
        return self.result in NON_CONFORMITIES


class AuditRemark(BaseModel):
    """A strong point or a progress path, on the audit as a whole or on one commitment."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="remarks")
    kind = models.CharField("nature", max_length=20, choices=RemarkKind.choices)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, verbose_name="engagement"
    )
    text = models.TextField("texte")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "remarque d'audit"
        ordering = ["audit", "kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.text[:60]}"


class LabelDecision(BaseModel):
    """A label granted to a site. The validity and the follow-up date are copied from the framework's label cycle
    when the decision is recorded (a later version of the rules does not move them)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="label_decisions", verbose_name="site")
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, verbose_name="référentiel")
    modules = models.ManyToManyField(Module, related_name="label_decisions", verbose_name="modules labellisés")
    decided_on = models.DateField("date de la décision")
    certification_body = models.CharField("organisme certificateur", max_length=200)
    valid_until = models.DateField("valable jusqu'au")
    follow_up_due = models.DateField("audit de suivi au plus tard le", null=True, blank=True)
    audit = models.ForeignKey(Audit, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="audit")
    level = models.CharField("niveau", max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "décision de label"
        verbose_name_plural = "décisions de label"
        ordering = ["site", "-decided_on"]

    def __str__(self) -> str:
        return f"{self.site} — {self.framework_version.framework.name} ({self.decided_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.decided_on and self.valid_until and self.valid_until <= self.decided_on:
            raise ValidationError({"valid_until": "La fin de validité doit suivre la date de la décision."})


class EvidenceDocument(BaseModel):
    """A document that proves commitments: a procedure, a poster, a template, a training record."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="evidence_documents")
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=DocumentKind.choices)
    owner = models.CharField("responsable (personne ou service)", max_length=200)
    version = models.CharField("version", max_length=30)
    review_due = models.DateField("prochaine revue le")
    location = models.CharField("emplacement", max_length=300, blank=True)
    commitments = models.ManyToManyField(Commitment, related_name="evidence_documents", verbose_name="engagements")

    class Meta:
        verbose_name = "document de preuve"
        ordering = ["department", "title"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class TransitionTarget(BaseModel):
    """A department's own target date to be labelled on a framework that replaces another (Quali-ATE)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="transition_targets")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, verbose_name="référentiel")
    target_date = models.DateField("date cible")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "date cible de transition"
        constraints = [
            models.UniqueConstraint(fields=["department", "framework"], name="one_transition_target_per_framework")
        ]

    def __str__(self) -> str:
        return f"{self.department} — {self.framework} : {self.target_date:%d/%m/%Y}"


class AlertSent(models.Model):
    """An alert e-mailed once: its key names what it is about (kind and object), never a person."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "alerte envoyée"

    def __str__(self) -> str:
        return self.key
