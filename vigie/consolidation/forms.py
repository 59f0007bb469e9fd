"""The filters of the national comparison: year, framework or one of its modules, site kind."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from vigie.frameworks.models import Framework, Module
from vigie.indicators.queries import national_default_year
from vigie.organisation.enums import SiteKind

from .queries import Filters

FIRST_YEAR = 2015


def default_year() -> int:
    """Last year, or the latest earlier year that departments have reported (indicators.queries)."""
    last_year = timezone.localdate().year - 1
    return national_default_year(until=last_year) or last_year


class NationalFilterForm(DsfrBaseForm):
    annee = forms.TypedChoiceField(label="Année", coerce=int, required=False)
    referentiel = forms.ChoiceField(label="Référentiel", required=False)
    module = forms.ChoiceField(label="Module", required=False)
    type_site = forms.ChoiceField(label="Type de site", required=False, choices=[("", "Tous"), *SiteKind.choices])

    def __init__(self, *args, with_modules: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("annee"):
            # the year shown is the year read: without it the select showed this year over last year's figures
            self.data = self.data.copy()
            self.data["annee"] = str(default_year())
        today = timezone.localdate().year
        self.fields["annee"].choices = [(y, str(y)) for y in range(today, FIRST_YEAR - 1, -1)]
        frameworks = list(Framework.objects.order_by("code"))
        self.fields["referentiel"].choices = [("", "Tous"), *[(f.code, f.name) for f in frameworks]]
        self._modules = {
            f"{m.version.framework.code}-{m.number}": m
            for m in Module.objects.filter(version__is_current=True).select_related("version__framework")
        }
        self.fields["module"].choices = [
            ("", "Tous"),
            *[(key, f"{m.version.framework.name} — module {m.number} : {m.title}") for key, m in self._modules.items()],
        ]
        if not with_modules:
            del self.fields["referentiel"], self.fields["module"]

    def filters(self) -> Filters:
        """The filters of a valid form (the year defaults to last year)."""
        data = self.cleaned_data
        module = self._modules.get(data.get("module") or "")
        framework = module.version.framework if module else None
        if framework is None and data.get("referentiel"):
            framework = Framework.objects.get(code=data["referentiel"])
        return Filters(
            year=data.get("annee") or default_year(),
            framework=framework,
            module=module,
            site_kind=data.get("type_site") or "",
        )
