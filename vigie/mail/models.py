"""The outbox: every e-mail Vigie sends is first written here (in the caller's transaction), then sent by the
worker, retried with back-off, or given up with a reason. A message names the object it concerns by app label and
public id, never by a foreign key: any app can use the outbox and the outbox depends on none of them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AutoSubmitted(models.TextChoices):
    """RFC 3834 `Auto-Submitted` header: tells the recipient's mail robot not to answer (no auto-reply loop)."""

    NO = "", "Non (message écrit par une personne)"
    AUTO_REPLIED = "auto-replied", "Réponse automatique (accusé de réception)"
    AUTO_GENERATED = "auto-generated", "Message automatique (récapitulatif, alerte)"


class OutboxMessage(models.Model):
    """An e-mail waiting to be sent (or sent): written before any SMTP call, so nothing is lost."""

    related_app = models.CharField("application", max_length=50)
    # the object the message concerns in `related_app` (its public id); none for a digest to agents
    related_public_id = models.UUIDField("objet concerné", null=True, blank=True)
    tag = models.CharField("nature", max_length=30, blank=True)  # the app's own word, e.g. « acknowledgement »
    auto_submitted = models.CharField(max_length=20, choices=AutoSubmitted.choices, blank=True)
    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=250)
    body = models.TextField("texte")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # a refusal that no retry can cure (the recipient's address refused with a 5xx code, a malformed message)
    failed_at = models.DateTimeField("abandonné le", null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)
    # who is sending it now (a worker's id, or a process outside a worker): set by the claim, emptied by the outcome
    claimed_by = models.CharField(max_length=64, blank=True, default="", db_default="")  # db: raw SQL inserts

    class Meta:
        verbose_name = "message sortant"
        verbose_name_plural = "messages sortants"
        ordering = ["-created_at"]
        indexes = [
            # the messages of one object (a request's page, the erasure of its personal data)
            models.Index(fields=["related_app", "related_public_id"], name="mail_related_idx"),
            # the messages of an app's objects still to send: few rows among all those ever sent
            models.Index(
                fields=["related_app", "related_public_id"], condition=models.Q(sent_at=None), name="mail_unsent_idx"
            ),
            # the claims the workers look at on every pass (a handful of rows while messages are being sent)
            models.Index(fields=["claimed_by"], condition=~models.Q(claimed_by=""), name="mail_claimed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.state_label})"

    @property
    def state_label(self) -> str:
        if self.sent_at:
            return f"envoyé le {timezone.localtime(self.sent_at):%d/%m/%Y %H:%M}"
        if self.failed_at:
            return f"non envoyé\u00a0: {self.last_error}"
        tries = f"{self.attempts} tentative{'s' if self.attempts > 1 else ''}"
        error = f", dernière erreur\u00a0: {self.last_error}" if self.last_error else ""
        when = f"{timezone.localtime(self.next_attempt_at):%d/%m/%Y %H:%M}"
        return f"en attente ({tries}{error}\u202f; prochain essai le {when})"


class OutboxAttachment(models.Model):
    """A file sent with a message (an invitation as ICS, a PDF): kept in the database with the message, written in
    the same transaction, so a message never leaves without its file."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=100)
    content = models.BinaryField("contenu")

    class Meta:
        verbose_name = "pièce jointe d'un message sortant"
        verbose_name_plural = "pièces jointes des messages sortants"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
