"""The joint resident letter: the same typed context in every language, words from files."""

import shutil
from pathlib import Path

import pytest
import yaml

from playbook.cases import street
from playbook.cases.repository import get_case
from playbook.documents.render import environment, html_to_pdf
from playbook.errors import InvalidInput
from playbook.letters import service as letters
from playbook.letters import texts
from playbook.resources import data_dir
from tests.conftest import local
from tests.integration.pdf import pdf_facts, pdf_text

NOW = local("2025-03-07 19:00")
DUTCH_LABELS = (
    "Zaaknummer",
    "Pagina",
    "Telefoon",
    "Datum",
    "Beste bewoner",
    "Met vriendelijke groet",
    "Bewonersbijeenkomst",
    "Burgemeester",
    "Woningcorporatie",
    "Heeft u",
    "Schade",
    "Vragen",
    "maart",
    "donderdag",
    " uur ",
    "Wat doen we",
    "Bel de politie",
    "Openbare Orde",  # the municipality's team, by the English name its file gives
)
APPEAL = ("0900-8844", "0800-7000", "0900-0101", "www.politie.nl", "www.meldmisdaadanoniem.nl")


def _news(uow, ref: str, **extra) -> None:  # type: ignore[no-untyped-def]
    values = {
        "injured": "geen-gewonden",
        "safety": "veilig",
        "meeting_at": local("2025-03-13 19:30"),
        "meeting_place": "buurthuis De Haven",
        **extra,
    }
    with uow() as s:
        street.record_news(
            session=s, reference=ref, actor="oov", now=local("2025-03-07 12:00"), **values
        )


def _letters(uow, ref: str, **extra):  # type: ignore[no-untyped-def]
    with uow() as s:
        return letters.generate(
            session=s, reference=ref, kind="bewonersbrief", actor="oov", now=NOW, **extra
        )


def test_english_letter_is_entirely_english(uow, case_ref) -> None:
    _news(uow, case_ref)
    nl, en = _letters(uow, case_ref)
    english, dutch = pdf_text(en.content), pdf_text(nl.content)
    found = [label for label in DUTCH_LABELS if label in english]
    assert found == [], f"Nederlandse woorden in de Engelse brief: {found}"
    assert (
        "Page 1 of" in english and "Our reference" in english and "Thursday 13 March 2025" in english
    )
    assert (
        "Pagina 1 van" in dutch
        and "donderdag 13 maart 2025 om 19:30 uur in buurthuis De Haven" in dutch
    )
    assert (pdf_facts(nl.content)["lang"], pdf_facts(en.content)["lang"]) == ("nl", "en")


def test_the_letter_states_results_not_only_that_checks_were_done(uow, case_ref) -> None:
    _news(uow, case_ref, injured="geen-gewonden", safety="onbewoonbaar")
    nl, en = _letters(uow, case_ref)
    dutch, english = pdf_text(nl.content), pdf_text(en.content)
    assert "Er zijn geen gewonden gevallen." in dutch and "Nobody was injured." in english
    assert "niet bewoonbaar" in dutch and "cannot be lived in" in english
    for text in (dutch, english):
        assert "dashcam" in text


def test_police_appeal_numbers_appear_unbroken_in_every_language(uow, case_ref) -> None:
    for doc in _letters(uow, case_ref):
        text = pdf_text(doc.content)
        for number in APPEAL:
            assert number in text, (doc.scope, number)


def test_signatories_come_from_the_municipality_file(uow, case_ref, playbook) -> None:
    nl, en = _letters(uow, case_ref)
    for name in playbook.municipality.letter_signatories.values():
        assert name in pdf_text(nl.content) and name in pdf_text(en.content)
    assert "Victim Support Netherlands" in pdf_text(en.content)


def test_follow_up_letters_are_letters_of_their_own(uow, case_ref) -> None:
    first = _letters(uow, case_ref)
    reopened = _letters(uow, case_ref, occasion="heropening")
    extended = _letters(uow, case_ref, occasion="verlenging")
    names = [d.filename for d in (*first, *reopened, *extended)]
    assert len(set(names)) == 6 and all(d.version == 1 for d in (*first, *reopened, *extended))
    assert "De gesloten woning is weer open" in pdf_text(reopened[0].content)
    assert "The home stays closed for longer" in pdf_text(extended[1].content)
    with pytest.raises(InvalidInput, match="soort bewonersbrief"):
        _letters(uow, case_ref, occasion="kerstgroet")


def test_a_new_attack_gets_its_own_wording(uow, case_ref) -> None:
    from playbook.cases import service as cases
    from playbook.definition.enums import IncidentKind

    with uow() as s:
        cases.report_attack(
            session=s,
            case=get_case(s, case_ref),
            occurred_at=local("2025-03-07 18:00"),
            kind=IncidentKind.aanslag,
            actor="politie",
            now=local("2025-03-07 18:30"),
        )
    nl, en = _letters(uow, case_ref)
    assert "nieuwe-aanslag" in nl.filename
    assert "Opnieuw een explosie" in pdf_text(nl.content) and "Another explosion" in pdf_text(
        en.content
    )


def test_a_third_language_is_a_file_not_code(uow, case_ref, tmp_path: Path) -> None:
    """Copy the templates, add one language file, render with the same typed context."""
    templates = tmp_path / "templates"
    shutil.copytree(data_dir("templates"), templates)
    words = yaml.safe_load((templates / "letters" / "lang" / "bewonersbrief.en.yaml").read_text())
    words["language"] = "Deutsch"
    words["labels"].update(
        reference="Aktenzeichen",
        page="Seite",
        page_of="von",
        date="Datum",
        greeting="Liebe Bewohnerin, lieber Bewohner,",
        phone="Telefon",
    )
    words["months"][2] = "März"
    words["occasions"]["eerste"]["title"] = "Information über die Explosion in Ihrer Straße"
    folder = templates / "letters" / "lang"
    (folder / "bewonersbrief.de.yaml").write_text(yaml.safe_dump(words, allow_unicode=True))
    assert texts.resident_languages(folder) == ["nl", "en", "de"]
    with uow() as s:
        dutch = letters.resident_context(s, get_case(s, case_ref), NOW, "nl")
    german = dutch.model_copy(
        update={
            "lang": "de",
            "title": words["occasions"]["eerste"]["title"],
            "words": texts.resident_words("de", folder),
        }
    )
    assert german.model_dump(exclude={"lang", "title", "words"}) == dutch.model_dump(
        exclude={"lang", "title", "words"}
    )
    html = (
        environment(templates)
        .get_template("letters/bewonersbrief.html.j2")
        .render(**german.model_dump())
    )
    text = pdf_text(html_to_pdf(html))
    for expected in (
        "Information über die Explosion",
        "Aktenzeichen",
        "Seite 1 von",
        "7 März 2025",
        "0900-8844",
    ):
        assert expected in text, expected
    assert pdf_facts(html_to_pdf(html))["lang"] == "de"


def test_a_broken_language_file_is_refused_in_dutch(tmp_path: Path) -> None:
    from playbook.errors import DefinitionError

    (tmp_path / "bewonersbrief.xx.yaml").write_text("language: X\nmonths: [a]\n")
    with pytest.raises(DefinitionError, match=r"bewonersbrief\.xx\.yaml"):
        texts.resident_words("xx", tmp_path)
