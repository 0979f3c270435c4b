"""The decision workspace: typed input survives a refusal, native date and time inputs, the
missing parts link to their field, a preview before "nemen" that stores nothing, a
confirmation, links to every PDF version, bekendmaking and bezwaar with addressees from a list."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.config import USER_TZ
from playbook.storage.tables import AuditEvent, Decision, Document, Objection, User
from tests.integration.pdf import pdf_text
from tests.web.conftest import Browsers, case_version, count_rows, last_audit_id, today_nl
from tests.web_actions.helpers import complete_draft, decision_row, text

MOTIVATION = (
    "Camera's en extra surveillance zijn al drie weken ingezet en hebben deze tweede "
    "aanslag niet voorkomen; lichtere middelen volstaan daarom niet."
)


def ids_on(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_a_refused_draft_keeps_everything_typed_with_the_problem_at_its_field(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert 'type="date"' in page and 'type="time"' in page  # native pickers, no JJJJ-MM-DD typing
    response = juridisch.post_form(
        f"/zaken/{ref}/besluiten/nieuw",
        {
            "versie": case_version(engine, ref),
            "necessity": MOTIVATION,
            "duration_days": "lang",
            "start_time": "12:00",
        },
    )
    assert response.status_code == 422
    body = html.unescape(response.text)
    assert f">{MOTIVATION}</textarea>" in body  # nothing the lawyer typed is lost
    assert 'value="lang"' in body and 'value="12:00"' in body
    assert re.search(r'id="nieuw-duration_days-fout">\s*<p>Moet een geheel getal zijn', body)
    assert count_rows(engine, Decision) == 0


def test_missing_parts_link_to_the_field_that_needs_them(
    engine: Engine, browsers: Browsers, nazorg_case: str
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    made = juridisch.post_form(
        f"/zaken/{ref}/besluiten/nieuw", {"versie": case_version(engine, ref)}
    )
    assert made.status_code == 303
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    missing = re.search(r"dit ontbreekt:</p>(.*?)</ul>", page, re.DOTALL)[1]  # type: ignore[index]
    links = re.findall(r'<a class="utrecht-link" href="([^"]+)">([^<]+)</a>', missing)
    by_text = {html.unescape(t): href for href, t in links}
    necessity = next(h for t, h in by_text.items() if t.startswith("noodzaak"))
    assert necessity.startswith("#") and necessity[1:] in ids_on(page)
    assert next(h for t, h in by_text.items() if t.startswith("ingang")).endswith("-start_date")
    assert (
        next(h for t, h in by_text.items() if "bestuurlijke rapportage" in t)
        == f"/zaken/{ref}#informatie"
    )
    assert "informatie" in ids_on(juridisch.get(f"/zaken/{ref}").text)


def test_preview_stores_nothing_and_taking_needs_a_confirmation(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    nazorg_case: str,
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    decision_id = complete_draft(uow, ref)
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    assert f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld" in page
    assert "wordt genomen op naam van de burgemeester" in text(page)
    before = (last_audit_id(engine), count_rows(engine, Document), case_version(engine, ref))
    preview = juridisch.get(f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld")
    assert preview.status_code == 200 and preview.headers["content-type"] == "application/pdf"
    assert "Besluit tot sluiting" in pdf_text(preview.content)
    assert (
        last_audit_id(engine),
        count_rows(engine, Document),
        case_version(engine, ref),
    ) == before
    assert decision_row(engine, decision_id).status == "concept"
    assert browsers["oov"].get(f"/zaken/{ref}/besluiten/{decision_id}/voorbeeld").status_code == 403

    unconfirmed = juridisch.post_form(f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id})
    assert unconfirmed.status_code == 422 and "bevestigd" in html.unescape(unconfirmed.text)
    assert decision_row(engine, decision_id).status == "concept"
    taken = juridisch.post_form(
        f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id, "bevestigd": "ja"}
    )
    assert taken.status_code == 303
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    with Session(engine) as s:
        letter = s.exec(select(Document).where(Document.kind == "sluitingsbesluit")).one()
    assert f'href="/zaken/{ref}/documenten/{letter.id}">Sluitingsbesluit, versie 1</a>' in page
    with Session(engine) as s:  # who made it, by name (the login is no name)
        maker = s.exec(select(User).where(User.username == letter.actor)).one()
    assert f"Sluitingsbesluit, versie 1 ({letter.created_at.astimezone(USER_TZ):%d-%m-%Y %H:%M}, " \
        f"{maker.full_name})" in text(page)


def test_bekendmaking_and_bezwaar_choose_the_addressee_from_a_list(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    nazorg_case: str,
) -> None:
    ref, juridisch = nazorg_case, browsers["juridisch"]
    decision_id = complete_draft(uow, ref)
    assert (
        juridisch.post_form(
            f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id, "bevestigd": "ja"}
        ).status_code
        == 303
    )
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    select_html = re.search(
        rf'<select[^>]*id="bm-{decision_id}-geadresseerde".*?</select>', page, re.DOTALL
    )[0]  # type: ignore[index]
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select_html))
    assert "Dhr. K. (bewoner)" in options.values()  # by name, never a number to type
    made_known = juridisch.post_form(
        f"/zaken/{ref}/besluiten/bekendmaking",
        {
            "besluit": decision_id,
            "datum": today_nl().isoformat(),
            "tijd": "09:00",
            "wijze": "uitreiking",
        },
    )
    assert made_known.status_code == 303, text(made_known.text)[-800:]
    assert decision_row(engine, decision_id).status == "bekendgemaakt"

    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    select_html = re.search(
        rf'<select[^>]*id="bz-{decision_id}-geadresseerde".*?</select>', page, re.DOTALL
    )[0]  # type: ignore[index]
    addressee = next(
        v
        for v, t in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select_html)
        if t.startswith("Dhr. K.")
    )
    refused = juridisch.post_form(
        f"/zaken/{ref}/bezwaren",
        {
            "besluit": decision_id,
            "indiener": "Mr. P. Advocaat",
            "ontvangen": "",
            "geadresseerde": addressee,
        },
    )
    assert refused.status_code == 422 and 'value="Mr. P. Advocaat"' in refused.text
    registered = juridisch.post_form(
        f"/zaken/{ref}/bezwaren",
        {
            "besluit": decision_id,
            "indiener": "Mr. P. Advocaat namens Dhr. K.",
            "ontvangen": today_nl().isoformat(),
            "geadresseerde": addressee,
            "commissie": "nee",
        },
    )
    assert registered.status_code == 303, text(registered.text)[-800:]
    with Session(engine) as s:
        objection = s.exec(select(Objection)).one()
        assert objection.addressee_id == int(addressee) and objection.timely
        assert (
            s.exec(
                select(AuditEvent)
                .where(AuditEvent.action == "bezwaar-ontvangen")
                .order_by(col(AuditEvent.id).desc())
            )
            .first()
            .actor
            == "jur.bram"
        )  # type: ignore[union-attr]
    assert "Bezwaar van Mr. P. Advocaat namens Dhr. K.: tijdig" in text(
        juridisch.get(f"/zaken/{ref}/besluiten").text
    )
    assert (
        browsers["oov"].post_form(f"/zaken/{ref}/bezwaren", {"besluit": decision_id}).status_code
        == 403
    )


def test_after_midnight_the_forms_offer_the_dutch_date_not_utc_s(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    nazorg_case: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 00:30 in the Netherlands it is still the day before in UTC: the date a lawyer is
    offered for the bekendmaking is the Dutch one (else it lies before the decision)."""
    from playbook.web import decision_workspace

    ref, juridisch = nazorg_case, browsers["juridisch"]
    decision_id = complete_draft(uow, ref)
    juridisch.post_form(f"/zaken/{ref}/besluiten/neem", {"besluit": decision_id, "bevestigd": "ja"})
    local_now = datetime.now(USER_TZ)
    night = local_now.replace(hour=0, minute=30, second=0, microsecond=0)
    if night > local_now:
        night -= timedelta(days=1)
    moment = night.astimezone(UTC)
    assert moment.date() != night.date()  # the case under test: two different calendar days
    monkeypatch.setattr(decision_workspace, "now", lambda: moment)
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    field = re.search(rf'<input[^>]*id="bm-{decision_id}-datum"[^>]*>', page)
    assert field and f'value="{night.date().isoformat()}"' in field[0], field


