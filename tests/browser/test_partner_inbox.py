"""A partner's whole job in the browser: find what is new, read it, acknowledge it.

New, read and acknowledged are per user: a colleague at another partner still sees the letter
as new. The acknowledgement lands in the case's audit trail, under the partner user's name.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from tests.browser.conftest import (
    VIEWPORTS,
    Server,
    axe_blocking,
    click_and_wait,
    local_now,
    login,
    page_width,
    watch_console,
)

STREET = "Populierenstraat"


@pytest.fixture(scope="module")
def case(server: Server) -> str:
    """A registered attack with one resident letter (Dutch and English) for the partners."""
    from playbook.cases import service
    from playbook.cases.intake import parse_intake
    from playbook.definition.loader import load_from_settings
    from playbook.letters.service import generate
    from playbook.storage.db import make_engine, unit_of_work

    engine = make_engine(server.database_url)
    moment = local_now()
    intake = parse_intake({
        "street": STREET, "house_number": "8", "postcode": "9999 KL", "city": "Rivierstad",
        "object_type": "woning", "incident_kind": "aanslag",
        "occurred_at": (moment - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "persons": [{"name": "Mevrouw B. Visser", "role": "bewoner"}]}, moment)
    try:
        with unit_of_work(engine) as session:
            created, _ = service.create_case(session=session, intake=intake,
                                             playbook=load_from_settings(), actor="oov.test",
                                             now=moment)
            reference = created.reference
        with unit_of_work(engine) as session:
            generate(session=session, reference=reference, kind="bewonersbrief",
                     actor="oov.test", now=moment)
    finally:
        engine.dispose()
    return reference


def _audit(server: Server, reference: str) -> list[Any]:
    from playbook.cases.repository import get_case
    from playbook.storage.db import make_engine, read_session
    from playbook.storage.tables import AuditEvent

    engine = make_engine(server.database_url)
    try:
        with read_session(engine) as session:
            found = get_case(session, reference)
            return list(session.exec(select(AuditEvent).where(AuditEvent.case_id == found.id)
                                     .order_by(col(AuditEvent.id))))
    finally:
        engine.dispose()


def _receipts(server: Server) -> list[tuple[str, str]]:
    """(username, state) of every inbox receipt, oldest first."""
    from playbook.storage.db import make_engine, read_session
    from playbook.storage.tables import User
    from playbook.storage.tables_inbox import DocumentReceipt

    engine = make_engine(server.database_url)
    try:
        with read_session(engine) as session:
            rows = session.exec(select(User.username, DocumentReceipt.state)
                                .join(User, col(User.id) == col(DocumentReceipt.user_id))
                                .order_by(col(DocumentReceipt.id)))
            return [(username, state) for username, state in rows]
    finally:
        engine.dispose()


def _row(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.locator("tbody tr").filter(has=page.get_by_role("link", name=title))


def test_partner_reads_and_acknowledges_a_letter(server: Server, case: str, new_context) -> None:  # type: ignore[no-untyped-def]
    context = new_context()
    page = login(context, server, "politie.test")
    errors = watch_console(page)
    assert page.url.endswith("/inbox")
    letter = "Gezamenlijke bewonersbrief (Nederlands)"
    row = _row(page, letter)
    expect(row).to_have_count(1)
    # The key facts, and nothing about the people in the house.
    expect(row).to_contain_text(f"{STREET} 8, Rivierstad")
    expect(row).to_contain_text("Incident")  # the phase, by its title
    expect(row).to_contain_text((local_now() - timedelta(hours=1)).strftime("%d-%m-%Y"))
    expect(row).to_contain_text("Nieuw")
    assert "Visser" not in page.content()

    # Filter: only what is new.
    click_and_wait(page, page.get_by_role("link", name="Nieuw (2)"))
    expect(page.get_by_role("link", name="Nieuw (2)")).to_have_attribute("aria-current", "page")
    expect(page.locator("tbody tr")).to_have_count(2)

    # Opening the letter downloads it and marks it read.
    with page.expect_download() as download:
        _row(page, letter).get_by_role("link", name=letter).click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(server.url("/inbox?status=gelezen"))
    expect(_row(page, letter)).to_contain_text("Gelezen")
    expect(page.locator("tbody tr")).to_have_count(1)

    # Acknowledge, by keyboard: focus the button and press Enter.
    button = _row(page, letter).get_by_role("button", name=f"Ontvangst bevestigen: {letter}")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("ontvangst is bevestigd")
    expect(_row(page, letter)).to_contain_text("Ontvangst bevestigd")
    expect(_row(page, letter).get_by_role("button")).to_have_count(0)
    page.goto(server.url("/inbox?status=bevestigd"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(_row(page, letter)).to_have_count(1)
    assert not errors, errors

    trail = [(e.action, e.actor, e.subject) for e in _audit(server, case)]
    assert trail.count(("document-ontvangst-bevestigd", "politie.test", letter)) == 1, trail
    assert [e for e in _receipts(server) if e[0] == "politie.test"] == [
        ("politie.test", "gelezen"), ("politie.test", "bevestigd")]

    # Per user: Slachtofferhulp has not read it yet.
    other = login(new_context(), server, "shn.test")
    expect(_row(other, letter)).to_contain_text("Nieuw")


def test_acknowledging_without_reading_first_counts_as_read(server: Server, case: str,
                                                            new_context) -> None:  # type: ignore[no-untyped-def]
    page = login(new_context(), server, "shn.test")
    letter = "Gezamenlijke bewonersbrief (Engels)"
    click_and_wait(page, _row(page, letter).get_by_role("button"))
    expect(_row(page, letter)).to_contain_text("Ontvangst bevestigd")
    page.goto(server.url("/inbox?status=nieuw"))
    expect(_row(page, letter)).to_have_count(0)
    actions = [(e.action, e.actor) for e in _audit(server, case) if e.subject == letter]
    assert actions == [("document-ontvangst-bevestigd", "shn.test")]
    assert [e for e in _receipts(server) if e[0] == "shn.test"] == [
        ("shn.test", "gelezen"), ("shn.test", "bevestigd")]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_inbox_fits_and_is_accessible_after_acknowledging(server: Server, case: str, viewport: str,
                                                          new_context) -> None:  # type: ignore[no-untyped-def]
    page = login(new_context(), server, "politie.test")
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    errors = watch_console(page)
    page.goto(server.url("/inbox?gelukt=bevestigd"))
    document, screen = page_width(page)
    assert document <= screen
    assert not errors, errors
    assert not axe_blocking(page)


def test_someone_elses_document_cannot_be_acknowledged(server: Server, case: str,
                                                       new_context) -> None:  # type: ignore[no-untyped-def]
    """Slachtofferhulp receives no team briefing: acknowledging one by URL is refused like a
    missing document, and nothing is written."""
    from playbook.letters.service import generate
    from playbook.storage.db import make_engine, unit_of_work

    engine = make_engine(server.database_url)
    try:
        with unit_of_work(engine) as session:
            [briefing] = generate(session=session, reference=case, kind="opdracht-nazorgteam",
                                  actor="oov.test", now=local_now(),
                                  addresses=[f"{STREET} 10, 9999 KL Rivierstad"])
    finally:
        engine.dispose()
    page = login(new_context(), server, "shn.test")
    before = len(_audit(server, case))
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(server.url(f"/inbox/{case}/{briefing.id}/bevestigen"),
                                 form={"csrf_token": token or ""})
    assert response.status == 404
    assert "niet voor u" in response.text()
    assert len(_audit(server, case)) == before
