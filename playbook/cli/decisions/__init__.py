"""`playbook besluit ...`: draft, check, issue and follow up closure decisions and noodbevelen.

drafts: prepare a decision (nieuw, wijzig, noodbevel, verleng, ophef, beeindig);
procedure: from completeness check to bekendmaking; overview: the decisions of a case.
"""

import typer

from playbook.cli.decisions import drafts, overview, procedure

app = typer.Typer(
    help="Sluitingsbesluiten en noodbevelen voorbereiden, nemen en opvolgen.", no_args_is_help=True
)

app.command("nieuw")(drafts.new)
app.command("wijzig")(drafts.edit)
app.command("noodbevel")(drafts.emergency)
app.command("controleer")(procedure.check)
app.command("voornemen")(procedure.intent)
app.command("verzending")(procedure.dispatch)
app.command("spoed")(procedure.urgency)
app.command("zienswijze")(procedure.hearing)
app.command("neem")(procedure.issue)
app.command("bekendmaking")(procedure.made_known)
app.command("verleng")(drafts.extend)
app.command("ophef")(drafts.lift)
app.command("beeindig")(drafts.end)
app.command("lijst")(overview.list_decisions)
