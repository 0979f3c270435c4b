"""The referral page of a case: consent (gemeente), the police referral at the report, the
referral letter, and what the street may be told. Same service calls as `playbook verwijzing`;
session, user, case scope and CSRF come from the shared dependencies (web/deps.py)."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from playbook.cases import referrals, refusals, street
from playbook.cases.consent import (
    CHANNEL_LABELS,
    METHOD_LABELS,
    MUNICIPAL_CHANNELS,
    PURPOSE_LABELS,
    ROUTE_LABELS,
    parse_local,
)
from playbook.cases.persons import persons_of
from playbook.errors import InvalidInput
from playbook.letters.texts import PERSON_ROLES
from playbook.storage.tables import Document
from playbook.web.app import now, page
from playbook.web.deps import (
    CaseLetters,
    CaseRead,
    CaseWork,
    Csrf,
    Db,
    Message,
    Scoped,
    attempt,
    field_errors,
    messages,
    redirect,
)

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Field = Annotated[str | None, Form(max_length=200)]
DONE = {
    "toestemming": "De toestemming is vastgelegd.",
    "intrekken": "De toestemming is ingetrokken.",
    "weigering": "De weigering is vastgelegd.",
    "politie": "De verwijzing door de politie is vastgelegd.",
    "brief": "De verwijzing is gemaakt en vastgelegd.",
    "buurt": "Het buurtbericht is vastgelegd.",
}


def referral_page(
    request: Request,
    db: Session,
    scope: Scoped,
    errors: list[Message] | None = None,
    status: int = 200,
    message: str | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    user, case = scope.user, scope.case
    persons = persons_of(db, case)
    consents = referrals.consents_of(db, case)
    done = referrals.referrals_of(db, case)
    news = street.latest_news(db, case)
    # The referral letters, so the list links each municipal referral to what was sent.
    letters = {d.id: d for d in db.exec(select(Document).where(
        col(Document.id).in_([r.document_id for r in done if r.document_id])))}
    problems = errors or []
    return page(
        request,
        "consent.html.j2",
        status,
        title=f"Slachtofferhulp en buurt, zaak {case.reference}",
        user=user,
        case=case,
        persons=persons,
        consents=consents,
        refusals=referrals.refusals_of(db, case),
        referrals=done,
        news=news,
        names={p.id: p.name for p in persons},
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
def show(request: Request, scope: CaseRead, db: Db, gelukt: str | None = None) -> Response:
    return referral_page(request, db, scope, message=DONE.get(gelukt or ""))


def _id(value: str | None, label: str) -> int:
    if not value or not value.isdigit() or len(value) > 9:
        raise InvalidInput([f"{label}: kies uit de lijst"])
    return int(value)


def _clean(values: dict[str, str | None]) -> dict[str, str | None]:
    return {k: (v or "").strip() or None for k, v in values.items()}


def _done(request: Request, db: Session, scope: Scoped, action: str, run: Callable[[], object],
          values: dict[str, str | None]) -> Response:
    """One service call in the request's unit of work: on a refusal the page again with what
    was typed and the problems next to their fields, else back to the page with a message."""
    error = attempt(db, run)
    if error is not None:
        return referral_page(request, db, scope, messages(error), error.status_code,
                             values=values)
    return redirect(f"/zaken/{scope.reference}/verwijzing?gelukt={action}")


@router.post("/zaken/{reference}/verwijzing/toestemming")
def consent(request: Request, scope: CaseWork, db: Db, persoon: Field = None,
            gegeven_door: Field = None, gegeven_op: Field = None, wijze: Field = None,
            doel: Field = None, contactgegevens: Field = None,
            notitie: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    form = _clean({"persoon": persoon, "gegeven_door": gegeven_door, "gegeven_op": gegeven_op,
                   "wijze": wijze, "doel": doel, "contactgegevens": contactgegevens,
                   "notitie": notitie})
    moment = now()

    def run() -> None:
        referrals.record_consent(
            session=db,
            reference=scope.reference,
            person_id=_id(form["persoon"], "persoon"),
            given_by=form["gegeven_door"] or "",
            given_at=parse_local(form["gegeven_op"], "gegeven op") or moment,
            method=form["wijze"] or "",
            purpose=form["doel"] or "",
            covers_contact=form["contactgegevens"] == "ja",
            note=form["notitie"],
            actor=scope.user.username,
            now=moment,
        )

    return _done(request, db, scope, "toestemming", run, form)


@router.post("/zaken/{reference}/verwijzing/intrekken")
def withdraw(request: Request, scope: CaseWork, db: Db, toestemming: Field = None) -> Response:
    def run() -> None:
        referrals.withdraw_consent(session=db, reference=scope.reference,
                                   consent_id=_id((toestemming or "").strip(), "toestemming"),
                                   actor=scope.user.username, now=now())

    return _done(request, db, scope, "intrekken", run, {})


@router.post("/zaken/{reference}/verwijzing/weigering")
def refusal(request: Request, scope: CaseWork, db: Db, weigering_persoon: Field = None,
            geweigerd_op: Field = None, weigering_wijze: Field = None,
            weigering_doel: Field = None,
            weigering_notitie: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Its own field names, so a refused refusal refills this form and not the consent form."""
    form = _clean({"weigering_persoon": weigering_persoon, "geweigerd_op": geweigerd_op,
                   "weigering_wijze": weigering_wijze, "weigering_doel": weigering_doel,
                   "weigering_notitie": weigering_notitie})
    moment = now()

    def run() -> None:
        refusals.record_refusal(
            session=db,
            reference=scope.reference,
            person_id=_id(form["weigering_persoon"], "wie weigerde"),
            refused_at=parse_local(form["geweigerd_op"], "geweigerd op") or moment,
            method=form["weigering_wijze"] or "",
            purpose=form["weigering_doel"] or "",
            note=form["weigering_notitie"],
            actor=scope.user.username,
            now=moment,
        )

    return _done(request, db, scope, "weigering", run, form)


