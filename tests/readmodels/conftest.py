"""Read-model tests reuse the web fixtures (users, logged-in browsers) on both databases."""

from tests.web.conftest import app, browsers, fast_password_hashing, settings, users  # noqa: F401
