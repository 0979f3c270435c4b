"""One WeasyPrint render per distinct HTML per test run, in the test processes and in the
`playbook` processes tests start.

Many tests make the same letter from the same case at the same clock; the demo renders the same
fixed-clock case in every process that runs it. The renderer is deterministic (the installed
wheel's demo checks byte-equal PDFs against this run's demo), so each distinct HTML is rendered
once and every later render reads back those real bytes. The files are shared by the xdist
workers and by the processes they start.

Not for a process whose test compares bytes across processes: that one must render itself.

As a launcher: `python -m tests.render_cache FOLDER ARGS...` runs `playbook ARGS...` with the
cache installed (the repository must be on PYTHONPATH; see `cached_command`).
"""

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from playbook.documents import render

REPO = Path(__file__).resolve().parents[1]


def install(folder: Path) -> Callable[[], None]:
    """Route every render of this process through `folder`; returns the undo."""
    folder.mkdir(parents=True, exist_ok=True)
    original = render.html_to_pdf

    def once(html: str) -> bytes:
        path = folder / f"{hashlib.sha256(html.encode()).hexdigest()}.pdf"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            content = original(html)
            part = path.with_name(f"{path.name}.{os.getpid()}")
            part.write_bytes(content)
            part.replace(path)  # whole or not at all, for the other processes
            return content

    render.html_to_pdf = once

    def undo() -> None:
        render.html_to_pdf = original

    return undo


def cached_command(folder: Path, env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command and environment to start `playbook` with the cache of `folder`."""
    path = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "tests.render_cache", str(folder)], {**env, "PYTHONPATH": path}


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    from playbook.cli.main import run

    sys.argv = ["playbook", *sys.argv[2:]]
    run()
