"""The JSON API declares a model for every body and every answer: no free-form objects."""

from typing import Any

from tests.web.conftest import Browsers


def _schemas(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_schemas(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_schemas(value))
    return found


def test_every_body_and_success_answer_is_a_declared_model(browsers: Browsers) -> None:
    spec = browsers["oov"].get("/api/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                refs = [s for s in _schemas(schema) if "$ref" in s]
                assert refs, (method, path, schema)
            ok = next(v for k, v in operation["responses"].items() if k.startswith("2"))
            schema = ok["content"]["application/json"]["schema"]
            assert any("$ref" in s for s in _schemas(schema)), (method, path, schema)
    intake = spec["components"]["schemas"]["CaseIntakeIn"]
    assert {"street", "house_number", "postcode", "occurred_at"} <= set(intake["properties"])
    assert spec["components"]["schemas"]["DecisionOut"]["properties"]["addressees"]


def test_decisions_and_audit_answer_in_their_declared_shape(
    browsers: Browsers, case_ref: str
) -> None:
    oov = browsers["oov"]
    audit = oov.get(f"/api/zaken/{case_ref}/audit").json()
    assert audit and set(audit[0]) == {"at", "actor", "action", "subject", "old", "new", "reason"}
    assert oov.get(f"/api/zaken/{case_ref}/besluiten").json() == []
    due = oov.get("/api/termijnen").json()
    assert due and set(due[0]) == {"reference", "phase", "step", "partner", "due", "overdue"}


def test_decision_history_keeps_its_from_and_to_fields(
    uow, browsers: Browsers, nazorg_case: str
) -> None:  # type: ignore[no-untyped-def]
    from playbook.decisions import service as decisions
    from tests.web.conftest import utcnow

    with uow() as s:
        decisions.draft(
            session=s,
            reference=nazorg_case,
            fields=decisions.parse_draft({}),
            actor="jur.bram",
            now=utcnow(),
        )
    [decision] = browsers["juridisch"].get(f"/api/zaken/{nazorg_case}/besluiten").json()
    assert decision["status"] == "concept" and decision["missing"]
    assert decision["history"] and {"from", "to", "actor", "at"} <= set(decision["history"][0])
