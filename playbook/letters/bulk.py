"""Resident letters in two halves: render (pure: context + WeasyPrint, no write lock) and store
(one short write: document, audit event, step event). Background jobs and `resident_letters`
share them, so a letter has the same bytes whichever path made it."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from playbook.cases.repository import pinned_playbook, snapshot_of
from playbook.cases.service import emit
from playbook.definition.enums import DocumentKind
from playbook.documents.service import store
from playbook.engine.checklist import applies
from playbook.letters.contexts import ResidentLetter
from playbook.letters.overrides import render_pdf
from playbook.storage.tables import Case, Document

if TYPE_CHECKING:
    from playbook.letters.registry import LetterKind

LANGUAGES = ("nl", "en")  # at least these (the registry's entry); languages() finds the rest
LOOK_UP: Any = object()  # store_resident: find the step itself


@dataclass(frozen=True)
class LetterItem:
    """One letter to make: which language, for whom, under which scope."""

    index: int
    lang: str
    addressee: str | None
    scope: str
    folder: Path | None = None  # the municipality's letter folder (overrides.folder_for)

    @property
    def template(self) -> str:
        """The language's own template if there is one, else the shared one (words from YAML)."""
        return _entry().template_for(self.lang, self.folder)

    def label(self) -> str:
        return f"{self.addressee or 'de straat'} ({self.lang})"


def _entry() -> "LetterKind":
    from playbook.letters.registry import KINDS

    return KINDS[DocumentKind.bewonersbrief]


def languages(folder: Path | None = None) -> list[str]:
    """Every language with a words file, shipped or in the municipality's letter folder."""
    from playbook.letters.texts import resident_languages

    found = {*LANGUAGES, *resident_languages()}
    if folder is not None and (folder / "lang").is_dir():
        found |= set(resident_languages(folder / "lang"))
    return sorted(found, key=_reading_order)


def _reading_order(lang: str) -> tuple[int, str]:
    """Dutch first, then English, then the rest by code (a job's stored contexts come back
    from PostgreSQL's JSONB with their keys sorted, so the order is restored here)."""
    return {"nl": 0, "en": 1}.get(lang, 2), lang


def resident_items(addresses: list[str] | None, occasion: str = "eerste",
                   folder: Path | None = None, langs: list[str] | None = None) -> list[LetterItem]:
    """Every language (`langs`: those of contexts already read), either one letter for the
    street or one per given address; a follow-up letter has a scope (and so a file name) of
    its own."""
    items: list[LetterItem] = []
    prefix = "" if occasion == "eerste" else f"{occasion}-"
    for n, addressee in enumerate(addresses or [None], start=1):
        for lang in sorted(langs, key=_reading_order) if langs else languages(folder):
            items.append(LetterItem(len(items), lang, addressee,
                                    f"{prefix}{lang}-{n}" if addresses else f"{prefix}{lang}",
                                    folder))
    return items


def base_contexts(session: Session, case: Case, now: datetime, meeting: str | None = None,
                  occasion: str | None = None) -> dict[str, ResidentLetter]:
    """The street's letter per language, read once: every letter of a batch says the same."""
    from playbook.letters.overrides import folder_for
    from playbook.letters.service import resident_context

    return {lang: resident_context(session, case, now, lang, meeting, occasion=occasion)
            for lang in languages(folder_for(case.municipality_code))}


def context_for(bases: dict[str, ResidentLetter], item: LetterItem) -> ResidentLetter:
    return bases[item.lang].model_copy(update={"addressee": item.addressee})


def render_resident(context: ResidentLetter, item: LetterItem) -> bytes:
    """Pure: no database, no lock. Jinja + WeasyPrint."""
    return render_pdf(item.template, context.model_dump())


def to_params(bases: dict[str, ResidentLetter]) -> dict[str, Any]:
    return {lang: c.model_dump(mode="json") for lang, c in bases.items()}


def from_params(data: dict[str, Any]) -> dict[str, ResidentLetter]:
    return {lang: ResidentLetter.model_validate(c) for lang, c in data.items()}


def already_stored(session: Session, job_key: str) -> bool:
    return session.exec(select(Document.id).where(Document.job_key == job_key)).first() is not None


def producing_step(session: Session, case: Case) -> str | None:
    """The step a resident letter belongs to (the YAML's `document`), if it applies."""
    facts = snapshot_of(session, case).facts
    step = next((s for _, s in pinned_playbook(session, case).producing(DocumentKind.bewonersbrief)
                 if applies(s.applies_when, facts)), None)
    return step.id if step else None


def store_resident(session: Session, case: Case, item: LetterItem, content: bytes, actor: str,
                   now: datetime, job_key: str | None = None, *, step: str | None = LOOK_UP,
                   emit_event: bool = True) -> Document:
    """The short write: the document against the step that produces it, its audit event, and
    the event that sending a resident letter completes. A caller storing several letters in one
    transaction may pass the step it looked up once and emit the event once."""
    document = store(session, case, kind=DocumentKind.bewonersbrief, content=content, actor=actor,
                     now=now, scope=item.scope,
                     step_id=producing_step(session, case) if step is LOOK_UP else step,
                     job_key=job_key)
    completes = _entry().completes
    if emit_event and completes is not None:  # the event the registry's entry declares
        emit(session, case, completes, actor=actor, now=now, because=document.filename)
    return document
