from django import forms
from dsfr.forms import DsfrBaseForm

from .enums import Channel, Kind, Status


class RequestFilterForm(DsfrBaseForm):
    site = forms.ChoiceField(label="Site", required=False)
    service = forms.ChoiceField(label="Service", required=False)
    kind = forms.ChoiceField(label="Nature", required=False, choices=[("", "Toutes"), *Kind.choices])
    channel = forms.ChoiceField(label="Canal", required=False, choices=[("", "Tous"), *Channel.choices])
    status = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous"), *Status.choices])
    theme = forms.ChoiceField(label="Thème", required=False)

    def __init__(self, *args, sites, services, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "Tous"), *[(s.code, s.name) for s in sites]]
        self.fields["service"].choices = [("", "Tous"), *[(str(s.pk), f"{s.name} ({s.site.name})") for s in services]]
        self.fields["theme"].choices = [("", "Tous"), *[(str(t.pk), t.name) for t in themes]]


class RequestCreateForm(DsfrBaseForm):
    service = forms.ChoiceField(label="Service")
    kind = forms.ChoiceField(label="Nature", choices=Kind.choices)
    channel = forms.ChoiceField(label="Canal de réception", choices=Channel.choices)
    received_at = forms.DateTimeField(
        label="Reçue le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Heure locale du département.",
    )
    subject = forms.CharField(label="Objet", max_length=200)
    text = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 5}))
    themes = forms.CharField(label="Thèmes", required=False, help_text="Séparés par des points-virgules.")
    requester_name = forms.CharField(label="Nom du demandeur", required=False, max_length=200)
    requester_email = forms.EmailField(label="Courriel du demandeur", required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [(pk, f"{s.name} ({s.site.name})") for pk, s in self.services.items()]

    def clean_service(self):
        return self.services[self.cleaned_data["service"]]


class ReplyForm(DsfrBaseForm):
    text = forms.CharField(label="Réponse envoyée à l'usager", widget=forms.Textarea(attrs={"rows": 6}))
    replied_at = forms.DateTimeField(
        label="Répondue le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Heure locale du département.",
    )


class HoldingReplyForm(DsfrBaseForm):
    holding_text = forms.CharField(
        label="Message d'attente à l'usager",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour prévenir que la réponse demandera plus de temps. L'échéance ne change pas.",
    )
