"""`playbook besluit ...`: draft, check, issue and follow up closure decisions and noodbevelen."""

from datetime import time
from pathlib import Path
from typing import Annotated

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.config import get_settings
from playbook.decisions import service
from playbook.decisions.service import addressees_of, deadlines, decisions_of, end_date, parse_draft
from playbook.errors import InvalidInput
from playbook.storage.tables import Document
from playbook.validation import parse_date, required_date

app = typer.Typer(
    help="Sluitingsbesluiten en noodbevelen voorbereiden, nemen en opvolgen.", no_args_is_help=True
)

Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
DecisionId = Annotated[int, typer.Argument(help="Nummer van het besluit")]
Text = Annotated[str | None, typer.Option()]
Number = Annotated[int | None, typer.Option()]

# CLI option -> field of DraftInput; every option is optional, so a draft can grow.
OPTIONS = {
    "grond": "ground",
    "feiten": "facts",
    "ernst": "seriousness",
    "herhaling": "recurrence",
    "geschiktheid": "suitability",
    "noodzaak": "necessity",
    "afweging": "balance",
    "afweging_eigenaar": "balance_owner",
    "huisvesting": "alternative_housing",
    "kinderen_aantal": "children_count",
    "kinderen_leeftijden": "children_ages",
    "kinderen_school": "children_school",
    "kinderen_effect": "children_effect",
    "duur": "duration_days",
    "motivering_duur": "duration_reasons",
    "motivering_boven_beleid": "duration_over_policy_reasons",
    "ingang": "start_date",
    "ingangsuur": "start_time",
    "betredingsverbod": "entry_ban_basis",
    "toegang": "entry_access",
    "handhaving": "enforcement",
    "zienswijze": "hearing_outcome",
}


def _fields(values: dict[str, object]):  # type: ignore[no-untyped-def]
    return parse_draft({OPTIONS[k]: v for k, v in values.items() if k in OPTIONS})


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


