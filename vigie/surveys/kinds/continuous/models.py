"""Continuous rating: a permanent « Donnez votre avis » QR code per site (or service), outside campaigns. A rating
is one to five stars and an optional comment; no personal data is asked and none of the respondent's is kept.
A comment holding personal data can be hidden by the quality officer (who and when are kept); comments are erased
after SURVEY_COMMENT_RETENTION_DAYS (tasks.erase_expired_rating_comments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Service, Site


class RatingPoint(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="rating_points")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rating_points", verbose_name="site")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="rating_points", verbose_name="service"
    )
    active = models.BooleanField("ouvert", default=True)

    class Meta:
        verbose_name = "point d'avis continu"
        ordering = ["site__name", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["site"], condition=models.Q(service=None), name="rating_point_site_unique"),
            models.UniqueConstraint(fields=["site", "service"], name="rating_point_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site.name} — {self.service.name}" if self.service_id else self.site.name


class Rating(BaseModel):
    point = models.ForeignKey(RatingPoint, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField("note")
    comment = models.TextField("commentaire", blank=True)
    submitted_on = models.DateField("date")
    comment_hidden_at = models.DateTimeField("commentaire masqué le", null=True, blank=True)
    comment_hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment_erased_on = models.DateField("commentaire effacé le", null=True, blank=True)

    class Meta:
        verbose_name = "avis continu"
        ordering = ["point", "submitted_on"]
        indexes = [models.Index(fields=["point", "submitted_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars")]

    def __str__(self) -> str:
        return f"{self.point} : {self.stars}/5"
