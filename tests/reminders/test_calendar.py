"""The calendar feed: a secret address per user, made and revoked on the account page or the
CLI; it parses with icalendar and holds each legal deadline as an all-day event on its date."""

import warnings
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import Engine

from playbook.config import Settings
from playbook.reminders.service import create_feed, revoke_feed
from playbook.web.app import create_app
from tests.reminders.conftest import NOW, PASSWORD, LegalCases, Uow

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "https://playbook.gemeente.example"
SECRET_KEY = "test-sessiesleutel-" + "x" * 40


@pytest.fixture
def client(engine: Engine) -> TestClient:
    app = create_app(engine, Settings(secure_cookies=False, secret_key=SECRET_KEY,
                                      public_url=BASE))
    return TestClient(app, follow_redirects=False, raise_server_exceptions=False)


def _events(body: bytes) -> dict[str, tuple[date, date, str]]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]))
            for e in calendar.walk("VEVENT")}


def _secret(uow: Uow, username: str) -> str:
    with uow() as s:
        return create_feed(session=s, username=username, actor=username, now=NOW)


def test_the_feed_holds_the_legal_deadlines_with_their_dates(
        uow: Uow, client: TestClient, accounts: dict[str, str], legal_cases: LegalCases) -> None:
    response = client.get(f"/agenda/{_secret(uow, 'oov.anna')}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = _events(response.content)
    by_summary = {summary: start for start, _, summary in events.values()}
    assert by_summary == {
        # Urgent closure of 14 days from Friday 20 November 2026, up to and including:
        "Laatste dag van de sluiting: Havenstraat 14, Rivierstad": date(2026, 12, 3),
        # Voornemen handed over Friday 27 November, seven days (art. 4:8 Awb):
        "Einde zienswijzetermijn: Kerkweg 3, Rivierstad": date(2026, 12, 4),
        # Made known 20 November: six weeks end on Friday 1 January 2027, New Year's Day, so
        # the term runs to Monday 4 January (art. 6:7 Awb, art. 1 Algemene termijnenwet):
        "Laatste dag voor bezwaar: Havenstraat 14, Rivierstad": date(2027, 1, 4),
        # Six weeks after the bezwaar term (art. 7:10 lid 1 Awb):
        "Beslistermijn bezwaar verloopt: Havenstraat 14, Rivierstad": date(2027, 2, 15),
    }
    for start, end, _ in events.values():  # all-day events: a date, ending the next day
        assert type(start) is date and end == start + timedelta(days=1)
    assert "Jansen" not in response.text
    # Stable UIDs: a calendar polling again updates its events instead of adding copies.
    assert _events(client.get(f"/agenda/{_secret(uow, 'jur.bram')}.ics").content).keys() \
        == events.keys()


def test_a_partner_feed_holds_only_the_closure_end(
        uow: Uow, client: TestClient, accounts: dict[str, str], legal_cases: LegalCases) -> None:
    events = _events(client.get(f"/agenda/{_secret(uow, 'politie.dirk')}.ics").content)
    assert [(s, summary) for s, _, summary in events.values()] == [
        (date(2026, 12, 3), "Laatste dag van de sluiting: Havenstraat 14, Rivierstad")]
    assert _events(client.get(f"/agenda/{_secret(uow, 'shn.frank')}.ics").content) == {}


def test_a_revoked_or_unknown_secret_gives_404(uow: Uow, client: TestClient,
                                               accounts: dict[str, str]) -> None:
    first = _secret(uow, "oov.anna")
    second = _secret(uow, "oov.anna")  # a new address replaces the old one
    assert client.get(f"/agenda/{first}.ics").status_code == 404
    assert client.get(f"/agenda/{second}.ics").status_code == 200
    with uow() as s:
        assert revoke_feed(session=s, username="oov.anna", actor="oov.anna", now=NOW) == 1
    assert client.get(f"/agenda/{second}.ics").status_code == 404
    for wrong in ("x" * 43 + ".ics", second, "a.ics"):  # unknown, without .ics, too short
        assert client.get(f"/agenda/{wrong}").status_code == 404
    assert client.get("/agenda/" + "x" * 200 + ".ics").status_code == 422
    assert client.get("/agenda/%00.ics").status_code == 422  # the app's own input bound


def test_the_user_makes_and_revokes_the_address_and_sets_the_e_mail_on_the_account_page(
        client: TestClient, accounts: dict[str, str]) -> None:
    import re

    csrf = re.compile(r'name="csrf_token" value="([^"]+)"')
    token = csrf.search(client.get("/login").text)[1]  # type: ignore[index]
    assert client.post("/login", data={"gebruikersnaam": "oov.anna", "wachtwoord": PASSWORD,
                                       "csrf_token": token}).status_code == 303
    page = client.get("/account")
    token = csrf.search(page.text)[1]  # type: ignore[index]
    assert 'value="anna@gemeente.example"' in page.text and "Agenda-adres maken" in page.text

    made = client.post("/account/agenda", data={"csrf_token": token})
    assert made.status_code == 200
    url = re.search(rf'value="({BASE}/agenda/[^"]+\.ics)"', made.text)
    assert url, made.text[-2000:]
    path = url[1].removeprefix(BASE)
    assert client.get(path).status_code == 200
    assert url[1] not in client.get("/account").text  # shown once

    assert client.post("/account/agenda/intrekken", data={"csrf_token": token}).status_code == 303
    assert client.get(path).status_code == 404

    wrong = client.post("/account/email", data={"csrf_token": token, "email": "geen adres"})
    assert wrong.status_code == 422 and "geen geldig e-mailadres" in wrong.text
    saved = client.post("/account/email", data={"csrf_token": token,
                                                "email": "anna.b@gemeente.example"})
    assert saved.status_code == 303
    assert 'value="anna.b@gemeente.example"' in client.get("/account").text
    # Without a CSRF token nothing changes.
    assert client.post("/account/agenda", data={}).status_code in (400, 403, 422)
