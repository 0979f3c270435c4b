"""What the case page shows, read in the request's session: the checklist, persons, letters
grouped with their versions, information requests per round, and the history (folded)."""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from playbook.cases.kept_rows import OPENED_BY
from playbook.cases.overview import CaseOverview, audit_trail, overview
from playbook.cases.referrals import referral_standing
from playbook.config import USER_TZ
from playbook.decisions.household import Relation
from playbook.decisions.labels import CAPACITY_NL, FOLLOW_UPS, KIND_TITLES
from playbook.decisions.service import decisions_of
from playbook.definition.enums import DocumentKind, IncidentKind, PersonRole
from playbook.definition.events import Event
from playbook.definition.models import CLOSED
from playbook.documents.formatting import date_nl
from playbook.documents.service import list_documents
from playbook.information.service import KINDS, requests_of
from playbook.letters.names import display_names
from playbook.letters.resident import scope_words as resident_words
from playbook.storage.tables import Case, Decision, Document

RECENT_HISTORY = 8  # the rest of the audit trail is folded away

def document_title(kind: str) -> str:
    """A document kind in a list of the case's documents (letters/registry.py)."""
    from playbook.letters.registry import title_of  # the registry loads the letter services

    return title_of(kind, in_list=True)


REQUEST_TITLES = {
    "bestuurlijke-rapportage": "Bestuurlijke rapportage (politie)",
    "39f": "Justitiële gegevens (OM, art. 39f Wjsg)",
}


# A date or moment as the audit trail stores it ("2026-12-02", "2026-12-01T10:15:00+01:00").
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:[+-]\d{2}:\d{2}|Z)?)?\b")


def readable(value: object) -> str:
    """An audit value as a reader writes it: dates and moments Dutch (local time), a request
    kind by its name. Only the page's words change; the stored row and its hash do not."""
    text = str(value)

    def moment(found: re.Match[str]) -> str:
        try:
            when = datetime.fromisoformat(found.group(0).replace("Z", "+00:00"))
        except ValueError:
            return found.group(0)
        if len(found.group(0)) == 10:
            return f"{when:%d-%m-%Y}"
        local = when.astimezone(USER_TZ) if when.tzinfo else when
        return f"{local:%d-%m-%Y %H:%M}"

    text = _ISO.sub(moment, text)
    return REQUEST_TITLES.get(text, text)


# Audit actions whose stored name, hyphens read as spaces, says something else than what
# happened: "besluit concept" is a decision drafted; "verwijzing shn" an abbreviation.
ACTION_WORDS = {"besluit-concept": "besluit opgesteld",
                "verwijzing-shn": "verwijzing naar Slachtofferhulp"}
# Actions whose new value only repeats the subject (the kind of the decision drafted).
SUBJECT_SAYS_IT = frozenset({"besluit-concept"})


def action_words(action: str) -> str:
    return ACTION_WORDS.get(action, action.replace("-", " "))


def document_groups(documents: list[Document],
                    scope_words: Callable[[str, str], str | None]) -> list[dict[str, Any]]:
    """One row per letter (kind and scope), newest version first, with every older version.
    `scope_words` says what the scope is about ("Mevrouw A. de Boer", "fase Incident")."""
    groups: dict[tuple[str, str], list[Document]] = {}
    for d in documents:
        groups.setdefault((d.kind, d.scope), []).append(d)
    rows: list[dict[str, Any]] = []
    for (kind, scope), versions in groups.items():
        versions.sort(key=lambda d: d.version, reverse=True)
        title = document_title(kind)
        words = scope_words(kind, scope) if scope else None
        if words and words.lower().startswith(title.lower()):  # "Gebiedsverbod van 16 april"
            title, words = words[:1].upper() + words[1:], None
        rows.append(
            {
                "title": f"{title}, {words}" if words else title,
                "latest": versions[0],
                "older": versions[1:],
            }
        )
    rows.sort(key=lambda r: r["latest"].created_at, reverse=True)
    return rows


