"""The register's configuration, per department: deadline overrides, themes, message templates, functional
mailboxes, and the follow-up actions given to themes (until `improvement` takes them)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from vigie.core.encryption import EncryptedTextField
from vigie.organisation.models import Department, Service, Site
from vigie.register.enums import Channel, Kind


class DeadlineRule(models.Model):
    """A department's own deadline for a kind and channel, overriding the framework's default, from an effective
    date (none: since always). A request is judged by the rule in force on its receipt date: a change dated
    1 March leaves the requests received before under the old rule (requests.services.deadline_for)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="deadline_rules")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    channel = models.CharField("canal", max_length=20, choices=Channel.choices)
    working_days = models.PositiveSmallIntegerField("délai (jours ouvrés)", null=True, blank=True)
    effective_from = models.DateField("en vigueur à partir du", null=True, blank=True)

    class Meta:
        verbose_name = "règle de délai"
        constraints = [
            # portable (SQLite has no NULLS NOT DISTINCT): one rule « since always », one per effective date
            models.UniqueConstraint(
                fields=["department", "kind", "channel"],
                condition=models.Q(effective_from=None),
                name="deadline_rule_unique",
            ),
            models.UniqueConstraint(
                fields=["department", "kind", "channel", "effective_from"],
                condition=models.Q(effective_from__isnull=False),
                name="deadline_rule_unique_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department.code} {self.kind}/{self.channel}: {self.working_days}"


class Theme(models.Model):
    """A theme of the department's own list. Retired themes stay on past requests but are no longer offered."""

    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField("thème", max_length=120)
    active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "thème"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="theme_unique_in_department")]

    def __str__(self) -> str:
        return self.name


class MessageTemplate(models.Model):
    """A standard message for a kind, channel and site; every edit is a new version. Typed: an acknowledgement
    (sent on receipt), a holding reply (tells the user the answer takes longer: it does NOT answer the request nor
    stop the clock) and an answer (the only kind that answers)."""

    ACKNOWLEDGEMENT, HOLDING, ANSWER = "acknowledgement", "holding", "reply"
    PURPOSES = [
        (ACKNOWLEDGEMENT, "Accusé de réception"),
        (HOLDING, "Message d'attente (ne répond pas, n'arrête pas le délai)"),
        (ANSWER, "Réponse (répond à la demande)"),
    ]

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="message_templates", null=True)
    purpose = models.CharField("usage", max_length=20, choices=PURPOSES)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, blank=True)
    channel = models.CharField("canal", max_length=20, choices=Channel.choices, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE)
    name = models.CharField("nom", max_length=120, blank=True)
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("texte")
    family = models.UUIDField("modèle", default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "modèle de message"
        ordering = ["purpose", "name", "-version"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.name} v{self.version}"


class Mailbox(models.Model):
    """A functional mailbox read over IMAP by `vigie fetch_mail`: each new message becomes a request."""

    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="mailboxes")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, help_text="Site qui reçoit les demandes.")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, help_text="Vide : demandes à attribuer."
    )
    kind = models.CharField("nature par défaut", max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    host = models.CharField("serveur IMAP", max_length=200)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(
        max_length=10, choices=[("ssl", "TLS implicite"), ("starttls", "STARTTLS"), ("none", "Aucune")], default="ssl"
    )
    username = models.CharField("identifiant", max_length=200)
    password = EncryptedTextField("mot de passe")  # stored encrypted (VIGIE_ENCRYPTION_KEYS), read in clear
    folder = models.CharField("dossier", max_length=200, default="INBOX")
    active = models.BooleanField(default=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "boîte fonctionnelle"
        verbose_name_plural = "boîtes fonctionnelles"

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"
