"""A bezwaarschrift received against a decision: who, when received and posted, against which
decision and for which addressee (chosen from a list). Timeliness (art. 6:7-6:9 Awb) and the
decision term follow from the service, as with `playbook bezwaar nieuw`."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playbook.decisions import objections
from playbook.validation import INT_MAX
from playbook.web.app import now
from playbook.web.decision_pages import workspace
from playbook.web.deps import CaseDecisions, Csrf, Db, attempt, redirect
from playbook.web.forms import local_date, required_local_date

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Short = Annotated[str | None, Form(max_length=200)]


@router.post("/zaken/{reference}/bezwaren")
def register(
    request: Request,
    scope: CaseDecisions,
    db: Db,
    besluit: Annotated[int, Form(ge=1, le=INT_MAX)],
    indiener: Short = None,
    ontvangen: Short = None,
    verzonden: Short = None,
    geadresseerde: Annotated[int | None, Form(ge=1, le=INT_MAX)] = None,
    commissie: Short = None,
) -> Response:
    values = {
        "indiener": indiener,
        "ontvangen": ontvangen,
        "verzonden": verzonden,
        "geadresseerde": str(geadresseerde or ""),
        "commissie": commissie,
    }
    error = attempt(
        db,
        lambda: objections.register(
            session=db,
            reference=scope.reference,
            decision_id=besluit,
            submitted_by=indiener or "",
            received_on=required_local_date(ontvangen, "ontvangen"),
            posted_on=local_date(verzonden, "verzonden"),
            addressee_id=geadresseerde,
            advisory_committee=commissie == "ja",
            actor=scope.user.username,
            now=now(),
        ),
    )
    if error is not None:
        return workspace(
            request,
            db,
            scope,
            error.problems or [error.message],
            error.status_code,
            failed={"action": "bezwaar", "decision": besluit, "values": values},
        )
    return redirect(f"/zaken/{scope.reference}/besluiten?gelukt=bezwaar")
