"""Every page state on a phone (390 px) and a laptop (1366 px): nothing wider than the screen,
no console errors (the strict CSP refuses anything inline; htmx must live with it), axe-core
without serious or critical violations, and a screenshot of each for a human to look at. The
states include the pages as they answer a mistake (a wrong password, intake errors, a phase
that cannot close yet, a decision that cannot be taken yet): axe on the error states too.

Data: the demo case (closed, two rounds, four decisions, a long history), since the server's
database starts as this test run's demo database; plus an open case registered through the
intake form, with a letter and a draft decision (made through the services, so this file does
not depend on those forms).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.admins import ADMIN, REGIONAL, add_admin_and_regional
from tests.browser.conftest import (
    VIEWPORTS,
    Server,
    axe_blocking,
    click_and_wait,
    fill_intake,
    local_now,
    login,
    page_width,
    screenshot_dir,
    too_wide,
    watch_console,
)
from tests.conftest import DemoRun

SERVE_THE_DEMO = True  # the server's database starts as this run's demo database


def _letter_and_draft(server: Server, reference: str) -> None:
    from playbook.decisions import service as decisions
    from playbook.letters.service import generate
    from playbook.storage.db import make_engine, unit_of_work

    engine = make_engine(server.database_url)
    moment = local_now()
    try:
        with unit_of_work(engine) as session:
            generate(session=session, reference=reference, kind="bewonersbrief",
                     actor="oov.test", now=moment)
        with unit_of_work(engine) as session:
            fields = decisions.parse_draft({"start_date": moment.date().isoformat()})
            decisions.draft(session=session, reference=reference, fields=fields,
                            actor="jur.test", now=moment)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def site(server: Server, new_context, demo_run: DemoRun) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    demo = demo_run.reference  # in the server's database (SERVE_THE_DEMO)
    oov = new_context()
    intake = login(oov, server, "oov.test")
    intake.goto(server.url("/zaken/nieuw"))
    fill_intake(intake, street="Lindelaan-Oostelijke-Parallelweg", postcode="9999 GH")
    click_and_wait(intake, intake.get_by_role("button", name="Zaak aanmaken"))
    reference = re.search(r"/zaken/([^/?#]+)", intake.url).group(1)  # type: ignore[union-attr]
    intake.close()
    _letter_and_draft(server, reference)
    add_admin_and_regional(server)
    contexts = {"oov": oov, "juridisch": new_context(), "partner": new_context(),
                "anoniem": new_context(), "beheer": new_context()}
    for key, username in (("juridisch", "jur.test"), ("partner", "politie.test"),
                          ("beheer", ADMIN)):
        login(contexts[key], server, username).close()
    return {"open": reference, "demo": demo, "contexts": contexts}


@dataclass(frozen=True)
class State:
    user: str
    path: str  # {open} and {demo} are the two cases' references
    status: int = 200
    then: Callable[[Page], None] | None = None  # what the user does on the page first


def _wrong_password(page: Page) -> None:
    page.get_by_label("Gebruikersnaam").fill("oov.test")
    page.get_by_label("Wachtwoord").fill("dit-is-het-niet-1234")
    click_and_wait(page, page.get_by_role("button", name="Inloggen"))
    expect(page.get_by_role("alert")).to_be_visible()


def _granted(page: Page) -> None:
    """The regional officer holds a grant (given here unless an earlier state did)."""
    if page.get_by_role("button", name=re.compile("intrekken")).count() == 0:
        page.get_by_label("Gebruiker van een andere gemeente").select_option(REGIONAL)
        click_and_wait(page, page.get_by_role("button", name="Inzage toekennen"))
    expect(page.get_by_role("button", name="Inzage van Rita Regio intrekken")).to_be_visible()


def _intake_errors(page: Page) -> None:
    page.get_by_label("Postcode").fill("99 AB")
    click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken"))
    expect(page.get_by_role("alert").first).to_be_visible()


def _work_listed(page: Page) -> None:
    expect(page.get_by_role("link", name=re.compile("Stap afhandelen")).first).to_be_visible()


def _phase_refused(page: Page) -> None:
    """Closing the acute phase of the open case with its steps still open is refused."""
    click_and_wait(page, page.get_by_role("button", name="Fase afsluiten en verder"))
    expect(page.get_by_role("alert")).to_contain_text("kan nog niet worden afgesloten")


def _decision_refused(page: Page) -> None:
    """Taking the draft while the checks still miss parts of it is refused, on the page."""
    expect(page.locator("details.decision .utrecht-alert--warning")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name="Besluit nemen"))
    expect(page.get_by_role("alert")).to_be_visible()


STATES = {
    "login": State("anoniem", "/login"),
    "login-met-fout": State("anoniem", "/login", then=_wrong_password),
    "zaken": State("oov", "/zaken"),
    "zaken-gezocht": State("oov", "/zaken?zoek=Lindelaan"),
    "intake": State("oov", "/zaken/nieuw"),
    "intake-met-fouten": State("oov", "/zaken/nieuw", then=_intake_errors),
    "werk": State("oov", "/werk", then=_work_listed),
    "zaak-open": State("oov", "/zaken/{open}"),
    "zaak-met-fout": State("oov", "/zaken/{open}", then=_phase_refused),
    "zaak-demo": State("oov", "/zaken/{demo}"),
    "besluiten-open": State("juridisch", "/zaken/{open}/besluiten"),
    "besluiten-met-fout": State("juridisch", "/zaken/{open}/besluiten", then=_decision_refused),
    "besluiten-demo": State("juridisch", "/zaken/{demo}/besluiten"),
    "inbox": State("partner", "/inbox"),
    "inbox-nieuw": State("partner", "/inbox?status=nieuw"),
    "monitoring": State("oov", "/monitoring?jaar={demo_year}"),  # the demo's attacks and closure
    "account": State("oov", "/account"),
    "account-partner": State("partner", "/account"),
    "geen-toegang": State("partner", "/zaken/{demo}", status=403),
    "niet-gevonden": State("oov", "/bestaat-niet", status=404),
    "gebruikers": State("beheer", "/beheer/gebruikers"),
    "inzage": State("beheer", "/beheer/inzage"),
    "inzage-toegekend": State("beheer", "/beheer/inzage", then=_granted),
}


def _open(site: dict[str, Any], server: Server, name: str, viewport: str) -> tuple[Page, list[str]]:
    state = STATES[name]
    page: Page = site["contexts"][state.user].new_page()
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    errors = watch_console(page)
    url = server.url(state.path.format(open=site["open"], demo=site["demo"],
                                       demo_year=site["demo"].split("-")[1]))
    response = page.goto(url)
    assert response is not None and response.status == state.status, (name, response)
    if state.then is not None:
        state.then(page)
    # Every subresource is in (the load event) and the pinned fonts are applied: what the width
    # and axe depend on. Not "networkidle", which waits 0.5 s of silence on every page (these
    # pages fetch nothing after loading; the CSP test below waits for htmx's own request).
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    if state.status != 200 or name.endswith("-met-fout") or name.endswith("-met-fouten"):
        # The browser reports the page's own 4xx status in the console; that is the state
        # under test, not an error of the page.
        errors[:] = [e for e in errors if "the server responded with a status of 4" not in e
                     or page.url.split("?")[0] not in e]
    return page, errors


def _problems_at(page: Page, server: Server, name: str, viewport: str) -> list[str]:
    """Screenshot, width and axe at the page's current viewport; what is wrong, in words."""
    page.screenshot(path=str(screenshot_dir(server) / f"{name}-{viewport}.png"), full_page=True)
    document, screen = page_width(page)
    problems = [] if document <= screen else [
        f"{name} is {document} px breed op een scherm van {screen} px; uitstekend: {too_wide(page)}"]
    return problems + [f"axe op {name} ({viewport}): {b}" for b in axe_blocking(page)]


