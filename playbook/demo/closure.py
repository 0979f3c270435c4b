"""The closure decision in the demo (art. 174a Gemeentewet): voornemen with an oral
zienswijze, the decision, its bekendmaking and the lifting at its end, each the real service call
behind the event that completes its step."""

from datetime import date, datetime, time, timedelta

from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl
from playbook.definition.events import Event
from playbook.demo.actions import (
    _case,
    _children,
    _decisions,
    _housed_this_round,
    _round,
    action,
    assess_threat,
    everyone_to_hear,
    make_known,
    settle_housing,
)
from playbook.demo.walker import Walker
from playbook.storage.db import unit_of_work


@action(Event.closure_intent_sent, Event.closure_urgency_recorded)
def send_intent(w: Walker) -> None:
    from playbook.decisions import service as decisions

    number, words = _round(w)
    if not any(e.round == number for e in _assessments(w)):
        assess_threat(w)
    mayor = w.scenario.actor("burgemeester")
    start = (w.clock + timedelta(days=1)).date()
    fields = {**w.scenario.decision, **words.decision, **_children(w, start),
              "start_date": start.isoformat()}
    with unit_of_work(w.engine) as session:
        decision = decisions.draft(session=session, reference=w.reference,
                                   fields=decisions.parse_draft(fields), actor=mayor, now=w.clock)
        now = w.tick()
        _, intent = decisions.send_intent(
            session=session, reference=w.reference, decision_id=decision.id,  # type: ignore[arg-type]
            hearing_days=w.scenario.hearing_days, actor=mayor, now=now,
            hearing_days_reasons=w.scenario.hearing_days_reasons, sent_on=now.date(),
            sent_how="uitreiking")
        w.write(intent)
    w.log("voornemen tot sluiting uitgereikt; zienswijze mondeling")


def _assessments(w: Walker) -> list:  # type: ignore[type-arg]
    from playbook.information import facts

    with unit_of_work(w.engine) as session:
        return facts.threat_assessments(session, _case(w, session))


@action(Event.closure_issued)
def issue_closure(w: Walker) -> None:
    from playbook.decisions import service as decisions

    if not _decisions(w, ("sluiting",), ("concept", "voornemen")):
        send_intent(w)
    if not _housed_this_round(w):
        settle_housing(w)
    [decision] = _decisions(w, ("sluiting",), ("voornemen",))
    _, words = _round(w)
    mayor = w.scenario.actor("burgemeester")
    w.tick(120)  # the occupant is heard in person
    with unit_of_work(w.engine) as session:
        decisions.record_hearing(session=session, reference=w.reference,
                                 decision_id=decision.id, outcome=words.hearing, given=True,  # type: ignore[arg-type]
                                 actor=mayor, now=w.clock,
                                 heard=everyone_to_hear(session, w.reference, decision.id,  # type: ignore[arg-type]
                                                        w.clock))
        _, issued = decisions.issue(session=session, reference=w.reference,
                                    decision_id=decision.id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(issued)
    w.log("sluitingsbesluit genomen")


@action(Event.closure_made_known)
def make_closure_known(w: Walker) -> None:
    if not _decisions(w, ("sluiting",), ("genomen", "bekendgemaakt")):
        issue_closure(w)
    make_known(w, "sluiting", "uitreiking")
    w.log("sluitingsbesluit uitgereikt aan alle geadresseerden")


@action(Event.lifting_issued, Event.extension_issued, Event.lifting_made_known)
def lift_closure(w: Walker) -> None:
    """Lift the closure at its end: decided two days before, made known by post."""
    from playbook.decisions import service as decisions

    if not _decisions(w, ("opheffing",), ("genomen",)):
        [*_, parent] = _decisions(w, ("sluiting", "verlenging"), ("bekendgemaakt",))
        end = decisions.end_date(parent)
        if end is not None:
            w.clock = max(w.clock, datetime.combine(end - timedelta(days=2), time(9, 0),
                                                    tzinfo=USER_TZ))
        _, words = _round(w)
        mayor = w.scenario.actor("burgemeester")
        with unit_of_work(w.engine) as session:
            lifting = decisions.lift(session=session, reference=w.reference,
                                     parent_id=parent.id, reasons=words.lifting,  # type: ignore[arg-type]
                                     effective=None, actor=mayor, now=w.clock)
            _, lifted = decisions.issue(session=session, reference=w.reference,
                                        decision_id=lifting.id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
            w.write(lifted)
    make_known(w, "opheffing", "toezending")
    w.log("opheffingsbesluit genomen en toegezonden")
    if (until := _drug_closure_until(w)) is not None:
        # Telling the street the home reopens would be untrue while the 13b closure runs.
        w.log("de woning blijft gesloten op grond van art. 13b Opiumwet tot en met "
              f"{format_date_nl(until)}; geen heropeningsbrief")
        return
    from playbook.demo.letters import resident_letters_on

    resident_letters_on(w, occasion="heropening")


def _drug_closure_until(w: Walker) -> date | None:
    """The last day of a closure under art. 13b Opiumwet that still runs, if any."""
    from playbook.decisions import service as decisions

    ends = [end for d in _decisions(w, ("sluiting-13b",), ("bekendgemaakt",))
            if (end := decisions.end_date(d)) is not None and end >= w.clock.date()]
    return max(ends, default=None)


