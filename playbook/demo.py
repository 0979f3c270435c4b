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
from playbook.cases.overview import audit_trail, overview
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
        {"name": "Dhr. K. Karimi (doelwit)", "role": "doelwit", "language": "nl",
         "birth_date": "1981-02-11"},
        {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee",
         "contact": "06-12345678", "shn_consent": "ja", "birth_date": "1943-04-02"},
        {"name": "S. Karimi", "role": "bewoner", "birth_date": "2015-06-01"},
        {"name": "L. Karimi", "role": "bewoner", "birth_date": "2019-09-14"},
        {"name": "Woonstichting Rivierstad", "role": "belanghebbende",
         "relation": "woningcorporatie"},
        {"name": "Mr. T. Okafor", "role": "omwonende", "language": "en", "children": "2"},
        {"name": "Dhr. P. Visser", "role": "getuige", "contact": "p.visser@example.nl"},
    ],
}

DECISION = {
    "suitability": "Sluiting haalt de aanleiding voor een nieuwe aanslag weg: zonder bewoners is "
                   "de woning geen doelwit meer en de portiek wordt rustig.",
    "balance_owner": "Woonstichting Rivierstad houdt de woning; herstel van de schade kan tijdens "
                     "de sluiting onder begeleiding plaatsvinden.",
    "children_count": 2, "children_ages": "5, 9",
    "children_school": "Beide kinderen blijven naar hun school in Rivierstad gaan; de wisselwoning "
                       "ligt op tien minuten fietsen.",
    "children_effect": "Verhuizen is ingrijpend; het wijkteam begeleidt de kinderen en de school "
                       "is ingelicht. Terugkeer in een veilige woning weegt voor hen het zwaarst.",
    "duration_days": 90, "start_time": "12:00",
    "entry_ban_basis": "art. 174a Gemeentewet in samenhang met art. 2:79 APV Rivierstad: het is "
                       "verboden een gesloten woning te betreden.",
    "entry_access": "Bewoners kunnen op afspraak met het team OOV (14 0999) onder begeleiding van "
                    "een toezichthouder spullen ophalen.",
    "enforcement": "De deur wordt verzegeld, er hangt een kennisgeving op de deur en de politie "
                   "surveilleert; bij verbreking volgt bestuursdwang.",
    "seriousness": "Een explosie midden in de nacht in een portiek met acht woningen bracht de "
                   "bewoners van de hele portiek in direct gevaar; de buurt is ernstig verontrust.",
    "necessity": "Na de dreiging zijn camera's en extra surveillance ingezet; die hebben de aanslag "
                 "niet voorkomen. Lichtere middelen volstaan daarom niet.",
    "balance": "De bewoners zijn niet betrokken bij strafbare feiten. In het huishouden wonen twee "
               "kinderen; voor hen en voor de kwetsbare bewoner is vervangende woonruimte geregeld. "
               "De veiligheid van de omwonenden weegt zwaarder dan het belang om in de woning te blijven.",
    "alternative_housing": "Een gemeubileerde wisselwoning van Woonstichting Rivierstad, met "
                           "begeleiding door het wijkteam.",
    "duration_reasons": "De politie verwacht herhaling binnen enkele weken. Drie maanden geeft "
                        "tijd om de dreiging te laten afnemen en het conflict te onderzoeken.",
    "start_date": "2025-03-08",
}
ANSWER = {
    "facts": "Op 7 maart 2025 om 02:40 ontplofte een explosief tegen de voordeur van de "
             "portiekwoning Havenstraat 14-2. De voordeur, de portiekdeur en twee ramen zijn vernield.",
    "earlier_incidents": "Op 3 maart 2025 is een dreiging tegen dit adres gemeld.",
    "recurrence": "Hoog: de aanslag hangt samen met een conflict in het criminele milieu; "
                  "herhaling binnen weken is waarschijnlijk.",
    "vulnerable_occupants": "Een oudere bewoonster die niet zelfredzaam is; twee kinderen.",
    "measures_taken": "Camera aan de gevel en extra surveillance sinds 4 maart 2025.",
    "shareable": "Feiten en inschatting van herhaling; niet de bronnen.",
}


@dataclass
class DemoResult:
    reference: str
    output: Path
    files: list[Path]


class _Demo:
    """Drives the services like officers would, each action its own unit of work."""

    def __init__(self, engine: Engine, output: Path, say: Callable[[str], None]):
        self.engine, self.output, self.say = engine, output, say
        self.files: list[Path] = []
        self.reference = ""

    def write(self, *docs: Document) -> None:
        for doc in docs:
            path = self.output / doc.filename
            path.write_bytes(doc.content)
            self.files.append(path)

    def step(self, when: str, who: str, step_id: str, status: StepStatus = DONE,
             reason: str | None = None) -> None:
        with unit_of_work(self.engine) as session:
            service.set_step(session=session, reference=self.reference, step_id=step_id,
                             status=status, reason=reason, actor=who, now=at(when))

    def advance(self, when: str, who: str, playbook: Playbook) -> None:
        with unit_of_work(self.engine) as session:
            self.write(make_checklist(session=session, reference=self.reference, whole_case=False,
                                      actor=who, now=at(when)))
            case = service.advance(session=session, reference=self.reference, actor=who, now=at(when))
        self.say(f"{when}  fase -> {playbook.phase_title(case.phase)}")


