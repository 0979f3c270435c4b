"""Same answer for missing and out-of-reach: another municipality's case or document answers
exactly like one that does not exist, on every route (pages and API)."""


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


def test_other_municipality_answers_like_missing(browsers: Browsers, other_case_ref: str,
                                                 token_for, app) -> None:  # type: ignore[no-untyped-def]
    """Every route of ROUTES, one after the other on the same case: none of them may change it
    (they are refused), and every difference is named."""
    api = bearer(app, token_for("admin"))
    wrong = []
    for method, route in ROUTES:
        admin = api if route.startswith("/api") else browsers["admin"]
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
        if answers[0][0] != 404 or answers[0] != answers[1]:
            wrong.append(f"{method} {route}: {answers[0][0]} {answers[0][1][:200]} / "
                         f"ontbrekend: {answers[1][0]} {answers[1][1][:200]}")
    assert not wrong, "\n".join(wrong)
