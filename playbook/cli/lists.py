"""`playbook zaken herbereken` (rebuild the read models) and `playbook werk` (Mijn werk)."""

from typing import Annotated

import typer

from playbook.cli.common import now, out, table, transaction

app = typer.Typer(help="Zaken in bulk: de lijstgegevens herberekenen.", no_args_is_help=True)


@app.command("herbereken")
def rebuild() -> None:
    """Herbereken de lijstgegevens van alle zaken (termijnen, fase, te laat, zoektermen)."""
    from playbook.cases.readmodel import rebuild_all

    with transaction() as session:
        count = rebuild_all(session, now())
    out(f"{count} {'zaak' if count == 1 else 'zaken'} herberekend.")


def work(
    gemeente: Annotated[str | None, typer.Option(help="CBS-code, bijv. GM0599")] = None,
    partner: Annotated[str | None, typer.Option(help="alleen deze partner, bijv. politie")] = None,
    te_laat: Annotated[bool, typer.Option("--te-laat", help="alleen wat te laat is")] = False,
    aantal: Annotated[int, typer.Option(min=1, max=1000, help="hoeveel regels")] = 50,
) -> None:
    """Mijn werk: open stappen en wettelijke termijnen met een uiterste datum, vroegste eerst."""
    from playbook.cases.worklist import WorkFilter, list_work

    moment = now()
    with transaction() as session:
        result = list_work(session, [gemeente.strip().upper()] if gemeente else None,
                           WorkFilter(partner=partner, overdue=te_laat), moment, page_size=aantal)
    rows = [[r.due_text, "TE LAAT" if r.overdue else "", r.case.reference,
             f"{r.case.street} {r.case.house_number}", r.item.title, r.item.partner or ""]
            for r in result.rows]
    out(table(rows, ["uiterlijk", "", "zaak", "adres", "stap of termijn", "partner"]) if rows
        else "Niets openstaand met een termijn.")
