"""Forms of the register's configuration screens (quality officer): message templates, deadlines, themes,
functional mailboxes. Choices (sites, services) are always the department's own, given by the view."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.frameworks.queries import default_deadline
from vigie.mail.rendering import check_placeholders, placeholders_help
from vigie.organisation.services import RETENTION_MONTHS_RANGE
from vigie.register.enums import Channel, Kind
from vigie.register.models import MessageTemplate
from vigie.register.requests.messaging import PLACEHOLDERS

MAX_DEADLINE_DAYS = 60
PLACEHOLDERS_HELP = placeholders_help(PLACEHOLDERS)


class MessageTemplateForm(DsfrBaseForm):
    purpose = forms.ChoiceField(label="Usage", choices=MessageTemplate.PURPOSES)
    name = forms.CharField(
        label="Nom", max_length=120, help_text="Pour reconnaître le modèle dans les listes (ex. « Délais titres »)."
    )
    kind = forms.ChoiceField(label="Nature", required=False, choices=[("", "Toutes les natures"), *Kind.choices])
    channel = forms.ChoiceField(label="Canal", required=False, choices=[("", "Tous les canaux"), *Channel.choices])
    site = forms.ChoiceField(label="Site", required=False)
    subject = forms.CharField(label="Objet", max_length=200, help_text=PLACEHOLDERS_HELP)
    body = forms.CharField(label="Texte", widget=forms.Textarea(attrs={"rows": 12}), help_text=PLACEHOLDERS_HELP)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {str(s.pk): s for s in sites}
        self.fields["site"].choices = [("", "Tous les sites"), *[(pk, s.name) for pk, s in self.sites.items()]]
        self.fields["site"].help_text = "Le modèle le plus précis (site, puis nature, puis canal) l'emporte."

    def clean_site(self):
        return self.sites.get(self.cleaned_data["site"])

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError("L'objet d'un courriel tient sur une ligne : retirez le retour à la ligne.")
        return check_placeholders(subject, PLACEHOLDERS)

    def clean_body(self):
        return check_placeholders(self.cleaned_data["body"], PLACEHOLDERS)


def deadline_field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class DeadlinesForm(DsfrBaseForm):
    """One optional number per kind × channel: the department's deadline in working days; empty = the framework's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, kind_label in Kind.choices:
            for channel, channel_label in Channel.choices:
                default = default_deadline(kind, channel)
                self.fields[deadline_field_name(kind, channel)] = forms.IntegerField(
                    label=f"{kind_label} / {channel_label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_DEADLINE_DAYS,
                    help_text="Référentiel : " + ("sans délai" if default is None else f"{default} jours ouvrés"),
                    widget=forms.NumberInput(attrs={"class": "fr-input"}),
                    error_messages={
                        "invalid": "Saisissez un nombre entier de jours ouvrés, ou laissez vide.",
                        "min_value": "Le délai ne peut pas être négatif.",
                        "max_value": f"Le délai ne peut pas dépasser {MAX_DEADLINE_DAYS} jours ouvrés.",
                    },
                )

        self.fields["effective_from"] = forms.DateField(
            label="En vigueur à partir du",
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=(
                "Date de réception à partir de laquelle les délais modifiés s'appliquent\u00a0: les demandes reçues "
                "avant gardent l'ancien délai. Vide\u00a0: le délai s'applique à toutes les demandes."
            ),
        )

    def overrides(self) -> dict[tuple[str, str], int | None]:
        """(kind, channel) → the department's deadline, None where the framework's default applies."""
        return {
            (kind, channel): self.cleaned_data[deadline_field_name(kind, channel)]
            for kind in Kind.values
            for channel in Channel.values
        }


class ThemeForm(DsfrBaseForm):
    name = forms.CharField(label="Nom du thème", max_length=120)

    def __init__(self, *args, existing, **kwargs):
        """`existing`: the department's other themes (all, active or retired), for the uniqueness check."""
        super().__init__(*args, **kwargs)
        self.existing = {t.name.casefold(): t for t in existing}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = self.existing.get(name.casefold())
        if same is not None:
            state = "" if same.active else " (retiré : vous pouvez le remettre en service)"
            raise forms.ValidationError(f"Le thème « {same.name} » existe déjà{state}.")
        return name


SECURITY_CHOICES = [("ssl", "TLS implicite (port 993)"), ("starttls", "STARTTLS (port 143)"), ("none", "Aucune")]


class MailboxForm(DsfrBaseForm):
    site = forms.ChoiceField(label="Site", help_text="Site qui reçoit les demandes arrivant dans cette boîte.")
    service = forms.ChoiceField(
        label="Service", required=False, help_text="Vide : les demandes arrivent « à attribuer »."
    )
    kind = forms.ChoiceField(label="Nature par défaut", choices=Kind.choices, initial=Kind.INFORMATION)
    host = forms.CharField(label="Serveur IMAP", max_length=200, help_text="Exemple : imap.interieur.gouv.fr")
    port = forms.IntegerField(label="Port", min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(label="Sécurité de la connexion", choices=SECURITY_CHOICES, initial="ssl")
    username = forms.CharField(label="Identifiant", max_length=200)
    password = forms.CharField(
        label="Mot de passe",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label="Dossier", max_length=200, initial="INBOX")
    active = forms.BooleanField(label="Relever cette boîte", required=False, initial=True)

    def __init__(self, *args, sites, services, has_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {str(s.pk): s for s in sites}
        self.services = {str(s.pk): s for s in services}
        self.fields["site"].choices = [("", "Choisir un site"), *[(pk, s.name) for pk, s in self.sites.items()]]
        self.fields["service"].choices = [
            ("", "À attribuer"),
            *[(pk, f"{s.name} ({s.site.name})") for pk, s in self.services.items()],
        ]
        if has_password:
            self.fields["password"].required = False
            self.fields["password"].help_text = "Laissez vide pour garder le mot de passe enregistré."

    def clean_site(self):
        return self.sites[self.cleaned_data["site"]]

    def clean_service(self):
        return self.services.get(self.cleaned_data["service"])

    def clean(self):
        data = super().clean()
        site, service = data.get("site"), data.get("service")
        if site is not None and service is not None and service.site_id != site.pk:
            self.add_error("service", f"Le service « {service.name} » n'appartient pas au site « {site.name} ».")
        return data


class RetentionForm(DsfrBaseForm):
    months = forms.IntegerField(
        label="Durée de conservation (mois)",
        min_value=RETENTION_MONTHS_RANGE[0],
        max_value=RETENTION_MONTHS_RANGE[1],
        help_text=f"Entre {RETENTION_MONTHS_RANGE[0]} et {RETENTION_MONTHS_RANGE[1]} mois, comptés depuis la clôture "
        "de la demande (24 mois par défaut).",
        widget=forms.NumberInput(attrs={"class": "fr-input"}),
        error_messages={
            "required": "Indiquez la durée de conservation en mois.",
            "invalid": "Saisissez un nombre entier de mois.",
            "min_value": f"La durée ne peut pas être inférieure à {RETENTION_MONTHS_RANGE[0]} mois.",
            "max_value": f"La durée ne peut pas dépasser {RETENTION_MONTHS_RANGE[1]} mois.",
        },
    )


class RequestImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Registre antérieur (CSV ou XLSX)",
        help_text="Une ligne par demande, colonnes décrites ci-dessus. 10 Mo au plus.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10_000_000:
            raise forms.ValidationError("Le fichier dépasse 10 Mo.")
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("Format attendu : CSV ou XLSX.")
        return upload
