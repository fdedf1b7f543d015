"""The server's settings, each declared once with its type, default and meaning.

Values come from the environment (prefix ``SHOWROOM_SERVER_``, e.g.
``SHOWROOM_SERVER_DATABASE_URL``) or from the arguments given to `Settings`; the command line
overrides a few of them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from consultant_server.core.versions import parse_version

APP_NAME = "ShowroomDeskServer"
DB_FILENAME = "server.sqlite3"


def default_data_dir() -> Path:
    """The per-user data folder of the server (e.g. ~/.local/share/ShowroomDeskServer)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    """A SQLite file in the server's data folder: enough for a trial or one small showroom."""
    return f"sqlite:///{default_data_dir() / DB_FILENAME}"


class Settings(BaseSettings):
    """Everything an operator can configure; one instance is handed to `create_app`."""

    model_config = SettingsConfigDict(env_prefix="SHOWROOM_SERVER_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    host: str = Field(default="127.0.0.1", description="Address `serve` listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `serve` listens on")
    token_ttl_days: int = Field(
        default=30, ge=1, le=365, description="Days a sign-in token stays valid"
    )
    min_client_version: str = Field(
        default="0.1.0",
        description="Oldest client allowed to sync; older ones are told to update",
    )
    log_retention_days: int = Field(
        default=90,
        ge=1,
        description="Days the change log is kept; a client offline longer re-bootstraps",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest request body accepted (413 above)"
    )
    password_time_cost: int = Field(
        default=3, ge=1, description="Argon2id passes (RFC 9106 low-memory profile)"
    )
    password_memory_kib: int = Field(
        default=65_536, ge=8, description="Argon2id memory in KiB (RFC 9106 low-memory profile)"
    )
    password_parallelism: int = Field(default=4, ge=1, description="Argon2id lanes")
    public_url: str = Field(
        default="",
        description="The address customers' phones reach this server at (https://…), for the"
        " URLs of live codes the API lists; empty: the address the request came to",
    )
    landing_max_body_bytes: int = Field(
        default=8192, ge=1024, description="Largest lead-form submission accepted (413 above)"
    )
    landing_views_per_ip: int = Field(
        default=30, ge=1, description="Code page views a minute from one IP address (429 above)"
    )
    landing_views_per_code: int = Field(
        default=300, ge=1, description="Page views a minute of one code, from anywhere"
    )
    landing_submits_per_ip: int = Field(
        default=5, ge=1, description="Lead-form submissions a minute from one IP address"
    )
    landing_submits_per_code: int = Field(
        default=60, ge=1, description="Lead-form submissions a minute to one code"
    )
    material_max_file_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest material file (or bulk-import upload) accepted (413 above)",
    )

    @field_validator("public_url")
    @classmethod
    def _public_url_is_http(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("public_url starts with http:// or https://")
        return value

    @field_validator("min_client_version")
    @classmethod
    def _version_is_dotted_numbers(cls, value: str) -> str:
        parse_version(value)
        return value
