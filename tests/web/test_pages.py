"""What officers see and do on the HTML pages: intake, case page, conflicts, list filters,
the decision workspace; and that bad input gives a Dutch page, never a 500."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.cases import persons
from playbook.cases import service as cases
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.decisions import service as decisions
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.information import facts
from playbook.information import service as information
from playbook.storage.tables import AuditEvent, Decision, Document
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_text
from tests.web.conftest import (
    CASE_LINK,
    PERSONS,
    Browser,
    Browsers,
    audit_since,
    case_count,
    case_version,
    count_rows,
    full_name,
    last_audit_id,
    step_status,
    today_nl,
    utcnow,
    wall_clock,
)

VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}


class Elements(HTMLParser):
    """Attributes and text of every element with an id (tolerant of sloppy markup)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, dict[str, str]] = {}
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.attrs[found["id"]] = {"tag": tag, **found}
            self.text.setdefault(found["id"], "")
        if tag not in VOID:
            self._open.append((tag, found.get("id")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.text[element_id] += data


def assert_field_error(page: str, name: str, message: str) -> None:
    """The message sits between the field's label and its control, in an element the control
    points to with aria-describedby, and the control says aria-invalid="true"."""
    elements = Elements(page)
    control, error = elements.attrs[name], elements.attrs.get(f"{name}-fout")
    assert error is not None, f"geen foutmelding bij {name}"
    assert "utrecht-form-field-error-message" in error["class"].split(), error
    assert message in " ".join(elements.text[f"{name}-fout"].split()), (name, elements.text[f"{name}-fout"])
    assert control.get("aria-invalid") == "true", control
    assert f"{name}-fout" in control.get("aria-describedby", "").split(), control
    label = page.index(f'for="{name}"')
    assert label < page.index(f'id="{name}-fout"') < page.index(f'id="{name}"'), name


def assert_field_ok(page: str, name: str) -> None:
    elements = Elements(page)
    assert "aria-invalid" not in elements.attrs[name], elements.attrs[name]
    assert f"{name}-fout" not in elements.attrs


def step_row(page: str, step_id: str) -> str:
    match = re.search(rf'<tr[^>]*\bid="stap-{step_id}"[^>]*>(.*?)</tr>', page, re.DOTALL)
    assert match, f"stap {step_id} staat niet op de pagina"
    return match[1]


def listed(page: str) -> list[str]:
    return CASE_LINK.findall(page)


def versie(page: str) -> int:
    return int(re.search(r'name="versie" value="(\d+)"', page)[1])  # type: ignore[index]


def intake_form(**overrides: Any) -> dict[str, Any]:
    form = {"street": "Dijkstraat", "house_number": "7", "house_suffix": "", "postcode": "9999 CD",
            "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": (utcnow() - timedelta(minutes=30)).astimezone(USER_TZ).strftime("%Y-%m-%dT%H:%M"),
            "damage": "", "injured": "",
            "person_name": ["Mevrouw C. Jansen", "", ""], "person_role": ["bewoner"] * 3,
            "person_self_reliant": ["nee", "ja", "ja"], "person_language": ["nl"] * 3}
    form.update(overrides)
    return form


# --- intake --------------------------------------------------------------------------------------

def test_intake_with_errors_shows_dutch_messages_next_to_the_fields_and_saves_nothing(
        engine: Engine, browsers: Browsers) -> None:
    oov = browsers["oov"]
    assert oov.get("/zaken/nieuw").status_code == 200
    before = (case_count(engine), last_audit_id(engine))
    response = oov.post_form("/zaken/nieuw", intake_form(
        street="", postcode="99 AB", object_type="kasteel", occurred_at="2099-01-01T10:00"))
    assert response.status_code == 422, response.text[:300]
    page = response.text
    # under its label only what is wrong; the summary names the field in words
    assert_field_error(page, "street", "Verplicht veld ontbreekt")
    assert_field_error(page, "postcode", "'99 AB' is geen geldige postcode")
    assert_field_error(page, "object_type", "Onbekende waarde 'kasteel'")
    assert "Objecttype: onbekende waarde 'kasteel'" in html.unescape(alert_of(page))
    for name in ("house_number", "city", "incident_kind"):
        assert_field_ok(page, name)
    assert Elements(page).attrs["postcode"]["value"] == "99 AB"  # what was typed stays
    assert "Mevrouw C. Jansen" in page
    assert (case_count(engine), last_audit_id(engine)) == before

    # the future time is checked once the rest is valid; then it shows next to its field
    response = oov.post_form("/zaken/nieuw", intake_form(occurred_at="2099-01-01T10:00"))
    assert response.status_code == 422
    assert_field_error(response.text, "occurred_at", "Ligt in de toekomst")
    assert (case_count(engine), last_audit_id(engine)) == before


def test_intake_asks_each_person_s_language_by_name(engine: Engine, browsers: Browsers) -> None:
    oov = browsers["oov"]
    form = re.search(r'<select[^>]*id="person_language_0".*?</select>',
                     oov.get("/zaken/nieuw").text, re.DOTALL)
    assert form and '<option value="nl" selected>Nederlands</option>' in form[0]
    assert '<option value="tr" >Turks</option>' in form[0]
    response = oov.post_form("/zaken/nieuw", intake_form(person_language=["tr", "nl", "nl"]))
    assert response.status_code == 303
    page = html.unescape(oov.get(response.headers["location"]).text)
    assert "Mevrouw C. Jansen, bewoner, niet zelfredzaam, spreekt Turks" in re.sub(r"<[^>]+>", "", page)


def test_intake_choices_read_as_words_not_codes(browsers: Browsers) -> None:
    page = html.unescape(browsers["oov"].get("/zaken/nieuw").text)
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page))
    assert options["aantreffen-explosief"] == "aantreffen explosief"
    assert options["sociale-huur"] == "sociale huur"
    assert not [label for label in options.values() if re.search(r"[a-z]-[a-z]", label)]


