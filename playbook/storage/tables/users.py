"""Users and how they sign in: web sessions, sign-in throttling, API tokens."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class User(SQLModel, table=True):
    """Someone who logs in. Every user belongs to one municipality and sees only its cases."""

    __tablename__ = "gebruiker"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    full_name: str
    role: str  # oov | juridisch | partner | admin
    partner: str | None = None  # for role partner: politie, woningcorporatie, slachtofferhulp, om
    municipality_code: str = Field(max_length=6)
    password_hash: str
    api_token_hash: str | None = Field(default=None, index=True, max_length=64)
    active: bool = True
    created_at: datetime = _at(nullable=False)
    password_changed_at: datetime | None = _at(nullable=True)
    email: str | None = Field(default=None, max_length=254)  # reminders (playbook/reminders)


# Hardening (issue 12): server-side sessions, sign-in throttling, API tokens.


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, and
    the row decides: an ended, idle or too old session no longer signs anyone in."""

    __tablename__ = "sessie"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    created_at: datetime = _at(nullable=False)
    last_seen_at: datetime = _at(nullable=False)
    ended_at: datetime | None = _at(nullable=True)
    ended_reason: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=200)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per account and per address: one row per key, not one per guess."""

    __tablename__ = "inlogpoging"
    key: str = Field(primary_key=True, max_length=200)  # "account:naam" or "adres:127.0.0.1"
    failures: int = 0
    window_start: datetime = _at(nullable=False)
    locked_until: datetime | None = _at(nullable=True)
    lockouts: int = 0  # consecutive lock-outs: each one doubles the next


class ApiToken(SQLModel, table=True):
    """A named bearer token with a scope and an expiry; only its SHA-256 is stored."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    name: str = Field(max_length=64)
    scope: str = Field(max_length=16)  # lezen | schrijven
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = _at(nullable=False)
    expires_at: datetime = _at(nullable=False)
    revoked_at: datetime | None = _at(nullable=True)
    last_used_at: datetime | None = _at(nullable=True)
