"""Every setting in one typed place, read from the environment or a `.env` file.

Defaults make `prepbot run` work on a fresh clone: an SQLite file under `./data` and the
console adapter. `.env.example` documents each variable.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")


class Settings(BaseSettings):
    """prepbot's settings; each field maps to the upper-case env var of the same name."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'prepbot.sqlite3'}",
        description="postgresql://... or sqlite:///path; the async driver is chosen internally.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    discord_token: SecretStr | None = None
    discord_api_url: str | None = Field(
        default=None, description="Base URL of the Discord HTTP API (tests point it at a fake)."
    )

    # The clock wakes the engine this often; deliveries are at most this late.
    tick_seconds: float = Field(default=5.0, gt=0, le=60)
    # How many sends may be in flight at once: also the bound on duplicates after a crash.
    dispatch_concurrency: int = Field(default=32, ge=1, le=1000)
    claim_batch_size: int = Field(default=500, ge=1, le=10000)

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("postgresql", "postgres://", "sqlite")):
            raise ValueError("DATABASE_URL must start with postgresql:// or sqlite:///")
        return value

    @property
    def platform(self) -> Literal["slack", "discord", "console"]:
        """Which adapter `prepbot run` starts: the first platform whose token is set."""
        if self.slack_bot_token or (self.slack_client_id and self.slack_client_secret):
            return "slack"
        if self.discord_token:
            return "discord"
        return "console"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
