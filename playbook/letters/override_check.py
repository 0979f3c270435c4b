"""Start-up check of a municipality's own letters (`municipalities/<stem>/letters/`): every
template compiles, names only fields of the letter's typed context, and renders with a sample
context under StrictUndefined; every language file validates against its typed model. Errors are
Dutch and name the file, so a wrong override stops the start instead of a letter."""

import re
import types
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from jinja2 import TemplateSyntaxError, UndefinedError, meta
from pydantic import BaseModel, ValidationError

from playbook.definition.models import Municipality
from playbook.documents import render
from playbook.documents.labels import LABELS_FILE, LetterLabels
from playbook.errors import DefinitionError
from playbook.letters import registry
from playbook.letters.contexts import LetterBase
from playbook.letters.overrides import letter_context, letter_folder
from playbook.validation import describe_errors

BASE = "base.html.j2"
SAMPLE_DAY = date(2025, 3, 7)


def validate(municipality_file: Path, municipality: Municipality | None = None) -> None:
    """Raise DefinitionError listing every problem in the municipality's letter folder."""
    folder = letter_folder(municipality_file)
    if folder is None:
        return
    municipality = municipality or _municipality(municipality_file)
    problems = [*_template_problems(folder, municipality), *_language_problems(folder)]
    if problems:
        raise DefinitionError("De eigen brieven van de gemeente zijn ongeldig:\n"
                              + "\n".join(f"- {p}" for p in problems))


def _template_problems(folder: Path, municipality: Municipality) -> list[str]:
    known = registry.templates()
    env = render.environment(None, folder)
    problems = []
    for path in sorted(folder.glob("*.html.j2")):
        context = LetterBase if path.name == BASE else known.get(path.name)
        if context is None:
            problems.append(f"{path}: geen brief in het register gebruikt dit sjabloon; bekend "
                            f"zijn {', '.join(sorted({*known, BASE}))}")
            continue
        try:
            used = meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
        except TemplateSyntaxError as exc:
            problems.append(f"{path}, regel {exc.lineno}: het sjabloon is ongeldig ({exc.message})")
            continue
        allowed = {*context.model_fields, "labels", *env.globals}
        for name in sorted(used - allowed):
            problems.append(f"{path}: gebruikt '{name}', maar de brief kent dat veld niet "
                            f"(beschikbaar: {', '.join(sorted(allowed - set(env.globals)))})")
    if problems:
        return problems
    # Render every letter with a sample: this catches a wrong attribute (StrictUndefined) in an
    # override and an overridden base.html.j2 that a letter cannot fill.
    for entry in registry.KINDS.values():
        for lang in entry.languages:
            template = entry.template_for(lang)
            own = folder / template
            if not own.is_file() and not (folder / BASE).is_file():
                continue
            values = sample(entry.context, municipality, lang=lang, kind=entry.kind)
            try:
                env.get_template(f"{render.LETTERS}/{template}").render(
                    **letter_context(values, folder))
            except DefinitionError as exc:
                problems.append(exc.message)
            except Exception as exc:
                shown = own if own.is_file() else folder / BASE
                problems.append(f"{shown}: de brief '{entry.title}' ({lang}) is niet te vullen: "
                                f"{_dutch(exc)}")
    return problems


def _dutch(exc: Exception) -> str:
    found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
    if isinstance(exc, UndefinedError) and found:
        return f"het veld '{found.group(1) or found.group(2)}' bestaat niet in de context"
    return f"{type(exc).__name__}: {exc}"


def _municipality(municipality_file: Path) -> Municipality:
    """The municipality's details as the loader merges them (region contacts included)."""
    from playbook.config import get_settings
    from playbook.definition.loader import load_playbook

    return load_playbook(get_settings().resolved_phases_dir(), municipality_file).municipality


def _language_problems(folder: Path) -> list[str]:
    # lang/<kind>.<lang>.yaml for letters with typed wording; lang/brief.<lang>.yaml for all.
    models: dict[str, type[BaseModel]] = {
        str(entry.kind): entry.texts for entry in registry.KINDS.values() if entry.texts}
    models[LABELS_FILE.split(".", 1)[0]] = LetterLabels
    problems = []
    for path in sorted((folder / "lang").glob("*.yaml")):
        stem, _, lang = path.name.removesuffix(".yaml").rpartition(".")
        model = models.get(stem)
        if model is None or not lang:
            problems.append(f"{path}: onbekend taalbestand; verwacht <naam>.<taal>.yaml met "
                            f"als naam {' of '.join(sorted(models))}")
            continue
        try:
            model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            problems.append(f"{path}: geen geldige YAML")
        except ValidationError as exc:
            problems += [f"{path}: {p}" for p in describe_errors(exc)]
    return problems


def sample(model: type[BaseModel], municipality: Municipality, **given: Any) -> dict[str, Any]:
    """A filled-in context: every field present (optional ones too, so every branch that
    tests a field has something to show), the municipality's own details."""
    values = {name: given[name] if name in given else _value(info.annotation, name, municipality)
              for name, info in model.model_fields.items()}
    return model.model_validate(values).model_dump()


def _value(annotation: Any, name: str, municipality: Municipality) -> Any:
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is Municipality:
        return municipality
    if origin in (Union, types.UnionType):
        return _value(next(a for a in args if a is not type(None)), name, municipality)
    if origin is list:
        return [_value(args[0], name, municipality)]
    if origin is dict:
        return {"created": "2025-03-07T10:00:00+00:00", "modified": "2025-03-07T10:00:00+00:00"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample(annotation, municipality)
    if name == "lang":
        return "nl"
    return {str: f"voorbeeld {name}", int: 1, bool: True, date: SAMPLE_DAY,
            datetime: datetime(2025, 3, 7, 10, 0, tzinfo=UTC)}.get(annotation, f"voorbeeld {name}")
