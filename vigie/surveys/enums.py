from django.db import models


class Scale(models.TextChoices):
    SATISFACTION = "satisfaction", "Satisfaction (quatre niveaux et « sans avis »)"
    YES_NO = "yes_no", "Oui / non"
    STARS = "stars", "Note de 1 à 5 étoiles"
    CHOICE = "choice", "Choix unique (profil)"
    TEXT = "text", "Texte libre"


class ResponseChannel(models.TextChoices):
    QR = "qr", "QR code (page publique)"
    PAPER = "paper", "Questionnaire papier"
    KIOSK = "kiosk", "Borne (tablette)"
    IMPORT = "import", "Import"


# The channels a campaign can open (imports are always possible).
CAMPAIGN_CHANNELS = [ResponseChannel.QR, ResponseChannel.PAPER, ResponseChannel.KIOSK]
