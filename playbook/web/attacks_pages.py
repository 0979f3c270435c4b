"""A (repeat) attack on the address of a running case: a new round that re-enters Incident.
Same rule as `playbook zaak aanslag` (cases.service.report_attack)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playbook.cases import service
from playbook.definition.enums import IncidentKind
from playbook.errors import InvalidInput
from playbook.web.app import now
from playbook.web.deps import CaseWork, Csrf, Db
from playbook.web.forms import local_moment
from playbook.web.pages import act

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Short = Annotated[str | None, Form(max_length=200)]


@router.post("/zaken/{reference}/aanslag")
def report(
    request: Request,
    scope: CaseWork,
    db: Db,
    tijdstip: Short = None,
    soort: Short = "aanslag",
    schade: Annotated[str | None, Form(max_length=2000)] = None,
    gewonden: Annotated[int, Form(ge=0, le=10_000)] = 0,
    ontheemd: Short = None,
) -> Response:
    values = {
        "a-tijdstip": tijdstip,
        "a-soort": soort,
        "a-schade": schade,
        "a-gewonden": gewonden,
        "a-ontheemd": ontheemd,
    }

    def run() -> None:
        if soort not in {k.value for k in IncidentKind if k != IncidentKind.dreiging}:
            raise InvalidInput(["soort: kies aanslag, poging of aantreffen explosief"])
        moment = local_moment(tijdstip, "tijdstip")
        if moment is None:
            raise InvalidInput(["tijdstip: vul datum en tijd van de aanslag in"])
        service.report_attack(
            session=db,
            case=scope.case,
            occurred_at=moment,
            kind=IncidentKind(soort),
            actor=scope.user.username,
            now=now(),
            injured=gewonden,
            damage=(schade or "").strip() or None,
            residents_displaced={"ja": True, "nee": False}.get(ontheemd or ""),
        )

    return act(request, db, scope, run, "aanslag", values)
