"""The respondent's rating form (no account) and the quality officer's form to open a point."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.core.idempotency import TokenField
from vigie.core.public_forms import HoneypotMixin

from .services import COMMENT_LENGTH

STAR_CHOICES = [(str(n), f"{n} étoile{'s' if n > 1 else ''} sur 5") for n in range(5, 0, -1)]


class RatingForm(HoneypotMixin, DsfrBaseForm):
    once = TokenField()
    stars = forms.TypedChoiceField(
        label="Votre note",
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une note de 1 à 5 étoiles.", "invalid_choice": "Note inconnue."},
    )
    comment = forms.CharField(
        label="Votre commentaire",
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="N'indiquez ni nom, ni adresse, ni numéro de dossier : ce commentaire est lu par le service.",
    )


class PointForm(DsfrBaseForm):
    place = forms.ChoiceField(label="Site ou service")

    def __init__(self, *args, places, **kwargs):
        """`places`: {key: (site, service or None)}."""
        super().__init__(*args, **kwargs)
        self.places = places
        self.fields["place"].choices = [
            (key, f"{site.name} — {service.name}" if service else f"{site.name} (tout le site)")
            for key, (site, service) in places.items()
        ]
