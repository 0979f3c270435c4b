"""A measure that still runs keeps the case open; lifting it early (opheffing) is a decision of
its own: reasons required, a date within the term, taken and made known, with its letter."""

from datetime import date

import pytest

from playbook.cases import service
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.cases.worklist import WorkFilter, list_work
from playbook.decisions import measures
from playbook.decisions import service as decisions
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import checklist
from playbook.errors import InvalidInput, NotAllowed, PhaseBlocked
from playbook.storage.tables import Decision
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.measures.helpers import Uow, made_known_ban

RUNNING = "Gebiedsverbod loopt nog tot en met 9 juni 2026; hef het op of wacht het einde af"
WHY_LIFT = "Betrokkene is verhuisd naar een andere gemeente; de vrees voor verstoring is weg."


def to_last_phase(uow: Uow, reference: str, at: str) -> None:
    """Finish every phase up to the last one, ticking off what a person may tick off."""
    while True:
        with uow() as s:
            case = get_case(s, reference)
            view = overview(s, case, local(at))
            if view.playbook.phase(case.phase).next == CLOSED:
                return
            for item in view.blockers:
                service.set_step(session=s, reference=reference, step_id=item.step.id,
                                 status=StepStatus.done, actor="oov", now=local(at))
            service.advance(session=s, reference=reference, actor="oov", now=local(at))


def close(uow: Uow, reference: str, at: str) -> str:
    with uow() as s:
        for item in overview(s, get_case(s, reference), local(at)).blockers:
            if checklist.hold_of(item.step) is None:
                service.set_step(session=s, reference=reference, step_id=item.step.id,
                                 status=StepStatus.done, actor="oov", now=local(at))
    with uow() as s:
        return service.advance(session=s, reference=reference, actor="oov", now=local(at)).phase


def lift(uow: Uow, reference: str, ban: int, at: str, on: date | None, why: str = WHY_LIFT
         ) -> Decision:
    with uow() as s:
        return measures.lift(session=s, reference=reference, decision_id=ban, reasons=why,
                             effective=on, actor="juridisch", now=local(at))


def test_a_running_ban_blocks_closing_until_it_is_lifted(uow: Uow, playbook: Playbook) -> None:
    reference, ban = made_known_ban(uow, playbook)  # 10 March to 9 June 2026
    to_last_phase(uow, reference, "2026-03-20 10:00")
    with pytest.raises(PhaseBlocked) as refused:
        close(uow, reference, "2026-03-20 10:00")
    assert RUNNING in refused.value.message
    assert "einde-gebiedsverbod" not in refused.value.message  # words, no ids
    with uow() as s:
        view = overview(s, get_case(s, reference), local("2026-03-20 10:00"))
        assert [i.running_text for i in view.blockers] == [RUNNING]
        # In "Mijn werk" the running ban is a notice of its end, not a task; never late.
        for now in ("2026-03-20 10:00", "2026-06-09 12:00"):
            work = list_work(s, ["GM9999"], WorkFilter(), local(now), page_size=200)
            ends = [(r.item.kind, r.overdue) for r in work.rows
                    if r.item.title == "Gebiedsverbod afgelopen of opgeheven"]
            assert ends == [("info", False)], ends
            assert not list_work(s, ["GM9999"], WorkFilter(kind="stap"), local(now),
                                 page_size=200).rows  # every task of the case is done
        with pytest.raises(NotAllowed, match="hef die op of wacht het einde af"):
            service.set_step(session=s, reference=reference, step_id="einde-gebiedsverbod",
                             status=StepStatus.skipped, reason="sneller sluiten",
                             actor="oov", now=local("2026-03-20 10:00"))

    lifting = lift(uow, reference, ban, "2026-03-24 09:00", date(2026, 3, 25))
    with uow() as s:
        decisions.issue(session=s, reference=reference, decision_id=lifting.id,  # type: ignore[arg-type]
                        actor="juridisch", now=local("2026-03-24 10:00"))
    with uow() as s:
        decided, document = decisions.make_known(
            session=s, reference=reference, decision_id=lifting.id, on=date(2026, 3, 24),  # type: ignore[arg-type]
            how="uitreiking", actor="oov", now=local("2026-03-24 15:00"))
        assert decided.status == "bekendgemaakt"
        [addressee] = decisions.addressees_of(s, decided)
        assert addressee.name == "De heer P. Verstoorder"
        letter = pdf_text(document.content)
    assert "Besluit tot opheffing van het gebiedsverbod" in letter
    assert "heft het gebiedsverbod op met ingang van 25 maart 2026" in letter
    assert "art. 172a Gemeentewet" in letter and "174a" not in letter
    assert WHY_LIFT in letter
    with pytest.raises(PhaseBlocked):  # in force until the day before the lifting takes effect
        close(uow, reference, "2026-03-24 23:00")
    assert close(uow, reference, "2026-03-25 00:30") == CLOSED


