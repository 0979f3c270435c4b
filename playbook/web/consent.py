"""The referral page of a case: consent (gemeente), the police referral at the report, the
referral letter, and what the street may be told. Same service calls as `playbook verwijzing`."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from playbook.cases import referrals, street
from playbook.cases.consent import (
    CHANNEL_LABELS,
    METHOD_LABELS,
    MUNICIPAL_CHANNELS,
    PURPOSE_LABELS,
    ROUTE_LABELS,
    parse_local,
)
from playbook.cases.persons import persons_of
from playbook.cases.repository import get_case
from playbook.errors import InvalidInput, PlaybookError
from playbook.letters.texts import PERSON_ROLES
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import Document
from playbook.web.app import now, page
from playbook.web.deps import field_errors
from playbook.web.security import check_csrf, require_case

router = APIRouter(include_in_schema=False)
RIGHTS = {
    "toestemming": "case:work",
    "intrekken": "case:work",
    "politie": "case:work",
    "buurt": "case:work",
    "brief": "letter:create",
}
DONE = {
    "toestemming": "De toestemming is vastgelegd.",
    "intrekken": "De toestemming is ingetrokken.",
    "politie": "De verwijzing door de politie is vastgelegd.",
    "brief": "De verwijzing is gemaakt en vastgelegd.",
    "buurt": "Het buurtbericht is vastgelegd.",
}


def referral_page(
    request: Request,
    reference: str,
    errors: list[str] | None = None,
    status: int = 200,
    message: str | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    user = require_case(request, reference)
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        persons = persons_of(session, case)
        consents = referrals.consents_of(session, case)
        done = referrals.referrals_of(session, case)
        news = street.latest_news(session, case)
        # The referral letters, so the list links each municipal referral to what was sent.
        letters = {d.id: d for d in session.exec(select(Document).where(
            col(Document.id).in_([r.document_id for r in done if r.document_id])))}
    names = {p.id: p.name for p in persons}
    problems = errors or []
    return page(
        request,
        "consent.html.j2",
        status,
        title=f"Slachtofferhulp en buurt, zaak {reference}",
        user=user,
        case=case,
        persons=persons,
        consents=consents,
        referrals=done,
        news=news,
        names=names,
        roles=PERSON_ROLES,
        purposes=PURPOSE_LABELS,
        methods=METHOD_LABELS,
        channels=CHANNEL_LABELS,
        municipal_channels=MUNICIPAL_CHANNELS,
        routes=ROUTE_LABELS,
        injured=street.INJURED_LABELS,
        safety=street.SAFETY_LABELS,
        letters=letters,
        values=values or {},
        errors=problems,
        field_errors=field_errors(problems),
        message=message,
        may_work=user.may("case:work"),
        may_letter=user.may("letter:create"),
    )


@router.get("/zaken/{reference}/verwijzing")
def show(request: Request, reference: str, gelukt: str | None = None) -> Response:
    return referral_page(request, reference, message=DONE.get(gelukt or ""))


def _id(form: dict[str, str | None], field: str, label: str) -> int:
    value = form.get(field) or ""
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput([f"{label}: kies uit de lijst"])
    return int(value)


@router.post("/zaken/{reference}/verwijzing/{action}")
async def act(request: Request, reference: str, action: str) -> Response:
    if action not in RIGHTS:
        return referral_page(request, reference, [f"Onbekende handeling '{action[:40]}'."], 404)
    user = require_case(request, reference, RIGHTS[action])
    form = {k: (str(v).strip() or None) for k, v in (await request.form()).items()}
    check_csrf(request, form.get("csrf_token"), user)
    moment, who = now(), user.username

    def run(session: Any) -> None:
        if action == "toestemming":
            referrals.record_consent(
                session=session,
                reference=reference,
                person_id=_id(form, "persoon", "persoon"),
                given_by=form.get("gegeven_door") or "",
                given_at=parse_local(form.get("gegeven_op"), "gegeven op") or moment,
                method=form.get("wijze") or "",
                purpose=form.get("doel") or "",
                covers_contact=form.get("contactgegevens") == "ja",
                note=form.get("notitie"),
                actor=who,
                now=moment,
            )
        elif action == "intrekken":
            referrals.withdraw_consent(
                session=session,
                reference=reference,
                consent_id=_id(form, "toestemming", "toestemming"),
                actor=who,
                now=moment,
            )
        elif action == "politie":
            person = form.get("persoon")
            referrals.record_police_referral(
                session=session,
                reference=reference,
                referred_at=parse_local(form.get("verwezen_op"), "verwezen op") or moment,
                person_id=_id(form, "persoon", "persoon") if person else None,
                channel=form.get("kanaal") or "aangifte",
                actor=who,
                now=moment,
            )
        elif action == "brief":
            from playbook.letters.service import referral

            referral(
                session,
                get_case(session, reference),
                _id(form, "persoon", "persoon"),
                who,
                moment,
                channel=form.get("kanaal") or "",
            )
        else:
            street.record_news(
                session=session,
                reference=reference,
                injured=form.get("gewonden") or "",
                safety=form.get("veiligheid") or "",
                meeting_at=parse_local(form.get("bijeenkomst"), "bijeenkomst"),
                meeting_place=form.get("plaats"),
                actor=who,
                now=moment,
            )

    try:
        with unit_of_work(request.app.state.engine) as session:
            run(session)
    except PlaybookError as exc:
        return referral_page(
            request, reference, exc.problems or [exc.message], exc.status_code, values=form
        )
    return RedirectResponse(f"/zaken/{reference}/verwijzing?gelukt={action}", status_code=303)
