"""axe-core on every page of the web app, in the states users see them (also with errors).

Fails on any violation with impact "serious" or "critical"; the failure lists each violation's
id, impact, help text and the first offending element, so it can be fixed directly.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.admins import ADMIN, REGIONAL, add_admin_and_regional
from tests.browser.conftest import Server, click_and_wait, fill_intake, local_now, login

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def site(server: Server, new_context) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One case with a letter and a draft closure decision, and a page per user."""
    oov = login(new_context(), server, "oov.test")
    oov.goto(server.url("/zaken/nieuw"))
    fill_intake(oov, street="Beukenlaan", postcode="9999 EF")
    click_and_wait(oov, oov.get_by_role("button", name="Zaak aanmaken"))
    reference = re.search(r"/zaken/([^/?]+)$", oov.url).group(1)  # type: ignore[union-attr]
    oov.get_by_label("Brief maken").select_option("bewonersbrief")
    click_and_wait(oov, oov.get_by_role("button", name="Maak brief"))

    jur = login(new_context(), server, "jur.test")
    jur.goto(server.url(f"/zaken/{reference}/besluiten"))
    new = jur.locator("form[action$='/besluiten/nieuw']")
    new.get_by_label("Ingangsdatum").fill(local_now().date().isoformat())
    click_and_wait(jur, new.get_by_role("button", name="Concept aanmaken"))
    expect(jur.locator("details.decision")).to_have_count(1)

    partner = login(new_context(), server, "politie.test")
    return {"reference": reference, "oov": oov, "juridisch": jur, "partner": partner,
            "anonymous": new_context().new_page(), "new_context": new_context}


def _login_page(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["anonymous"]
    page.goto(server.url("/login"))
    return page


def _login_error(site: dict[str, Any], server: Server) -> Page:
    page = _login_page(site, server)
    page.get_by_label("Gebruikersnaam").fill("oov.test")
    page.get_by_label("Wachtwoord").fill("dit-is-het-niet-1234")
    click_and_wait(page, page.get_by_role("button", name="Inloggen"))
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    return page


def _case_list(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["oov"]
    page.goto(server.url("/zaken"))
    expect(page.get_by_role("link", name=site["reference"])).to_be_visible()
    return page


def _my_work(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["oov"]
    page.goto(server.url("/werk"))
    expect(page.get_by_role("link", name=re.compile("Stap afhandelen")).first).to_be_visible()
    return page


def _intake(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["oov"]
    page.goto(server.url("/zaken/nieuw"))
    return page


def _intake_errors(site: dict[str, Any], server: Server) -> Page:
    page = _intake(site, server)
    page.get_by_label("Postcode").fill("99 AB")
    page.get_by_label("Aantal gewonden (optioneel)").fill("-1")
    click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken"))
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    return page


def _case_page(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["oov"]
    page.goto(server.url(f"/zaken/{site['reference']}"))
    return page


def _case_page_error(site: dict[str, Any], server: Server) -> Page:
    page = _case_page(site, server)
    click_and_wait(page, page.get_by_role("button", name="Fase afsluiten en verder"))
    expect(page.get_by_role("alert")).to_contain_text("kan nog niet worden afgesloten")
    return page


def _decisions(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["juridisch"]
    page.goto(server.url(f"/zaken/{site['reference']}/besluiten"))
    expect(page.locator("details.decision .utrecht-alert--warning")).to_be_visible()
    return page


def _decisions_error(site: dict[str, Any], server: Server) -> Page:
    page = _decisions(site, server)
    click_and_wait(page, page.get_by_role("button", name="Besluit nemen"))
    expect(page.get_by_role("alert")).to_be_visible()
    return page


def _inbox(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["partner"]
    page.goto(server.url("/inbox"))
    expect(page.get_by_role("link", name=re.compile("Bewonersbrief"))).to_have_count(2)
    return page


def _forbidden(site: dict[str, Any], server: Server) -> Page:
    page: Page = site["partner"]
    response = page.goto(server.url(f"/zaken/{site['reference']}"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    return page


def _grants(site: dict[str, Any], server: Server) -> Page:
    """Regional reading access: the choice of a user, then the grant listed with who and when."""
    add_admin_and_regional(server)
    page = login(site["new_context"](), server, ADMIN)
    page.goto(server.url("/beheer/inzage"))
    page.get_by_label("Gebruiker van een andere gemeente").select_option(REGIONAL)
    click_and_wait(page, page.get_by_role("button", name="Inzage toekennen"))
    expect(page.get_by_role("status")).to_contain_text("De inzage is toegekend")
    expect(page.get_by_role("button", name="Inzage van Rita Regio intrekken")).to_be_visible()
    return page


PAGES: dict[str, Callable[[dict[str, Any], Server], Page]] = {
    "login": _login_page,
    "login-met-fout": _login_error,
    "zaken": _case_list,
    "mijn-werk": _my_work,
    "intake": _intake,
    "intake-met-fouten": _intake_errors,
    "zaakpagina": _case_page,
    "zaakpagina-met-fout": _case_page_error,
    "besluiten": _decisions,
    "besluiten-met-fout": _decisions_error,
    "inbox": _inbox,
    "geen-toegang": _forbidden,
    "regionale-inzage": _grants,
}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        node = v["nodes"][0] if v.get("nodes") else {}
        lines.append(f"- {v['id']} [{v.get('impact')}] {v.get('help')} ({len(v.get('nodes', []))}x); "
                     f"eerste element: {node.get('target')}\n    {node.get('html', '')[:300]}\n"
                     f"    {(node.get('failureSummary') or '').replace(chr(10), ' ')}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(name: str, site: dict[str, Any], server: Server) -> None:
    page = PAGES[name](site, server)
    results = Axe().run(page)
    violations = results.response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    if violations:
        print(f"\naxe op {name} ({page.url}):\n{describe(violations)}")
    assert not blocking, f"axe: ernstige toegankelijkheidsfouten op {name} ({page.url}):\n{describe(blocking)}"