def _subjects(steps: list[tuple[Any, Any]], decisions: list[Decision]) -> Any:
    """How an audit row's subject reads: a step by its title, "besluit 8: Feiten" as
    "Sluiting van 8 maart 2025: Feiten" (the id means nothing to a reader), a document made
    by its kind's name (a step may share the kind's code, so the action decides)."""
    titles = {step.id: step.title for _, step in steps}
    by_id = {d.id: d for d in decisions}
    for d in decisions:
        name = KIND_TITLES.get(d.kind, "Besluit")
        # A lifting or extension by the decision it follows, as the decision workspace has it.
        follows = d.kind in FOLLOW_UPS and d.parent_id in by_id
        start = by_id[d.parent_id].start_date if follows else d.start_date
        titles[f"besluit {d.id}"] = f"{name} van {date_nl(start)}" if start \
            else f"{name} (concept)" if d.status == "concept" else name

    def subject_of(subject: str, action: str | None = None) -> str:
        if action == "document-gemaakt":  # the subject is the document's kind
            return document_title(subject)
        head, sep, rest = subject.partition(":")
        return titles.get(subject) or (titles[head] + sep + rest if head in titles else subject)

    return subject_of


def _scope_words(view: CaseOverview, names: dict[Any, str], subject_of: Callable[[str], str],
                 rounds: dict[int, int]) -> Callable[[str, str], str | None]:
    """What a document's scope is about, in words, where the title alone leaves it open: the
    phase of a checklist, the language (and occasion) of a resident letter, the person of a
    referral, the decision of a decision letter and the round of an information request."""
    phases = {p.id: p.title for p in view.playbook.phases}

    def words(document_kind: str, scope: str) -> str | None:
        kind, _, number = scope.rpartition("-")
        if scope == "zaak":
            return "hele zaak"
        if scope in phases:
            return f"fase {phases[scope]}"
        if document_kind == DocumentKind.bewonersbrief and (told := resident_words(scope)):
            return told
        if number.isdigit() and kind == "persoon":
            return names.get(int(number))
        if number.isdigit() and kind == "besluit":
            named = subject_of(f"besluit {number}")  # "Sluiting van 3 april 2025"
            return named[:1].lower() + named[1:]
        if number.isdigit() and kind == "verzoek" and int(number) in rounds:
            return f"ronde {rounds[int(number)]}"
        return None

    return words


def case_context(session: Session, case: Case, moment: datetime) -> dict[str, Any]:
    view = overview(session, case, moment, whole_case=True)
    consented, refused = referral_standing(session, case, view.persons)
    audit = list(reversed(audit_trail(session, case)))
    names = {p.id: p.name for p in view.persons}
    requests = requests_of(session, case)
    decisions = decisions_of(session, case)
    closures = [d for d in decisions if d.kind == "sluiting"]
    subject_of = _subjects(view.playbook.steps(), decisions)
    return {
        "view": view,
        "case": case,
        "phases": view.playbook.ordered_phases,
        "closed": case.phase == CLOSED,
        "documents": document_groups(list_documents(session, case), _scope_words(
            view, names, subject_of, {r.id: r.round for r in requests if r.id is not None})),
        # The audit trail names steps by title and decisions by kind and day, never by id.
        "subject_of": subject_of,
        "readable": readable,
        "action_words": action_words,
        "subject_says_it": SUBJECT_SAYS_IT,
        "recent": audit[:RECENT_HISTORY],
        "older": audit[RECENT_HISTORY:],
        "names": names,
        # Who did what, by name: everyone who acted on the case is in its audit trail.
        "people": display_names(session, {e.actor for e in audit} | {OPENED_BY}),
        "requests": requests,
        "request_titles": REQUEST_TITLES,
        "request_kinds": list(KINDS),
        "open_requests": [r for r in requests if r.answered_on is None],
        "sealed_event": Event.closure_sealed,
        "closure_taken": any(d.status in ("genomen", "bekendgemaakt") for d in closures),
        "roles_options": [(r.value, r.value) for r in PersonRole]
        + [("belanghebbende", "belanghebbende (eigenaar, verhuurder)")],
        "relations": [(r.value, CAPACITY_NL.get(r.value, r.value)) for r in Relation],
        "attack_options": [
            (k.value, k.value.replace("-", " ")) for k in IncidentKind if k != IncidentKind.dreiging
        ],
        # A referral is addressed to a person chosen by name; consent comes first. Victim
        # support is for people: an owner or corporation on the case is not offered.
        "person_options": [
            (p.id, p.name + ("" if p.id in consented else " (nog geen toestemming)"))
            for p in view.persons if p.role != "belanghebbende"
        ],
        "consented": consented,
        "refused": refused,
    }
