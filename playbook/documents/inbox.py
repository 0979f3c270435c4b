"""A partner's inbox: the documents addressed to their organisation, and what this user did with
each of them (new, read, acknowledged). The acknowledgement goes to the case's audit trail.

Privacy boundary: an inbox item carries only what a partner needs to act on a document (the
address, the incident date, the phase and the document's title), never persons or case details.
Which partner receives which kind of document is the permission matrix's business
(the letter registry, `playbook/letters/registry.py`); callers pass the kinds this user may see.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, pinned_playbook
from playbook.definition.enums import DocumentKind
from playbook.errors import NotFound
from playbook.letters.registry import title_of as letter_title
from playbook.letters.resident import scope_words as resident_words
from playbook.storage.tables import Case, Document
from playbook.storage.tables_inbox import DocumentReceipt

LIMIT = 200  # newest first; an inbox is a work list, not an archive


class InboxStatus(StrEnum):
    nieuw = "nieuw"
    gelezen = "gelezen"
    bevestigd = "bevestigd"


STATUS_LABELS = {InboxStatus.nieuw: "Nieuw", InboxStatus.gelezen: "Gelezen",
                 InboxStatus.bevestigd: "Ontvangst bevestigd"}

@dataclass(frozen=True)
class Reader:
    """The partner user looking at their inbox (detached from the web layer's Principal)."""

    user_id: int
    username: str
    partner: str
    municipality_code: str
    kinds: Collection[str]


@dataclass(frozen=True)
class InboxItem:
    document_id: int
    reference: str
    title: str
    name: str  # the title without the version: how its earlier versions are named
    address: str
    incident_at: datetime
    phase: str
    created_at: datetime
    status: InboxStatus
    read_at: datetime | None
    acknowledged_at: datetime | None
    # The same letter as sent before (version, document id, made at), newest first: a partner
    # acts on the newest; the older ones stay at hand, folded.
    older: tuple[tuple[int, int, datetime], ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def letter_name(document: Document) -> str:
    """The letter's name as a partner reads it, whatever its version (no file names or codes):
    "Gezamenlijke bewonersbrief (heropening, Engels)", "Besluit tot sluiting"."""
    name = letter_title(document.kind)
    if document.kind == DocumentKind.bewonersbrief and (told := resident_words(document.scope)):
        name += f" ({told})"  # sent in every language, and again on each occasion
    return name


def title_of(document: Document) -> str:
    """The name of this version: "Besluit tot sluiting, bijgewerkt" for a later one."""
    return letter_name(document) + (", bijgewerkt" if document.version > 1 else "")


def _address(case: Case) -> str:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return f"{case.street} {case.house_number}{suffix}, {case.city}"


def _receipts(session: Session, user_id: int, ids: list[int]) -> dict[tuple[int, str], datetime]:
    if not ids:
        return {}
    rows = session.exec(select(DocumentReceipt).where(
        DocumentReceipt.user_id == user_id, col(DocumentReceipt.document_id).in_(ids)))
    return {(r.document_id, r.state): r.at for r in rows}


def items(session: Session, *, reader: Reader,
          status: InboxStatus | None = None) -> list[InboxItem]:
    """The reader's letters, newest first, each once: its newest version, with the versions
    before it; optionally only those whose newest version has one status."""
    rows = session.exec(
        select(Document, Case).join(Case, col(Document.case_id) == col(Case.id))
        .where(Case.municipality_code == reader.municipality_code,
               col(Document.kind).in_(list(reader.kinds)))
        .order_by(col(Document.created_at).desc(), col(Document.id).desc()).limit(LIMIT)
    ).all()
    seen = _receipts(session, reader.user_id, [d.id for d, _ in rows if d.id is not None])
    versions: dict[tuple[int, str, str], list[Document]] = {}
    for document, _case in rows:  # newest first, so the first of each letter is its newest
        versions.setdefault((document.case_id, document.kind, document.scope), []).append(document)
    found = []
    for document, case in rows:
        before = versions[(document.case_id, document.kind, document.scope)]
        if before[0] is not document:
            continue  # an older version: listed under its newest
        read_at = seen.get((document.id, InboxStatus.gelezen))  # type: ignore[arg-type]
        acknowledged_at = seen.get((document.id, InboxStatus.bevestigd))  # type: ignore[arg-type]
        state = (InboxStatus.bevestigd if acknowledged_at else
                 InboxStatus.gelezen if read_at else InboxStatus.nieuw)
        if status is not None and state != status:
            continue
        found.append(InboxItem(
            document_id=document.id,  # type: ignore[arg-type]
            reference=case.reference, title=title_of(document), name=letter_name(document),
            address=_address(case),
            incident_at=case.incident_at,
            phase=pinned_playbook(session, case).phase_title(case.phase),
            created_at=document.created_at, status=state, read_at=read_at,
            acknowledged_at=acknowledged_at,
            older=tuple((d.version, d.id, d.created_at) for d in before[1:])))  # type: ignore[misc]
    return found


def counts(session: Session, *, reader: Reader) -> dict[InboxStatus, int]:
    every = items(session, reader=reader)
    return {s: sum(1 for i in every if i.status == s) for s in InboxStatus}


def _document(session: Session, reader: Reader, reference: str, document_id: int
              ) -> tuple[Case, Document]:
    case = get_case(session, reference)
    document = session.get(Document, document_id)
    # Missing, on another case, another municipality's, or not addressed to this partner: one
    # answer, so a guess learns nothing about what exists.
    if (document is None or case.municipality_code != reader.municipality_code
            or document.case_id != case.id or document.kind not in reader.kinds):
        raise NotFound("Dit document bestaat niet bij deze zaak, of is niet voor u.")
    return case, document


def _mark(session: Session, reader: Reader, case: Case, document: Document,
          state: InboxStatus, now: datetime) -> bool:
    """Append the state once; False when this user already reached it."""
    exists = session.exec(select(DocumentReceipt.id).where(
        DocumentReceipt.document_id == document.id, DocumentReceipt.user_id == reader.user_id,
        DocumentReceipt.state == state.value)).first()
    if exists is not None:
        return False
    try:
        with session.begin_nested():  # a double click in two tabs: the unique key decides
            session.add(DocumentReceipt(document_id=document.id, user_id=reader.user_id,  # type: ignore[arg-type]
                                        state=state.value, at=now))
    except IntegrityError:
        return False
    if state == InboxStatus.bevestigd:
        # Only the acknowledgement is an act on the case. Opening a document is a GET, and a
        # GET leaves the audit trail alone (tests/web/test_access.py); its receipt row says
        # who read what and when.
        record(session, case, actor=reader.username, action="document-ontvangst-bevestigd",
               at=now, subject=title_of(document), new=STATUS_LABELS[state],
               details={"document": document.id, "bestand": document.filename,
                        "partner": reader.partner})
    return True


def open_document(session: Session, *, reader: Reader, reference: str, document_id: int,
                  now: datetime) -> Document:
    """The document for download; the first download marks it read (and audits that)."""
    case, document = _document(session, reader, reference, document_id)
    _mark(session, reader, case, document, InboxStatus.gelezen, now)
    return document


def acknowledge(session: Session, *, reader: Reader, reference: str, document_id: int,
                now: datetime) -> tuple[str, bool]:
    """Record that this partner user received the document and will act on it; returns its
    title and whether this was new (a second acknowledgement changes nothing). Acknowledging
    implies reading: an acknowledged document is never shown as unread."""
    case, document = _document(session, reader, reference, document_id)
    _mark(session, reader, case, document, InboxStatus.gelezen, now)
    return title_of(document), _mark(session, reader, case, document, InboxStatus.bevestigd, now)
