"""One letter registry (issue 9): a letter kind added with a template, a typed context and one
registry entry shows up in the CLI, the case page's letter menu and the partner permissions,
with nothing else changed. The template lives in the municipality's own letter folder."""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from playbook.cases.repository import pinned_playbook
from playbook.config import get_settings
from playbook.letters import registry, service
from playbook.letters.contexts import LetterBase
from playbook.letters.overrides import checked_folder
from playbook.resources import data_dir
from playbook.storage.tables import Case, Document
from tests.integration.pdf import pdf_text

TEMPLATE = """{% extends "letters/base.html.j2" %}
{% block addressee %}<p>{{ labels.to_residents }} de {{ street }}</p>{% endblock %}
{% block body %}<h1>{{ title }}</h1>
<p>Fijne feestdagen aan iedereen in de {{ street }}.</p>{% endblock %}
{% block closing %}<div class="closing"><p>{{ labels.regards }}</p>
<p class="signatory">{{ municipality.mayor }}</p></div>{% endblock %}
"""


class Kerstgroet(LetterBase):
    street: str


def make_kerstgroet(session: Session, case: Case,
                    request: registry.LetterRequest) -> list[Document]:
    context = Kerstgroet(**service.base_fields(case, pinned_playbook(session, case),
                                               "Kerstgroet aan de straat", request.now),
                         street=case.street)
    return [service.save(session, case, "kerstgroet", context, request.actor, request.now)]


def municipality_with_letters(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the example municipality with its own letter folder."""
    folder = tmp_path / "municipalities"
    (folder / "rivierstad" / "letters" / "lang").mkdir(parents=True)
    (tmp_path / "regions").symlink_to(data_dir("municipalities").parent / "regions")
    path = folder / "rivierstad.yaml"
    shutil.copy(data_dir("municipalities") / "voorbeeld.yaml", path)
    for name, text in files.items():
        (folder / "rivierstad" / "letters" / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def own_municipality(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The settings (and the letter-folder check) read afresh for this test and after it."""
    get_settings.cache_clear()
    checked_folder.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()
    checked_folder.cache_clear()


@pytest.fixture
def kerstgroet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               own_municipality: None) -> registry.LetterKind:
    path = municipality_with_letters(tmp_path, {"kerstgroet.html.j2": TEMPLATE})
    monkeypatch.setenv("PLAYBOOK_MUNICIPALITY_FILE", str(path))
    entry = registry.LetterKind("kerstgroet", "Kerstgroet aan de straat", "kerstgroet.html.j2",
                                Kerstgroet, readers=frozenset({"politie"}), make=make_kerstgroet,
                                short="Kerstgroet")
    monkeypatch.setitem(registry.KINDS, entry.kind, entry)
    return entry


def test_a_registered_letter_is_in_the_menu_made_and_read_by_its_partner_only(  # type: ignore[no-untyped-def]
        kerstgroet: registry.LetterKind, browsers, case_ref: str) -> None:
    page = browsers["oov"].get(f"/zaken/{case_ref}")
    assert '<option value="kerstgroet">Kerstgroet aan de straat</option>' in page.text
    made = browsers["oov"].post_form(f"/zaken/{case_ref}/brieven", {"soort": "kerstgroet"})
    assert made.status_code == 303, made.text[:500]
    # The case's documents list it by its short name, the partner's inbox by its title.
    case_page = browsers["oov"].get(f"/zaken/{case_ref}").text
    assert re.search(rf'href="/zaken/{case_ref}/documenten/\d+">Kerstgroet</a>', case_page)

    inbox = browsers["politie"].get("/inbox").text
    link = re.search(rf'href="(/inbox/{case_ref}/(\d+))"[^>]*>\s*Kerstgroet aan de straat\s*<',
                     inbox)
    assert link, inbox[:2000]
    pdf = browsers["politie"].get(link[1])
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Fijne feestdagen aan iedereen in de Havenstraat." in text and "Ons kenmerk:" in text
    assert "kerstgroet" not in browsers["woningcorporatie"].get("/inbox").text.lower()
    assert browsers["woningcorporatie"].get(link[1]).status_code == 404


def test_a_letter_needing_another_permission_is_not_offered_nor_accepted(  # type: ignore[no-untyped-def]
        kerstgroet: registry.LetterKind, monkeypatch: pytest.MonkeyPatch, browsers,
        case_ref: str) -> None:
    from dataclasses import replace

    stricter = replace(kerstgroet, permission="decision:write")
    monkeypatch.setitem(registry.KINDS, "kerstgroet", stricter)
    assert 'value="kerstgroet"' not in browsers["oov"].get(f"/zaken/{case_ref}").text
    refused = browsers["oov"].post_form(f"/zaken/{case_ref}/brieven", {"soort": "kerstgroet"})
    assert refused.status_code == 403
    assert 'value="kerstgroet"' in browsers["juridisch"].get(f"/zaken/{case_ref}").text


def test_the_cli_lists_and_makes_a_registered_letter(kerstgroet: registry.LetterKind,
                                                     engine: Engine, case_ref: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    from playbook.cli.main import app as cli

    monkeypatch.setenv("PLAYBOOK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    runner = CliRunner()
    shown = runner.invoke(cli, ["brief", "--help"], terminal_width=200)
    assert "kerstgroet: Kerstgroet" in shown.output, shown.output
    made = runner.invoke(cli, ["brief", case_ref, "kerstgroet", "--uitvoer", str(tmp_path / "uit"),
                               "--gebruiker", "oov.anna"])
    assert made.exit_code == 0, (made.output, made.exception)
    [written] = (tmp_path / "uit").glob("*-kerstgroet-v1.pdf")
    assert "Fijne feestdagen" in pdf_text(written.read_bytes())
    unknown = runner.invoke(cli, ["brief", case_ref, "paasgroet"])
    assert unknown.exit_code != 0
    assert "kerstgroet" in str(unknown.exception) + unknown.output
