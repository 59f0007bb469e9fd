"""Committees (CLU, steering committee, the merged CLU « et de l'amélioration continue »), their members, meetings,
invitations and answers, attendance, interventions with the administration's answers, opinions and decisions.

Personal data: a member's name, e-mail and phone, and the name of whoever represents them at a meeting. They are
erased `Committee.retention_months` after the member left the committee (services.erase_expired_contacts, a daily
job); the member's function and organisation stay, so past minutes keep their list of bodies."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vigie.core.models import BaseModel
from vigie.improvement.models import Action
from vigie.organisation.models import Department

from .enums import AgendaSection, AttendanceStatus, CommitteeKind, MemberCategory, MemberPosition, Rsvp


def new_token() -> str:
    """The secret of a member's answer link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_ics_uid() -> str:
    return f"{uuid.uuid4()}@vigie"


class Committee(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="committees")
    kind = models.CharField("nature", max_length=20, choices=CommitteeKind.choices)
    name = models.CharField("nom", max_length=200)
    retention_months = models.PositiveSmallIntegerField(
        "conservation des coordonnées (mois)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Après le départ d'un membre, son nom, son courriel et son téléphone sont effacés ; sa fonction et "
        "son organisme restent dans les comptes rendus.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "comité"
        ordering = ["department", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Member(BaseModel):
    """A person or an organisation sitting on a committee, from `starts_on` until `ends_on` (open when empty)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    category = models.CharField("collège", max_length=20, choices=MemberCategory.choices)
    organisation = models.CharField("organisme", max_length=200)
    function = models.CharField("fonction", max_length=200, blank=True, help_text="« Délégué du Défenseur des droits »")
    person_name = models.CharField("nom de la personne", max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    position = models.CharField("rôle", max_length=20, choices=MemberPosition.choices, default=MemberPosition.MEMBER)
    starts_on = models.DateField("membre depuis le")
    ends_on = models.DateField("membre jusqu'au", null=True, blank=True)
    contact_erased_at = models.DateTimeField("coordonnées effacées le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "membre"
        ordering = ["committee", "category", "organisation", "function"]

    def __str__(self) -> str:
        return (
            f"{self.display_name} ({self.organisation})"
            if self.display_name != self.organisation
            else self.organisation
        )

    @property
    def display_name(self) -> str:
        """What the minutes show: the function (never a person's name when a function is known)."""
        return self.function or self.person_name or self.organisation

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin du mandat précède son début."})

    def sits_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Meeting(BaseModel):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", default=120, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    place = models.CharField("lieu", max_length=300, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    chair = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="présidence"
    )
    chair_label = models.CharField(
        "présidence (libellé)", max_length=200, blank=True, help_text="Quand la présidence n'est pas un membre."
    )
    # The calendar event: one UID for the meeting's life; SEQUENCE grows at each update sent
    ics_uid = models.CharField(max_length=120, unique=True, default=new_ics_uid, editable=False)
    sequence = models.PositiveIntegerField("version de l'invitation", default=0, editable=False)
    invitations_sent_at = models.DateTimeField("invitations envoyées le", null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "réunion"
        ordering = ["committee", "-starts_at"]

    def __str__(self) -> str:
        return f"{self.committee.name} du {self.starts_at:%d/%m/%Y}"

    @property
    def chair_name(self) -> str:
        return self.chair.display_name if self.chair is not None else self.chair_label

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300)
    section = models.CharField("rubrique remplie par Vigie", max_length=20, choices=AgendaSection.choices, blank=True)
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Invitation(BaseModel):
    """A member's invitation to a meeting and their answer, given through a private link (no account): the token in
    the URL is the only key to it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    sequence_sent = models.PositiveIntegerField(default=0)
    answer = models.CharField("réponse", max_length=20, choices=Rsvp.choices, blank=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    representative_name = models.CharField("nom du représentant", max_length=200, blank=True)
    representative_function = models.CharField("fonction du représentant", max_length=200, blank=True)
    reminders_sent = models.PositiveSmallIntegerField("relances envoyées", default=0)

    class Meta:
        verbose_name = "invitation"
        ordering = ["meeting", "member__category", "member__organisation"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_invitation_per_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.meeting}"

    @property
    def represented_by(self) -> str:
        return ", ".join(x for x in (self.representative_name, self.representative_function) if x)


class Attendance(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField("présence", max_length=20, choices=AttendanceStatus.choices)
    represented_by = models.CharField("représenté·e par", max_length=300, blank=True)
    from_answer = models.BooleanField(
        "reprise de la réponse",
        default=False,
        help_text="Écrite d'après la réponse du membre (elle suit ses réponses suivantes) ; fausse une fois saisie "
        "à la main.",
    )

    class Meta:
        verbose_name = "présence"
        ordering = ["meeting", "member__category", "member__organisation"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.member} : {self.get_status_display()}"


class Intervention(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    speaker_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="membre"
    )
    speaker_label = models.CharField("intervenant (libellé)", max_length=200, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="point"
    )
    topic_label = models.CharField("sujet (libellé)", max_length=300, blank=True)
    text = models.TextField("propos")

    class Meta:
        verbose_name = "intervention"
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"{self.speaker} : {self.text[:60]}"

    @property
    def speaker(self) -> str:
        return self.speaker_member.display_name if self.speaker_member is not None else self.speaker_label

    @property
    def topic(self) -> str:
        return self.agenda_item.title if self.agenda_item is not None else self.topic_label

    def clean(self) -> None:
        if self.speaker_member_id is None and not self.speaker_label:
            raise ValidationError({"speaker_label": "Indiquez qui intervient : un membre ou un libellé."})


class InterventionAnswer(BaseModel):
    """One answer of the administration to an intervention (an intervention may get several)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    speaker = models.CharField("qui répond", max_length=200)
    text = models.TextField("réponse")

    class Meta:
        verbose_name = "réponse de l'administration"
        ordering = ["intervention", "position", "id"]

    def __str__(self) -> str:
        return f"{self.speaker} : {self.text[:60]}"


class Opinion(BaseModel):
    """An opinion of the committee, e.g. on the standard letters and e-mails. The templates live in the register
    (same layer: never imported), so the versions reviewed are recorded as text, one per line."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="point"
    )
    topic = models.CharField("objet", max_length=300)
    text = models.TextField("avis")
    template_versions = models.TextField(
        "modèles examinés", blank=True, help_text="Un modèle et sa version par ligne : « Accusé de réception, v3 »."
    )

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return self.topic

    @property
    def template_version_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.template_versions.splitlines() if line.strip())


class Decision(BaseModel):
    """A decision of the meeting; « créer l'action » puts it in the department's action plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.TextField("décision")
    intervention = models.ForeignKey(
        Intervention, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="action du plan"
    )

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


__all__ = [
    "AgendaItem",
    "AgendaSection",
    "Attendance",
    "AttendanceStatus",
    "Committee",
    "Decision",
    "Intervention",
    "InterventionAnswer",
    "Invitation",
    "Meeting",
    "Member",
    "Opinion",
]
