from __future__ import annotations

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from .enums import DocumentKind


def _years() -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this, 2018, -1)]


class GenerateForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Document", choices=DocumentKind.choices)
    year = forms.TypedChoiceField(label="Année des chiffres", coerce=int, choices=_years)
    site = forms.ChoiceField(label="Site", required=False, help_text="Vide : tout le département.")
    meeting = forms.TypedChoiceField(
        label="Réunion du comité", coerce=int, required=False, empty_value=None,
        help_text=(
            "Obligatoire pour le compte rendu ; le diaporama suit alors l'ordre du jour de la réunion. L'année est "
            "celle des chiffres présentés (d'ordinaire l'année précédant la réunion)."
        ),
    )  # fmt: skip

    def __init__(self, *args, sites=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "Tout le département"), *((s.code, s.name) for s in sites)]
        self.fields["meeting"].choices = [("", "Aucune (chiffres du département)"), *meetings]


class PublishForm(DsfrBaseForm):
    year = forms.TypedChoiceField(label="Année", coerce=int, choices=_years)
    site = forms.ChoiceField(label="Site", required=False, help_text="Vide : tout le département.")
    indicators = forms.MultipleChoiceField(
        label="Indicateurs publiés", widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Aucun coché : tous les indicateurs mesurés de l'année.",
    )  # fmt: skip

    def __init__(self, *args, sites=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "Tout le département"), *((s.code, s.name) for s in sites)]
        self.fields["indicators"].choices = list(indicators)


class DraftForm(DsfrBaseForm):
    def __init__(self, *args, sections=(), initial_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in sections:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=(initial_texts or {}).get(key, ""),
            )
