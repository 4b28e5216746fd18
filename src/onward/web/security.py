"""Response headers, Host allowlist, Origin checks and CSRF tokens (R3, R7, R34–R36)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from onward.config import Settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SESSION_COOKIE = "__Host-s"
CSRF_COOKIE = "__Host-c"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def apply_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers[name] = value
    if "server" in response.headers:
        del response.headers["server"]
    return response


def allowed_hosts(settings: Settings) -> frozenset[str]:
    port = settings.port
    names = {"127.0.0.1", "localhost", "[::1]"}
    if settings.allow_remote:
        names.add(settings.host)
    hosts = {f"{n}:{port}" for n in names} | set(settings.extra_hosts)
    return frozenset(hosts)


def allowed_origins(settings: Settings) -> frozenset[str]:
    return frozenset(f"http://{h}" for h in allowed_hosts(settings)) | frozenset(
        f"https://{h}" for h in allowed_hosts(settings)
    )


def host_ok(request: Request, hosts: frozenset[str]) -> bool:
    return request.headers.get("host", "") in hosts


def origin_ok(request: Request, origins: frozenset[str]) -> bool:
    """Refuse a state change that a browser says came from another site (R7, R36)."""
    if request.method in SAFE_METHODS:
        return True
    if request.headers.get("sec-fetch-site") in {"cross-site", "same-site"}:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not sent by every client; the CSRF token is still required
    if origin == "null":
        # With Referrer-Policy: no-referrer, browsers send "Origin: null" even on
        # same-origin form posts (Fetch spec, "serializing a request origin").
        # Accept it only when the browser vouches that the request is same-origin.
        return request.headers.get("sec-fetch-site") == "same-origin"
    return origin in origins


def new_cookie_value() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(secret: bytes, cookie_value: str) -> str:
    return hmac.new(secret, cookie_value.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, cookie_value: str | None, token: str | None) -> bool:
    if not cookie_value or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie_value), token)


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, secure=True, samesite="strict", path="/", max_age=None
    )
