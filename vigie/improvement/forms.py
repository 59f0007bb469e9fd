from django import forms
from django.contrib.auth import get_user_model
from dsfr.forms import DsfrBaseForm

from vigie.frameworks.models import Commitment, Indicator
from vigie.organisation.models import Department, Service, Site

from .enums import ActionStatus, RollUpRule
from .models import Theme

PERCENT = {"min_value": 0, "max_value": 100}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanCreateForm(DsfrBaseForm):
    department = forms.ModelChoiceField(label="Département", queryset=Department.objects.none())
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="Intitulé", max_length=200, required=False, help_text="Par défaut : « Plan d'action 2024 — Marne »."
    )
    rule = forms.ChoiceField(label="Règle de calcul des taux", choices=RollUpRule.choices, initial=RollUpRule.THEMES)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class PlanForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    rule = forms.ChoiceField(
        label="Règle de calcul des taux",
        choices=RollUpRule.choices,
        help_text="Un thème est toujours la moyenne de ses actions ; la règle dit comment les axes et le plan sont "
        "calculés. « Pondérée » : chaque partie pèse son nombre d'actions.",
    )
    published_completion = forms.DecimalField(
        label="Taux publié du plan (%)",
        required=False,
        max_digits=7,
        decimal_places=4,
        **PERCENT,
        help_text="Facultatif : le taux imprimé dans un document, comparé au calcul.",
    )
    published_at = forms.DateField(
        label="Date que décrivent les taux publiés",
        required=False,
        widget=DateInput(),
        help_text="Les taux publiés ne sont comparés au calcul qu'à cette date.",
    )


class ThemeAddForm(DsfrBaseForm):
    axis_title = forms.CharField(label="Axe", max_length=300, help_text="Un axe existant ou nouveau.")
    theme_title = forms.CharField(label="Thème", max_length=300)


class ActionForm(DsfrBaseForm):
    theme = forms.ModelChoiceField(label="Thème", queryset=Theme.objects.none())
    title = forms.CharField(label="Intitulé", max_length=500)
    owner_user = forms.ModelChoiceField(label="Pilote : une personne", required=False, queryset=None)
    owner_service = forms.ModelChoiceField(label="ou un service", required=False, queryset=Service.objects.none())
    owner_label = forms.CharField(label="ou un libellé libre", max_length=200, required=False)
    sites = forms.ModelMultipleChoiceField(
        label="Sites", required=False, queryset=Site.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_date = forms.DateField(label="Échéance", required=False, widget=DateInput())
    commitments = forms.ModelMultipleChoiceField(
        label="Engagements servis",
        required=False,
        queryset=Commitment.objects.none(),
        help_text="Les engagements des référentiels en vigueur que l'action sert (Ctrl ou Cmd pour en choisir "
        "plusieurs).",
    )
    aimed_indicator = forms.ChoiceField(
        label="Indicateur visé",
        required=False,
        help_text="Facultatif : l'indicateur que l'action veut améliorer ; son « avant / après » est publié.",
    )
    aimed_site = forms.ModelChoiceField(
        label="Indicateur visé : site",
        required=False,
        queryset=Site.objects.none(),
        help_text="Vide : l'indicateur de tout le département.",
    )

    def __init__(self, *args, plan, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = (
            Theme.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__position", "position")
        )
        self.fields["theme"].label_from_instance = lambda t: f"{t.axis.title} › {t.title}"
        self.fields["owner_user"].queryset = users
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["owner_service"].queryset = Service.objects.filter(site__department=plan.department).select_related(
            "site"
        )
        self.fields["owner_service"].label_from_instance = lambda s: f"{s.site.name} — {s.name}"
        self.fields["sites"].queryset = Site.objects.filter(department=plan.department).order_by("name")
        self.fields["commitments"].queryset = Commitment.objects.filter(
            module__version__is_current=True
        ).select_related("module__version__framework")
        self.fields["commitments"].label_from_instance = lambda c: (
            f"{c.module.version.framework.name} — {c.code} {c.title[:80]}"
        )
        from django.db.models import Q

        indicators = Indicator.objects.filter(Q(department=None) | Q(department=plan.department)).order_by("code")
        self.fields["aimed_indicator"].choices = [("", "— aucun —")] + [
            (code, f"{code} — {name}") for code, name in dict(indicators.values_list("code", "name")).items()
        ]
        self.fields["aimed_site"].queryset = Site.objects.filter(department=plan.department).order_by("name")


class ActionEditForm(ActionForm):
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices)
    abandon_reason = forms.CharField(label="Motif de l'abandon", max_length=500, required=False)
    comment = forms.CharField(label="Commentaire pour l'historique", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.ABANDONED and not data.get("abandon_reason"):
            self.add_error("abandon_reason", "Indiquez le motif de l'abandon.")
        return data


class ProgressForm(DsfrBaseForm):
    progress = forms.IntegerField(label="Avancement (%)", **PERCENT)
    on = forms.DateField(
        label="À la date du", widget=DateInput(), help_text="Ni dans le futur, ni avant le dernier changement."
    )
    comment = forms.CharField(label="Commentaire", max_length=500, required=False)


class EvidenceForm(DsfrBaseForm):
    label = forms.CharField(label="Libellé de la preuve", max_length=200)
    url = forms.URLField(label="Lien", required=False, assume_scheme="https")
    file = forms.FileField(
        label="ou un fichier", required=False, help_text="PDF, image ou document bureautique, 10 Mo au plus."
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            self.add_error("url", "Joignez un fichier ou indiquez un lien.")
        file = data.get("file")
        if file is not None and file.size > 10 * 1024 * 1024:
            self.add_error("file", "Le fichier dépasse 10 Mo.")
        return data


class PlanImportForm(DsfrBaseForm):
    department = forms.ModelChoiceField(label="Département", queryset=Department.objects.none())
    year = forms.IntegerField(label="Année du plan", min_value=2000, max_value=2100)
    on = forms.DateField(label="Avancement noté à la date du", widget=DateInput())
    file = forms.FileField(
        label="Fichier XLSX",
        help_text="Colonnes : axe, thème, action, avancement (%) ; facultatif : taux publiés, pilote, échéance.",
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


def department_users(department):
    """Users with a role in the department (its own, a site's or a service's): candidates to own an action."""
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(
            Q(role_assignments__department=department)
            | Q(role_assignments__site__department=department)
            | Q(role_assignments__service__site__department=department)
        )
        .distinct()
        .order_by("last_name", "username")
    )
