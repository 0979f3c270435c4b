"""The legal office drafts, takes and makes known a cameratoezicht and a gebiedsverbod in the
browser, with no command line: the measure forms of the decision workspace, the shared
spoed, nemen and bekendmaking forms, no console errors, no sideways scrolling at 390 and
1366 px, and axe without serious or critical violations. Screenshots go to
PLAYBOOK_SCREENSHOTS (or the server's tmp)."""

import re
from datetime import timedelta

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
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
from tests.browser.test_officer_job import error_alert
from tests.measures.helpers import map_png


def camera_fields() -> dict[str, str]:
    """The camera form as a lawyer fills it in, starting tomorrow (worked out when the
    test runs: a run that crosses midnight would otherwise start it on the day it is published)."""
    today = local_now().date()
    start = today + timedelta(days=1)
    return {
        "Machtiging van de raad (artikel van de APV)": "Art. 2:77 APV Rivierstad",
        "Aangewezen gebied (openbare plaatsen)": "Lindelaan en het plein ervoor, openbare weg.",
        "Begin van het toezicht": start.isoformat(),
        "Einde van het toezicht": (start + timedelta(days=90)).isoformat(),
        "Feiten: de verstoring die toezicht nodig maakt": (
            "Twee explosies in een maand in de Lindelaan; bewoners durven 's nachts niet naar buiten."
        ),
        "Noodzaak: waarom lichtere middelen niet volstaan": (
            "Surveillance en extra verlichting zijn ingezet en volstonden niet."
        ),
        "Bewaartermijn van de beelden in dagen (hoogstens 28)": "28",
        "Evaluatiedatum": (start + timedelta(days=60)).isoformat(),
        "Hoe wordt geëvalueerd": "Politie en gemeente vergelijken de meldingen voor en na.",
    }


def area_ban_fields() -> dict[str, str]:
    """The area ban form as a lawyer fills it in, starting tomorrow."""
    today = local_now().date()
    start = today + timedelta(days=1)
    return {
        "Verboden gebied": "Lindelaan, het plein en de straten eromheen tot de singel.",
        "Kaart (bijlage) waarop het gebied staat": "Bijlage 1, kaart gebiedsverbod",
        "Ingangsdatum": start.isoformat(),
        "Laatste dag (hoogstens drie maanden)": (start + timedelta(days=60)).isoformat(),
        "Ernstige vrees voor verdere verstoring": "Hij dreigde terug te komen met anderen.",
        "Waarschuwing gegeven op": today.isoformat(),
        "Geschiktheid: waarom dit verbod de verstoring voorkomt": (
            "Buiten het gebied kan hij de bewoners niet intimideren."
        ),
        "Noodzaak: waarom een lichter middel niet volstaat": (
            "Een waarschuwing hielp niet; een kleiner gebied laat het plein open."
        ),
        "Evenwichtigheid: belangen van de persoon": "Hij woont en werkt buiten het gebied.",
    }


def decision(page: Page, title: str) -> Locator:
    """The workspace entry of the measure titled `title`, opened."""
    found = page.locator("details.decision", has=page.locator("summary", has_text=title)).first
    found.evaluate("el => el.open = true")
    return found


def check_page(page: Page, server: Server, name: str, console: list[str]) -> None:
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir(server) / f"{name}-{width}.png"), full_page=True)
        scroll, inner = page_width(page)
        assert scroll <= inner, f"{name} schuift opzij bij {width} px: {too_wide(page)}"
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not axe_blocking(page), axe_blocking(page)
    assert not console, console


def take_and_make_known(page: Page, title: str, button: str) -> None:
    entry = decision(page, title)
    expect(entry).to_contain_text("Compleet: het besluit kan worden genomen.")
    expect(entry.get_by_role("link", name=re.compile("Voorbeeld van de brief"))).to_be_visible()
    entry.get_by_label("Ik heb het voorbeeld gezien en neem dit besluit").check()
    click_and_wait(page, entry.get_by_role("button", name="Besluit nemen"))
    expect(error_alert(page)).to_have_count(0)
    entry = decision(page, title)
    expect(entry.locator(":scope > summary")).to_contain_text("genomen")
    click_and_wait(page, entry.get_by_role("button", name=button))
    if error_alert(page).count():
        print("ALERT:", error_alert(page).inner_text())
    expect(error_alert(page)).to_have_count(0)
    entry = decision(page, title)
    expect(entry.locator(":scope > summary")).to_contain_text("bekendgemaakt")
    expect(entry.locator("a[href*='/documenten/']").first).to_be_visible()


