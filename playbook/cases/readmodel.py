"""Read models of a case (issue 9): list columns on `zaak`, open work in `werk`, search keys in
`zoekterm`, and each open step's due time fixed on its `stap` row.

One choke point keeps them current: every change to a case bumps its version (optimistic
locking, `repository.touch`), so the ORM writes the `zaak` row. A mapper hook notes that case
(and a case whose person changed: retention renames people); just before the transaction
commits, `refresh_summary` recomputes what it noted, in the same transaction. No service has to
remember to call it, and a path that forgot `touch` would already be a locking bug.

Overdue depends on the clock. Lists never trust a stored "overdue" flag: a case is late when
`next_due_at < now`, and which steps are late is `werk.due_at < now`, both compared at read
time. Due times do not depend on the clock, only on changes, so they never go stale.
`overdue_count`/`overdue_steps` are kept as of `summary_at` (the last change, or the last
`playbook zaken herbereken`) for exports and the CLI.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import attributes
from sqlmodel import Session, col, select

from playbook.cases.audit import take_anchor
from playbook.cases.kept_rows import (
    KEPT_OPTION,
    WORK_VALUES,
    first_write_of_new,
    keep_due,
    keep_rows,
    keep_work,
    kept_work,
)
from playbook.cases.repository import OPENED_BY, pinned_playbook
from playbook.cases.snapshots import decisions_of, persons_of, snapshot_of
from playbook.config import USER_TZ
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED
from playbook.engine import checklist
from playbook.storage.tables import Case, StepState
from playbook.storage.tables_readmodels import PENDING_KEY, TERMS_KEY, SearchTerm, WorkItem
from playbook.storage.types import id_of

CLOSED_ORDER = 99
LEGAL_PARTNER = "gemeente (juridisch)"


@dataclass
class Summary:
    """Everything the read model stores for one case, computed from the case tables."""

    columns: dict[str, Any]
    work: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> werk values
    terms: set[str] = field(default_factory=set)
    open_dues: dict[tuple[int, str], datetime] = field(default_factory=dict)
    # What `stap` holds now (from the snapshot): which rows exist, which due times are fixed.
    stored_steps: set[tuple[int, str]] = field(default_factory=set)
    stored_dues: dict[tuple[int, str], datetime] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Lower case, single spaces: how search keys are stored and queries compared."""
    return " ".join(text.lower().split())


def search_terms(case: Case, names: list[str]) -> set[str]:
    number = f"{case.house_number}{'-' + case.house_suffix if case.house_suffix else ''}"
    terms = {normalise(case.reference), normalise(case.postcode).replace(" ", ""),
             normalise(f"{case.street} {number}"), normalise(case.city)}
    for name in names:
        words = normalise(name).split()
        # Every tail of the name: "de boer" and "boer" find "Mevrouw A. de Boer".
        terms.update(" ".join(words[i:]) for i in range(len(words)))
    return {t[:200] for t in terms if t}


