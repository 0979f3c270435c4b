"""Ending a measure early in the decision workspace: the lifting form under a measure that was
made known, refused with the reason next to the field and the typed text kept, then drafted,
taken with a confirmation and made known like the measure itself, with its own letter."""

import re
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.documents.formatting import date_nl
from playbook.storage.tables import Decision
from tests.web.conftest import Browsers, today_nl
from tests.web_actions.helpers import text
from tests.web_actions.measure_steps import camera, letters, start, status_of, take, tomorrow

WHY = "De politie ziet sinds weken geen dreiging meer rond de Eikenlaan; toezicht is niet meer nodig."


def test_cameratoezicht_is_withdrawn_early_from_the_workspace(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    watched = start(juridisch, engine, ref, "cameratoezicht", camera())
    take(juridisch, engine, ref, watched, "151c")
    published = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {"besluit": watched, "datum": today_nl().isoformat(), "wijze": "publicatie"},
    )
    assert published.status_code == 303
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert re.search(r">Aanwijzingsbesluit cameratoezicht, versie \d</a>", page)  # not its code
    assert f'id="ophef-maatregel-{watched}"' in page and "Aanwijzing intrekken" in page

    late = (tomorrow() + timedelta(days=91)).isoformat()
    refused = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/ophef", {"besluit": watched, "reden": WHY, "datum": late}
    )
    assert refused.status_code == 422
    assert "Ingang opheffing: moet liggen tussen de ingang" in text(refused.text)
    assert WHY in refused.text and f'value="{late}"' in refused.text  # the form is re-filled
    empty = juridisch.post_form(f"/zaken/{ref}/maatregelen/ophef", {"besluit": watched})
    assert empty.status_code == 422 and "Reden van opheffing" in text(empty.text)
    with Session(engine) as s:  # nothing written by a refusal
        assert s.exec(select(Decision).where(Decision.parent_id == watched)).first() is None

    drafted = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/ophef",
        {"besluit": watched, "reden": WHY, "datum": (tomorrow() + timedelta(days=10)).isoformat()},
    )
    assert drafted.status_code == 303
    with Session(engine) as s:
        lifting = s.exec(select(Decision).where(Decision.parent_id == watched)).one()
        assert lifting.kind == "opheffing-maatregel" and lifting.id is not None
        lifting_id = lifting.id
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    # Which measure it lifts (by the day that one started) and from when, in its heading.
    with Session(engine) as s:
        started = s.get(Decision, watched).start_date  # type: ignore[union-attr]
    effective = date_nl(tomorrow() + timedelta(days=10))
    assert f"Opheffing van het cameratoezicht van {date_nl(started)}, concept, per {effective}" \
        in text(page)
    # The case's audit trail knows it by the same measure (its id means nothing to a reader).
    history = text(juridisch.get(f"/zaken/{ref}").text).split("Auditspoor")[-1]
    assert f"besluit opgesteld: Opheffing van een maatregel van {date_nl(started)}" in history
    assert f"voornemen-{lifting_id}" not in page  # a lifting favours: no zienswijze
    assert f'id="ophef-maatregel-{watched}"' not in page  # lifted once

    take(juridisch, engine, ref, lifting_id, "intrekking van de aanwijzing voor cameratoezicht")
    known = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {"besluit": lifting_id, "datum": today_nl().isoformat(), "wijze": "publicatie"},
    )
    assert known.status_code == 303, text(known.text)[-600:]
    assert status_of(engine, lifting_id) == "bekendgemaakt"
    [letter] = letters(juridisch, engine, ref, lifting_id)[-1:]
    assert "art. 151c Gemeentewet" in letter and WHY in letter and "174a" not in letter
