"""The JSON API rejects bad input with clear Dutch 4xx answers, never a 500, and writes nothing."""

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from playbook.storage.tables import AuditEvent, Case, Document, Person
from tests.web.conftest import (
    Browser,
    bearer,
    blockers,
    case_version,
    count_rows,
    finish_blockers,
    step_status,
    utcnow,
    wall_clock,
)

STEP = "noodbevel-overwegen"
ENGLISH = ("Field required", "Not Found", "Method Not Allowed", "Input should", "Unprocessable",
           "Internal Server Error", "value is not", "JSON decode error", "Expecting value")


def valid_intake(**overrides: Any) -> dict[str, Any]:
    body = {"street": "Dijkstraat", "house_number": "7", "postcode": "9999 CD", "city": "Rivierstad",
            "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": wall_clock(utcnow() - timedelta(hours=1)),
            "persons": [{"name": "Mevrouw C. Jansen", "role": "bewoner", "self_reliant": "nee"}]}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def api(app, token_for) -> Browser:  # type: ignore[no-untyped-def]
    """The OOV officer's case system, talking to the API with a bearer token."""
    return bearer(app, token_for("oov"))


def written(engine: Engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, m) for m in (Case, Person, AuditEvent, Document))


def assert_dutch_problem(response, status: int, field: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    text = json.dumps(body, ensure_ascii=False)
    assert not any(word in text for word in ENGLISH), text
    problems = body.get("problems") or []
    if field is not None:
        assert any(p.startswith((f"{field}:", f"{field} ")) for p in problems), problems
    return problems


# --- POST /api/zaken ----------------------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"postcode": "99 AB"}, "postcode", "geen geldige postcode"),
    ({"postcode": "0123 AB"}, "postcode", "geen geldige postcode"),
    ({"object_type": "kasteel"}, "objecttype", "onbekende waarde 'kasteel'"),
    ({"incident_kind": "ruzie"}, "soort", "onbekende waarde 'ruzie'"),
    ({"occurred_at": "2099-01-01 10:00"}, "tijdstip", "toekomst"),
    ({"occurred_at": "gisteren"}, "tijdstip", "ongeldige datum en tijd"),
    ({"house_number": "veertien"}, "huisnummer", "geheel getal"),
    ({"house_number": "0"}, "huisnummer", "minstens 1"),
    ({"injured": -1}, "gewonden", "minstens 0"),
    ({"persons": [{"name": "X", "role": "koning"}]}, "personen", "onbekende waarde 'koning'"),
    ({"persons": "iedereen"}, "personen", "lijst"),
    ({"onbekend_veld": 1}, "onbekend_veld", "onbekend veld"),
])
def test_create_rejects_bad_field_naming_it_in_dutch(api: Browser, engine: Engine, overrides: dict[str, Any],
                                                     field: str, words: str) -> None:
    before = written(engine)
    response = api.post_json("/api/zaken", valid_intake(**overrides))
    problems = assert_dutch_problem(response, 422, field)
    assert any(words in p for p in problems), problems
    assert written(engine) == before, "a rejected create wrote something"


def test_create_with_missing_fields_names_every_one(api: Browser, engine: Engine) -> None:
    before = written(engine)
    response = api.post_json("/api/zaken", {"street": "Dijkstraat"})
    problems = assert_dutch_problem(response, 422)
    for field in ("huisnummer", "postcode", "plaats", "objecttype", "soort", "tijdstip"):
        assert f"{field}: verplicht veld ontbreekt" in problems, problems
    assert not any(p.startswith("straat") for p in problems)
    assert written(engine) == before


def test_create_collects_all_problems_at_once(api: Browser, engine: Engine) -> None:
    before = written(engine)
    response = api.post_json("/api/zaken", valid_intake(postcode="99 AB", object_type="kasteel",
                                                         occurred_at="2099-01-01 10:00"))
    problems = assert_dutch_problem(response, 422)
    for field in ("postcode", "objecttype"):
        assert any(p.startswith(f"{field}:") for p in problems), problems
    assert written(engine) == before


