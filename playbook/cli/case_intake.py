"""`playbook zaak nieuw | persoon | toestemming`: register an incident as a case, and the
people it concerns."""

from typing import Annotated

import typer

from playbook.cases import repeats, service
from playbook.cases.intake import FIELD_LABELS, PersonIntake, parse_intake
from playbook.cases.repository import get_case
from playbook.cli.case_options import GemeenteOption, Reference
from playbook.cli.common import UserOption, actor, now, out, transaction
from playbook.config import get_settings
from playbook.definition.municipalities import municipalities
from playbook.errors import InvalidInput
from playbook.users.scope import OWN_KEY

_PERSON_KEYS = {label: field for field, label in FIELD_LABELS.items()}


def parse_person(spec: str) -> dict[str, str]:
    """'naam=Fatima B.;rol=bewoner;zelfredzaam=nee;taal=ar' -> intake fields."""
    result = {}
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        key, sep, value = part.partition("=")
        field = _PERSON_KEYS.get(key.strip().lower())
        if not sep or field is None or field not in PersonIntake.model_fields:
            known = ", ".join(FIELD_LABELS[f] for f in PersonIntake.model_fields)
            raise InvalidInput(
                [f"persoon: '{part}' begrijp ik niet; gebruik sleutel=waarde met {known}"]
            )
        result[field] = value.strip()
    return result



