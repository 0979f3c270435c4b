"""The data folders (phases/, templates/, municipalities/) are found in a checkout and after a
plain, non-editable install of the wheel, from a working directory outside the checkout."""

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import playbook
from playbook.resources import data_dir
from tests.conftest import DemoRun
from tests.e2e.test_cli import DEMO_LETTERS, DEMO_PHASES

REPO = Path(__file__).resolve().parents[2]
DATA = ("phases", "templates", "municipalities")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PLAYBOOK_") and k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    report = (f"$ {' '.join(args)}\n-> exit {proc.returncode}\n--- stdout ---\n{proc.stdout}\n"
              f"--- stderr ---\n{proc.stderr}")
    assert proc.returncode == 0, report
    assert "Traceback" not in proc.stdout + proc.stderr, report
    return proc.stdout


def test_checkout_uses_the_folders_next_to_the_package() -> None:
    assert Path(playbook.__file__).resolve().parent == REPO / "playbook"
    for name in DATA:
        assert data_dir(name) == REPO / name
    assert (data_dir("phases") / "3-eerste-nazorg.yaml").is_file()
    assert (data_dir("templates") / "letters" / "style.css").is_file()
    assert (data_dir("municipalities") / "voorbeeld.yaml").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("wheel")
    args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(target)]
    if importlib.util.find_spec("hatchling") is not None:
        args.append("--no-build-isolation")  # otherwise pip fetches hatchling itself
    run([*args, str(REPO)], cwd=target, env=clean_env())
    [built] = list(target.glob("playbook-*.whl"))
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("installed") / "site"
    run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target),
         str(wheel)], cwd=wheel.parent, env=clean_env())
    assert (target / "playbook" / "__init__.py").is_file()
    return target


@pytest.fixture
def outside(tmp_path: Path, site: Path) -> tuple[Path, dict[str, str]]:
    """A working directory outside the checkout; the environment imports the installed copy."""
    cwd = tmp_path / "elders"
    cwd.mkdir()
    assert REPO not in cwd.resolve().parents
    env = clean_env(PYTHONPATH=str(site), PLAYBOOK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
                    PLAYBOOK_OUTPUT_DIR=str(tmp_path / "out"))
    return cwd, env


def test_wheel_carries_data_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("playbook/_data/phases/playbook.yaml",
                     "playbook/_data/phases/3-eerste-nazorg.yaml",
                     "playbook/_data/templates/letters/style.css",
                     "playbook/_data/templates/letters/checklist.html.j2",
                     "playbook/_data/municipalities/voorbeeld.yaml",
                     "playbook/storage/migrations/env.py",
                     "playbook/storage/migrations/script.py.mako"):
        assert expected in names, f"{expected} ontbreekt in {wheel.name}"
    shipped = {n.rsplit("/", 1)[1] for n in names
               if n.startswith("playbook/storage/migrations/versions/") and n.endswith(".py")}
    in_checkout = {p.name for p in (REPO / "playbook/storage/migrations/versions").glob("*.py")}
    assert in_checkout and in_checkout <= shipped, in_checkout - shipped
    phases_in_checkout = {p.name for p in (REPO / "phases").glob("*.yaml")}
    phases_shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith("playbook/_data/phases/")}
    assert phases_in_checkout == phases_shipped


PROBE = """
import json, playbook
from playbook.resources import data_dir
from playbook.storage.migrate import MIGRATIONS
found = {name: str(data_dir(name)) for name in ("phases", "templates", "municipalities")}
print(json.dumps({"package": playbook.__file__, "migrations": str(MIGRATIONS), **found}))
"""


def test_installed_copy_finds_its_data(site: Path, outside: tuple[Path, dict[str, str]]) -> None:
    cwd, env = outside
    found = json.loads(run([sys.executable, "-c", PROBE], cwd=cwd, env=env))
    root = site.resolve() / "playbook"
    assert Path(found["package"]).resolve() == root / "__init__.py"
    for name in DATA:
        assert Path(found[name]).resolve() == root / "_data" / name, found
    assert Path(found["migrations"]).resolve() == root / "storage" / "migrations"


