"""Mystery-shopper campaigns: a site, a channel (calls or e-mails), the contacts the planner placed (a date, a half-day,
a service) and each contact's evaluation on the channel's grid (grid.py). Overseas departments and Corsica enter
their own school holidays (SchoolHoliday), which the planner uses when the vacances-scolaires-france data has no
zone for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Service, Site


class MysteryChannel(models.TextChoices):
    PHONE = "phone", "Appels"
    EMAIL = "email", "Courriels"


class MysteryCampaign(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="mystery_campaigns")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="mystery_campaigns", verbose_name="site")
    channel = models.CharField("canal", max_length=10, choices=MysteryChannel.choices)
    title = models.CharField("titre", max_length=200)
    planned_from = models.DateField("planifiée à partir du")

    class Meta:
        verbose_name = "enquête mystère"
        ordering = ["-planned_from", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return "mystery"


class MysteryContact(BaseModel):
    """One call or e-mail of the plan. `values`: the evaluation by criterion code (« yes »/« no », the delay: seconds
    for a call, working days for an e-mail, computed from `replied_on`)."""

    campaign = models.ForeignKey(MysteryCampaign, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("date")
    half_day = models.CharField(
        "demi-journée", max_length=10, choices=[("morning", "matin"), ("afternoon", "après-midi")]
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+", verbose_name="service")
    values = models.JSONField("évaluation", default=dict, blank=True)
    replied_on = models.DateField("réponse reçue le", null=True, blank=True)
    evaluated_at = models.DateTimeField("évalué le", null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "contact d'enquête mystère"
        ordering = ["campaign", "date", "-half_day"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "date", "half_day"], name="mystery_contact_half_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_half_day_display()} — {self.service}"


class SchoolHoliday(models.Model):
    """A school-holiday period a department enters itself (Corsica, overseas: no zone A, B or C)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="school_holidays")
    start = models.DateField("premier jour")
    end = models.DateField("dernier jour")
    label = models.CharField("vacances", max_length=100)

    class Meta:
        verbose_name = "vacances scolaires (saisies par le département)"
        ordering = ["department", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="school_holiday_dates")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.start} – {self.end})"
