"""Experiences published on the « Services Publics+ / Je donne mon avis » platform, imported from its export: one
row per experience, identified by the platform's id (importing the same file again changes nothing)."""

from __future__ import annotations

from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Site


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positif"
    NEUTRAL = "neutral", "Neutre"
    NEGATIVE = "negative", "Négatif"


class Experience(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="sp_experiences")
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="sp_experiences")
    platform_id = models.CharField("identifiant sur la plateforme", max_length=50)
    published_on = models.DateField("publiée le")
    title = models.CharField("titre", max_length=300)
    text = models.TextField("récit", blank=True)
    sentiment = models.CharField("ressenti", max_length=10, choices=Sentiment.choices)
    topics = models.JSONField("thématiques", default=list, blank=True)
    answered = models.BooleanField("répondue", default=False)
    answered_on = models.DateField("réponse publiée le", null=True, blank=True)

    class Meta:
        verbose_name = "expérience Services Publics+"
        ordering = ["-published_on", "platform_id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "platform_id"], name="sp_experience_platform_id_unique")
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} — {self.title}"

    @property
    def answer_days(self) -> int | None:
        """Calendar days from publication to the answer."""
        if self.answered_on is None:
            return None
        return (self.answered_on - self.published_on).days
