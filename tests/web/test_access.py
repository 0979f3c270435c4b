"""Who may do what: the full role x page/action matrix, CSRF, bearer tokens and the audit trail.

The matrix is written out by hand (not derived from security.PERMISSIONS), so a change in the
product's permission table shows up here as a failing cell.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.letters.service import generate
from playbook.storage.tables import AuditEvent, Case, Document
from tests.web.conftest import (
    ANONYMOUS,
    Browsers,
    audit_since,
    bearer,
    case_count,
    case_version,
    count_rows,
    finish_blockers,
    full_name,
    last_audit_id,
    step_status,
    utcnow,
    wall_clock,
)
from tests.web.world import SavedBrowsers, World, cell, world  # noqa: F401 - fixtures

COLUMNS = ("oov", "juridisch", "admin", "politie", "woningcorporatie", "slachtofferhulp", "om",
           "oov-elders", ANONYMOUS)
VERSION, OTHER_VERSION = object(), object()  # replaced by the case's current version
STEP = "noodbevel-overwegen"  # optional step of the incident phase, open in every test case


def new_case_body() -> dict[str, Any]:
    return {"street": "Dijkstraat", "house_number": "7", "postcode": "9999 CD", "city": "Rivierstad",
            "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": wall_clock(utcnow() - timedelta(hours=1))}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str
    codes: tuple[int, ...]  # one per COLUMNS entry
    body: dict[str, Any] | None = None
    ready: bool = False  # finish the current phase's mandatory steps first (so 'volgende' can pass)

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def download(self) -> bool:
        return "/documenten/" in self.path or self.path.startswith("/inbox/")


R = Row
INTAKE_FORM = {**new_case_body(), "person_name": "Mevrouw C. Jansen", "person_role": "bewoner",
               "person_self_reliant": "ja", "person_language": "nl"}

MATRIX: list[Row] = [
    #                                                                        oov  jur  adm  pol  woco shn  om  elders anon
    # --- pages ---
    R("lijst", "GET", "/zaken",                                             (200, 200, 200, 403, 403, 403, 403, 200, 303)),
    R("mijn-werk", "GET", "/werk",                                          (200, 200, 200, 403, 403, 403, 403, 200, 303)),
    R("intakeformulier", "GET", "/zaken/nieuw",                             (200, 403, 200, 403, 403, 403, 403, 200, 303)),
    R("zaakpagina", "GET", "/zaken/{ref}",                                  (200, 200, 200, 403, 403, 403, 403, 404, 303)),
    R("besluitenpagina", "GET", "/zaken/{ref}/besluiten",                   (200, 200, 200, 403, 403, 403, 403, 404, 303)),
    R("gebruikersbeheer", "GET", "/beheer/gebruikers",                    (403, 403, 200, 403, 403, 403, 403, 403, 303)),
    R("inbox", "GET", "/inbox",                                             (403, 403, 403, 200, 200, 200, 200, 403, 303)),
    R("zaakpagina-andere-gemeente", "GET", "/zaken/{other}",                (404, 404, 404, 403, 403, 403, 403, 200, 303)),
    R("besluiten-andere-gemeente", "GET", "/zaken/{other}/besluiten",       (404, 404, 404, 403, 403, 403, 403, 200, 303)),
    R("monitoring", "GET", "/monitoring",                                   (200, 200, 200, 403, 403, 403, 403, 200, 303)),
    R("herhaaladressen", "GET", "/herhaaladressen",                         (200, 200, 200, 403, 403, 403, 403, 200, 303)),
    # --- documents: via the case page and via the partner inbox ---
    R("doc-bewonersbrief", "GET", "/zaken/{ref}/documenten/{doc[bewonersbrief]}",
                                                                            (200, 200, 200, 200, 200, 200, 404, 404, 303)),
    R("inbox-bewonersbrief", "GET", "/inbox/{ref}/{doc[bewonersbrief]}",    (403, 403, 403, 200, 200, 200, 404, 403, 303)),
    R("doc-nazorgteam", "GET", "/zaken/{ref}/documenten/{doc[opdracht-nazorgteam]}",
                                                                            (200, 200, 200, 200, 200, 404, 404, 404, 303)),
    R("inbox-nazorgteam", "GET", "/inbox/{ref}/{doc[opdracht-nazorgteam]}", (403, 403, 403, 200, 200, 404, 404, 403, 303)),
    R("doc-verwijzing-shn", "GET", "/zaken/{ref}/documenten/{doc[verwijzing-slachtofferhulp]}",
                                                                            (200, 200, 200, 404, 404, 200, 404, 404, 303)),
    R("inbox-verwijzing-shn", "GET", "/inbox/{ref}/{doc[verwijzing-slachtofferhulp]}",
                                                                            (403, 403, 403, 404, 404, 200, 404, 403, 303)),
    R("doc-verzoek-rapportage", "GET", "/zaken/{ref}/documenten/{doc[verzoek-bestuurlijke-rapportage]}",
                                                                            (200, 200, 200, 200, 404, 404, 404, 404, 303)),
    R("inbox-verzoek-rapportage", "GET", "/inbox/{ref}/{doc[verzoek-bestuurlijke-rapportage]}",
                                                                            (403, 403, 403, 200, 404, 404, 404, 403, 303)),
    R("doc-verzoek-39f", "GET", "/zaken/{ref}/documenten/{doc[verzoek-39f]}",
                                                                            (200, 200, 200, 404, 404, 404, 200, 404, 303)),
    R("inbox-verzoek-39f", "GET", "/inbox/{ref}/{doc[verzoek-39f]}",        (403, 403, 403, 404, 404, 404, 200, 403, 303)),
    R("doc-andere-gemeente", "GET", "/zaken/{other}/documenten/{otherdoc}", (404, 404, 404, 404, 404, 404, 404, 200, 303)),
    R("inbox-andere-gemeente", "GET", "/inbox/{other}/{otherdoc}",          (403, 403, 403, 404, 404, 404, 404, 403, 303)),
    # --- page actions (forms with CSRF token) ---
    R("intake", "POST", "/zaken/nieuw",                                     (303, 403, 303, 403, 403, 403, 403, 403, 303),
      body=INTAKE_FORM),
    R("stap", "POST", f"/zaken/{{ref}}/stappen/{STEP}",                     (303, 403, 303, 403, 403, 403, 403, 404, 303),
      body={"status": "afgerond", "versie": VERSION}),
    R("volgende-fase", "POST", "/zaken/{ref}/volgende",                     (303, 403, 303, 403, 403, 403, 403, 404, 303),
      body={"versie": VERSION}, ready=True),
    R("feiten", "POST", "/zaken/{ref}/feiten",                              (303, 403, 303, 403, 403, 403, 403, 404, 303),
      body={"versie": VERSION, "sluiting": "ja"}),
    R("brief", "POST", "/zaken/{ref}/brieven",                              (303, 303, 303, 403, 403, 403, 403, 404, 303),
      body={"soort": "opdracht-nazorgteam", "adressen": "Havenstraat 10, 9999 AB Rivierstad"}),
    R("besluit-nieuw", "POST", "/zaken/{ref}/besluiten/nieuw",              (403, 303, 303, 403, 403, 403, 403, 403, 303),
      body={"ground": "", "versie": VERSION,  # the ground follows the recorded facts
            "seriousness": "Explosie bij een portiekwoning midden in de nacht."}),
    R("stap-andere-gemeente", "POST", f"/zaken/{{other}}/stappen/{STEP}",   (404, 403, 404, 403, 403, 403, 403, 303, 303),
      body={"status": "afgerond", "versie": OTHER_VERSION}),
    # --- JSON API ---
    R("api-lijst", "GET", "/api/zaken",                                     (200, 200, 200, 403, 403, 403, 403, 200, 401)),
    R("api-zaak", "GET", "/api/zaken/{ref}",                                (200, 200, 200, 403, 403, 403, 403, 404, 401)),
    R("api-audit", "GET", "/api/zaken/{ref}/audit",                         (200, 200, 200, 403, 403, 403, 403, 404, 401)),
    R("api-besluiten", "GET", "/api/zaken/{ref}/besluiten",                 (200, 200, 200, 403, 403, 403, 403, 404, 401)),
    R("api-termijnen", "GET", "/api/termijnen",                             (200, 200, 200, 403, 403, 403, 403, 200, 401)),
    R("api-zaak-andere-gemeente", "GET", "/api/zaken/{other}",              (404, 404, 404, 403, 403, 403, 403, 200, 401)),
    R("api-nieuw", "POST", "/api/zaken",                                    (201, 403, 201, 403, 403, 403, 403, 403, 401),
      body=new_case_body()),
    R("api-stap", "POST", f"/api/zaken/{{ref}}/stappen/{STEP}",             (200, 403, 200, 403, 403, 403, 403, 404, 401),
      body={"status": "afgerond", "version": VERSION}),
    R("api-volgende", "POST", "/api/zaken/{ref}/volgende",                  (200, 403, 200, 403, 403, 403, 403, 404, 401),
      body={"version": VERSION}, ready=True),
    R("api-stap-andere-gemeente", "POST", f"/api/zaken/{{other}}/stappen/{STEP}",
                                                                            (404, 403, 404, 403, 403, 403, 403, 200, 401),
      body={"status": "afgerond", "version": OTHER_VERSION}),
]
assert all(len(r.codes) == len(COLUMNS) for r in MATRIX)
assert len({r.name for r in MATRIX}) == len(MATRIX)

CELLS = [pytest.param(row, actor, id=f"{row.name}-{actor}") for row in MATRIX for actor in COLUMNS]


def postgres_cells(row: Row) -> set[str]:
    """The cells of a route that also run on PostgreSQL: the first user it serves and the
    first it refuses as out of reach (404, a scoping query), else by role (403).

    Who may do what is decided in Python, the same on both databases; what the database adds
    is the queries behind an answer (scoping by municipality and grant, what an action
    writes). One served and one refused cell per route run every such query on PostgreSQL;
    SQLite runs the whole matrix. This keeps the suite's time for what can differ."""
    codes = dict(zip(COLUMNS, row.codes, strict=True))
    served = [a for a in COLUMNS if a != ANONYMOUS and codes[a] in (200, 201, 303)]
    refused = ([a for a in COLUMNS if codes[a] == 404] + [a for a in COLUMNS if codes[a] == 403])
    return set(served[:1] + refused[:1])
