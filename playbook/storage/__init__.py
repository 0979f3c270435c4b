"""Persistence adapter: SQLModel tables, engine and unit of work, Alembic migrations."""
