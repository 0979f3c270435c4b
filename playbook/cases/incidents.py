"""One blast, several addresses or vehicles: each its own case, linked by one incident.
And local moments (due anchors a municipality declares) recorded on a case."""

from datetime import datetime

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.intake import CaseIntake
from playbook.cases.repository import get_case, pinned_playbook, touch
from playbook.definition.enums import DueAnchor
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import Case, CaseMoment, IncidentGroup


def incident_for(session: Session, intake: CaseIntake, municipality_code: str, actor: str,
                 now: datetime) -> IncidentGroup | None:
    """The incident a new case joins (`zelfde-incident-als`), created on first use."""
    if not intake.incident_with:
        return None
    try:
        other = get_case(session, intake.incident_with)
    except NotFound:
        raise InvalidInput([f"zelfde-incident-als: zaak '{intake.incident_with}' bestaat niet"]) \
            from None
    if other.municipality_code != municipality_code:
        raise InvalidInput(["zelfde-incident-als: die zaak hoort bij een andere gemeente"])
    if other.incident_id is not None:
        group = session.get(IncidentGroup, other.incident_id)
        assert group is not None
        return group
    group = IncidentGroup(municipality_code=municipality_code, occurred_at=other.incident_at,
                          description=f"Incident van zaak {other.reference}", actor=actor,
                          created_at=now)
    session.add(group)
    session.flush()
    other.incident_id = group.id
    record(session, other, actor=actor, action="incident-gekoppeld", at=now,
           subject=f"incident {group.id}", new=str(group.id),
           reason="Meer adressen of voertuigen geraakt door hetzelfde incident")
    touch(other, now)
    session.add(other)
    return group


def linked_cases(session: Session, case: Case) -> list[Case]:
    """Other cases of the same incident, in registration order."""
    if case.incident_id is None:
        return []
    return list(session.exec(select(Case).where(
        Case.incident_id == case.incident_id, Case.id != case.id).order_by(col(Case.id))))


def record_moment(*, session: Session, reference: str, anchor: str, at: datetime, actor: str,
                  now: datetime) -> Case:
    """Record a local due anchor (declared in the municipal file) on a case."""
    case = get_case(session, reference)
    playbook = pinned_playbook(session, case)
    local = {a.id: a for a in playbook.anchors}
    if anchor in {a.value for a in DueAnchor}:
        raise NotAllowed(f"Het moment '{anchor}' volgt uit de zaak of het besluit en kan niet "
                         "met de hand worden gezet.")
    if anchor not in local:
        known = ", ".join(sorted(local)) or "(geen)"
        raise NotFound(f"Moment '{anchor}' is niet gedeclareerd in het draaiboek van deze zaak; "
                       f"bekend: {known}.")
    if at > now:
        raise InvalidInput(["tijdstip: ligt in de toekomst"])
    row = session.exec(select(CaseMoment).where(CaseMoment.case_id == case.id,
                                                CaseMoment.anchor == anchor)).first()
    old = row.at.isoformat() if row else None
    if row is None:
        row = CaseMoment(case_id=case.id, anchor=anchor, at=at, actor=actor,  # type: ignore[arg-type]
                         recorded_at=now)
    else:
        row.at, row.actor, row.recorded_at = at, actor, now
    session.add(row)
    record(session, case, actor=actor, action="moment-vastgelegd", at=now,
           subject=local[anchor].title, old=old, new=at.isoformat())
    touch(case, now)
    return case
