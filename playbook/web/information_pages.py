"""Information for a decision: ask the police for a bestuurlijke rapportage (or the OM for
art. 39f Wjsg data), make the request letter, and record the answer for its round."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError

from playbook.errors import InvalidInput
from playbook.information import facts
from playbook.information import service as information
from playbook.letters.service import request_letter
from playbook.validation import INT_MAX, LONG_TEXT, describe_errors
from playbook.web.app import now
from playbook.web.deps import CaseWork, Csrf, Db
from playbook.web.forms import local_date
from playbook.web.pages import act

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Text = Annotated[str | None, Form(max_length=LONG_TEXT)]
# Answer fields as the form names them (Dutch) and as the service names them.
ANSWER_FIELDS = {
    "datum": "answered_on",
    "feiten": "facts",
    "eerdere_incidenten": "earlier_incidents",
    "herhaling": "recurrence",
    "kwetsbaar": "vulnerable_occupants",
    "maatregelen": "measures_taken",
    "deelbaar": "shareable",
}
LABELS = {v: k for k, v in ANSWER_FIELDS.items()}


@router.post("/zaken/{reference}/informatie")
def ask(
    request: Request,
    scope: CaseWork,
    db: Db,
    soort: Annotated[str, Form(max_length=64)],
    termijn: Annotated[int, Form(ge=0, le=365)] = 1,
) -> Response:
    """The same as `playbook informatie vraag`: the request on record and its letter."""

    def run() -> None:
        row = information.request(
            session=db,
            reference=scope.reference,
            kind=soort,
            actor=scope.user.username,
            now=now(),
            answer_days=termijn,
        )
        request_letter(db, scope.case, row, scope.user.username, now())

    return act(request, db, scope, run, "verzoek", {"soort": soort, "termijn": termijn})


@router.post("/zaken/{reference}/informatie/{request_id}/antwoord")
def answer(
    request: Request,
    scope: CaseWork,
    db: Db,
    request_id: Annotated[int, Path(ge=1, le=INT_MAX)],
    datum: Text = None,
    feiten: Text = None,
    herhaling: Text = None,
    eerdere_incidenten: Text = None,
    kwetsbaar: Text = None,
    maatregelen: Text = None,
    deelbaar: Text = None,
) -> Response:
    typed: dict[str, Any] = {
        "datum": datum,
        "feiten": feiten,
        "herhaling": herhaling,
        "eerdere_incidenten": eerdere_incidenten,
        "kwetsbaar": kwetsbaar,
        "maatregelen": maatregelen,
        "deelbaar": deelbaar,
    }
    values = {f"antwoord-{request_id}-{k}": v for k, v in typed.items()}

    def run() -> None:
        data = {ANSWER_FIELDS[k]: (v or "").strip() or None for k, v in typed.items()}
        data["answered_on"] = local_date(datum, "datum")
        try:
            parsed = information.Answer.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(
                describe_errors(exc, lambda loc: LABELS.get(str(loc[0]), str(loc[0])))
            ) from None
        information.record_answer(
            session=db,
            reference=scope.reference,
            request_id=request_id,
            answer=parsed,
            actor=scope.user.username,
            now=now(),
        )

    return act(request, db, scope, run, "antwoord", values)


@router.post("/zaken/{reference}/dreiging")
def threat(
    request: Request, scope: CaseWork, db: Db, datum: Text = None, beoordeling: Text = None
) -> Response:
    """The police's threat assessment for the current round (needed for ground b, art. 174a
    lid 1 onder b Gemeentewet, and for every extension)."""
    values = {"dreiging-datum": datum, "dreiging-beoordeling": beoordeling}

    def run() -> None:
        on = local_date(datum, "datum dreiging")
        if on is None:
            raise InvalidInput(["datum dreiging: verplicht; kies een datum"])
        facts.record_threat_assessment(
            session=db,
            reference=scope.reference,
            assessed_on=on,
            assessment=beoordeling or "",
            actor=scope.user.username,
            now=now(),
        )

    return act(request, db, scope, run, "dreiging", values)
