"""Refusals in the measure workspace: only the legal office drafts and takes a measure, a bad
value keeps everything typed with a Dutch problem at its field, and nothing is half-written."""

import html
import re
from datetime import timedelta

from sqlalchemy import Engine

from playbook.storage.tables import Decision
from playbook.storage.tables_measures import MeasureIncident
from tests.web.conftest import Browsers, case_version, count_rows, last_audit_id, today_nl
from tests.web_actions.helpers import text
from tests.web_actions.measure_steps import area_ban, camera, start, status_of


def test_an_officer_or_partner_cannot_draft_or_take_a_measure(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref = nazorg_case
    page = browsers["oov"].get(f"/zaken/{ref}/besluiten").text
    assert "Nieuwe maatregel" not in page and "/maatregelen/nieuw" not in page
    for role in ("oov", "politie"):
        refused = browsers[role].post_form(
            f"/zaken/{ref}/maatregelen/nieuw",
            {"soort": "cameratoezicht", "versie": case_version(engine, ref), **camera()},
        )
        assert refused.status_code in (403, 404)
    assert count_rows(engine, Decision) == 0
    decision_id = start(browsers["juridisch"], engine, ref, "cameratoezicht", camera())
    before = last_audit_id(engine)
    for action, data in (
        ("besluiten/neem", {"besluit": decision_id, "bevestigd": "ja"}),
        ("maatregelen/wijzig", {"besluit": decision_id, "area": "Alleen het plein."}),
    ):
        refused = browsers["oov"].post_form(f"/zaken/{ref}/{action}", data)
        assert refused.status_code == 403, action
    assert browsers["oov"].get(f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld").status_code == 403
    assert status_of(engine, decision_id) == "concept" and last_audit_id(engine) == before


def test_a_refused_measure_keeps_what_was_typed_with_the_problem_at_its_field(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    before = last_audit_id(engine)
    refused = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/nieuw",
        {
            "soort": "cameratoezicht",
            "versie": case_version(engine, ref),
            **camera(),
            "retention_days": "veel",
        },
    )
    assert refused.status_code == 422
    body = html.unescape(refused.text)
    assert f'id="cameratoezicht-area" name="area" rows="3">{camera()["area"]}</textarea>' in body
    assert 'value="veel"' in body and f'value="{camera()["end_date"]}"' in body
    assert re.search(r'id="cameratoezicht-retention_days-fout">\s*<p>Moet een geheel getal zijn', body)
    assert re.search(r'<details id="nieuw-cameratoezicht" open>', body)  # the form stays open
    assert count_rows(engine, Decision) == 0 and last_audit_id(engine) == before

    too_big = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/nieuw",
        {"soort": "gebiedsverbod", "versie": case_version(engine, ref), "person_id": "9" * 12},
    )
    assert too_big.status_code == 422 and "Persoon:" in text(too_big.text)
    unknown = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/nieuw",
        {"soort": "avondklok", "versie": case_version(engine, ref)},
    )
    assert unknown.status_code == 422 and "Soort: kies cameratoezicht" in text(unknown.text)
    assert count_rows(engine, Decision) == 0


def test_a_future_incident_or_an_early_extension_is_refused_and_nothing_is_written(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    decision_id = start(juridisch, engine, ref, "gebiedsverbod", area_ban())
    before = last_audit_id(engine)
    story = "Gooide een fles naar de voordeur van de bewoners."
    refused = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/verstoring",
        {
            "besluit": decision_id,
            "datum": (today_nl() + timedelta(days=2)).isoformat(),
            "omschrijving": story,
            "bron": "politiemutatie",
        },
    )
    assert refused.status_code == 422
    body = html.unescape(refused.text)
    assert f">{story}</textarea>" in body and 'value="politiemutatie"' in body
    assert "Datum verstoring: niet in de toekomst" in text(body)
    early = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/verleng",
        {"besluit": decision_id, "tot": today_nl().isoformat(), "reden": "Nog steeds onrust."},
    )
    assert early.status_code == 409
    assert "Alleen een bekendgemaakt gebiedsverbod kan worden verlengd" in text(early.text)
    edit = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/wijzig",
        {"besluit": decision_id, "area": "Alleen het plein.", "end_date": "over een maand"},
    )
    assert edit.status_code == 422
    body = html.unescape(edit.text)
    assert f'id="d{decision_id}-area" name="area" rows="3">Alleen het plein.</textarea>' in body
    assert 'value="over een maand"' in body and "Einddatum:" in text(body)
    assert count_rows(engine, MeasureIncident) == 0 and last_audit_id(engine) == before
    assert count_rows(engine, Decision) == 1
