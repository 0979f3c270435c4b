"""One realistic case end to end, on a simulated clock: threat, night-time explosion at a
portiekwoning, first response with a closure, aftercare, recovery, closed.

Times are fixed, so every run produces byte-identical PDFs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.overview import audit_trail
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.models import Playbook
from playbook.documents.service import make_checklist
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Document

DONE, SKIP = StepStatus.done, StepStatus.skipped
OOV, POLICE, MAYOR = "oov.j.bakker", "politie.wijkagent.m.smit", "juridisch.s.koster"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=USER_TZ)


INTAKE = {
    "street": "Havenstraat", "house_number": "14", "house_suffix": "2", "postcode": "9999 AB",
    "city": "Rivierstad", "object_type": "woning", "incident_kind": "dreiging",
    "occurred_at": "2025-03-03 10:00",
    "persons": [
        {"name": "Huishouden K. (doelwit)", "role": "doelwit", "language": "nl"},
        {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee",
         "contact": "06-12345678", "shn_consent": "ja"},
        {"name": "Mr. T. Okafor", "role": "omwonende", "language": "en", "children": "2"},
        {"name": "Dhr. P. Visser", "role": "getuige", "contact": "p.visser@example.nl"},
    ],
}

# (when, who, step, status, reason) per phase; None as step means: advance the phase.
Script = list[tuple[str, str, str | None, StepStatus | None, str | None]]

THREAT: Script = [
    ("2025-03-03 14:00", POLICE, "dreiging-beoordelen", DONE, None),
    ("2025-03-03 16:30", POLICE, "doelwit-informeren", DONE, None),
    ("2025-03-04 11:00", MAYOR, "preventieve-maatregelen", DONE, None),
    ("2025-03-04 11:05", MAYOR, "sluiting-vrees-woning", SKIP,
     "Politie schat de dreiging als beperkt; camera en extra surveillance volstaan (art. 3:4 Awb)"),
]
INCIDENT: Script = [
    ("2025-03-07 03:10", POLICE, "alarmering-afzetting", DONE, None),
    ("2025-03-07 03:25", POLICE, "burgemeester-informeren", DONE, None),
    ("2025-03-07 05:30", "brandweer.officier", "bouwkundige-veiligheid", DONE, None),
    ("2025-03-07 06:15", OOV, "evacuatie-opvang", DONE, None),
    ("2025-03-07 07:00", OOV, None, None, None),
]
FIRST_RESPONSE: Script = [
    ("2025-03-07 10:30", OOV, "driehoeksoverleg", DONE, None),
    ("2025-03-07 11:00", OOV, "verzoek-bestuurlijke-rapportage", DONE, None),
    ("2025-03-07 11:30", OOV, "zelfredzaamheid-nagaan", DONE, None),
    ("2025-03-07 15:00", POLICE, "bestuurlijke-rapportage-ontvangen", DONE, None),
    ("2025-03-07 16:00", MAYOR, "besluit-sluiting-overwegen", DONE, None),
    ("2025-03-07 16:30", MAYOR, "zienswijze-of-spoed", DONE, None),
    ("2025-03-07 17:00", OOV, "tijdelijke-huisvesting", DONE, None),
    ("2025-03-07 17:30", MAYOR, "sluitingsbesluit", DONE, None),
    ("2025-03-07 18:15", OOV, "bekendmaking-verzegeling", DONE, None),
    ("2025-03-07 19:00", OOV, "bewonersbrief", DONE, None),
    ("2025-03-08 10:00", POLICE, "verwijzing-slachtofferhulp", DONE, None),
    ("2025-03-09 13:00", OOV, "nazorgteam-inzetten", DONE, None),
    ("2025-03-10 09:00", OOV, None, None, None),
]
AFTERCARE: Script = [
    ("2025-03-10 10:00", OOV, "vast-contactpersoon", DONE, None),
    ("2025-03-13 19:30", OOV, "bewonersbijeenkomst", DONE, None),
    ("2025-03-14 09:00", MAYOR, "cameratoezicht", DONE, None),
    ("2025-06-05 09:00", MAYOR, "sluiting-verlengen-of-opheffen", DONE, None),
    ("2025-06-05 12:00", OOV, None, None, None),
]
RECOVERY: Script = [
    ("2025-06-06 10:00", OOV, "heropening-terugkeer", DONE, None),
    ("2025-06-20 10:00", "woonstichting.l.peters", "herstel-schade", DONE, None),
    ("2025-06-20 11:00", POLICE, "landelijke-registratie", DONE, None),
    ("2025-07-01 15:00", OOV, "evaluatie", DONE, None),
    ("2025-07-02 10:00", OOV, "archiveren", DONE, None),
    ("2025-07-02 10:30", OOV, None, None, None),
]


@dataclass
class DemoResult:
    reference: str
    output: Path
    files: list[Path]


def run_demo(engine: Engine, playbook: Playbook, output: Path,
             say: Callable[[str], None] = lambda _: None) -> DemoResult:
    output.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def write(doc: Document) -> None:
        path = output / doc.filename
        path.write_bytes(doc.content)
        files.append(path)

    def play(reference: str, script: Script) -> None:
        for when, who, step_id, status, reason in script:
            with unit_of_work(engine) as session:
                if step_id is None:
                    write(make_checklist(session=session, reference=reference, whole_case=False,
                                         actor=who, now=at(when)))
                    case = service.advance(session=session, reference=reference, actor=who, now=at(when))
                    say(f"{when}  fase -> {playbook.phase_title(case.phase)}")
                else:
                    service.set_step(session=session, reference=reference, step_id=step_id,
                                     status=status, reason=reason, actor=who, now=at(when))  # type: ignore[arg-type]

    with unit_of_work(engine) as session:
        intake = parse_intake(INTAKE, at("2025-03-03 10:05"))
        case, _ = service.create_case(session=session, intake=intake, playbook=playbook,
                                      actor=OOV, now=at("2025-03-03 10:05"))
        reference = case.reference
    say(f"2025-03-03 10:05  zaak {reference}: dreiging tegen {intake.address}")
    play(reference, THREAT)
    with unit_of_work(engine) as session:
        write(make_checklist(session=session, reference=reference, whole_case=False, actor=OOV,
                             now=at("2025-03-07 02:55")))
        case = service.report_attack(session=session, case=get_case(session, reference),
                                     occurred_at=at("2025-03-07 02:40"), kind=IncidentKind.aanslag,
                                     actor=POLICE, now=at("2025-03-07 02:55"),
                                     damage="Voordeur, portiek en twee ramen vernield")
    say("2025-03-07 02:40  explosie bij de portiekwoning; fase -> Incident")
    play(reference, INCIDENT)
    with unit_of_work(engine) as session:
        service.update_facts(session=session, reference=reference, actor=MAYOR,
                             now=at("2025-03-07 11:15"), closure=True)
    say("2025-03-07 11:15  burgemeester kiest voor woningsluiting (art. 174a Gemeentewet)")
    play(reference, FIRST_RESPONSE)
    play(reference, AFTERCARE)
    play(reference, RECOVERY)

    closed = at("2025-07-02 10:30")
    with unit_of_work(engine) as session:
        write(make_checklist(session=session, reference=reference, whole_case=True, actor=OOV,
                             now=closed))
        events = audit_trail(session, get_case(session, reference))
    from playbook.cli.cases import write_audit_csv

    audit_path = output / f"{reference}-auditspoor.csv"
    write_audit_csv(events, audit_path)
    files.append(audit_path)
    return DemoResult(reference, output, files)
