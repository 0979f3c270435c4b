"""A crisis officer's whole job in the browser, with no command line: intake, persons after
intake, the police's bestuurlijke rapportage (asked and answered, per round), letters, a repeat
attack, Slachtofferhulp consent and referral, and every phase through to a closed case.
Screenshots at 390 and 1366 px."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, click_and_wait, fill_intake, local_now, login

STREET = "Berkenlaan"
WIDTHS = (390, 1366)


def error_alert(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".utrecht-alert--error[role='alert']")


def current_phase(page: Page) -> str:
    return page.locator("ol.timeline li[aria-current='step']").inner_text()


def open_details(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


def screenshots(page: Page, server: Server, name: str) -> dict[int, int]:
    """Full-page screenshots at phone and desktop width; returns the page width at each.
    At 1366 px nothing may scroll sideways; the phone layout (tables as stacked rows) is the
    shared stylesheet's job and asserted by its own tests."""
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(server.tmp / f"{name}-{width}.png"), full_page=True)
        widths[width] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert widths[1366] <= 1366, f"{name} is {widths[1366]} px breed bij 1366 px"
    return widths


def ask_and_record_rapportage(page: Page, answered_on: str, round_: int) -> None:
    page.get_by_label("Informatie vragen").select_option("bestuurlijke-rapportage")
    click_and_wait(page, page.get_by_role("button", name="Verzoek vastleggen en brief maken"))
    expect(error_alert(page)).to_have_count(0)
    request = page.locator(
        "section[aria-labelledby='informatie'] li", has_text=f"ronde {round_}:"
    ).last
    request.locator("summary", has_text="Antwoord vastleggen").click()
    request.get_by_label("Datum van het antwoord").fill(answered_on)
    request.get_by_label("Feiten").fill(
        "Explosief tegen de voordeur om 03:10; voordeur en ramen vernield."
    )
    request.get_by_label("Inschatting van de kans op herhaling").fill(
        "Hoog: conflict in het criminele milieu, eerder incident in de straat."
    )
    click_and_wait(page, request.get_by_role("button", name="Antwoord vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    expect(
        page.locator(
            "section[aria-labelledby='informatie'] li", has_text=f"ronde {round_}:"
        ).last
    ).to_contain_text("Beantwoord op")


def finish_current_phase(page: Page) -> str:
    """Tick every open step of the current phase, then close the phase; returns the new phase."""
    for _ in range(60):
        buttons = page.get_by_role("button", name=re.compile(": afgerond$"))
        if buttons.count() == 0:
            break
        click_and_wait(page, buttons.first)
        expect(error_alert(page)).to_have_count(0)
    click_and_wait(page, page.get_by_role("button", name="Fase afsluiten en verder"))
    expect(error_alert(page)).to_have_count(0)
    return current_phase(page)


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def record_consent_and_refer(page: Page, server: Server, reference: str, tmp_path: Path) -> None:
    """Slachtofferhulp, the municipal route: consent recorded on the referral page (who, when,
    how, for what; a refusal keeps what was typed), then the referral letter sent, listed on
    the page and on the case, and its step ticked."""
    page.get_by_role("link", name="Slachtofferhulp en buurt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slachtofferhulp en buurt")
    consent = page.locator("form[action$='/verwijzing/toestemming']")
    resident = "Mevrouw A. Jansen (bewoner van het getroffen adres)"
    given = (local_now() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    consent.get_by_label("Persoon", exact=True).select_option(label=resident)
    consent.get_by_label("Gegeven op (Nederlandse tijd)").fill(given)
    consent.get_by_label("Hoe").select_option("schriftelijk")
    consent.get_by_label("Mogen de contactgegevens mee").select_option("ja")
    # Who gave it is left out: refused next to the field, the rest of the form kept.
    assert click_and_wait(page, consent.get_by_role("button", name="Toestemming vastleggen")) == 422
    consent = page.locator("form[action$='/verwijzing/toestemming']")
    expect(consent.locator("#gegeven_door-fout")).to_contain_text("Vul in wie de toestemming gaf")
    expect(consent.get_by_label("Gegeven op (Nederlandse tijd)")).to_have_value(given)
    expect(consent.get_by_label("Hoe")).to_have_value("schriftelijk")
    consent.get_by_label("Gegeven door").fill("Mevrouw A. Jansen")
    click_and_wait(page, consent.get_by_role("button", name="Toestemming vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("De toestemming is vastgelegd")
    recorded = page.locator("section[aria-labelledby='vastgelegd']")
    expect(recorded).to_contain_text("Mevrouw A. Jansen: gegeven door Mevrouw A. Jansen op")
    expect(recorded).to_contain_text("schriftelijk, voor doorverwijzing naar Slachtofferhulp")
    expect(recorded.get_by_role("button", name="Toestemming van Mevrouw A. Jansen intrekken")
           ).to_be_visible()

    refer = page.locator("form[action$='/verwijzing/brief']")
    refer.get_by_label("Persoon", exact=True).select_option(label="Mevrouw A. Jansen")
    refer.get_by_label("Kanaal").select_option("online-formulier")
    click_and_wait(page, refer.get_by_role("button", name="Verwijzing maken"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("De verwijzing is gemaakt")
    letter = recorded.get_by_role("link", name="verwijzingsbrief", exact=True)
    expect(letter).to_have_count(1)
    with page.expect_download() as info:
        letter.click()
    assert "verwijzing-slachtofferhulp" in info.value.suggested_filename
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    sent = pdf_text(saved)
    assert "Mevrouw A. Jansen" in sent and "schriftelijk" in sent and "Vertrouwelijk" in sent
    widths = screenshots(page, server, "verwijzing")
    assert widths[390] <= 390, f"verwijzing is {widths[390]} px breed bij 390 px"

    page.get_by_role("link", name=f"Terug naar zaak {reference}").click()
    expect(page.locator("#stap-verwijzing-slachtofferhulp")).to_contain_text("afgerond")
    expect(page.locator("section[aria-labelledby='documenten']").get_by_role(
        "link", name="Verwijzing Slachtofferhulp, Mevrouw A. Jansen", exact=True)).to_have_count(1)


def test_officer_from_intake_to_closed_case(server: Server, new_context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = login(new_context(), server, "oov.test")
    page.get_by_role("link", name="Nieuwe zaak").click()
    fill_intake(page, street=STREET, postcode="9999 BC")
    assert click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken")) == 200
    reference = re.search(r"/zaken/(GM\d{4}-\d{4}-\d{4})", page.url)[1]  # type: ignore[index]
    today = local_now().date().isoformat()

    # A child of the household, after intake: a person with a birth date. A birth date in the
    # future is refused, and the name typed stays in the form.
    open_details(page, "Persoon of kind toevoegen")
    page.get_by_label("Naam", exact=True).fill("Kind Jansen")
    page.get_by_label("Geboortedatum (voor een kind)").fill("2090-01-01")
    assert click_and_wait(page, page.get_by_role("button", name="Persoon toevoegen")) == 422
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Kind Jansen")
    page.get_by_label("Geboortedatum (voor een kind)").fill(
        (local_now().date() - timedelta(days=2200)).isoformat()
    )
    click_and_wait(page, page.get_by_role("button", name="Persoon toevoegen"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.locator("#personen").locator("xpath=..")).to_contain_text(
        "Kind Jansen, bewoner, geboren"
    )

    # The police's bestuurlijke rapportage: asked (with its letter) and answered.
    ask_and_record_rapportage(page, today, 1)
    documents = page.locator("section[aria-labelledby='documenten']")
    expect(
        documents.get_by_role("link", name="Verzoek bestuurlijke rapportage (politie), ronde 1",
                              exact=True)
    ).to_have_count(1)

    # Letters: the residents' letter and the aftercare team's assignment.
    page.get_by_label("Brief maken").select_option("bewonersbrief")
    click_and_wait(page, page.get_by_role("button", name="Maak brief"))
    page.get_by_label("Brief maken").select_option("opdracht-nazorgteam")
    page.get_by_label("Adressen voor het nazorgteam, één per regel").fill(
        f"{STREET} 10, 9999 BC Rivierstad\n{STREET} 14, 9999 BC Rivierstad"
    )
    click_and_wait(page, page.get_by_role("button", name="Maak brief"))
    expect(error_alert(page)).to_have_count(0)
    with page.expect_download() as info:
        documents.get_by_role("link", name="Opdracht nazorgteam", exact=True).click()
    assert info.value.suggested_filename == f"{reference}-opdracht-nazorgteam-v1.pdf"
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert f"{STREET} 14" in pdf_text(saved)
    screenshots(page, server, "zaak-incident")

    assert finish_current_phase(page).startswith("3. Eerste nazorg")
    record_consent_and_refer(page, server, reference, tmp_path)

    # A repeat attack: a new round that goes back to Incident.
    open_details(page, "Aanslag melden")
    when = (local_now() - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Datum en tijd (Nederlandse tijd)").fill(when)
    page.get_by_label("Schade (optioneel)").fill("ruit van de buren gesprongen")
    click_and_wait(page, page.get_by_role("button", name="Aanslag vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.locator("main")).to_contain_text("herhaalde aanslag (ronde 2)")
    assert current_phase(page) == "2. Incident"
    ask_and_record_rapportage(page, today, 2)

    for _ in range(6):
        if current_phase(page) == "Gesloten":
            break
        finish_current_phase(page)
    assert current_phase(page) == "Gesloten"
    expect(page.get_by_role("button", name="Fase afsluiten en verder")).to_have_count(0)
    # the history is folded, not one endless table
    expect(
        page.locator("#geschiedenis")
        .locator("xpath=..")
        .locator("details summary", has_text="Oudere geschiedenis")
    ).to_have_count(1)
    screenshots(page, server, "zaak-gesloten")