def test_intake_person_errors_are_shown_at_the_persons(engine: Engine, browsers: Browsers) -> None:
    response = browsers["oov"].post_form("/zaken/nieuw", intake_form(person_language=["nederlands", "nl", "nl"]))
    assert response.status_code == 422
    persons = html.unescape(response.text.split("Personen", 1)[1])
    assert "utrecht-form-field-error-message" in persons
    assert "Personen nr. 1 taal" in persons
    assert case_count(engine) == 0


def test_valid_intake_redirects_to_the_new_case(engine: Engine, browsers: Browsers,
                                                users: dict[str, str]) -> None:
    oov = browsers["oov"]
    response = oov.post_form("/zaken/nieuw", intake_form())
    assert response.status_code == 303, response.text[:500]
    reference = response.headers["location"].rsplit("/", 1)[-1]
    assert re.fullmatch(r"GM9999-\d{4}-0001", reference)
    page = oov.get(response.headers["location"])
    assert page.status_code == 200
    assert "Dijkstraat 7, 9999 CD Rivierstad" in page.text and "Mevrouw C. Jansen" in page.text
    assert case_count(engine) == 1
    with Session(engine) as s:
        case = get_case(s, reference)
        assert case.municipality_code == "GM9999"
        actors = {e.actor for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id))}
    assert actors == {users["oov"]}


# --- the case page -------------------------------------------------------------------------------

def test_case_page_shows_phases_steps_deadlines_basis_persons_documents_and_audit(
        engine: Engine, browsers: Browsers, users: dict[str, str], playbook: Playbook,
        case_ref: str, documents: dict[str, list[int]]) -> None:
    page = browsers["oov"].get(f"/zaken/{case_ref}").text
    current = [t.strip() for t in re.findall(r'<li[^>]*aria-current="step"[^>]*>([^<]*)</li>', page)]
    assert current == ["2. Incident"], current
    timeline = re.search(r'<ol[^>]*class="timeline"[^>]*>(.*?)</ol>', page, re.DOTALL)[1]  # type: ignore[index]
    assert [t.strip() for t in re.findall(r"<li[^>]*>([^<]*)</li>", timeline)] == [
        *(f"{p.order}. {p.title}" for p in playbook.ordered_phases), "Gesloten"]
    # attacked three hours ago: the one-hour steps are late, the six-hour ones are not
    for late in ("alarmering-afzetting", "burgemeester-informeren"):
        assert '<span class="badge-late">te laat</span>' in step_row(page, late), late
    for in_time in ("bouwkundige-veiligheid", "evacuatie-opvang"):
        assert "te laat" not in step_row(page, in_time), in_time
    assert "art. 16 lid 1 sub c Wet politiegegevens" in step_row(page, "burgemeester-informeren")
    # A step that does not apply has no due time to keep.
    rows = re.findall(r'<tr class="utrecht-table__row" id="stap-.*?</tr>', page, re.S)
    idle = [r for r in rows if "badge-muted\">niet van toepassing" in r]
    assert idle and all(re.search(r'data-label="Uiterlijk"></td>', r) for r in idle)
    assert "art. 175 Gemeentewet" in step_row(page, "noodbevel-overwegen")
    persons = re.search(r'id="personen">.*?</ul>', page, re.DOTALL)[0]  # type: ignore[index]
    for person in PERSONS:
        assert html.escape(person["name"]) in persons
    assert "Mevrouw A. de Boer, bewoner, <strong>niet zelfredzaam</strong>" in persons
    assert "toestemming Slachtofferhulp" in persons
    for ids in documents.values():
        for document_id in ids:
            assert f'href="/zaken/{case_ref}/documenten/{document_id}"' in page
    # Each letter says what it is about in words: the person, the language, the round; its
    # title is the link (no file names with ids in them).
    section = html.unescape(page.split('id="documenten"', 1)[1].split("</ul>", 1)[0])
    assert ".pdf" not in section
    titles = re.findall(r'<li><a class="utrecht-link" href="[^"]+">([^<]+)</a>', section)
    assert {"Verwijzing Slachtofferhulp, Mevrouw A. de Boer", "Bewonersbrief, Nederlands, brief 1",
            "Bewonersbrief, Engels, brief 2", "Verzoek bestuurlijke rapportage (politie), ronde 1",
            "Opdracht nazorgteam"} <= set(titles), titles
    assert not [t for t in titles if re.search(r"\d", re.sub(r"(ronde|brief|art\.) \d+\w*", "", t))]
    audit = page.split("Auditspoor", 1)[1]
    assert "zaak aangemaakt" in audit and "persoon toegevoegd" in audit
    assert "document gemaakt" in audit and f", {full_name(engine, users['oov'])}:" in audit
    made = re.findall(r"document gemaakt: ([^;<]+);", audit)  # by the document's name
    assert "Opdracht nazorgteam" in made and "Bewonersbrief" in made, made
    assert not [m for m in made if re.search(r"[a-z]-[a-z]", m)], made
    assert users["oov"] not in page, "een inlognaam op de zaakpagina"
    assert "toestemming vastgelegd" in audit


