"""Storage: models, the engine and session factory, and Alembic migrations."""

from bot.db.engine import Database, async_url
from bot.db.models import Base

__all__ = ["Base", "Database", "async_url"]
