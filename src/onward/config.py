"""Settings. The only module that reads the environment.

Environment variables start with ``ONWARD_``. Secrets (passphrases, keys) are
never read from the environment (security.md R8).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from onward.store.crypto import DEFAULT_KDF, KdfParams

# A bland name for the data folder, page titles and the process (security.md R1).
APP_DIR_NAME = "onward"
DEFAULT_PORT = 8765


def default_data_dir() -> Path:
    """The per-user data folder on this OS (for example ~/.local/share/onward)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


class Settings(BaseSettings):
    """Everything configurable about one Onward process."""

    model_config = SettingsConfigDict(env_prefix="ONWARD_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: SecretStr | None = None
    # PostgreSQL: the role that owns the tables, used only to migrate; the app itself
    # connects as ``database_url``, a role without ownership (docs/hosting.md §3.1).
    owner_database_url: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    allow_remote: bool = False
    title: str = "Onward"
    # Extra Host header values to accept (tests use "testserver").
    extra_hosts: tuple[str, ...] = ()
    kdf_memory_kib: int = DEFAULT_KDF.memory_kib
    kdf_time_cost: int = DEFAULT_KDF.time_cost
    kdf_parallelism: int = DEFAULT_KDF.parallelism
    # Benchmarks only: store records without the per-record AEAD layer.
    bench_plain_records: bool = False
    # Hosted mode (docs/hosting.md): many accounts on PostgreSQL.
    hosted: bool = False
    signup: Literal["invite", "open"] = "invite"
    server_secret_file: Path | None = None
    kdf_slots: int = Field(default=2, ge=1, le=64)
    session_idle_minutes: int = Field(default=30, ge=1)
    session_max_hours: int = Field(default=12, ge=1)
    # Peer addresses of reverse proxies whose X-Forwarded-For is believed (for the
    # per-address throttles). Empty: the header is ignored.
    trusted_proxies: tuple[str, ...] = ()
    # PostgreSQL connections per process (hosted mode: one per request in flight, and
    # requests in flight per worker are capped at this number; docs/hosting.md §5).
    db_pool_size: int = Field(default=8, ge=1, le=64)
    # Hosted imports: the share of wall time the import worker may work; it rests the
    # remainder after each batch, so its database work leaves room for the web workers.
    import_share: float = Field(default=0.5, gt=0.0, le=1.0)

    @field_validator("port")
    @classmethod
    def _port_range(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("port must be between 1 and 65535")
        return value

    @property
    def kdf(self) -> KdfParams:
        return KdfParams(self.kdf_memory_kib, self.kdf_time_cost, self.kdf_parallelism)

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None

    @property
    def server_secret_path(self) -> Path:
        return self.server_secret_file or self.data_dir / "server.key"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "store.db"

    @property
    def header_path(self) -> Path:
        return self.data_dir / "store.hdr"

    @property
    def db_url_public(self) -> str:
        """The database URL with any password masked, for logs and messages."""
        if self.database_url is None:
            return f"sqlite:///{self.sqlite_path}"
        return mask_url(self.database_url.get_secret_value())

    def host_is_loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def mask_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