SECRETS = ("Havenstraat", "de Boer", "Huishouden K.", "Kerkweg")  # case details that must not leak


def _fill(value: Any, versions: dict[object, int]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, versions) for k, v in value.items()}
    return versions.get(value, value) if value in (VERSION, OTHER_VERSION) else value


def send(browser, row: Row, url: str, body: Any) -> httpx.Response:  # type: ignore[no-untyped-def]
    if row.method == "GET":
        return browser.get(url)
    if row.api:
        return browser.post_json(url, body)
    return browser.post_form(url, body)


def show(response: httpx.Response) -> str:
    return (f"{response.request.method} {response.request.url.path} -> {response.status_code} "
            f"{response.headers.get('location', '')} {response.text[:400]!r}")


def assert_refusal_is_dutch(response: httpx.Response, api: bool) -> None:
    """403 pages say 'Geen toegang' in a Dutch page; 403 API answers carry a Dutch detail."""
    if api:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and re.search(
            r"toegang|gemeente|niet aan u gericht|eigen gemeente", detail), show(response)
    else:
        assert response.headers["content-type"].startswith("text/html"), show(response)
        assert '<html lang="nl"' in response.text
        assert "Geen toegang" in response.text, show(response)
        assert "Forbidden" not in response.text and "Internal Server Error" not in response.text


