"""The fixed words around every letter (letterhead, reference, date, page numbers) in the
reader's language. One YAML file per language, `templates/letters/lang/brief.<lang>.yaml`, so a
municipality adds a language (or its own wording) as a file in its letter folder."""

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from playbook.errors import DefinitionError
from playbook.resources import data_dir
from playbook.validation import describe_errors

LABELS_FILE = "brief.{lang}.yaml"


class LetterLabels(BaseModel):
    """Every label the shared letter layout (base.html.j2) prints."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    locale: str  # Babel locale for dates: nl_NL, en_GB
    our_reference: str  # "Ons kenmerk"
    date: str
    subject: str
    phone: str
    email: str
    page: str  # "Pagina" 1 ...
    page_of: str  # ... "van" 2
    copies: str  # "Afschrift aan"
    to_residents: str  # "Aan de bewoners van"
    regards: str  # "Met vriendelijke groet,"
    on_behalf: str  # "namens"


def labels_path(lang: str, folder: Path | None = None) -> Path:
    """The municipality's own file when it has one, else the shipped one."""
    name = LABELS_FILE.format(lang=lang)
    own = folder / "lang" / name if folder is not None else None
    if own is not None and own.is_file():
        return own
    return data_dir("templates") / "letters" / "lang" / name


def read_labels(path: Path) -> LetterLabels:
    try:
        return LetterLabels.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise DefinitionError(f"{path}: bestand ontbreekt (teksten rond de brief)") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path}: geen geldige YAML ({exc.__class__.__name__})") from None
    except ValidationError as exc:
        raise DefinitionError(f"{path}: " + "; ".join(describe_errors(exc))) from None


@cache
def letter_labels(lang: str, folder: Path | None = None) -> LetterLabels:
    """Cached per language and municipal folder; files are read once per process."""
    return read_labels(labels_path(lang, folder))