def test_a_person_s_language_is_named_in_words(browsers: Browsers, uow, playbook: Playbook  # type: ignore[no-untyped-def]
                                               ) -> None:
    moment = utcnow()
    with uow() as s:
        reference = create(s, playbook, moment, occurred_at=wall_clock(moment - timedelta(hours=1)),
                           persons=[{"name": "Mr. T. Okafor", "role": "omwonende", "language": "en"},
                                    {"name": "Mevrouw B. Jansen", "role": "bewoner"}]).reference
    persons = re.search(r'id="personen">.*?</ul>',
                        browsers["oov"].get(f"/zaken/{reference}").text, re.DOTALL)[0]  # type: ignore[index]
    items = [re.sub(r"<[^>]+>", "", i).strip()  # each person's line, without the edit form
             for i in re.findall(r"<li>(.*?)(?:<details|</li>)", persons, re.DOTALL)]
    assert items[0] == "Mr. T. Okafor, omwonende, spreekt Engels", items
    assert "spreekt" not in items[1]  # Dutch is the default: not mentioned


def test_case_page_offers_actions_only_to_those_who_may_use_them(browsers: Browsers, case_ref: str) -> None:
    oov = browsers["oov"].get(f"/zaken/{case_ref}").text
    juridisch = browsers["juridisch"].get(f"/zaken/{case_ref}").text
    assert f'action="/zaken/{case_ref}/stappen/' in oov and f'action="/zaken/{case_ref}/volgende"' in oov
    assert f'action="/zaken/{case_ref}/stappen/' not in juridisch
    assert f'action="/zaken/{case_ref}/volgende"' not in juridisch
    assert f'action="/zaken/{case_ref}/feiten"' not in juridisch
    assert f'action="/zaken/{case_ref}/brieven"' in juridisch  # letters: letter:create
    decisions_oov = browsers["oov"].get(f"/zaken/{case_ref}/besluiten").text
    assert "besluiten/nieuw" not in decisions_oov
    assert "besluiten/nieuw" in browsers["juridisch"].get(f"/zaken/{case_ref}/besluiten").text


def test_step_change_from_the_page_is_saved_and_shown(engine: Engine, browsers: Browsers,
                                                     users: dict[str, str], case_ref: str) -> None:
    oov = browsers["oov"]
    page = oov.get(f"/zaken/{case_ref}").text
    response = oov.post_form(f"/zaken/{case_ref}/stappen/alarmering-afzetting",
                             {"status": "afgerond", "versie": versie(page)})
    # Back at the step just changed: on a phone the list starts screens below the top.
    assert (response.status_code, response.headers["location"]) == (
        303, f"/zaken/{case_ref}?gelukt=stap&stap=alarmering-afzetting#stap-alarmering-afzetting")
    shown = oov.get(response.headers["location"]).text
    # The message names the step ticked, not "a step"
    assert re.search(r'role="status"><p[^>]*>De stap ‘Alarmering, afzetting en sporenonderzoek’'
                     r" is bijgewerkt\.</p>", html.unescape(shown))
    row = step_row(shown, "alarmering-afzetting")
    assert "badge-done" in row and "te laat" not in row
    assert full_name(engine, users["oov"]) in row
    response = oov.post_form(f"/zaken/{case_ref}/stappen/evacuatie-opvang",
                             {"status": "overgeslagen", "reden": "", "versie": case_version(engine, case_ref)})
    assert response.status_code == 422
    assert "overslaan van &#39;Evacuatie en opvang van bewoners&#39; kan alleen met een reden" in response.text
    assert step_status(engine, case_ref, "evacuatie-opvang") == "open"


