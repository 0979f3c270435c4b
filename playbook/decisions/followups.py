"""What follows a decision that was made known: an extension (always through a new voornemen
and zienswijze) or a lifting (between its start and its end)."""

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from playbook.cases.repository import get_case
from playbook.deadlines.formatting import format_date_nl
from playbook.decisions import common
from playbook.decisions.drafting import DraftInput
from playbook.decisions.lifecycle import Kind, Status
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, Decision

EXTENDABLE = (Kind.closure, Kind.extension, Kind.emergency_order)
# Procedural parts an extension may keep; the reasons (facts, threat, necessity, balance)
# must be current and are never carried over (ECLI:NL:RBMNE:2025:1759).
CARRIED = ("ground", "mayor", "entry_ban_basis", "entry_access", "enforcement")


def _parent(session: Session, case: Case, parent_id: int, kind: str) -> Decision:
    parent = common.get_decision(session, case, parent_id)
    if parent.kind not in EXTENDABLE or parent.status != Status.made_known:
        raise NotAllowed(
            "Verlengen of opheffen kan alleen na een bekendgemaakt sluitingsbesluit, "
            "verlengingsbesluit of noodbevel."
        )
    if any(d.parent_id == parent.id and d.kind == kind for d in common.decisions_of(session, case)):
        raise NotAllowed(f"Er bestaat al een {kind}sbesluit bij besluit {parent.id}.")
    return parent


def extend(
    *,
    session: Session,
    reference: str,
    parent_id: int,
    fields: DraftInput,
    actor: str,
    now: datetime,
) -> Decision:
    """Draft an extension: it starts the day after the current end, names both end dates, and
    needs a current threat assessment and a new zienswijze."""
    case = get_case(session, reference)
    parent = _parent(session, case, parent_id, Kind.extension)
    current_end = common.end_date(parent)
    if current_end is None:
        raise NotAllowed(f"Besluit {parent.id} heeft geen einddatum; verlengen kan dan niet.")
    carried = {k: getattr(parent, k) for k in CARRIED}
    values = {**carried, **{k: v for k, v in fields.model_dump().items() if v is not None}}
    # Seamless: the current closure runs "tot en met" its last day, the extension from midnight.
    values["start_date"], values["start_time"] = current_end + timedelta(days=1), time(0, 0)
    return common.new(
        session,
        case,
        Kind.extension.value,
        actor,
        now,
        {"verlengt": parent.id, "huidige_einddatum": current_end.isoformat()},
        parent_id=parent.id,
        **values,
    )


def lift(
    *,
    session: Session,
    reference: str,
    parent_id: int,
    reasons: str,
    effective: date | None,
    actor: str,
    now: datetime,
) -> Decision:
    """Draft lifting a closure, on `effective` (default today): between its start and its end."""
    case = get_case(session, reference)
    parent = _parent(session, case, parent_id, Kind.lifting)
    if parent.kind == Kind.emergency_order:
        raise NotAllowed("Een noodbevel wordt beëindigd, niet opgeheven: gebruik 'beëindig'.")
    start = effective or max(common.today_of(now), parent.start_date or common.today_of(now))
    end = common.end_date(parent)
    if parent.start_date and (start < parent.start_date or (end is not None and start > end)):
        raise InvalidInput(
            [
                f"ingang opheffing: moet liggen tussen de ingang "
                f"({format_date_nl(parent.start_date)}) en het einde "
                f"({format_date_nl(end) if end else 'onbekend'}) van de sluiting"
            ]
        )
    return common.new(
        session,
        case,
        Kind.lifting.value,
        actor,
        now,
        {"heft_op": parent.id},
        parent_id=parent.id,
        facts=reasons.strip(),
        start_date=start,
        mayor=parent.mayor,
    )
