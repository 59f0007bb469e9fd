"""Generated documents (built by the worker, versioned, kept in storage), the quality officer's drafts of the
minutes (a new version per save), and publications (frozen snapshots of the figures, shown to the public)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Site

from .enums import DocumentKind, State


def _document_path(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/{instance.department.code}/{instance.public_id}/{filename}"


class GeneratedDocument(BaseModel):
    """One version of a document of a meeting (meeting_id) or of a department and year (and site). The version
    number counts the documents of the same kind and subject; the file's SHA-256 is kept with it."""

    kind = models.CharField("nature", max_length=20, choices=DocumentKind.choices)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+", verbose_name="département")
    year = models.PositiveSmallIntegerField("année")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # a meeting of the committees app (no foreign key: documents reads committees through its queries)
    meeting_id = models.PositiveIntegerField("réunion", null=True, blank=True)
    publication = models.ForeignKey(
        "Publication", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    version = models.PositiveIntegerField("version")
    status = models.CharField("état", max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=120, blank=True)
    file = models.FileField(upload_to=_document_path, max_length=250, blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    error = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "document généré"
        verbose_name_plural = "documents générés"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["department", "year", "kind"], name="document_subject_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def finished(self) -> bool:
        return self.status in (State.DONE, State.FAILED)


class MinutesDraft(models.Model):
    """One saved version of the text of a section of a meeting's minutes: each save is a new row; the generated
    minutes use the latest version of each section."""

    meeting_id = models.PositiveIntegerField("réunion")
    section = models.CharField("section", max_length=40)
    version = models.PositiveIntegerField("version")
    text = models.TextField("texte", blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "brouillon de compte rendu"
        verbose_name_plural = "brouillons de compte rendu"
        constraints = [
            models.UniqueConstraint(fields=["meeting_id", "section", "version"], name="minutes_draft_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.section} v{self.version}"


class Publication(BaseModel):
    """The figures of a department (or a site) for a year, frozen when published: the JSON snapshot and its
    SHA-256. A later correction of the data changes nothing here; a new publication does."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+", verbose_name="département")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    snapshot = models.JSONField("instantané")
    checksum = models.CharField("SHA-256 de l'instantané", max_length=64)
    published_at = models.DateTimeField("publiée le")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publication"
        verbose_name_plural = "publications"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["department", "site", "published_at"], name="publication_latest_idx")]

    def __str__(self) -> str:
        return f"{self.department.code} {self.year} ({self.published_at:%d/%m/%Y})"

    @staticmethod
    def canonical(snapshot: dict) -> bytes:
        """The bytes the checksum is computed on: sorted keys, no spaces, UTF-8."""
        return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def digest(cls, snapshot: dict) -> str:
        return hashlib.sha256(cls.canonical(snapshot)).hexdigest()