def test_two_officers_the_second_gets_a_conflict_with_the_fresh_state(
        engine: Engine, browsers: Browsers, users: dict[str, str], case_ref: str) -> None:
    anna, carla = browsers["oov"], browsers["admin"]
    seen_by_anna = anna.get(f"/zaken/{case_ref}").text
    seen_by_carla = carla.get(f"/zaken/{case_ref}").text
    version = versie(seen_by_anna)
    assert versie(seen_by_carla) == version
    assert f"versie {version}" not in seen_by_carla  # the counter stays in the forms, off screen

    done = anna.post_form(f"/zaken/{case_ref}/stappen/alarmering-afzetting",
                          {"status": "afgerond", "versie": version})
    assert done.status_code == 303
    before = last_audit_id(engine)

    response = carla.post_form(f"/zaken/{case_ref}/stappen/bouwkundige-veiligheid",
                               {"status": "afgerond", "versie": version})
    assert response.status_code == 409, response.text[:300]
    page = response.text
    assert "Zaak " + case_ref + " is intussen door iemand anders gewijzigd" in page
    assert f"u had versie {version}" in page and "Uw wijziging is niet opgeslagen" in page
    # the fresh state: Anna's change is visible, with the new version in every form
    anna_row = step_row(page, "alarmering-afzetting")
    assert "badge-done" in anna_row and full_name(engine, users["oov"]) in anna_row
    assert versie(page) == version + 1
    assert "badge-open" in step_row(page, "bouwkundige-veiligheid")
    # Carla's change was not applied
    assert step_status(engine, case_ref, "bouwkundige-veiligheid") == "open"
    assert audit_since(engine, before) == []
    # with the fresh version her change goes through
    retry = carla.post_form(f"/zaken/{case_ref}/stappen/bouwkundige-veiligheid",
                            {"status": "afgerond", "versie": versie(page)})
    assert retry.status_code == 303
    assert step_status(engine, case_ref, "bouwkundige-veiligheid") == "afgerond"


@pytest.mark.parametrize("action", ["volgende", "feiten"])
def test_stale_phase_or_fact_change_is_a_conflict_too(engine: Engine, browsers: Browsers, case_ref: str,
                                                      action: str) -> None:
    oov, admin = browsers["oov"], browsers["admin"]
    version = versie(admin.get(f"/zaken/{case_ref}").text)
    assert oov.post_form(f"/zaken/{case_ref}/stappen/alarmering-afzetting",
                         {"status": "afgerond", "versie": version}).status_code == 303
    body = {"versie": version, **({"sluiting": "ja"} if action == "feiten" else {})}
    response = admin.post_form(f"/zaken/{case_ref}/{action}", body)
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in response.text
    with Session(engine) as s:
        case = get_case(s, case_ref)
        assert (case.phase, case.closure) == ("incident", False)


def test_advance_with_open_steps_shows_them_on_the_case_page(engine: Engine, browsers: Browsers,
                                                            case_ref: str,
                                                            playbook: Playbook) -> None:
    oov = browsers["oov"]
    with Session(engine) as s:
        open_steps = overview(s, get_case(s, case_ref), utcnow()).blockers
    response = oov.post_form(f"/zaken/{case_ref}/volgende", {"versie": case_version(engine, case_ref)})
    assert response.status_code == 409
    alert = re.search(r'role="alert">(.*?)</div>', response.text, re.S)
    assert alert, response.text
    lead, listed = alert[1].split("<ul", 2)[1:]
    assert "De fase &#39;Incident&#39; kan nog niet worden afgesloten" in lead
    # One list item per open step, in words: its title and who does it (named once), never its id.
    items = [html.unescape(i) for i in re.findall(r"<li>([^<]*)</li>", listed)]
    assert len(items) == len(open_steps), items
    for item, step in zip(items, (i.step for i in open_steps), strict=True):
        who = playbook.partner_name(step.partner).lower()
        assert item.startswith(step.title) and item.lower().count(who) == 1, (item, who)
    assert not any(i.step.id in alert[1] for i in open_steps), alert[1]
    assert re.search(r'<li[^>]*aria-current="step"[^>]*>2. Incident</li>', response.text)


def test_letter_from_the_page_appears_in_documents(engine: Engine, browsers: Browsers, case_ref: str) -> None:
    juridisch = browsers["juridisch"]
    response = juridisch.post_form(f"/zaken/{case_ref}/brieven", {
        "soort": "opdracht-nazorgteam", "adressen": "Havenstraat 12\r\nHavenstraat 16\r\n"})
    assert response.status_code == 303
    page = juridisch.get(response.headers["location"]).text
    link = re.search(rf'href="(/zaken/{case_ref}/documenten/\d+)">Opdracht nazorgteam</a>', page)
    assert link, page
    pdf = juridisch.get(link[1])
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Havenstraat 16" in pdf_text(pdf.content)


def test_unknown_case_page_is_a_dutch_404(browsers: Browsers) -> None:
    response = browsers["oov"].get("/zaken/GM9999-2026-9999")
    assert response.status_code == 404
    assert "Zaak &#39;GM9999-2026-9999&#39; bestaat niet" in response.text


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/bestaat-niet", 404),
    ("GET", "/zaken/{ref}/bestaat-niet", 404),
    ("PUT", "/zaken/{ref}", 405),
])
def test_unknown_page_or_method_answers_with_a_dutch_page(browsers: Browsers, case_ref: str,
                                                          method: str, path: str, status: int) -> None:
    oov = browsers["oov"]
    response = oov.client.request(method, path.format(ref=case_ref))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html"), response.text
    assert '<html lang="nl"' in response.text and "Not Found" not in response.text
    assert "Method Not Allowed" not in response.text


# --- bad form input: a Dutch answer, never a 500 --------------------------------------------------

