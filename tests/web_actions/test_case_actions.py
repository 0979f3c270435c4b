"""Officer actions on the case page that used to need the command line: information requests
and answers (with their round), persons and children after intake, a repeat attack, sealing.
Same services, permissions and audit as the CLI; a refusal keeps what was typed."""

import html
import re
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.documents.formatting import date_nl
from playbook.storage.tables import Document, InformationRequest, Person, User
from tests.web.conftest import (
    Browsers,
    audit_since,
    case_version,
    count_rows,
    full_name,
    last_audit_id,
    step_status,
    today_nl,
    utcnow,
)
from tests.web.test_pages import step_row
from tests.web_actions.helpers import take_closure, text

CLOSURE_CONSIDERED = "besluit-sluiting-overwegen"
SEALING = "verzegeling"


def requests(engine: Engine) -> list[InformationRequest]:
    with Session(engine) as s:
        return list(s.exec(select(InformationRequest).order_by(col(InformationRequest.id))))


def test_rapportage_requested_and_answered_from_the_case_page(
    engine: Engine,
    browsers: Browsers,
    users: dict[str, str],
    case_ref: str,
    cached_pdf_rendering: None,
) -> None:
    oov = browsers["oov"]
    before = last_audit_id(engine)
    response = oov.post_form(
        f"/zaken/{case_ref}/informatie", {"soort": "bestuurlijke-rapportage", "termijn": "2"}
    )
    assert response.status_code == 303, text(response.text)[-800:]
    [row] = requests(engine)
    assert (row.kind, row.round, row.requested_by) == ("bestuurlijke-rapportage", 1, users["oov"])
    with Session(engine) as s:  # the request letter was made with it, as by the CLI
        assert s.exec(
            select(Document).where(Document.kind == "verzoek-bestuurlijke-rapportage")
        ).one()
    assert {e.actor for e in audit_since(engine, before)} == {users["oov"]}
    page = text(oov.get(f"/zaken/{case_ref}").text)
    # People by name, never by login: in the request, its letter's line and the audit trail.
    with Session(engine) as s:
        name = s.exec(select(User.full_name).where(User.username == users["oov"])).one()
    assert f"Bestuurlijke rapportage (politie), ronde 1: gevraagd {date_nl(today_nl())} door {name}," in page
    history = page.split("Auditspoor")[-1]
    assert f", {name}: document gemaakt" in history and f", {name}: informatie gevraagd" in history
    assert users["oov"] not in page, "de inlognaam staat op de zaakpagina"

    # Too short facts and no date: refused field by field, and everything typed is still there.
    typed = "Kort."
    risk = "De politie schat de kans op herhaling hoog in."
    refused = oov.post_form(
        f"/zaken/{case_ref}/informatie/{row.id}/antwoord",
        {"datum": "", "feiten": typed, "herhaling": risk},
    )
    assert refused.status_code == 422
    body = html.unescape(refused.text)
    assert re.search(r'utrecht-form-field-error-message" id="antwoord-\d+-datum-fout">', body)
    # at the field what is wrong (its label names it); in the summary the field in words
    assert re.search(r'id="antwoord-\d+-feiten-fout">\s*<p>(?!feiten:)\S', body)
    assert re.search(r'role="alert">.*<li>Feiten: ', body, re.S)
    assert f">{risk}</textarea>" in body and f">{typed}</textarea>" in body
    assert requests(engine)[0].answered_on is None

    done = oov.post_form(
        f"/zaken/{case_ref}/informatie/{row.id}/antwoord",
        {
            "datum": today_nl().isoformat(),
            "feiten": "Explosief tegen de voordeur om 02:40 uur.",
            "herhaling": risk,
            "deelbaar": "Alleen de feiten.",
        },
    )
    assert done.status_code == 303, text(done.text)[-800:]
    assert requests(engine)[0].answered_on == today_nl()
    assert "Beantwoord op" in text(oov.get(f"/zaken/{case_ref}").text)


def test_person_and_child_added_after_intake(
    engine: Engine, browsers: Browsers, case_ref: str
) -> None:
    oov = browsers["oov"]
    bad = oov.post_form(
        f"/zaken/{case_ref}/personen",
        {
            "naam": "Kind Jansen",
            "rol": "bewoner",
            "geboortedatum": "2090-01-01",
            "zelfredzaam": "ja",
        },
    )
    assert bad.status_code == 422
    assert 'value="Kind Jansen"' in bad.text and "geboortedatum" in html.unescape(bad.text)
    born = today_nl() - timedelta(days=365 * 6)
    ok = oov.post_form(
        f"/zaken/{case_ref}/personen",
        {
            "naam": "Kind Jansen",
            "rol": "bewoner",
            "relatie": "bewoner",
            "geboortedatum": born.isoformat(),
            "zelfredzaam": "ja",
            "taal": "ar",
        },
    )
    assert ok.status_code == 303, text(ok.text)[-800:]
    with Session(engine) as s:
        child = s.exec(select(Person).where(Person.name == "Kind Jansen")).one()
    assert child.birth_date == born and child.relation == "bewoner" and child.language == "ar"
    # completing a person's facts later: an age instead of a birth date
    with Session(engine) as s:
        neighbour = s.exec(select(Person).where(Person.name == "Buurman J. Smit")).one()
    update = oov.post_form(f"/zaken/{case_ref}/personen/{neighbour.id}", {"leeftijd": "67"})
    assert update.status_code == 303
    with Session(engine) as s:
        assert s.get(Person, neighbour.id).age == 67  # type: ignore[union-attr]
    page = oov.get(f"/zaken/{case_ref}").text
    assert "Kind Jansen, bewoner, geboren" in text(page) and "spreekt Arabisch" in text(page)
    # The form offers languages by name (a code means nothing to the officer), Dutch first.
    form = re.search(r'<select[^>]*id="p-taal".*?</select>', page, re.DOTALL)[0]  # type: ignore[index]
    options = re.findall(r'<option value="([a-z]+)"[^>]*>([^<]+)</option>', form)
    assert options[0] == ("nl", "Nederlands") and ("en", "Engels") in options
    assert all(name[0].isupper() and name != code for code, name in options)
    assert "[" not in re.search(r'id="personen">.*?</ul>', page, re.DOTALL)[0]  # type: ignore[index]


