"""Every setting in one typed place, read from the environment or a `.env` file.

Defaults make `prepbot run` work on a fresh clone: an SQLite file in the data folder and
the console adapter. Where that folder and the `.env` file are does not depend on the
current folder (`bot.paths`). `.env.example` documents each variable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.paths import default_database_url, env_file


class Settings(BaseSettings):
    """prepbot's settings; each field maps to the upper-case env var of the same name."""

    model_config = SettingsConfigDict(
        env_file=None, env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = Field(
        default_factory=default_database_url,
        description="postgresql://... or sqlite:///path; the async driver is chosen internally.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # `json`: one JSON object per line, for a log collector; secrets are masked either way.
    log_format: Literal["text", "json"] = "text"

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # Comma-separated team ids that may install the app (OAuth); empty: any workspace.
    slack_allowed_teams: str = ""

    discord_token: SecretStr | None = None
    discord_api_url: str | None = Field(
        default=None, description="Base URL of the Discord HTTP API (tests point it at a fake)."
    )

    # The optional AI reviewer (off unless both URL and model are set): any OpenAI-compatible
    # chat completions service, hosted or local (Ollama, vLLM). The key is never logged.
    ai_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("prepbot_ai_url", "ai_url"),
        description="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1.",
    )
    ai_model: str | None = Field(
        default=None, validation_alias=AliasChoices("prepbot_ai_model", "ai_model")
    )
    ai_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("prepbot_ai_key", "ai_key")
    )
    # The rule-based feedback never waits for it; this bounds how late the AI note may come.
    ai_timeout_seconds: float = Field(
        default=8.0,
        gt=0,
        le=60,
        validation_alias=AliasChoices("prepbot_ai_timeout_seconds", "ai_timeout_seconds"),
    )

    # The clock wakes the engine this often; deliveries are at most this late.
    tick_seconds: float = Field(default=5.0, gt=0, le=60)
    # How many sends may be in flight at once: also the bound on duplicates after a crash.
    dispatch_concurrency: int = Field(default=32, ge=1, le=1000)
    claim_batch_size: int = Field(default=500, ge=1, le=10000)

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        # `LOG_LEVEL=info` is what people write; the accepted names are still checked.
        if not isinstance(value, str):
            return value
        value = value.strip()
        return value.upper() if info.field_name == "log_level" else value.lower()

    @field_validator("database_url", mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        # `DATABASE_URL=` (as in a copied .env.example) means "the default file".
        return default_database_url() if value == "" else value

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("postgresql", "postgres://", "sqlite")):
            raise ValueError("DATABASE_URL must start with postgresql:// or sqlite:///")
        return value

    @field_validator("ai_url", "ai_model", "ai_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `PREPBOT_AI_URL=` (as in a copied .env.example) leaves the reviewer off.
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def ai_configured(self) -> bool:
        """Whether the AI reviewer is switched on for this deployment (URL and model set)."""
        return bool(self.ai_url and self.ai_model)

    @property
    def allowed_teams(self) -> frozenset[str]:
        """The Slack team ids SLACK_ALLOWED_TEAMS lets install (empty: any)."""
        return frozenset(
            part.strip() for part in self.slack_allowed_teams.split(",") if part.strip()
        )

    @property
    def slack_configured(self) -> bool:
        """Whether a Slack token or OAuth client is set."""
        return bool(self.slack_bot_token or (self.slack_client_id and self.slack_client_secret))

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
    """The process-wide settings, read once (the `.env` file from `bot.paths`)."""
    return Settings(_env_file=env_file())  # type: ignore[call-arg]
