"""An administrator grants a regional user of another municipality reading access to their own
municipality's cases from the browser, sees who was granted by whom and when, and takes it back.
Same service and audit as `playbook gebruiker inzage`; on SQLite and PostgreSQL."""

import html
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.definition.municipalities import Municipalities
from playbook.storage.tables import AuditEvent
from playbook.storage.tables_grants import MunicipalityGrant
from playbook.users.service import create_user, issue_api_token
from tests.municipalities.conftest import (
    BEEKDAL,
    RIVIERSTAD,
    two,  # noqa: F401  (fixture by name)
    utcnow,
)
from tests.municipalities.conftest import app as two_app  # noqa: F401  (fixture by name)
from tests.web.conftest import PASSWORD, Browser, audit_since, bearer, last_audit_id, log_in

CASE_REF = re.compile(r"GM\d{4}-\d{4}-\d{4}")
# key -> (username, full name, role, partner, municipality)
ACCOUNTS = {
    "beheer-b": ("beheer.beekdal", "Bea Beheer", "admin", None, BEEKDAL),
    "oov-b": ("oov.beekdal", "Otto Beekdal", "oov", None, BEEKDAL),
    "regio": ("regio.rita", "Rita Regio", "oov", None, RIVIERSTAD),
    "beheer-a": ("beheer.rivierstad", "Anton Beheer", "admin", None, RIVIERSTAD),
    "politie-a": ("politie.rivierstad", "Piet Politie", "partner", "politie", RIVIERSTAD),
}


@pytest.fixture
def people(uow: Callable[[], AbstractContextManager[Session]], two: Municipalities  # noqa: F811
           ) -> dict[str, str]:
    with uow() as s:
        for username, name, role, partner, code in ACCOUNTS.values():
            create_user(session=s, username=username, full_name=name, role=role,
                        partner=partner, password=PASSWORD, municipality_code=code,
                        actor="beheer", now=utcnow())
    return {key: account[0] for key, account in ACCOUNTS.items()}


@pytest.fixture
def web(two_app: Any, people: dict[str, str]) -> Callable[[str], Browser]:  # noqa: F811
    opened: dict[str, Browser] = {}

    def get(key: str) -> Browser:
        if key not in opened:
            opened[key] = log_in(two_app, people[key])
        return opened[key]
    return get


@pytest.fixture
def beekdal_case(two_app: Any, uow: Any, people: dict[str, str]) -> str:  # noqa: F811
    """One case registered by Beekdal's officer through the API."""
    with uow() as s:
        token = issue_api_token(session=s, username=people["oov-b"], actor="beheer", now=utcnow())
    response = bearer(two_app, token).post_json("/api/zaken", {
        "street": "Beekweg", "house_number": "14", "postcode": "9998 AB", "city": "Beekdal",
        "object_type": "woning", "incident_kind": "aanslag",
        "occurred_at": utcnow().strftime("%Y-%m-%d %H:%M"),
        "persons": [{"name": "Mevrouw A. de Boer", "role": "bewoner"}]})
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def grants(engine: Engine) -> set[tuple[str, str]]:
    from playbook.storage.tables import User

    with Session(engine) as s:
        rows = s.exec(select(User.username, MunicipalityGrant.municipality_code)
                      .join(MunicipalityGrant, MunicipalityGrant.user_id == User.id))
        return {(u, c) for u, c in rows}


