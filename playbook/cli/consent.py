"""`playbook verwijzing ...` (consent and referral to Slachtofferhulp Nederland) and
`playbook buurt ...` (what the street is told, and the resident letters that say it)."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cases import referrals, refusals, street
from playbook.cases.consent import CHANNEL_LABELS, METHOD_LABELS, PURPOSE_LABELS, parse_local
from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, table, transaction, yes_no
from playbook.config import get_settings
from playbook.documents.formatting import datetime_nl
from playbook.errors import InvalidInput

app = typer.Typer(
    help="Verwijzen naar Slachtofferhulp Nederland: toestemming (gemeente) of "
    "verwijzing bij de aangifte (politie).",
    no_args_is_help=True,
)
street_app = typer.Typer(
    help="Wat de buurt hoort: gewonden, veiligheid, bijeenkomst en de "
    "bewonersbrieven (ook vervolgbrieven).",
    no_args_is_help=True,
)
Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
Moment = Annotated[str | None, typer.Option("--op", help="JJJJ-MM-DD UU:MM (standaard: nu)")]


def _write(docs: list, uitvoer: Path | None) -> None:  # type: ignore[type-arg]
    folder = uitvoer or get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / doc.filename).write_bytes(doc.content)
        out(f"Geschreven: {folder / doc.filename}")


@app.command("toestemming")
def consent(
    referentie: Reference,
    persoon: Annotated[int, typer.Option(help="persoon-id")],
    gegeven_door: Annotated[str, typer.Option("--gegeven-door", help="wie de toestemming gaf")],
    wijze: Annotated[str, typer.Option(help="mondeling, schriftelijk, telefonisch of digitaal")],
    op: Moment = None,
    doel: Annotated[
        str, typer.Option(help="verwijzing-slachtofferhulp, contact-nazorg, gegevens-verhuurder")
    ] = "verwijzing-slachtofferhulp",
    contactgegevens: Annotated[str, typer.Option(help="mogen contactgegevens mee? ja/nee")] = "nee",
    notitie: Annotated[str | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg toestemming vast: wie, wanneer, hoe en waarvoor (art. 6 lid 1 a en 7 AVG)."""
    moment = now()
    with transaction() as session:
        row = referrals.record_consent(
            session=session,
            reference=referentie,
            person_id=persoon,
            given_by=gegeven_door,
            given_at=parse_local(op, "--op") or moment,
            method=wijze,
            purpose=doel,
            covers_contact=bool(yes_no(contactgegevens, "--contactgegevens")),
            note=notitie,
            actor=actor(gebruiker),
            now=moment,
        )
        out(f"Toestemming {row.id} vastgelegd voor {PURPOSE_LABELS[row.purpose]}.")


@app.command("intrekken")
def withdraw(
    referentie: Reference,
    toestemming: Annotated[int, typer.Option(help="toestemming-id")],
    gebruiker: UserOption = None,
) -> None:
    """Trek een toestemming in (art. 7 lid 3 AVG)."""
    with transaction() as session:
        referrals.withdraw_consent(
            session=session,
            reference=referentie,
            consent_id=toestemming,
            actor=actor(gebruiker),
            now=now(),
        )
        out(f"Toestemming {toestemming} ingetrokken.")