@pytest.mark.parametrize("name", list(STATES))
def test_page_fits_the_screen_without_console_errors_or_serious_axe_findings(
        name: str, site: dict[str, Any], server: Server) -> None:
    """Loaded on a phone, then the same page widened to a laptop: the styles follow the width
    (media queries, no script measures it), so one load shows both, and a state reached by
    clicking is the same state at both widths."""
    first, *others = VIEWPORTS
    page, errors = _open(site, server, name, first)
    try:
        problems = _problems_at(page, server, name, first)
        for viewport in others:
            width, height = VIEWPORTS[viewport]
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")
            problems += _problems_at(page, server, name, viewport)
        problems += [f"consolefout op {name}: {e}" for e in errors]
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_narrowest_phone_320_px_case_page_fits(site: dict[str, Any], server: Server) -> None:
    page: Page = site["contexts"]["oov"].new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        for path in (f"/zaken/{site['open']}", f"/zaken/{site['demo']}", "/zaken"):
            page.goto(server.url(path))
            document, screen = page_width(page)
            assert document <= screen, f"{path}: {document} px op {screen} px; {too_wide(page)}"
    finally:
        page.close()


def test_keyboard_skip_link_and_visible_focus(site: dict[str, Any], server: Server) -> None:
    page: Page = site["contexts"]["oov"].new_page()
    try:
        page.goto(server.url("/zaken"))
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Naar de inhoud")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline not in ("none", ""), "de focus is niet zichtbaar"
        page.keyboard.press("Enter")
        expect(page.locator("main#inhoud")).to_be_focused()
        # The next Tab lands inside the content, not back in the header.
        page.keyboard.press("Tab")
        inside = page.evaluate("() => !!document.activeElement.closest('main')")
        assert inside, "na de skip-link springt Tab niet naar de inhoud"
    finally:
        page.close()