BAD_FORMS = [
    ("oov", "/zaken/{ref}/stappen/alarmering-afzetting", {"status": "afgerond"}, "versie"),
    ("oov", "/zaken/{ref}/stappen/alarmering-afzetting", {"status": "afgerond", "versie": "twee"}, "versie"),
    ("oov", "/zaken/{ref}/stappen/alarmering-afzetting", {"status": "klaar", "versie": "{version}"}, "status"),
    ("oov", "/zaken/{ref}/stappen/bestaat-niet", {"status": "afgerond", "versie": "{version}"}, "bestaat niet"),
    ("oov", "/zaken/{ref}/volgende", {"versie": "x"}, "versie"),
    ("oov", "/zaken/{ref}/feiten", {}, "versie"),
    ("oov", "/zaken/{ref}/brieven", {"soort": "onzin"}, "soort brief"),
    ("oov", "/zaken/{ref}/brieven", {"soort": "verwijzing-slachtofferhulp", "persoon": "iemand"}, "persoon"),
    ("oov", "/zaken/{ref}/brieven", {"soort": "verwijzing-slachtofferhulp"}, "persoon"),
    ("juridisch", "/zaken/{ref}/besluiten/nieuw", {"duration_days": "lang"}, "duur"),
    ("juridisch", "/zaken/{ref}/besluiten/nieuw", {"start_date": "morgen"}, "ingang"),
    ("juridisch", "/zaken/{ref}/besluiten/nieuw", {"versie": "twee"}, "versie"),
    ("juridisch", "/zaken/{ref}/besluiten/neem", {"besluit": "eerste"}, "besluit"),
    ("juridisch", "/zaken/{ref}/besluiten/neem", {"besluit": "999"}, "Besluit 999 hoort niet bij zaak"),
    ("juridisch", "/zaken/{ref}/besluiten/voornemen", {"besluit": "{decision}", "termijn": "een week"}, "termijn"),
    ("juridisch", "/zaken/{ref}/besluiten/voornemen", {"besluit": "{decision}", "termijn": "99"}, "zienswijzetermijn"),
    ("juridisch", "/zaken/{ref}/besluiten/bekendmaking", {"besluit": "{decision}", "datum": "gisteren"}, "datum"),
    ("juridisch", "/zaken/{ref}/besluiten/onzin", {"besluit": "{decision}"}, "Onbekende handeling"),
]


def alert_of(page: str) -> str:
    found = re.search(r'role="alert">(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1])).strip() if found else "geen melding"


def test_bad_form_input_gives_a_dutch_4xx_page_never_500(engine: Engine, uow, browsers: Browsers,  # type: ignore[no-untyped-def]
                                                         case_ref: str) -> None:
    """Every bad form of BAD_FORMS against one case (they write nothing, so one world serves
    them all; each is checked on its own and every failure is reported)."""
    with uow() as s:
        decision_id = decisions.draft(session=s, reference=case_ref, fields=decisions.parse_draft({}),
                                      actor="setup", now=utcnow()).id
    for actor in {actor for actor, *_ in BAD_FORMS}:
        browsers[actor]  # logs in first: signing in is audited, the refusals must not be
    wrong = []
    for actor, path, form, words in BAD_FORMS:
        before = (last_audit_id(engine), case_version(engine, case_ref), count_rows(engine, Document))
        values = {"version": before[1], "decision": decision_id}
        filled = {k: v.format(**values) for k, v in form.items()}
        response = browsers[actor].post_form(path.format(ref=case_ref), filled)
        shown = html.unescape(response.text)
        problems = [
            *([f"status {response.status_code}"] if not 400 <= response.status_code < 500 else []),
            *([] if response.headers["content-type"].startswith("text/html") else ["geen HTML"]),
            *([] if '<html lang="nl"' in response.text else ["geen Nederlandse pagina"]),
            *([] if words.lower() in shown.lower()
              else [f"'{words}' ontbreekt in de melding: {alert_of(shown)}"]),
            *([] if (last_audit_id(engine), case_version(engine, case_ref),
                     count_rows(engine, Document)) == before else ["er is iets geschreven"]),
        ]
        if problems:
            wrong.append(f"{actor} {path} {form}: {'; '.join(problems)}")
    assert not wrong, "\n".join(wrong)


# --- case list filters ----------------------------------------------------------------------------

@pytest.fixture
def many_cases(uow, playbook: Playbook, other_case_ref: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    now = utcnow()
    with uow() as s:
        late = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(hours=3)),
                      street="Havenstraat", house_number="14", postcode="9999 AB").reference
        shop = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(minutes=5)),
                      street="Marktplein", house_number="1", house_suffix=None, postcode="9999 XY",
                      object_type="bedrijfspand", persons=[]).reference
        car = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(minutes=10)),
                     street="Stationsweg", house_number="30", house_suffix=None, postcode="9999 ZZ",
                     object_type="voertuig", persons=[]).reference
        assert finish_phase(s, car, now) == "eerste-nazorg"
    return {"late": late, "shop": shop, "car": car}


def overdue_refs(browser: Browser, refs: list[str]) -> set[str]:
    return {r for r in refs if any(s["overdue"] for s in browser.get(f"/api/zaken/{r}").json()["steps"])}


