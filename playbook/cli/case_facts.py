"""`playbook zaak aanslag | feiten | moment`: what happened, the facts that decide which steps
apply, and local moments. Registered on the `zaak` app in cli/cases.py."""

from datetime import datetime
from typing import Annotated

import typer

from playbook.cases import service
from playbook.cases.facts import update_facts
from playbook.cases.repository import get_case, pinned_playbook
from playbook.cli.case_options import Reference, VersionOption
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind
from playbook.documents.formatting import short_nl
from playbook.errors import InvalidInput


def _moment(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            [f"tijdstip: '{text}' is geen datum en tijd (JJJJ-MM-DD UU:MM)"]
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=USER_TZ)


def attack(
    referentie: Reference,
    tijdstip: Annotated[str, typer.Option(help="JJJJ-MM-DD UU:MM, Nederlandse tijd")],
    soort: Annotated[str, typer.Option()] = "aanslag",
    gewonden: Annotated[int, typer.Option(min=0, max=10000)] = 0,
    schade: Annotated[str | None, typer.Option()] = None,
    ontheemd: Annotated[
        str | None, typer.Option(help="ja/nee: bewoners kunnen niet thuis slapen")
    ] = None,
    gebruiker: UserOption = None,
) -> None:
    """Meld een (nieuwe) aanslag op een bestaande zaak; \
een herhaling is een nieuwe ronde in Incident."""
    moment = _moment(tijdstip)
    if soort not in {k.value for k in IncidentKind}:
        raise InvalidInput(
            [f"soort: '{soort}' is onbekend; kies aanslag, poging of aantreffen-explosief"]
        )
    with transaction() as session:
        case = service.report_attack(session=session, case=get_case(session, referentie),
                                     occurred_at=moment, kind=IncidentKind(soort),
                                     actor=actor(gebruiker), now=now(), injured=gewonden,
                                     damage=schade,
                                     residents_displaced=yes_no(ontheemd, "ontheemd"))
        title = pinned_playbook(session, case).phase_title(case.phase)
        out(f"Aanslag vastgelegd op zaak {case.reference}; fase '{title}', ronde {case.round}.")


def facts(
    referentie: Reference,
    sluiting: Annotated[
        str | None, typer.Option(help="ja/nee: burgemeester kiest voor sluiting")
    ] = None,
    publiek: Annotated[str | None, typer.Option("--publiek-toegankelijk")] = None,
    gewonden: Annotated[int | None, typer.Option()] = None,
    schade: Annotated[str | None, typer.Option()] = None,
    ontheemd: Annotated[str | None, typer.Option(help="ja/nee")] = None,
    bij_woning: Annotated[str | None, typer.Option("--voertuig-bij-woning", help="ja/nee")] = None,
    kinderen: Annotated[str | None, typer.Option("--kinderen", help="ja/nee")] = None,
    eigendom: Annotated[
        str | None, typer.Option(help="koop, sociale-huur, particuliere-huur")
    ] = None,
    gemengd: Annotated[str | None, typer.Option("--gemengd-pand", help="ja/nee")] = None,
    bedrijfssoort: Annotated[str | None, typer.Option(help="winkel, horeca of overig")] = None,
    publiek_gebouw: Annotated[str | None, typer.Option("--publiek-gebouw", help="ja/nee")] = None,
    betrokken: Annotated[str | None, typer.Option("--bewoner-betrokken", help="ja/nee")] = None,
    versie: VersionOption = None,
    gebruiker: UserOption = None,
) -> None:
    """Wijzig zaakfeiten; welke stappen gelden, volgt daar direct uit."""
    with transaction() as session:
        case = update_facts(
            session=session, reference=referentie, actor=actor(gebruiker), now=now(),
            closure=yes_no(sluiting, "sluiting"), publicly_accessible=yes_no(publiek, "publiek"),
            injured=gewonden, damage=schade, residents_displaced=yes_no(ontheemd, "ontheemd"),
            vehicle_at_home=yes_no(bij_woning, "voertuig-bij-woning"),
            children=yes_no(kinderen, "kinderen"), tenure=eigendom,
            mixed_use=yes_no(gemengd, "gemengd-pand"), business_kind=bedrijfssoort,
            public_building=yes_no(publiek_gebouw, "publiek-gebouw"),
            occupant_involved=yes_no(betrokken, "bewoner-betrokken"), expected_version=versie)
        out(f"Feiten van zaak {case.reference} bijgewerkt.")


def moment(
    referentie: Reference,
    anker: Annotated[str, typer.Argument(help="Id van een lokaal moment uit het gemeentebestand")],
    tijdstip: Annotated[str, typer.Option(help="JJJJ-MM-DD UU:MM, Nederlandse tijd")],
    gebruiker: UserOption = None,
) -> None:
    """Leg een lokaal moment vast (bijv. de wijkschouw) \
waar termijnen van lokale stappen op tellen."""
    from playbook.cases.incidents import record_moment

    at = _moment(tijdstip)
    with transaction() as session:
        case = record_moment(session=session, reference=referentie, anchor=anker, at=at,
                             actor=actor(gebruiker), now=now())
        out(f"Moment '{anker}' vastgelegd op zaak {case.reference}: {short_nl(at)}.")
