from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from dsfr.forms import DsfrBaseForm

from vigie.core.idempotency import TokenField
from vigie.register.enums import Channel, Kind, Status
from vigie.register.models import Theme
from vigie.register.requests.attachments import (
    ACCEPT_ATTRIBUTE,
    TYPES_LABEL,
    IncomingFile,
    check_files,
    max_bytes,
    max_files,
    size_label,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    group_class = "fr-upload-group"  # read by django-dsfr's input snippet


class AttachmentsField(forms.FileField):
    """Zero to N files, checked by content (attachments.py); cleans to a list of IncomingFile."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Pièces jointes")
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"class": "fr-upload", "multiple": True, "accept": ACCEPT_ATTRIBUTE})
        )
        super().__init__(**kwargs)
        limits = f"{max_files()} fichiers au plus, {size_label(max_bytes())} chacun au plus"
        self.help_text = f"{limits}. Formats\u00a0: {TYPES_LABEL}."

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        too_big = [f for f in files if f.size > max_bytes()]
        if too_big:  # refused before being read into memory
            raise forms.ValidationError(
                [
                    f"« {f.name} » pèse {size_label(f.size)} : la taille maximale est de {size_label(max_bytes())}."
                    for f in too_big
                ]
            )
        incoming = [IncomingFile(name=f.name, data=f.read()) for f in files]
        check_files(incoming)  # a French ValidationError naming each refused file
        return incoming


def _attributes(attrs: dict) -> SafeString:
    """Django's widgets/attrs.html, in Python."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A select rendered in Python, with the HTML of Django's templates (one template per option made the request
    list's filter form, with its services and themes, a tenth of the page's time: issue 17)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], _attributes(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attributes(widget["attrs"]), options)


class RequestFilterForm(DsfrBaseForm):
    site = forms.ChoiceField(label="Site", required=False, widget=QuickSelect)
    service = forms.ChoiceField(label="Service", required=False, widget=QuickSelect)
    kind = forms.ChoiceField(
        label="Nature", required=False, choices=[("", "Toutes"), *Kind.choices], widget=QuickSelect
    )
    channel = forms.ChoiceField(
        label="Canal", required=False, choices=[("", "Tous"), *Channel.choices], widget=QuickSelect
    )
    status = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous"), *Status.choices], widget=QuickSelect
    )
    theme = forms.ChoiceField(label="Thème", required=False, widget=QuickSelect)

    def __init__(self, *args, sites, services, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "Tous"), *[(s.code, s.name) for s in sites]]
        self.fields["service"].choices = [("", "Tous"), *[(str(s.pk), f"{s.name} ({s.site.name})") for s in services]]
        self.fields["theme"].choices = [("", "Tous"), *[(str(t.pk), t.name) for t in themes]]


UNASSIGNED = "site:"  # the value of « à attribuer » on a site: "site:<pk>"