def assert_not_found_is_dutch(response: httpx.Response, api: bool) -> None:
    text = response.json()["detail"] if api else response.text
    assert "bestaat niet" in text, show(response)
    assert "andere gemeente" not in text and "niet aan u gericht" not in text, show(response)


def other_document(uow, other_ref: str) -> int:  # type: ignore[no-untyped-def]
    with uow() as s:
        [document] = generate(session=s, reference=other_ref, kind="opdracht-nazorgteam",
                              actor="oov.elders", now=utcnow(), addresses=["Kerkweg 5, 1234 AB Andersdorp"])
        s.flush()
        return document.id  # type: ignore[return-value]


def state(engine: Engine, *refs: str) -> dict[str, Any]:
    with Session(engine) as s:
        versions = {r: s.exec(select(Case.version).where(Case.reference == r)).one() for r in refs}
    return {"audit": last_audit_id(engine), "cases": case_count(engine),
            "documents": count_rows(engine, Document), "versions": versions}


@pytest.mark.parametrize(("row", "actor"), CELLS)
def test_access_matrix(row: Row, actor: str, request: pytest.FixtureRequest, cell: World) -> None:
    engine, uow, users = cell.engine, cell.uow, cell.users
    browsers, case_ref, other_case_ref = SavedBrowsers(cell), cell.case_ref, cell.other_ref
    expected = row.codes[COLUMNS.index(actor)]
    if row.ready:
        finish_blockers(uow, case_ref)
    docs = cell.docs if "{doc[" in row.path else {}
    otherdoc = None
    if "{otherdoc}" in row.path:
        request.getfixturevalue("cached_pdf_rendering")
        otherdoc = other_document(uow, other_case_ref)
    url = row.path.format(ref=case_ref, other=other_case_ref, otherdoc=otherdoc,
                          doc={kind: ids[0] for kind, ids in docs.items()})
    browser = browsers[actor]
    before = state(engine, case_ref, other_case_ref)
    body = _fill(row.body, {VERSION: before["versions"][case_ref],
                            OTHER_VERSION: before["versions"][other_case_ref]})

    response = send(browser, row, url, body)

    assert response.status_code == expected, show(response)
    location = response.headers.get("location", "")
    refused = expected in (401, 403, 404) or (expected == 303 and actor == ANONYMOUS)
    if expected == 403:
        assert_refusal_is_dutch(response, row.api)
    if expected == 404:  # outside the user's reach answers exactly like missing
        assert_not_found_is_dutch(response, row.api)
    if expected == 401:
        assert response.json()["detail"].startswith("Niet ingelogd"), show(response)
        assert response.headers.get("www-authenticate") == "Bearer"
    if actor == ANONYMOUS and not row.api:
        assert location.startswith("/login?volgende="), show(response)
    if refused:
        assert not any(secret in response.text for secret in SECRETS), show(response)
        assert state(engine, case_ref, other_case_ref) == before, "a refused request wrote something"
        return
    if expected == 303:  # a successful form action
        assert not location.startswith("/login"), show(response)
        assert re.fullmatch(r"/zaken/GM\d{4}-\d{4}-\d{4}(/besluiten)?(\?gelukt=[a-z-]+(&stap=[a-z0-9-]+)?)?(#[a-z0-9-]+)?",
                        location), location
    if row.download:
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response.headers["cache-control"] == "no-store"
    elif row.api:
        assert response.headers["content-type"].startswith("application/json")
    elif row.method == "GET":
        assert response.headers["content-type"].startswith("text/html")
    new_events = audit_since(engine, before["audit"])
    if row.method == "GET":
        assert new_events == [], "reading must not write"
        return
    # Every successful action lands in the audit trail, with the user's username as actor.
    assert new_events, f"{row.name} by {actor} left no audit event"
    assert {e.actor for e in new_events} == {users[actor]}, [(e.action, e.actor) for e in new_events]


