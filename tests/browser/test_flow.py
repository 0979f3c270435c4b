"""The whole flow in a real browser, as the users do it: OOV registers an attack and works the
checklist, the mayor's office takes a closure decision, partners read their inbox, and two
officers working on one case at the same time get a conflict instead of a lost update.

The tests share one server and run in file order: each later test builds on the case the
OOV test created, and skips with a reason when that case is missing.
"""

import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, click_and_wait, fill_intake, local_now, login

STREET = "Lindenlaan"
CONFLICT_STREET = "Kastanjelaan"


@pytest.fixture(scope="module")
def state() -> dict[str, object]:
    """What the earlier tests in this module made (the case reference, the pages)."""
    return {}


def _needs(state: dict[str, object], key: str) -> object:
    if key not in state:
        pytest.skip(f"bouwt voort op een eerdere test in deze module, die '{key}' niet opleverde")
    return state[key]


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def step_row(page: Page, step_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#stap-{step_id}")


def step_status(page: Page, step_id: str) -> str:
    return step_row(page, step_id).locator("td").nth(1).inner_text()


def done_button(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("button", name=f"{title}: afgerond", exact=True)


def current_phase(page: Page) -> str:
    return page.locator("ol.timeline li[aria-current='step']").inner_text()


def error_alert(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".utrecht-alert--error[role='alert']")


def test_oov_registers_attack_and_works_the_checklist(server: Server, new_context, state, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    page = login(new_context(), server, "oov.test")
    assert page.url.endswith("/werk"), page.url  # officers land on Mijn werk (issue 11)
    expect(page.get_by_text("0 taken gevonden")).to_be_visible()

    # Intake: a bad postcode is refused with a Dutch message next to the field; nothing is saved.
    page.get_by_role("link", name="Nieuwe zaak").click()
    expect(page.get_by_role("heading", name="Nieuwe zaak")).to_be_visible()
    fill_intake(page, street=STREET, postcode="99 AB")
    status = click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken"))
    assert status == 422
    postcode_field = page.locator(".utrecht-form-field").filter(has=page.locator("#postcode"))
    error = postcode_field.locator(".utrecht-form-field-error-message")
    expect(error).to_contain_text("geen geldige postcode")
    expect(error).to_contain_text("vier cijfers en twee letters")
    expect(page.locator("#postcode")).to_have_attribute("aria-invalid", "true")
    # the error is announced with the field, next to the format hint
    described_by = (page.locator("#postcode").get_attribute("aria-describedby") or "").split()
    assert error.get_attribute("id") in described_by and "postcode-hint" in described_by
    expect(error_alert(page)).to_contain_text("postcode")
    expect(page.locator(".utrecht-form-field-error-message")).to_have_count(1)  # only the postcode
    cases = page.context.new_page()  # the case list in a second tab, keeping the form
    cases.goto(server.url("/zaken"))
    expect(cases.get_by_text("0 zaken gevonden")).to_be_visible()
    expect(cases.get_by_role("link", name=re.compile(r"GM9999"))).to_have_count(0)
    cases.close()

    # The form kept what was typed; correcting the postcode is enough.
    expect(page.get_by_label("Straat", exact=True)).to_have_value(STREET)
    assert page.get_by_label("Datum en tijd (Nederlandse tijd)").input_value(), "tijdstip is leeggemaakt"
    expect(page.get_by_label("Naam persoon 1")).to_have_value("Mevrouw A. Jansen")
    expect(page.get_by_label("Zelfredzaam persoon 1")).to_have_value("nee")
    page.get_by_label("Postcode").fill("9999 AB")
    click_and_wait(page, page.get_by_role("button", name="Zaak aanmaken"))
    match = re.search(r"/zaken/([^/?]+)$", page.url)
    assert match, f"geen zaakpagina na intake: {page.url}\n{page.content()[:3000]}"
    reference = match.group(1)
    state["reference"] = reference
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {reference}")
    assert current_phase(page).endswith("Incident")
    current = page.locator("ol.timeline li[aria-current='step']")
    expect(current).to_have_count(1)
    other = page.locator("ol.timeline li:not([aria-current])").first
    assert current.evaluate("e => getComputedStyle(e).backgroundColor") != other.evaluate(
        "e => getComputedStyle(e).backgroundColor"), "de huidige fase is niet visueel gemarkeerd"
    # Due one hour after the incident, which was three hours ago: late. Six hours: not yet.
    expect(step_row(page, "alarmering-afzetting").locator(".badge-late")).to_have_text("te laat")
    expect(step_row(page, "burgemeester-informeren").locator(".badge-late")).to_have_text("te laat")
    expect(step_row(page, "bouwkundige-veiligheid").locator(".badge-late")).to_have_count(0)
    expect(step_row(page, "burgemeester-informeren")).to_contain_text("art. 16 lid 1 sub c Wet politiegegevens")
    expect(step_row(page, "noodbevel-overwegen")).to_contain_text("art. 175 Gemeentewet")
    expect(page.get_by_text("niet zelfredzaam")).to_be_visible()

    # Afgerond.
    click_and_wait(page, done_button(page, "Alarmering, afzetting en sporenonderzoek"))
    assert "afgerond" in step_status(page, "alarmering-afzetting")
    expect(step_row(page, "alarmering-afzetting").locator(".badge-late")).to_have_count(0)

    # Overslaan without a reason: refused in Dutch, the step stays open.
    step_row(page, "bouwkundige-veiligheid").locator("summary", has_text="Overslaan").click()
    skip = page.get_by_role("button", name="Bouwkundige veiligheid beoordelen: overslaan")
    status = click_and_wait(page, skip)
    assert status == 422
    expect(error_alert(page)).to_contain_text("overslaan van 'Bouwkundige veiligheid beoordelen' kan alleen met een reden")
    assert "open" in step_status(page, "bouwkundige-veiligheid")

    # With a reason: skipped, and the reason is shown.
    reason = "Brandweer heeft ter plaatse al beoordeeld; geen constructieve schade"
    step_row(page, "bouwkundige-veiligheid").locator("summary", has_text="Overslaan").click()
    step_row(page, "bouwkundige-veiligheid").get_by_label("Reden om over te slaan").fill(reason)
    click_and_wait(page, page.get_by_role("button", name="Bouwkundige veiligheid beoordelen: overslaan"))
    expect(error_alert(page)).to_have_count(0)
    assert "overgeslagen" in step_status(page, "bouwkundige-veiligheid")
    expect(step_row(page, "bouwkundige-veiligheid")).to_contain_text(reason)  # folded, on request

    # Closing the phase is refused while mandatory steps are open; the message names them.
    status = click_and_wait(page, page.get_by_role("button", name="Fase afsluiten en verder"))
    assert status == 409
    alert = error_alert(page)
    expect(alert).to_contain_text("kan nog niet worden afgesloten")
    expect(alert).to_contain_text("Burgemeester informeren")
    expect(alert).to_contain_text("Evacuatie en opvang van bewoners")
    expect(alert).not_to_contain_text("Alarmering")
    assert current_phase(page).endswith("Incident")

    click_and_wait(page, done_button(page, "Burgemeester informeren"))
    click_and_wait(page, done_button(page, "Stichting Salvage inschakelen"))
    click_and_wait(page, done_button(page, "Bewoonbaarheid beoordelen (bouw- en woningtoezicht)"))
    click_and_wait(page, done_button(page, "Evacuatie en opvang van bewoners"))
    click_and_wait(page, page.get_by_role("button", name="Fase afsluiten en verder"))
    expect(error_alert(page)).to_have_count(0)
    assert current_phase(page).endswith("Eerste nazorg en maatregelen")

    # The mayor chooses closure: the housing step for the not self-reliant resident appears.
    click_and_wait(page, page.get_by_role("button", name="Burgemeester kiest voor sluiting"))
    expect(page.get_by_role("button", name="Sluiting niet meer aan de orde")).to_be_visible()
    expect(step_row(page, "tijdelijke-huisvesting")).to_be_visible()
    expect(step_row(page, "sluitingsbesluit")).to_be_visible()

    # The joint letter to the neighbours, in Dutch and English.
    page.get_by_label("Brief maken").select_option("bewonersbrief")
    click_and_wait(page, page.get_by_role("button", name="Maak brief"))
    expect(error_alert(page)).to_have_count(0)
    documents = page.locator("section[aria-labelledby='documenten']")
    nl = documents.get_by_role("link", name="Bewonersbrief, Nederlands", exact=True)
    en = documents.get_by_role("link", name="Bewonersbrief, Engels", exact=True)
    expect(nl).to_be_visible()
    expect(en).to_be_visible()
    assert "afgerond" in step_status(page, "bewonersbrief")

    with page.expect_download() as info:
        nl.click()
    download = info.value
    assert download.suggested_filename == f"{reference}-bewonersbrief-nl-v1.pdf"
    saved = tmp_path_factory.mktemp("downloads") / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = pdf_text(saved)
    assert "0900-8844" in text
    assert STREET in text

    page.screenshot(path=str(server.tmp / "zaakpagina.png"), full_page=True)
    state["oov_page"] = page


def test_juridisch_takes_the_closure_decision(server: Server, new_context, state, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    reference = _needs(state, "reference")
    _needs(state, "oov_page")  # the officer's page from the earlier step must exist
    page = login(new_context(), server, "jur.test")
    page.goto(server.url(f"/zaken/{reference}"))
    page.get_by_role("link", name="Besluiten (sluiting)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Besluiten zaak {reference}")
    expect(page.get_by_text("Nog geen besluiten.")).to_be_visible()

    # A first draft: the workspace lists what is still missing.
    today = local_now().date()
    new = page.locator("form[action$='/besluiten/nieuw']")
    new.get_by_label("Grond").select_option("")  # the ground follows the recorded facts
    new.get_by_label("Waarom de verstoring ernstig is").fill(
        "Een explosief bij een woning in een dichtbebouwde straat brengt omwonenden in direct gevaar.")
    new.get_by_label("Ingangsdatum").fill(today.isoformat())
    click_and_wait(page, new.get_by_role("button", name="Concept aanmaken"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("concept")
    missing = decision.locator(".utrecht-alert--warning")
    expect(missing).to_contain_text("Nog niet compleet; dit ontbreekt:")
    expect(missing).to_contain_text("bestuurlijke rapportage van de politie")
    expect(missing).to_contain_text("zienswijze gevraagd of spoed met redenen vastgelegd")
    expect(missing).to_contain_text("vervangende woonruimte aangeboden")
    expect(missing).not_to_contain_text("waarom de verstoring van de openbare orde ernstig is")

    # Spoed, with concrete reasons.
    decision.get_by_label("Waarom spoed het horen belet (art. 4:11 Awb)").fill(
        "Binnen een week de tweede aanslag op dit adres; elke dag uitstel brengt buren in gevaar.")
    click_and_wait(page, decision.get_by_role("button", name="Spoed vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    expect(page.locator("details.decision").first.locator(".utrecht-alert--warning")).not_to_contain_text(
        "zienswijze gevraagd of spoed")

    # Meanwhile the police report and threat assessment come in, OOV offers housing and completes
    # the household (recorded via the services: the web app has no forms for these yet).
    _record_police_report(server, reference, today)  # type: ignore[arg-type]

    # The remaining reasoning, then the decision.
    page.reload()
    decision = page.locator("details.decision").first
    decision.locator("summary", has_text="Concept bewerken").click()
    edit = decision.locator("form[action$='/besluiten/wijzig']")
    edit.get_by_label("Feiten uit de bestuurlijke rapportage").fill(
        "Op de voordeur is een explosief tot ontploffing gebracht; er is aanzienlijke schade.")
    edit.get_by_label("Inschatting herhaling (politie)").fill(
        "De politie acht herhaling waarschijnlijk gezien eerdere incidenten op dit adres.")
    edit.get_by_label("Geschiktheid: waarom sluiting de verstoring beëindigt").fill(
        "Sluiting neemt het doelwit weg, zodat een nieuwe aanslag op deze straat zinloos wordt.")
    edit.get_by_label("Noodzaak: overwogen lichtere middelen").fill(
        "Cameratoezicht en surveillance zijn overwogen maar voorkomen een nieuwe aanslag niet.")
    edit.get_by_label("Evenwichtigheid: belangen van de bewoners").fill(
        "Het belang van de buurt weegt zwaarder; de bewoner krijgt vervangende woonruimte.")
    edit.get_by_label("Evenwichtigheid: belangen van de eigenaar of verhuurder").fill(
        "De woonstichting houdt de woning en kan de schade tijdens de sluiting herstellen.")
    edit.get_by_label("Duur in dagen (geen standaard)").fill("90")
    edit.get_by_label("Ingangsdatum").fill((today + timedelta(days=1)).isoformat())
    edit.get_by_label("Ingangsuur").fill("12:00")
    edit.get_by_label("Basis van het betredingsverbod").fill(
        "Art. 174a Gemeentewet met de APV: betreden van de gesloten woning is verboden.")
    edit.get_by_label("Hoe iemand spullen kan ophalen").fill(
        "Op afspraak met team OOV, onder begeleiding van een toezichthouder.")
    edit.get_by_label("Hoe de sluiting wordt gehandhaafd").fill(
        "Verzegeling, kennisgeving op de deur, surveillance en zo nodig bestuursdwang.")
    edit.get_by_label("Aangeboden vervangende woonruimte").fill(
        "Een gemeubileerde woning van de woonstichting aan de andere kant van de stad.")
    edit.get_by_label("Motivering van de duur").fill(
        "Negentig dagen is nodig om de rust in de straat duurzaam te laten terugkeren.")
    click_and_wait(page, edit.get_by_role("button", name="Concept opslaan"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(".utrecht-alert--warning")).to_have_count(0)
    expect(decision).to_contain_text("Compleet: het besluit kan worden genomen.")

    decision.get_by_label("Ik heb het voorbeeld gezien en neem dit besluit").check()
    click_and_wait(page, decision.get_by_role("button", name="Besluit nemen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("genomen")

    # Bekendmaking today: the bezwaar deadline with its derivation.
    decision.get_by_label("Datum bekendmaking").fill(today.isoformat())
    decision.get_by_label("Wijze").select_option("uitreiking")
    click_and_wait(page, decision.get_by_role("button", name="Bekendmaking vastleggen"))
    expect(error_alert(page)).to_have_count(0)
    decision = page.locator("details.decision").first
    expect(decision.locator(":scope > summary")).to_contain_text("bekendgemaakt")
    from playbook.deadlines import bezwaar_deadline, format_date_nl

    expected = bezwaar_deadline(today)
    # One bezwaar term per addressee, each from their own bekendmaking.
    heading = decision.get_by_role("heading", name=re.compile("^Bezwaartermijn Mevrouw A. Jansen"))
    expect(heading).to_have_text(f"Bezwaartermijn Mevrouw A. Jansen: {format_date_nl(expected.end)}")
    lines = heading.locator("xpath=following-sibling::details[1]")  # the derivation, folded
    expect(lines).to_contain_text(expected.explain()[1])
    expect(lines).to_contain_text("art. 6:8")
    expect(lines).to_contain_text("art. 6:7 Awb")
    page.screenshot(path=str(server.tmp / "besluiten.png"), full_page=True)

    # The closure decision letter, the version made at bekendmaking.
    page.get_by_role("link", name="Terug naar de zaak").click()
    assert "afgerond" in step_status(page, "sluitingsbesluit")
    assert "afgerond" in step_status(page, "bekendmaking-verzegeling")
    link = page.locator("section[aria-labelledby='documenten']").get_by_role(
        "link", name=re.compile(r"^Sluitingsbesluit, sluiting van \d+ \w+ \d{4}$"))
    with page.expect_download() as info:
        link.click()
    saved = tmp_path_factory.mktemp("besluit") / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = pdf_text(saved)
    assert "art. 174a lid 1 onder b Gemeentewet" in text
    assert STREET in text
    state["decided"] = True


def _record_police_report(server: Server, reference: str, today) -> None:  # type: ignore[no-untyped-def]
    """Setup shortcut the brief allows: the web app has no form for the police's answer."""
    from datetime import UTC

    from playbook.cases.intake import PersonIntake
    from playbook.cases.persons import add, persons_of, record_housing, update
    from playbook.cases.repository import get_case
    from playbook.information.facts import record_threat_assessment
    from playbook.information.service import Answer, record_answer, request
    from playbook.storage.db import make_engine, unit_of_work

    engine = make_engine(server.database_url)
    try:
        with unit_of_work(engine) as session:
            row = request(session=session, reference=reference, kind="bestuurlijke-rapportage",
                          actor="oov.test", now=datetime.now(UTC))
            record_answer(session=session, reference=reference, request_id=row.id,  # type: ignore[arg-type]
                          answer=Answer(answered_on=today,
                                        facts="Explosief tot ontploffing gebracht bij de voordeur.",
                                        recurrence="Herhaling waarschijnlijk."),
                          actor="politie.test", now=datetime.now(UTC))
            record_threat_assessment(session=session, reference=reference, assessed_on=today,
                                     assessment="Ernstige vrees voor een nieuwe aanslag binnen weken.",
                                     actor="politie.test", now=datetime.now(UTC))
            case = get_case(session, reference)
            for person in persons_of(session, case):
                if person.relation and person.birth_date is None and person.age is None:
                    update(session=session, reference=reference, person_id=person.id,  # type: ignore[arg-type]
                           age=70, actor="oov.test", now=datetime.now(UTC))
            add(session=session, reference=reference, actor="oov.test", now=datetime.now(UTC),
                person=PersonIntake(name="Woonstichting Rivierstad", role="belanghebbende",
                                    relation="woningcorporatie"))
            record_housing(session=session, reference=reference, outcome="aanvaard",
                           description="Gemeubileerde woning van de woonstichting.",
                           offered_on=today, actor="oov.test", now=datetime.now(UTC))
    finally:
        engine.dispose()


def test_partners_see_only_their_documents(server: Server, new_context, state) -> None:  # type: ignore[no-untyped-def]
    reference = _needs(state, "reference")
    _needs(state, "decided")
    page = login(new_context(), server, "politie.test")
    assert page.url.endswith("/inbox"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox Politie")
    inbox = page.locator("tbody tr").filter(has_text=reference)  # documents by title, per case
    for name in ("Gezamenlijke bewonersbrief (Nederlands)", "Gezamenlijke bewonersbrief (Engels)",
                 "Besluit tot sluiting, bijgewerkt"):
        expect(inbox.get_by_role("link", name=name, exact=True)).to_be_visible()
    with page.expect_download() as info:
        inbox.get_by_role("link", name="Besluit tot sluiting, bijgewerkt", exact=True).click()
    assert info.value.suggested_filename == f"{reference}-sluitingsbesluit-besluit-1-v2.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF-")

    response = page.goto(server.url(f"/zaken/{reference}"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(page.locator("main")).to_contain_text("U heeft geen toegang")
    response = page.goto(server.url(f"/zaken/{reference}/besluiten"))
    assert response is not None and response.status == 403

    # Slachtofferhulp gets the letter to the neighbours, not the closure decision.
    shn = login(new_context(), server, "shn.test")
    assert shn.url.endswith("/inbox"), shn.url
    shn_rows = shn.locator("tbody tr").filter(has_text=reference)
    expect(shn_rows.get_by_role("link", name="Gezamenlijke bewonersbrief (Nederlands)")
           ).to_be_visible()
    expect(shn_rows.get_by_role("link", name=re.compile("Besluit tot sluiting"))).to_have_count(0)


def test_stale_page_gets_a_conflict_not_a_lost_update(server: Server, new_context) -> None:  # type: ignore[no-untyped-def]
    a = login(new_context(), server, "oov.test")
    a.goto(server.url("/zaken/nieuw"))
    fill_intake(a, street=CONFLICT_STREET, postcode="9999 CD")
    click_and_wait(a, a.get_by_role("button", name="Zaak aanmaken"))
    case_url = a.url
    assert re.search(r"/zaken/[^/?]+$", case_url), case_url

    b = login(new_context(), server, "oov.test")
    b.goto(case_url)
    a.reload()

    click_and_wait(a, done_button(a, "Alarmering, afzetting en sporenonderzoek"))
    assert "afgerond" in step_status(a, "alarmering-afzetting")

    # B still shows the old version and clicks another step.
    assert "open" in step_status(b, "alarmering-afzetting")
    status = click_and_wait(b, done_button(b, "Burgemeester informeren"))
    assert status == 409
    expect(error_alert(b)).to_contain_text("intussen door iemand anders gewijzigd")
    expect(error_alert(b)).to_contain_text("Uw wijziging is niet opgeslagen")
    assert "afgerond" in step_status(b, "alarmering-afzetting")  # the fresh state, with A's change
    assert "open" in step_status(b, "burgemeester-informeren")

    # From the fresh page the same click works.
    click_and_wait(b, done_button(b, "Burgemeester informeren"))
    expect(error_alert(b)).to_have_count(0)
    assert "afgerond" in step_status(b, "burgemeester-informeren")