@pytest.mark.parametrize(("content", "content_type"), [
    (b"dit is geen json", "application/json"),
    (b'{"street": "Dijkstraat",', "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b"null", "application/json"),
    (b"", "application/json"),
    (b"street=Dijkstraat", "application/x-www-form-urlencoded"),
])
def test_create_rejects_a_body_that_is_no_json_object(api: Browser, engine: Engine, content: bytes,
                                                      content_type: str) -> None:
    before = written(engine)
    response = api.client.post("/api/zaken", content=content,
                               headers={**api.extra_headers, "content-type": content_type})
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert_dutch_problem(response, response.status_code)
    assert written(engine) == before


def test_invalid_json_is_explained_as_invalid_json(api: Browser) -> None:
    """Malformed JSON should say so, not show a puzzling 'ongeldige waarde' for a field '0'."""
    response = api.client.post("/api/zaken", content=b"dit is geen json",
                               headers={**api.extra_headers, "content-type": "application/json"})
    problems = assert_dutch_problem(response, 422)
    assert any("json" in p.lower() for p in [response.json()["detail"], *problems]), response.json()


def test_valid_create_answers_201_with_the_case(api: Browser, engine: Engine) -> None:
    response = api.post_json("/api/zaken", valid_intake())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["reference"].startswith("GM9999-") and body["version"] >= 1
    assert body["phase"] == "incident" and body["address"].startswith("Dijkstraat 7")
    assert "evacuatie-opvang" in body["open_mandatory_steps"]
    assert {s["id"] for s in body["steps"]} >= {"alarmering-afzetting", STEP}
    assert count_rows(engine, Case) == 1


# --- steps and phases ---------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [None, "", "   ", "x"])
def test_skip_without_reason_is_422(api: Browser, engine: Engine, case_ref: str, reason: str | None) -> None:
    before = written(engine)
    body = {"status": "overgeslagen", **({"reason": reason} if reason is not None else {})}
    response = api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", body)
    assert_dutch_problem(response, 422, "reden")
    assert step_status(engine, case_ref, STEP) == "open"
    assert written(engine) == before


def test_skip_with_reason_is_recorded(api: Browser, engine: Engine, case_ref: str) -> None:
    response = api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}",
                             {"status": "overgeslagen", "reason": "Geen acuut gevaar meer."})
    assert response.status_code == 200, response.text
    step = next(s for s in response.json()["steps"] if s["id"] == STEP)
    assert (step["status"], step["reason"]) == ("overgeslagen", "Geen acuut gevaar meer.")


@pytest.mark.parametrize(("body", "field"), [
    ({"status": "klaar"}, "status"),
    ({"status": "niet-van-toepassing"}, "status"),
    ({}, "status"),
    ({"status": "afgerond", "version": "twee"}, "version"),
])
def test_bad_step_change_is_422(api: Browser, engine: Engine, case_ref: str, body: dict[str, Any],
                                field: str) -> None:
    before = written(engine)
    response = api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", body)
    assert_dutch_problem(response, 422, field)
    assert written(engine) == before


def test_unknown_step_is_404(api: Browser, engine: Engine, case_ref: str) -> None:
    before = written(engine)
    response = api.post_json(f"/api/zaken/{case_ref}/stappen/bestaat-niet", {"status": "afgerond"})
    assert_dutch_problem(response, 404)
    assert "Stap 'bestaat-niet' bestaat niet" in response.json()["detail"]
    assert written(engine) == before


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/zaken/GM9999-2026-9999"),
    ("GET", "/api/zaken/GM9999-2026-9999/audit"),
    ("GET", "/api/zaken/GM9999-2026-9999/besluiten"),
    ("GET", "/api/zaken/niet-een-zaaknummer"),
    ("POST", f"/api/zaken/GM9999-2026-9999/stappen/{STEP}"),
    ("POST", "/api/zaken/GM9999-2026-9999/volgende"),
])
def test_unknown_case_is_404(api: Browser, engine: Engine, case_ref: str, method: str, path: str) -> None:
    before = written(engine)
    response = (api.get(path) if method == "GET"
                else api.post_json(path, {"status": "afgerond"} if "stappen" in path else {}))
    assert_dutch_problem(response, 404)
    assert "bestaat niet" in response.json()["detail"]
    assert written(engine) == before


def test_advance_with_open_steps_is_409_listing_them(api: Browser, engine: Engine, case_ref: str) -> None:
    open_steps = blockers(engine, case_ref)
    assert open_steps
    before = written(engine)
    response = api.post_json(f"/api/zaken/{case_ref}/volgende", {})
    assert_dutch_problem(response, 409)
    detail = response.json()["detail"]
    assert "De fase 'Incident' kan nog niet worden afgesloten" in detail
    for step_id in open_steps:
        assert f"[{step_id}]" in detail, (step_id, detail)
    assert written(engine) == before
    assert api.get(f"/api/zaken/{case_ref}").json()["phase"] == "incident"


