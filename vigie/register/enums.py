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
