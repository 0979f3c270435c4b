"""Where the data folders live: in a checkout, or inside an installed wheel."""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return `phases`, `templates` or `municipalities`, preferring the installed copy.

    A wheel carries them under `playbook/_data/`; a checkout has them next to the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Map '{name}' niet gevonden naast of in het pakket {_PACKAGE}")
