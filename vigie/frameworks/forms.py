from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.organisation.models import Service

from .enums import Aggregation, IndicatorKind, Periodicity, TargetDirection, Unit
from .models import FrameworkVersion, Indicator, Module
from .wording import Wording


class LocalIndicatorForm(DsfrBaseForm):
    code = forms.RegexField(
        label="Code",
        regex=r"^[A-Z0-9][A-Z0-9-]{1,39}$",
        max_length=40,
        help_text="Majuscules, chiffres et tirets, par exemple LOCAL-ACCUEIL-ATTENTE.",
        error_messages={"invalid": "Le code ne contient que des majuscules, chiffres et tirets."},
    )
    name = forms.CharField(label="Intitulé", max_length=300)
    kind = forms.ChoiceField(label="Nature", choices=IndicatorKind.choices)
    numerator = forms.CharField(label="Numérateur (ou quantité mesurée)", max_length=300)
    denominator = forms.CharField(
        label="Dénominateur",
        max_length=300,
        required=False,
        help_text="Obligatoire pour un taux ou une moyenne.",
    )
    unit = forms.ChoiceField(label="Unité", choices=Unit.choices)
    periodicity = forms.ChoiceField(label="Périodicité", choices=Periodicity.choices)
    target_value = forms.DecimalField(label="Cible", required=False, max_digits=12, decimal_places=3)
    target_direction = forms.ChoiceField(
        label="Sens de la cible", required=False, choices=[("", "—"), *TargetDirection.choices]
    )
    definition = forms.CharField(label="Définition", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, department, **kwargs):
        self.department = department
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Indicator.objects.filter(department=None, code=code).exists():
            raise forms.ValidationError("Ce code est celui d'un indicateur national.")
        if Indicator.objects.filter(department=self.department, code=code).exists():
            raise forms.ValidationError("Ce code est déjà utilisé par un indicateur local du département.")
        return code

    def clean(self):
        data = super().clean()
        kind, unit = data.get("kind"), data.get("unit")
        if kind in (IndicatorKind.RATE, IndicatorKind.MEAN) and not data.get("denominator"):
            self.add_error("denominator", "Un taux ou une moyenne a un dénominateur.")
        if kind == IndicatorKind.RATE and unit and unit != Unit.PERCENT:
            self.add_error("unit", "Un taux s'exprime en pourcentage.")
        if (data.get("target_value") is None) != (not data.get("target_direction")):
            self.add_error("target_direction", "Indiquez à la fois la valeur de la cible et son sens.")
        data["aggregation"] = Aggregation.SUM if kind == IndicatorKind.COUNT else Aggregation.RATIO_OF_SUMS
        return data


class LabellingScopeForm(DsfrBaseForm):
    framework_version = forms.ModelChoiceField(
        label="Référentiel", queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    modules = forms.ModelMultipleChoiceField(
        label="Modules",
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez les modules du périmètre de labellisation du site.",
    )
    since = forms.DateField(label="Depuis le", widget=forms.DateInput(attrs={"type": "date"}))
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        required=False,
        empty_label="Le site entier",
        help_text="Un service labellisé sur son propre module (un CERT, par exemple) a son périmètre à lui.",
    )

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = site.services.order_by("name") if site is not None else Service.objects.none()
        self.fields["framework_version"].queryset = FrameworkVersion.objects.filter(is_current=True).select_related(
            "framework"
        )
        self.fields["framework_version"].label_from_instance = lambda v: f"{v.framework.name} (version {v.version})"
        self.fields["modules"].queryset = (
            Module.objects.filter(version__is_current=True)
            .select_related("version__framework")
            .order_by("version__framework__code", "number")
        )
        self.fields["modules"].label_from_instance = lambda m: (
            f"{m.version.framework.name} — module {m.number} : {m.title}"
        )

    def clean(self):
        data = super().clean()
        version, modules = data.get("framework_version"), data.get("modules")
        if version and modules:
            foreign = [m for m in modules if m.version_id != version.pk]
            if foreign:
                self.add_error("modules", "Choisissez uniquement des modules du référentiel sélectionné.")
        return data


class FrameworkUploadForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier YAML du référentiel",
        help_text="Format décrit dans la documentation (docs/frameworks-format.md). 1 Mo au plus.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        return upload


class WordingForm(DsfrBaseForm):
    """The new version's number and source, then the title and content of each commitment to complete."""

    version = forms.CharField(label="Numéro de la nouvelle version", max_length=30)
    source = forms.CharField(
        label="Source du texte officiel",
        max_length=100,
        help_text="Par exemple : référentiel Qual-e-Pref, version du 4 février 2019, pages 12 à 20.",
    )

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for c in self.commitments:
            self.fields[f"title_{c.code}"] = forms.CharField(
                label=f"{c.code} — intitulé", max_length=400, initial=c.shown_title
            )
            self.fields[f"gist_{c.code}"] = forms.CharField(
                label=f"{c.code} — contenu",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=c.shown_gist,
            )

    def wording(self) -> dict[str, Wording]:
        return {
            c.code: Wording(self.cleaned_data[f"title_{c.code}"], self.cleaned_data[f"gist_{c.code}"])
            for c in self.commitments
        }
