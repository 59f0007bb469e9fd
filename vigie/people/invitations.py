"""The invitation e-mail: a one-time link where the person sets their own password (Django's password-reset token:
it stops working once the password is set, or after PASSWORD_RESET_TIMEOUT)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from vigie.mail.services import queue_message

INVITATION_TAG = "invitation"


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("password_set", kwargs={"uidb64": uid, "token": token})


def queue_invitation(*, user: User, roles: list[str], invited_by: str = "") -> None:
    """Queue the invitation in the caller's transaction (sent after the commit by the outbox)."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    lines = [
        f"Bonjour {user.get_full_name() or user.username},",
        "",
        f"{invited_by or 'Votre référent·e qualité'} vous a ouvert un compte sur Vigie, l'outil de pilotage de la "
        "qualité de la relation aux usagers.",
        "",
        f"Votre identifiant : {user.username}",
        "Vos rôles : " + (", ".join(roles) if roles else "aucun pour l'instant") + ".",
        "",
        f"Choisissez votre mot de passe en suivant ce lien (valable {days} jours, une seule fois) :",
        set_password_url(user),
        "",
        "Si vous n'attendiez pas ce message, ignorez-le : aucun compte ne sera utilisable sans ce lien.",
    ]
    queue_message(
        app_label="people",
        public_id=None,
        to=user.email,
        subject="Votre compte Vigie : choisissez votre mot de passe",
        body="\n".join(lines),
        tag=INVITATION_TAG,
    )