@app.command("nieuw")
def new(
    referentie: Reference,
    grond: Text = None,
    feiten: Text = None,
    ernst: Text = None,
    herhaling: Text = None,
    geschiktheid: Text = None,
    noodzaak: Text = None,
    afweging: Text = None,
    afweging_eigenaar: Text = None,
    huisvesting: Text = None,
    kinderen_aantal: Number = None,
    kinderen_leeftijden: Text = None,
    kinderen_school: Text = None,
    kinderen_effect: Text = None,
    duur: Annotated[int | None, typer.Option(help="dagen; geen standaard")] = None,
    motivering_duur: Text = None,
    motivering_boven_beleid: Text = None,
    ingang: Text = None,
    ingangsuur: Annotated[str | None, typer.Option(help="UU:MM")] = None,
    betredingsverbod: Text = None,
    toegang: Text = None,
    handhaving: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Start een sluitingsbesluit; de grondslag volgt uit de vastgelegde feiten."""
    fields = _fields({k: v for k, v in locals().items() if k != "referentie"})
    with transaction() as session:
        decision = service.draft(
            session=session, reference=referentie, fields=fields, actor=actor(gebruiker), now=now()
        )
        out(
            f"Concept-sluitingsbesluit {decision.id} aangemaakt op zaak {referentie} "
            f"(grondslag: {decision.ground or 'nog geen passende'})."
        )


@app.command("wijzig")
def edit(
    referentie: Reference,
    besluit: DecisionId,
    grond: Text = None,
    feiten: Text = None,
    ernst: Text = None,
    herhaling: Text = None,
    geschiktheid: Text = None,
    noodzaak: Text = None,
    afweging: Text = None,
    afweging_eigenaar: Text = None,
    huisvesting: Text = None,
    kinderen_aantal: Number = None,
    kinderen_leeftijden: Text = None,
    kinderen_school: Text = None,
    kinderen_effect: Text = None,
    duur: Number = None,
    motivering_duur: Text = None,
    motivering_boven_beleid: Text = None,
    ingang: Text = None,
    ingangsuur: Text = None,
    betredingsverbod: Text = None,
    toegang: Text = None,
    handhaving: Text = None,
    zienswijze: Text = None,
    versie: Annotated[int | None, typer.Option("--versie")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Vul een concept aan of wijzig het."""
    fields = _fields({k: v for k, v in locals().items() if k not in ("referentie", "besluit")})
    with transaction() as session:
        service.draft(
            session=session,
            reference=referentie,
            fields=fields,
            decision_id=besluit,
            actor=actor(gebruiker),
            now=now(),
            expected_version=versie,
        )
        out(f"Besluit {besluit} bijgewerkt.")


@app.command("noodbevel")
def emergency(
    referentie: Reference,
    feiten: Annotated[str, typer.Option()],
    ernst: Annotated[str, typer.Option()],
    duur: Annotated[int, typer.Option()],
    motivering_duur: Annotated[str, typer.Option()],
    ingang: Text = None,
    ingangsuur: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Een noodbevel (art. 175 Gemeentewet): direct, kort, gevolgd door 174a of beëindiging."""
    fields = _fields(
        {
            "feiten": feiten,
            "ernst": ernst,
            "duur": duur,
            "motivering_duur": motivering_duur,
            "ingang": ingang,
            "ingangsuur": ingangsuur,
        }
    )
    with transaction() as session:
        decision = service.emergency_order(
            session=session, reference=referentie, fields=fields, actor=actor(gebruiker), now=now()
        )
        out(
            f"Concept-noodbevel (besluit {decision.id}) aangemaakt; vul het aan en neem het met "
            "'besluit neem'."
        )


@app.command("controleer")
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


@app.command("voornemen")
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
    with transaction() as session:
        decision, doc = service.send_intent(
            session=session,
            reference=referentie,
            decision_id=besluit,
            hearing_days=termijn,
            hearing_days_reasons=reden_termijn,
            sent_on=sent,
            sent_how=wijze if sent else None,
            actor=actor(gebruiker),
            now=now(),
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


@app.command("verzending")
def dispatch(
    referentie: Reference,
    besluit: DecisionId,
    datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
    wijze: Annotated[str, typer.Option(help="uitreiking of toezending")] = "uitreiking",
    gebruiker: UserOption = None,
) -> None:
    """Leg vast wanneer het voornemen is verstuurd of uitgereikt; de zienswijzetermijn loopt."""
    on = required_date(datum, "datum")
    with transaction() as session:
        decision = service.record_dispatch(
            session=session,
            reference=referentie,
            decision_id=besluit,
            on=on,
            how=wijze,
            actor=actor(gebruiker),
            now=now(),
        )
        for deadline in deadlines(decision):
            _warn(deadline.explain())


@app.command("spoed")
def urgency(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Leg vast waarom spoed het horen van een zienswijze belet (art. 4:11 Awb)."""
    with transaction() as session:
        service.record_urgency(
            session=session,
            reference=referentie,
            decision_id=besluit,
            reasons=reden,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Spoed vastgelegd voor besluit {besluit}.")


@app.command("zienswijze")
def hearing(
    referentie: Reference,
    besluit: DecisionId,
    uitkomst: Annotated[str, typer.Option()],
    gegeven: Annotated[str, typer.Option(help="ja: zienswijze gegeven; nee: niet gebruikt")],
    gebruiker: UserOption = None,
) -> None:
    """Leg vast wat de betrokkene heeft ingebracht (of dat niets is ingebracht)."""
    given = yes_no(gegeven, "gegeven")
    with transaction() as session:
        service.record_hearing(
            session=session,
            reference=referentie,
            decision_id=besluit,
            outcome=uitkomst,
            given=bool(given),
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Zienswijze vastgelegd voor besluit {besluit}.")


@app.command("neem")
def issue(referentie: Reference, besluit: DecisionId, gebruiker: UserOption = None) -> None:
    """Neem het besluit (geweigerd zolang er iets ontbreekt) en maak de PDF."""
    with transaction() as session:
        _, doc = service.issue(
            session=session,
            reference=referentie,
            decision_id=besluit,
            actor=actor(gebruiker),
            now=now(),
        )
        path = _write(doc)
    out(f"Besluit {besluit} genomen: {path}")


@app.command("bekendmaking")
def made_known(
    referentie: Reference,
    besluit: DecisionId,
    datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
    wijze: Annotated[str, typer.Option(help="uitreiking of toezending")] = "uitreiking",
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


@app.command("verleng")
def extend(
    referentie: Reference,
    besluit: DecisionId,
    duur: Annotated[int, typer.Option()],
    motivering_duur: Annotated[str, typer.Option()],
    herhaling: Annotated[str, typer.Option()],
    feiten: Text = None,
    ernst: Text = None,
    geschiktheid: Text = None,
    noodzaak: Text = None,
    afweging: Text = None,
    afweging_eigenaar: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Bereid een verlenging voor; daarna altijd een nieuw voornemen en zienswijze."""
    fields = _fields({k: v for k, v in locals().items() if k not in ("referentie", "besluit")})
    with transaction() as session:
        decision = service.extend(
            session=session,
            reference=referentie,
            parent_id=besluit,
            fields=fields,
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept-verlengingsbesluit {decision.id} aangemaakt "
            f"(tot en met {end_date(decision)}); "
            "verstuur eerst een voornemen."
        )


@app.command("ophef")
def lift(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    ingang: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Bereid de opheffing voor (standaard vandaag; tussen ingang en einde van de sluiting)."""
    effective = parse_date(ingang, "ingang")
    with transaction() as session:
        decision = service.lift(
            session=session,
            reference=referentie,
            parent_id=besluit,
            reasons=reden,
            effective=effective,
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept-opheffingsbesluit {decision.id} per {decision.start_date}; "
            "neem het met 'besluit neem'."
        )


@app.command("beeindig")
def end(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Beëindig een noodbevel (gevaar geweken, of opgevolgd door een 174a-besluit)."""
    with transaction() as session:
        service.end_emergency_order(
            session=session,
            reference=referentie,
            decision_id=besluit,
            reason=reden,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Noodbevel {besluit} beëindigd.")


@app.command("lijst")
def list_decisions(referentie: Reference) -> None:
    """Alle besluiten van de zaak, met status, geadresseerden en termijnen met hun afleiding."""
    with transaction() as session:
        rows = decisions_of(session, get_case(session, referentie))
        if not rows:
            out("Nog geen besluiten.")
        for d in rows:
            hour = f" {d.start_time.strftime('%H:%M')}" if d.start_time else ""
            period = f", {d.start_date}{hour} t/m {end_date(d)}" if end_date(d) else ""
            out(f"Besluit {d.id}: {d.kind}, {d.status}{period}")
            for a in addressees_of(session, d):
                known = (
                    f"bekendgemaakt {a.made_known_on} ({a.made_known_how})"
                    if a.made_known_on
                    else "nog niet bekendgemaakt"
                )
                out(f"    [{a.id}] {a.name} ({a.capacity}): {known}")
            for deadline in deadlines(d, session):
                for line in deadline.explain():
                    out(f"    {line}")
