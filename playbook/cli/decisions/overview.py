"""The decisions of a case, with their addressees and terms (`playbook besluit lijst`)."""

from playbook.cases.repository import get_case
from playbook.cli.common import out, transaction
from playbook.cli.decision_options import Reference
from playbook.decisions.service import addressees_of, deadlines, decisions_of, end_date


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
