"""The case list, search and "Mijn werk" as an officer sees them, on SQLite and PostgreSQL."""

import html
import re
from datetime import timedelta

from sqlalchemy import Engine

from playbook.cases.repository import get_case, touch
from playbook.definition.models import Playbook
from playbook.storage.tables import Addressee, Decision, Objection
from tests.integration.helpers import create
from tests.web.conftest import Browsers, utcnow, wall_clock

CASE_LINK = re.compile(
    r'<td class="utrecht-table__cell" data-label="Zaak"><a class="utrecht-link" '
    r'href="/zaken/([A-Z0-9-]+)">'
)


def listed(page: str) -> list[str]:
    return CASE_LINK.findall(page)


def seed(uow, playbook: Playbook) -> dict[str, str]:  # type: ignore[no-untyped-def]
    now = utcnow()
    with uow() as s:
        late = create(
            s,
            playbook,
            now,
            occurred_at=wall_clock(now - timedelta(hours=5)),
            street="Kerkstraat",
            house_number="7",
            house_suffix=None,
            postcode="9999 AB",
        ).reference
        fresh = create(
            s,
            playbook,
            now,
            occurred_at=wall_clock(now - timedelta(minutes=5)),
            street="Kerkstraat",
            house_number="71",
            house_suffix=None,
            postcode="9999 CD",
            persons=[{"name": "Jan Pietersen", "role": "bewoner"}],
        ).reference
    return {"late": late, "fresh": fresh}


def test_search_on_postcode_address_reference_and_name(
    uow,
    playbook: Playbook,  # type: ignore[no-untyped-def]
    browsers: Browsers,
) -> None:
    refs = seed(uow, playbook)
    oov = browsers["oov"]
    for query, expected in [
        ("9999ab", {"late"}),
        ("9999 ab", {"late"}),
        ("9999AB", {"late"}),
        ("Kerkstraat 7", {"late", "fresh"}),
        ("kerkstraat 71", {"fresh"}),
        ("Kerkstraat", {"late", "fresh"}),
        (refs["fresh"], {"fresh"}),
        ("Pietersen", {"fresh"}),
        ("jan piet", {"fresh"}),
        ("de Boer", {"late"}),
        ("Dorpsweg 1", set()),
    ]:
        page = oov.get("/zaken", params={"zoek": query}).text
        assert set(listed(page)) == {refs[k] for k in expected}, query
        n = len(expected)
        assert f"{n} {'zaak' if n == 1 else 'zaken'} gevonden." in page, query


def test_the_list_names_the_late_steps_and_the_filter_finds_them(
    uow,
    playbook: Playbook,  # type: ignore[no-untyped-def]
    browsers: Browsers,
) -> None:
    refs = seed(uow, playbook)
    oov = browsers["oov"]
    page = html.unescape(oov.get("/zaken?te_laat=true").text)
    assert listed(page) == [refs["late"]]
    assert "1 zaak gevonden." in page
    row = re.search(rf"{refs['late']}</a>.*?</tr>", page, re.DOTALL)[0]  # type: ignore[index]
    assert re.search(r'<span class="badge-late">\d+ te laat</span>', row)
    assert "<li>Burgemeester informeren</li>" in row  # which step, not only how many


def test_every_column_sorts_both_ways(uow, playbook: Playbook, browsers: Browsers) -> None:  # type: ignore[no-untyped-def]
    refs = seed(uow, playbook)
    oov = browsers["oov"]
    assert listed(oov.get("/zaken").text) == [refs["fresh"], refs["late"]]  # newest incident first
    for key in ("zaak", "adres", "object", "fase", "incident", "verplicht", "termijn"):
        up = listed(oov.get(f"/zaken?sorteer={key}&richting=op").text)
        down = listed(oov.get(f"/zaken?sorteer={key}&richting=af").text)
        assert sorted(up) == sorted(down) == sorted(refs.values()), key
    assert listed(oov.get("/zaken?sorteer=adres&richting=op").text) == [refs["late"], refs["fresh"]]
    assert listed(oov.get("/zaken?sorteer=adres&richting=af").text) == [refs["fresh"], refs["late"]]
    page = oov.get("/zaken?sorteer=adres&richting=op").text
    flip = 'href="/zaken?sorteer=adres&amp;richting=af"'
    assert f'aria-sort="ascending"><a class="utrecht-link sort-link" {flip}' in page


