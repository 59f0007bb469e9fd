from django import forms
from django.contrib.auth.forms import SetPasswordForm
from dsfr.forms import DsfrBaseForm

from vigie.organisation.enums import Role


class PasswordSetForm(SetPasswordForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Mot de passe"
        self.fields["new_password2"].label = "Mot de passe (confirmation)"


ROLE_CHOICES = [(r.value, r.label) for r in Role if r != Role.NATIONAL_ADMIN]


class RoleForm(DsfrBaseForm):
    """A role and where: the department, one of its sites or one of its services (choices limited to the
    department, so nothing beyond the officer's scope can even be chosen)."""

    role = forms.ChoiceField(label="Rôle", choices=ROLE_CHOICES)
    place = forms.ChoiceField(
        label="Périmètre",
        help_text="Le département pour le référent·e qualité et le comité de pilotage ; un site pour le "
        "correspondant·e ; un service pour l'agent ; le département ou un site pour l'auditeur·rice.",
    )

    def __init__(self, *args, department, sites, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"department:{department.pk}", f"Département : {department.name}")]
        for site in sites:
            choices.append((f"site:{site.public_id}", f"Site : {site.name}"))
            for service in site.visible_services:
                choices.append((f"service:{service.public_id}", f"Service : {service.name} ({site.name})"))
        self.fields["place"].choices = choices
        self._department = department
        self._sites = {str(s.public_id): s for s in sites}
        self._services = {str(v.public_id): v for s in sites for v in s.visible_services}

    def scope(self) -> dict:
        kind, _, key = self.cleaned_data["place"].partition(":")
        if kind == "site":
            return {"site": self._sites[key]}
        if kind == "service":
            return {"service": self._services[key]}
        return {"department": self._department}


class InviteForm(RoleForm):
    email = forms.EmailField(label="Adresse électronique", help_text="Format attendu : prenom.nom@interieur.gouv.fr")
    name = forms.CharField(label="Prénom et nom", max_length=300)

    field_order = ["email", "name", "role", "place"]