@router.post("/zaken/{reference}/verwijzing/politie")
def police(request: Request, scope: CaseWork, db: Db, persoon: Field = None,
           verwezen_op: Field = None, kanaal: Field = None) -> Response:
    form = _clean({"persoon": persoon, "verwezen_op": verwezen_op, "kanaal": kanaal})
    moment = now()

    def run() -> None:
        referrals.record_police_referral(
            session=db,
            reference=scope.reference,
            referred_at=parse_local(form["verwezen_op"], "verwezen op") or moment,
            person_id=_id(form["persoon"], "persoon") if form["persoon"] else None,
            channel=form["kanaal"] or "aangifte",
            actor=scope.user.username,
            now=moment,
        )

    return _done(request, db, scope, "politie", run, form)


@router.post("/zaken/{reference}/verwijzing/brief")
def letter(request: Request, scope: CaseLetters, db: Db, persoon: Field = None,
           kanaal: Field = None) -> Response:
    from playbook.letters.service import referral

    form = _clean({"persoon": persoon, "kanaal": kanaal})

    def run() -> None:
        referral(db, scope.case, _id(form["persoon"], "persoon"), scope.user.username, now(),
                 channel=form["kanaal"] or "")

    return _done(request, db, scope, "brief", run, form)


@router.post("/zaken/{reference}/verwijzing/buurt")
def news(request: Request, scope: CaseWork, db: Db, gewonden: Field = None,
         veiligheid: Field = None, bijeenkomst: Field = None, plaats: Field = None) -> Response:
    form = _clean({"gewonden": gewonden, "veiligheid": veiligheid, "bijeenkomst": bijeenkomst,
                   "plaats": plaats})

    def run() -> None:
        street.record_news(
            session=db,
            reference=scope.reference,
            injured=form["gewonden"] or "",
            safety=form["veiligheid"] or "",
            meeting_at=parse_local(form["bijeenkomst"], "bijeenkomst"),
            meeting_place=form["plaats"],
            actor=scope.user.username,
            now=now(),
        )

    return _done(request, db, scope, "buurt", run, form)
