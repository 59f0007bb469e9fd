from django.db import models


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "Réclamation"
    SUGGESTION = "suggestion", "Suggestion"
    THANKS = "thanks", "Remerciement"
    INFORMATION = "information", "Demande d'information générale"
    OTHER = "other", "Autre"


class Channel(models.TextChoices):
    EMAIL = "email", "Courriel"
    LETTER = "letter", "Courrier"
    BOX = "box", "Urne (boîte à suggestions)"
    WEB = "web", "Formulaire internet"
    SP_PLATFORM = "sp_platform", "Plateforme Services Publics+"
    PHONE = "phone", "Téléphone"
    COUNTER = "counter", "Guichet"


class Status(models.TextChoices):
    RECEIVED = "received", "Reçue"
    ACKNOWLEDGED = "acknowledged", "Accusé de réception envoyé"
    ASSIGNED = "assigned", "Attribuée"
    ANSWERED = "answered", "Répondue"
    CLOSED = "closed", "Close"


ELECTRONIC = {Channel.EMAIL, Channel.WEB, Channel.SP_PLATFORM}

# Default deadlines in working days, from the frameworks (referentiels.md); a department may override them.
# None: no deadline (thanks; phone and counter are answered at once).
DEFAULT_DEADLINES: dict[tuple[str, str], int | None] = {}
for _kind in Kind.values:
    for _channel in Channel.values:
        if _kind in (Kind.COMPLAINT, Kind.SUGGESTION):
            days = 5 if _channel in ELECTRONIC else 10 if _channel in (Channel.LETTER, Channel.BOX) else None
        elif _kind in (Kind.INFORMATION, Kind.OTHER):
            days = 5 if _channel in (Channel.EMAIL, Channel.WEB) else 10 if _channel == Channel.LETTER else None
            if _channel == Channel.SP_PLATFORM:
                days = 5
        else:
            days = None
        DEFAULT_DEADLINES[(_kind, _channel)] = days
