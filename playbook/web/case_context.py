"""What the case page shows, read in the request's session: the checklist, persons, letters
grouped with their versions, information requests per round, and the history (folded)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from playbook.cases.kept_rows import OPENED_BY
from playbook.cases.overview import audit_trail, overview
from playbook.cases.referrals import referral_standing
from playbook.decisions.household import Relation
from playbook.decisions.labels import FOLLOW_UPS, KIND_TITLES
from playbook.decisions.service import decisions_of
from playbook.definition.enums import IncidentKind, PersonRole
from playbook.definition.events import Event
from playbook.definition.models import CLOSED
from playbook.documents.formatting import date_nl
from playbook.documents.service import list_documents
from playbook.information.service import KINDS, requests_of
from playbook.letters.names import display_names
from playbook.storage.tables import Case, Decision, Document

RECENT_HISTORY = 8  # the rest of the audit trail is folded away

# How a document kind reads for a person (never the code).
DOCUMENT_TITLES = {
    "bewonersbrief": "Bewonersbrief",
    "opdracht-nazorgteam": "Opdracht nazorgteam",
    "verwijzing-slachtofferhulp": "Verwijzing Slachtofferhulp",
    "verzoek-bestuurlijke-rapportage": "Verzoek bestuurlijke rapportage (politie)",
    "verzoek-39f": "Verzoek justitiële gegevens (OM, art. 39f Wjsg)",
    "sluitingsbesluit": "Sluitingsbesluit",
    "verlengingsbesluit": "Verlengingsbesluit",
    "opheffingsbesluit": "Opheffingsbesluit",
    "voornemen": "Voornemen",
    "checklist": "Checklist",
}
REQUEST_TITLES = {
    "bestuurlijke-rapportage": "Bestuurlijke rapportage (politie)",
    "39f": "Justitiële gegevens (OM, art. 39f Wjsg)",
}


def document_groups(documents: list[Document]) -> list[dict[str, Any]]:
    """One row per letter (kind and scope), newest version first, with every older version."""
    groups: dict[tuple[str, str], list[Document]] = {}
    for d in documents:
        groups.setdefault((d.kind, d.scope), []).append(d)
    rows: list[dict[str, Any]] = []
    for (kind, _), versions in groups.items():
        versions.sort(key=lambda d: d.version, reverse=True)
        rows.append(
            {
                "title": DOCUMENT_TITLES.get(kind, kind.replace("-", " ").capitalize()),
                "latest": versions[0],
                "older": versions[1:],
            }
        )
    rows.sort(key=lambda r: r["latest"].created_at, reverse=True)
    return rows


def _subjects(steps: list[tuple[Any, Any]], decisions: list[Decision]) -> Any:
    """How an audit row's subject reads: a step by its title, "besluit 8: Feiten" as
    "Sluiting van 8 maart 2025: Feiten" (the id means nothing to a reader)."""
    titles = {step.id: step.title for _, step in steps}
    by_id = {d.id: d for d in decisions}
    for d in decisions:
        name = KIND_TITLES.get(d.kind, "Besluit")
        # A lifting or extension by the decision it follows, as the decision workspace has it.
        follows = d.kind in FOLLOW_UPS and d.parent_id in by_id
        start = by_id[d.parent_id].start_date if follows else d.start_date
        titles[f"besluit {d.id}"] = f"{name} van {date_nl(start)}" if start \
            else f"{name} (concept)" if d.status == "concept" else name

    def subject_of(subject: str) -> str:
        head, sep, rest = subject.partition(":")
        return titles.get(subject) or (titles[head] + sep + rest if head in titles else subject)

    return subject_of


def case_context(session: Session, case: Case, moment: datetime) -> dict[str, Any]:
    view = overview(session, case, moment, whole_case=True)
    consented, refused = referral_standing(session, case, view.persons)
    audit = list(reversed(audit_trail(session, case)))
    names = {p.id: p.name for p in view.persons}
    requests = requests_of(session, case)
    decisions = decisions_of(session, case)
    closures = [d for d in decisions if d.kind == "sluiting"]
    return {
        "view": view,
        "case": case,
        "phases": view.playbook.ordered_phases,
        "closed": case.phase == CLOSED,
        "documents": document_groups(list_documents(session, case)),
        # The audit trail names steps by title and decisions by kind and day, never by id.
        "subject_of": _subjects(view.playbook.steps(), decisions),
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
        "relations": [(r.value, r.value) for r in Relation],
        "attack_options": [
            (k.value, k.value.replace("-", " ")) for k in IncidentKind if k != IncidentKind.dreiging
        ],
        # A referral is addressed to a person chosen by name; consent comes first.
        "person_options": [
            (p.id, p.name + ("" if p.id in consented else " (nog geen toestemming)"))
            for p in view.persons
        ],
        "consented": consented,
        "refused": refused,
    }
