"""A tiny OpenID Connect provider that behaves like ProConnect, for tests.

Served by `http.server.ThreadingHTTPServer` in a background thread on 127.0.0.1, on a port chosen by the
system. Nothing leaves the loopback interface. Endpoints:

- GET  /authorize  : checks the request like ProConnect (no unknown parameter, state and nonce of at least
                     32 characters), records it, redirects to redirect_uri with a one-time code and the state;
- POST /token      : checks client_id/client_secret (form or HTTP Basic), the code and the redirect_uri,
                     returns an access token and an RS256-signed id_token carrying the nonce;
- GET  /userinfo   : checks the bearer token, returns the agent's claims as JSON, or as a signed JWT
                     (`application/jwt`, what ProConnect really sends) when `userinfo_format = "jwt"`;
- GET  /jwks       : the public key as a JWK set;
- GET  /session/end: end-session endpoint (id_token_hint, state, post_logout_redirect_uri), 303 back;
- GET  /.well-known/openid-configuration.

Faults to test the client's checks: `id_token_fault` in {"tampered", "foreign_key", "wrong_audience",
"expired", "wrong_nonce"}, `deny = True` (the agent cancels: error=access_denied).

Use the `oidc_provider` fixture, or `with StubOIDCProvider() as provider: ...`.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

AUTHORIZE_PARAMS = {
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "claims",
    "state",
    "nonce",
    "prompt",
    "idp_hint",
    "acr_values",
}

DEFAULT_CLAIMS = {
    "sub": "b6f1a3c2-0d1e-4c8e-9a51-1f0c8e2d7a44",
    "email": "agent@interieur.gouv.fr",
    "given_name": "Camille",
    "usual_name": "Martin",
    "uid": "4242",
    "siret": "11000201100044",
    "idp_id": "fia1v2",
}


@cache
def _signing_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name for the whole test session (generation takes a fraction of a second)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class StubOIDCProvider:
    def __init__(self, client_id: str = "vigie-test-client", client_secret: str | None = None) -> None:
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.kid = "stub-key-1"
        self.claims: dict[str, Any] = dict(DEFAULT_CLAIMS)
        self.userinfo_format = "json"
        self.id_token_fault: str | None = None
        self.deny = False
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.userinfo_requests = 0
        self.logout_requests: list[dict[str, str]] = []
        self.issued_id_tokens: list[str] = []
        self._codes: dict[str, dict[str, Any]] = {}
        self._access_tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> StubOIDCProvider:
        handler = type("StubOIDCHandler", (_Handler,), {"provider": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="stub-oidc-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> StubOIDCProvider:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- addresses and client configuration ----------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "provider not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def issuer(self) -> str:
        return self.url

    def endpoint(self, name: str) -> str:
        return (
            self.url
            + {
                "authorization": "/authorize",
                "token": "/token",
                "user": "/userinfo",
                "jwks": "/jwks",
                "logout": "/session/end",
            }[name]
        )

    def environment(self, logout: bool = True) -> dict[str, str]:
        """The environment variables an operator would set to point Vigie at this provider."""
        return {
            **({"OIDC_OP_LOGOUT_ENDPOINT": self.endpoint("logout")} if logout else {}),
            "PROCONNECT_ENABLED": "true",
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.endpoint("authorization"),
            "OIDC_OP_TOKEN_ENDPOINT": self.endpoint("token"),
            "OIDC_OP_USER_ENDPOINT": self.endpoint("user"),
            "OIDC_OP_JWKS_ENDPOINT": self.endpoint("jwks"),
        }

    def login_as(self, **claims: Any) -> None:
        """The agent who signs in at the next /authorize (claims replace the defaults given)."""
        self.claims = {**DEFAULT_CLAIMS, **claims}

    # -- tokens --------------------------------------------------------------------------------------
    def public_jwk(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(_signing_key("provider").public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}

    def sign(self, payload: dict[str, Any], key_name: str = "provider") -> str:
        return jwt.encode(payload, _signing_key(key_name), algorithm="RS256", headers={"kid": self.kid})

    def make_id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        fault = self.id_token_fault
        payload = {
            "iss": self.issuer,
            "sub": grant["claims"]["sub"],
            "aud": "another-client" if fault == "wrong_audience" else self.client_id,
            "iat": now,
            "exp": now - 60 if fault == "expired" else now + 60,
            "nonce": "x" * 32 if fault == "wrong_nonce" else grant["nonce"],
            "acr": "eidas1",
            "amr": ["pwd"],
            "idp_id": grant["claims"].get("idp_id", ""),
        }
        token = self.sign(payload, "intruder" if fault == "foreign_key" else "provider")
        if fault == "tampered":  # same signature, another agent's identifier in the payload
            header, _, signature = token.split(".")
            forged = _b64(json.dumps({**payload, "sub": "someone-else"}, separators=(",", ":")).encode())
            token = f"{header}.{forged}.{signature}"
        return token


class _Handler(BaseHTTPRequestHandler):
    provider: StubOIDCProvider
    server_version = "StubOIDC/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output clean
        return

    # -- plumbing ------------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json;charset=utf-8")

    def _error(self, status: int, error: str, description: str = "") -> None:
        self._json(status, {"error": error, "error_description": description})

    def _redirect(self, target: str, params: dict[str, str], status: int = 302) -> None:
        separator = "&" if "?" in target else "?"
        self._send(status, content_type="text/plain", Location=f"{target}{separator}{urlencode(params)}")

    def _query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}

    # -- routes --------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == "/authorize":
            self._authorize()
        elif route == "/userinfo":
            self._userinfo()
        elif route == "/jwks":
            self._json(200, {"keys": [self.provider.public_jwk()]})
        elif route == "/session/end":
            self._end_session()
        elif route == "/.well-known/openid-configuration":
            p = self.provider
            self._json(
                200,
                {
                    "issuer": p.issuer,
                    "authorization_endpoint": p.endpoint("authorization"),
                    "token_endpoint": p.endpoint("token"),
                    "userinfo_endpoint": p.endpoint("user"),
                    "jwks_uri": p.endpoint("jwks"),
                    "end_session_endpoint": p.endpoint("logout"),
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "response_types_supported": ["code"],
                },
            )
        else:
            self._error(404, "not_found")

    def do_POST(self) -> None:
        if urlsplit(self.path).path == "/token":
            self._token()
        else:
            self._error(404, "not_found")

    def _authorize(self) -> None:
        p = self.provider
        params = self._query()
        unknown = set(params) - AUTHORIZE_PARAMS
        if unknown:  # ProConnect answers Y000400 to any extra parameter
            return self._error(400, "invalid_request", f"unexpected parameters: {sorted(unknown)}")
        if params.get("client_id") != p.client_id:
            return self._error(400, "unauthorized_client")
        if params.get("response_type") != "code":
            return self._error(400, "unsupported_response_type")
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return self._error(400, "invalid_request", "redirect_uri")
        if len(params.get("state", "")) < 32 or len(params.get("nonce", "")) < 32:
            return self._error(400, "invalid_request", "state and nonce need 32 characters or more")
        if "openid" not in params.get("scope", "").split():
            return self._error(400, "invalid_scope")
        with p._lock:
            p.authorize_requests.append(params)
            if p.deny:
                return self._redirect(redirect_uri, {"error": "access_denied", "state": params["state"]})
            code = secrets.token_urlsafe(24)
            p._codes[code] = {
                "client_id": p.client_id,
                "redirect_uri": redirect_uri,
                "nonce": params["nonce"],
                "claims": dict(p.claims),
            }
        self._redirect(redirect_uri, {"code": code, "state": params["state"]})

    def _client_credentials(self, form: dict[str, str]) -> tuple[str, str]:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return user, password
        return form.get("client_id", ""), form.get("client_secret", "")

    def _token(self) -> None:
        p = self.provider
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        with p._lock:
            p.token_requests.append({k: v for k, v in form.items() if k != "client_secret"})
            client_id, client_secret = self._client_credentials(form)
            if client_id != p.client_id or not secrets.compare_digest(client_secret, p.client_secret):
                return self._error(401, "invalid_client")
            if form.get("grant_type") != "authorization_code":
                return self._error(400, "unsupported_grant_type")
            grant = p._codes.pop(form.get("code", ""), None)  # one use only
            if grant is None or grant["client_id"] != client_id:
                return self._error(400, "invalid_grant", "unknown or already used code")
            if form.get("redirect_uri") != grant["redirect_uri"]:
                return self._error(400, "invalid_grant", "redirect_uri differs from the authorization request")
            access_token = secrets.token_urlsafe(32)
            p._access_tokens[access_token] = grant
            id_token = p.make_id_token(grant)
            p.issued_id_tokens.append(id_token)
        self._json(200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token})

    def _userinfo(self) -> None:
        p = self.provider
        header = self.headers.get("Authorization", "")
        with p._lock:
            p.userinfo_requests += 1
            grant = p._access_tokens.get(header[7:]) if header.startswith("Bearer ") else None
        if grant is None:
            return self._send(401, b"", WWW_Authenticate='Bearer error="invalid_token"')
        claims = grant["claims"]
        if p.userinfo_format == "jwt":
            now = int(time.time())
            token = p.sign({**claims, "iss": p.issuer, "aud": p.client_id, "iat": now, "exp": now + 60})
            return self._send(200, token.encode(), "application/jwt")
        self._json(200, claims)

    def _end_session(self) -> None:
        p = self.provider
        params = self._query()
        missing = {"id_token_hint", "state", "post_logout_redirect_uri"} - set(params)
        if missing:
            return self._error(400, "invalid_request", f"missing: {sorted(missing)}")
        with p._lock:
            p.logout_requests.append(params)
        self._redirect(params["post_logout_redirect_uri"], {"state": params["state"]}, status=303)


@pytest.fixture
def oidc_provider():
    """A running stub provider, stopped (sockets closed) after the test."""
    with StubOIDCProvider() as provider:
        yield provider
