"""Shared by the measure tests: a case, a measure drafted through the service, step status,
and a gebiedsverbod made known (the measure most tests build on)."""

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from sqlmodel import Session

from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.decisions import measures
from playbook.decisions import service as decisions
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.engine import checklist
from tests.conftest import local
from tests.legal.builders import case_with, hearing, intent, issue, make_known

Uow = Callable[[], AbstractContextManager[Session]]

OCCUPANT = {
    "name": "Mevrouw J. Jansen",
    "role": "bewoner",
    "birth_date": "1988-02-03",
    "relation": "bewoner",
}
CORPORATION = {
    "name": "Woonstichting Rivierstad",
    "role": "belanghebbende",
    "relation": "woningcorporatie",
}
WHY = "De politie meldt sinds de aanslag herhaalde intimidatie en nachtelijke onrust in de straat."


def map_png(width: int = 800, height: int = 600) -> bytes:
    """A real PNG, as a GIS extract or screenshot of the area would be."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((50, 50, width - 50, height - 50), outline="red", width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def attach_map(uow: Uow, reference: str, decision_id: int, at: str,
               content: bytes | None = None, filename: str = "kaart.png") -> None:
    with uow() as s:
        measures.attach_map(session=s, reference=reference, decision_id=decision_id,
                            content=map_png() if content is None else content,
                            filename=filename, actor="oov", now=local(at))


def draft(uow: Uow, reference: str, kind: str, at: str, with_map: bool = True,
          **fields: Any) -> int:
    """A measure drafted through the service; a gebiedsverbod with its map (the letter's
    bijlage) unless `with_map` is False."""
    with uow() as s:
        decision = measures.draft(
            session=s,
            reference=reference,
            kind=kind,
            fields=measures.parse_measure(fields),
            actor="juridisch",
            now=local(at),
        )
        decision_id: int = decision.id  # type: ignore[assignment]
    if kind == "gebiedsverbod" and with_map:
        attach_map(uow, reference, decision_id, at)
    return decision_id


def edit(uow: Uow, reference: str, decision_id: int, at: str, **fields: Any) -> None:
    with uow() as s:
        measures.draft(
            session=s,
            reference=reference,
            kind="",
            decision_id=decision_id,
            fields=measures.parse_measure(fields),
            actor="juridisch",
            now=local(at),
        )


def missing(uow: Uow, reference: str, decision_id: int, at: str) -> list[str]:
    with uow() as s:
        return measures.check(
            session=s, reference=reference, decision_id=decision_id, now=local(at)
        )


def step_status(uow: Uow, reference: str, event: Event, at: str) -> list[StepStatus]:
    """Status of every step the event completes, in the case's current round."""
    with uow() as s:
        case = get_case(s, reference)
        playbook, snap = pinned_playbook(s, case), snapshot_of(s, case)
        result = []
        for phase, step in playbook.completed_by(event):
            items = checklist.phase_items(playbook, snap, phase.id, local(at))
            result += [i.status for i in items if i.step.id == step.id]
        return result


BAN = {
    "person_name": "De heer P. Verstoorder",
    "area": "Havenkwartier: Havenstraat, Havenplein en Kadelaan",
    "map_reference": "Bijlage 1, kaart gebiedsverbod Havenkwartier",
    "start_date": "2026-03-10",
    "end_date": "2026-06-09",  # three months less a day (art. 172a lid 4)
    "facts": WHY,
    "fear_of_further": "De politie verwacht nieuwe intimidatie rond de woning van het doelwit.",
    "warning_on": "2026-02-20",
    "suitability": "Het verbod houdt hem weg uit de straat waar de intimidatie plaatsvindt.",
    "necessity": "De waarschuwing van februari hielp niet; een kleiner gebied laat de kade open.",
    "balance": "Hij woont en werkt buiten het gebied; familiebezoek kan met ontheffing.",
}


def ban_case(uow: Uow, playbook: Playbook) -> str:
    return case_with(uow, playbook, "2026-03-01 02:00", household=[OCCUPANT])


def incident(uow: Uow, reference: str, decision_id: int, on: str) -> None:
    with uow() as s:
        measures.record_incident(
            session=s,
            reference=reference,
            decision_id=decision_id,
            occurred_on=date.fromisoformat(on),
            description="Intimideerde bewoners voor de woning, 's nachts.",
            source="politiemutatie",
            actor="oov",
            now=local("2026-03-02 09:00"),
        )


def heard_and_taken(uow: Uow, reference: str, decision_id: int, sent: str, heard: str,
                    taken: str, outcome: str) -> None:
    """The voornemen handed over, the zienswijze heard, the decision taken: a measure that
    burdens its addressee (art. 4:8 Awb), as the closure tests do it (tests/legal/builders)."""
    intent(uow, reference, decision_id, sent)
    hearing(uow, reference, decision_id, heard, outcome=outcome)
    issue(uow, reference, decision_id, taken)


def taken_ban(uow: Uow, playbook: Playbook, **extra: Any) -> tuple[str, int]:
    """A gebiedsverbod (BAN with `extra` fields) with two disturbances, heard and taken on
    6 March 2026; not yet made known."""
    reference = ban_case(uow, playbook)
    decision_id = draft(uow, reference, "gebiedsverbod", "2026-03-02 08:00", **BAN, **extra)
    incident(uow, reference, decision_id, "2026-02-14")
    incident(uow, reference, decision_id, "2026-02-27")
    assert missing(uow, reference, decision_id, "2026-03-02 09:10") == [
        "zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"
    ]
    heard_and_taken(uow, reference, decision_id, "2026-03-02 10:00", "2026-03-05 10:00",
                    "2026-03-06 10:00", "Hij zegt de straat te mijden; geen nieuwe feiten.")
    return reference, decision_id


def made_known_ban(uow: Uow, playbook: Playbook, how: str = "uitreiking",
                   **extra: Any) -> tuple[str, int]:
    reference, decision_id = taken_ban(uow, playbook, **extra)
    make_known(uow, reference, decision_id, "2026-03-06 15:00", how=how)
    with uow() as s:
        decision = decisions.get_decision(s, get_case(s, reference), decision_id)
        assert decision.status == "bekendgemaakt"
    return reference, decision_id
