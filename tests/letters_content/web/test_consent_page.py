"""The referral page: consent recorded, refused with the reason, letter made; CSRF and rights."""

from datetime import timedelta

from tests.integration.pdf import pdf_text
from tests.web.conftest import Browsers, utcnow, wall_clock


def _person(browsers: Browsers, ref: str, name: str) -> str:
    import re

    page = browsers["oov"].get(f"/zaken/{ref}/verwijzing").text
    found = re.search(rf'<option value="(\d+)"[^>]*>{re.escape(name)} \(', page)
    assert found, page
    return found[1]


def test_consent_then_referral_from_the_page(browsers: Browsers, case_ref: str) -> None:
    oov = browsers["oov"]
    assert "Slachtofferhulp en buurt" in oov.get(f"/zaken/{case_ref}").text
    page = oov.get(f"/zaken/{case_ref}/verwijzing")
    assert page.status_code == 200 and "Toestemming vastleggen" in page.text
    person = _person(browsers, case_ref, "Mevrouw A. de Boer")
    # Consent dated a day before the attack: recorded, but the referral is refused with the reason.
    early = wall_clock(utcnow() - timedelta(days=1)).replace(" ", "T")
    saved = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/toestemming",
        {
            "persoon": person,
            "gegeven_door": "Mevrouw A. de Boer",
            "gegeven_op": early,
            "wijze": "mondeling",
            "doel": "verwijzing-slachtofferhulp",
            "contactgegevens": "ja",
        },
    )
    assert saved.status_code == 303
    refused = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/brief", {"persoon": person, "kanaal": "verwijzerslijn"}
    )
    assert refused.status_code == 409 and "vóór het incident" in refused.text
    oov.post_form(
        f"/zaken/{case_ref}/verwijzing/toestemming",
        {
            "persoon": person,
            "gegeven_door": "Mevrouw A. de Boer",
            "gegeven_op": "",
            "wijze": "schriftelijk",
            "doel": "verwijzing-slachtofferhulp",
            "contactgegevens": "ja",
        },
    )
    made = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/brief", {"persoon": person, "kanaal": "verwijzerslijn"}
    )
    assert made.status_code == 303
    after = oov.get(made.headers["location"]).text
    assert "De verwijzing is gemaakt" in after and "verwijzerslijn voor professionals" in after


def test_bad_input_is_a_dutch_4xx_and_forms_need_csrf_and_rights(
    browsers: Browsers, case_ref: str
) -> None:
    oov = browsers["oov"]
    bad = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/toestemming",
        {"persoon": "abc", "gegeven_door": "", "wijze": "knipoog", "doel": "x"},
    )
    assert bad.status_code == 422 and "kies uit de lijst" in bad.text
    bad_time = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/buurt",
        {
            "gewonden": "geen-gewonden",
            "veiligheid": "veilig",
            "bijeenkomst": "morgen",
            "plaats": "x",
        },
    )
    assert bad_time.status_code == 422 and "geen datum en tijd" in bad_time.text
    assert (
        oov.post_form(
            f"/zaken/{case_ref}/verwijzing/politie", {"kanaal": "aangifte"}, csrf=False
        ).status_code
        == 403
    )
    police = browsers["politie"].post_form(
        f"/zaken/{case_ref}/verwijzing/politie", {"kanaal": "aangifte"}
    )
    assert police.status_code in (403, 404)
    assert oov.post_form(f"/zaken/{case_ref}/verwijzing/onzin", {}).status_code == 404
    ok = oov.post_form(
        f"/zaken/{case_ref}/verwijzing/politie", {"kanaal": "aangifte", "persoon": ""}
    )
    assert ok.status_code == 303


def test_street_news_reaches_the_resident_letter(browsers: Browsers, case_ref: str) -> None:
    oov = browsers["oov"]
    meeting = wall_clock(utcnow() + timedelta(days=3)).replace(" ", "T")
    assert (
        oov.post_form(
            f"/zaken/{case_ref}/verwijzing/buurt",
            {
                "gewonden": "geen-gewonden",
                "veiligheid": "veilig",
                "bijeenkomst": meeting,
                "plaats": "buurthuis De Haven",
            },
        ).status_code
        == 303
    )
    made = browsers["juridisch"].post_form(f"/zaken/{case_ref}/brieven", {"soort": "bewonersbrief"})
    assert made.status_code == 303
    import re

    page = oov.get(f"/zaken/{case_ref}").text
    link = re.search(
        rf'href="(/zaken/{case_ref}/documenten/\d+)">Bewonersbrief, Nederlands</a>', page
    )
    assert link
    text = pdf_text(oov.get(link[1]).content)
    assert "buurthuis De Haven" in text and "Er zijn geen gewonden gevallen." in text
