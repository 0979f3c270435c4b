"""Same answer for missing and out-of-reach: another municipality's case or document answers
exactly like one that does not exist, on every route (pages and API)."""

import pytest

from tests.web.conftest import Browsers, bearer

MISSING = "GM0001-2020-9999"
ROUTES = [
    ("GET", "/zaken/{ref}"), ("GET", "/zaken/{ref}/besluiten"),
    ("GET", "/zaken/{ref}/documenten/1"),
    ("POST", "/zaken/{ref}/volgende"), ("POST", "/zaken/{ref}/feiten"),
    ("POST", "/zaken/{ref}/stappen/noodbevel-overwegen"), ("POST", "/zaken/{ref}/brieven"),
    ("GET", "/api/zaken/{ref}"), ("GET", "/api/zaken/{ref}/audit"),
    ("GET", "/api/zaken/{ref}/besluiten"), ("POST", "/api/zaken/{ref}/volgende"),
    ("POST", "/api/zaken/{ref}/stappen/noodbevel-overwegen"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_other_municipality_answers_like_missing(browsers: Browsers, other_case_ref: str,
                                                 token_for, app, method: str, route: str) -> None:  # type: ignore[no-untyped-def]
    admin = bearer(app, token_for("admin")) if route.startswith("/api") else browsers["admin"]
    answers = []
    for ref in (other_case_ref, MISSING):
        url = route.format(ref=ref)
        if method == "GET":
            response = admin.get(url)
        elif route.startswith("/api"):
            response = admin.post_json(url, {"status": "afgerond"} if "stappen" in url else {})
        else:
            response = admin.post_form(url, {"versie": "1", "status": "afgerond",
                                             "soort": "bewonersbrief"})
        answers.append((response.status_code, response.text.replace(ref, "REF")))
    assert answers[0][0] == 404, answers[0]
    assert answers[0] == answers[1]