def test_my_work_lists_steps_and_legal_terms_with_their_action(
    engine: Engine,
    uow,  # type: ignore[no-untyped-def]
    playbook: Playbook,
    browsers: Browsers,
) -> None:
    refs = seed(uow, playbook)
    today = utcnow().date()
    with uow() as s:
        case = get_case(s, refs["fresh"])
        intent = Decision(
            case_id=case.id,
            kind="sluiting",
            status="voornemen",  # type: ignore[arg-type]
            intent_on=today,
            hearing_days=7,
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        known = Decision(
            case_id=case.id,
            kind="sluiting",
            status="bekendgemaakt",  # type: ignore[arg-type]
            made_known_on=today - timedelta(days=10),
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        s.add_all([intent, known])
        s.flush()
        addressee = Addressee(
            decision_id=known.id,
            name="Jan Pietersen",
            capacity="bewoner",  # type: ignore[arg-type]
            made_known_on=known.made_known_on,
        )
        s.add(addressee)
        s.flush()
        s.add(
            Objection(
                case_id=case.id,
                decision_id=known.id,
                addressee_id=addressee.id,  # type: ignore[arg-type]
                submitted_by="Jan Pietersen",
                received_on=today,
                timely=True,
                actor="jur",
                created_at=utcnow(),
            )
        )
        touch(case, utcnow())
    oov = browsers["oov"]
    page = html.unescape(oov.get("/werk").text)
    assert "Burgemeester informeren" in page and "Kerkstraat 7," in page
    assert "Zienswijzetermijn eindigt" in page
    assert "Bezwaartermijn (bewoner) eindigt" in page
    assert "Beslissen op bezwaar (beslistermijn)" in page
    assert "Jan Pietersen" not in page  # work items carry no names
    assert f'href="/zaken/{refs["late"]}#stap-burgemeester-informeren"' in page
    assert f'href="/zaken/{refs["fresh"]}/besluiten"' in page
    assert re.search(r"\d+ taken gevonden\.", page)
    # Late first (sorted by due time), and the filters narrow down.
    first = re.search(r'data-label="Uiterlijk">[^<]*<span class="badge-late">te laat</span>', page)
    assert first and page.index(first[0]) < page.index("Zienswijzetermijn eindigt")
    late = html.unescape(oov.get("/werk?te_laat=true").text)
    assert "Zienswijzetermijn" not in late and "Burgemeester informeren" in late
    terms = html.unescape(oov.get("/werk?soort=termijn").text)
    assert "Burgemeester informeren" not in terms and "Beslissen op bezwaar" in terms
    police = html.unescape(oov.get("/werk?partner=politie").text)
    assert "Burgemeester informeren" in police and "Evacuatie" not in police
    # Partners by name, in the list and in the filter (its values stay the partner's key).
    names = {p.id: p.name for p in playbook.partners}
    shown = set(re.findall(r'data-label="Partner">([^<]*)<', page))
    assert shown and shown <= set(names.values()) | {"Gemeente (juridische zaken)"}, shown
    assert '<option value="politie" selected>Politie</option>' in police
    by_step = listed_titles(oov.get("/werk?sorteer=stap&richting=op").text)
    assert by_step == sorted(by_step)
    mine = html.unescape(oov.get("/werk?zoek=9999ab").text)
    assert refs["late"] in mine and refs["fresh"] not in mine
    with uow() as s:  # a decision no longer in voornemen leaves the page
        decision = s.get(Decision, intent.id)
        decision.status = "genomen"  # type: ignore[union-attr]
        touch(get_case(s, refs["fresh"]), utcnow())
    assert "Zienswijzetermijn eindigt" not in html.unescape(oov.get("/werk").text)


def listed_titles(page: str) -> list[str]:
    return [
        html.unescape(t).split("<br>")[0]
        for t in re.findall(r'data-label="Stap of termijn">(.*?)(?:<br>|</td>)', page)
    ]


def test_officers_land_on_my_work_after_login(app, users: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import PASSWORD, new_client, scrape_csrf

    client = new_client(app)
    token = scrape_csrf(client.get("/login"))
    response = client.post(
        "/login", data={"gebruikersnaam": users["oov"], "wachtwoord": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    assert client.get(response.headers["location"]).headers["location"] == "/werk"
    assert "Mijn werk" in client.get("/werk").text