def test_admin_grants_and_revokes_and_the_regional_user_sees_accordingly(
        engine: Engine, web: Callable[[str], Browser], beekdal_case: str) -> None:
    admin, regio = web("beheer-b"), web("regio")
    assert beekdal_case not in regio.get("/zaken").text
    shown = admin.get("/beheer/inzage")
    assert shown.status_code == 200
    page = text(shown)
    assert "Niemand van een andere gemeente mag de zaken van Gemeente Beekdal inzien" in page
    # Chosen from a list that names people and municipalities, never a bare CBS code.
    assert re.search(r'<option value="regio.rita"[^>]*>Rita Regio, Gemeente Rivierstad '
                     r"\(regio.rita, Crisisfunctionaris OOV\)</option>", shown.text)
    assert 'value="politie.rivierstad"' not in shown.text  # a partner cannot be granted
    assert 'value="oov.beekdal"' not in shown.text  # Beekdal's own officer needs no grant
    assert RIVIERSTAD not in page and BEEKDAL not in page

    before = last_audit_id(engine)
    done = admin.post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"})
    assert done.status_code == 303 and done.headers["location"] == "/beheer/inzage?gelukt=toegekend"
    assert grants(engine) == {("regio.rita", BEEKDAL)}
    [event] = audit_since(engine, before)
    assert (event.actor, event.action, event.subject, event.old, event.new) == (
        "beheer.beekdal", "gemeente-inzage-gewijzigd", "regio.rita", None, BEEKDAL)
    listed = text(admin.get("/beheer/inzage?gelukt=toegekend"))
    assert "De inzage is toegekend" in listed
    assert re.search(r"Rita Regio regio.rita, Crisisfunctionaris OOV Gemeente Rivierstad "
                     r"door Bea Beheer op \d{1,2} \w+ \d{4} \d\d:\d\d", listed), listed
    # The regional user reads Beekdal's case at once: list, case page, "Mijn werk".
    assert beekdal_case in CASE_REF.findall(regio.get("/zaken").text)
    assert regio.get(f"/zaken/{beekdal_case}").status_code == 200
    assert beekdal_case in regio.get("/werk").text

    before = last_audit_id(engine)
    gone = admin.post_form("/beheer/inzage/regio.rita/intrekken")
    assert gone.status_code == 303
    assert grants(engine) == set()
    [event] = audit_since(engine, before)
    assert (event.action, event.old, event.new) == ("gemeente-inzage-gewijzigd", BEEKDAL, None)
    assert "Niemand van een andere gemeente" in text(admin.get("/beheer/inzage"))
    assert beekdal_case not in regio.get("/zaken").text
    assert beekdal_case not in regio.get("/werk").text
    assert regio.get(f"/zaken/{beekdal_case}").status_code == 404
    # Monitoring counts only the user's own municipality, with or without a grant.
    monitoring = text(regio.get("/monitoring"))
    assert "Gemeente Rivierstad" in monitoring and "Beekdal" not in monitoring


@pytest.mark.parametrize(("username", "status", "says"), [
    ("niemand.hier", 404, "Gebruiker 'niemand.hier' bestaat niet"),
    ("politie.rivierstad", 422, "kan geen andere gemeenten inzien"),
    ("oov.beekdal", 422, "werkt al in deze gemeente"),
    ("", 422, "kies de gebruiker die inzage krijgt"),
])
def test_bad_choices_are_refused_in_dutch_and_nothing_is_stored(
        engine: Engine, web: Callable[[str], Browser], username: str, status: int,
        says: str) -> None:
    admin = web("beheer-b")
    before = last_audit_id(engine)
    refused = admin.post_form("/beheer/inzage", {"gebruikersnaam": username})
    assert refused.status_code == status, refused.text
    assert says in text(refused) and "Dat lukte niet" in text(refused)
    assert grants(engine) == set() and audit_since(engine, before) == []


def test_granting_twice_or_revoking_what_was_never_granted_is_a_conflict(
        engine: Engine, web: Callable[[str], Browser]) -> None:
    admin = web("beheer-b")
    assert admin.post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"}).status_code == 303
    again = admin.post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"})
    assert again.status_code == 409 and "mag de zaken van deze gemeente al inzien" in text(again)
    assert admin.post_form("/beheer/inzage/regio.rita/intrekken").status_code == 303
    twice = admin.post_form("/beheer/inzage/regio.rita/intrekken")
    assert twice.status_code == 409 and "er is niets ingetrokken" in text(twice)
    with Session(engine) as s:
        changes = s.exec(select(AuditEvent).where(
            AuditEvent.action == "gemeente-inzage-gewijzigd")).all()
    assert len(changes) == 2


def test_only_an_administrator_grants_and_only_for_their_own_municipality(
        engine: Engine, web: Callable[[str], Browser]) -> None:
    officer = web("oov-b")
    assert officer.get("/beheer/inzage").status_code == 403
    refused = officer.post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"})
    assert refused.status_code == 403 and grants(engine) == set()
    # Without the form's CSRF token nothing happens either.
    forged = web("beheer-b").post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"},
                                       csrf=False)
    assert forged.status_code == 403 and grants(engine) == set()
    # An administrator acts for their own municipality only: Rivierstad's administrator
    # neither sees nor revokes the reading of Beekdal that Beekdal granted.
    web("beheer-b").post_form("/beheer/inzage", {"gebruikersnaam": "regio.rita"})
    other = web("beheer-a")
    assert "Rita Regio" not in text(other.get("/beheer/inzage")).split("Inzage toekennen")[0]
    assert other.post_form("/beheer/inzage/regio.rita/intrekken").status_code == 409
    assert grants(engine) == {("regio.rita", BEEKDAL)}
