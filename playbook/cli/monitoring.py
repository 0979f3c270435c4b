"""`playbook monitor` and `playbook herhaaladressen`: the figures against the goal, the
anonymised export and the repeat-address register, for the configured municipality."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import now, out, table, transaction
from playbook.config import USER_TZ
from playbook.definition.loader import load_from_settings
from playbook.documents.formatting import number_nl
from playbook.errors import InvalidInput
from playbook.monitoring import export, query
from playbook.monitoring.figures import Report
from playbook.monitoring.register import repeat_register


def _show(report: Report) -> None:
    out(f"Monitoring {report.year}: {report.scope}")
    base = report.baseline
    headers = ["maand", str(report.year)] + ([str(base.year), "doel"] if base else [])
    rows = [[m.name, str(m.count)] + ([str(m.baseline), number_nl(m.goal)] if base else [])
            for m in report.months]
    out(table(rows, headers))
    most = number_nl(report.goal_total)
    goal = (f"; {base.year}: {report.baseline_total}; doel: hoogstens {most} "
            f"(bron: {base.source})") if base else ""
    out(f"Totaal: {report.total}{goal}")
    out("Objecttypen: " + ", ".join(f"{k} {n}" for k, n in report.object_types))
    out(f"Herhaaladressen: {report.repeat_addresses}; sluitingsbesluiten: {report.closures}")
    for d in report.durations:
        value = f"{number_nl(d.median)} {d.unit}" if d.median is not None else "geen gegevens"
        out(f"Mediaan incident tot {d.label.lower()}: {value} ({d.cases} zaken)")
    out("Maatregelen: " + ("; ".join(
        f"{t}: " + ", ".join(f"{n} {status}" for status, n in s.items() if n or status == "gedaan")
        for t, s in report.measures) or "geen"))
    out("Te late stappen: " + (", ".join(f"{p} {n}" for p, n in report.overdue) or "geen"))


YearOption = Annotated[int | None, typer.Option(help="Jaar (standaard dit jaar)", min=2000,
                                                max=2100)]
RegionOption = Annotated[bool, typer.Option("--regio", help="Alle gemeenten van de regio samen")]
ExportOption = Annotated[Path | None, typer.Option(
    "--export", help="Schrijf de anonieme export naar dit .csv- of .ods-bestand")]


def monitor(jaar: YearOption = None, regio: RegionOption = False,
            export_naar: ExportOption = None) -> None:
    """Aanslagen per maand tegen het referentiejaar en het doel, objecttypen, herhaaladressen,
    maatregelen, doorlooptijden, sluitingen en te late stappen."""
    if export_naar is not None and export_naar.suffix.lower() not in (".csv", ".ods"):
        raise InvalidInput(["export: kies een bestandsnaam op .csv of .ods"])
    playbook = load_from_settings()
    moment = now()
    with transaction() as session:
        codes = query.region_codes(session) if regio else [playbook.municipality.cbs_code]
        region = playbook.municipality.region
        scope = playbook.municipality.name
        if regio:
            scope = region.name if region else "alle gemeenten"
        report = query.load(session, codes=codes or [playbook.municipality.cbs_code],
                            year=jaar or moment.astimezone(USER_TZ).year, playbook=playbook,
                            now=moment, scope=scope)
    if export_naar is None:
        _show(report)
        return
    ods = export_naar.suffix.lower() == ".ods"
    export_naar.write_bytes(export.to_ods(report, codes) if ods else export.to_csv(report, codes))
    out(f"Anonieme export (alleen aantallen, onder 5 als '<5') geschreven naar {export_naar}.")


def register() -> None:
    """Elk adres met twee of meer aanslagen, met zaken en maatregelen en hun stand."""
    playbook = load_from_settings()
    moment = now()
    with transaction() as session:
        entries = repeat_register(session, [playbook.municipality.cbs_code], moment)
    if not entries:
        out("Er zijn geen adressen met twee of meer aanslagen.")
    for e in entries:
        out(f"{e.address}: {e.attacks} aanslagen ({e.object_type}); zaken: "
            + ", ".join(f"{c.reference} ({c.phase})" for c in e.cases))
        for m in e.measures:
            out(f"  - {m.title}: {m.status} ({m.where})")