FILTERS = [
    ("", {"late", "shop", "car"}),
    ("fase=incident", {"late", "shop"}),
    ("fase=eerste-nazorg", {"car"}),
    ("fase=herstel", set()),
    ("objecttype=woning", {"late"}),
    ("objecttype=bedrijfspand", {"shop"}),
    ("objecttype=voertuig", {"car"}),
    ("fase=incident&objecttype=woning", {"late"}),
    ("zoek=Marktplein", {"shop"}),
    ("zoek=marktPLEIN", {"shop"}),
    ("zoek=9999 ZZ", {"car"}),
    ("zoek=%20Stationsweg%20", {"car"}),
    ("zoek=Havenstraat 14", {"late"}),  # search is by word start (docs/lijsten.md)
    ("zoek=Kerkweg", set()),  # the other municipality's case never shows
    ("te_laat=true", {"late"}),
    ("te_laat=true&objecttype=bedrijfspand", set()),
]


def test_case_list_filters_filter(browsers: Browsers, many_cases: dict[str, str], other_case_ref: str
                                  ) -> None:
    """Every filter of FILTERS on the same cases; each checked on its own, every failure named."""
    oov = browsers["oov"]
    wrong = []
    for query, expected in FILTERS:
        response = oov.get(f"/zaken?{query}")
        found = listed(response.text)
        want = {many_cases[k] for k in expected}
        count = f"{len(expected)} {'zaak' if len(expected) == 1 else 'zaken'} gevonden."
        if (response.status_code, set(found), len(found)) != (200, want, len(set(found))) \
                or count not in response.text or other_case_ref in response.text:
            wrong.append(f"{query}: status {response.status_code}, gevonden {found}, "
                         f"verwacht {sorted(want)}")
    assert not wrong, "\n".join(wrong)


def test_a_bad_page_number_is_refused_naming_the_field(browsers: Browsers) -> None:
    for url, problem in (("/zaken?pagina=abc", "Pagina: moet een geheel getal zijn"),
                         ("/werk?pagina=0", "Pagina: moet minstens 1 zijn")):
        response = browsers["oov"].get(url)
        assert response.status_code == 422, url
        assert problem in html.unescape(response.text) and "query" not in response.text, url


def test_te_laat_filter_matches_the_overdue_steps(browsers: Browsers, many_cases: dict[str, str]) -> None:
    oov = browsers["oov"]
    refs = list(many_cases.values())
    assert set(listed(oov.get("/zaken?te_laat=true").text)) == overdue_refs(oov, refs)
    assert many_cases["late"] in overdue_refs(oov, refs)
    page = oov.get("/zaken").text
    row = re.search(rf'{many_cases["late"]}</a>.*?</tr>', page, re.DOTALL)[0]  # type: ignore[index]
    assert re.search(r'<span class="badge-late">\d+ te laat</span>', row)


def test_reference_search_and_filter_state_is_kept(browsers: Browsers, many_cases: dict[str, str]) -> None:
    oov = browsers["oov"]
    page = oov.get(f"/zaken?zoek={many_cases['shop']}&fase=incident").text
    assert listed(page) == [many_cases["shop"]]
    assert f'id="zoek" name="zoek" value="{many_cases["shop"]}"' in page
    assert '<option value="incident" selected>' in page


def test_case_list_newest_incident_first(browsers: Browsers, many_cases: dict[str, str]) -> None:
    assert listed(browsers["oov"].get("/zaken").text) == [many_cases["shop"], many_cases["car"],
                                                         many_cases["late"]]


# --- decision workspace ---------------------------------------------------------------------------

REASONING = {
    "seriousness": "Een explosie in een portiek met acht woningen bracht alle bewoners in gevaar.",
    "suitability": "Sluiting neemt het doelwit weg, zodat de portiek niet opnieuw wordt getroffen.",
    "necessity": "Camera en surveillance hebben de aanslag niet voorkomen; lichtere middelen volstaan niet.",
    "balance": "De bewoners zijn niet betrokken; voor de oudere bewoonster is opvang geregeld.",
    "balance_owner": "De woningcorporatie houdt de woning en kan tijdens de sluiting herstellen.",
    "alternative_housing": "Een wisselwoning van de woningcorporatie.",
    "children_count": "2", "children_ages": "6, 10",
    "children_school": "Beide kinderen blijven naar hun eigen school gaan; vervoer is geregeld.",
    "children_effect": "De kinderen verliezen tijdelijk hun vertrouwde huis; het wijkteam helpt.",
    "duration_reasons": "De politie verwacht herhaling binnen weken; negentig dagen is daarom nodig.",
    "entry_ban_basis": "Art. 174a Gemeentewet met art. 2:79 APV: betreden van de gesloten woning is verboden.",
    "entry_access": "Op afspraak met team OOV kunnen bewoners onder begeleiding spullen ophalen.",
    "enforcement": "Verzegeling, kennisgeving op de deur, surveillance en zo nodig bestuursdwang.",
}
# The household as the decision rules read it: children are persons with a birth date.
HOUSEHOLD = [
    {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee", "birth_date": "1944-01-01"},
    {"name": "Dhr. K.", "role": "doelwit", "birth_date": "1985-05-05"},
    {"name": "Kind K. 1", "role": "bewoner", "age": "10"},
    {"name": "Kind K. 2", "role": "bewoner", "age": "6"},
    {"name": "Woonstichting Rivierstad", "role": "belanghebbende", "relation": "woningcorporatie"},
]


def decision_ids(engine: Engine) -> list[int]:
    with Session(engine) as s:
        return list(s.exec(select(Decision.id).order_by(col(Decision.id))))  # type: ignore[call-overload]


def decision_status(engine: Engine, decision_id: int) -> str:
    with Session(engine) as s:
        return s.get(Decision, decision_id).status  # type: ignore[union-attr]


@pytest.fixture
def nazorg_case(uow, playbook: Playbook) -> str:  # type: ignore[no-untyped-def]
    """A woning case in eerste nazorg: a non-self-reliant resident and a household with children."""
    now = utcnow()
    with uow() as s:
        case = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(hours=5)),
                      persons=HOUSEHOLD)
        assert finish_phase(s, case.reference, now) == "eerste-nazorg"
        return case.reference