# --- details of the matrix that deserve their own statement ------------------------------------

def test_matrix_covers_every_role_and_every_kind_of_request() -> None:
    from playbook.users.service import PARTNERS, ROLES
    from playbook.web.security import PERMISSIONS

    assert set(ROLES) == {"oov", "juridisch", "admin", "partner", "regio"}
    assert {p.value for p in PARTNERS} <= set(COLUMNS)
    assert set(PERMISSIONS) == {"case:read", "case:create", "case:work", "decision:write",
                                "letter:create", "inbox:read", "monitor:read", "monitor:region",
                                "repeats:read", "users:manage"}
    methods = {(r.method, r.api) for r in MATRIX}
    assert methods == {("GET", False), ("POST", False), ("GET", True), ("POST", True)}


def test_other_municipality_sees_none_of_our_cases_in_lists(browsers: Browsers, case_ref: str,
                                                            other_case_ref: str) -> None:
    elders = browsers["oov-elders"]
    page = elders.get("/zaken")
    assert page.status_code == 200
    assert other_case_ref in page.text and case_ref not in page.text
    assert "Havenstraat" not in page.text
    assert [c["reference"] for c in elders.get("/api/zaken").json()] == [other_case_ref]
    due = elders.get("/api/termijnen").json()
    assert due and {d["reference"] for d in due} == {other_case_ref}
    ours = browsers["oov"]
    assert [c["reference"] for c in ours.get("/api/zaken").json()] == [case_ref]
    assert {d["reference"] for d in ours.get("/api/termijnen").json()} == {case_ref}
    assert other_case_ref not in ours.get("/zaken").text


