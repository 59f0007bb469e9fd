"""Single sign-on with ProConnect (OpenID Connect authorization code flow), on when PROCONNECT_ENABLED is true.

Built on mozilla-django-oidc. Rules (docs/proconnect.md):
- the agent is matched to an existing account by e-mail, case-insensitively;
- an unknown agent is refused with a message on the login page, unless PROCONNECT_CREATE_USERS is true
  (then an account without any role is created, username = e-mail);
- first and last names are refreshed from ProConnect (`given_name`, `usual_name`) at each sign-in;
- the id_token must be signed by the provider's key (JWKS), carry our nonce and be addressed to our client;
- nothing personal is written to the logs (no e-mail, no name, no `sub`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView, OIDCLogoutView

from vigie.core.access import PUBLIC, access

LOGGER = logging.getLogger(__name__)

NAME_MAX_LENGTH = 150  # django.contrib.auth User.first_name / last_name

MSG_UNKNOWN_AGENT = (
    "Votre identité ProConnect est reconnue, mais aucun compte Vigie n'est associé à votre adresse électronique. "
    "Demandez à votre responsable qualité départemental ou à l'administrateur national de vous créer un compte "
    "avec cette adresse, puis reconnectez-vous."
)
MSG_INACTIVE = "Votre compte Vigie est désactivé. Adressez-vous à votre responsable qualité ou à l'administrateur."
MSG_AMBIGUOUS = (
    "Plusieurs comptes Vigie portent votre adresse électronique : la connexion par ProConnect est impossible "
    "tant que l'administrateur n'a pas supprimé les doublons."
)
MSG_MISSING_CLAIMS = "ProConnect n'a pas transmis votre adresse électronique : la connexion est impossible."
MSG_USERNAME_TAKEN = (
    "Un compte Vigie utilise déjà votre adresse électronique comme identifiant, avec une autre adresse de contact. "
    "Adressez-vous à l'administrateur."
)
MSG_REJECTED = "La connexion avec ProConnect a échoué : la réponse du service n'a pas pu être vérifiée. Réessayez."
MSG_UNAVAILABLE = (
    "La connexion avec ProConnect n'a pas pu aboutir (service injoignable ou demande refusée). "
    "Réessayez plus tard ou utilisez votre compte local."
)
MSG_GENERIC = "La connexion avec ProConnect n'a pas abouti. Réessayez ou utilisez votre compte local."

_REPORTED = "_proconnect_reported"


def _report(request: HttpRequest, text: str) -> None:
    """Show one error message on the login page (the first reason wins)."""
    if request is None or getattr(request, _REPORTED, False):
        return
    setattr(request, _REPORTED, True)
    messages.error(request, text)


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authenticates agents from their ProConnect claims: sub, email, given_name, usual_name, uid, siret."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
            # The library's messages name the failed check only (signature, nonce, key, algorithm).
            LOGGER.warning("ProConnect : réponse refusée (%s : %s)", type(exc).__name__, exc)
            _report(request, MSG_REJECTED)
        except requests.RequestException as exc:
            status = getattr(getattr(exc, "response", None), "status_code", None)
            LOGGER.error("ProConnect : appel en échec (%s, statut HTTP %s)", type(exc).__name__, status)
            _report(request, MSG_UNAVAILABLE)
        return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc does not check the audience: the id_token (the call with a nonce) must be ours,
        # and so must any signed userinfo response that names an audience.
        audience = payload.get("aud")
        if "nonce" in kwargs or audience is not None:
            audiences = [audience] if isinstance(audience, str) else list(audience or [])
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("Token audience does not include this client.")
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub")) and bool(self._email(claims))

    @staticmethod
    def _email(claims) -> str:
        return str(claims.get("email") or "").strip()

    def filter_users_by_claims(self, claims):
        email = self._email(claims)
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            LOGGER.warning("ProConnect : connexion refusée, identifiant ou adresse électronique absents")
            _report(self.request, MSG_MISSING_CLAIMS)
            return None
        users = list(self.filter_users_by_claims(claims).order_by("pk")[:2])
        if len(users) > 1:
            LOGGER.warning("ProConnect : connexion refusée, plusieurs comptes ont la même adresse électronique")
            _report(self.request, MSG_AMBIGUOUS)
            return None
        if users:
            user = users[0]
            if not user.is_active:
                LOGGER.info("ProConnect : connexion refusée, compte désactivé (utilisateur n° %s)", user.pk)
                _report(self.request, MSG_INACTIVE)
                return None
            user = self.update_user(user, claims)
            LOGGER.info("ProConnect : connexion de l'utilisateur n° %s", user.pk)
            return user
        if not getattr(settings, "PROCONNECT_CREATE_USERS", False):
            LOGGER.info("ProConnect : connexion refusée, aucun compte Vigie pour cet agent")
            _report(self.request, MSG_UNKNOWN_AGENT)
            return None
        if self.UserModel.objects.filter(username__iexact=self.get_username(claims)).exists():
            LOGGER.warning("ProConnect : création refusée, identifiant déjà pris par un autre compte")
            _report(self.request, MSG_USERNAME_TAKEN)
            return None
        user = self.create_user(claims)
        LOGGER.info("ProConnect : compte créé pour l'utilisateur n° %s (sans rôle)", user.pk)
        return user

    def get_username(self, claims) -> str:
        return self._email(claims)

    def create_user(self, claims):
        return self.UserModel.objects.create_user(  # no password given: unusable, ProConnect only
            self.get_username(claims),
            email=self._email(claims),
            first_name=self._name(claims, "given_name"),
            last_name=self._name(claims, "usual_name"),
        )

    def update_user(self, user, claims):
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
            value = self._name(claims, claim)
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user

    @staticmethod
    def _name(claims, claim: str) -> str:
        return str(claims.get(claim) or "").strip()[:NAME_MAX_LENGTH]

    def get_user(self, user_id):
        # The library's get_user ignores is_active: a deactivated account must lose its session at once.
        user = super().get_user(user_id)
        return user if self.user_can_authenticate(user) else None


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    """The callback, sending failures back to the login page with a message."""

    @property
    def failure_url(self) -> str:
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "login"))

    def login_failure(self):
        error = self.request.GET.get("error")
        if error:
            code = "".join(c for c in error[:50] if c.isalnum() or c in "_-")
            LOGGER.info("ProConnect : retour en erreur du fournisseur (%s)", code)
        _report(self.request, MSG_GENERIC)
        if self.request.session.get(SESSION_KEY):  # a failed sign-in leaves no earlier identity behind
            auth.logout(self.request)
        return HttpResponseRedirect(self.failure_url)


def is_oidc_callback(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the callback carries no password to guess, so axes neither counts nor blocks it.

    Otherwise five refused agents behind one shared address (a prefecture's proxy) would lock every agent
    of that address out of ProConnect for an hour. Password sign-ins stay throttled as before.
    """
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == "oidc_authentication_callback")


def provider_logout_url(request: HttpRequest) -> str:
    """ProConnect's end-session URL (OIDC_OP_LOGOUT_URL_METHOD), used by the oidc_logout view.

    Without a stored id_token (the agent signed in with a password) there is nothing to end at ProConnect.
    """
    local_url = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not endpoint or not id_token:
        return local_url
    params = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(local_url),
    }
    return f"{endpoint}?{urlencode(params)}"


def oidc_urlpatterns() -> list:
    """The three OIDC routes, public (anyone must be able to start or finish a sign-in)."""
    return [
        path(
            "authenticate/",
            access(PUBLIC)(OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path("callback/", access(PUBLIC)(ProConnectCallbackView.as_view()), name="oidc_authentication_callback"),
        path("logout/", access(PUBLIC)(OIDCLogoutView.as_view()), name="oidc_logout"),
    ]
