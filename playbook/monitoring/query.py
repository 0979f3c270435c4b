"""Reads the monitoring rows from the database for a set of municipalities and one year.

The only module here that touches storage; everything it returns is plain rows for `figures`.
"""

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select

from playbook.cases.address import Address
from playbook.cases.overview import due_items
from playbook.cases.repository import decision_anchors, pinned_playbook, snapshots_of
from playbook.config import USER_TZ
from playbook.decisions.labels import KIND_TITLES
from playbook.definition.enums import DueAnchor, ObjectType, StepStatus
from playbook.definition.events import Event
from playbook.definition.models import CLOSED, Playbook
from playbook.definition.repeat_monitoring import Baseline
from playbook.engine import checklist
from playbook.monitoring import figures
from playbook.monitoring.rows import AttackRow, ClosureRow, MeasureRow, Milestones, OverdueRow
from playbook.storage.tables import AttackRecord, Case, Decision, EventRecord, StepState
from playbook.storage.tables_repeats import CaseAddress

STATUS = {StepStatus.done: "gedaan", StepStatus.skipped: "overgeslagen", StepStatus.open: "open"}
DECISION_STATUS = {"bekendgemaakt": "gedaan", "genomen": "gedaan", "concept": "open",
                   "voornemen": "open"}
# An open measure of a round or phase the case has left, or of a closed case, is no longer
# pending: it was not taken ("open" there read as work still to do).
NOT_DONE = "niet gedaan"


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year in Dutch local time: an attack at 00:30 on 1 January belongs to the new year."""
    return (datetime(year, 1, 1, tzinfo=USER_TZ), datetime(year + 1, 1, 1, tzinfo=USER_TZ))


def address_of(case: Case) -> tuple[str, int, str]:
    return Address.of(case.postcode, case.house_number, case.house_suffix).key


def attacks(session: Session, codes: Sequence[str], until: datetime) -> list[AttackRow]:
    """Every attack before `until` in these municipalities, local time. A case's earlier
    attacks are those reported at intake, not those counted from linked cases (a linked case
    at the same address brings its own attack rows; one in the building or against the same
    person is another address)."""
    query = select(AttackRecord, Case, CaseAddress).select_from(AttackRecord).join(
        Case, col(Case.id) == col(AttackRecord.case_id)).join(
        CaseAddress, col(CaseAddress.case_id) == col(Case.id), isouter=True)
    rows = session.exec(query.where(
        col(Case.municipality_code).in_(list(codes)), col(AttackRecord.occurred_at) < until,
    ).order_by(col(AttackRecord.id)))
    return [AttackRow(case.id, case.municipality_code, a.occurred_at.astimezone(USER_TZ),  # type: ignore[arg-type]
                      case.object_type, address_of(case),
                      extra.reported_earlier_attacks if extra else case.earlier_attacks)
            for a, case, extra in rows]


def cases_by_id(session: Session, ids: set[int]) -> list[Case]:
    if not ids:
        return []
    return list(session.exec(select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.id))))


def _decisions(session: Session, ids: list[int]) -> dict[int, list[Decision]]:
    result: dict[int, list[Decision]] = {}
    if ids:
        for d in session.exec(select(Decision).where(col(Decision.case_id).in_(ids))
                              .order_by(col(Decision.id))):
            result.setdefault(d.case_id, []).append(d)
    return result


def _first_victim_support(session: Session, cases: list[Case],
                          steps: Sequence[str]) -> dict[int, datetime]:
    ids = [c.id for c in cases if c.id is not None]
    first: dict[int, datetime] = {}
    if not ids:
        return first
    events = select(EventRecord.case_id, EventRecord.at).where(
        col(EventRecord.case_id).in_(ids), EventRecord.event == Event.referral_sent.value)
    # A step completed by a recorded "no" (a refusal of referral, or consent withdrawn) is
    # handled, but no contact with Slachtofferhulp: the event and the step share round and time.
    declined = select(EventRecord.id).where(
        EventRecord.case_id == StepState.case_id, EventRecord.round == StepState.round,
        EventRecord.at == StepState.at, EventRecord.event == Event.referral_declined.value)
    done = select(StepState.case_id, StepState.at).where(
        col(StepState.case_id).in_(ids), col(StepState.step_id).in_(list(steps)),
        StepState.status == StepStatus.done.value, ~declined.exists())
    for case_id, at in [*session.exec(events), *(session.exec(done) if steps else [])]:
        if case_id not in first or at < first[case_id]:
            first[case_id] = at
    return first


def milestones(session: Session, cases: list[Case], playbook: Playbook,
               today: date) -> tuple[list[Milestones], list[ClosureRow]]:
    steps = playbook.municipality.monitoring.victim_support_steps
    support = _first_victim_support(session, cases, steps)
    decisions = _decisions(session, [c.id for c in cases if c.id is not None])
    anchors = decision_anchors(session, cases)
    result, closures = [], []
    for case in cases:
        taken = [d for d in decisions.get(case.id, [])  # type: ignore[arg-type]
                 if d.kind == "sluiting" and d.status in ("genomen", "bekendgemaakt")]
        first = taken[0] if taken else None
        end = anchors.get(case.id, {}).get(DueAnchor.closure_end)  # type: ignore[arg-type]
        ended = end.astimezone(USER_TZ).date() if end is not None else None
        lifted = ended if ended is not None and ended <= today else None
        result.append(Milestones(
            case.id, case.occurred_at.astimezone(USER_TZ), support.get(case.id),  # type: ignore[arg-type]
            first.decided_on if first else None, first.made_known_on if first else None, lifted))
        if first is not None:
            actual = (lifted - first.start_date).days if lifted and first.start_date else None
            closures.append(ClosureRow(case.id, case.object_type, first.start_date,  # type: ignore[arg-type]
                                       first.duration_days, actual))
    return result, closures


def measures(session: Session, cases: list[Case], now: datetime) -> list[MeasureRow]:
    """The status of every measure step in every round of these cases, and their decisions."""
    snaps = snapshots_of(session, cases)
    decisions = _decisions(session, [c.id for c in cases if c.id is not None])
    rows = []
    for case in cases:
        playbook = pinned_playbook(session, case)
        wanted = set(playbook.municipality.monitoring.measure_steps)
        snap = snaps[case.id]  # type: ignore[index]
        closed = case.phase == CLOSED
        current = None if closed else playbook.phase(case.phase).order
        for phase in playbook.ordered_phases:
            if not any(s.id in wanted for s in phase.steps):
                continue
            for round_ in range(1, case.round + 1):
                reached = (round_, phase.id) in snap.entered
                left = closed or round_ < case.round or phase.order < (current or 0)
                for item in checklist.phase_items(playbook, snap, phase.id, now, round_):
                    # A measure of a phase the case never entered is not open, just not due.
                    if (item.step.id in wanted and item.status in STATUS
                            and (reached or item.record is not None)):
                        gone = left and item.status == StepStatus.open
                        rows.append(MeasureRow(case.id, item.step.title,  # type: ignore[arg-type]
                                               NOT_DONE if gone else STATUS[item.status], round_))
        for d in decisions.get(case.id, []):  # type: ignore[arg-type]
            kind = KIND_TITLES.get(d.kind, "Onbekende soort")
            title = f"Besluit: {kind[0].lower()}{kind[1:]}"
            status = DECISION_STATUS.get(d.status, "open")
            rows.append(MeasureRow(case.id, title,  # type: ignore[arg-type]
                                   NOT_DONE if status == "open" and closed else status, d.round))
    return rows


def overdue(session: Session, codes: Sequence[str], now: datetime) -> list[OverdueRow]:
    return [OverdueRow(d.item.step.partner, d.case.id)  # type: ignore[arg-type]
            for code in codes for d in due_items(session, now, code) if d.item.overdue]


def region_codes(session: Session) -> list[str]:
    """An instance serves one region: the regional view covers every municipality with cases."""
    return sorted(set(session.exec(select(Case.municipality_code).distinct())))


def baseline_for(playbook: Playbook, codes: Sequence[str]) -> Baseline | None:
    """The baseline of the loaded municipality, when the view is that municipality alone."""
    if list(codes) == [playbook.municipality.cbs_code]:
        return playbook.municipality.monitoring.baseline
    return None


def load(session: Session, *, codes: Sequence[str], year: int, playbook: Playbook,
         now: datetime, scope: str) -> figures.Report:
    start, end = year_bounds(year)
    every = attacks(session, codes, end)
    in_year = {a.case_id for a in every if a.occurred_at >= start}
    cases = cases_by_id(session, in_year)
    steps, closure_rows = milestones(session, cases, playbook, now.astimezone(USER_TZ).date())
    return figures.report(
        year=year, scope=scope, attacks=every, baseline=baseline_for(playbook, codes),
        object_order=[o.value for o in ObjectType], milestones=steps, closure_rows=closure_rows,
        measure_rows=measures(session, cases, now), overdue_rows=overdue(session, codes, now),
        partner_names={p.id: p.name for p in playbook.partners},
    )
