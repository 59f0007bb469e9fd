from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm


class MeasurementImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier de mesures (CSV ou XLSX)",
        help_text="Format long (indicator, site, period…) ou tableau par mois. 5 Mo au plus.",
    )
    year = forms.IntegerField(
        label="Année", min_value=2000, max_value=2100, required=False, help_text="Obligatoire pour un tableau par mois."
    )
    site = forms.ChoiceField(label="Site", required=False, help_text="Pour un tableau par mois.")

    def __init__(self, *args, sites, department_level: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.code, s.name) for s in sites]
        self.fields["site"].choices = ([("", "Tout le département")] if department_level else []) + choices
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5_000_000:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("Format attendu : CSV ou XLSX.")
        return upload
