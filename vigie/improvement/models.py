"""Action plans: a plan per department (or per site) and year, made of axes, themes and actions. Every change of an
action is an ActionEvent that also records the action's state after it (progress, status): the completion at any
date is read from the events dated on or before it (rules.py, queries.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vigie.core.models import BaseModel
from vigie.frameworks.models import Commitment
from vigie.organisation.models import Department, Service, Site

from .enums import OPEN_STATUSES, ActionStatus, RollUpRule

PUBLISHED_RATE = {
    "max_digits": 7,
    "decimal_places": 4,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


class ActionPlan(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="action_plans")
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="action_plans", verbose_name="site"
    )
    year = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField("intitulé", max_length=200)
    rule = models.CharField("règle de calcul", max_length=20, choices=RollUpRule.choices, default=RollUpRule.THEMES)
    published_completion = models.DecimalField("taux publié du plan (%)", **PUBLISHED_RATE)
    published_at = models.DateField(
        "date des taux publiés",
        null=True,
        blank=True,
        help_text="La date que décrivent les taux publiés (« à 6 mois ») : Vigie ne les compare qu'à cette date.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "plan d'action"
        verbose_name_plural = "plans d'action"
        ordering = ["department__code", "-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"], condition=models.Q(site=None), name="plan_one_per_department_year"
            ),
            models.UniqueConstraint(
                fields=["site", "year"], condition=models.Q(site__isnull=False), name="plan_one_per_site_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Axis(BaseModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="axes")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300)
    published_completion = models.DecimalField("taux publié (%)", **PUBLISHED_RATE)

    class Meta:
        verbose_name = "axe"
        ordering = ["plan", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="axis_title_unique_in_plan")]

    def __str__(self) -> str:
        return self.title


class Theme(BaseModel):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300)
    published_completion = models.DecimalField("taux publié (%)", **PUBLISHED_RATE)

    class Meta:
        verbose_name = "thème du plan"
        verbose_name_plural = "thèmes du plan"
        ordering = ["axis", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["axis", "title"], name="theme_title_unique_in_axis")]

    def __str__(self) -> str:
        return self.title


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Action(BaseModel):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=500)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name="pilote (personne)",
    )
    owner_service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name="pilote (service)",
    )
    owner_label = models.CharField("pilote (libellé)", max_length=200, blank=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="actions", verbose_name="sites")
    due_date = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    abandon_reason = models.CharField("motif de l'abandon", max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(
        "avancement (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    opened_on = models.DateField("inscrite au plan le")
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="actions", verbose_name="engagements servis"
    )
    origin_app = models.CharField("origine : application", max_length=30, blank=True)
    origin_kind = models.CharField("origine : nature", max_length=40, blank=True)
    origin_public_id = models.CharField("origine : identifiant", max_length=36, blank=True)
    origin_label = models.CharField("origine", max_length=300, blank=True)
    origin_url = models.CharField("origine : page", max_length=300, blank=True)
    origin_year = models.PositiveSmallIntegerField("origine : année", null=True, blank=True)
    aimed_indicator = models.CharField(
        "indicateur visé",
        max_length=40,
        blank=True,
        help_text="Le code de l'indicateur que l'action veut améliorer (son « avant / après » est publié).",
    )
    aimed_site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="indicateur visé : site",
        help_text="Vide : l'indicateur du département.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["theme", "position", "id"]
        indexes = [
            models.Index(fields=["origin_app", "origin_kind", "origin_public_id"], name="action_origin_idx"),
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def owner_display(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        if self.owner_service_id:
            return self.owner_service.name
        return self.owner_label


EVENT_FIELDS = {
    "created": "création",
    "title": "intitulé",
    "due_date": "échéance",
    "owner_user": "pilote (personne)",
    "owner_service": "pilote (service)",
    "owner_label": "pilote (libellé)",
    "status": "état",
    "abandon_reason": "motif de l'abandon",
    "progress": "avancement (%)",
    "sites": "sites",
    "commitments": "engagements",
    "theme": "thème",
    "evidence": "preuve ajoutée",
    "aimed_indicator": "indicateur visé",
    "aimed_site": "indicateur visé : site",
}


class ActionEvent(models.Model):
    """One change of an action: who, when (recorded_at), the date it takes effect (`on`, which may be earlier for
    progress noted late), the field, before → after, and the action's progress and status after the change."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    on = models.DateField("date d'effet")
    recorded_at = models.DateTimeField("enregistré le")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    field = models.CharField("champ", max_length=40)
    before = models.TextField("avant", blank=True)
    after = models.TextField("après", blank=True)
    comment = models.CharField("commentaire", max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField("avancement après (%)")
    status = models.CharField("état après", max_length=20, choices=ActionStatus.choices)

    class Meta:
        verbose_name = "historique d'action"
        ordering = ["action", "on", "id"]
        indexes = [models.Index(fields=["action", "on"], name="action_event_on_idx")]

    def __str__(self) -> str:
        return f"{self.on} {self.field}: {self.before} → {self.after}"

    @property
    def field_label(self) -> str:
        return EVENT_FIELDS.get(self.field, self.field)


class Evidence(BaseModel):
    """What proves an action: a file or a link."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField("libellé", max_length=200)
    file = models.FileField("fichier", upload_to="improvement/evidence/%Y/", blank=True)
    url = models.URLField("lien", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "preuve"
        ordering = ["action", "created_at"]

    def __str__(self) -> str:
        return self.label


class ReminderSent(models.Model):
    """A reminder sent to an action's owner: once per action, threshold and due date."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField("seuil", max_length=20)  # "before_due" or "overdue"
    due_date = models.DateField("échéance rappelée")
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        constraints = [
            models.UniqueConstraint(fields=["action", "threshold", "due_date"], name="reminder_once_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.threshold} {self.due_date}"
