"""`playbook besluit ...`: draft, check, issue and follow up closure decisions."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.config import get_settings
from playbook.decisions import service
from playbook.decisions.service import deadlines, decisions_of, end_date, parse_draft
from playbook.storage.tables import Document
from playbook.validation import parse_date

app = typer.Typer(help="Sluitingsbesluiten (woningsluiting) voorbereiden, nemen en opvolgen.",
                  no_args_is_help=True)

Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
DecisionId = Annotated[int, typer.Argument(help="Nummer van het besluit")]
Text = Annotated[str | None, typer.Option()]


def _fields(grond, feiten, ernst, herhaling, noodzaak, afweging, huisvesting, duur, motivering_duur,  # type: ignore[no-untyped-def]
            ingang, zienswijze=None):
    return parse_draft({
        "ground": grond, "facts": feiten, "seriousness": ernst, "recurrence": herhaling,
        "necessity": noodzaak, "balance": afweging, "alternative_housing": huisvesting,
        "duration_days": duur, "duration_reasons": motivering_duur, "start_date": ingang,
        "hearing_outcome": zienswijze,
    })


def _write(doc: Document) -> Path:
    folder = get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / doc.filename
    path.write_bytes(doc.content)
    return path


@app.command("nieuw")
def new(referentie: Reference, grond: Text = None, feiten: Text = None, ernst: Text = None,
        herhaling: Text = None, noodzaak: Text = None, afweging: Text = None,
        huisvesting: Text = None, duur: Annotated[int | None, typer.Option(help="dagen")] = None,
        motivering_duur: Text = None, ingang: Text = None, gebruiker: UserOption = None) -> None:
    """Start een sluitingsbesluit (feiten en herhaling komen uit de bestuurlijke rapportage)."""
    fields = _fields(grond, feiten, ernst, herhaling, noodzaak, afweging, huisvesting, duur,
                     motivering_duur, ingang)
    with transaction() as session:
        decision = service.draft(session=session, reference=referentie, fields=fields,
                                 actor=actor(gebruiker), now=now())
        out(f"Concept-sluitingsbesluit {decision.id} aangemaakt op zaak {referentie}.")


@app.command("wijzig")
def edit(referentie: Reference, besluit: DecisionId, grond: Text = None, feiten: Text = None,
         ernst: Text = None, herhaling: Text = None, noodzaak: Text = None, afweging: Text = None,
         huisvesting: Text = None, duur: Annotated[int | None, typer.Option()] = None,
         motivering_duur: Text = None, ingang: Text = None, zienswijze: Text = None,
         versie: Annotated[int | None, typer.Option("--versie")] = None,
         gebruiker: UserOption = None) -> None:
    """Vul een concept aan of wijzig het."""
    fields = _fields(grond, feiten, ernst, herhaling, noodzaak, afweging, huisvesting, duur,
                     motivering_duur, ingang, zienswijze)
    with transaction() as session:
        service.draft(session=session, reference=referentie, fields=fields, decision_id=besluit,
                      actor=actor(gebruiker), now=now(), expected_version=versie)
        out(f"Besluit {besluit} bijgewerkt.")


@app.command("controleer")
def check(referentie: Reference, besluit: DecisionId) -> None:
    """Toon wat nog ontbreekt voordat het besluit genomen kan worden."""
    with transaction() as session:
        missing = service.check(session=session, reference=referentie, decision_id=besluit, now=now())
    if missing:
        out("Nog niet compleet. Dit ontbreekt:")
        for item in missing:
            out(f"  - {item}")
        raise typer.Exit(1)
    out("Compleet: het besluit kan worden genomen.")


@app.command("voornemen")
def intent(referentie: Reference, besluit: DecisionId,
           termijn: Annotated[int, typer.Option(help="zienswijzetermijn in dagen")] = 7,
           gebruiker: UserOption = None) -> None:
    """Verstuur het voornemen tot sluiting en vraag een zienswijze (art. 4:8 Awb)."""
    with transaction() as session:
        decision, doc = service.send_intent(session=session, reference=referentie, decision_id=besluit,
                                            hearing_days=termijn, actor=actor(gebruiker), now=now())
        path = _write(doc)
        for line in deadlines(decision)[0].explain():
            out(line)
    out(f"Voornemen geschreven: {path}")


@app.command("spoed")
def urgency(referentie: Reference, besluit: DecisionId, reden: Annotated[str, typer.Option()],
            gebruiker: UserOption = None) -> None:
    """Leg vast waarom spoed het horen van een zienswijze belet (art. 4:11 Awb)."""
    with transaction() as session:
        service.record_urgency(session=session, reference=referentie, decision_id=besluit,
                               reasons=reden, actor=actor(gebruiker), now=now())
    out(f"Spoed vastgelegd voor besluit {besluit}.")


@app.command("zienswijze")
def hearing(referentie: Reference, besluit: DecisionId, uitkomst: Annotated[str, typer.Option()],
            gegeven: Annotated[str, typer.Option(help="ja: zienswijze gegeven; nee: niet gebruikt")],
            gebruiker: UserOption = None) -> None:
    """Leg vast wat de betrokkene heeft ingebracht (of dat niets is ingebracht)."""
    given = yes_no(gegeven, "gegeven")
    with transaction() as session:
        service.record_hearing(session=session, reference=referentie, decision_id=besluit,
                               outcome=uitkomst, given=bool(given), actor=actor(gebruiker), now=now())
    out(f"Zienswijze vastgelegd voor besluit {besluit}.")


@app.command("neem")
def issue(referentie: Reference, besluit: DecisionId, gebruiker: UserOption = None) -> None:
    """Neem het besluit (geweigerd zolang er iets ontbreekt) en maak de PDF."""
    with transaction() as session:
        _, doc = service.issue(session=session, reference=referentie, decision_id=besluit,
                               actor=actor(gebruiker), now=now())
        path = _write(doc)
    out(f"Besluit {besluit} genomen: {path}")


@app.command("bekendmaking")
def made_known(referentie: Reference, besluit: DecisionId,
               datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
               wijze: Annotated[str, typer.Option(help="uitreiking of toezending")] = "uitreiking",
               gebruiker: UserOption = None) -> None:
    """Leg de bekendmaking vast; de bezwaartermijn gaat lopen."""
    on = parse_date(datum, "datum")
    with transaction() as session:
        decision, doc = service.make_known(session=session, reference=referentie, decision_id=besluit,
                                           on=on, how=wijze, actor=actor(gebruiker), now=now())  # type: ignore[arg-type]
        path = _write(doc)
        for line in deadlines(decision)[-1].explain():
            out(line)
    out(f"Besluit met bezwaartermijn geschreven: {path}")


@app.command("verleng")
def extend(referentie: Reference, besluit: DecisionId, duur: Annotated[int, typer.Option()],
           motivering_duur: Annotated[str, typer.Option()], herhaling: Annotated[str, typer.Option()],
           feiten: Text = None, ernst: Text = None, noodzaak: Text = None, afweging: Text = None,
           gebruiker: UserOption = None) -> None:
    """Bereid een verlenging voor; daarna altijd een nieuw voornemen en zienswijze."""
    fields = _fields(None, feiten, ernst, herhaling, noodzaak, afweging, None, duur, motivering_duur, None)
    with transaction() as session:
        decision = service.extend(session=session, reference=referentie, parent_id=besluit,
                                  fields=fields, actor=actor(gebruiker), now=now())
        out(f"Concept-verlengingsbesluit {decision.id} aangemaakt; verstuur eerst een voornemen.")


@app.command("ophef")
def lift(referentie: Reference, besluit: DecisionId, reden: Annotated[str, typer.Option()],
         ingang: Text = None, gebruiker: UserOption = None) -> None:
    """Bereid de opheffing voor (standaard de dag na de einddatum)."""
    effective = parse_date(ingang, "ingang")
    with transaction() as session:
        decision = service.lift(session=session, reference=referentie, parent_id=besluit,
                                reasons=reden, effective=effective, actor=actor(gebruiker), now=now())
        out(f"Concept-opheffingsbesluit {decision.id} per {decision.start_date}; neem het met 'besluit neem'.")


@app.command("lijst")
def list_decisions(referentie: Reference) -> None:
    """Alle besluiten van de zaak, met status, duur en termijnen en hun afleiding."""
    with transaction() as session:
        rows = decisions_of(session, get_case(session, referentie))
        if not rows:
            out("Nog geen besluiten.")
        for d in rows:
            period = f", {d.start_date} t/m {end_date(d)}" if end_date(d) else ""
            out(f"Besluit {d.id}: {d.kind}, {d.status}{period}")
            for deadline in deadlines(d):
                for line in deadline.explain():
                    out(f"    {line}")
