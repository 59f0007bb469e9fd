"""Forms of the committees screens (DSFR base: labels, errors by field, the page's error summary) and of the members'
answer page (no account: honeypot and a one-time token against a double submission)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from vigie.core.idempotency import TokenField
from vigie.core.public_forms import HoneypotMixin

from .enums import AgendaSection, AttendanceStatus, CommitteeKind, MemberCategory, MemberPosition, Rsvp
from .models import Committee, Member

DATE = {"type": "date"}
TIME = {"type": "time"}


class CommitteeForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature du comité", choices=CommitteeKind.choices)
    name = forms.CharField(label="Nom", max_length=200, help_text="« Comité local des usagers de la Marne »")
    retention_months = forms.IntegerField(
        label="Conservation des coordonnées des anciens membres (mois)", min_value=1, max_value=120, initial=12
    )


class MemberForm(DsfrBaseForm):
    category = forms.ChoiceField(label="Collège", choices=MemberCategory.choices)
    organisation = forms.CharField(label="Organisme", max_length=200)
    function = forms.CharField(
        label="Fonction", max_length=200, required=False, help_text="Par exemple « Délégué du Défenseur des droits »."
    )
    person_name = forms.CharField(label="Nom de la personne", max_length=200, required=False)
    email = forms.EmailField(label="Courriel", required=False, help_text="Pour les invitations.")
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    position = forms.ChoiceField(label="Rôle", choices=MemberPosition.choices, initial=MemberPosition.MEMBER)
    starts_on = forms.DateField(label="Membre depuis le", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="Membre jusqu'au", required=False, widget=forms.DateInput(attrs=DATE))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "La fin du mandat précède son début.")
        return data


def _member_label(member: Member) -> str:
    return f"{member.display_name} — {member.organisation}" if member.function else member.organisation


class MeetingForm(DsfrBaseForm):
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs=DATE))
    time = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs=TIME, format="%H:%M"))
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=600, initial=120)
    place = forms.CharField(label="Lieu", max_length=300, required=False)
    video_link = forms.URLField(label="Lien de visioconférence", required=False, assume_scheme="https")
    chair = forms.ModelChoiceField(label="Présidence (membre)", queryset=Member.objects.none(), required=False)
    chair_label = forms.CharField(label="Présidence (si ce n'est pas un membre)", max_length=200, required=False)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["chair"].queryset = committee.members.order_by("category", "organisation")
        self.fields["chair"].label_from_instance = _member_label

    def starts_at(self) -> dt.datetime:
        zone = ZoneInfo(self.committee.department.territory.time_zone)
        return dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=zone)

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": self.starts_at(),
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "video_link": data["video_link"],
            "chair": data["chair"],
            "chair_label": data["chair_label"],
        }


class AgendaItemForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé du point", max_length=300)
    section = forms.ChoiceField(
        label="Rubrique que Vigie remplit",
        choices=[("", "Aucune (point libre)"), *AgendaSection.choices],
        required=False,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, with_position: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_position:
            self.fields["position"] = forms.IntegerField(label="Ordre", min_value=0, max_value=99)


class AttendanceForm(DsfrBaseForm):
    """One status and one « represented by » field per member of the grid (services.attendance_grid)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = str(row.member)  # « Fonction (Organisme) », or the organisation once when it has no function
            self.fields[f"status_{row.member.pk}"] = forms.ChoiceField(
                label=f"Présence : {name}",
                choices=[("", "Non renseignée"), *AttendanceStatus.choices],
                required=False,
                initial=row.status,
                widget=forms.Select(attrs={"class": "fr-select vigie-cell-select"}),  # wide enough for its words
            )
            self.fields[f"represented_{row.member.pk}"] = forms.CharField(
                label=f"Représenté·e par : {name}",
                max_length=300,
                required=False,
                initial=row.represented_by,
            )
        for field in self.visible_fields():  # DsfrBaseForm styles only the fields declared on the class
            dsfr_input_class_attr(field)

    def statuses(self) -> dict[int, tuple[str, str]]:
        return {
            row.member.pk: (
                self.cleaned_data[f"status_{row.member.pk}"],
                self.cleaned_data[f"represented_{row.member.pk}"],
            )
            for row in self.rows
        }

    def lines(self):
        """(row, status field, represented field) for the grid's template."""
        return [(row, self[f"status_{row.member.pk}"], self[f"represented_{row.member.pk}"]) for row in self.rows]


class _MeetingChoices:
    def _agenda(self, meeting):
        field = self.fields["agenda_item"]
        field.queryset = meeting.agenda_items.order_by("position", "id")
        field.label_from_instance = lambda item: f"{item.position}. {item.title}"


class InterventionForm(_MeetingChoices, DsfrBaseForm):
    speaker_member = forms.ModelChoiceField(
        label="Qui intervient (membre)", queryset=Member.objects.none(), required=False
    )
    speaker_label = forms.CharField(label="Qui intervient (si ce n'est pas un membre)", max_length=200, required=False)
    agenda_item = forms.ModelChoiceField(label="Point de l'ordre du jour", queryset=None, required=False)
    topic_label = forms.CharField(label="Sujet (hors ordre du jour)", max_length=300, required=False)
    text = forms.CharField(label="Propos", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker_member"].queryset = meeting.committee.members.order_by("category", "organisation")
        self.fields["speaker_member"].label_from_instance = _member_label
        self._agenda(meeting)

    def clean(self):
        data = super().clean()
        if not data.get("speaker_member") and not data.get("speaker_label"):
            self.add_error("speaker_label", "Indiquez qui intervient : un membre ou un libellé.")
        return data


class AnswerForm(DsfrBaseForm):
    speaker = forms.CharField(label="Qui répond (fonction)", max_length=200)
    text = forms.CharField(label="Réponse", widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(_MeetingChoices, DsfrBaseForm):
    agenda_item = forms.ModelChoiceField(label="Point de l'ordre du jour", queryset=None, required=False)
    topic = forms.CharField(label="Objet de l'avis", max_length=300)
    text = forms.CharField(label="Avis", widget=forms.Textarea(attrs={"rows": 3}))
    template_versions = forms.CharField(
        label="Modèles examinés (un par ligne, avec leur version)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple « Accusé de réception d'une réclamation, version 3 ».",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self._agenda(meeting)


class DecisionForm(DsfrBaseForm):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionActionForm(DsfrBaseForm):
    due_date = forms.DateField(label="Échéance de l'action", required=False, widget=forms.DateInput(attrs=DATE))


class RsvpForm(HoneypotMixin, DsfrBaseForm):
    answer = forms.ChoiceField(
        label="Votre réponse",
        choices=Rsvp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez votre réponse : je viens, excusé·e ou je me fais représenter."},
    )
    representative_name = forms.CharField(
        label="Nom de la personne qui vous représente", max_length=200, required=False
    )
    representative_function = forms.CharField(
        label="Fonction de la personne qui vous représente", max_length=200, required=False
    )
    once = TokenField()

    def clean(self):
        data = super().clean()
        if data.get("answer") == Rsvp.REPRESENTED and not (
            data.get("representative_name") or data.get("representative_function")
        ):
            self.add_error("representative_name", "Indiquez le nom ou la fonction de la personne qui vous représente.")
        return data