def test_the_case_closes_the_day_after_the_ban_ends(uow: Uow, playbook: Playbook) -> None:
    reference, _ = made_known_ban(uow, playbook)
    to_last_phase(uow, reference, "2026-06-09 10:00")
    with pytest.raises(PhaseBlocked, match="tot en met 9 juni 2026"):
        close(uow, reference, "2026-06-09 23:59")
    assert close(uow, reference, "2026-06-10 08:00") == CLOSED


def test_lifting_needs_reasons_and_a_day_within_the_term(uow: Uow, playbook: Playbook) -> None:
    reference, ban = made_known_ban(uow, playbook)
    with pytest.raises(InvalidInput) as wrong:
        lift(uow, reference, ban, "2026-03-24 09:00", date(2026, 6, 10), why="  ")
    assert wrong.value.problems == [
        "reden van opheffing: waarom de maatregel niet langer nodig is (art. 3:46 Awb)",
        "ingang opheffing: moet liggen tussen de ingang (10 maart 2026) en het einde "
        "(9 juni 2026) van het gebiedsverbod",
    ]
    with pytest.raises(InvalidInput, match="tussen de ingang"):
        lift(uow, reference, ban, "2026-03-04 09:00", date(2026, 3, 9))
    lifting = lift(uow, reference, ban, "2026-03-24 09:00", None)
    assert lifting.start_date == date(2026, 3, 24) and lifting.kind == "opheffing-maatregel"
    with pytest.raises(NotAllowed, match="al een opheffing"):
        lift(uow, reference, ban, "2026-03-24 09:10", None)
    with pytest.raises(NotAllowed, match="opgeheven; verlengen kan dan niet"), uow() as s:
        measures.extend(session=s, reference=reference, decision_id=ban,
                        end_date=date(2026, 9, 8), reasons=WHY_LIFT, actor="juridisch",
                        now=local("2026-03-24 09:20"))
    # No voornemen: a lifting favours the addressee.
    with pytest.raises(decisions.DecisionIncomplete, match="geen voornemen"), uow() as s:
        decisions.send_intent(session=s, reference=reference, decision_id=lifting.id,  # type: ignore[arg-type]
                              hearing_days=7, sent_on=date(2026, 3, 24), sent_how="uitreiking",
                              actor="juridisch", now=local("2026-03-24 10:00"))



def test_the_lifting_of_a_ban_goes_to_the_banned_person_at_his_own_address(
        uow: Uow, playbook: Playbook) -> None:
    """The same addressee block as the ban itself (measures_store.ban_addressee): a person
    named only on the measure has his address there, not in the case's persons."""
    reference, ban = made_known_ban(uow, playbook, how="toezending",
                                    person_address="Dijkweg 8, 9999 CD Rivierstad")
    lifting = lift(uow, reference, ban, "2026-03-24 09:00", date(2026, 3, 25))
    with uow() as s:
        _, document = decisions.issue(session=s, reference=reference,
                                      decision_id=lifting.id,  # type: ignore[arg-type]
                                      actor="juridisch", now=local("2026-03-24 10:00"))
        letter = pdf_text(document.content)
    assert "De heer P. Verstoorder Dijkweg 8 9999 CD Rivierstad Ons kenmerk" in letter
