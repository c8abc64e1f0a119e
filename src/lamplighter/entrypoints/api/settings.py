"""Settings of the API server (``LAMPLIGHTER_*``); they refuse an unsafe non-local server."""

from __future__ import annotations

import ipaddress

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lamplighter.config import DEFAULT_DATABASE_URL
from lamplighter.services.api_keys import KEY_CACHE_TTL_S

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MIN_SECRET_LENGTH = 32


def is_local_host(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiSettings(BaseSettings):
    """How the server runs. A server reachable from other machines needs keys and a session secret.

    ``active_api_keys`` is filled in by ``lamplighter serve`` from the database, so that
    building the settings is where an unprotected public server is refused.
    """

    model_config = SettingsConfigDict(env_prefix="LAMPLIGHTER_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    session_secret: SecretStr | None = None
    cookie_secure: bool = True
    session_max_age_s: int = Field(default=12 * 3600, ge=60)
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    max_import_bytes: int = Field(default=50 << 20, ge=1024)
    idempotency_wait_s: float = Field(default=5.0, ge=0)
    #: Threads per server process for blocking work (each use case's transaction runs in one);
    #: the database pool keeps as many connections open, so no request opens its own. Five:
    #: under benchmarks/api_load 5 beat 10 in 3 of 4 alternating pairs on both rate and p99,
    #: with ~10% less PostgreSQL CPU (fewer transactions queueing on the GIL and hot rows),
    #: and still leave four free while one runs a slow plan or import. Run a process per core.
    threads: int = Field(default=5, ge=1, le=200)
    #: Seconds a checked API key is trusted without reading the database (0: check every request);
    #: a key revoked from the CLI is refused by a running server at most this long afterwards.
    key_cache_s: float = Field(default=KEY_CACHE_TTL_S, ge=0, le=60)
    active_api_keys: int | None = None

    @model_validator(mode="after")
    def _refuse_unprotected_public_server(self) -> ApiSettings:
        if is_local_host(self.host):
            return self
        if not self.active_api_keys:
            raise ValueError(
                f"refusing to serve on {self.host}: no active API key; "
                "create one with `lamplighter keys create --role admin` first"
            )
        if not self.cookie_secure:
            raise ValueError(f"refusing to serve on {self.host} with LAMPLIGHTER_COOKIE_SECURE=false")
        secret = self.session_secret.get_secret_value() if self.session_secret else ""
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"refusing to serve on {self.host}: set LAMPLIGHTER_SESSION_SECRET "
                f"to a random string of at least {MIN_SECRET_LENGTH} characters"
            )
        return self
