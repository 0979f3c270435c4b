"""`playbook bewaartermijnen toepassen` and `playbook persoon export` (AVG)."""

import json
from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import actor, now, out, transaction

retention = typer.Typer(help="Bewaartermijnen (AVG) toepassen.", no_args_is_help=True)
person = typer.Typer(help="Gegevens van één persoon (AVG).", no_args_is_help=True)


@retention.command("toepassen")
def apply(droog: Annotated[bool, typer.Option("--droog", help="toon wat zou veranderen, "
                                              "schrijf niets")] = False) -> None:
    """Pseudonimiseer personen in zaken die langer dan de bewaartermijn gesloten zijn."""
    from playbook.config import USER_TZ
    from playbook.retention.policy import policies_from_settings, policy_from_settings
    from playbook.retention.service import apply as run

    # Sessions are not tied to a case: the shortest session period of all municipalities applies.
    own = policies_from_settings()
    policy = policy_from_settings().model_copy(
        update={"sessions_days": min(p.sessions_days for p in own.values())})
    with transaction() as session:
        report = run(session=session, now=now(), actor=actor(None), policy=policy, dry_run=droog,
                     per_municipality=own)
    verb = "Zou pseudonimiseren" if droog else "Gepseudonimiseerd"
    for change in report.cases:
        out(f"{verb}: zaak {change.reference} (gesloten "
            f"{change.closed_at.astimezone(USER_TZ):%d-%m-%Y}), {change.persons} perso(o)n(en)")
    out(f"{'Droge run: niets gewijzigd. ' if droog else ''}{len(report.cases)} zaak/zaken, "
        f"{report.persons} perso(o)n(en); {report.sessions} oude sessie(s) "
        f"{'zou(den) worden' if droog else 'zijn'} verwijderd. Bewaartermijn personen: "
        + _periods() + " na sluiten.")


def _periods() -> str:
    from playbook.definition.municipalities import municipalities

    loaded = list(municipalities())
    if len(loaded) == 1:
        return f"{loaded[0].retention.persons_years} jaar"
    return "; ".join(f"{m.name} {m.retention.persons_years} jaar" for m in loaded)


@person.command("export")
def export(persoon_id: int, uitvoer: Annotated[Path | None, typer.Option(
        help="schrijf naar dit bestand in plaats van het scherm")] = None) -> None:
    """Alle gegevens over één persoon als JSON (inzageverzoek, art. 15 AVG)."""
    from playbook.cases.audit import record
    from playbook.retention.export import person_export
    from playbook.storage.tables import Person

    with transaction() as session:
        data = person_export(session, persoon_id)
        record(session, None, actor=actor(None), action="persoon-geexporteerd", at=now(),
               person=session.get(Person, persoon_id), reason="inzageverzoek art. 15 AVG")
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if uitvoer:
        uitvoer.write_text(text + "\n", encoding="utf-8")
        out(f"Gegevens van persoon {persoon_id} staan in {uitvoer}.")
    else:
        out(text)
