"""The web app's fixtures (users per role, logged-in browsers, cases) from tests/web, reused."""

from tests.web.conftest import (  # noqa: F401  (pytest finds fixtures by name)
    app,
    browsers,
    cached_pdf_rendering,
    case_ref,
    fast_password_hashing,
    settings,
    token_for,
    users,
)
from tests.web.test_pages import nazorg_case  # noqa: F401
