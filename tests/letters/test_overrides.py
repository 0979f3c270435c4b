"""Municipal letters (issue 10): a municipality rewords a letter or its labels from its own
folder next to the municipality file; the typed context stays the same, and a wrong override
stops the start with a Dutch error naming the file."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from playbook.config import Settings, get_settings
from playbook.errors import DefinitionError
from playbook.information import service as information
from playbook.letters import service as letters
from playbook.resources import data_dir
from playbook.web.app import create_app
from tests.conftest import local
from tests.integration.helpers import create
from tests.integration.pdf import pdf_text
from tests.letters.test_registry import (  # noqa: F401 - the fixture
    municipality_with_letters,
    own_municipality,
)

REQUEST = """{% extends "letters/base.html.j2" %}
{% block addressee %}<p>{{ addressee }}</p>{% endblock %}
{% block body %}<h1>{{ title }}</h1>
<p>Rivierstad vraagt u dringend om de rapportage over {{ address }}
voor {{ answer_due | date_nl }}.</p>
{% endblock %}
"""


def english_labels(**changes: str) -> str:
    path = data_dir("templates") / "letters" / "lang" / "brief.en.yaml"
    return yaml.safe_dump({**yaml.safe_load(path.read_text(encoding="utf-8")), **changes})


def use(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("PLAYBOOK_MUNICIPALITY_FILE", str(path))
    get_settings.cache_clear()


def test_own_template_and_labels_change_the_letter_not_its_context(  # type: ignore[no-untyped-def]
        uow, playbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        own_municipality: None) -> None:  # noqa: F811
    use(monkeypatch, municipality_with_letters(tmp_path, {
        "verzoek.html.j2": REQUEST,
        "lang/brief.en.yaml": english_labels(our_reference="Our ref.",
                                             regards="Yours sincerely,")}))
    with uow() as s:
        case = create(s, playbook, local("2025-03-07 03:00"))
        _, english_letter = letters.generate(session=s, reference=case.reference,
                                             kind="bewonersbrief", actor="oov",
                                             now=local("2025-03-07 12:00"))
        information.request(session=s, reference=case.reference, kind="bestuurlijke-rapportage",
                            actor="oov", now=local("2025-03-07 12:00"))
        [asked] = letters.generate(session=s, reference=case.reference,
                                   kind="verzoek-bestuurlijke-rapportage", actor="oov",
                                   now=local("2025-03-07 12:00"))
    asked_text, english = pdf_text(asked.content), pdf_text(english_letter.content)
    assert "Rivierstad vraagt u dringend om de rapportage over Havenstraat 14-2" in asked_text
    assert "Ons kenmerk:" in asked_text  # the shipped base around the municipality's body
    assert "Our ref.: GM9999-2025-0001" in english and "Yours sincerely," in english


BASE = "{% extends 'letters/base.html.j2' %}"


@pytest.mark.parametrize(("files", "expected"), [
    ({"verzoek.html.j2": BASE + "{% block body %}{{ bsn }}{% endblock %}"},
     "verzoek.html.j2: gebruikt 'bsn', maar de brief kent dat veld niet"),
    ({"besluit.html.j2": BASE + "{% block body %}{{ title }{% endblock %}"},
     "besluit.html.j2, regel 1: het sjabloon is ongeldig"),
    ({"verzoek.html.j2": BASE + "{% block body %}{{ contact.fax }}{% endblock %}"},
     "verzoek.html.j2: de brief 'Verzoek om een bestuurlijke rapportage' (nl) is niet te vullen: "
     "het veld 'fax' bestaat niet"),
    ({"kerstkaart.html.j2": "<p>Hallo</p>"}, "kerstkaart.html.j2: geen brief in het register"),
    ({"lang/brief.en.yaml": english_labels() + "extra: 1\n"}, "brief.en.yaml: extra:"),
    ({"lang/bewonersbrief.nl.yaml": "title: Hallo\n"}, "bewonersbrief.nl.yaml: objects:"),
])
def test_a_wrong_override_stops_the_start_naming_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_municipality: None,  # noqa: F811
        files: dict[str, str], expected: str) -> None:
    from playbook.cli.main import app as cli

    path = municipality_with_letters(tmp_path, files)
    use(monkeypatch, path)
    with pytest.raises(DefinitionError, match="eigen brieven van de gemeente zijn ongeldig") as exc:
        create_app(settings=Settings(development=True))
    assert expected in exc.value.message, exc.value.message
    checked = CliRunner().invoke(cli, ["draaiboek", "valideer", "--gemeente", str(path)])
    assert checked.exit_code != 0 and expected in str(checked.exception) + checked.output
