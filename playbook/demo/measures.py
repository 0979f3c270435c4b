"""Demo actions for the measures beside the 174a closure (issue 13), each the real service call
behind the event that completes its step:

- cameratoezicht (art. 151c Gemeentewet): designated around the address, taken and published in
  the Gemeenteblad (a decision of general scope: no voornemen);
- gebiedsverbod (art. 172a Gemeentewet): the police's recorded disturbances by one person, a
  voornemen handed over, his oral zienswijze, the ban of at most three months, handed over;
- sluiting art. 13b Opiumwet: the drugs the police found, a voornemen to occupants and owner,
  the zienswijze, the closure, handed over.

The scenario gives the words per round (`area_ban`, `drug_closure`); the dates follow from the
simulated clock, so every run gives the same bytes.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl
from playbook.definition.events import Event
from playbook.demo.actions import _children, _round, action, everyone_to_hear, make_known
from playbook.demo.scenario import MeasureNote
from playbook.demo.walker import DemoError, Walker
from playbook.storage.db import unit_of_work

HEARD_AFTER_DAYS = 5  # the oral zienswijze, within the term of the voornemen (seven days)


def _working_day(day: date) -> date:
    while day.weekday() >= 5:  # nobody is heard or handed a decision at the weekend
        day += timedelta(days=1)
    return day


def _schedule(today: date) -> tuple[date, date, date]:
    """When the person is heard, when the decision is taken and handed over, and the day it
    takes effect: the day after (art. 3:40 Awb)."""
    heard = _working_day(today + timedelta(days=HEARD_AFTER_DAYS))
    taken = _working_day(heard + timedelta(days=1))
    return heard, taken, taken + timedelta(days=1)


@action(Event.camera_made_known)
def camera(w: Walker) -> None:
    from playbook.decisions import measures
    from playbook.decisions import service as decisions

    day = w.clock.date()
    fields = measures.parse_measure({
        "council_basis": "Art. 2:77 APV Rivierstad (cameratoezicht op openbare plaatsen)",
        "area": "de Havenstraat en het Havenplein",
        "map_reference": "kaart cameratoezicht Havenkwartier (blauw omlijnd)",
        "start_date": day + timedelta(days=1),
        "end_date": day + timedelta(days=91),
        "facts": "Na de aanslag op Havenstraat 14-2 meldt de politie onrust en verdachte "
                 "personen in de straat.",
        "necessity": "Extra surveillance alleen geeft 's nachts geen zicht; een camera aan de "
                     "gevel van één woning dekt de straat niet.",
        "retention_days": 28,
        "evaluation_on": day + timedelta(days=60),
        "evaluation_how": "De driehoek bespreekt politiecijfers en meldingen van bewoners.",
    })
    mayor, oov = w.scenario.actor("burgemeester"), w.scenario.actor("gemeente")
    with unit_of_work(w.engine) as session:
        decision = measures.draft(session=session, reference=w.reference, kind="cameratoezicht",
                                  fields=fields, actor=mayor, now=w.clock)
        decision_id = decision.id
        _attach_map(session, w, decision_id, "cameratoezicht")  # type: ignore[arg-type]
    with unit_of_work(w.engine) as session:
        _, taken = decisions.issue(session=session, reference=w.reference,
                                   decision_id=decision_id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(taken)
    with unit_of_work(w.engine) as session:
        _, known = decisions.make_known(session=session, reference=w.reference,
                                        decision_id=decision_id, on=w.clock.date(),  # type: ignore[arg-type]
                                        how="publicatie", actor=oov, now=w.tick())
        w.write(known)
    w.log("cameratoezicht aangewezen en gepubliceerd in het Gemeenteblad")


def _note(w: Walker, note: MeasureNote | None, what: str) -> MeasureNote:
    if note is None:
        number, _ = _round(w)
        raise DemoError(f"Het draaiboek vraagt in ronde {number} om {what}, maar het scenario "
                        "geeft er geen woorden voor.")
    return note


def _on(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=USER_TZ)


def _draft(w: Walker, kind: str, fields: dict[str, Any]) -> int:
    from playbook.decisions import measures

    with unit_of_work(w.engine) as session:
        decision = measures.draft(session=session, reference=w.reference, kind=kind,
                                  fields=measures.parse_measure(fields),
                                  actor=w.scenario.actor("burgemeester"), now=w.clock)
        assert decision.id is not None
        if kind in ("gebiedsverbod", "cameratoezicht"):
            _attach_map(session, w, decision.id, kind)
        return decision.id


def _attach_map(session: Session, w: Walker, decision_id: int, kind: str) -> None:
    """The map the letter prints as its bijlage (drawn for the demo: demo/area_map.py)."""
    from playbook.decisions import measures
    from playbook.demo.area_map import area_map

    measures.attach_map(session=session, reference=w.reference, decision_id=decision_id,
                        content=area_map(kind), filename=f"kaart-{kind}-havenkwartier.png",
                        actor=w.scenario.actor("gemeente"), now=w.clock)


def _hear_and_take(w: Walker, decision_id: int, note: MeasureNote) -> None:
    """Voornemen handed over today, the oral zienswijze within its term, then the decision:
    neither measure is so urgent that the person may not be heard first (art. 4:8 Awb)."""
    from playbook.decisions import service as decisions

    mayor = w.scenario.actor("burgemeester")
    heard, taken, _ = _schedule(w.clock.date())
    with unit_of_work(w.engine) as session:
        now = w.tick()
        _, intent = decisions.send_intent(
            session=session, reference=w.reference, decision_id=decision_id,
            hearing_days=note.hearing_days, actor=mayor, now=now, sent_on=now.date(),
            sent_how="uitreiking")
        w.write(intent)
    w.clock = max(w.clock, _on(heard, 10))
    with unit_of_work(w.engine) as session:
        decisions.record_hearing(session=session, reference=w.reference, decision_id=decision_id,
                                 outcome=note.hearing, given=True, actor=mayor, now=w.clock,
                                 heard=everyone_to_hear(session, w.reference, decision_id,
                                                        w.clock))
    w.clock = max(w.clock, _on(taken, 10))
    with unit_of_work(w.engine) as session:
        _, letter = decisions.issue(session=session, reference=w.reference,
                                    decision_id=decision_id, actor=mayor, now=w.clock)
        w.write(letter)


@action(Event.area_ban_made_known)
def area_ban(w: Walker) -> None:
    """The police's reports on one person lead to a gebiedsverbod of three months at most."""
    from playbook.decisions import measures
    from playbook.decisions.measures_rules import ban_limit

    _, words = _round(w)
    note = _note(w, words.area_ban, "een gebiedsverbod")
    *_, start = _schedule(w.clock.date())
    decision_id = _draft(w, "gebiedsverbod", {
        **note.fields, "start_date": start, "end_date": ban_limit(start)})
    with unit_of_work(w.engine) as session:
        for incident in note.incidents:
            measures.record_incident(
                session=session, reference=w.reference, decision_id=decision_id,
                occurred_on=date.fromisoformat(incident.day), description=incident.what,
                source=incident.source, actor=w.scenario.actor("politie"), now=w.tick(5))
    _hear_and_take(w, decision_id, note)
    make_known(w, "gebiedsverbod", "uitreiking")
    w.log(f"gebiedsverbod tot en met {format_date_nl(ban_limit(start))} uitgereikt aan de "
          "betrokkene")


@action(Event.drug_closure_made_known)
def drug_closure(w: Walker) -> None:
    """The drugs the police found lead to a closure under art. 13b Opiumwet, weighed along
    the Raad van State's questions (ECLI:NL:RVS:2019:2912); the facts come from the police's
    rapportage of this round."""
    _, words = _round(w)
    note = _note(w, words.drug_closure, "een sluiting op grond van art. 13b Opiumwet")
    *_, start = _schedule(w.clock.date())
    decision_id = _draft(w, "sluiting-13b", {
        **note.fields, **_children(w, start), "start_date": start, "start_time": "12:00"})
    _hear_and_take(w, decision_id, note)
    make_known(w, "sluiting-13b", "uitreiking")
    w.log("sluiting op grond van art. 13b Opiumwet uitgereikt aan bewoners en verhuurder")
