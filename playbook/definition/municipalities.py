"""Every municipality this instance serves, validated and loaded once per process.

One municipality file (`municipalities/<naam>.yaml`) is one municipality: its overlay on the
national playbook, its letterhead and mayor, its contacts and its retention periods. All files
are checked together at start-up; one bad file, or two files with the same CBS code, stops the
server or command with a Dutch message naming the file and field. Requests and commands then
take the parsed playbook from here (`playbook_for(code)`), never from disk.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.errors import DefinitionError, InvalidInput
from playbook.retention.policy import RetentionPolicy, load_policy

T = TypeVar("T")


@dataclass(frozen=True)
class LocalMunicipality:
    """One municipality as loaded from its file."""

    path: Path  # the municipality file; per-municipality letter wording sits next to it
    playbook: Playbook
    retention: RetentionPolicy

    @property
    def cbs_code(self) -> str:
        return self.playbook.municipality.cbs_code

    @property
    def name(self) -> str:
        return self.playbook.municipality.name

    @property
    def resources_dir(self) -> Path:
        """`municipalities/<file-stem>/`: the folder for this municipality's own templates."""
        return self.path.parent / self.path.stem


@dataclass(frozen=True)
class Municipalities:
    """The loaded municipalities by CBS code, and the one used when none is named."""

    by_code: Mapping[str, LocalMunicipality]
    default: LocalMunicipality

    def __iter__(self) -> Iterator[LocalMunicipality]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def find(self, cbs_code: str) -> LocalMunicipality | None:
        return self.by_code.get(cbs_code)

    def get(self, cbs_code: str) -> LocalMunicipality:
        """The municipality with this code, or a Dutch error listing the configured ones."""
        found = self.find(cbs_code)
        if found is None:
            known = ", ".join(f"{m.cbs_code} ({m.name})" for m in self)
            raise InvalidInput([f"gemeente: '{cbs_code[:12]}' is in deze installatie niet "
                                f"ingesteld; kies uit {known}"])
        return found


def load_municipalities(phases_dir: Path, files: tuple[Path, ...],
                        default_code: str | None = None) -> Municipalities:
    """Load and check every file; report all problems of all files at once."""
    if not files:
        raise DefinitionError("Geen gemeentebestanden (*.yaml) gevonden in "
                              "PLAYBOOK_MUNICIPALITIES_DIR; zet er minstens één gemeente in.")
    problems: list[str] = []
    loaded: list[LocalMunicipality] = []
    for path in files:
        playbook, policy = _checked(problems, load_playbook, phases_dir, path), \
            _checked(problems, load_policy, path)
        if playbook is not None and policy is not None:
            loaded.append(LocalMunicipality(path, playbook, policy))
    by_code: dict[str, LocalMunicipality] = {}
    for municipality in loaded:
        earlier = by_code.get(municipality.cbs_code)
        if earlier is not None:
            problems.append(f"{municipality.path}, veld 'cbs_code': {municipality.cbs_code} staat "
                            f"ook in {earlier.path}; elke gemeente heeft precies één bestand")
            continue
        by_code[municipality.cbs_code] = municipality
    if problems:
        raise DefinitionError("De gemeentebestanden zijn ongeldig; de server en de commando's "
                              "starten niet tot dit is opgelost:\n" + "\n".join(problems))
    if default_code is not None and default_code not in by_code:
        raise DefinitionError(f"PLAYBOOK_DEFAULT_MUNICIPALITY: {default_code} staat in geen van "
                              f"de gemeentebestanden ({', '.join(by_code)})")
    default = by_code[default_code] if default_code else loaded[0]
    return Municipalities(by_code, default)


def _checked(problems: list[str], load: Callable[..., T], *args: Path) -> T | None:
    """Run one loader; a Dutch problem is collected instead of stopping at the first file."""
    try:
        return load(*args)
    except DefinitionError as exc:
        problems.append(exc.message)
        return None


@cache
def _cached(phases_dir: Path, folder: Path | None, file: Path | None,
            default_code: str | None) -> Municipalities:
    from playbook.config import get_settings

    # The folder is listed here, once: the key above is the configuration, not its content.
    return load_municipalities(phases_dir, get_settings().municipality_files(), default_code)


def municipalities() -> Municipalities:
    """The configured municipalities, parsed once per process (per distinct configuration)."""
    from playbook.config import get_settings

    settings = get_settings()
    return _cached(settings.resolved_phases_dir(), settings.municipalities_dir,
                   settings.municipality_file, settings.default_municipality)


def municipality_for(cbs_code: str) -> LocalMunicipality:
    return municipalities().get(cbs_code)


def playbook_for(cbs_code: str) -> Playbook:
    """The current playbook of one municipality (national steps with its overlay)."""
    return municipality_for(cbs_code).playbook


def default_municipality() -> LocalMunicipality:
    return municipalities().default


def file_for(cbs_code: str) -> Path | None:
    """The municipality file of a case's municipality (for its own letter wording), or None
    when this instance no longer serves that municipality."""
    found = municipalities().find(cbs_code)
    return found.path if found else None
