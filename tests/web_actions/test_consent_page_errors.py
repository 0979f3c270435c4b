"""The referral page as an officer uses it: a refused consent keeps what was typed and names
the field; the consent list reads in words; a referral links the letter that was sent."""

import re
from datetime import timedelta

from tests.web.conftest import Browsers, utcnow, wall_clock
from tests.web_actions.helpers import text


def _person(page: str, name: str) -> str:
    found = re.search(rf'<option value="(\d+)"[^>]*>{re.escape(name)} \(', page)
    assert found, page
    return found[1]


def test_refused_consent_keeps_input_and_the_referral_links_its_letter(
        browsers: Browsers, case_ref: str) -> None:
    oov = browsers["oov"]
    url = f"/zaken/{case_ref}/verwijzing"
    person = _person(oov.get(url).text, "Mevrouw A. de Boer")
    when = wall_clock(utcnow() - timedelta(minutes=5)).replace(" ", "T")
    refused = oov.post_form(f"{url}/toestemming", {
        "persoon": person, "gegeven_door": "", "gegeven_op": when, "wijze": "schriftelijk",
        "doel": "verwijzing-slachtofferhulp", "contactgegevens": "ja",
        "notitie": "Formulier ondertekend bij de voordeur"})
    assert refused.status_code == 422
    page = refused.text
    # The problem sits next to its field, and nothing typed or chosen is lost.
    assert re.search(r'id="gegeven_door-fout"><p>Vul in wie de toestemming gaf',
                     page)
    assert re.search(r'id="gegeven_door"[^>]*aria-describedby="gegeven_door-fout"'
                     r'[^>]*aria-invalid="true"', page)
    assert f'value="{when}"' in page and 'value="Formulier ondertekend bij de voordeur"' in page
    assert '<option value="schriftelijk" selected>' in page
    assert re.search(rf'<option value="{person}" selected>Mevrouw A. de Boer \(', page)
    assert "Nog geen toestemming vastgelegd" in text(page)

    saved = oov.post_form(f"{url}/toestemming", {
        "persoon": person, "gegeven_door": "Mevrouw A. de Boer", "gegeven_op": when,
        "wijze": "schriftelijk", "doel": "verwijzing-slachtofferhulp", "contactgegevens": "ja"})
    assert saved.status_code == 303
    listed = oov.get(url).text
    assert "Mevrouw A. de Boer: gegeven door Mevrouw A. de Boer op" in text(listed)
    assert "schriftelijk, voor doorverwijzing naar Slachtofferhulp Nederland" in text(listed)
    assert 'aria-label="Toestemming van Mevrouw A. de Boer intrekken"' in listed

    made = oov.post_form(f"{url}/brief", {"persoon": person, "kanaal": "online-formulier"})
    assert made.status_code == 303
    after = oov.get(made.headers["location"]).text
    letter = re.search(rf'<a class="utrecht-link" href="(/zaken/{case_ref}/documenten/\d+)">'
                       r"verwijzingsbrief</a>", after)
    assert letter, text(after)
    pdf = oov.get(letter[1])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "verwijzing-slachtofferhulp" in pdf.headers["content-disposition"]
