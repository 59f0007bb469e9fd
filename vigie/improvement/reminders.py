"""Reminders to the owners of open actions, written to the outbox (vigie/mail): once VIGIE_ACTION_REMINDER_DAYS
days or less before the due date, and once when the due date has passed — each once per action, threshold and due
date (ReminderSent; a new due date may be reminded again). The owner is the person named, else the service's
functional address; an action owned by a free label only reminds no one. Messages name the action and its plan."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from vigie.mail.services import queue_message

from .models import Action, ReminderSent

BEFORE_DUE, OVERDUE = "before_due", "overdue"


def _recipient(action: Action) -> str:
    if action.owner_user_id and action.owner_user.email:
        return action.owner_user.email
    if action.owner_service_id and action.owner_service.email:
        return action.owner_service.email
    return ""


def _body(action: Action, threshold: str) -> str:
    plan = action.theme.axis.plan
    when = f"{action.due_date:%d/%m/%Y}"
    opening = (
        f"L'action dont vous êtes pilote arrive à échéance le {when}."
        if threshold == BEFORE_DUE
        else f"L'échéance de l'action dont vous êtes pilote est dépassée depuis le {when}."
    )
    link = settings.SITE_URL.rstrip("/") + reverse("action_detail", kwargs={"action_id": action.public_id})
    return (
        f"Bonjour,\n\n{opening}\n\nAction : {action.title}\nPlan : {plan.title}\n"
        f"Avancement noté : {action.progress} %\n\n"
        f"Notez son avancement (ou demandez un report au référent qualité) : {link}\n"
    )


def send_action_reminders(today: dt.date | None = None) -> int:
    """Queue the reminders due today; returns how many were queued."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=settings.VIGIE_ACTION_REMINDER_DAYS)
    sent = ReminderSent.objects.filter(
        action=OuterRef("pk"), due_date=OuterRef("due_date"), threshold=OuterRef("threshold")
    )
    actions = (
        Action.objects.open()
        .filter(due_date__isnull=False, due_date__lte=soon)
        .filter(Q(owner_user__isnull=False) | Q(owner_service__isnull=False))
        .annotate(threshold=Case(When(due_date__lt=today, then=Value(OVERDUE)), default=Value(BEFORE_DUE)))
        .exclude(Exists(sent))
        .select_related("owner_user", "owner_service", "theme__axis__plan")
    )
    queued = 0
    for action in actions:
        threshold = action.threshold
        to = _recipient(action)
        if not to:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(action=action, threshold=threshold, due_date=action.due_date)
                queue_message(
                    app_label="improvement",
                    public_id=action.public_id,
                    to=to,
                    subject=(
                        f"Action à échéance le {action.due_date:%d/%m/%Y} : {action.title}"
                        if threshold == BEFORE_DUE
                        else f"Action en retard : {action.title}"
                    ),
                    body=_body(action, threshold),
                    tag=f"action_{threshold}",
                )
        except IntegrityError:  # already reminded at this threshold for this due date
            continue
        queued += 1
    return queued