def run_demo(engine: Engine, playbook: Playbook, output: Path,
             say: Callable[[str], None] = lambda _: None) -> DemoResult:
    from playbook.cases import persons
    from playbook.decisions import service as decisions
    from playbook.information import facts
    from playbook.information import service as information
    from playbook.letters import service as letters

    output.mkdir(parents=True, exist_ok=True)
    demo = _Demo(engine, output, say)
    with unit_of_work(engine) as session:
        intake = parse_intake(INTAKE, at("2025-03-03 10:05"))
        case, _ = service.create_case(session=session, intake=intake, playbook=playbook,
                                      actor=OOV, now=at("2025-03-03 10:05"))
        demo.reference = reference = case.reference
    say(f"2025-03-03 10:05  zaak {reference}: dreiging tegen {intake.address}")

    demo.step("2025-03-03 14:00", POLICE, "dreiging-beoordelen")
    demo.step("2025-03-03 16:30", POLICE, "doelwit-informeren")
    demo.step("2025-03-04 11:00", MAYOR, "preventieve-maatregelen")
    demo.step("2025-03-04 11:05", MAYOR, "sluiting-vrees-woning", SKIP,
              "Politie schat de dreiging als beperkt; camera en extra surveillance volstaan (art. 3:4 Awb)")
    with unit_of_work(engine) as session:
        demo.write(make_checklist(session=session, reference=reference, whole_case=False,
                                  actor=OOV, now=at("2025-03-07 02:55")))
        service.report_attack(session=session, case=get_case(session, reference),
                              occurred_at=at("2025-03-07 02:40"), kind=IncidentKind.aanslag,
                              actor=POLICE, now=at("2025-03-07 02:55"),
                              damage="Voordeur, portiek en twee ramen vernield")
    say("2025-03-07 02:40  explosie bij de portiekwoning; fase -> Incident")

    demo.step("2025-03-07 03:10", POLICE, "alarmering-afzetting")
    demo.step("2025-03-07 03:25", POLICE, "burgemeester-informeren")
    demo.step("2025-03-07 05:30", "brandweer.officier", "bouwkundige-veiligheid")
    demo.step("2025-03-07 06:15", OOV, "evacuatie-opvang")
    demo.advance("2025-03-07 07:00", OOV, playbook)

    demo.step("2025-03-07 10:30", OOV, "driehoeksoverleg")
    with unit_of_work(engine) as session:
        request = information.request(session=session, reference=reference,
                                      kind="bestuurlijke-rapportage", actor=OOV, now=at("2025-03-07 11:00"))
        demo.write(letters.request_letter(session, get_case(session, reference), request, OOV,
                                          at("2025-03-07 11:00")))
    demo.step("2025-03-07 11:30", OOV, "zelfredzaamheid-nagaan")
    with unit_of_work(engine) as session:
        information.record_answer(session=session, reference=reference, request_id=request.id,  # type: ignore[arg-type]
                                  answer=information.Answer(answered_on=at("2025-03-07 15:00").date(), **ANSWER),
                                  actor=POLICE, now=at("2025-03-07 15:00"))
        facts.record_threat_assessment(
            session=session, reference=reference, assessed_on=at("2025-03-07 15:00").date(),
            assessment="Ernstige vrees voor een nieuwe aanslag binnen weken: conflict in het "
                       "criminele milieu, eerdere dreiging op 3 maart 2025.",
            actor=POLICE, now=at("2025-03-07 15:05"))
    demo.step("2025-03-07 16:00", MAYOR, "besluit-sluiting-overwegen")
    with unit_of_work(engine) as session:
        decision = decisions.draft(session=session, reference=reference,
                                   fields=decisions.parse_draft(DECISION), actor=MAYOR, now=at("2025-03-07 16:10"))
        _, intent = decisions.send_intent(
            session=session, reference=reference, decision_id=decision.id,  # type: ignore[arg-type]
            hearing_days=1, actor=MAYOR, now=at("2025-03-07 16:30"),
            hearing_days_reasons="Ernstige vrees voor een nieuwe aanslag binnen dagen; de bewoners "
                                 "worden mondeling gehoord.",
            sent_on=at("2025-03-07 16:30").date(), sent_how="uitreiking")
        demo.write(intent)
    say("2025-03-07 16:30  voornemen tot sluiting uitgereikt; zienswijze binnen één dag")
    with unit_of_work(engine) as session:
        persons.record_housing(session=session, reference=reference, outcome="aanvaard",
                               description="Gemeubileerde wisselwoning van Woonstichting "
                                           "Rivierstad voor het hele huishouden.",
                               offered_on=at("2025-03-07 17:00").date(), actor=OOV,
                               now=at("2025-03-07 17:00"))
    demo.step("2025-03-07 17:00", OOV, "tijdelijke-huisvesting")
    with unit_of_work(engine) as session:
        decisions.record_hearing(session=session, reference=reference, decision_id=decision.id,  # type: ignore[arg-type]
                                 outcome="Op 8 maart 2025 heeft de hoofdbewoner mondeling zijn zienswijze "
                                         "gegeven: hij begrijpt de sluiting maar vraagt om snelle terugkeer. "
                                         "Dat is meegewogen in de duur.",
                                 given=True, actor=MAYOR, now=at("2025-03-08 09:00"))
        _, issued = decisions.issue(session=session, reference=reference, decision_id=decision.id,  # type: ignore[arg-type]
                                    actor=MAYOR, now=at("2025-03-08 10:00"))
        _, known = decisions.make_known(session=session, reference=reference, decision_id=decision.id,  # type: ignore[arg-type]
                                        on=at("2025-03-08 11:00").date(), how="uitreiking",
                                        at=at("2025-03-08 11:00").time(),
                                        actor=OOV, now=at("2025-03-08 11:00"))
        demo.write(issued, known)
    say("2025-03-08 11:00  sluitingsbesluit genomen en uitgereikt; woning gesloten")
    with unit_of_work(engine) as session:
        case = get_case(session, reference)
        demo.write(*letters.resident_letters(
            session, case, OOV, at("2025-03-08 12:00"),
            meeting="Donderdag 13 maart 2025 om 19.30 uur in buurthuis De Haven."))
        consenting = next(p for p in overview(session, case, at("2025-03-08 12:00")).persons
                          if p.shn_consent)
        demo.write(letters.referral(session, case, consenting.id, POLICE, at("2025-03-08 12:30")))  # type: ignore[arg-type]
        demo.write(letters.team_briefing(session, case, OOV, at("2025-03-08 13:00"),
                                         [f"Havenstraat {n}" for n in ("14-1", "14-3", "14-4", "12", "16", "18")]))
    demo.step("2025-03-09 13:00", OOV, "nazorgteam-inzetten")
    demo.advance("2025-03-10 09:00", OOV, playbook)

    demo.step("2025-03-10 10:00", OOV, "vast-contactpersoon")
    demo.step("2025-03-13 19:30", OOV, "bewonersbijeenkomst")
    demo.step("2025-03-14 09:00", MAYOR, "cameratoezicht")
    with unit_of_work(engine) as session:
        lifting = decisions.lift(session=session, reference=reference, parent_id=decision.id,  # type: ignore[arg-type]
                                 reasons="De sluitingstermijn loopt af en de politie ziet geen "
                                         "concrete aanwijzingen meer voor een nieuwe aanslag.",
                                 effective=None, actor=MAYOR, now=at("2025-06-04 09:00"))
        _, lifted = decisions.issue(session=session, reference=reference, decision_id=lifting.id,  # type: ignore[arg-type]
                                    actor=MAYOR, now=at("2025-06-04 10:00"))
        _, lifted_known = decisions.make_known(session=session, reference=reference,
                                               decision_id=lifting.id, on=at("2025-06-04 11:00").date(),  # type: ignore[arg-type]
                                               how="toezending", actor=OOV, now=at("2025-06-04 11:00"))
        demo.write(lifted, lifted_known)
    say("2025-06-04 11:00  opheffingsbesluit: de woning gaat op 4 juni 2025 weer open")
    demo.advance("2025-06-05 12:00", OOV, playbook)

    demo.step("2025-06-06 10:00", OOV, "heropening-terugkeer")
    demo.step("2025-06-20 10:00", "woonstichting.l.peters", "herstel-schade")
    demo.step("2025-06-20 11:00", POLICE, "landelijke-registratie")
    demo.step("2025-07-01 15:00", OOV, "evaluatie")
    demo.step("2025-07-02 10:00", OOV, "archiveren")
    demo.advance("2025-07-02 10:30", OOV, playbook)

    with unit_of_work(engine) as session:
        demo.write(make_checklist(session=session, reference=reference, whole_case=True, actor=OOV,
                                  now=at("2025-07-02 10:30")))
        events = audit_trail(session, get_case(session, reference))
    from playbook.cases.export import write_audit_csv

    audit_path = output / f"{reference}-auditspoor.csv"
    write_audit_csv(events, audit_path)
    demo.files.append(audit_path)
    return DemoResult(reference, output, demo.files)

