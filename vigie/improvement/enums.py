from django.db import models


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class RollUpRule(models.TextChoices):
    """How the completion of an axis and of the plan is computed from the actions' progress (vigie/improvement/
    rules.py). A theme is always the mean of its actions."""

    ACTIONS = "actions", "Moyenne des actions"
    THEMES = "themes", "Moyenne des thèmes"
    THEMES_WEIGHTED = "themes_weighted", "Moyenne des thèmes pondérée par leur nombre d'actions"
    AXES = "axes", "Moyenne des axes"
    AXES_WEIGHTED = "axes_weighted", "Moyenne des axes pondérée par leur nombre d'actions"
