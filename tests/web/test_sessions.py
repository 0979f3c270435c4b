"""Sessions that really end, and sign-in throttling, on SQLite and PostgreSQL."""

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.storage.tables import AuditEvent, LoginThrottle, WebSession
from tests.web.conftest import PASSWORD, Browsers, log_in, new_client, scrape_csrf


def test_a_cookie_replayed_after_logout_gets_the_login_page(browsers: Browsers, app,  # type: ignore[no-untyped-def]
                                                            case_ref: str) -> None:
    oov = browsers["oov"]
    cookie = oov.client.cookies.get("playbook_sessie")
    assert oov.get(f"/zaken/{case_ref}").status_code == 200
    assert oov.post_form("/logout").status_code == 303
    thief = new_client(app)
    thief.cookies.set("playbook_sessie", cookie)  # captured before the logout
    page = thief.get(f"/zaken/{case_ref}")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert thief.get("/api/zaken").status_code == 401


def test_idle_and_too_old_sessions_no_longer_sign_in(browsers: Browsers, engine: Engine,
                                                     case_ref: str) -> None:
    oov = browsers["oov"]
    with Session(engine) as s:
        row = s.exec(select(WebSession)).one()
        row.last_seen_at -= timedelta(minutes=31)
        s.add(row)
        s.commit()
    assert oov.get(f"/zaken/{case_ref}").status_code == 303
    other = browsers.fresh("oov")
    with Session(engine) as s:
        row = s.exec(select(WebSession).where(WebSession.ended_at.is_(None))
                     .order_by(WebSession.id.desc())).first()  # type: ignore[union-attr]
        row.created_at -= timedelta(hours=13)  # type: ignore[union-attr]
        s.add(row)
        s.commit()
    assert other.get(f"/zaken/{case_ref}").status_code == 303


def test_the_user_sees_and_ends_their_other_session(browsers: Browsers, case_ref: str) -> None:
    laptop, phone = browsers["oov"], browsers.fresh("oov")
    listing = laptop.get("/sessies")
    assert listing.status_code == 200 and "(deze sessie)" in listing.text
    # The browser in words, never its user-agent string (the test client's reads "testclient").
    assert "onbekende browser" in listing.text and "testclient" not in listing.text
    ids = [int(x) for x in __import__("re").findall(r"/sessies/(\d+)/beeindigen", listing.text)]
    assert len(ids) == 2
    other = max(ids)  # the phone signed in last
    assert laptop.post_form(f"/sessies/{other}/beeindigen").status_code == 303
    assert phone.get(f"/zaken/{case_ref}").status_code == 303
    assert laptop.get(f"/zaken/{case_ref}").status_code == 200
    # Someone else's session is not there for this user.
    assert browsers["juridisch"].post_form(f"/sessies/{min(ids)}/beeindigen").status_code == 404


def _try(app, username: str, password: str):  # type: ignore[no-untyped-def]
    client = new_client(app)
    token = scrape_csrf(client.get("/login"))
    return client.post("/login", data={"gebruikersnaam": username, "wachtwoord": password,
                                       "csrf_token": token})


def test_the_eleventh_attempt_is_refused_even_with_the_right_password(app, users, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    name = users["oov"]
    for _ in range(9):
        assert _try(app, name, "fout-wachtwoord-123").status_code == 401
    assert _try(app, name, "fout-wachtwoord-123").status_code == 429  # the tenth locks: shown
    refused = _try(app, name, PASSWORD)
    assert refused.status_code == 429
    assert "Te veel mislukte pogingen" in refused.text and "geblokkeerd tot" in refused.text
    with Session(engine) as s:
        events = s.exec(select(AuditEvent.action)).all()
        throttle_rows = s.exec(select(LoginThrottle)).all()
    assert events.count("inloggen-geblokkeerd") == 1
    assert "inloggen-mislukt" not in events  # no row per guess
    assert len(throttle_rows) == 2  # one for the account, one for the address
    # Another account from the same address still signs in (the address limit is higher).
    assert log_in(app, users["juridisch"]).username == users["juridisch"]


def test_a_right_password_resets_the_count(app, users) -> None:  # type: ignore[no-untyped-def]
    name = users["oov"]
    for _ in range(9):
        _try(app, name, "fout-wachtwoord-123")
    assert _try(app, name, PASSWORD).status_code == 303
    for _ in range(9):
        _try(app, name, "fout-wachtwoord-123")
    assert _try(app, name, PASSWORD).status_code == 303
