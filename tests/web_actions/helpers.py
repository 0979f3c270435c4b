"""Shared steps: a closure decision taken through the services, and page scraping."""

import html
import re
from datetime import timedelta

from sqlmodel import Session, col, select

from playbook.cases import persons
from playbook.decisions import service as decisions
from playbook.information import facts
from playbook.information import service as information
from playbook.storage.tables import Decision
from tests.web.conftest import today_nl, utcnow
from tests.web.test_pages import REASONING

RAPPORTAGE = "Explosief tegen de voordeur van de portiekwoning om 02:40."


def text(page: str) -> str:
    """What a reader sees: tags gone, whitespace collapsed."""
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    return re.sub(r" ([,.;:)])", r"\1", words)


def record_rapportage(uow, ref: str) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    with uow() as s:
        request = information.request(
            session=s, reference=ref, kind="bestuurlijke-rapportage", actor="oov.anna", now=now
        )
        information.record_answer(
            session=s,
            reference=ref,
            request_id=request.id,  # type: ignore[arg-type]
            answer=information.Answer(
                answered_on=today_nl(), facts=RAPPORTAGE, recurrence="Hoog, conflict in het milieu."
            ),
            actor="politie",
            now=now,
        )
        facts.record_threat_assessment(
            session=s,
            reference=ref,
            assessed_on=today_nl(),
            assessment="Ernstige vrees voor een nieuwe aanslag binnen weken.",
            actor="politie",
            now=now,
        )
        persons.record_housing(
            session=s,
            reference=ref,
            outcome="aanvaard",
            description="Wisselwoning voor het hele huishouden.",
            offered_on=today_nl(),
            actor="oov.anna",
            now=now,
        )


def complete_draft(uow, ref: str) -> int:  # type: ignore[no-untyped-def]
    """A complete closure draft with urgency recorded: ready to be taken."""
    record_rapportage(uow, ref)
    now = utcnow()
    start = today_nl() + timedelta(days=1)
    with uow() as s:
        fields = decisions.parse_draft(
            {
                **REASONING,
                "facts": RAPPORTAGE,
                "recurrence": "Hoog, conflict in het criminele milieu.",
                "duration_days": "90",
                "ground": "174a-1-b",
                "start_date": start.isoformat(),
                "start_time": "12:00",
            }
        )
        decision = decisions.draft(
            session=s, reference=ref, fields=fields, actor="jur.bram", now=now
        )
        decisions.record_urgency(
            session=s,
            reference=ref,
            decision_id=decision.id,  # type: ignore[arg-type]
            reasons="Nieuwe aanslag kan elk moment volgen; horen kan niet.",
            actor="jur.bram",
            now=now,
        )
        return decision.id  # type: ignore[return-value]


def take_closure(uow, ref: str) -> int:  # type: ignore[no-untyped-def]
    decision_id = complete_draft(uow, ref)
    with uow() as s:
        decisions.issue(
            session=s, reference=ref, decision_id=decision_id, actor="jur.bram", now=utcnow()
        )
    return decision_id


def decision_row(engine, decision_id: int) -> Decision:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.exec(select(Decision).where(col(Decision.id) == decision_id)).one()
