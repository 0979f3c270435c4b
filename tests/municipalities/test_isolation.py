"""Two municipalities in one database: each registers its own cases with its own numbering, and
a user of one never sees the other's cases (list, search, case page, documents, audit, due
list, API), unless an administrator granted them reading access. On SQLite and PostgreSQL."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from playbook.letters.service import generate
from playbook.storage.tables import Case, Document
from tests.municipalities.conftest import BEEKDAL, RIVIERSTAD, utcnow
from tests.web.conftest import Browser

CASE_REF = re.compile(r"GM\d{4}-\d{4}-\d{4}")
MISSING = "GM9998-2020-9999"

Clients = Callable[[str], Browser]


# One incident time and one letter time for every test of the run (the hour it started): the
# cases' letters are then the same HTML in every test, rendered once (tests/render_cache.py).
OCCURRED = utcnow().replace(minute=0, second=0, microsecond=0)
WRITTEN = OCCURRED + timedelta(seconds=1)


def intake(street: str, postcode: str, city: str) -> dict[str, Any]:
    return {"street": street, "house_number": "14", "postcode": postcode, "city": city,
            "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": OCCURRED.strftime("%Y-%m-%d %H:%M"),
            "persons": [{"name": "Mevrouw A. de Boer", "role": "bewoner"}]}


def register(api: Clients, key: str, street: str, postcode: str, city: str) -> str:
    response = api(key).post_json("/api/zaken", intake(street, postcode, city))
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


@pytest.fixture
def cases(api: Clients, uow: Any) -> dict[str, str]:
    """Two cases in Rivierstad, one in Beekdal, each with a resident letter."""
    refs = {"a1": register(api, "a", "Havenstraat", "9999 AB", "Rivierstad"),
            "a2": register(api, "a", "Dijkstraat", "9999 AC", "Rivierstad"),
            "b1": register(api, "b", "Beekweg", "9998 AB", "Beekdal")}
    with uow() as s:
        for ref in refs.values():
            generate(session=s, reference=ref, kind="bewonersbrief", actor="oov", now=WRITTEN,
                     addresses=["Naastgelegen 1"])
    return refs


def listed(text: str) -> set[str]:
    return set(CASE_REF.findall(text))


def test_numbering_is_independent_per_municipality(cases: dict[str, str], uow: Any) -> None:
    year = utcnow().year
    assert cases == {"a1": f"{RIVIERSTAD}-{year}-0001", "a2": f"{RIVIERSTAD}-{year}-0002",
                     "b1": f"{BEEKDAL}-{year}-0001"}
    with uow() as s:
        rows = {c.reference: c.municipality_code for c in s.exec(select(Case))}
    assert rows[cases["b1"]] == BEEKDAL and rows[cases["a1"]] == RIVIERSTAD


def test_a_user_sees_only_their_own_municipality(cases: dict[str, str], web: Clients,
                                                 api: Clients) -> None:
    own, other = {cases["b1"]}, {cases["a1"], cases["a2"]}
    b = web("b")
    assert listed(b.get("/zaken").text) == own
    assert listed(b.get("/zaken", params={"zoek": "Havenstraat"}).text) == set()
    assert listed(b.get("/zaken", params={"zoek": "GM9999"}).text) == set()
    assert listed(b.get("/zaken", params={"te_laat": "true"}).text) <= own
    assert {c["reference"] for c in api("b").get("/api/zaken").json()} == own
    assert {d["reference"] for d in api("b").get("/api/termijnen").json()} == own
    a = web("a")
    assert listed(a.get("/zaken").text) == other
    assert {c["reference"] for c in api("a").get("/api/zaken").json()} == other


CASE_ROUTES = ["/zaken/{ref}", "/zaken/{ref}/besluiten", "/zaken/{ref}/documenten/{doc}",
               "/api/zaken/{ref}", "/api/zaken/{ref}/audit", "/api/zaken/{ref}/besluiten"]


def test_another_municipalitys_case_answers_like_a_missing_one(
        cases: dict[str, str], web: Clients, api: Clients, uow: Any) -> None:
    """Every route of CASE_ROUTES on the same cases (reads only); every difference named."""
    with uow() as s:
        case = s.exec(select(Case).where(Case.reference == cases["a1"])).one()
        doc = s.exec(select(Document.id).where(Document.case_id == case.id)).first()
    wrong = []
    for route in CASE_ROUTES:
        client = api("b") if route.startswith("/api") else web("b")
        answers = []
        for ref in (cases["a1"], MISSING):
            response = client.get(route.format(ref=ref, doc=doc))
            answers.append((response.status_code, response.text.replace(ref, "REF")))
        if answers[0][0] != 404 or answers[0] != answers[1]:
            wrong.append(f"{route}: {answers[0][0]} {answers[0][1][:200]} / ontbrekend: "
                         f"{answers[1][0]} {answers[1][1][:200]}")
    assert not wrong, "\n".join(wrong)


def test_the_partner_inbox_holds_only_its_municipalitys_letters(cases: dict[str, str],
                                                                web: Clients) -> None:
    inbox = web("politie-b").get("/inbox")
    assert inbox.status_code == 200
    assert listed(inbox.text) == {cases["b1"]}


def test_a_regional_user_reads_granted_municipalities_only(
        cases: dict[str, str], web: Clients, api: Clients) -> None:
    everything = set(cases.values())
    assert listed(web("regio").get("/zaken").text) == everything
    assert {c["reference"] for c in api("regio").get("/api/zaken").json()} == everything
    assert {d["reference"] for d in api("regio").get("/api/termijnen").json()} == everything
    assert web("regio").get(f"/zaken/{cases['b1']}").status_code == 200
    assert api("regio").get(f"/api/zaken/{cases['b1']}/audit").status_code == 200
    # Reading only: a change to the granted municipality's case is refused, nothing stored.
    before = api("regio").get(f"/api/zaken/{cases['b1']}").json()["version"]
    step = api("regio").post_json(f"/api/zaken/{cases['b1']}/stappen/burgemeester-informeren",
                                  {"status": "afgerond"})
    assert step.status_code == 403, step.text
    assert "alleen inzien" in step.json()["detail"]
    assert api("regio").get(f"/api/zaken/{cases['b1']}").json()["version"] == before
    # Without a grant: one municipality, and Beekdal's case does not exist.
    assert listed(web("regio-zonder").get("/zaken").text) == {cases["a1"], cases["a2"]}
    assert web("regio-zonder").get(f"/zaken/{cases['b1']}").status_code == 404


def test_intake_for_a_municipality_the_instance_does_not_serve_is_refused(
        app: Any, uow: Any, api: Clients, users: dict[str, str]) -> None:
    from playbook.users.service import create_user, issue_api_token
    from tests.web.conftest import PASSWORD, bearer

    with uow() as s:
        create_user(session=s, username="oov.elders", full_name="Elders", role="oov",
                    password=PASSWORD, municipality_code="GM0001", actor="beheer", now=utcnow())
        s.flush()
        token = issue_api_token(session=s, username="oov.elders", actor="beheer", now=utcnow())
    response = bearer(app, token).post_json("/api/zaken", intake("Elders", "1234 AB", "Elders"))
    assert response.status_code == 403
    assert "geen draaiboek ingesteld" in response.text