def _end_of(day: Any) -> datetime:
    """A term ending on `day` runs out at the start of the next day, Dutch time."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=USER_TZ)


def legal_work(session: Session, case: Case) -> dict[str, dict[str, Any]]:
    """Statutory terms the municipality must watch: the end of a zienswijze term (the decision
    can be taken, art. 4:8 Awb), an addressee's bezwaar term (art. 6:7 Awb, for notice) and
    the term to decide on a bezwaar (art. 7:10 Awb)."""
    from playbook.decisions import common, objections
    from playbook.storage.tables import Objection

    work: dict[str, dict[str, Any]] = {}
    decisions = decisions_of(session, [case]).get(case.id or 0, [])  # read by the action too
    for decision in decisions:
        if decision.status == "voornemen" and (term := common.hearing_term(decision)):
            work[f"besluit-{decision.id}-zienswijze"] = {
                "kind": "termijn", "title": f"Zienswijzetermijn eindigt; daarna besluit nemen "
                f"({decision.kind})", "due_at": _end_of(term.end), "anchor": "besluiten"}
        if decision.status == "bekendgemaakt":
            for addressee, term in common.bezwaar_terms(session, decision):
                work[f"besluit-{decision.id}-bezwaar-{addressee.id}"] = {
                    "kind": "info", "title": f"Bezwaartermijn ({addressee.capacity}) eindigt",
                    "due_at": _end_of(term.end), "anchor": "besluiten"}
    if decisions:
        for row in session.exec(select(Objection).where(Objection.case_id == case.id,
                                                        col(Objection.decided_on).is_(None))):
            term = objections.term_of(session, case, row)
            work[f"bezwaar-{row.id}-beslistermijn"] = {
                "kind": "termijn", "title": "Beslissen op bezwaar (beslistermijn)",
                "due_at": _end_of(term.end), "anchor": "bezwaren"}
    for values in work.values():
        values["partner"], values["phase_title"] = LEGAL_PARTNER, None
    return work


def summarise(session: Session, case: Case, now: datetime, terms: bool = True) -> Summary:
    """Fresh computation of the read model of one case (what `refresh_summary` stores).
    `terms=False`: leave the search keys out (nothing they come from has changed)."""
    playbook = pinned_playbook(session, case)
    summary = Summary(columns={
        "phase_title": playbook.phase_title(case.phase), "next_due_at": None,
        "phase_order": CLOSED_ORDER, "open_mandatory": 0, "overdue_count": 0,
        "overdue_steps": None, "summary_at": now})
    if terms:
        names = [p.name for p in persons_of(session, [case.id or 0])[case.id or 0]]
        summary.terms = search_terms(case, names)
    summary.work = legal_work(session, case)
    if case.phase == CLOSED:
        return summary
    snap = snapshot_of(session, case)
    summary.stored_steps = set(snap.records) | set(snap.dues)
    summary.stored_dues = dict(snap.dues)
    current = playbook.phase(case.phase).order
    late: list[str] = []
    for phase in playbook.ordered_phases:
        if phase.order < current:
            continue
        # Beyond the current phase only steps with a due time make work (nothing else counts).
        for item in checklist.phase_items(playbook, snap, phase.id, now,
                                          dated=phase.order > current):
            if item.status != StepStatus.open:
                continue
            if phase.order == current and item.step.mandatory:
                summary.columns["open_mandatory"] += 1
            if item.due is None:
                continue
            if phase.order == current:  # open now: its due time is fixed on its row
                summary.open_dues[(case.round, item.step.id)] = item.due
            # A running measure is no task: a notice of its end, never late (it is done by
            # the calendar or by a lifting; engine/checklist.py HOLDS).
            summary.work[f"{case.round}:{item.step.id}"] = {
                "kind": "info" if item.holding else "stap", "title": item.step.title,
                "partner": item.step.partner, "phase_title": phase.title, "due_at": item.due,
                "anchor": f"stap-{item.step.id}"}
            if item.overdue:
                late.append(item.step.title)
    dues = [w["due_at"] for w in summary.work.values() if w["kind"] == "stap"]
    summary.columns.update(next_due_at=min(dues, default=None), phase_order=current,
                           overdue_count=len(late), overdue_steps="; ".join(late) or None)
    return summary


# The read model's own writes are plain statements on the tables, several built once: the ORM's
# bulk statements would look for the rows among the session's objects first, which costs more
# than the statement (no service holds these rows as objects; a case's columns are set after).
_STAP = StepState.__table__  # type: ignore[attr-defined]
_TERMS = SearchTerm.__table__  # type: ignore[attr-defined]
_WERK = WorkItem.__table__  # type: ignore[attr-defined]
_STAP_INSERT, _WORK_INSERT, _TERMS_INSERT = insert(_STAP), insert(_WERK), insert(_TERMS)
_WORK_OF_CASE = sa_select(_WERK.c.key, *(_WERK.c[k] for k in WORK_VALUES)).where(
    _WERK.c.case_id == bindparam("b_case"))
_WORK_DELETE = delete(_WERK).where(_WERK.c.case_id == bindparam("b_case"),
                                   _WERK.c.key.in_(bindparam("b_keys", expanding=True)))
_WORK_UPDATE = update(_WERK).where(_WERK.c.case_id == bindparam("b_case"),
                                   _WERK.c.key == bindparam("b_key"))
_DUE_UPDATE = update(_STAP).where(
    _STAP.c.case_id == bindparam("b_case"), _STAP.c.round == bindparam("b_round"),
    _STAP.c.step_id == bindparam("b_step")).values(due_at=bindparam("due_at"))


@cache
def _summary_update(names: tuple[str, ...]) -> Any:
    """The UPDATE of these list columns, built once (the caller sets them on the case)."""
    table = Case.__table__  # type: ignore[attr-defined]
    return update(table).where(table.c.id == bindparam("b_id")).values(
        {name: bindparam(name) for name in names})


def refresh_summary(session: Session, case: Case, now: datetime,
                    terms: bool = True) -> Summary:
    """Store the read model of one case, in the caller's transaction. Plain UPDATE/INSERT
    statements: the case's version (optimistic locking) is not bumped a second time."""
    summary = summarise(session, case, now, terms)
    # The audit chain's anchor goes in the same UPDATE when the chain grew (cases/audit.py).
    columns = {**summary.columns, **take_anchor(session, id_of(case))}
    session.execute(_summary_update(tuple(columns)), {"b_id": case.id, **columns})
    for name, value in columns.items():
        attributes.set_committed_value(case, name, value)
    _fix_dues(session, case, summary)
    _sync_work(session, case, summary.work, summary.columns["summary_at"])
    if terms:
        _sync_terms(session, case, summary.terms)
    return summary