def test_repeat_attack_from_the_page_starts_a_new_round(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    case_ref: str,
) -> None:
    oov = browsers["oov"]
    future = (utcnow() + timedelta(hours=2)).astimezone(USER_TZ).strftime("%Y-%m-%dT%H:%M")
    refused = oov.post_form(
        f"/zaken/{case_ref}/aanslag",
        {"tijdstip": future, "soort": "aanslag", "schade": "ramen kapot"},
    )
    assert refused.status_code == 422 and "toekomst" in html.unescape(refused.text)
    assert 'value="ramen kapot"' in refused.text
    when = (utcnow() - timedelta(minutes=20)).astimezone(USER_TZ).strftime("%Y-%m-%dT%H:%M")
    done = oov.post_form(
        f"/zaken/{case_ref}/aanslag",
        {"tijdstip": when, "soort": "aanslag", "schade": "ramen kapot", "gewonden": "0"},
    )
    assert done.status_code == 303, text(done.text)[-800:]
    with Session(engine) as s:
        case = get_case(s, case_ref)
        assert (case.round, case.attacks, case.phase) == (2, 2, "incident")
    assert "herhaalde aanslag (ronde 2)" in text(oov.get(f"/zaken/{case_ref}").text)


def test_only_officers_of_the_municipality_may_use_the_case_forms(
    engine: Engine, browsers: Browsers, case_ref: str
) -> None:
    for who in ("juridisch", "politie", "oov-elders", "oov"):
        browsers[who].get("/")  # signed in first: signing in is audited, a refusal is not
    before = (last_audit_id(engine), case_version(engine, case_ref), count_rows(engine, Person))
    form = {"naam": "Iemand", "rol": "bewoner"}
    assert browsers["juridisch"].post_form(f"/zaken/{case_ref}/personen", form).status_code == 403
    assert browsers["politie"].post_form(f"/zaken/{case_ref}/personen", form).status_code == 403
    assert browsers["oov-elders"].post_form(f"/zaken/{case_ref}/personen", form).status_code == 404
    no_token = browsers["oov"].post_form(f"/zaken/{case_ref}/personen", form, csrf=False)
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    assert (
        last_audit_id(engine),
        case_version(engine, case_ref),
        count_rows(engine, Person),
    ) == before


def test_case_page_hides_counters_and_ids_and_folds_reasons(
    uow, browsers: Browsers, case_ref: str
) -> None:  # type: ignore[no-untyped-def]
    oov = browsers["oov"]
    skipped = oov.post_form(
        f"/zaken/{case_ref}/stappen/noodbevel-overwegen",
        {
            "status": "overgeslagen",
            "reden": "Geen acute dreiging meer.",
            "versie": re.search(r'name="versie" value="(\d+)"', oov.get(f"/zaken/{case_ref}").text)[
                1
            ],
        },
    )  # type: ignore[index]
    assert skipped.status_code == 303
    page = oov.get(f"/zaken/{case_ref}").text
    visible = text(page)
    assert not re.search(r"\bversie \d+\b", visible)
    assert "Reden: Geen acute dreiging meer." not in visible
    row = step_row(page, "noodbevel-overwegen")
    assert re.search(
        r"<details[^>]*><summary>Reden</summary>.*Geen acute dreiging meer", row, re.DOTALL
    )


def test_decision_ticks_its_step_but_only_the_sealer_ticks_sealing(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    users: dict[str, str],
    nazorg_case: str,
    cached_pdf_rendering: None,
) -> None:
    ref, oov = nazorg_case, browsers["oov"]
    early = oov.post_form(f"/zaken/{ref}/verzegeld", {})
    assert early.status_code == 409 and "nog geen genomen sluitingsbesluit" in html.unescape(
        early.text
    )
    take_closure(uow, ref)
    assert step_status(engine, ref, CLOSURE_CONSIDERED) == "afgerond"
    assert step_status(engine, ref, SEALING) == "open"  # the decision does not seal the door
    page = oov.get(f"/zaken/{ref}").text
    assert "Ik heb verzegeld" in step_row(page, SEALING)
    assert "badge-late" not in step_row(page, CLOSURE_CONSIDERED)
    sealed = oov.post_form(f"/zaken/{ref}/verzegeld", {})
    assert sealed.status_code == 303, text(sealed.text)[-800:]
    assert step_status(engine, ref, SEALING) == "afgerond"
    row = step_row(oov.get(f"/zaken/{ref}").text, SEALING)
    assert full_name(engine, users["oov"]) in row and "badge-done" in row
