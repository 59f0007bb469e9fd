"""The respondent's form, built from the campaign's frozen questions; and the staff's forms."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.core.idempotency import TokenField
from vigie.core.public_forms import HoneypotMixin
from vigie.surveys.enums import CAMPAIGN_CHANNELS, Scale

from .rules import LABELS, SATISFACTION_LEVELS

SATISFACTION_CHOICES = [(v, LABELS[v]) for v in (*SATISFACTION_LEVELS, "no_opinion")]
YES_NO_CHOICES = [("yes", "Oui"), ("no", "Non")]
STAR_CHOICES = [(str(n), f"{n} étoile{'s' if n > 1 else ''} sur 5") for n in range(1, 6)]


def question_field(question) -> forms.Field:
    """Every question is optional: a respondent answers what they wish."""
    if question.scale == Scale.TEXT:
        return forms.CharField(
            label=question.label,
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="N'indiquez ni nom, ni adresse, ni numéro de dossier.",
        )
    choices = {
        Scale.SATISFACTION: SATISFACTION_CHOICES,
        Scale.YES_NO: YES_NO_CHOICES,
        Scale.STARS: STAR_CHOICES,
    }.get(question.scale) or [(str(i), label) for i, label in enumerate(question.choices, start=1)]
    return forms.ChoiceField(
        label=question.label,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choisissez une des réponses proposées."},
    )


class SurveyForm(HoneypotMixin, DsfrBaseForm):
    """One respondent's answers: one optional field per question, named by its code, and the service visited when
    the site has several in the campaign. `once` is core/idempotency's token: a second post of the same form (double
    click, reload) records nothing."""

    once = TokenField()

    def __init__(self, *args, questions, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.services = {s.code: s for s in services}
        if len(self.services) > 1:
            self.fields["service"] = forms.ChoiceField(
                label="Service que vous avez consulté",
                required=False,
                choices=[("", "Je ne sais pas"), *[(code, s.name) for code, s in self.services.items()]],
            )
        for question in self.questions:
            self.fields[f"q_{question.code}"] = question_field(question)

    def answer_fields(self):
        return [self[f"q_{q.code}"] for q in self.questions]

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data.get(f"q_{q.code}") or "" for q in self.questions}

    def service_code(self) -> str:
        if len(self.services) == 1:
            return next(iter(self.services))
        return self.cleaned_data.get("service") or ""

    def clean(self):
        data = super().clean()
        if not self.errors and not any(v.strip() for v in self.answers().values()):
            raise forms.ValidationError("Répondez à au moins une question avant d'envoyer.")
        return data


class CriterionForm(DsfrBaseForm):
    code = forms.SlugField(
        label="Code", max_length=50, help_text="Lettres minuscules, chiffres et tirets, par exemple accueil-cert."
    )
    label = forms.CharField(label="Question posée", max_length=300)
    theme = forms.CharField(label="Thème", max_length=100, required=False)
    scale = forms.ChoiceField(label="Échelle", choices=Scale.choices)
    choices = forms.CharField(
        label="Choix (un par ligne)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pour un choix unique seulement.",
    )

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]


class QuestionnaireForm(DsfrBaseForm):
    title = forms.CharField(label="Titre du questionnaire", max_length=200)
    criteria = forms.MultipleChoiceField(
        label="Critères posés",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un critère."},
    )

    def __init__(self, *args, specs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [
            (spec.code, f"{spec.label} ({spec.theme or 'sans thème'}, {Scale(spec.scale).label.lower()})")
            for spec in specs
        ]


class CampaignForm(DsfrBaseForm):
    title = forms.CharField(label="Titre de la campagne", max_length=200)
    version = forms.ChoiceField(label="Questionnaire")
    start = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Fin", widget=forms.DateInput(attrs={"type": "date"}))
    sites = forms.MultipleChoiceField(
        label="Sites", widget=forms.CheckboxSelectMultiple, error_messages={"required": "Cochez au moins un site."}
    )
    channels = forms.MultipleChoiceField(
        label="Canaux",
        widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in CAMPAIGN_CHANNELS],
        error_messages={"required": "Cochez au moins un canal."},
    )

    def __init__(self, *args, versions, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.public_id): v for v in versions}
        self.sites = {s.code: s for s in sites}
        self.fields["version"].choices = [(key, str(v)) for key, v in self.versions.items()]
        self.fields["sites"].choices = [(code, s.name) for code, s in self.sites.items()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la campagne précède son début.")
        return data