def _fix_dues(session: Session, case: Case, summary: Summary) -> None:
    """A step opens: its due time goes on its `stap` row and stays (engine/checklist.py)."""
    new = [{"case_id": case.id, "round": r, "step_id": s, "status": StepStatus.open.value,
            "actor": OPENED_BY, "at": case.updated_at, "due_at": due, "reason": None}
           for (r, s), due in summary.open_dues.items() if (r, s) not in summary.stored_steps]
    kept = {KEPT_OPTION: True}  # the rows kept for the transaction are updated here
    if new:
        session.execute(_STAP_INSERT, new, execution_options=kept)
        keep_rows(session, "stap", id_of(case), new)
    for (r, s), due in summary.open_dues.items():
        if (r, s) in summary.stored_steps and summary.stored_dues.get((r, s)) != due:
            session.execute(_DUE_UPDATE, {"b_case": case.id, "b_round": r, "b_step": s,
                                          "due_at": due}, execution_options=kept)
            keep_due(session, id_of(case), (r, s), due)


def _sync_work(session: Session, case: Case, wanted: dict[str, dict[str, Any]],
               summary_at: datetime) -> None:
    """Write only what changed, by key. What `werk` holds comes from the rows kept for the case
    (cases/kept_rows.py) when this process wrote or read its current read model, else a query."""
    case_id = id_of(case)
    have = kept_work(session, case_id)
    if have is None:
        rows: Any = session.execute(_WORK_OF_CASE, {"b_case": case_id})
        have = {row.key: {k: getattr(row, k) for k in WORK_VALUES} for row in rows}
    gone = [key for key in have if key not in wanted]
    if gone:
        session.execute(_WORK_DELETE, {"b_case": case_id, "b_keys": gone})
    new, changed = [], []
    for key, values in wanted.items():
        old = have.get(key)
        if old is None:
            new.append({"case_id": case_id, "municipality_code": case.municipality_code,
                        "key": key, **values})
        elif old != values:
            changed.append({"b_case": case_id, "b_key": key, **values})
    if changed:  # one executemany, by case and key
        session.execute(_WORK_UPDATE, changed)
    if new:
        session.execute(_WORK_INSERT, new)
    keep_work(session, case_id, summary_at,
              {key: dict(values) for key, values in wanted.items()})


def _sync_terms(session: Session, case: Case, wanted: set[str]) -> None:
    have = {} if first_write_of_new(session, id_of(case)) else dict(session.exec(select(
        SearchTerm.term, SearchTerm.id).where(SearchTerm.case_id == case.id)).all())
    gone = [i for t, i in have.items() if t not in wanted]
    if gone:
        session.execute(delete(_TERMS).where(_TERMS.c.id.in_(gone)))
    new = [{"case_id": case.id, "municipality_code": case.municipality_code, "term": t}
           for t in wanted if t not in have]
    if new:
        session.execute(_TERMS_INSERT, new)


def refresh_pending(session: Session) -> None:
    """Before commit: refresh every case this transaction changed (see the module docstring)."""
    while session.info.get(PENDING_KEY):
        session.flush()
        ids, with_terms = session.info.pop(PENDING_KEY), session.info.pop(TERMS_KEY, set())
        for case_id in sorted(ids):
            case = session.get(Case, case_id)
            if case is not None:
                refresh_summary(session, case, case.updated_at, case_id in with_terms)
        session.flush()


def rebuild_all(session: Session, now: datetime, batch: int = 500) -> int:
    """Recompute every case (`playbook zaken herbereken`): after a migration, a playbook fix,
    or nightly so `overdue_count` is as of today. Returns the number of cases."""
    done, last = 0, 0
    while True:
        cases = list(session.exec(select(Case).where(col(Case.id) > last)
                                  .order_by(col(Case.id)).limit(batch)))
        if not cases:
            return done
        for case in cases:
            refresh_summary(session, case, now)
        session.flush()
        done, last = done + len(cases), cases[-1].id or last
