from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db.engine import Database
from bot.db.migrate import downgrade, include_name, upgrade
from bot.db.models import Base


async def test_migrations_match_models(db: Database):
    """Upgrading an empty database to head yields exactly the models' schema."""

    def diff(connection):
        opts = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, Base.metadata)

    async with db.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


def test_downgrade_to_base_and_back(database_url: str):
    """Every migration can be reverted and re-applied."""
    downgrade(database_url, "base")
    upgrade(database_url)


def test_upgrade_creates_the_sqlite_folder(tmp_path):
    """`prepbot db upgrade` on a fresh clone creates the data folder for the SQLite file."""
    target = tmp_path / "data" / "nested" / "prepbot.sqlite3"
    upgrade(f"sqlite:///{target}")
    assert target.exists()
