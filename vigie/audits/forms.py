"""Forms of the audits screens (DSFR base: labels, errors by field, the page's error summary)."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.frameworks.models import Commitment, FrameworkVersion, Module

from .enums import AuditKind, DocumentKind, FindingResult, RemarkKind
from .models import Audit

DATE = {"type": "date"}
MAX_REQUIREMENTS = 999


def _current_versions():
    return FrameworkVersion.objects.filter(is_current=True).select_related("framework").order_by("framework__code")


def _version_label(version: FrameworkVersion) -> str:
    return f"{version.framework.name} (version {version.version})"


def _module_label(module: Module) -> str:
    return f"{module.version.framework.name} — module {module.number} : {module.title}"


class _ScopeChecks:
    """Modules must belong to the chosen framework version."""

    def _check_modules(self, data):
        version, modules = data.get("framework_version"), data.get("modules")
        if version and modules and any(m.version_id != version.pk for m in modules):
            self.add_error("modules", "Choisissez uniquement des modules du référentiel sélectionné.")


class AuditForm(_ScopeChecks, DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature de l'audit", choices=AuditKind.choices)
    framework_version = forms.ModelChoiceField(label="Référentiel", queryset=FrameworkVersion.objects.none())
    starts_on = forms.DateField(label="Premier jour", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="Dernier jour", widget=forms.DateInput(attrs=DATE))
    auditor = forms.CharField(
        label="Auditeur ou organisme certificateur",
        max_length=200,
        help_text="Par exemple « Auditeur du ministère de l'Intérieur » ou « SOCOTEC ».",
    )
    sites = forms.ModelMultipleChoiceField(label="Sites audités", queryset=None, widget=forms.CheckboxSelectMultiple)
    modules = forms.ModelMultipleChoiceField(
        label="Modules audités", queryset=Module.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label="Synthèse", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].queryset = _current_versions()
        self.fields["framework_version"].label_from_instance = _version_label
        self.fields["sites"].queryset = sites
        self.fields["modules"].queryset = (
            Module.objects.filter(version__is_current=True)
            .select_related("version__framework")
            .order_by("version__framework__code", "number")
        )
        self.fields["modules"].label_from_instance = _module_label

    def clean(self):
        data = super().clean()
        self._check_modules(data)
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Le dernier jour de l'audit précède le premier.")
        return data


class ResultsForm(DsfrBaseForm):
    """One result, finding and evidence field per commitment of the audit's modules."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code, finding = row.commitment.code, row.finding
            self.fields[f"result_{code}"] = forms.ChoiceField(
                label=f"Résultat — {code}",
                choices=[("", "— non renseigné —"), *FindingResult.choices],
                required=False,
                initial=finding.result if finding else "",
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=f"Constat — {code}",
                required=False,
                initial=finding.comment if finding else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"evidence_{code}"] = forms.CharField(
                label=f"Preuves examinées — {code}",
                required=False,
                initial=finding.evidence if finding else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def grid(self):
        """(row, result field, comment field, evidence field) for the template."""
        for row in self.rows:
            code = row.commitment.code
            yield row, self[f"result_{code}"], self[f"comment_{code}"], self[f"evidence_{code}"]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            code = row.commitment.code
            if not data.get(f"result_{code}") and (data.get(f"comment_{code}") or data.get(f"evidence_{code}")):
                self.add_error(f"result_{code}", "Choisissez le résultat de cet engagement avant d'écrire un constat.")
        return data

    def results(self):
        for row in self.rows:
            code = row.commitment.code
            if self.cleaned_data.get(f"result_{code}"):
                yield (
                    row.commitment,
                    self.cleaned_data[f"result_{code}"],
                    self.cleaned_data[f"comment_{code}"],
                    self.cleaned_data[f"evidence_{code}"],
                )


class RemarkForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature", choices=RemarkKind.choices)
    commitment = forms.ModelChoiceField(
        label="Engagement concerné", queryset=Commitment.objects.none(), required=False, empty_label="— aucun —"
    )
    text = forms.CharField(label="Texte", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(module__in=audit.modules.all()).order_by(
            "module__number", "position"
        )
        self.fields["commitment"].label_from_instance = lambda c: f"{c.code} — {c.title}"[:120]


class DueDateForm(DsfrBaseForm):
    due_date = forms.DateField(
        label="Échéance des actions",
        widget=forms.DateInput(attrs=DATE),
        help_text="Date à laquelle les actions correctives doivent être terminées.",
    )


class OptionalDueDateForm(DsfrBaseForm):
    due_date = forms.DateField(label="Échéance des actions", required=False, widget=forms.DateInput(attrs=DATE))


class SelfAssessmentForm(DsfrBaseForm):
    assessed_on = forms.DateField(label="Date de l'auto-évaluation", widget=forms.DateInput(attrs=DATE))
    weak_threshold = forms.IntegerField(
        label="Seuil d'un engagement faible (%)",
        min_value=1,
        max_value=100,
        initial=50,
        help_text="Un engagement dont le taux d'atteinte est inférieur à ce seuil est faible : il peut devenir une "
        "action du plan.",
    )
    note = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for c in self.commitments:
            self.fields[f"reached_{c.code}"] = forms.IntegerField(
                label=f"Exigences atteintes — engagement {c.number}", min_value=0, max_value=MAX_REQUIREMENTS
            )
            self.fields[f"assessed_{c.code}"] = forms.IntegerField(
                label=f"Exigences évaluées — engagement {c.number}", min_value=0, max_value=MAX_REQUIREMENTS
            )
            self.fields[f"comment_{c.code}"] = forms.CharField(
                label=f"Commentaire — engagement {c.number}", required=False, max_length=2000
            )

    def grid(self):
        for c in self.commitments:
            yield c, self[f"reached_{c.code}"], self[f"assessed_{c.code}"], self[f"comment_{c.code}"]

    def clean(self):
        data = super().clean()
        assessed_any = False
        for c in self.commitments:
            reached, assessed = data.get(f"reached_{c.code}"), data.get(f"assessed_{c.code}")
            if reached is not None and assessed is not None:
                if reached > assessed:
                    self.add_error(f"reached_{c.code}", "Les exigences atteintes ne peuvent dépasser les évaluées.")
                assessed_any = assessed_any or assessed > 0
        if not self.errors and not assessed_any:
            raise forms.ValidationError("Évaluez au moins une exigence d'un engagement.")
        return data

    def answers(self):
        for c in self.commitments:
            assessed = self.cleaned_data[f"assessed_{c.code}"]
            if assessed:
                yield c, self.cleaned_data[f"reached_{c.code}"], assessed, self.cleaned_data[f"comment_{c.code}"]


class LabelDecisionForm(_ScopeChecks, DsfrBaseForm):
    framework_version = forms.ModelChoiceField(label="Référentiel", queryset=FrameworkVersion.objects.none())
    modules = forms.ModelMultipleChoiceField(
        label="Modules labellisés", queryset=Module.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decided_on = forms.DateField(label="Date de la décision", widget=forms.DateInput(attrs=DATE))
    certification_body = forms.CharField(label="Organisme certificateur", max_length=200)
    valid_until = forms.DateField(
        label="Valable jusqu'au",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="Laissé vide : la durée de validité du référentiel s'applique.",
    )
    level = forms.CharField(label="Niveau", max_length=30, required=False, help_text="Par exemple « argent ».")
    audit = forms.ModelChoiceField(
        label="Audit à l'origine de la décision", queryset=Audit.objects.none(), required=False, empty_label="— aucun —"
    )

    def __init__(self, *args, audits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].queryset = _current_versions()
        self.fields["framework_version"].label_from_instance = _version_label
        self.fields["modules"].queryset = (
            Module.objects.filter(version__is_current=True)
            .select_related("version__framework")
            .order_by("version__framework__code", "number")
        )
        self.fields["modules"].label_from_instance = _module_label
        self.fields["audit"].queryset = audits

    def clean(self):
        data = super().clean()
        self._check_modules(data)
        if data.get("decided_on") and data.get("valid_until") and data["valid_until"] <= data["decided_on"]:
            self.add_error("valid_until", "La fin de validité doit suivre la date de la décision.")
        return data


class EvidenceDocumentForm(DsfrBaseForm):
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Nature", choices=DocumentKind.choices)
    owner = forms.CharField(label="Responsable (personne ou service)", max_length=200)
    version = forms.CharField(label="Version", max_length=30)
    review_due = forms.DateField(label="Prochaine revue le", widget=forms.DateInput(attrs=DATE))
    location = forms.CharField(
        label="Emplacement", max_length=300, required=False, help_text="Lien intranet ou dossier partagé."
    )
    commitments = forms.ModelMultipleChoiceField(
        label="Engagements prouvés",
        queryset=Commitment.objects.none(),
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = (
            Commitment.objects.filter(module__version__is_current=True)
            .select_related("module__version__framework")
            .order_by("module__version__framework__code", "module__number", "position")
        )
        self.fields["commitments"].label_from_instance = lambda c: (
            f"{c.module.version.framework.name} — {c.code} : {c.title}"[:140]
        )


class TransitionTargetForm(DsfrBaseForm):
    target_date = forms.DateField(label="Date cible du département", widget=forms.DateInput(attrs=DATE))
