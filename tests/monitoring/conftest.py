"""Fixtures for repeat detection and monitoring: the web fixtures (users, browsers) reused."""

from tests.web.conftest import (  # noqa: F401  (fixtures)
    app,
    browsers,
    fast_password_hashing,
    settings,
    users,
)
