"""Take a decision, make it known to each addressee (art. 3:40-3:41 Awb), end a noodbevel."""

from datetime import date, datetime, time

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.deadlines.formatting import format_date_nl
from playbook.decisions import common
from playbook.decisions.household import addressed
from playbook.decisions.lifecycle import MEASURE_KINDS, Action, Kind, Status
from playbook.definition.events import Event, decision_event_if_declared
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Addressee, Case, Decision, Document
from playbook.storage.types import id_of

LETTERS = {
    "sluiting": "sluitingsbesluit",
    "verlenging": "verlengingsbesluit",
    "opheffing": "opheffingsbesluit",
    "opheffing-maatregel": "opheffingsbesluit",  # with the measure's words (measures_lifting)
    "noodbevel": "sluitingsbesluit",
    "cameratoezicht": "cameratoezicht",
    "gebiedsverbod": "gebiedsverbod",
    "sluiting-13b": "sluiting-13b",
}
WAYS = ("uitreiking", "toezending")
PUBLICATION = "publicatie"  # in the Gemeenteblad, for a decision of general scope (art. 3:42 Awb)


def _event(kind: str, happened: str) -> Event | None:
    if kind == Kind.emergency_order:
        return {"genomen": Event.emergency_order_given}.get(happened)
    if kind == Kind.measure_lifting:
        return None  # its effect on the case is the measure's end anchor (measures_ends.py)
    return decision_event_if_declared(kind, happened)


def letter(
    session: Session, case: Case, decision: Decision, kind: str, actor: str, now: datetime
) -> Document:
    """The decision's letter; a measure (issue 13) has its own."""
    if decision.kind in MEASURE_KINDS:
        from playbook.decisions.measures_letters import measure_letter

        return measure_letter(session, case, decision, kind, actor, now)
    from playbook.letters.service import decision_letter

    return decision_letter(session, case, decision, kind, actor, now)


def _name_addressees(session: Session, case: Case, decision: Decision, now: datetime) -> None:
    """Each addressee by name: the occupants, the owner or landlord, the housing corporation."""
    if decision.kind == Kind.measure_lifting:
        from playbook.decisions.measures_lifting import lifting_addressees

        lifting_addressees(session, decision)
        return
    if decision.kind in MEASURE_KINDS:
        from playbook.decisions.measures import name_addressees

        name_addressees(session, case, decision, now)
        return
    for m in addressed(common.facts_for(session, case, decision).members, common.today_of(now)):
        session.add(
            Addressee(
                decision_id=id_of(decision),
                person_id=m.person_id,
                name=m.name,
                capacity=m.relation.value,
            )
        )
    session.flush()


def issue(
    *, session: Session, reference: str, decision_id: int, actor: str, now: datetime
) -> tuple[Decision, Document]:
    """Take the decision: refused while anything required is missing."""
    case, decision = common.load(session, reference, decision_id)
    common.move(
        session,
        case,
        decision,
        Action.take,
        actor,
        now,
        reason="besluit genomen",
        what="Het besluit kan nog niet worden genomen",
    )
    taken: dict[str, object] = {"decided_on": common.today_of(now)}
    if (decision.kind == Kind.lifting and decision.start_date == common.today_of(now)
            and decision.start_time is None):
        # Lifted "met ingang van" today: the closure ends when the lifting is taken, not at the
        # midnight before it (art. 3:40 Awb). The reopening is due from that hour
        # (phases/5-herstel.yaml), not hours before anyone decided it.
        local = now.astimezone(USER_TZ)
        taken["start_time"] = time(local.hour, local.minute)
    common.change(session, case, decision, taken, actor, now)
    _name_addressees(session, case, decision, now)
    document = letter(session, case, decision, LETTERS[decision.kind], actor, now)
    event = _event(decision.kind, "genomen")
    if event is not None:
        emit(session, case, event, actor=actor, now=now, because=document.filename)
    return decision, document


def _check_timing(decision: Decision, on: date, at: time | None) -> None:
    """A closure never starts before it is made known (art. 3:40 Awb); it takes effect at a
    stated hour (ECLI:NL:RBOVE:2025:5638), so a bekendmaking on the start day needs its hour."""
    if decision.kind in (Kind.lifting, Kind.measure_lifting) or decision.start_date is None:
        return
    hour = decision.start_time.strftime("%H:%M") if decision.start_time else "?"
    late = (
        f"de bekendmaking ligt na de ingang ({format_date_nl(decision.start_date)} {hour}); een "
        "besluit treedt pas in werking na bekendmaking (art. 3:40 Awb). Neem een nieuw "
        "besluit met een latere ingang"
    )
    if on > decision.start_date:
        raise NotAllowed(f"Bekendmaking geweigerd: {late}.")
    if on == decision.start_date:
        if at is None:
            raise InvalidInput(
                [
                    "tijdstip bekendmaking: de bekendmaking valt op de dag van "
                    "ingang; geef het uur, zodat vaststaat dat zij vóór de ingang lag"
                ]
            )
        if decision.start_time is not None and at > decision.start_time:
            raise NotAllowed(f"Bekendmaking geweigerd: {late}.")


