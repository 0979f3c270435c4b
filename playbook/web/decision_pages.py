"""The mayor's office workspace: draft, check, voornemen or spoed, issue, bekendmaking,
extension and lifting of closure decisions."""

from datetime import time

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from playbook.cases.repository import get_case
from playbook.decisions import service
from playbook.decisions.grounds import GROUNDS
from playbook.errors import InvalidInput, PlaybookError
from playbook.storage.db import unit_of_work
from playbook.validation import parse_date, required_date
from playbook.web.app import now, page
from playbook.web.security import check_case, check_csrf, require, require_case

router = APIRouter(include_in_schema=False)
DRAFT_FIELDS = ("ground", "facts", "seriousness", "recurrence", "suitability", "necessity",
                "balance", "balance_owner", "children_count", "children_ages", "children_school",
                "children_effect", "alternative_housing", "duration_days", "duration_reasons",
                "duration_over_policy_reasons", "start_date", "start_time", "entry_ban_basis",
                "entry_access", "enforcement")


def workspace(request: Request, reference: str, errors: list[str] | None = None,
              status: int = 200, message: str | None = None) -> Response:
    user = require(request, "case:read")
    moment = now()
    with Session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        rows = []
        for d in service.decisions_of(session, case):
            missing = (service.check(session=session, reference=reference, decision_id=d.id, now=moment)  # type: ignore[arg-type]
                       if d.status in ("concept", "voornemen") else [])
            rows.append({"d": d, "end": service.end_date(d), "missing": missing,
                         "deadlines": service.deadlines(d, session)})
    return page(request, "decisions.html.j2", status, title=f"Besluiten zaak {reference}",
                user=user, case=case, decisions=rows, grounds=GROUNDS, errors=errors or [],
                message=message, may_write=user.may("decision:write"))


DONE_MESSAGES = {
    "nieuw": "Het concept is aangemaakt.", "wijzig": "Het concept is opgeslagen.",
    "voornemen": "Het voornemen is gemaakt; de zienswijzetermijn loopt vanaf de vastgelegde verzending.",
    "verzending": "De verzending is vastgelegd; de zienswijzetermijn loopt.",
    "spoed": "Spoed is vastgelegd.", "zienswijze": "De zienswijze is vastgelegd.",
    "neem": "Het besluit is genomen.", "bekendmaking": "De bekendmaking is vastgelegd; de bezwaartermijn loopt.",
    "verleng": "De verlenging is voorbereid; verstuur een nieuw voornemen.",
    "ophef": "De opheffing is voorbereid; neem het besluit.",
}


@router.get("/zaken/{reference}/besluiten")
def show(request: Request, reference: str, gelukt: str | None = None) -> Response:
    return workspace(request, reference, message=DONE_MESSAGES.get(gelukt or ""))


def parse_time(value: str | None, field: str) -> time | None:
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise InvalidInput([f"{field}: '{value}' is geen tijd (gebruik UU:MM)"]) from None


def _number(form: dict[str, str | None], field: str) -> int | None:
    value = form.get(field)
    if value is None:
        return None
    if not value.isdigit():
        raise InvalidInput([f"{field}: '{value}' is geen geheel getal"])
    return int(value)


@router.post("/zaken/{reference}/besluiten/{action}")
async def act(request: Request, reference: str, action: str) -> Response:
    """One endpoint per lifecycle action, all guarded by the same role and CSRF check."""
    user = require_case(request, reference, "decision:write")
    form = {k: (str(v).strip() or None) for k, v in (await request.form()).items()}
    check_csrf(request, form.get("csrf_token"), user)
    moment, who = now(), user.username
    try:
        decision_id, version, term = (_number(form, "besluit"), _number(form, "versie"),
                                      _number(form, "termijn"))
    except InvalidInput as exc:
        return workspace(request, reference, exc.problems, 422)

    def fields():  # type: ignore[no-untyped-def]
        return service.parse_draft({f: form.get(f) for f in DRAFT_FIELDS})

    actions = {
        "nieuw": lambda s: service.draft(session=s, reference=reference, fields=fields(), actor=who,
                                         now=moment, expected_version=version),
        "wijzig": lambda s: service.draft(session=s, reference=reference, fields=fields(), actor=who,
                                          now=moment, decision_id=decision_id, expected_version=version),
        "voornemen": lambda s: service.send_intent(
            session=s, reference=reference, decision_id=decision_id, hearing_days=term or 7,
            hearing_days_reasons=form.get("reden_termijn"),
            sent_on=parse_date(form.get("verzonden"), "verzonden"), sent_how=form.get("wijze"),
            actor=who, now=moment),
        "verzending": lambda s: service.record_dispatch(
            session=s, reference=reference, decision_id=decision_id,
            on=parse_date(form.get("datum"), "datum"), how=form.get("wijze") or "", actor=who,
            now=moment),
        "spoed": lambda s: service.record_urgency(session=s, reference=reference, decision_id=decision_id,
                                                  reasons=form.get("reden") or "", actor=who, now=moment),
        "zienswijze": lambda s: service.record_hearing(session=s, reference=reference, decision_id=decision_id,
                                                       outcome=form.get("uitkomst") or "",
                                                       given=form.get("gegeven") == "ja", actor=who, now=moment),
        "neem": lambda s: service.issue(session=s, reference=reference, decision_id=decision_id,
                                        actor=who, now=moment),
        "bekendmaking": lambda s: service.make_known(session=s, reference=reference, decision_id=decision_id,
                                                     on=required_date(form.get("datum"), "datum"),
                                                     at=parse_time(form.get("tijd"), "tijd"),
                                                     how=form.get("wijze") or "", actor=who, now=moment),
        "verleng": lambda s: service.extend(session=s, reference=reference, parent_id=decision_id,
                                            fields=fields(), actor=who, now=moment),
        "ophef": lambda s: service.lift(session=s, reference=reference, parent_id=decision_id,
                                       reasons=form.get("reden") or "",
                                       effective=parse_date(form.get("datum"), "datum"), actor=who, now=moment),
    }
    if action not in actions or (decision_id is None and action != "nieuw"):
        return workspace(request, reference, [f"Onbekende handeling '{action}'."], 404)
    try:
        with unit_of_work(request.app.state.engine) as session:
            actions[action](session)
    except PlaybookError as exc:
        problems = exc.problems or [exc.message]
        return workspace(request, reference, problems, exc.status_code)
    return RedirectResponse(f"/zaken/{reference}/besluiten?gelukt={action}", status_code=303)
