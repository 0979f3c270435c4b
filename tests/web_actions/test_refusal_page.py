"""The refusal form on the referral page: CSRF, problems next to their own fields with the
form refilled, the refusal listed in words, and the referral refused in Dutch afterwards."""

import html
import re
from datetime import timedelta

from tests.web.conftest import Browsers, utcnow, wall_clock
from tests.web_actions.helpers import text
from tests.web_actions.test_consent_page_errors import _person


def test_a_refusal_from_the_page_is_listed_and_refuses_the_referral(
        browsers: Browsers, case_ref: str) -> None:
    oov = browsers["oov"]
    url = f"/zaken/{case_ref}/verwijzing"
    person = _person(oov.get(url).text, "Mevrouw A. de Boer")
    form = {"weigering_persoon": person, "geweigerd_op": "", "weigering_wijze": "telefonisch",
            "weigering_doel": "verwijzing-slachtofferhulp",
            "weigering_notitie": "Heeft al hulp via de huisarts"}
    forged = oov.post_form(f"{url}/weigering", form, csrf=False)
    assert forged.status_code == 403 and "Geen weigeringen vastgelegd" in text(oov.get(url).text)

    tomorrow = wall_clock(utcnow() + timedelta(days=1)).replace(" ", "T")
    refused = oov.post_form(f"{url}/weigering", {**form, "geweigerd_op": tomorrow,
                                                 "weigering_wijze": "knipoog"})
    assert refused.status_code == 422
    page = refused.text
    assert re.search(r'id="geweigerd_op-fout"><p>Ligt in de toekomst', page)
    assert re.search(r'id="weigering_wijze-fout"><p>.knipoog. is onbekend', html.unescape(page))
    assert re.search(r'id="geweigerd_op"[^>]*aria-describedby="geweigerd_op-hint geweigerd_op-fout"'
                     r'[^>]*aria-invalid="true"', page)
    # This form is refilled; the consent form next to it is not touched.
    assert f'value="{tomorrow}"' in page and 'value="Heeft al hulp via de huisarts"' in page
    assert re.search(rf'<option value="{person}" selected>Mevrouw A. de Boer \(', page)
    assert 'id="wijze-fout"' not in page and 'id="notitie" name="notitie" type="text" value=""' in page

    saved = oov.post_form(f"{url}/weigering", form)
    assert saved.status_code == 303
    listed = text(oov.get(saved.headers["location"]).text)
    assert "De weigering is vastgelegd." in listed
    assert re.search(r"Mevrouw A\. de Boer: wil niet worden doorverwezen naar Slachtofferhulp "
                     r"Nederland; gezegd op \d+ \w+ \d{4} \d\d:\d\d, telefonisch; ronde 1\. "
                     r"Notitie: Heeft al hulp via de huisarts", listed), listed

    letter = oov.post_form(f"{url}/brief", {"persoon": person, "kanaal": "online-formulier"})
    assert letter.status_code == 409
    assert "Mevrouw A. de Boer heeft op" in text(letter.text)
    assert "gezegd niet te willen worden doorverwezen" in text(letter.text)

    # The case page says it next to the person, until a later consent lifts the refusal.
    def persons_line() -> str:
        case_page = text(oov.get(f"/zaken/{case_ref}").text)
        found = re.search(r"Mevrouw A\. de Boer, bewoner[^.]*?(?:\.|$)(?:[^.]*?alle weigeringen\))?",
                          case_page)
        assert found, case_page
        return found.group()
    assert re.search(r"wil niet worden doorverwezen naar Slachtofferhulp \(gezegd op \d+ \w+ "
                     r"\d{4} \d\d:\d\d; alle weigeringen\)", persons_line()), persons_line()
    consent = oov.post_form(f"{url}/toestemming", {  # given now: after the refusal
        "persoon": person, "gegeven_door": "Mevrouw A. de Boer", "gegeven_op": "",
        "wijze": "schriftelijk", "doel": "verwijzing-slachtofferhulp", "contactgegevens": "ja"})
    assert consent.status_code == 303, text(consent.text)
    line = persons_line()
    assert "toestemming Slachtofferhulp" in line and "wil niet" not in line, line