@app.command("weigering")
def refusal(
    referentie: Reference,
    persoon: Annotated[int, typer.Option(help="persoon-id van wie weigert")],
    wijze: Annotated[str, typer.Option(help="mondeling, schriftelijk, telefonisch of digitaal")],
    op: Moment = None,
    doel: Annotated[
        str, typer.Option(help="verwijzing-slachtofferhulp, contact-nazorg, gegevens-verhuurder")
    ] = "verwijzing-slachtofferhulp",
    notitie: Annotated[str | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg vast dat iemand niet wil worden doorverwezen (zonder toestemming die nog geldt;
    anders: intrekken). Een latere toestemming heft de weigering op."""
    moment = now()
    with transaction() as session:
        row = refusals.record_refusal(
            session=session,
            reference=referentie,
            person_id=persoon,
            refused_at=parse_local(op, "--op") or moment,
            method=wijze,
            purpose=doel,
            note=notitie,
            actor=actor(gebruiker),
            now=moment,
        )
        out(f"Weigering vastgelegd: niet voor {PURPOSE_LABELS[row.purpose]}.")


@app.command("politie")
def police(
    referentie: Reference,
    op: Moment = None,
    persoon: Annotated[int | None, typer.Option(help="persoon-id (als bekend)")] = None,
    kanaal: Annotated[
        str, typer.Option(help="aangifte, verwijzerslijn of online-formulier")
    ] = "aangifte",
    gebruiker: UserOption = None,
) -> None:
    """Leg vast dat de politie bij de aangifte heeft doorverwezen (art. 18 Wpg jo. 4:2 Bpg)."""
    moment = now()
    with transaction() as session:
        row = referrals.record_police_referral(
            session=session,
            reference=referentie,
            referred_at=parse_local(op, "--op") or moment,
            person_id=persoon,
            channel=kanaal,
            actor=actor(gebruiker),
            now=moment,
        )
        out(f"Verwijzing door de politie vastgelegd ({CHANNEL_LABELS[row.channel]}).")


@app.command("brief")
def letter(
    referentie: Reference,
    persoon: Annotated[int, typer.Option(help="persoon-id")],
    kanaal: Annotated[
        str, typer.Option(help="verwijzerslijn of online-formulier")
    ] = "online-formulier",
    uitvoer: Annotated[Path | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Verwijs door namens de gemeente; alleen met toestemming voor dit incident en dit doel."""
    from playbook.letters.service import referral

    with transaction() as session:
        doc = referral(
            session, get_case(session, referentie), persoon, actor(gebruiker), now(), channel=kanaal
        )
        _write([doc], uitvoer)


@app.command("lijst")
def overview(referentie: Reference) -> None:
    """Toestemmingen, weigeringen en verwijzingen van de zaak."""
    with transaction() as session:
        case = get_case(session, referentie)
        consents = referrals.consents_of(session, case)
        said_no = referrals.refusals_of(session, case)
        done = referrals.referrals_of(session, case)
    out(
        table(
            [
                [
                    str(c.id),
                    str(c.person_id),
                    c.given_by,
                    datetime_nl(c.given_at),
                    c.method,
                    PURPOSE_LABELS[c.purpose],
                    "ja" if c.covers_contact else "nee",
                    datetime_nl(c.withdrawn_at) or "-",
                ]
                for c in consents
            ],
            ["id", "persoon", "gegeven door", "op", "wijze", "doel", "contact", "ingetrokken"],
        )
        if consents
        else "Geen toestemmingen."
    )
    out(
        table(
            [
                [
                    str(r.person_id),
                    datetime_nl(r.refused_at),
                    METHOD_LABELS[r.method],
                    PURPOSE_LABELS[r.purpose],
                    r.note or "-",
                ]
                for r in said_no
            ],
            ["persoon", "geweigerd op", "wijze", "wil niet", "notitie"],
        )
        if said_no
        else "Geen weigeringen."
    )
    out(
        table(
            [
                [
                    r.route,
                    datetime_nl(r.referred_at),
                    CHANNEL_LABELS[r.channel],
                    str(r.person_id or "-"),
                ]
                for r in done
            ],
            ["route", "op", "kanaal", "persoon"],
        )
        if done
        else "Geen verwijzingen."
    )


@street_app.command("bericht")
def news(
    referentie: Reference,
    gewonden: Annotated[str, typer.Option(help="geen-gewonden, gewonden of niet-vrijgegeven")],
    veiligheid: Annotated[
        str, typer.Option(help="veilig, beperkt, onbewoonbaar of nog-niet-bekend")
    ],
    bijeenkomst: Annotated[str | None, typer.Option(help="JJJJ-MM-DD UU:MM")] = None,
    plaats: Annotated[str | None, typer.Option(help="plaats van de bijeenkomst")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg vast wat de buurt mag horen (vrijgegeven door de politie) en de uitkomst van de
    veiligheidscontrole."""
    with transaction() as session:
        street.record_news(
            session=session,
            reference=referentie,
            injured=gewonden,
            safety=veiligheid,
            meeting_at=parse_local(bijeenkomst, "--bijeenkomst"),
            meeting_place=plaats,
            actor=actor(gebruiker),
            now=now(),
        )
        out("Buurtbericht vastgelegd; de volgende bewonersbrief gebruikt het.")


@street_app.command("brief")
def resident_letter(
    referentie: Reference,
    soort: Annotated[
        str | None,
        typer.Option(
            help="eerste, nieuwe-aanslag, verlenging of heropening (standaard: volgt uit de zaak)"
        ),
    ] = None,
    adres: Annotated[list[str] | None, typer.Option(help="brief per adres")] = None,
    uitvoer: Annotated[Path | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Maak de bewonersbrief in elke taal waarvoor een taalbestand is."""
    from playbook.letters.service import resident_letters

    if adres is not None and not all(a.strip() for a in adres):
        raise InvalidInput(["--adres: een adres mag niet leeg zijn"])
    with transaction() as session:
        docs = resident_letters(
            session,
            get_case(session, referentie),
            actor(gebruiker),
            now(),
            addresses=adres,
            occasion=soort,
        )
        _write(docs, uitvoer)
