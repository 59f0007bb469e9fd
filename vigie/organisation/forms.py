import datetime as dt

from django import forms
from dsfr.forms import DsfrBaseForm

from .models import ClosureDay, Site


class ClosureForm(DsfrBaseForm):
    date = forms.DateField(label="Date de fermeture", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="Motif",
        max_length=200,
        required=False,
        help_text="Par exemple : pont de l'Ascension, déménagement.",
    )

    def __init__(self, *args, site: Site, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if ClosureDay.objects.filter(site=self.site, date=date).exists():
            raise forms.ValidationError(f"Le site est déjà fermé le {date:%d/%m/%Y}.")
        return date
