"""Accounts and tokens: password change and reset with a policy, deactivation, and API tokens
with a name, a scope and an expiry that can be revoked and are listed without their secret."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.storage.tables import ApiToken, User
from playbook.users import accounts, tokens
from playbook.users.service import issue_api_token
from tests.web.conftest import PASSWORD, Browsers, bearer, log_in, new_client, scrape_csrf, utcnow

NEW = "Nieuw-sterk-wachtwoord-7"


def _sign_in(app, username: str, password: str) -> int:  # type: ignore[no-untyped-def]
    client = new_client(app)
    token = scrape_csrf(client.get("/login"))
    return client.post("/login", data={"gebruikersnaam": username, "wachtwoord": password,
                                       "csrf_token": token}).status_code


def test_changing_the_password_ends_the_other_sessions(browsers: Browsers, app, users,  # type: ignore[no-untyped-def]
                                                       case_ref: str) -> None:
    laptop, phone = browsers["oov"], browsers.fresh("oov")
    response = laptop.post_form("/account/wachtwoord", {"huidig": PASSWORD, "nieuw": NEW,
                                                        "herhaling": NEW})
    assert response.status_code == 303
    assert laptop.get(f"/zaken/{case_ref}").status_code == 200  # this session stays
    assert phone.get(f"/zaken/{case_ref}").status_code == 303  # the other one ended
    assert _sign_in(app, users["oov"], PASSWORD) == 401
    assert _sign_in(app, users["oov"], NEW) == 303


def test_the_password_policy_is_explained_in_dutch(browsers: Browsers) -> None:
    oov = browsers["oov"]
    for new, expected in (("kort", "minstens 12 tekens"),
                          ("oov.anna-is-mijn-naam", "gebruikersnaam niet bevatten"),
                          ("aaaaaaaaaaaaaaaa", "5 verschillende tekens")):
        response = oov.post_form("/account/wachtwoord", {"huidig": PASSWORD, "nieuw": new,
                                                         "herhaling": new})
        assert response.status_code == 422 and expected in response.text, new
    wrong = oov.post_form("/account/wachtwoord", {"huidig": "fout", "nieuw": NEW,
                                                  "herhaling": NEW})
    assert wrong.status_code == 422 and "Huidig wachtwoord: klopt niet" in wrong.text


def test_a_deactivated_account_loses_sessions_tokens_and_sign_in(browsers: Browsers, app, users,  # type: ignore[no-untyped-def]
                                                                 token_for, case_ref: str) -> None:
    oov = browsers["oov"]
    api = bearer(app, token_for("oov"))
    assert api.get("/api/zaken").status_code == 200
    admin = browsers["admin"]
    assert users["oov"] in admin.get("/account").text
    assert admin.post_form(f"/account/gebruikers/{users['oov']}/deactiveren").status_code == 303
    assert oov.get(f"/zaken/{case_ref}").status_code == 303
    assert api.get("/api/zaken").status_code == 401
    assert _sign_in(app, users["oov"], PASSWORD) == 401
    # An admin cannot touch another municipality's account; the answer is "does not exist".
    assert admin.post_form(f"/account/gebruikers/{users['oov-elders']}/deactiveren").status_code == 404


def test_admin_reset_ends_every_session(browsers: Browsers, app, users, uow, case_ref: str) -> None:  # type: ignore[no-untyped-def]
    oov = browsers["oov"]
    with uow() as s:
        accounts.reset_password(session=s, username=users["oov"], new=NEW, actor="beheer",
                                now=utcnow())
    assert oov.get(f"/zaken/{case_ref}").status_code == 303
    assert log_in(app, users["oov"], NEW).username == users["oov"]


def test_tokens_have_scope_expiry_and_can_be_revoked(app, users, uow, browsers: Browsers,  # type: ignore[no-untyped-def]
                                                     engine: Engine, case_ref: str) -> None:
    with uow() as s:
        reader = issue_api_token(session=s, username=users["oov"], actor="beheer", now=utcnow(),
                                 name="dashboard", scope="lezen", days=30)
        writer = issue_api_token(session=s, username=users["oov"], actor="beheer", now=utcnow(),
                                 name="zaaksysteem", scope="schrijven", days=1)
    read_only = bearer(app, reader)
    assert read_only.get(f"/api/zaken/{case_ref}").status_code == 200
    refused = read_only.post_json(f"/api/zaken/{case_ref}/volgende", {})
    assert refused.status_code == 403 and "scope lezen" in refused.json()["detail"]
    # Listed by name, never with the secret.
    page = browsers["oov"].get("/account").text
    assert "dashboard" in page and "zaaksysteem" in page
    assert reader not in page and writer not in page
    with Session(engine) as s:
        stored = s.exec(select(ApiToken.token_hash)).all()
    assert reader not in stored and tokens.token_hash(reader) in stored
    # Expired: the day has passed.
    with Session(engine) as s:
        row = s.exec(select(ApiToken).where(ApiToken.name == "zaaksysteem")).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    assert bearer(app, writer).get("/api/zaken").status_code == 401
    # Revoked by its owner on the account page.
    with Session(engine) as s:
        token_id = s.exec(select(ApiToken.id).where(ApiToken.name == "dashboard")).one()
    assert browsers["oov"].post_form(f"/account/tokens/{token_id}/intrekken").status_code == 303
    assert read_only.get("/api/zaken").status_code == 401
    # Someone else's token is not theirs to revoke.
    with uow() as s:
        other = issue_api_token(session=s, username=users["juridisch"], actor="beheer", now=utcnow())
    with Session(engine) as s:
        other_id = s.exec(select(ApiToken.id).where(ApiToken.token_hash == tokens.token_hash(other))).one()
        assert s.exec(select(User.active).where(User.username == users["juridisch"])).one()
    assert browsers["oov"].post_form(f"/account/tokens/{other_id}/intrekken").status_code == 404
    assert bearer(app, other).get("/api/zaken").status_code == 200
