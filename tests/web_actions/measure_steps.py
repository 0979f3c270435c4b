"""Shared steps of the measure workspace tests: forms posted as a lawyer would, PDFs read back."""

import html
import io
import re
from datetime import date, timedelta

import pdfplumber
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.storage.tables import Decision, Document
from tests.web.conftest import Browser, case_version, today_nl
from tests.web_actions.helpers import text


def tomorrow() -> date:
    """Worked out when a test runs, not when the module is imported: a run that crosses
    midnight (Dutch time) would otherwise start a measure on the day it is made known."""
    return today_nl() + timedelta(days=1)


WHY = "De politie meldt sinds de aanslag herhaalde intimidatie en nachtelijke onrust hier."


def camera() -> dict[str, str]:
    """A complete cameratoezicht, starting tomorrow."""
    first = tomorrow()
    return {
        "council_basis": "Art. 2:77 APV Rivierstad",
        "area": "Eikenlaan en het plein ervoor, openbare weg en stoep.",
        "map_reference": "Bijlage 1, kaart Eikenlaan",
        "start_date": first.isoformat(),
        "end_date": (first + timedelta(days=90)).isoformat(),
        "facts": WHY,
        "necessity": "Surveillance en extra verlichting zijn ingezet en volstaan niet.",
        "retention_days": "28",
        "evaluation_on": (first + timedelta(days=60)).isoformat(),
        "evaluation_how": "Politie en gemeente vergelijken de meldingen voor en na.",
        "publication": "Gemeenteblad",
    }


def area_ban() -> dict[str, str]:
    """A complete gebiedsverbod, starting tomorrow."""
    first = tomorrow()
    return {
        "area": "Eikenlaan, het plein en de straten eromheen tot de singel.",
        "map_reference": "Bijlage 1, kaart gebiedsverbod",
        "start_date": first.isoformat(),
        "end_date": (first + timedelta(days=60)).isoformat(),
        "leading_role": "nee",
        "fear_of_further": "Hij dreigde bij de laatste melding terug te komen met anderen.",
        "facts": WHY,
        "warning_on": today_nl().isoformat(),
        "suitability": "Buiten het gebied kan hij de bewoners niet meer intimideren.",
        "necessity": "Een waarschuwing hielp niet; een kleiner gebied laat het plein open.",
        "balance": "Hij woont en werkt buiten het gebied; familie kan hij elders zien.",
    }


def drug_closure() -> dict[str, str]:
    """A complete 13b closure, starting tomorrow at noon."""
    first = tomorrow()
    return {
        "substances": "1,2 kg cocaïne in de schuur, verpakt voor verkoop.",
        "substance_list": "I",
        "trading_quantity": "ja",
        "dealing_from_premises": "nee",
        "preparatory_acts": "nee",
        "seriousness": "Een handelshoeveelheid harddrugs in een woonwijk trekt geweld aan.",
        "necessity": "Alleen sluiting beëindigt de situatie; er was al eerder handel gemeld.",
        "balance": "De bewoners krijgen vervangende woonruimte; het buurtbelang weegt zwaarder.",
        "blameworthiness": "De bewoner wist van de opslag; de middelen lagen in zijn schuur.",
        "adaptations": "Geen bijzondere aanpassingen van de woning.",
        "consequences": "Verlies van de woning is mogelijk; de corporatie is ingelicht.",
        "children_count": "2",
        "children_ages": "10, 6",
        "children_effect": "De kinderen blijven naar dezelfde school gaan vanuit de wisselwoning.",
        "duration_days": "30",
        "duration_reasons": "Dertig dagen is nodig om de handel uit de straat te krijgen.",
        "start_date": first.isoformat(),
        "start_time": "12:00",
        "first_offence": "nee",
    }


def measure_ids(engine: Engine, kind: str) -> list[int]:
    with Session(engine) as s:
        rows = s.exec(select(Decision.id).where(Decision.kind == kind).order_by(col(Decision.id)))
        return [i for i in rows if i is not None]


def status_of(engine: Engine, decision_id: int) -> str:
    with Session(engine) as s:
        row = s.get(Decision, decision_id)
        assert row is not None
        return row.status


def start(browser: Browser, engine: Engine, ref: str, kind: str, fields: dict[str, str]) -> int:
    before = set(measure_ids(engine, kind))
    made = browser.post_form(
        f"/zaken/{ref}/maatregelen/nieuw",
        {"soort": kind, "versie": case_version(engine, ref), **fields},
    )
    assert made.status_code == 303, text(made.text)[-600:]
    (new,) = set(measure_ids(engine, kind)) - before
    return new


def missing_links(page: str, decision_id: int) -> dict[str, str]:
    """The missing parts shown for one decision, each with where its link points."""
    block = re.search(rf'id="besluit-{decision_id}".*?dit ontbreekt:</p>(.*?)</ul>', page, re.S)
    assert block, "the workspace shows no missing parts"
    links = re.findall(r'<a class="utrecht-link" href="([^"]+)">([^<]+)</a>', block[1])
    return {html.unescape(t): href for href, t in links}


def ids_on(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def take(browser: Browser, engine: Engine, ref: str, decision_id: int, expect: str) -> None:
    """Preview (nothing stored), then take with the confirmation; `expect` in the letter."""
    page = browser.get(f"/zaken/{ref}/besluiten").text
    assert f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld" in page
    preview = browser.get(f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld")
    assert preview.status_code == 200, text(preview.text)[-400:]
    assert expect in pdf_words(preview.content)
    assert status_of(engine, decision_id) == "concept"
    taken = browser.post_form(
        f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id, "bevestigd": "ja"}
    )
    assert taken.status_code == 303, text(taken.text)[-600:]
    assert status_of(engine, decision_id) == "genomen"


def pdf_words(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def letters(browser: Browser, engine: Engine, ref: str, decision_id: int) -> list[str]:
    """Every PDF version linked from the workspace for this decision, read back as text."""
    with Session(engine) as s:
        docs = s.exec(select(Document).where(Document.scope == f"besluit-{decision_id}")).all()
    page = browser.get(f"/zaken/{ref}/besluiten").text
    result = []
    for doc in docs:
        assert f'href="/zaken/{ref}/documenten/{doc.id}"' in page
        response = browser.get(f"/zaken/{ref}/documenten/{doc.id}")
        assert response.status_code == 200
        result.append(pdf_words(response.content))
    assert result, "no letter linked"
    return result
