"""Hostile input on every form, path and query parameter: never a 500, always a Dutch answer.

The values are the ones a probe used to produce HTTP 500s: integers beyond 32 and 64 bits,
NUL bytes, the year 1, a 1 MB string and an empty bekendmaking date. Runs on SQLite and
PostgreSQL through the shared `engine` fixture; nothing may be half-written.
"""

from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.storage.tables import Case, Decision, Person
from tests.web.conftest import Browsers, count_rows, utcnow, wall_clock

HOSTILE = {
    "int32": str(2**31),
    "int64": str(2**63),
    "huge": "9" * 40,
    "negative": str(-(2**63) - 1),
    "nul": "Havenstraat\x00",
    "year1": "0001-01-01",
    "year1-time": "0001-01-01 00:00",
    "megabyte": "x" * 1_000_000,
    "empty": "",
}

# (path, form fields) of every HTML form; {ref} is the case, {decision} its draft decision.
FORMS: list[tuple[str, tuple[str, ...]]] = [
    ("/zaken/nieuw", ("street", "house_number", "house_suffix", "postcode", "city", "object_type",
                      "incident_kind", "occurred_at", "damage", "injured", "person_name",
                      "person_role", "person_language")),
    ("/zaken/{ref}/stappen/noodbevel-overwegen", ("status", "versie", "reden")),
    ("/zaken/{ref}/volgende", ("versie",)),
    ("/zaken/{ref}/feiten", ("versie", "sluiting")),
    ("/zaken/{ref}/brieven", ("soort", "persoon", "adressen")),
    ("/zaken/{ref}/besluiten/nieuw", ("versie", "ground", "duration_days", "start_date", "facts")),
    ("/zaken/{ref}/besluiten/wijzig", ("besluit", "versie", "start_date", "duration_days")),
    ("/zaken/{ref}/besluiten/bekendmaking", ("besluit", "datum", "wijze")),
    ("/zaken/{ref}/besluiten/ophef", ("besluit", "datum", "reden")),
    ("/zaken/{ref}/besluiten/voornemen", ("besluit", "termijn")),
]

GETS = [
    "/zaken/{value}", "/zaken/{value}/besluiten", "/zaken/{ref}/documenten/{value}",
    "/inbox/{ref}/{value}", "/zaken?pagina={value}", "/zaken?zoek={value}", "/zaken?fase={value}",
    "/api/zaken/{value}", "/api/zaken?limit={value}", "/api/zaken?offset={value}",
    "/api/zaken/{value}/audit", "/api/zaken/{value}/besluiten", "/login?volgende={value}",
]


@pytest.fixture
def decision_id(browsers: Browsers, case_ref: str, engine: Engine) -> int:
    from sqlmodel import Session, select

    response = browsers["juridisch"].post_form(f"/zaken/{case_ref}/besluiten/nieuw",
                                               {"ground": ""})  # proposed from the facts
    assert response.status_code == 303, response.text[:300]
    with Session(engine) as s:
        return s.exec(select(Decision.id)).one()  # type: ignore[call-overload]


def _fill(template: str, **values: Any) -> str:
    return template.replace("{ref}", str(values["ref"])).replace(
        "{decision}", str(values.get("decision", ""))).replace(
        "{value}", quote(str(values.get("value", "")), safe=""))


def test_hostile_form_fields_never_give_a_server_error(browsers: Browsers, case_ref: str,
                                                       decision_id: int, engine: Engine) -> None:
    admin = browsers["admin"]  # may do every page action
    base = {"street": "Dijkstraat", "house_number": "7", "postcode": "9999 CD",
            "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": wall_clock(utcnow()), "besluit": str(decision_id), "versie": "1",
            "status": "afgerond", "soort": "bewonersbrief", "datum": "", "wijze": "uitreiking"}
    failures = []
    for path, fields in FORMS:
        url = _fill(path, ref=case_ref, decision=decision_id)
        for field in fields:
            for name, value in HOSTILE.items():
                response = admin.post_form(url, {**base, field: value})
                if response.status_code >= 500:
                    failures.append((url, field, name, response.status_code))
                elif response.status_code >= 400:
                    assert "Traceback" not in response.text
    assert not failures, failures
    # Every hostile intake was refused whole: no hostile value reached a case or a person.
    # (An empty optional field such as the house suffix is a valid intake.)
    with Session(engine) as s:
        stored = [*s.exec(select(Case.street, Case.city, Case.damage)).all(),  # type: ignore[call-overload]
                  *s.exec(select(Person.name, Person.address)).all()]  # type: ignore[call-overload]
    for value in (v for row in stored for v in row if v):
        assert len(value) <= 50_000 and "\x00" not in value and "99999" not in value


def test_empty_bekendmaking_date_names_the_field(browsers: Browsers, case_ref: str,
                                                 decision_id: int) -> None:
    response = browsers["admin"].post_form(f"/zaken/{case_ref}/besluiten/bekendmaking",
                                           {"besluit": str(decision_id), "datum": "",
                                            "wijze": "uitreiking"})
    assert response.status_code == 422
    assert "Datum: verplicht" in response.text


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_paths_and_queries_never_give_a_server_error(browsers: Browsers, case_ref: str,
                                                             name: str) -> None:
    value = HOSTILE[name][:5000] if name == "megabyte" else HOSTILE[name]
    for url in GETS:
        for browser in (browsers["oov"], browsers["politie"]):
            response = browser.get(_fill(url, ref=case_ref, value=value))
            assert response.status_code < 500, (url, name, response.text[:300])


def test_hostile_json_never_gives_a_server_error(browsers: Browsers, case_ref: str,
                                                 token_for, app, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import bearer

    api = bearer(app, token_for("admin"))
    before = count_rows(engine, Case)
    bodies: list[tuple[str, dict[str, Any]]] = []
    intake = {"street": "Dijkstraat", "house_number": 7, "postcode": "9999 CD", "city": "Rivierstad",
              "object_type": "woning", "incident_kind": "aanslag",
              "occurred_at": wall_clock(utcnow())}
    for field in intake:
        for value in (2**31, 2**64, -(2**70), "a\x00b", "0001-01-01 00:00", "x" * 1_000_000):
            bodies.append(("/api/zaken", {**intake, field: value}))
    bodies.append(("/api/zaken", {**intake, "persons": [{"name": "x" * 300, "role": "bewoner"}]}))
    for value in (2**31, 2**64, "a\x00b"):
        bodies.append((f"/api/zaken/{case_ref}/stappen/noodbevel-overwegen",
                       {"status": "afgerond", "version": value}))
        bodies.append((f"/api/zaken/{case_ref}/volgende", {"version": value}))
    for url, body in bodies:
        response = api.post_json(url, body)
        assert response.status_code < 500, (url, body if len(str(body)) < 300 else "...", response.text[:300])
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["detail"]
    assert count_rows(engine, Case) == before


def test_a_megabyte_street_is_refused_with_a_dutch_413_or_422(browsers: Browsers) -> None:
    response = browsers["oov"].post_form("/zaken/nieuw", {"street": "x" * 20_000_000})
    assert response.status_code == 413
    assert "te groot" in response.text


def test_too_many_addresses_in_one_letter_run_are_refused(browsers: Browsers, case_ref: str) -> None:
    addresses = "\n".join(f"Havenstraat {n}, 9999 AB Rivierstad" for n in range(1, 600))
    response = browsers["oov"].post_form(f"/zaken/{case_ref}/brieven",
                                         {"soort": "bewonersbrief", "adressen": addresses})
    assert response.status_code == 422
    assert "hoogstens 500" in response.text