def test_advance_when_ready_moves_to_the_next_phase(api: Browser, uow, case_ref: str) -> None:  # type: ignore[no-untyped-def]
    finish_blockers(uow, case_ref)
    response = api.post_json(f"/api/zaken/{case_ref}/volgende", {})
    assert response.status_code == 200, response.text
    assert response.json()["phase"] == "eerste-nazorg"


@pytest.mark.parametrize("action", ["stap", "volgende"])
def test_stale_version_is_409_conflict(api: Browser, engine: Engine, uow, case_ref: str, action: str) -> None:  # type: ignore[no-untyped-def]
    finish_blockers(uow, case_ref)
    seen = case_version(engine, case_ref)
    # someone else changes the case in the meantime
    assert api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}",
                         {"status": "afgerond", "version": seen}).status_code == 200
    before = written(engine)
    if action == "stap":
        response = api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "open", "version": seen})
    else:
        response = api.post_json(f"/api/zaken/{case_ref}/volgende", {"version": seen})
    assert_dutch_problem(response, 409)
    assert "intussen door iemand anders gewijzigd" in response.json()["detail"]
    assert f"u had versie {seen}" in response.json()["detail"]
    assert written(engine) == before
    assert step_status(engine, case_ref, STEP) == "afgerond"


def test_setting_a_step_to_its_current_status_is_409(api: Browser, case_ref: str) -> None:
    assert_dutch_problem(api.post_json(f"/api/zaken/{case_ref}/stappen/{STEP}", {"status": "open"}), 409)


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=veel"])
def test_bad_paging_is_422(api: Browser, case_ref: str, query: str) -> None:
    assert_dutch_problem(api.get(f"/api/zaken?{query}"), 422)


def test_fase_filter(api: Browser, case_ref: str) -> None:
    assert [c["reference"] for c in api.get("/api/zaken?fase=incident").json()] == [case_ref]
    assert api.get("/api/zaken?fase=herstel").json() == []


# --- unknown routes and methods are Dutch too ---------------------------------------------------

@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/bestaat-niet", 404),
    ("GET", "/api/zaken/{ref}/bestaat-niet", 404),
    ("DELETE", "/api/zaken/{ref}", 405),
    ("PUT", "/api/zaken", 405),
])
def test_unknown_api_route_or_method_answers_in_dutch(api: Browser, case_ref: str, method: str,
                                                      path: str, status: int) -> None:
    response = api.client.request(method, path.format(ref=case_ref), headers=api.extra_headers)
    assert_dutch_problem(response, status)


# --- OpenAPI -------------------------------------------------------------------------------------

def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [*([node["$ref"]] if "$ref" in node else []), *(r for v in node.values() for r in _refs(v))]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_openapi_document_is_valid_and_lists_the_case_paths(app) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import new_client

    response = new_client(app).get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    paths = spec["paths"]
    expected = {
        "/api/zaken": {"get", "post"},
        "/api/zaken/{reference}": {"get"},
        "/api/zaken/{reference}/stappen/{step_id}": {"post"},
        "/api/zaken/{reference}/volgende": {"post"},
        "/api/zaken/{reference}/audit": {"get"},
        "/api/zaken/{reference}/besluiten": {"get"},
        "/api/termijnen": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, sorted(paths)
        assert methods <= set(paths[path]), (path, set(paths[path]))
    assert all(p.startswith("/api/") for p in paths), "HTML pages do not belong in the API schema"
    operation_ids = []
    for path, operations in paths.items():
        params = {p["name"] for op in operations.values() for p in op.get("parameters", [])
                  if p["in"] == "path"}
        assert params == {seg[1:-1] for seg in path.split("/") if seg.startswith("{")}, path
        for method, op in operations.items():
            assert op.get("responses"), (path, method)
            assert op.get("summary"), (path, method)
            operation_ids.append(op["operationId"])
    assert len(operation_ids) == len(set(operation_ids))
    schemas = spec.get("components", {}).get("schemas", {})
    for ref in _refs(spec):
        assert ref.startswith("#/components/schemas/") and ref.split("/")[-1] in schemas, ref
    case_out = schemas["CaseOut"]["properties"]
    assert {"reference", "version", "phase", "open_mandatory_steps", "steps"} <= set(case_out)
    step_change = schemas["StepChange"]
    assert set(step_change["required"]) == {"status"}
    assert "post" in paths["/api/zaken"] and "201" in paths["/api/zaken"]["post"]["responses"]
