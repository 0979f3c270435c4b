"""Each measure of issue 13 through the decision workspace, with no CLI: draft, the check shows
what is missing with links to the fields, fix, preview, take with a confirmation, make known
(publication for cameratoezicht, per addressee otherwise), the letter read back, the terms."""

import re
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.storage.tables import Addressee, Decision
from tests.measures.helpers import Uow, map_png
from tests.web.conftest import Browsers, today_nl
from tests.web_actions.helpers import record_rapportage, text
from tests.web_actions.measure_steps import (
    area_ban,
    camera,
    drug_closure,
    ids_on,
    letters,
    missing_links,
    start,
    status_of,
    take,
    tomorrow,
)


def test_cameratoezicht_is_drafted_checked_taken_and_published(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert "Cameratoezicht (art. 151c Gemeentewet)" in text(page)
    assert 'id="cameratoezicht-start_date" name="start_date" type="date"' in page
    assert 'max="28"' in page  # the browser already knows the legal maximum

    decision_id = start(juridisch, engine, ref, "cameratoezicht", {"area": camera()["area"]})
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    missing = missing_links(page, decision_id)
    retention = next(h for t, h in missing.items() if t.startswith("bewaartermijn"))
    assert retention == f"#d{decision_id}-retention_days" and retention[1:] in ids_on(page)
    council = next(h for t, h in missing.items() if t.startswith("machtiging van de raad"))
    assert council[1:] in ids_on(page)
    assert "voornemen-" + str(decision_id) not in ids_on(page)  # general scope: no zienswijze

    saved = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/wijzig",
        {"besluit": decision_id, **camera(), "retention_days": "60"},
    )
    assert saved.status_code == 303
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "bewaartermijn: 60 dagen mag niet" in page  # over four weeks: still refused
    juridisch.post_form(f"/zaken/{ref}/maatregelen/wijzig", {"besluit": decision_id, **camera()})
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Compleet: het besluit kan worden genomen" in page
    assert "publiceert u de aanwijzing in het Gemeenteblad" in page  # what taking leads to

    take(juridisch, engine, ref, decision_id, "151c")
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert "Publicatie vastleggen" in page and 'value="publicatie"' in page
    published = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {"besluit": decision_id, "datum": today_nl().isoformat(), "wijze": "publicatie"},
    )
    assert published.status_code == 303, text(published.text)[:1500]
    assert status_of(engine, decision_id) == "bekendgemaakt"
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Einde cameratoezicht" in page and "Evaluatie cameratoezicht" in page
    assert "Bezwaartermijn" in page
    versions = letters(juridisch, engine, ref, decision_id)
    assert all("151c" in v and "bezwaar" in v.lower() for v in versions)

    # Bezwaar against a measure goes through the closure's own objection form.
    objected = juridisch.post_form(
        f"/zaken/{ref}/bezwaren",
        {
            "besluit": decision_id,
            "indiener": "Bewonersvereniging Eikenlaan",
            "ontvangen": today_nl().isoformat(),
            "commissie": "nee",
        },
    )
    assert objected.status_code == 303, text(objected.text)[-600:]
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Bezwaar van Bewonersvereniging Eikenlaan: tijdig" in page