def test_tables_become_labelled_stacked_rows_on_a_phone(site: dict[str, Any], server: Server
                                                        ) -> None:
    page: Page = site["contexts"]["partner"].new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server.url("/inbox"))
        row = page.locator("tbody tr").first
        assert row.evaluate("el => getComputedStyle(el).display") == "block"
        label = row.locator("td").first.evaluate(
            "el => getComputedStyle(el, '::before').content")
        assert "Document" in label
        assert page.locator("thead").evaluate("el => el.getBoundingClientRect().height") <= 1
    finally:
        page.close()


def test_a_stacked_row_header_of_two_lines_does_not_cover_its_counts(site: dict[str, Any],
                                                                   server: Server) -> None:
    """Monitoring's measures on a phone: a title that wraps pushes its counts down (a stacked
    cell grows with its content); the small tables beside the charts stay tables."""
    page: Page = site["contexts"]["oov"].new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server.url(f"/monitoring?jaar={site['demo'].split('-')[1]}"))
        rows = page.get_by_role("region", name="Tabel: genomen maatregelen").locator("tbody tr")
        assert rows.count() > 3
        # Each title's text stays inside its own box (a box of one line let the second line
        # run over the counts below it).
        overflowing = rows.locator("th").evaluate_all(
            "els => els.filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.textContent)")
        assert not overflowing, overflowing
        months = page.get_by_role("region", name="Tabel: aanslagen per maand")
        assert months.locator("tbody tr").first.evaluate(
            "el => getComputedStyle(el).display") == "table-row"
    finally:
        page.close()


def test_a_step_card_shows_no_label_without_a_value(site: dict[str, Any], server: Server
                                                     ) -> None:
    """On a phone a step that does not apply has no due time, basis or action: no empty
    "Uiterlijk" or "Actie" above nothing."""
    page: Page = site["contexts"]["oov"].new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server.url(f"/zaken/{site['open']}"))
        cells = page.locator("tr[id^='stap-'] td[data-label]")
        assert cells.count() > 10
        empty_shown = cells.evaluate_all(
            "els => els.filter(e => !e.textContent.trim() && e.getClientRects().length)"
            ".map(e => e.closest('tr').id + ': ' + e.dataset.label)")
        assert not empty_shown, empty_shown
    finally:
        page.close()


def test_case_page_prints_as_a_record(site: dict[str, Any], server: Server) -> None:
    page: Page = site["contexts"]["oov"].new_page()
    try:
        page.goto(server.url(f"/zaken/{site['demo']}"))
        page.emulate_media(media="print")
        assert page.locator("header.app-header").evaluate(
            "el => getComputedStyle(el).display") == "none"
        assert page.locator("main form").count() == 0 or page.locator("main form").first.evaluate(
            "el => getComputedStyle(el).display") == "none"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF-")
        (screenshot_dir(server) / "zaak-demo-print.pdf").write_bytes(pdf)
    finally:
        page.close()


def test_htmx_runs_under_the_strict_csp(site: dict[str, Any], server: Server) -> None:
    """htmx loads, takes its configuration from the meta tag, injects no <style>, and a boosted
    search (an htmx request and swap) leaves the console clean."""
    page: Page = site["contexts"]["oov"].new_page()
    errors = watch_console(page)
    try:
        response = page.goto(server.url("/zaken"))
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
        config = page.evaluate("() => [htmx.config.includeIndicatorStyles, htmx.config.allowEval]")
        assert config == [False, False]
        assert page.locator("style").count() == 0  # nothing inline for the CSP to refuse
        search = page.locator("form[action='/zaken'] input[name=zoek]")
        search.fill("Lindelaan")
        with page.expect_response(lambda r: "/zaken?" in r.url and
                                  r.request.headers.get("hx-request") == "true"):
            search.press("Enter")
        expect(page.get_by_role("link", name=site["open"])).to_be_visible()
        # htmx pushes the address after the swap; the link was visible before it too.
        expect(page).to_have_url(re.compile(r"zoek=Lindelaan"))
        page.wait_for_load_state("networkidle")
        assert not errors, errors
    finally:
        page.close()
