import re

from django import forms
from dsfr.forms import DsfrBaseForm

from vigie.core.idempotency import TokenField
from vigie.core.public_forms import HoneypotMixin
from vigie.register.enums import Kind
from vigie.register.requests.forms import AttachmentsField

PUBLIC_KINDS = [
    (Kind.COMPLAINT, "Une réclamation"),
    (Kind.SUGGESTION, "Une suggestion"),
    (Kind.INFORMATION, "Une demande d'information"),
    (Kind.THANKS, "Un remerciement"),
]

# Acronyms of State services the public cannot be expected to know: spelled out after the service's name.
ACRONYMS = {
    "DDETS-PP": "direction départementale de l'emploi, du travail, des solidarités et de la protection des populations",
    "DDETSPP": "direction départementale de l'emploi, du travail, des solidarités et de la protection des populations",
    "DDETS": "direction départementale de l'emploi, du travail et des solidarités",
    "DDPP": "direction départementale de la protection des populations",
    "DDT": "direction départementale des territoires",
    "DDTM": "direction départementale des territoires et de la mer",
    "SGCD": "secrétariat général commun départemental",
    "CERT": "centre d'expertise et de ressources titres",
}


def spelled_out(name: str) -> str:
    """« DDETS-PP de la Marne » → « DDETS-PP de la Marne (direction départementale de l'emploi, …) »."""
    for acronym, full in ACRONYMS.items():
        if re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", name) and full.casefold() not in name.casefold():
            return f"{name} ({full})"
    return name


class PublicRequestForm(HoneypotMixin, DsfrBaseForm):
    kind = forms.ChoiceField(
        label="Vous nous adressez",
        choices=PUBLIC_KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez ce que vous nous adressez\u00a0: réclamation, suggestion, demande d'information ou "
            "remerciement."
        },
    )
    site = forms.ChoiceField(
        label="Service concerné",
        error_messages={
            "required": "Choisissez le service concerné.",
            "invalid_choice": "Choisissez le service concerné dans la liste.",
        },
    )
    subject = forms.CharField(
        label="Objet",
        max_length=200,
        error_messages={"required": "Indiquez l'objet de votre demande."},
    )
    text = forms.CharField(
        label="Votre message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Si vous avez un numéro de dossier (titre de séjour, permis, carte grise…), "
        "indiquez-le\u00a0: le service retrouvera votre dossier plus vite. "
        "N'écrivez pas d'information sur votre santé.",
        error_messages={"required": "Écrivez votre message."},
    )
    name = forms.CharField(
        label="Votre nom",
        max_length=200,
        required=False,
        help_text="Pour vous répondre par courrier, avec votre adresse postale.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Votre adresse électronique",
        required=False,
        help_text="Pour recevoir l'accusé de réception et la réponse. Format attendu\u00a0: nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Saisissez une adresse électronique au format nom@domaine.fr."},
    )
    address = forms.CharField(
        label="Votre adresse postale",
        max_length=500,
        required=False,
        help_text="Pour recevoir la réponse par courrier si vous n'avez pas d'adresse électronique.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    attachments = AttachmentsField(label="Joindre des documents")
    once = TokenField()  # a second click, a reload after posting: the same request, not a second one

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {s.code: s for s in sites}
        # no preselected service: a user who does not look would write to the first one of the list
        self.fields["site"].choices = [
            ("", "Choisissez le service"),
            *[(code, spelled_out(s.name)) for code, s in self.sites.items()],
        ]
        if len(self.sites) == 1:
            self.fields["site"].initial = next(iter(self.sites))

    def clean_site(self):
        return self.sites[self.cleaned_data["site"]]