def test_partner_inbox_lists_only_documents_addressed_to_it(browsers: Browsers, case_ref: str,
                                                            documents: dict[str, list[int]]) -> None:
    expected = {
        "politie": {"bewonersbrief", "opdracht-nazorgteam", "verzoek-bestuurlijke-rapportage"},
        "woningcorporatie": {"bewonersbrief", "opdracht-nazorgteam"},
        "slachtofferhulp": {"bewonersbrief", "verwijzing-slachtofferhulp"},
        "om": {"verzoek-39f"},
    }
    for partner, kinds in expected.items():
        page = browsers[partner].get("/inbox")
        assert page.status_code == 200
        listed = {int(i) for i in re.findall(rf'href="/inbox/{case_ref}/(\d+)"', page.text)}
        assert listed == {i for k in kinds for i in documents[k]}, partner
        assert "Mevrouw A. de Boer" not in page.text  # the inbox shows no persons


def test_home_sends_each_role_to_its_own_start_page(browsers: Browsers) -> None:
    for actor, target in [("oov", "/werk"), ("juridisch", "/zaken"), ("admin", "/zaken"),
                          ("politie", "/inbox"), ("om", "/inbox")]:
        response = browsers[actor].get("/")
        assert (response.status_code, response.headers["location"]) == (303, target), actor
    response = browsers[ANONYMOUS].get("/")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_anonymous_redirect_remembers_the_page_and_login_returns_there(app, users: dict[str, str],
                                                                       case_ref: str) -> None:
    from tests.web.conftest import PASSWORD, new_client, scrape_csrf

    client = new_client(app)
    response = client.get(f"/zaken/{case_ref}")
    assert response.status_code == 303
    login_page = client.get(response.headers["location"])
    assert f'name="volgende" value="/zaken/{case_ref}"' in login_page.text
    response = client.post("/login", data={"gebruikersnaam": users["oov"], "wachtwoord": PASSWORD,
                                            "csrf_token": scrape_csrf(login_page),
                                            "volgende": f"/zaken/{case_ref}"})
    assert (response.status_code, response.headers["location"]) == (303, f"/zaken/{case_ref}")
    assert client.get(f"/zaken/{case_ref}").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(app, users: dict[str, str], target: str) -> None:
    from tests.web.conftest import PASSWORD, new_client, scrape_csrf

    client = new_client(app)
    token = scrape_csrf(client.get("/login"))
    response = client.post("/login", data={"gebruikersnaam": users["oov"], "wachtwoord": PASSWORD,
                                           "csrf_token": token, "volgende": target})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, location


def test_wrong_password_is_refused_in_dutch(app, users: dict[str, str]) -> None:
    from tests.web.conftest import new_client, scrape_csrf

    client = new_client(app)
    token = scrape_csrf(client.get("/login"))
    for name, password in [(users["oov"], "verkeerd-wachtwoord"), ("bestaat.niet", "geheim-wachtwoord-1")]:
        response = client.post("/login", data={"gebruikersnaam": name, "wachtwoord": password,
                                               "csrf_token": token})
        assert response.status_code == 401
        assert "Gebruikersnaam of wachtwoord klopt niet." in response.text
    assert client.get("/zaken").status_code == 303  # still not logged in


def test_logout_ends_the_session(browsers: Browsers) -> None:
    oov = browsers["oov"]
    assert oov.get("/zaken").status_code == 200
    assert oov.post_form("/logout").status_code == 303
    assert oov.get("/zaken").status_code == 303
    assert oov.get("/api/zaken").status_code == 401


# --- CSRF ---------------------------------------------------------------------------------------

FORM_ACTIONS = [
    ("/zaken/nieuw", INTAKE_FORM, "oov"),
    (f"/zaken/{{ref}}/stappen/{STEP}", {"status": "afgerond", "versie": VERSION}, "oov"),
    ("/zaken/{ref}/volgende", {"versie": VERSION}, "oov"),
    ("/zaken/{ref}/feiten", {"versie": VERSION, "sluiting": "ja"}, "oov"),
    ("/zaken/{ref}/brieven", {"soort": "opdracht-nazorgteam", "adressen": "Havenstraat 10"}, "oov"),
    ("/zaken/{ref}/besluiten/nieuw", {"ground": "174a-1-b", "versie": VERSION}, "juridisch"),
    ("/logout", {}, "oov"),
]


