"""The web fixtures of tests/web (users per role, logged-in browsers, a fresh case)."""

from tests.web.conftest import (  # noqa: F401  (fixtures)
    app,
    browsers,
    case_ref,
    fast_password_hashing,
    settings,
    users,
)
