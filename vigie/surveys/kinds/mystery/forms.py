"""The staff's mystery-shopper forms: a campaign (the planner places its contacts), a contact's evaluation (built
from the channel's grid), a school-holiday period."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.core.idempotency import TokenField

from .grid import DELAY, grid
from .models import MysteryChannel

YES_NO = [("yes", "Oui"), ("no", "Non")]


class MysteryCampaignForm(DsfrBaseForm):
    once = TokenField()
    title = forms.CharField(label="Titre", max_length=200)
    site = forms.ChoiceField(label="Site")
    channel = forms.ChoiceField(label="Canal", choices=MysteryChannel.choices, widget=forms.RadioSelect)
    planned_from = forms.DateField(
        label="À partir du",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Le plan commence au premier jour ouvré hors vacances scolaires dont les deux semaines suffisent.",
    )
    contacts = forms.IntegerField(label="Nombre d'appels ou de courriels", min_value=1, max_value=20, initial=20)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {s.code: s for s in sites}
        self.fields["site"].choices = [(code, s.name) for code, s in self.sites.items()]


class EvaluationForm(DsfrBaseForm):
    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in grid(channel):
            if criterion.code == DELAY:
                if channel == MysteryChannel.PHONE:
                    self.fields[DELAY] = forms.IntegerField(
                        label="Attente avant le décroché (secondes)",
                        required=False,
                        min_value=0,
                        max_value=3600,
                        help_text=f"Critère : {criterion.label}.",
                    )
                else:
                    self.fields["replied_on"] = forms.DateField(
                        label="Réponse reçue le",
                        required=False,
                        widget=forms.DateInput(attrs={"type": "date"}),
                        help_text=f"Critère : {criterion.label} (jours ouvrés du calendrier du département).",
                    )
                continue
            self.fields[criterion.code] = forms.ChoiceField(
                label=criterion.label, choices=YES_NO, required=criterion.code == "answered", widget=forms.RadioSelect
            )


class SchoolHolidayForm(DsfrBaseForm):
    label = forms.CharField(label="Vacances", max_length=100, help_text="Par exemple : vacances de carnaval 2027.")
    start = forms.DateField(label="Premier jour", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Dernier jour", widget=forms.DateInput(attrs={"type": "date"}))