def _check_postal_address(session: Session, decision: Decision) -> None:
    """Sent by post (art. 3:41 lid 1 Awb), a gebiedsverbod needs its addressee's address: the
    occupants of a closed home have the case's address, a person banned from an area need not
    live there."""
    from playbook.decisions.measures_store import ban_addressee, details_of

    addressee = ban_addressee(session, details_of(session, decision))
    if not (addressee.address or "").strip():
        raise NotAllowed(
            f"Toezenden kan niet: van {addressee.name} is geen adres bekend. Vul het adres in "
            "bij het besluit of reik het besluit uit (art. 3:41 Awb)."
        )


def make_known(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    on: date,
    how: str,
    actor: str,
    now: datetime,
    at: time | None = None,
    addressee_id: int | None = None,
) -> tuple[Decision, Document]:
    """Bekendmaking (art. 3:41 Awb) to one addressee, or to every addressee not yet reached.
    Each addressee's bezwaar term starts the day after their own bekendmaking. Once all are
    reached the decision is made known and the letter is re-issued with every term.
    Cameratoezicht is made known by publication only (art. 3:42 Awb); everything else is sent
    or handed over to each addressee (art. 3:41 Awb)."""
    case, decision = common.load(session, reference, decision_id)
    from playbook.decisions.measures_lifting import published

    ways = (PUBLICATION,) if published(session, decision) else WAYS
    if how not in ways:
        raise InvalidInput([f"wijze: '{how}' kan niet bij dit besluit; kies {' of '.join(ways)}"])
    if decision.status != Status.taken:
        raise NotAllowed(
            "Alleen een genomen besluit dat nog niet aan iedereen is bekendgemaakt, "
            "kan worden bekendgemaakt."
        )
    if on < (decision.decided_on or on) or on > common.today_of(now):
        raise InvalidInput(["datum bekendmaking: niet vóór het besluit en niet in de toekomst"])
    _check_timing(decision, on, at)
    pending = [a for a in common.addressees_of(session, decision) if a.made_known_on is None]
    if addressee_id is not None:
        pending = [a for a in pending if a.id == addressee_id]
        if not pending:
            raise NotAllowed(
                f"Geadresseerde {addressee_id} hoort niet bij besluit {decision.id} "
                "of is al bereikt."
            )
    if how == "toezending" and decision.kind == Kind.area_ban:
        _check_postal_address(session, decision)
    moment = datetime.combine(on, at, tzinfo=USER_TZ) if at else None
    for addressee in pending:
        addressee.made_known_on, addressee.made_known_at = on, moment
        addressee.made_known_how = how
        session.add(addressee)
        record(
            session,
            case,
            actor=actor,
            action="besluit-bekendgemaakt",
            at=now,
            subject=f"besluit {decision.id}: {addressee.name} ({addressee.capacity})",
            new=f"{on.isoformat()} {how}",
        )
    session.flush()
    if decision.made_known_on is None:
        common.change(
            session, case, decision, {"made_known_on": on, "made_known_how": how}, actor, now
        )
    if all(a.made_known_on for a in common.addressees_of(session, decision)):
        common.move(
            session,
            case,
            decision,
            Action.make_known,
            actor,
            now,
            reason="bekendgemaakt aan alle geadresseerden",
        )
        event = _event(decision.kind, "bekendgemaakt")
        if event is not None:
            emit(
                session,
                case,
                event,
                actor=actor,
                now=now,
                because=f"besluit {decision.id} bekendgemaakt",
            )
    document = letter(session, case, decision, LETTERS[decision.kind], actor, now)
    return decision, document


def end_emergency_order(
    *, session: Session, reference: str, decision_id: int, reason: str, actor: str, now: datetime
) -> Decision:
    """End a noodbevel: the acute danger is over, or a 174a decision takes over."""
    case, decision = common.load(session, reference, decision_id)
    if len(reason.strip()) < 10:
        raise InvalidInput(
            [
                "reden: waarom het noodbevel eindigt (gevaar geweken, of opgevolgd "
                "door een sluitingsbesluit op grond van art. 174a)"
            ]
        )
    common.move(
        session,
        case,
        decision,
        Action.end,
        actor,
        now,
        reason=reason.strip(),
        found={
            "is_emergency_order": []
            if decision.kind == Kind.emergency_order
            else ["alleen een noodbevel wordt beëindigd; een sluiting wordt opgeheven"]
        },
    )
    emit(
        session,
        case,
        Event.emergency_order_ended,
        actor=actor,
        now=now,
        because=f"noodbevel {decision.id} beëindigd",
    )
    return decision
