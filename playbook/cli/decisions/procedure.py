"""From a complete draft to a decision made known: check, voornemen, dispatch, spoed,
zienswijze, nemen and bekendmaking (`playbook besluit`)."""

from datetime import time
from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.cli.decision_options import DecisionId, Reference
from playbook.cli.decisions.calls import call
from playbook.config import get_settings
from playbook.decisions import service
from playbook.decisions.service import deadlines
from playbook.errors import InvalidInput
from playbook.storage.tables import Document
from playbook.validation import parse_date, required_date


def _time(value: str | None, field: str) -> time | None:
    if value is None:
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput([f"{field}: '{value}' is geen tijd (gebruik UU:MM)"]) from None


def _write(doc: Document) -> Path:
    folder = get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / doc.filename
    path.write_bytes(doc.content)
    return path


def _warn(lines: list[str]) -> None:
    for line in lines:
        out(line)


def check(referentie: Reference, besluit: DecisionId) -> None:
    """Toon wat nog ontbreekt voordat het besluit genomen kan worden."""
    with transaction() as session:
        missing = service.check(
            session=session, reference=referentie, decision_id=besluit, now=now()
        )
    if missing:
        out("Nog niet compleet. Dit ontbreekt:")
        for item in missing:
            out(f"  - {item}")
        raise typer.Exit(1)
    out("Compleet: het besluit kan worden genomen.")


def intent(
    referentie: Reference,
    besluit: DecisionId,
    termijn: Annotated[int, typer.Option(help="zienswijzetermijn in dagen")] = 7,
    reden_termijn: Annotated[str | None, typer.Option(help="nodig onder het minimum")] = None,
    verzonden: Annotated[str | None, typer.Option(help="JJJJ-MM-DD verzending/uitreiking")] = None,
    wijze: Annotated[str, typer.Option(help="uitreiking of toezending")] = "uitreiking",
    gebruiker: UserOption = None,
) -> None:
    """Maak het voornemen (art. 4:8 Awb); de termijn loopt vanaf de vastgelegde verzending."""
    sent = parse_date(verzonden, "verzonden")
    decision, doc = call(
        service.send_intent,
        referentie,
        gebruiker,
        decision_id=besluit,
        hearing_days=termijn,
        hearing_days_reasons=reden_termijn,
        sent_on=sent,
        sent_how=wijze if sent else None,
    )
    path = _write(doc)
    for deadline in deadlines(decision):
        _warn(deadline.explain())
    out(f"Voornemen geschreven: {path}")
    if sent is None:
        out(
            "Leg de verzending of uitreiking vast met 'besluit verzending'; "
            "pas dan loopt de termijn."
        )


def dispatch(
    referentie: Reference,
    besluit: DecisionId,
    datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
    wijze: Annotated[str, typer.Option(help="uitreiking of toezending")] = "uitreiking",
    gebruiker: UserOption = None,
) -> None:
    """Leg vast wanneer het voornemen is verstuurd of uitgereikt; de zienswijzetermijn loopt."""
    on = required_date(datum, "datum")
    decision = call(
        service.record_dispatch, referentie, gebruiker, decision_id=besluit, on=on, how=wijze
    )
    for deadline in deadlines(decision):
        _warn(deadline.explain())


def urgency(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Leg vast waarom spoed het horen van een zienswijze belet (art. 4:11 Awb)."""
    call(service.record_urgency, referentie, gebruiker, decision_id=besluit, reasons=reden)
    out(f"Spoed vastgelegd voor besluit {besluit}.")


def hearing(
    referentie: Reference,
    besluit: DecisionId,
    uitkomst: Annotated[str, typer.Option()],
    gegeven: Annotated[str, typer.Option(help="ja: zienswijze gegeven; nee: niet gebruikt")],
    gehoord: Annotated[list[str] | None, typer.Option(
        help="naam van wie is gehoord (herhaal per persoon); vóór het einde van de termijn "
             "moet iedere belanghebbende zijn gehoord")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg vast wat is ingebracht (of dat niets is ingebracht), en door wie."""
    given = yes_no(gegeven, "gegeven")
    call(
        service.record_hearing,
        referentie,
        gebruiker,
        decision_id=besluit,
        outcome=uitkomst,
        given=bool(given),
        heard_names=gehoord or [],
    )
    out(f"Zienswijze vastgelegd voor besluit {besluit}.")


def issue(referentie: Reference, besluit: DecisionId, gebruiker: UserOption = None) -> None:
    """Neem het besluit (geweigerd zolang er iets ontbreekt) en maak de PDF."""
    _, doc = call(service.issue, referentie, gebruiker, decision_id=besluit)
    out(f"Besluit {besluit} genomen: {_write(doc)}")


def made_known(
    referentie: Reference,
    besluit: DecisionId,
    datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
    wijze: Annotated[
        str, typer.Option(help="uitreiking of toezending; publicatie bij cameratoezicht")
    ] = "uitreiking",
    tijd: Annotated[str | None, typer.Option(help="UU:MM; nodig op de dag van ingang")] = None,
    geadresseerde: Annotated[int | None, typer.Option(help="alleen aan deze")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg de bekendmaking vast (per geadresseerde); hun bezwaartermijn gaat lopen."""
    on = required_date(datum, "datum")
    with transaction() as session:
        decision, doc = service.make_known(
            session=session,
            reference=referentie,
            decision_id=besluit,
            on=on,
            how=wijze,
            at=_time(tijd, "tijd"),
            addressee_id=geadresseerde,
            actor=actor(gebruiker),
            now=now(),
        )
        path = _write(doc)
        for deadline in deadlines(decision, session)[1 if decision.intent_on else 0 :]:
            _warn(deadline.explain())
    out(f"Besluit met bezwaartermijn geschreven: {path}")
