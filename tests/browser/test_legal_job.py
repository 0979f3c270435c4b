"""The mayor's office's whole job in the browser, with no command line: the officer records
what a decision needs (rapportage, threat assessment, housing) through the case page, then the
legal office drafts a closure, sees the letter before taking it, takes it with a confirmation,
records the bekendmaking for an addressee chosen by name, and registers a bezwaar. The door is
sealed by the officer who sealed it. Screenshots of the workspace at 390 and 1366 px."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, click_and_wait, fill_intake, local_now, login
from tests.browser.test_officer_job import (
    error_alert,
    finish_current_phase,
    open_details,
    screenshots,
)

STREET = "Eikenlaan"
REASONING = {
    "Feiten uit de bestuurlijke rapportage": (
        "Explosief tegen de voordeur om 03:10; voordeur en ramen vernield."
    ),
    "Waarom de verstoring ernstig is": (
        "Een explosief in een dichtbebouwde straat brengt omwonenden in direct gevaar."
    ),
    "Inschatting herhaling (politie)": (
        "De politie acht herhaling waarschijnlijk gezien eerdere incidenten."
    ),
    "Geschiktheid: waarom sluiting de verstoring beëindigt": (
        "Sluiting neemt het doelwit weg uit de straat."
    ),
    "Noodzaak: overwogen lichtere middelen": (
        "Camera en surveillance zijn overwogen maar volstaan niet."
    ),
    "Evenwichtigheid: belangen van de bewoners": (
        "Het belang van de buurt weegt zwaarder; opvang is geregeld."
    ),
    "Evenwichtigheid: belangen van de eigenaar of verhuurder": (
        "De eigenaar kan de schade intussen herstellen."
    ),
    "Aangeboden vervangende woonruimte": "Een gemeubileerde woning van de woonstichting.",
    "Duur in dagen (geen standaard)": "60",
    "Motivering van de duur": "Zestig dagen is nodig om de rust in de straat te laten terugkeren.",
    "Basis van het betredingsverbod": "Art. 174a Gemeentewet met de APV: betreden is verboden.",
    "Hoe iemand spullen kan ophalen": "Op afspraak met team OOV, onder begeleiding.",
    "Hoe de sluiting wordt gehandhaafd": "Verzegeling, kennisgeving op de deur en surveillance.",
}


def prepare_case(page: Page) -> str:
    """The officer: intake, rapportage answered, threat assessed, housing, closure chosen."""
    page.get_by_role("link", name="Nieuwe zaak").click()
    fill_intake(page, street=STREET, postcode="9999 CD")
    click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken"))
    reference = re.search(r"/zaken/(GM\d{4}-\d{4}-\d{4})", page.url)[1]  # type: ignore[index]
    today = local_now().date().isoformat()
    assert finish_current_phase(page).startswith("3. Eerste nazorg")  # where closure is decided
    page.get_by_label("Informatie vragen").select_option("bestuurlijke-rapportage")
    click_and_wait(page, page.get_by_role("button", name="Verzoek vastleggen en brief maken"))
    open_details(page, "Antwoord vastleggen")
    page.get_by_label("Datum van het antwoord").fill(today)
    page.get_by_label("Feiten", exact=True).fill(REASONING["Feiten uit de bestuurlijke rapportage"])
    page.get_by_label("Inschatting van de kans op herhaling").fill(
        REASONING["Inschatting herhaling (politie)"]
    )
    click_and_wait(page, page.get_by_role("button", name="Antwoord vastleggen"))
    open_details(page, "Dreigingsinschatting vastleggen")
    page.get_by_label("Datum van de inschatting").fill(today)
    page.get_by_label("Inschatting van de dreiging (politie)").fill(
        "Ernstige vrees voor een nieuwe aanslag op dit adres binnen enkele weken."
    )
    click_and_wait(page, page.get_by_role("button", name="Dreigingsinschatting vastleggen"))
    open_details(page, "Vervangende woonruimte vastleggen")
    page.get_by_label("Uitkomst").select_option("aanvaard")
    page.get_by_label("Welke woonruimte").fill("Een gemeubileerde woning van de woonstichting.")
    page.get_by_label("Aangeboden op").fill(today)
    click_and_wait(page, page.get_by_role("button", name="Woonruimte vastleggen"))
    # The household as the decision needs it: the resident's birth date, and the owner.
    resident = page.locator("section[aria-labelledby='personen'] li", has_text="Mevrouw A. Jansen")
    resident.locator("summary", has_text="Huishoudgegevens aanvullen").click()
    resident.locator("input[type=date]").fill("1950-03-01")
    click_and_wait(page, resident.get_by_role("button", name="Opslaan voor Mevrouw A. Jansen"))
    open_details(page, "Persoon of kind toevoegen")
    page.get_by_label("Naam", exact=True).fill("Woonstichting Rivierstad")
    page.get_by_label("Rol", exact=True).select_option("belanghebbende")
    page.locator("#p-relatie").select_option("woningcorporatie")
    click_and_wait(page, page.get_by_role("button", name="Persoon toevoegen"))
    expect(error_alert(page)).to_have_count(0)
    click_and_wait(page, page.get_by_role("button", name="Burgemeester kiest voor sluiting"))
    expect(error_alert(page)).to_have_count(0)
    return reference


def test_legal_office_from_concept_to_bekendmaking_and_bezwaar(server: Server, new_context) -> None:  # type: ignore[no-untyped-def]
    officer = login(new_context(), server, "oov.test")
    reference = prepare_case(officer)

    page = login(new_context(), server, "jur.test")
    page.goto(server.url(f"/zaken/{reference}/besluiten"))
    today = local_now().date()

    # A draft with a bad duration: refused at the field, and the reasoning typed survives.
    new = page.locator("form[action$='/besluiten/nieuw']")
    for label, value in REASONING.items():
        new.get_by_label(label).fill(value)
    new.get_by_label("Duur in dagen (geen standaard)").fill("999")
    new.get_by_label("Ingangsdatum").fill((today + timedelta(days=1)).isoformat())
    new.get_by_label("Ingangsuur").fill("12:00")
    assert click_and_wait(page, new.get_by_role("button", name="Concept aanmaken")) == 422
    new = page.locator("form[action$='/besluiten/nieuw']")
    expect(new.get_by_label("Noodzaak: overwogen lichtere middelen")).to_have_value(
        REASONING["Noodzaak: overwogen lichtere middelen"]
    )
    expect(new.get_by_label("Ingangsuur")).to_have_value("12:00")
    expect(new.locator(".utrecht-form-field--invalid")).to_contain_text("Duur in dagen")
    new.get_by_label("Duur in dagen (geen standaard)").fill("60")
    click_and_wait(page, new.get_by_role("button", name="Concept aanmaken"))
    expect(error_alert(page)).to_have_count(0)

    decision = page.locator("details.decision").first
    missing = decision.locator(".utrecht-alert--warning")
    expect(missing).to_contain_text("zienswijze gevraagd of spoed")
    # the missing part links to the form that supplies it
    missing.get_by_role("link", name=re.compile("zienswijze gevraagd")).click()
    assert re.search(r"#voornemen-\d+$", page.url)
    decision.get_by_label("Waarom spoed het horen belet (art. 4:11 Awb)").fill(
        "Binnen een week de tweede aanslag in de straat; uitstel brengt buren in gevaar."
    )
    click_and_wait(page, decision.get_by_role("button", name="Spoed vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision).to_contain_text("Compleet: het besluit kan worden genomen.")

    # The preview: the letter as it will be, not stored.
    with page.expect_popup() as popup:
        decision.get_by_role("link", name=re.compile("Voorbeeld van de brief")).click()
    popup.value.close()
    expect(decision).to_contain_text("wordt genomen op naam van de burgemeester")
    assert click_and_wait(page, decision.get_by_role("button", name="Besluit nemen")) == 422
    expect(error_alert(page)).to_contain_text("Bevestigd")
    decision = page.locator("details.decision").first
    decision.get_by_label("Ik heb het voorbeeld gezien en neem dit besluit").check()
    click_and_wait(page, decision.get_by_role("button", name="Besluit nemen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("genomen")
    expect(decision.get_by_role("link", name="Sluitingsbesluit, versie 1")).to_be_visible()

    # Bekendmaking to the resident, chosen by name.
    decision.get_by_label("Aan wie").select_option(label="Mevrouw A. Jansen (bewoner)")
    decision.get_by_label("Datum bekendmaking").fill(today.isoformat())
    click_and_wait(page, decision.get_by_role("button", name="Bekendmaking vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("genomen")  # one of two reached
    expect(decision).to_contain_text("Mevrouw A. Jansen (bewoner): bekendgemaakt")
    # then everyone not yet reached (the housing corporation)
    decision.get_by_label("Aan wie").select_option(label="Iedereen die nog niet is bereikt")
    decision.get_by_label("Datum bekendmaking").fill(today.isoformat())
    decision.get_by_label("Wijze").select_option("toezending")
    click_and_wait(page, decision.get_by_role("button", name="Bekendmaking vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("bekendgemaakt")
    expect(decision.get_by_role("link", name="Sluitingsbesluit, versie 2")).to_be_visible()

    # A bezwaar received, on behalf of the resident.
    decision.locator("summary", has_text="Bezwaar ontvangen").click()
    decision.get_by_label("Ingediend door").fill("Mr. P. Advocaat namens mevrouw Jansen")
    decision.get_by_label("Namens geadresseerde").select_option(label="Mevrouw A. Jansen (bewoner)")
    decision.get_by_label("Ontvangen op").fill(today.isoformat())
    click_and_wait(page, decision.get_by_role("button", name="Bezwaar registreren"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.locator("details.decision").first).to_contain_text(
        "Bezwaar van Mr. P. Advocaat namens mevrouw Jansen: tijdig"
    )
    screenshots(page, server, "besluiten")

    # The decision ticked "besluiten of het object wordt gesloten", not the sealing: the
    # officer who sealed the door says so.
    officer.reload()
    expect(officer.locator("#stap-besluit-sluiting-overwegen .badge-done")).to_have_count(1)
    expect(officer.locator("#stap-verzegeling .badge-open")).to_have_count(1)