@pytest.mark.parametrize("token", ["geen", "verkeerd", "van-andere-sessie"])
@pytest.mark.parametrize(("path", "body", "actor"), FORM_ACTIONS,
                         ids=[p.split("/")[-1] for p, _, _ in FORM_ACTIONS])
def test_form_post_without_valid_csrf_token_is_refused(path: str, body: dict[str, Any], actor: str,
                                                       token: str, cell: World) -> None:
    engine, case_ref, browsers = cell.engine, cell.case_ref, SavedBrowsers(cell)
    finish_blockers(cell.uow, case_ref)
    browser = browsers[actor]
    # valid, but for another session (logging that session in is itself audited, so do it first)
    other_session_token = browsers.fresh(actor).csrf if token == "van-andere-sessie" else None
    before = state(engine, case_ref)
    form = _fill(body, {VERSION: before["versions"][case_ref]})
    if token == "verkeerd":
        form["csrf_token"] = "x" * 43
    elif other_session_token:
        form["csrf_token"] = other_session_token
    response = browser.post_form(path.format(ref=case_ref), form, csrf=False)
    assert response.status_code == 403, show(response)
    assert_refusal_is_dutch(response, api=False)
    assert "CSRF" in response.text
    assert state(engine, case_ref) == before
    assert browser.get("/zaken").status_code == 200  # still logged in (logout was refused too)


def test_login_without_csrf_token_is_refused(app, users: dict[str, str]) -> None:
    from tests.web.conftest import PASSWORD, new_client

    client = new_client(app)
    client.get("/login")
    response = client.post("/login", data={"gebruikersnaam": users["oov"], "wachtwoord": PASSWORD})
    assert response.status_code == 403 and "Geen toegang" in response.text
    assert client.get("/zaken").status_code == 303


@pytest.mark.parametrize(("path", "body"), [
    ("/api/zaken", new_case_body()),
    (f"/api/zaken/{{ref}}/stappen/{STEP}", {"status": "afgerond"}),
    ("/api/zaken/{ref}/volgende", {}),
])
@pytest.mark.parametrize("header", [None, "verkeerd"])
def test_api_post_with_session_cookie_needs_csrf_header(path: str, body: dict[str, Any],
                                                        header: str | None, cell: World) -> None:
    engine, case_ref = cell.engine, cell.case_ref
    finish_blockers(cell.uow, case_ref)
    oov = SavedBrowsers(cell)["oov"]
    before = state(engine, case_ref)
    headers = {"X-CSRF-Token": header} if header else {}
    response = oov.client.post(path.format(ref=case_ref), json=body, headers=headers)
    assert response.status_code == 403, show(response)
    assert "CSRF" in response.json()["detail"]
    assert state(engine, case_ref) == before


# --- bearer tokens --------------------------------------------------------------------------------

def test_bearer_token_works_for_the_api_without_csrf(app, engine: Engine, users: dict[str, str],  # type: ignore[no-untyped-def]
                                                     token_for, case_ref: str) -> None:
    client = bearer(app, token_for("oov"))
    listed = client.get("/api/zaken")
    assert listed.status_code == 200 and [c["reference"] for c in listed.json()] == [case_ref]
    before = last_audit_id(engine)
    changed = client.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "afgerond"})
    assert changed.status_code == 200, show(changed)
    assert step_status(engine, case_ref, STEP) == "afgerond"
    created = client.post_json("/api/zaken", new_case_body())
    assert created.status_code == 201, show(created)
    assert created.json()["reference"].startswith("GM9999-")
    events = audit_since(engine, before)
    assert events and {e.actor for e in events} == {users["oov"]}


def test_bearer_token_carries_the_role_of_its_user(app, engine: Engine, token_for, case_ref: str) -> None:  # type: ignore[no-untyped-def]
    politie = bearer(app, token_for("politie"))
    for response in (politie.get("/api/zaken"), politie.get(f"/api/zaken/{case_ref}"),
                     politie.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "afgerond"})):
        assert response.status_code == 403, show(response)
    juridisch = bearer(app, token_for("juridisch"))
    assert juridisch.get(f"/api/zaken/{case_ref}").status_code == 200
    assert juridisch.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "afgerond"}).status_code == 403
    elders = bearer(app, token_for("oov-elders"))
    assert elders.get(f"/api/zaken/{case_ref}").status_code == 404  # out of reach = missing
    assert step_status(engine, case_ref, STEP) == "open"