class RequestCreateForm(DsfrBaseForm):
    service = forms.ChoiceField(
        label="Service",
        help_text=(
            "«\u00a0À attribuer\u00a0» par défaut\u00a0: le service se choisit ensuite sur la fiche de la demande."
        ),
    )
    kind = forms.ChoiceField(label="Nature", choices=Kind.choices)
    channel = forms.ChoiceField(label="Canal de réception", choices=Channel.choices)
    received_at = forms.DateTimeField(
        label="Reçue le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Heure locale du département.",
    )
    subject = forms.CharField(label="Objet", max_length=200)
    text = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 5}))
    themes = forms.MultipleChoiceField(
        label="Thèmes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="La liste du département (paramètres du registre).",
    )
    requester_name = forms.CharField(label="Nom du demandeur", required=False, max_length=200)
    requester_email = forms.EmailField(
        label="Courriel du demandeur",
        required=False,
        help_text="L'accusé de réception et la réponse peuvent partir par courriel.",
    )
    requester_phone = forms.CharField(
        label="Téléphone du demandeur", required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    requester_address = forms.CharField(
        label="Adresse postale du demandeur",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour répondre par courrier.",
    )
    attachments = AttachmentsField()
    once = TokenField()  # a second click, a reload after posting: the same request, not a second one

    def __init__(self, *args, services, sites=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.sites = {f"{UNASSIGNED}{s.pk}": s for s in sites}  # sites where the user may record without a service
        # no service preselected: « à attribuer » first (the site's correspondent or the quality officer assigns);
        # an agent who may only record for their services picks one explicitly
        unassigned = [(value, f"À attribuer ({s.name})") for value, s in self.sites.items()]
        placeholder = [] if unassigned else [("", "Choisissez un service")]
        self.fields["service"].choices = [
            *placeholder,
            *unassigned,
            *[(pk, f"{s.name} ({s.site.name})") for pk, s in self.services.items()],
        ]
        self.fields["service"].initial = unassigned[0][0] if unassigned else ""
        self.themes = {str(t.pk): t for t in themes}
        several = len({t.department_id for t in themes}) > 1
        self.fields["themes"].choices = [
            (pk, f"{t.name} ({t.department.code})" if several else t.name) for pk, t in self.themes.items()
        ]

    def clean_service(self):
        value = self.cleaned_data["service"]
        self.cleaned_data["site"] = self.sites[value] if value in self.sites else self.services[value].site
        return self.services.get(value)

    def clean(self):
        data = super().clean()
        site = data.get("site")
        themes = [self.themes[pk] for pk in data.get("themes", [])]
        if site is not None and any(t.department_id != site.department_id for t in themes):
            self.add_error("themes", "Choisissez des thèmes du département du service.")
        data["themes"] = [t.name for t in themes]
        return data


class ReplyForm(DsfrBaseForm):
    text = forms.CharField(label="Réponse envoyée à l'usager", widget=forms.Textarea(attrs={"rows": 6}))
    replied_at = forms.DateTimeField(
        label="Répondue le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Heure locale du département.",
    )
    send_email = forms.BooleanField(
        label="Envoyer cette réponse par courriel à l'usager",
        required=False,
        help_text="Décochez si la réponse part par un autre moyen (courrier, téléphone).",
    )

    def __init__(self, *args, can_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_email:
            del self.fields["send_email"]


class AssignForm(DsfrBaseForm):
    service = forms.ChoiceField(label="Service")
    kind = forms.ChoiceField(label="Nature", choices=Kind.choices)
    channel = forms.ChoiceField(label="Canal de réception", choices=Channel.choices)
    themes = forms.MultipleChoiceField(label="Thèmes", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, services, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [("", "À attribuer"), *[(pk, s.name) for pk, s in self.services.items()]]
        self.fields["service"].required = False
        self.fields["themes"].choices = [(t.name, t.name) for t in themes]

    def clean_service(self):
        return self.services.get(self.cleaned_data["service"])


class ReopenForm(DsfrBaseForm):
    reason = forms.CharField(label="Motif de la réouverture", max_length=250)


class AttachmentUploadForm(DsfrBaseForm):
    attachments = AttachmentsField(
        required=True,
        label="Ajouter des pièces jointes",
        error_messages={"required": "Choisissez au moins un fichier."},
    )


class HoldingReplyForm(DsfrBaseForm):
    holding_text = forms.CharField(
        label="Message d'attente à l'usager",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour prévenir que la réponse demandera plus de temps. L'échéance ne change pas.",
    )


class FollowUpForm(DsfrBaseForm):
    theme = forms.ModelChoiceField(label="Thème", queryset=None)
    text = forms.CharField(label="Suite donnée par l'administration", max_length=500)
    due_date = forms.DateField(
        label="Échéance", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    done = forms.BooleanField(label="Déjà réalisée", required=False)

    def __init__(self, *args, themes: list, **kwargs):
        """`themes`: the department's, already read (in their order): the choices come from them, with no second
        query; the queryset only checks a posted value."""
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        field.queryset = Theme.objects.filter(pk__in=[theme.pk for theme in themes])
        field.choices = [("", field.empty_label), *((theme.pk, field.label_from_instance(theme)) for theme in themes)]
