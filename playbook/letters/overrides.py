"""A municipality's own letter wording and templates, next to its municipality file:
`municipalities/<file stem>/letters/` holds `*.html.j2` and `lang/*.yaml`, looked up before the
shipped `templates/letters/`. The typed contexts do not change, so an override can only
rearrange and reword what the letter already knows; `validate` proves that at start-up."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from playbook.documents import render
from playbook.documents.labels import labels_path, letter_labels
from playbook.errors import DefinitionError
from playbook.letters import texts
from playbook.validation import describe_errors


def letter_folder(municipality_file: Path) -> Path | None:
    """`municipalities/rivierstad.yaml` -> `municipalities/rivierstad/letters/`, if it exists."""
    folder = municipality_file.resolve().parent / municipality_file.stem / "letters"
    return folder if folder.is_dir() else None


def folder_for(cbs_code: str) -> Path | None:
    """The override folder of the case's municipality (one of several per instance, see
    definition/municipalities.py), validated once per process; None when it has none or this
    instance no longer serves that municipality."""
    from playbook.definition.municipalities import file_for

    path = file_for(cbs_code)
    return checked_folder(path) if path is not None and path.is_file() else None


@cache
def checked_folder(municipality_file: Path) -> Path | None:
    """The letter folder, validated the first time this process uses it: no letter is ever
    rendered from an override that did not pass (the web server also checks at start-up)."""
    from playbook.letters.override_check import validate

    validate(municipality_file)
    return letter_folder(municipality_file)


def letter_context(context: dict[str, Any], folder: Path | None) -> dict[str, Any]:
    """The typed context plus the labels of the letter's language (always there: `labels`).
    A resident letter in a language without `brief.<lang>.yaml` takes them from its words file
    (`words`; its template derives them), so a language there is one file."""
    lang = context.get("lang", "nl")
    if "words" in context and not labels_path(lang, folder).is_file():
        return context
    return {**context, "labels": letter_labels(lang, folder).model_dump()}


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a letter with its municipality's overrides; `context` is a LetterBase dump."""
    municipality = context["municipality"]
    code = municipality["cbs_code"] if isinstance(municipality, dict) else municipality.cbs_code
    folder = folder_for(code)
    return render.render_pdf(template, letter_context(context, folder), folder)


def resident_words(lang: str, folder: Path | None) -> texts.ResidentWords:
    """The resident letter's wording: the municipality's language file when it has one."""
    own = folder / "lang" / f"bewonersbrief.{lang}.yaml" if folder is not None else None
    return _own_words(own) if own is not None and own.is_file() else texts.resident_words(lang)


@cache
def _own_words(path: Path) -> texts.ResidentWords:
    try:
        return texts.ResidentWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        detail = ("; ".join(describe_errors(exc)) if isinstance(exc, ValidationError)
                  else "geen geldige YAML")
        raise DefinitionError(f"{path}: {detail}") from None