def test_installed_cli_validates_and_renders(site: Path, tmp_path: Path,
                                             outside: tuple[Path, dict[str, str]],
                                             demo_run: DemoRun) -> None:
    cwd, env = outside
    cli = [sys.executable, "-m", "playbook.cli.main"]
    valid = run([*cli, "draaiboek", "valideer"], cwd=cwd, env=env)
    assert "Draaiboek geldig" in valid and "5 fasen" in valid

    # The demo migrates a fresh database and renders every checklist and letter through the templates.
    folder = tmp_path / "demo"
    demo = run([*cli, "demo", "--uitvoer", str(folder)], cwd=cwd, env=env)
    assert str(folder.resolve()) in demo
    pdfs = list(folder.glob("*.pdf"))
    expected = len(DEMO_PHASES) + len(DEMO_LETTERS)  # the same set as from the checkout
    assert len(pdfs) == expected and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    # The installed package (its templates, fonts and data) renders the same bytes as the
    # checkout's demo of this test run.
    checkout = {p.name: p.read_bytes() for p in demo_run.folder.glob("*.pdf")}
    assert {p.name: p.read_bytes() for p in pdfs} == checkout
    assert list(folder.glob("*auditspoor*.csv"))
    assert not (cwd / "uitvoer").exists() and not list(cwd.iterdir())


VENDOR = ("playbook/_data/static/vendor/htmx.org/dist/htmx.min.js",
          "playbook/_data/static/vendor/@utrecht/component-library-css/dist/index.css",
          "playbook/_data/static/vendor/@utrecht/design-tokens/dist/index.css",
          "playbook/_data/templates/static/app.css",
          "playbook/_data/templates/static/favicon.svg")


def test_wheel_carries_the_web_assets_npm_fetched_at_build_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(VENDOR) <= names, set(VENDOR) - names
    # Fetched for the build, never committed: the repository has no copy of them.
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert not [t for t in tracked
                if "htmx" in t.rsplit("/", 1)[-1] or t.startswith(("node_modules", "playbook/_data"))]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_installed_server_serves_its_own_styles_and_scripts(
        site: Path, tmp_path: Path, outside: tuple[Path, dict[str, str]]) -> None:
    """`playbook serve` from the installed wheel, started in an empty directory with no
    node_modules anywhere near it and no PLAYBOOK_STATIC_DIR, serves htmx and the CSS."""
    import time
    import urllib.request

    cwd, env = outside
    env = {**env, "PLAYBOOK_DEVELOPMENT": "true", "PLAYBOOK_SECURE_COOKIES": "false",
           "PLAYBOOK_SECRET_KEY": "k" * 16 + "-packaging-test-key-0123456789"}
    cli = [sys.executable, "-m", "playbook.cli.main"]
    run([*cli, "db", "upgrade"], cwd=cwd, env=env)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*cli, "serve", "--port", str(port)], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> tuple[int, str, bytes]:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return response.status, response.headers.get("content-type", ""), response.read()

    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                status, _, login = get("/login")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 200
        html = login.decode()
        for path, kind, marker in (
                ("/static/htmx/htmx.min.js", "javascript", b"htmx"),
                ("/static/utrecht/component-library-css/dist/index.css", "text/css", b".utrecht-"),
                ("/static/utrecht/design-tokens/dist/index.css", "text/css", b"--utrecht-"),
                ("/static/app/app.css", "text/css", b".app-header"),
                ("/static/app/app.js", "javascript", b"data-label"),
                ("/static/app/favicon.svg", "image/svg+xml", b"<svg")):
            status, content_type, body = get(path)
            assert status == 200 and kind in content_type and marker in body, (path, content_type)
        for path in ("/static/htmx/htmx.min.js", "/static/app/app.css", "/static/app/favicon.svg"):
            assert f'"{path}"' in html, f"{path} staat niet in de pagina"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not list(cwd.iterdir()), list(cwd.iterdir())  # nothing written where it started
    assert "Traceback" not in log.read_text()
