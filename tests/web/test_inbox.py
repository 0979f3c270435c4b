"""The partner inbox over HTTP, on SQLite and PostgreSQL: states per user, the acknowledgement
in the audit trail, the status filter, and who may acknowledge what."""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.storage.tables_inbox import DocumentReceipt
from tests.web.conftest import Browsers, audit_since, last_audit_id


def _listed(browser: Any, case_ref: str, status: str = "") -> set[int]:
    import re

    page = browser.get(f"/inbox?status={status}" if status else "/inbox")
    assert page.status_code == 200
    return {int(i) for i in re.findall(rf'href="/inbox/{case_ref}/(\d+)"', page.text)}


def _receipts(engine: Engine) -> list[tuple[int, str]]:
    with Session(engine) as session:
        return [(r.document_id, r.state) for r in session.exec(
            select(DocumentReceipt).order_by(col(DocumentReceipt.id)))]


def test_new_read_acknowledged_per_user_with_audit(browsers: Browsers, engine: Engine,
                                                   case_ref: str,
                                                   documents: dict[str, list[int]]) -> None:
    police = browsers["politie"]
    letter = documents["bewonersbrief"][0]
    mine = _listed(police, case_ref)
    assert letter in mine and _listed(police, case_ref, "nieuw") == mine
    assert _listed(police, case_ref, "gelezen") == set()

    before = last_audit_id(engine)
    assert police.get(f"/inbox/{case_ref}/{letter}").content.startswith(b"%PDF")
    assert audit_since(engine, before) == []  # reading is a GET: no audit event
    assert _receipts(engine) == [(letter, "gelezen")]
    assert _listed(police, case_ref, "gelezen") == {letter}

    response = police.post_form(f"/inbox/{case_ref}/{letter}/bevestigen", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inbox?gelukt=bevestigd"
    [event] = audit_since(engine, before)
    assert (event.action, event.actor) == ("document-ontvangst-bevestigd", police.username)
    assert event.subject.startswith("Gezamenlijke bewonersbrief (")  # type: ignore[union-attr]
    assert event.case_id is not None
    assert _listed(police, case_ref, "bevestigd") == {letter}
    page = police.get("/inbox?gelukt=bevestigd")
    assert "De ontvangst is bevestigd" in page.text

    # A second acknowledgement changes nothing; another partner still sees the letter as new.
    police.post_form(f"/inbox/{case_ref}/{letter}/bevestigen")
    assert len(audit_since(engine, before)) == 1
    assert letter in _listed(browsers["woningcorporatie"], case_ref, "nieuw")


def test_only_the_addressee_may_acknowledge(browsers: Browsers, engine: Engine, case_ref: str,
                                            documents: dict[str, list[int]]) -> None:
    briefing = documents["opdracht-nazorgteam"][0]  # for police and housing, not victim support
    for who in ("slachtofferhulp", "oov", "politie"):
        browsers[who].get("/account")  # signing in is audited: do it before counting
    before = last_audit_id(engine)
    refused = browsers["slachtofferhulp"].post_form(f"/inbox/{case_ref}/{briefing}/bevestigen")
    assert refused.status_code == 404 and "niet voor u" in refused.text
    assert browsers["oov"].post_form(f"/inbox/{case_ref}/{briefing}/bevestigen").status_code == 403
    no_csrf = browsers["politie"].post_form(f"/inbox/{case_ref}/{briefing}/bevestigen", csrf=False)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
    assert audit_since(engine, before) == [] and _receipts(engine) == []


def test_inbox_shows_key_facts_and_no_persons(browsers: Browsers, case_ref: str,
                                              documents: dict[str, list[int]]) -> None:
    page = browsers["politie"].get("/inbox").text
    assert "Havenstraat" in page and case_ref in page and "Incident" in page
    assert "Verzoek om een bestuurlijke rapportage" in page
    assert ".pdf" not in page  # titles, not file names
    assert "de Boer" not in page


def test_a_letter_sent_again_is_one_row_its_newest_version_first(
        browsers: Browsers, case_ref: str, documents: dict[str, list[int]]) -> None:
    """The aftercare team's assignment made again: the police see it once, as updated and new,
    with the first version folded under it; acknowledging the first does not settle the new."""
    import re

    police = browsers["politie"]
    first = documents["opdracht-nazorgteam"][0]
    police.post_form(f"/inbox/{case_ref}/{first}/bevestigen")
    made = browsers["juridisch"].post_form(f"/zaken/{case_ref}/brieven", {
        "soort": "opdracht-nazorgteam", "adressen": "Havenstraat 12\r\nHavenstraat 20\r\n"})
    assert made.status_code == 303
    page = police.get("/inbox").text
    rows = [r for r in re.findall(r'<tr class="utrecht-table__row" id="document-\d+">.*?</tr>',
                                  page, re.S) if "Opdracht nazorgteam" in r]
    assert len(rows) == 1, rows
    newest = int(re.search(r'id="document-(\d+)"', rows[0])[1])  # type: ignore[index]
    assert newest != first and "Opdracht nazorgteam, bijgewerkt" in rows[0]
    assert f'href="/inbox/{case_ref}/{first}" aria-label="Opdracht nazorgteam: versie 1">' \
           f'Versie 1</a>' in rows[0]
    assert "Nieuw" in rows[0] and "Ontvangst bevestigen" in rows[0]
    assert newest in _listed(police, case_ref, "nieuw")
    assert first not in _listed(police, case_ref, "bevestigd")  # the letter is new again