def test_the_zienswijze_form_asks_who_was_heard_and_taking_waits_for_everyone(
    engine: Engine,
    uow,
    browsers: Browsers,  # type: ignore[no-untyped-def]
    nazorg_case: str,
) -> None:
    """Each belanghebbende ticked as heard is stored and audited by person; while the term
    runs and the landlord is not ticked, the page names who is still to be heard, and it asks
    for no confirmation of a preview that cannot exist yet."""
    from playbook.decisions import service as decisions
    from tests.web.test_pages import REASONING
    from tests.web_actions.helpers import RAPPORTAGE, record_rapportage

    ref, juridisch = nazorg_case, browsers["juridisch"]
    record_rapportage(uow, ref)
    now = datetime.now(UTC)
    with uow() as s:
        fields = decisions.parse_draft({
            **REASONING, "facts": RAPPORTAGE, "recurrence": "Hoog, conflict in het milieu.",
            "duration_days": "30", "ground": "174a-1-b",
            "start_date": (today_nl() + timedelta(days=10)).isoformat(), "start_time": "12:00"})
        decision_id = decisions.draft(session=s, reference=ref, fields=fields, actor="jur.bram",
                                      now=now).id
        decisions.send_intent(session=s, reference=ref, decision_id=decision_id,  # type: ignore[arg-type]
                              hearing_days=7, sent_on=today_nl(), sent_how="uitreiking",
                              actor="jur.bram", now=now)
    page = juridisch.get(f"/zaken/{ref}/besluiten").text
    boxes = dict(re.findall(r'name="gehoord-(\d+)" value="ja"[^>]*>\s*<label[^>]*>([^<]+)</label>',
                            page))
    assert sorted(html.unescape(v) for v in boxes.values()) == [
        "Dhr. K. (bewoner)", "Mevrouw A. de Boer (bewoner)",
        "Woonstichting Rivierstad (woningcorporatie, verhuurder)"]  # no children, no codes
    residents = [i for i, label in boxes.items() if "Woonstichting" not in label]
    recorded = juridisch.post_form(f"/zaken/{ref}/besluiten/zienswijze", {
        "besluit": decision_id, "uitkomst": "De bewoners vragen om een kortere sluiting.",
        "gegeven": "ja", **{f"gehoord-{i}": "ja" for i in residents}})
    assert recorded.status_code == 303
    assert decision_row(engine, decision_id).hearing_heard == sorted(int(i) for i in residents)
    with Session(engine) as s:
        heard_rows = s.exec(select(AuditEvent).where(AuditEvent.action == "zienswijze-gehoord")
                            ).all()
    assert sorted(str(r.person_id) for r in heard_rows) == sorted(residents)
    page = text(juridisch.get(f"/zaken/{ref}/besluiten").text)
    assert "Nog niet gehoord: Woonstichting Rivierstad (art. 4:8 Awb)" in page
    assert "Ik heb het voorbeeld gezien" not in page and "Eerst compleet maken" in page
    refused = juridisch.post_form(f"/zaken/{ref}/besluiten/neem",
                                  {"besluit": decision_id, "bevestigd": "ja"})
    assert refused.status_code == 422 and decision_row(engine, decision_id).status == "voornemen"
