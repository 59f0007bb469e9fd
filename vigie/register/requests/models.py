"""The requests themselves: their reference counter, the request, its attachments, its history, the background
exports of a list."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Service, Site
from vigie.register.config.models import Theme
from vigie.register.enums import Channel, Kind, Status


def _tracking_token() -> str:
    return secrets.token_urlsafe(24)


class ReferenceCounter(models.Model):
    """Last reference number given in a department for a year: locked row, so numbers have no gap."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="reference_counter_unique")]

    def __str__(self) -> str:
        return f"{self.department.code}-{self.year}: {self.last}"


class UserRequest(BaseModel):
    """A complaint, suggestion, thanks or information request received from a user."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="requests")
    reference = models.CharField("référence", max_length=20, unique=True)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    channel = models.CharField("canal", max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField("reçue le")
    received_date = models.DateField("jour de réception (heure locale du département)")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="requests")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="requests")
    themes = models.ManyToManyField(Theme, blank=True, related_name="requests")
    subject = models.CharField("objet", max_length=200)
    text = models.TextField("message")
    requester_name = models.CharField("nom du demandeur", max_length=200, blank=True)
    requester_email = models.EmailField("courriel du demandeur", blank=True)
    requester_phone = models.CharField("téléphone du demandeur", max_length=30, blank=True)
    requester_address = models.TextField("adresse postale du demandeur", blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    deadline_days = models.PositiveSmallIntegerField("délai applicable (jours ouvrés)", null=True, blank=True)
    due_date = models.DateField("date d'échéance", null=True, blank=True)
    holding_reply_at = models.DateTimeField("réponse d'attente le", null=True, blank=True)
    holding_reply_text = models.TextField("réponse d'attente", blank=True)
    reply_text = models.TextField("réponse", blank=True)
    replied_at = models.DateTimeField("répondue le", null=True, blank=True)
    replied_date = models.DateField("jour de la réponse", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delay_working_days = models.PositiveSmallIntegerField("délai de réponse (jours ouvrés)", null=True, blank=True)
    on_time = models.BooleanField("dans le délai", null=True, blank=True)
    tracking_token = models.CharField(max_length=64, unique=True, default=_tracking_token, editable=False)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    escalated_at = models.DateTimeField("signalée en retard au référent le", null=True, blank=True)
    source_message_id = models.CharField("identifiant du courriel reçu (Message-ID)", max_length=255, blank=True)
    anonymised_at = models.DateTimeField("données personnelles effacées le", null=True, blank=True)
    # a past register brought in by `vigie import_requests` (or its screen): its own reference, kept for re-imports
    external_ref = models.CharField("référence d'origine (import)", max_length=100, blank=True)
    imported = models.BooleanField("importée d'un registre antérieur", default=False)

    class Meta:
        verbose_name = "demande d'usager"
        verbose_name_plural = "demandes d'usagers"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["department", "received_date"], name="request_received_idx"),
            models.Index(fields=["service", "status", "due_date"], name="request_service_due_idx"),
            models.Index(fields=["department", "replied_at", "due_date"], name="request_open_due_idx"),
            # the lists' order (due date, then receipt): a page deep in a national list without sorting every row
            models.Index(fields=["due_date", "received_at"], name="request_due_order_idx"),
            # the lists' « open » tabs and counts, also for a national view (no department): unanswered rows only
            models.Index(
                fields=["department", "due_date"], condition=models.Q(replied_at=None), name="request_unanswered_idx"
            ),
            # answered then reopened (queries.REOPENED: a status before « answered » with a reply): found among the
            # requests of those statuses, not by scanning the answered ones. Not a partial index: SQLite cannot match
            # the bound parameters of `status IN (…)` to an index predicate.
            models.Index(fields=["status", "replied_at"], name="request_status_replied_idx"),
        ]
        constraints = [
            # A row imported twice gives one request (re-import is idempotent by the external reference).
            models.UniqueConstraint(
                fields=["department", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="request_unique_external_ref",
            ),
            # A mail read twice from the mailbox gives one request (portable partial unique constraint).
            models.UniqueConstraint(
                fields=["department", "source_message_id"],
                condition=~models.Q(source_message_id=""),
                name="request_unique_message_id",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Random stored name: the user's file name (which may hold personal data) never reaches the disk or a URL.
    return f"pieces-jointes/{instance.request.department.code}/{uuid.uuid4().hex}"


class Attachment(BaseModel):
    """A file sent with a request (public form, agent, mailbox). Type and size are checked by attachments.py."""

    request = models.ForeignKey(UserRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RequestEvent(models.Model):
    """The request's history: who did what and when (no personal data in `detail`)."""

    class Action(models.TextChoices):
        CREATED = "created", "Enregistrée"
        ACKNOWLEDGED = "acknowledged", "Accusé de réception envoyé"
        ASSIGNED = "assigned", "Attribuée"
        REQUALIFIED = "requalified", "Requalifiée"
        HOLDING_REPLY = "holding_reply", "Message d'attente"
        ANSWERED = "answered", "Répondue"
        CLOSED = "closed", "Close"
        REOPENED = "reopened", "Rouverte"
        ESCALATED = "escalated", "Retard signalé au référent qualité"
        RESCHEDULED = "rescheduled", "Échéance recalculée"
        ERASED = "erased", "Données personnelles effacées"
        ATTACHED = "attached", "Pièces jointes ajoutées"

    request = models.ForeignKey(UserRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=250, blank=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"


def _export_path(instance: RequestExport, filename: str) -> str:
    return f"exports/{instance.public_id}.xlsx"


class RequestExport(BaseModel):
    """A spreadsheet of a list selection built by the worker (too large to wait for). Only its requester sees it;
    deleted after VIGIE_EXPORT_RETENTION_DAYS days. Holds no personal data (exports.py)."""

    class State(models.TextChoices):
        PENDING = "pending", "En attente"
        RUNNING = "running", "En préparation"
        DONE = "done", "Prêt"
        FAILED = "failed", "Échec"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query = models.CharField("sélection (onglet et filtres)", max_length=500, blank=True)
    label = models.CharField("onglet", max_length=100)
    status = models.CharField("état", max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField("demandes", default=0)
    done = models.PositiveIntegerField("demandes écrites", default=0)
    file = models.FileField(upload_to=_export_path, max_length=200, blank=True)
    error = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "export de demandes"
        verbose_name_plural = "exports de demandes"
        indexes = [models.Index(fields=["created_at"], name="request_export_created_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.State.DONE else int(self.done * 100 / self.total) if self.total else 0
