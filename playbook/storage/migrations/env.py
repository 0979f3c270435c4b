from alembic import context
from sqlmodel import SQLModel

from playbook.jobs import models as _jobs  # noqa: F401  (registers the `taak` table)
from playbook.storage import tables  # noqa: F401  (registers the tables)
from playbook.storage.db import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
if not url:
    from playbook.config import get_settings

    url = get_settings().database_url

connectable = config.attributes.get("connection")


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connectable is not None:
    _run(connectable)
else:
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()