def test_decision_workspace_draft_missing_refusal_and_issue(engine: Engine, uow, browsers: Browsers,  # type: ignore[no-untyped-def]
                                                            users: dict[str, str], nazorg_case: str) -> None:
    ref = nazorg_case
    juridisch = browsers["juridisch"]
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert "Nog geen besluiten." in page

    # 1. a draft through the form
    # A ground that the facts do not carry yet is refused with the reason (no threat assessed).
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/nieuw", {
        "ground": "174a-1-b", "versie": versie(page), "seriousness": REASONING["seriousness"]})
    assert response.status_code == 409
    assert "vastgelegde dreigingsinschatting" in html.unescape(response.text)
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/nieuw", {
        "ground": "", "versie": versie(page), "seriousness": REASONING["seriousness"]})
    # The first closure draft makes closure a fact of the case: the message says so.
    assert (response.status_code, response.headers["location"]) == (
        303, f"/zaken/{ref}/besluiten?gelukt=nieuw-sluiting")
    [decision_id] = decision_ids(engine)
    page = html.unescape(juridisch.get(response.headers["location"]).text)
    assert "De zaak heeft nu een sluiting in voorbereiding" in page
    assert "<strong>Sluiting</strong>, concept" in page  # no internal numbers on screen
    missing = re.search(r"dit ontbreekt:</p>(.*?)</ul>", page, re.DOTALL)[1]  # type: ignore[index]
    for item in ("grondslag ontbreekt", "bestuurlijke rapportage van de politie",
                 "noodzaak: welke lichtere middelen", "het besluit noemt 0 kinderen",
                 "vervangende woonruimte aangeboden", "ingang: datum en uur",
                 "zienswijze gevraagd of spoed met redenen vastgelegd"):
        assert item in missing, item
    assert "waarom de verstoring van de openbare orde ernstig is" not in missing  # given in the form

    # 2. "Besluit nemen" is refused with the list, nothing issued
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id})
    assert response.status_code == 422
    alert = html.unescape(re.search(r'role="alert">(.*?)</div>', response.text, re.DOTALL)[1])  # type: ignore[index]
    assert "Bestuurlijke rapportage van de politie" in alert and "Ingang: datum en uur" in alert
    assert decision_status(engine, decision_id) == "concept"
    assert count_rows(engine, Document) == 0

    # 3. complete the requirements: rapportage and housing through the services, the rest by form
    now = utcnow()
    with uow() as s:
        request = information.request(session=s, reference=ref, kind="bestuurlijke-rapportage",
                                      actor=users["oov"], now=now)
        information.record_answer(session=s, reference=ref, request_id=request.id,  # type: ignore[arg-type]
                                  answer=information.Answer(
                                      answered_on=today_nl(),
                                      facts="Explosief tegen de voordeur van de portiekwoning om 02:40.",
                                      recurrence="Hoog, conflict in het criminele milieu."),
                                  actor="politie", now=now)
        facts.record_threat_assessment(session=s, reference=ref, assessed_on=today_nl(),
                                       assessment="Ernstige vrees voor een nieuwe aanslag binnen weken.",
                                       actor="politie", now=now)
        persons.record_housing(session=s, reference=ref, outcome="aanvaard",
                               description="Wisselwoning voor het hele huishouden.",
                               offered_on=today_nl(), actor=users["oov"], now=now)
    start = today_nl() + timedelta(days=1)
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/wijzig", {
        "besluit": decision_id, "versie": case_version(engine, ref), **REASONING,
        "facts": "Explosief tegen de voordeur van de portiekwoning om 02:40.",
        "recurrence": "Hoog, conflict in het criminele milieu.", "duration_days": "90",
        "ground": "174a-1-b", "start_date": start.isoformat(), "start_time": "12:00"})
    assert response.status_code == 303, html.unescape(response.text)[-1500:]
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/spoed", {
        "besluit": decision_id,
        "reden": "Nieuwe aanslag kan elk moment volgen; horen kan niet worden afgewacht."})
    assert response.status_code == 303, html.unescape(response.text)[-1500:]
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert "Compleet: het besluit kan worden genomen." in page

    # 4. issue: the decision is taken and its PDF downloads
    before = last_audit_id(engine)
    response = juridisch.post_form(f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id,
                                                                    "bevestigd": "ja"})
    assert (response.status_code, response.headers["location"]) == (303, f"/zaken/{ref}/besluiten?gelukt=neem")
    assert decision_status(engine, decision_id) == "genomen"
    events = audit_since(engine, before)
    assert events and {e.actor for e in events} == {users["juridisch"]}
    with Session(engine) as s:
        letter = s.exec(select(Document).where(Document.kind == "sluitingsbesluit")).one()
    page = juridisch.get(f"/zaken/{ref}").text
    assert f'href="/zaken/{ref}/documenten/{letter.id}"' in page
    pdf = juridisch.get(f"/zaken/{ref}/documenten/{letter.id}")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert letter.filename in pdf.headers["content-disposition"]
    assert pdf.content.startswith(b"%PDF") and pdf.content == letter.content
    text = pdf_text(pdf.content)
    assert "Besluit tot sluiting" in text and "art. 174a lid 1 onder b Gemeentewet" in text
    assert "(90 dagen)" in text
    # the decision goes to the police and the housing corporation, not to victim support
    assert browsers["politie"].get(f"/inbox/{ref}/{letter.id}").status_code == 200
    assert browsers["woningcorporatie"].get(f"/inbox/{ref}/{letter.id}").status_code == 200
    assert browsers["slachtofferhulp"].get(f"/inbox/{ref}/{letter.id}").status_code == 404
    # a taken decision cannot be taken twice
    again = juridisch.post_form(f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id,
                                                                 "bevestigd": "ja"})
    assert again.status_code == 409 and "is al genomen" in html.unescape(again.text)


