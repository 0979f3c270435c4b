"""Administrators manage accounts from the browser: create, reset a password, issue and revoke
API tokens, deactivate. Only their own municipality; every change audited under their name."""

import html
import re

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.definition.models import Playbook
from playbook.storage.tables import AuditEvent, User
from tests.web.conftest import PASSWORD, Browsers, audit_since, bearer, last_audit_id, log_in

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-42"


def test_admin_creates_an_account_and_a_refusal_keeps_the_form(
    app,
    engine: Engine,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    users: dict[str, str],
) -> None:
    admin = browsers["admin"]
    page = admin.get("/beheer/gebruikers")
    assert page.status_code == 200 and users["oov"] in page.text
    assert users["oov-elders"] not in page.text  # another municipality's accounts are not shown
    weak = admin.post_form(
        "/beheer/gebruikers",
        {
            "gebruikersnaam": "nieuw.iemand",
            "naam": "Nieuw Iemand",
            "rol": "oov",
            "wachtwoord": "kort",
        },
    )
    assert weak.status_code == 422 and 'value="nieuw.iemand"' in weak.text
    assert "wachtwoord" in html.unescape(weak.text)
    before = last_audit_id(engine)
    made = admin.post_form(
        "/beheer/gebruikers",
        {
            "gebruikersnaam": "nieuw.iemand",
            "naam": "Nieuw Iemand",
            "rol": "oov",
            "wachtwoord": NEW_PASSWORD,
        },
    )
    assert made.status_code == 303
    with Session(engine) as s:
        created = s.exec(select(User).where(User.username == "nieuw.iemand")).one()
        assert created.municipality_code == "GM9999" and created.role == "oov"
    assert [e.actor for e in audit_since(engine, before)] == [users["admin"]]
    assert log_in(app, "nieuw.iemand", NEW_PASSWORD).get("/zaken").status_code == 200


def test_token_shown_once_works_and_stops_when_revoked(
    app,
    engine: Engine,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    users: dict[str, str],
) -> None:
    admin = browsers["admin"]
    issued = admin.post_form(
        f"/beheer/gebruikers/{users['oov']}/tokens",
        {"naam": "zaaksysteem", "scope": "lezen", "dagen": "30"},
    )
    assert issued.status_code == 200
    secret = re.search(r'id="nieuw-token" readonly value="([^"]+)"', issued.text)[1]  # type: ignore[index]
    api = bearer(app, secret)
    assert api.get("/api/zaken").status_code == 200
    assert api.post_json("/api/zaken", {}).status_code == 403  # read-only scope
    assert secret not in admin.get("/beheer/gebruikers").text  # shown once
    token_form = re.search(
        r'action="(/beheer/tokens/\d+/intrekken)"', admin.get("/beheer/gebruikers").text
    )[1]  # type: ignore[index]
    assert admin.post_form(token_form).status_code == 303
    assert api.get("/api/zaken").status_code == 401


def test_reset_password_and_deactivate(
    app, engine: Engine, browsers: Browsers, users: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    admin, officer = browsers["admin"], browsers["oov"]
    reset = admin.post_form(
        f"/beheer/gebruikers/{users['oov']}/wachtwoord", {"wachtwoord": NEW_PASSWORD}
    )
    assert reset.status_code == 303
    assert officer.get("/zaken").status_code == 303  # the officer's sessions ended
    log_in(app, users["oov"], NEW_PASSWORD)
    gone = admin.post_form(f"/beheer/gebruikers/{users['juridisch']}/deactiveren")
    assert gone.status_code == 303
    with Session(engine) as s:
        assert not s.exec(select(User).where(User.username == users["juridisch"])).one().active
        actions = {
            e.action for e in s.exec(select(AuditEvent).where(AuditEvent.actor == users["admin"]))
        }
    assert {"wachtwoord-hersteld", "gebruiker-gedeactiveerd"} <= actions


def test_only_admins_and_only_their_municipality(
    engine: Engine, browsers: Browsers, users: dict[str, str]
) -> None:
    for who in ("oov", "juridisch", "politie"):
        assert browsers[who].get("/beheer/gebruikers").status_code == 403
        assert (
            browsers[who]
            .post_form(
                f"/beheer/gebruikers/{users['oov']}/wachtwoord", {"wachtwoord": NEW_PASSWORD}
            )
            .status_code
            == 403
        )
    elsewhere = browsers["admin"].post_form(f"/beheer/gebruikers/{users['oov-elders']}/deactiveren")
    assert elsewhere.status_code == 404
    with Session(engine) as s:
        assert s.exec(select(User).where(User.username == users["oov-elders"])).one().active
    assert PASSWORD  # the other accounts keep working


def test_the_account_list_names_a_partner_account_s_organisation(
        browsers: Browsers, users: dict[str, str], playbook: Playbook) -> None:
    page = browsers["admin"].get("/beheer/gebruikers")
    row = re.search(rf'id="gebruiker-{re.escape(users["woningcorporatie"])}">(.*?)</tr>',
                    page.text, re.S)
    assert row, page.text
    cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)).split()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]
    name = playbook.partner_name("woningcorporatie")
    assert name != "woningcorporatie"  # the playbook has a name for it
    assert " ".join(cells[1]) == f"Partner (alleen lezen): {name}", cells
