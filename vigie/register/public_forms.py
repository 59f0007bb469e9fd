from django import forms
from dsfr.forms import DsfrBaseForm

from .enums import Kind
from .forms import AttachmentsField

PUBLIC_KINDS = [
    (Kind.COMPLAINT, "Une réclamation"),
    (Kind.SUGGESTION, "Une suggestion"),
    (Kind.INFORMATION, "Une demande d'information"),
    (Kind.THANKS, "Un remerciement"),
]


class PublicRequestForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Vous nous adressez", choices=PUBLIC_KINDS, widget=forms.RadioSelect)
    site = forms.ChoiceField(label="Service concerné")
    subject = forms.CharField(label="Objet", max_length=200)
    text = forms.CharField(
        label="Votre message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="N'indiquez pas de numéro de dossier ni d'information sensible (santé…).",
    )
    name = forms.CharField(
        label="Votre nom",
        max_length=200,
        required=False,
        help_text="Nécessaire seulement pour vous répondre par courrier.",
    )
    email = forms.EmailField(
        label="Votre adresse électronique",
        required=False,
        help_text="Pour recevoir l'accusé de réception et la réponse. Format attendu : nom@domaine.fr",
    )
    attachments = AttachmentsField(label="Joindre un document")
    # Honeypot: hidden from people (CSS and aria-hidden), filled by robots.
    website = forms.CharField(label="Ne pas remplir ce champ", required=False)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {s.code: s for s in sites}
        # no preselected service: a user who does not look would write to the first one of the list
        self.fields["site"].choices = [
            ("", "Choisissez le service"),
            *[(code, s.name) for code, s in self.sites.items()],
        ]
        if len(self.sites) == 1:
            self.fields["site"].initial = next(iter(self.sites))

    def clean_site(self):
        return self.sites[self.cleaned_data["site"]]
