"""`playbook bezwaar ...`: register a bezwaarschrift, judge timeliness, hearing, decision,
and a request for a voorlopige voorziening."""

from datetime import datetime
from typing import Annotated

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.config import USER_TZ
from playbook.decisions import objections
from playbook.errors import InvalidInput
from playbook.validation import parse_date, required_date

app = typer.Typer(help="Bezwaar en voorlopige voorziening tegen een besluit.", no_args_is_help=True)

Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
ObjectionId = Annotated[int, typer.Argument(help="Nummer van het bezwaar")]
Date = Annotated[str, typer.Option(help="JJJJ-MM-DD")]


def _show(session, case, row) -> None:  # type: ignore[no-untyped-def]
    verdict = objections.timeliness(session, case, row)
    out(
        f"Bezwaar {row.id} tegen besluit {row.decision_id} van {row.submitted_by}: "
        f"{'tijdig' if verdict.timely else 'te laat'} ({verdict.explanation})."
    )
    for line in objections.term_of(session, case, row).explain():
        out(f"    {line}")


@app.command("nieuw")
def register(
    referentie: Reference,
    besluit: Annotated[int, typer.Option()],
    indiener: Annotated[str, typer.Option()],
    ontvangen: Date,
    verzonden: Annotated[str | None, typer.Option(help="poststempel, JJJJ-MM-DD")] = None,
    geadresseerde: Annotated[int | None, typer.Option()] = None,
    commissie: Annotated[str, typer.Option(help="ja: adviescommissie (art. 7:13)")] = "nee",
    gebruiker: UserOption = None,
) -> None:
    """Registreer een bezwaarschrift; de tijdigheid (art. 6:7-6:9 Awb) volgt vanzelf."""
    with transaction() as session:
        row = objections.register(
            session=session,
            reference=referentie,
            decision_id=besluit,
            submitted_by=indiener,
            received_on=required_date(ontvangen, "ontvangen"),
            posted_on=parse_date(verzonden, "verzonden"),
            addressee_id=geadresseerde,
            advisory_committee=bool(yes_no(commissie, "commissie")),
            actor=actor(gebruiker),
            now=now(),
        )
        _show(session, get_case(session, referentie), row)


@app.command("verschoonbaar")
def excusable(
    referentie: Reference,
    bezwaar: ObjectionId,
    oordeel: Annotated[str, typer.Option()],
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Leg vast of te laat indienen verschoonbaar is (art. 6:11 Awb): een menselijk oordeel."""
    with transaction() as session:
        objections.record_excusable(
            session=session,
            reference=referentie,
            objection_id=bezwaar,
            excusable=bool(yes_no(oordeel, "oordeel")),
            reason=reden,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Verschoonbaarheid vastgelegd voor bezwaar {bezwaar}.")


@app.command("verdaag")
def extend(referentie: Reference, bezwaar: ObjectionId, gebruiker: UserOption = None) -> None:
    """Verdaag de beslistermijn met zes weken (art. 7:10 lid 3 Awb)."""
    with transaction() as session:
        row = objections.extend_term(
            session=session,
            reference=referentie,
            objection_id=bezwaar,
            actor=actor(gebruiker),
            now=now(),
        )
        _show(session, get_case(session, referentie), row)


@app.command("hoorzitting")
def plan(
    referentie: Reference,
    bezwaar: ObjectionId,
    tijdstip: Annotated[str, typer.Option(help="JJJJ-MM-DD UU:MM")],
    gebruiker: UserOption = None,
) -> None:
    """Plan de hoorzitting (art. 7:2 Awb)."""
    try:
        at = datetime.fromisoformat(tijdstip.strip()).replace(tzinfo=USER_TZ)
    except ValueError:
        raise InvalidInput(
            [f"tijdstip: '{tijdstip}' is geen tijdstip (JJJJ-MM-DD UU:MM)"]
        ) from None
    with transaction() as session:
        objections.plan_hearing(
            session=session,
            reference=referentie,
            objection_id=bezwaar,
            at=at,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Hoorzitting gepland voor bezwaar {bezwaar}.")


@app.command("gehoord")
def heard(
    referentie: Reference, bezwaar: ObjectionId, datum: Date, gebruiker: UserOption = None
) -> None:
    """Leg vast dat de indiener is gehoord."""
    with transaction() as session:
        objections.record_heard(
            session=session,
            reference=referentie,
            objection_id=bezwaar,
            on=required_date(datum, "datum"),
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Hoorzitting vastgelegd voor bezwaar {bezwaar}.")


@app.command("beslis")
def decide(
    referentie: Reference,
    bezwaar: ObjectionId,
    uitkomst: Annotated[str, typer.Option()],
    datum: Date,
    volgt_advies: Annotated[str | None, typer.Option()] = None,
    reden_afwijking: Annotated[str | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Beslis op het bezwaar; afwijken van het commissieadvies vraagt redenen (art. 7:13 lid 7)."""
    with transaction() as session:
        objections.decide(
            session=session,
            reference=referentie,
            objection_id=bezwaar,
            outcome=uitkomst,
            on=parse_date(datum, "datum"),  # type: ignore[arg-type]
            follows_advice=yes_no(volgt_advies, "volgt-advies"),
            departure_reasons=reden_afwijking,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Op bezwaar {bezwaar} is beslist: {uitkomst}.")


@app.command("voorlopige-voorziening")
def interim(
    referentie: Reference,
    besluit: Annotated[int, typer.Option()],
    gevraagd: Date,
    zitting: Annotated[str | None, typer.Option(help="JJJJ-MM-DD")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg een verzoek om een voorlopige voorziening vast (art. 8:81 Awb), met de zittingsdatum."""
    with transaction() as session:
        objections.request_interim_relief(
            session=session,
            reference=referentie,
            decision_id=besluit,
            requested_on=required_date(gevraagd, "gevraagd"),
            hearing_on=parse_date(zitting, "zitting"),
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Verzoek om voorlopige voorziening vastgelegd bij besluit {besluit}.")


@app.command("lijst")
def list_objections(referentie: Reference) -> None:
    """Alle bezwaren met tijdigheid en beslistermijn."""
    with transaction() as session:
        case = get_case(session, referentie)
        rows = objections.objections_of(session, case)
        if not rows:
            out("Geen bezwaren.")
        for row in rows:
            _show(session, case, row)
