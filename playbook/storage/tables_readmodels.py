"""Read-model tables (issue 9): what lists and "Mijn werk" read, rebuilt from the case.

Both are projections: `playbook zaken herbereken` can drop and rebuild every row from the case
tables. playbook/cases/readmodel.py keeps them current in the transaction of each change.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, event
from sqlalchemy.orm import Session, object_session
from sqlmodel import Field, SQLModel

from playbook.storage.tables import Case, Person
from playbook.storage.tables.audit import APPENDED_KEY
from playbook.storage.types import UTCDateTime

__all__ = ["SearchTerm", "WorkItem"]


class WorkItem(SQLModel, table=True):
    """One open piece of work with a due time: a live step or a legal term of a decision."""

    __tablename__ = "werk"
    __table_args__ = (
        Index("ix_werk_gemeente_termijn", "municipality_code", "due_at"),
        # Counts "Mijn werk" as ranges of kind (cases/worklist.py), and filters on kind.
        Index("ix_werk_gemeente_soort", "municipality_code", "kind", "due_at"),
        # The late steps of a case, most late first (the case list); also every lookup by case.
        Index("ix_werk_zaak_te_laat", "case_id", "kind", "due_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id")  # indexed by ix_werk_zaak_te_laat
    municipality_code: str = Field(max_length=6)  # copied from the case: one index serves the page
    kind: str = Field(max_length=8)  # stap | termijn (the municipality acts) | info (for notice)
    key: str = Field(max_length=80)  # "2:evacuatie-opvang" or "besluit-3-zienswijze"
    title: str
    partner: str | None = None
    phase_title: str | None = None
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    anchor: str | None = Field(default=None, max_length=80)  # where the action is (URL fragment)


class SearchTerm(SQLModel, table=True):
    """Normalised search keys of a case (postcode, address with number, reference, names),
    matched by prefix on an index, so search does not scan every case."""

    __tablename__ = "zoekterm"
    __table_args__ = (
        Index("ix_zoekterm_gemeente_term", "municipality_code", "term",
              postgresql_ops={"term": "text_pattern_ops"}),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    municipality_code: str = Field(max_length=6)
    term: str = Field(max_length=200)


# Lists filter on the municipality and sort on these; with limit, the index does the work.
_zaak = Case.__table__.c  # type: ignore[attr-defined]
Index("ix_zaak_gemeente_termijn", _zaak.municipality_code, _zaak.next_due_at)
Index("ix_zaak_gemeente_incident", _zaak.municipality_code, _zaak.incident_at)


# --- The choke point: any write of a case (or its people) is noted, refreshed before commit. ---
PENDING_KEY = "playbook_readmodel_cases"
TERMS_KEY = "playbook_readmodel_terms"  # cases whose search keys may have changed


def _note(session: Session | None, case_id: int | None, terms: bool) -> None:
    if session is not None and case_id is not None:
        session.info.setdefault(PENDING_KEY, set()).add(case_id)
        if terms:
            session.info.setdefault(TERMS_KEY, set()).add(case_id)


@event.listens_for(Case, "after_insert")
def _case_made(_mapper: Any, _conn: Any, target: Case) -> None:
    _note(object_session(target), target.id, terms=True)


@event.listens_for(Case, "after_update")
def _case_written(_mapper: Any, _conn: Any, target: Case) -> None:
    _note(object_session(target), target.id, terms=False)  # the address never changes


@event.listens_for(Person, "after_insert")
@event.listens_for(Person, "after_update")
def _person_written(_mapper: Any, _conn: Any, target: Person) -> None:
    _note(object_session(target), target.case_id, terms=True)  # names are search keys


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction's own commit refreshes, once
    if session.dirty or session.new or session.deleted:
        session.flush()  # commit flushes after this hook: write the case now, so it is noted
    if session.info.get(PENDING_KEY):
        from playbook.cases.readmodel import refresh_pending  # domain code, loaded when needed

        refresh_pending(session)  # type: ignore[arg-type]  # sqlmodel's Session is a subclass
    if session.info.get(APPENDED_KEY):  # after the read model, which writes most anchors
        from playbook.cases.audit import write_anchors

        write_anchors(session)  # type: ignore[arg-type]


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: Any) -> None:
    if not session.in_transaction():  # a savepoint rolled back keeps the outer notes
        session.info.pop(PENDING_KEY, None)
        session.info.pop(TERMS_KEY, None)
