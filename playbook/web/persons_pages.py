"""Persons after intake: add a household member, owner or child (a child is a person with a
birth date or an age), and complete a person's household facts. Same rules as
`playbook huishouden persoon` and `huishouden bijwerken`."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError

from playbook.cases import persons
from playbook.cases.intake import PersonIntake
from playbook.decisions.household import Relation
from playbook.errors import InvalidInput
from playbook.validation import INT_MAX, describe_errors
from playbook.web.app import now
from playbook.web.deps import CaseWork, Csrf, Db
from playbook.web.forms import local_date
from playbook.web.pages import act

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Short = Annotated[str | None, Form(max_length=200)]
LABELS = {
    "name": "naam",
    "role": "rol",
    "relation": "relatie",
    "birth_date": "geboortedatum",
    "age": "leeftijd",
    "self_reliant": "zelfredzaam",
    "language": "taal",
}


def _age(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 130:
        raise InvalidInput([f"leeftijd: '{text[:10]}' is geen leeftijd (0 tot en met 130)"])
    return int(text)


@router.post("/zaken/{reference}/personen")
def add(
    request: Request,
    scope: CaseWork,
    db: Db,
    naam: Short = None,
    rol: Short = None,
    relatie: Short = None,
    geboortedatum: Short = None,
    leeftijd: Short = None,
    zelfredzaam: Short = "ja",
    taal: Short = "nl",
) -> Response:
    values: dict[str, Any] = {
        "p-naam": naam,
        "p-rol": rol,
        "p-relatie": relatie,
        "p-geboortedatum": geboortedatum,
        "p-leeftijd": leeftijd,
        "p-zelfredzaam": zelfredzaam,
        "p-taal": taal,
    }

    def run() -> None:
        try:
            person = PersonIntake.model_validate(
                {
                    "name": (naam or "").strip(),
                    "role": rol,
                    "relation": relatie or None,
                    "birth_date": local_date(geboortedatum, "geboortedatum"),
                    "age": _age(leeftijd),
                    "self_reliant": zelfredzaam or "ja",
                    "language": (taal or "nl").strip() or "nl",
                }
            )
        except ValidationError as exc:
            raise InvalidInput(
                describe_errors(exc, lambda loc: LABELS.get(str(loc[0]), str(loc[0])))
            ) from None
        persons.add(
            session=db,
            reference=scope.reference,
            person=person,
            actor=scope.user.username,
            now=now(),
        )

    return act(request, db, scope, run, "persoon", values)


@router.post("/zaken/{reference}/personen/{person_id}")
def update(
    request: Request,
    scope: CaseWork,
    db: Db,
    person_id: Annotated[int, Path(ge=1, le=INT_MAX)],
    geboortedatum: Short = None,
    leeftijd: Short = None,
    relatie: Short = None,
    zelfredzaam: Short = None,
) -> Response:
    values = {f"p{person_id}-geboortedatum": geboortedatum, f"p{person_id}-leeftijd": leeftijd}

    def run() -> None:
        if relatie and relatie not in {r.value for r in Relation}:
            raise InvalidInput([f"relatie: '{relatie[:40]}' is onbekend"])
        persons.update(
            session=db,
            reference=scope.reference,
            person_id=person_id,
            actor=scope.user.username,
            now=now(),
            birth_date=local_date(geboortedatum, "geboortedatum"),
            age=_age(leeftijd),
            relation=Relation(relatie) if relatie else None,
            self_reliant={"ja": True, "nee": False}.get(zelfredzaam or ""),
        )

    return act(request, db, scope, run, "huishouden", values)


@router.post("/zaken/{reference}/huisvesting")
def housing(
    request: Request,
    scope: CaseWork,
    db: Db,
    uitkomst: Short = None,
    omschrijving: Annotated[str | None, Form(max_length=2000)] = None,
    datum: Short = None,
) -> Response:
    """Alternative housing offered to the household (or its refusal), before a closure starts."""
    values = {"h-uitkomst": uitkomst, "h-omschrijving": omschrijving, "h-datum": datum}

    def run() -> None:
        on = local_date(datum, "datum")
        if on is None:
            raise InvalidInput(["datum: verplicht; kies een datum"])
        persons.record_housing(
            session=db,
            reference=scope.reference,
            outcome=uitkomst or "",
            description=omschrijving or "",
            offered_on=on,
            actor=scope.user.username,
            now=now(),
        )

    return act(request, db, scope, run, "huisvesting", values)