def create(
    straat: Annotated[str | None, typer.Option()] = None,
    huisnummer: Annotated[str | None, typer.Option()] = None,
    toevoeging: Annotated[str | None, typer.Option()] = None,
    postcode: Annotated[str | None, typer.Option()] = None,
    plaats: Annotated[str | None, typer.Option()] = None,
    objecttype: Annotated[
        str | None, typer.Option(help="woning, bedrijfspand, voertuig of overig")
    ] = None,
    soort: Annotated[
        str | None, typer.Option(help="dreiging, aanslag, poging of aantreffen-explosief")
    ] = None,
    tijdstip: Annotated[str | None, typer.Option(help="JJJJ-MM-DD UU:MM, Nederlandse tijd")] = None,
    schade: Annotated[str | None, typer.Option()] = None,
    gewonden: Annotated[str, typer.Option()] = "0",
    publiek: Annotated[str, typer.Option("--publiek-toegankelijk", help="ja/nee")] = "nee",
    ontheemd: Annotated[
        str | None,
        typer.Option(
            help="ja/nee: bewoners kunnen vannacht niet thuis "
            "slapen (standaard ja bij woning of gemengd pand)"
        ),
    ] = None,
    bij_woning: Annotated[
        str,
        typer.Option(
            "--voertuig-bij-woning", help="ja/nee: voertuig stond bij de woning van het doelwit"
        ),
    ] = "nee",
    kinderen: Annotated[
        str, typer.Option("--kinderen", help="ja/nee: kinderen in het huishouden")
    ] = "nee",
    eigendom: Annotated[
        str | None, typer.Option(help="koop, sociale-huur of particuliere-huur")
    ] = None,
    gemengd: Annotated[
        str, typer.Option("--gemengd-pand", help="ja/nee: bijv. winkel met woningen erboven")
    ] = "nee",
    bedrijfssoort: Annotated[str | None, typer.Option(help="winkel, horeca of overig")] = None,
    publiek_gebouw: Annotated[str, typer.Option("--publiek-gebouw", help="ja/nee")] = "nee",
    betrokken: Annotated[
        str, typer.Option("--bewoner-betrokken", help="ja/nee: bewoner is zelf overtreder")
    ] = "nee",
    eerdere: Annotated[
        str, typer.Option("--eerdere-aanslagen", help="aanslagen op dit adres vóór deze zaak")
    ] = "0",
    incident: Annotated[
        str | None,
        typer.Option(
            "--zelfde-incident-als",
            help="zaaknummer van een adres of voertuig geraakt door dezelfde explosie",
        ),
    ] = None,
    persoon: Annotated[
        list[str] | None,
        typer.Option(
            help="naam=..;rol=..;zelfredzaam=ja/nee;taal=nl;contact=..;geboortedatum=JJJJ-MM-DD"
        ),
    ] = None,
    bag_id: Annotated[
        str | None, typer.Option("--bag-id", help="BAG-id van het verblijfsobject (16 cijfers)")
    ] = None,
    bevestig: Annotated[
        bool,
        typer.Option(
            "--bevestig-herhaling",
            help="eerdere zaken op dit adres, pand of tegen deze persoon koppelen "
            "en als herhaling behandelen",
        ),
    ] = False,
    gemeente: GemeenteOption = None,
    gebruiker: UserOption = None,
) -> None:
    """Registreer een incident (dreiging of aanslag) als nieuwe zaak."""
    moment = now()
    data = {
        "street": straat, "house_number": huisnummer, "house_suffix": toevoeging,
        "postcode": postcode, "city": plaats, "object_type": objecttype, "incident_kind": soort,
        "occurred_at": tijdstip, "damage": schade, "injured": gewonden,
        "publicly_accessible": publiek, "residents_displaced": ontheemd,
        "vehicle_at_home": bij_woning, "household_children": kinderen, "tenure": eigendom,
        "mixed_use": gemengd, "business_kind": bedrijfssoort, "public_building": publiek_gebouw,
        "occupant_involved": betrokken, "earlier_attacks": eerdere, "incident_with": incident,
        "persons": [parse_person(p) for p in persoon or []], "bag_id": bag_id,
    }
    intake = parse_intake({k: v for k, v in data.items() if v is not None}, moment)
    loaded = municipalities()  # every municipality file checked before anything is stored
    try:
        with transaction() as session:
            # Default: the operator's own municipality (a registered account), else the instance's.
            code = gemeente or session.info.get(OWN_KEY)
            playbook = (
                loaded.get(code.strip().upper()).playbook if code else loaded.default.playbook
            )
            case, created, matches = repeats.register_case(
                session=session, intake=intake, playbook=playbook, actor=actor(gebruiker),
                now=moment, repeat_window_days=get_settings().repeat_window_days,
                confirmed=bevestig,
            )
            reference, phase = case.reference, case.phase
    except repeats.RepeatFound as exc:
        out("Mogelijke herhaling: er zijn eerdere zaken gevonden. Er is nog niets opgeslagen.")
        for line in exc.problems or []:
            out(f"- {line}")
        out("Bekijk ze en herhaal de opdracht met --bevestig-herhaling om te koppelen.")
        raise typer.Exit(3) from None
    if created:
        out(
            f"Zaak {reference} aangemaakt voor {intake.address}; "
            f"fase: {playbook.phase_title(phase)}."
        )
        for m in matches:
            out(f"Gekoppeld als herhaling: {m.describe()}")
    else:
        out(f"Herhaalde aanslag: bestaande zaak {reference} op dit adres is bijgewerkt en staat nu "
            f"in fase '{playbook.phase_title(phase)}'.")



def person(
    referentie: Reference,
    persoon: Annotated[str, typer.Argument(help="naam=..;rol=..;...")],
    gebruiker: UserOption = None,
) -> None:
    """Voeg een persoon toe (doelwit, bewoner, omwonende, getuige)."""
    from pydantic import ValidationError

    from playbook.validation import describe_errors

    try:
        intake = PersonIntake.model_validate(parse_person(persoon))
    except ValidationError as exc:
        raise InvalidInput(describe_errors(exc, lambda loc: " ".join(
            FIELD_LABELS.get(str(p), str(p)) for p in loc))) from None
    with transaction() as session:
        case = get_case(session, referentie)
        service.add_person(session, case, intake, actor(gebruiker), now())
        out(f"{intake.name} toegevoegd aan zaak {case.reference}.")



def consent(referentie: Reference, persoon: Annotated[int, typer.Argument(help="persoon-id")],
            gebruiker: UserOption = None) -> None:
    """Leg toestemming vast voor doorverwijzing naar Slachtofferhulp Nederland."""
    with transaction() as session:
        person = service.record_consent(session=session, reference=referentie, person_id=persoon,
                                        actor=actor(gebruiker), now=now())
        out(f"Toestemming van {person.name} vastgelegd.")