@pytest.mark.parametrize("header", ["Bearer verkeerd-token", "Bearer ", "Bearer {old}"])
def test_wrong_bearer_token_is_refused(app, engine: Engine, token_for, case_ref: str, header: str) -> None:  # type: ignore[no-untyped-def]
    old = token_for("oov")
    token_for("oov")  # a new token replaces the old one
    client = bearer(app, "x")
    client.extra_headers = {"Authorization": header.format(old=old)}
    before = state(engine, case_ref)
    for response in (client.get("/api/zaken"), client.get(f"/api/zaken/{case_ref}"),
                     client.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "afgerond"}),
                     client.post_json("/api/zaken", new_case_body())):
        assert response.status_code == 401, show(response)
        assert response.json()["detail"].startswith("Niet ingelogd")
    assert state(engine, case_ref) == before


def test_a_stolen_cookie_session_does_not_survive_deactivation(engine: Engine, browsers: Browsers,
                                                               users: dict[str, str]) -> None:
    from playbook.storage.tables import User

    oov = browsers["oov"]
    assert oov.get("/zaken").status_code == 200
    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == users["oov"])).one()
        user.active = False
        s.add(user)
        s.commit()
    assert oov.get("/zaken").status_code == 303
    assert oov.get("/api/zaken").status_code == 401


def test_audit_trail_names_each_actor(engine: Engine, uow, browsers: Browsers,  # type: ignore[no-untyped-def]
                                      users: dict[str, str], case_ref: str) -> None:
    """Two people acting on one case: the audit trail (page and API) tells them apart."""
    oov, juridisch = browsers["oov"], browsers["juridisch"]
    version = case_version(engine, case_ref)
    assert oov.post_form(f"/zaken/{case_ref}/stappen/{STEP}",
                         {"status": "afgerond", "versie": version}).status_code == 303
    assert juridisch.post_form(f"/zaken/{case_ref}/besluiten/nieuw",
                               {"ground": "", "versie": case_version(engine, case_ref)}).status_code == 303
    trail = oov.get(f"/api/zaken/{case_ref}/audit").json()
    actors = {(e["action"], e["actor"]) for e in trail}
    assert ("stap-gewijzigd", users["oov"]) in actors
    assert ("besluit-concept", users["juridisch"]) in actors
    page = juridisch.get(f"/zaken/{case_ref}")
    history = page.text.split("Auditspoor", 1)[1]  # by name on the page, by login in the API
    assert f", {full_name(engine, users['oov'])}:" in history
    assert f", {full_name(engine, users['juridisch'])}:" in history
    # The decision by its kind, not by its id ("besluit 8" means nothing to a reader).
    # Drafted in words, and the kind once, not again as a code after it.
    assert re.search(r"besluit opgesteld: Sluiting \(concept\)\s*</li>", history), history[:2000]
    found = re.search(r"besluit \d", history)
    assert not found, history[max(0, found.start() - 300):found.end() + 100]
    with Session(engine) as s:
        rows = s.exec(select(AuditEvent).where(col(AuditEvent.actor).in_(
            [users["oov"], users["juridisch"]]))).all()
    assert {r.action for r in rows} >= {"stap-gewijzigd", "besluit-concept"}


# --- session cookie and headers ---------------------------------------------------------------------

@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_is_httponly_samesite_strict_and_secure_when_configured(
        engine: Engine, users: dict[str, str], secure: bool) -> None:
    from playbook.config import Settings
    from playbook.web.app import create_app
    from tests.web.conftest import PASSWORD, SECRET, new_client, scrape_csrf

    client = new_client(create_app(engine, Settings(secure_cookies=secure, secret_key=SECRET)))
    client.base_url = httpx.URL("https://testserver")  # a Secure cookie is only sent over https
    token = scrape_csrf(client.get("/login"))
    response = client.post("/login", data={"gebruikersnaam": users["oov"], "wachtwoord": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("playbook_sessie=")
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert ("; secure" in cookie) is secure


def test_pages_carry_security_headers(browsers: Browsers, case_ref: str) -> None:
    for response in (browsers[ANONYMOUS].get("/login"), browsers["oov"].get(f"/zaken/{case_ref}"),
                     browsers["politie"].get(f"/zaken/{case_ref}"), browsers["oov"].get("/api/zaken")):
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in response.headers["content-security-policy"]
