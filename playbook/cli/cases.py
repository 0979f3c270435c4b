"""`playbook zaak ...`: register cases and handle them.

case_intake: nieuw, persoon, toestemming; case_views: toon, lijst, audit; case_steps: stap,
volgende, checklist, migreer; case_facts: aanslag, feiten, moment.
"""

import typer

from playbook.cli import case_facts, case_intake, case_steps, case_views

app = typer.Typer(help="Zaken registreren en afhandelen.", no_args_is_help=True)

app.command("nieuw")(case_intake.create)
app.command("toon")(case_views.show)
app.command("lijst")(case_views.list_cases)
app.command("stap")(case_steps.step)
app.command("volgende")(case_steps.advance)
app.command("aanslag")(case_facts.attack)
app.command("feiten")(case_facts.facts)
app.command("moment")(case_facts.moment)
app.command("persoon")(case_intake.person)
app.command("toestemming")(case_intake.consent)
app.command("audit")(case_views.audit)
app.command("checklist")(case_steps.make_checklist)
app.command("migreer")(case_steps.migrate)