def test_legal_office_takes_and_publishes_camera_and_area_ban(  # type: ignore[no-untyped-def]
    server: Server, new_context
) -> None:
    officer = login(new_context(), server, "oov.test")
    officer.goto(server.url("/zaken/nieuw"))
    fill_intake(officer, street="Lindelaan", postcode="9999 GH")
    click_and_wait(officer, officer.get_by_role("button", name="Zaak aanmaken"))
    reference = re.search(r"/zaken/([^/?#]+)$", officer.url)[1]  # type: ignore[index]

    page = login(new_context(), server, "jur.test")
    console = watch_console(page)
    page.goto(server.url(f"/zaken/{reference}"))
    click_and_wait(page, page.get_by_role("link", name=re.compile("^Maatregelen")))
    # Every kind's form open at once: the widest the page gets before any measure exists.
    page.locator("details[id^='nieuw-']").evaluate_all("els => els.forEach(e => e.open = true)")
    expect(page.locator("#nieuw-sluiting-13b")).to_contain_text("Handelshoeveelheid aangetroffen?")
    check_page(page, server, "maatregel-formulieren", console)
    page.reload()

    # Cameratoezicht: a retention of eight weeks is shown as missing, fixed in the draft.
    page.locator("summary", has_text="Cameratoezicht (art. 151c Gemeentewet)").click()
    new = page.locator("#nieuw-cameratoezicht form")
    for label, value in camera_fields().items():
        new.get_by_label(label).fill(value)
    click_and_wait(page, new.get_by_role("button", name="Concept aanmaken"))
    expect(error_alert(page)).to_have_count(0)
    check_page(page, server, "maatregel-camera-concept", console)
    take_and_make_known(page, "Cameratoezicht", "Publicatie vastleggen")
    expect(decision(page, "Cameratoezicht")).to_contain_text("Einde cameratoezicht")

    # Gebiedsverbod: the person chosen by name, two disturbances, spoed.
    page.locator("summary", has_text="Gebiedsverbod (art. 172a Gemeentewet)").click()
    new = page.locator("#nieuw-gebiedsverbod form")
    new.get_by_label("Persoon van de zaak").select_option(label="Mevrouw A. Jansen")
    for label, value in area_ban_fields().items():
        new.get_by_label(label).fill(value)
    click_and_wait(page, new.get_by_role("button", name="Concept aanmaken"))
    expect(error_alert(page)).to_have_count(0)
    entry = decision(page, "Gebiedsverbod")
    expect(entry).to_contain_text("herhaalde verstoring")
    for days_ago in (12, 5):
        entry.get_by_label("Datum van de verstoring").fill(
            (local_now().date() - timedelta(days=days_ago)).isoformat()
        )
        entry.get_by_label("Wat gebeurde er").fill("Bedreigde bewoners op het plein.")
        entry.get_by_label("Bron (bijv. politiemutatie)").fill("politiemutatie")
        click_and_wait(page, entry.get_by_role("button", name="Verstoring vastleggen"))
        expect(error_alert(page)).to_have_count(0)
        entry = decision(page, "Gebiedsverbod")
    # The map the letter prints as bijlage, chosen as a file the way an officer does it.
    expect(entry).to_contain_text("Zonder kaart kan het gebiedsverbod niet worden genomen")
    entry.get_by_label(re.compile("^Kaart kiezen")).set_input_files(
        files=[{"name": "havenkwartier.png", "mimeType": "image/png", "buffer": map_png()}])
    click_and_wait(page, entry.get_by_role("button", name="Kaart toevoegen"))
    expect(error_alert(page)).to_have_count(0)
    entry = decision(page, "Gebiedsverbod")
    expect(entry).to_contain_text("Toegevoegd: havenkwartier.png")
    entry.get_by_label("Waarom spoed het horen belet (art. 4:11 Awb)").fill(
        "Hij dreigt deze week terug te komen; horen kan niet worden afgewacht."
    )
    click_and_wait(page, entry.get_by_role("button", name="Spoed vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    check_page(page, server, "maatregel-gebiedsverbod-concept", console)
    take_and_make_known(page, "Gebiedsverbod", "Bekendmaking vastleggen")
    entry = decision(page, "Gebiedsverbod")
    expect(entry).to_contain_text("Mevrouw A. Jansen (betrokkene): bekendgemaakt")
    expect(entry.get_by_role("button", name="Verlenging voorbereiden")).to_be_visible()
    check_page(page, server, "maatregelen-bekendgemaakt", console)