def test_gebiedsverbod_with_incidents_spoed_bekendmaking_and_extension(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    persons = dict(
        re.findall(
            r'<option value="(\d+)"[^>]*>([^<]+)</option>',
            re.search(r'id="gebiedsverbod-person_id".*?</select>', page, re.S)[0],  # type: ignore[index]
        )
    )
    target = next(i for i, name in persons.items() if name == "Dhr. K.")  # chosen by name
    too_long = (tomorrow() + timedelta(days=120)).isoformat()
    decision_id = start(
        juridisch,
        engine,
        ref,
        "gebiedsverbod",
        {**area_ban(), "person_id": target, "end_date": too_long},
    )
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    missing = missing_links(page, decision_id)
    duration = next(t for t in missing if t.startswith("duur"))
    assert "hoogstens drie maanden" in duration
    assert missing[duration] == f"#d{decision_id}-end_date"
    incidents = next(h for t, h in missing.items() if t.startswith("herhaalde verstoring"))
    assert incidents == f"#verstoring-{decision_id}" and incidents[1:] in ids_on(page)
    where_map = next(h for t, h in missing.items() if t.startswith("kaart:"))
    assert where_map == f"#kaart-{decision_id}" and where_map[1:] in ids_on(page)

    # The map as the officer uploads it (multipart): a PDF is refused at its field, a PNG kept.
    refused = juridisch.client.post(
        f"/zaken/{ref}/maatregelen/kaart",
        data={"besluit": str(decision_id), "csrf_token": juridisch.csrf},
        files={"kaart": ("kaart.pdf", b"%PDF-1.7 geen afbeelding", "application/pdf")})
    assert refused.status_code == 422
    assert re.search(rf'id="kaart-{decision_id}-bestand-fout"><p>Alleen een afbeelding in PNG',
                     refused.text)
    uploaded = juridisch.client.post(
        f"/zaken/{ref}/maatregelen/kaart",
        data={"besluit": str(decision_id), "csrf_token": juridisch.csrf},
        files={"kaart": ("havenkwartier.png", map_png(), "image/png")})
    assert uploaded.status_code == 303
    page = text(juridisch.get(uploaded.headers["location"]).text)
    assert "De kaart is toegevoegd" in page and "Toegevoegd: havenkwartier.png" in page

    for days_ago in (20, 9):
        made = juridisch.post_form(
            f"/zaken/{ref}/maatregelen/verstoring",
            {
                "besluit": decision_id,
                "datum": (today_nl() - timedelta(days=days_ago)).isoformat(),
                "omschrijving": "Bedreigde bewoners op het plein en gooide een fles.",
                "bron": "politiemutatie",
            },
        )
        assert made.status_code == 303
    juridisch.post_form(f"/zaken/{ref}/maatregelen/wijzig", {"besluit": decision_id, **area_ban()})
    urgent = juridisch.post_form(
        f"/zaken/{ref}/besluiten/spoed",
        {"besluit": decision_id, "reden": "Hij dreigt deze week terug te komen; horen kan niet."},
    )
    assert urgent.status_code == 303
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Compleet: het besluit kan worden genomen" in page, page[-1500:]

    take(juridisch, engine, ref, decision_id, "172a")
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert re.search(rf'id="bm-{decision_id}-geadresseerde".*?Dhr\. K\. \(betrokkene\)', page, re.S)
    known = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {"besluit": decision_id, "datum": today_nl().isoformat(), "wijze": "uitreiking"},
    )
    assert known.status_code == 303, text(known.text)[-600:]
    assert status_of(engine, decision_id) == "bekendgemaakt"
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Einde gebiedsverbod" in page and "Gebiedsverbod verlengen" in page
    assert any("172a" in letter for letter in letters(juridisch, engine, ref, decision_id))

    end = tomorrow() + timedelta(days=60)
    extended = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/verleng",
        {
            "besluit": decision_id,
            "tot": (end + timedelta(days=60)).isoformat(),
            "reden": "Hij is sinds het verbod tweemaal net buiten het gebied aangetroffen.",
        },
    )
    assert extended.status_code == 303
    assert "Gebiedsverbod, verlenging 1 (art. 172a Gemeentewet), concept" in text(
        juridisch.get(f"/zaken/{ref}/besluiten").text
    )
    with Session(engine) as s:
        child = s.exec(select(Decision).where(Decision.parent_id == decision_id)).one()
        assert (child.kind, child.status, child.start_date) == (
            "gebiedsverbod",
            "concept",
            end + timedelta(days=1),
        )


def test_sluiting_13b_with_the_proportionality_questions(
    engine: Engine, uow: Uow, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    record_rapportage(uow, ref)
    decision_id = start(juridisch, engine, ref, "sluiting-13b", {"substance_list": "I"})
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    missing = missing_links(page, decision_id)
    necessity = next(h for t, h in missing.items() if t.startswith("noodzaak: geen"))
    assert necessity == f"#d{decision_id}-trading_quantity" and necessity[1:] in ids_on(page)
    assert next(h for t, h in missing.items() if t.startswith("evenwichtigheid: de verwijt"))
    saved = juridisch.post_form(
        f"/zaken/{ref}/maatregelen/wijzig", {"besluit": decision_id, **drug_closure()}
    )
    assert saved.status_code == 303
    juridisch.post_form(
        f"/zaken/{ref}/besluiten/spoed",
        {
            "besluit": decision_id,
            "reden": "De handel gaat door; horen kan de sluiting niet afwachten.",
        },
    )
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Compleet: het besluit kan worden genomen" in page, page[-1500:]
    take(juridisch, engine, ref, decision_id, "13b")
    known = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {"besluit": decision_id, "datum": today_nl().isoformat(), "wijze": "uitreiking"},
    )
    assert known.status_code == 303, text(known.text)[-600:]
    assert status_of(engine, decision_id) == "bekendgemaakt"
    with Session(engine) as s:
        reached = s.exec(select(Addressee).where(Addressee.decision_id == decision_id)).all()
        assert reached and all(a.made_known_on == today_nl() for a in reached)
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Einde sluiting (art. 13b Opiumwet)" in page
    assert any("13b" in letter for letter in letters(juridisch, engine, ref, decision_id))