def test_decision_workspace_is_read_only_for_oov(browsers: Browsers, nazorg_case: str, engine: Engine) -> None:
    oov = browsers["oov"]
    page = oov.get(f"/zaken/{nazorg_case}/besluiten")
    assert page.status_code == 200 and "Concept aanmaken" not in page.text
    response = oov.post_form(f"/zaken/{nazorg_case}/besluiten/nieuw", {"ground": "174a-1-b"})
    assert response.status_code == 403 and "Geen toegang" in response.text
    assert decision_ids(engine) == []


def test_draft_for_a_vehicle_is_refused_with_the_reason(browsers: Browsers, uow, playbook: Playbook,  # type: ignore[no-untyped-def]
                                                        engine: Engine) -> None:
    now = utcnow()
    with uow() as s:
        ref = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(hours=1)),
                     object_type="voertuig", persons=[]).reference
    response = browsers["juridisch"].post_form(f"/zaken/{ref}/besluiten/nieuw", {"ground": "174a-1-b"})
    assert response.status_code == 409
    assert "geen sluitingsroute" in response.text
    assert decision_ids(engine) == []


def test_a_phase_left_behind_says_how_its_steps_ended(engine: Engine, uow, browsers: Browsers,  # type: ignore[no-untyped-def]
                                                     case_ref: str, playbook: Playbook) -> None:
    """The folded phase counts its steps by how they ended, so a finished phase never reads as
    '9 van 14 afgerond' (work left) when five steps did not apply."""
    oov = browsers["oov"]
    moment = utcnow()
    with uow() as s:
        first, *rest = [i.step.id for i in overview(s, get_case(s, case_ref), moment).blockers]
        cases.set_step(session=s, reference=case_ref, step_id=first, status=StepStatus.skipped,
                       reason="Door de politie al gedaan", actor="oov", now=moment)
        for step_id in rest:
            cases.set_step(session=s, reference=case_ref, step_id=step_id,
                           status=StepStatus.done, actor="oov", now=moment)
    with Session(engine) as s:
        [incident] = [b for b in overview(s, get_case(s, case_ref), moment).blocks
                      if b.phase.id == "incident"]
        done_before = len([i for i in incident.items if i.status == StepStatus.done])
    response = oov.post_form(f"/zaken/{case_ref}/volgende", {"versie": case_version(engine, case_ref)})
    assert response.status_code == 303
    page = html.unescape(oov.get(f"/zaken/{case_ref}").text)
    summary = re.search(r"<strong>2\. Incident</strong> \(([^)]*)\)", page)
    assert summary, page
    counts = {word: int(n) for n, word in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", summary[1])}
    assert counts["afgerond"] == done_before and counts["overgeslagen"] == 1, summary[1]
    assert sum(counts.values()) == len(playbook.phase("incident").steps), summary[1]
    assert set(counts) <= {"afgerond", "overgeslagen", "niet van toepassing", "open"}


def test_person_choices_read_as_words_and_a_corporation_is_no_referral(
        browsers: Browsers, nazorg_case: str) -> None:
    """The relation to the premises is offered in words; the Slachtofferhulp referral offers
    the people on the case, not the housing corporation."""
    page = browsers["oov"].get(f"/zaken/{nazorg_case}").text
    relation = re.search(r'<select[^>]*id="p-relatie".*?</select>', page, re.DOTALL)[0]  # type: ignore[index]
    assert ">eigenaar en bewoner</option>" in relation and ">eigenaar-bewoner<" not in relation
    referral = re.search(r'<select[^>]*id="persoon".*?</select>', page, re.DOTALL)[0]  # type: ignore[index]
    assert "Mevrouw A. de Boer" in referral and "Woonstichting" not in referral
