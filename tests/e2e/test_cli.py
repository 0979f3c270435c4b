"""End to end: the `playbook` command as a municipal officer would use it.

Every test gets its own SQLite database and output folder through PLAYBOOK_* variables and runs
in its own working directory. A command runs in this process by default, through the same
`run()` the console script calls, with the command's environment, working directory, argv,
stdout and stderr (WARNING log records included, as Python prints them in a process without
logging set up): a subprocess costs about a second of imports per command. The demo (its bytes
must be the same across processes) and the command-line mistakes run as real processes, and
`tests/e2e/test_packaging.py` runs the installed console script.
"""

import csv
import hashlib
import io
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.conftest import DemoRun, clean_env

REPO = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).with_name("playbook")
# The installed console script when it is there, otherwise the same entry point through -m.
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "playbook.cli.main"]

ADDRESS = ["--straat", "Kade", "--huisnummer", "5", "--postcode", "3011 ab",
           "--plaats", "Rotterdam"]
INCIDENT = ["--objecttype", "woning", "--soort", "aanslag", "--tijdstip", "2025-03-07 02:40"]
PERSON = ["--persoon", "naam=Fatima B.;rol=bewoner;zelfredzaam=nee"]
NEW_CASE = ["zaak", "nieuw", *ADDRESS, *INCIDENT, *PERSON]
REFERENCE = re.compile(r"GM\d{4}-\d{4}-\d{4}")
DUE_TIME = re.compile(r"\d{2}-\d{2}-2025 \d{2}:\d{2}")
# English that click/typer prints on its own; a user must never see it.
ENGLISH = ("Traceback", "Error:", "Missing", "No such", "Usage:", "Invalid value", "Try '",
           "Input should be", "Did you mean")


@dataclass
class Result:
    args: list[str]
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return (f"$ playbook {' '.join(self.args)}\n-> exit {self.code}\n"
                f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}")


# Commands that always run as a real process: the demo's PDFs must be byte-identical across
# processes, and `serve` would block this one.
OWN_PROCESS = ("demo", "serve")


def in_process(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run `playbook args` in this process the way the console script does; (code, out, err)."""
    from playbook.cli.main import run
    from playbook.config import get_settings
    from playbook.storage.db import engine_for

    out, err = io.StringIO(), io.StringIO()
    # Without logging set up, Python prints WARNING and worse on stderr (logging.lastResort);
    # here pytest's handlers are set up, so this handler plays that part.
    printed = logging.StreamHandler(err)
    printed.setLevel(logging.WARNING)
    root = logging.getLogger()
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k not in env]:
            patch.delenv(key)
        for key, value in env.items():
            patch.setenv(key, value)
        patch.chdir(cwd)
        patch.setattr(sys, "argv", ["playbook", *args])
        get_settings.cache_clear()
        root.addHandler(printed)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    run()
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        finally:
            root.removeHandler(printed)
            # A process's connections end with it: close the command's engine, forget settings.
            if engine_for.cache_info().currsize:
                engine_for(get_settings().database_url).dispose()
                engine_for.cache_clear()
            get_settings.cache_clear()
    return code, out.getvalue(), err.getvalue()


def run_playbook(*args: str, env: dict[str, str], cwd: Path | None = None
                 ) -> subprocess.CompletedProcess[str]:
    """`playbook args` in this process (see `in_process`: its own environment, argv, stdout,
    stderr and exit code), answered the way `subprocess.run` answers, for tests that read only
    the exit code and the output. A process costs about a second of imports per command."""
    code, out, err = in_process(list(args), cwd or Path.cwd(), env)
    return subprocess.CompletedProcess(["playbook", *args], code, out, err)


@dataclass
class Cli:
    cwd: Path
    db: Path
    output: Path
    env: dict[str, str]
    process: bool = False  # True: every command in a real subprocess

    def __call__(self, *args: str, expect: int = 0) -> Result:
        if self.process or args[0] in OWN_PROCESS:
            proc = subprocess.run([*COMMAND, *args], cwd=self.cwd, env=self.env,
                                  capture_output=True, text=True, timeout=120)
            code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        else:
            code, stdout, stderr = in_process(list(args), self.cwd, self.env)
        result = Result(list(args), code, stdout, stderr)
        assert result.code == expect, str(result)
        assert "Traceback" not in result.stdout + result.stderr, str(result)
        if expect == 0:
            # Also catches WeasyPrint, which only logs its problems (see tests/conftest.py).
            assert result.stderr.strip() == "", str(result)
        return result

    def fails(self, *args: str) -> str:
        """A refused command: exit 2, a Dutch message on stderr, nothing on stdout."""
        result = self(*args, expect=2)
        assert result.stdout.strip() == "", str(result)
        assert result.stderr.startswith("Fout"), str(result)
        for word in ENGLISH:
            assert word not in result.stderr, f"Engelse tekst '{word}' in de foutmelding\n{result}"
        return result.stderr

    def rows(self, sql: str) -> list[tuple]:  # type: ignore[type-arg]
        """Read the database directly; a missing database holds nothing."""
        if not self.db.exists():
            return []
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    def case_count(self) -> int:
        if not self.db.exists():
            return 0
        return self.rows("SELECT count(*) FROM zaak")[0][0]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db, output = tmp_path / "x.db", tmp_path / "out"
    env = clean_env(PLAYBOOK_DATABASE_URL=f"sqlite:///{db}", PLAYBOOK_OUTPUT_DIR=str(output),
                    PLAYBOOK_USER="e2e.standaard")
    return Cli(cwd=tmp_path, db=db, output=output, env=env)


def new_case(cli: Cli, *extra: str) -> str:
    result = cli(*NEW_CASE, *extra)
    match = REFERENCE.search(result.stdout)
    assert match and "aangemaakt" in result.stdout, str(result)
    return match.group()


def step_ids(message: str) -> list[str]:
    """The step ids a refusal lists as '- Titel (partner) [stap-id]'."""
    return re.findall(r"\[([a-z0-9-]+)\]", message)


def pdf_text(path: Path) -> str:
    """The text of a PDF with whitespace collapsed, so wrapped table cells read as one line."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    else:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(text.split())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- a case from registration to the next phase -----------------------------------------------


def test_case_lifecycle_show_steps_advance_audit_and_deadlines(cli: Cli, tmp_path: Path) -> None:
    reference = new_case(cli)
    assert reference in cli("zaak", "lijst").stdout

    shown = cli("zaak", "toon", reference).stdout
    assert "Fase: Incident" in shown
    for step in ("alarmering-afzetting", "burgemeester-informeren", "bouwkundige-veiligheid",
                 "evacuatie-opvang", "noodbevel-overwegen"):
        assert step in shown
    for partner in ("Politie", "Brandweer", "Gemeente", "Burgemeester"):
        assert partner in shown
    assert "Wet politiegegevens" in shown
    assert DUE_TIME.search(shown), "geen termijn (uiterlijk) in de zaakweergave"
    assert "TE LAAT" in shown  # the incident was in 2025: its deadlines have long passed
    assert "Fatima B." in shown and "NIET zelfredzaam" in shown
    # Statuses and languages in words; a step that does not apply has no due time (as on the
    # case page).
    idle = [line for line in shown.splitlines() if "niet van toepassing" in line]
    assert idle and not [line for line in idle if DUE_TIME.search(line)], idle
    assert "niet-van-toepassing" not in shown and "spreekt Nederlands" in shown
    blockers_line = next(line for line in shown.splitlines() if line.startswith("Nog open"))
    blockers = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", blockers_line))
    assert "alarmering-afzetting" in blockers and "noodbevel-overwegen" not in blockers

    done = cli("zaak", "stap", reference, "alarmering-afzetting", "--afgerond",
               "--gebruiker", "politie.m.smit")
    assert "afgerond" in done.stdout

    refusal = cli.fails("zaak", "volgende", reference)
    assert "kan nog niet worden afgesloten" in refusal
    still_open = step_ids(refusal)
    assert set(still_open) == blockers - {"alarmering-afzetting"}, refusal
    assert "alarmering-afzetting" not in still_open

    skipped, *rest = still_open
    refused = cli.fails("zaak", "stap", reference, skipped, "--overslaan")
    assert "reden" in refused

    reason = "Burgemeester was zelf ter plaatse"
    cli("zaak", "stap", reference, skipped, "--overslaan", "--reden", reason,
        "--gebruiker", "oov.j.bakker")
    for step in rest:
        cli("zaak", "stap", reference, step, "--afgerond")
    advanced = cli("zaak", "volgende", reference, "--gebruiker", "oov.j.bakker")
    assert reference in advanced.stdout

    audit_file = tmp_path / "audit.csv"
    audit = cli("zaak", "audit", reference, "--csv", str(audit_file)).stdout
    assert "politie.m.smit" in audit and reason in audit
    with audit_file.open(encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    by_subject = {}
    for event in events:
        by_subject.setdefault(event["onderwerp"], []).append(event)
    [first] = by_subject["alarmering-afzetting"]
    assert (first["wie"], first["oud"], first["nieuw"]) == ("politie.m.smit", "open", "afgerond")
    # The refused skip left no trace: exactly one change for that step, the one with a reason.
    [skip] = by_subject[skipped]
    assert (skip["wie"], skip["oud"], skip["nieuw"], skip["reden"]) == (
        "oov.j.bakker", "open", "overgeslagen", reason)
    for step in rest:
        [event] = by_subject[step]
        assert (event["wie"], event["oud"], event["nieuw"]) == ("e2e.standaard", "open", "afgerond")
    [phase_change] = [e for e in events if e["oud"] == "Incident"]
    assert phase_change["nieuw"] == "Eerste nazorg en maatregelen"
    assert phase_change["wie"] == "oov.j.bakker"
    assert all(e["wie"] for e in events) and events[0]["nieuw"] == "incident"

    due = cli("termijnen").stdout
    due_lines = [line for line in due.splitlines() if reference in line]
    assert due_lines, due
    assert any("driehoeksoverleg" in line and "TE LAAT" in line for line in due_lines), due
    # Every deadline counted from the incident (March 2025) has long passed.
    assert all("TE LAAT" in line for line in due_lines if DUE_TIME.search(line)), due
    assert not any(step in due for step in ("alarmering-afzetting", *rest)), due


# --- bad input: refused in Dutch, exit 2, nothing stored ----------------------------------------


def _replace(args: list[str], option: str, value: str | None) -> list[str]:
    """NEW_CASE with `option` set to `value`, or left out when value is None."""
    out, i = [], 0
    while i < len(args):
        if args[i] == option:
            if value is not None:
                out += [option, value]
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--postcode", "30111 ab", ["postcode", "30111 ab"]),
        ("--objecttype", "kasteel", ["objecttype", "kasteel", "woning", "bedrijfspand", "voertuig",
                                     "overig"]),
        ("--tijdstip", f"{datetime.now().year + 1}-01-01 00:00", ["tijdstip", "toekomst"]),
        ("--straat", None, ["straat", "verplicht veld ontbreekt"]),
    ],
    ids=["postcode", "objecttype", "toekomst", "straat-ontbreekt"],
)
def test_invalid_new_case_is_refused_and_nothing_is_written(
    cli: Cli, option: str, value: str | None, expected: list[str]
) -> None:
    message = cli.fails(*_replace(NEW_CASE, option, value))
    assert "Ongeldige invoer" in message
    for text in expected:
        assert text in message
    assert cli.case_count() == 0


def test_after_a_refused_case_the_list_is_empty(cli: Cli) -> None:
    cli.fails(*_replace(NEW_CASE, "--postcode", "ABCD 12"))
    assert "Geen zaken gevonden." in cli("zaak", "lijst").stdout
    assert cli.case_count() == 0


def test_unknown_case_reference(cli: Cli) -> None:
    message = cli.fails("zaak", "toon", "GM9999-2025-0042")
    assert "GM9999-2025-0042" in message and "bestaat niet" in message
    assert cli.case_count() == 0


def test_refused_step_changes_store_nothing(cli: Cli) -> None:
    reference = new_case(cli)
    before = cli.rows("SELECT count(*) FROM audit")[0][0]
    steps_before = cli.rows("SELECT step_id, status FROM stap ORDER BY id")
    version_before = cli.rows("SELECT version FROM zaak")

    message = cli.fails("zaak", "stap", reference, "burgemeester-informeren", "--overslaan")
    assert "reden" in message and "Burgemeester informeren" in message

    message = cli.fails("zaak", "stap", reference, "bestaat-niet", "--afgerond")
    assert "bestaat-niet" in message and "bestaat niet" in message

    assert cli.rows("SELECT count(*) FROM audit")[0][0] == before
    assert cli.rows("SELECT step_id, status FROM stap ORDER BY id") == steps_before
    assert cli.rows("SELECT version FROM zaak") == version_before


@pytest.mark.parametrize(
    ("args", "name", "kind"),
    [
        (["zaak", "aanslag", "GM9999-2025-0001"], "tijdstip", "ontbreekt"),
        (["zaak", "stap", "GM9999-2025-0001"], "stap", "ontbreekt"),
        (["zaak", "nieuw", "--straaat", "Kade"], "--straaat", "onbekend"),
    ],
    ids=["optie-ontbreekt", "argument-ontbreekt", "onbekende-optie"],
)
def test_command_line_mistakes_are_explained_in_dutch(
    cli: Cli, args: list[str], name: str, kind: str
) -> None:
    """Mistakes typer itself catches must read as Dutch too, naming the option or argument.
    In a real process: exit code and stderr as the shell sees them."""
    cli.process = True
    message = cli.fails(*args)
    assert name in message
    if kind == "ontbreekt":
        assert "ontbreekt" in message or "verplicht" in message, message
    else:
        assert "onbekend" in message or "bestaat niet" in message, message
    assert cli.case_count() == 0


def test_a_mistyped_command_and_a_wrong_number_are_answered_in_dutch(cli: Cli) -> None:
    """click and pydantic (typer converts with it) word these in English; the CLI does not."""
    assert "onbekende opdracht 'lijsten'; bedoelde u 'lijst' of 'feiten'?" in cli.fails(
        "zaak", "lijsten")
    assert "ongeldige waarde voor --toestemming: moet een geheel getal zijn" in cli.fails(
        "verwijzing", "intrekken", "GM9999-2025-0001", "--toestemming", "twee")


# Words typer prints around our help texts when nobody translates them.
TYPER_ENGLISH = ("Usage", "Options", "Commands", "Arguments", "Show this message", "[default",
                 "[required]", "env var", "[OPTIONS]", "COMMAND", "[ARGS]", "<str>", "<int",
                 "<bool>", "<float", "<path>", "<list")


def test_every_help_page_is_dutch(cli: Cli) -> None:
    """`--help` of every command, as the shell prints it (the first in a real process): typer's
    own words around the help texts are Dutch too, and every option still says what it takes."""
    from typer.main import get_command

    from playbook.cli.main import app

    def paths(command, prefix):  # type: ignore[no-untyped-def]
        yield prefix
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from paths(sub, [*prefix, name])

    cli.process = True
    first = cli("--help").stdout
    assert "Gebruik: playbook [OPTIES] OPDRACHT [ARGUMENTEN]..." in first and "Opdrachten" in first
    cli.process = False
    problems = []
    commands = list(paths(get_command(app), []))
    for path in commands:
        page = " ".join(re.sub(r"[│╭╮╰╯─]", " ", cli(*path, "--help").stdout).split())
        english = [word for word in TYPER_ENGLISH if word in page]
        if english or "Gebruik: playbook" not in page or "Toon deze hulp en stop." not in page:
            problems.append(f"playbook {' '.join(path)} --help: {english or 'geen Gebruik/hulp'}")
    assert not problems, "\n".join(problems)
    assert len(commands) > 60  # the whole tree was walked, not only the top


# --- a repeated attack on an open case -----------------------------------------------------------


def test_repeat_attack_at_same_address_reopens_the_open_case(cli: Cli) -> None:
    reference = new_case(cli)
    again = cli(*_replace(NEW_CASE, "--tijdstip", "2025-04-01 03:00"))
    assert "Herhaalde aanslag" in again.stdout and reference in again.stdout
    assert "'Incident'" in again.stdout  # a repeat re-enters the acute phase (issue 8)
    assert cli.case_count() == 1

    shown = cli("zaak", "toon", reference).stdout
    assert "herhaling" in shown
    assert "Fase: Incident" in shown and "ronde 2" in shown
    assert "alarmering-afzetting" in shown and "evacuatie-opvang" in shown
    assert "01-04-2025 03:00" in shown


# --- the playbook itself -------------------------------------------------------------------------

PHASE_TITLES = ["Dreiging", "Incident", "Eerste nazorg en maatregelen", "Nazorg",
                "Herstel en afronding"]


def test_playbook_validate_show_and_diagram(cli: Cli) -> None:
    valid = cli("draaiboek", "valideer").stdout
    assert "Draaiboek geldig" in valid and "5 fasen" in valid
    assert "Gemeente Rivierstad" in valid

    shown = cli("draaiboek", "toon").stdout
    for order, title in enumerate(PHASE_TITLES, start=1):
        assert f"{order}. {title} [" in shown
    assert "Wet politiegegevens" in shown

    mermaid = cli("draaiboek", "diagram").stdout
    assert "stateDiagram-v2" in mermaid and "gesloten" in mermaid
    assert "eerste-nazorg" in mermaid


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz 'dot' ontbreekt: geen SVG-diagram")
def test_playbook_diagram_as_svg_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "f.svg"
    result = cli("draaiboek", "diagram", "--formaat", "svg", "--uitvoer", str(target))
    assert str(target) in result.stdout
    svg = target.read_text(encoding="utf-8")
    assert "<svg" in svg and "gesloten" in svg


def _copy_phases(tmp_path: Path) -> Path:
    target = tmp_path / "fasen"
    shutil.copytree(REPO / "phases", target)
    return target


def test_broken_step_partner_is_reported_with_file_step_and_field(cli: Cli, tmp_path: Path) -> None:
    phases = _copy_phases(tmp_path)
    path = phases / "3-eerste-nazorg.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [step] = [s for s in data["steps"] if s["id"] == "driehoeksoverleg"]
    step["partner"] = "kustwacht"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    message = cli.fails("draaiboek", "valideer", "--fasen", str(phases))
    assert "ongeldig" in message
    assert "3-eerste-nazorg.yaml" in message
    assert "driehoeksoverleg" in message
    assert "partner" in message and "kustwacht" in message


def test_yaml_syntax_error_is_reported_with_file_name(cli: Cli, tmp_path: Path) -> None:
    phases = _copy_phases(tmp_path)
    path = phases / "4-nazorg.yaml"
    text = path.read_text(encoding="utf-8")
    assert "title: Nazorg\n" in text
    path.write_text(text.replace("title: Nazorg\n", "title: [Nazorg\n", 1), encoding="utf-8")

    message = cli.fails("draaiboek", "valideer", "--fasen", str(phases))
    assert "4-nazorg.yaml" in message and "YAML" in message
    assert re.search(r"regel \d+", message), message


# --- documents -----------------------------------------------------------------------------------


def test_checklist_pdf_for_the_whole_case(cli: Cli) -> None:
    reference = new_case(cli)
    cli("zaak", "stap", reference, "alarmering-afzetting", "--afgerond")
    result = cli("zaak", "checklist", reference, "--alles")

    [pdf] = list(cli.output.glob("*.pdf"))
    assert str(pdf) in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Gemeente Rivierstad" in text
    assert reference in text
    assert "Alarmering, afzetting en sporenonderzoek" in text
    assert "afgerond" in text
    assert "Kade 5, 3011 AB Rotterdam" in text


# Two rounds: the first attack and the repeat attack weeks later, which runs Incident again.
DEMO_PHASES = ["dreiging-v1", "incident-v1", "eerste-nazorg-v1", "nazorg-v1", "herstel-v1",
               "incident-v2", "eerste-nazorg-v2", "nazorg-v2", "herstel-v2", "zaak-v1"]
# The full document set of the demo case, per round: request, voornemen, decision before and
# after bekendmaking, resident letters, referral, team briefing, lifting before and after
# bekendmaking; and the three measures of issue 13.
DEMO_LETTERS = [
    *(f"{name}-v{n}.pdf" for n in (1, 2) for name in (
        "verwijzing-slachtofferhulp-persoon-4", "opdracht-nazorgteam")),
    # Follow-up letters (issue 10): a new attack and the reopening are letters of their own. The
    # second closure ends while the 13b closure still runs: no reopening letter then.
    *(f"{name}-v1.pdf" for name in (
        "bewonersbrief-nl", "bewonersbrief-en", "bewonersbrief-nieuwe-aanslag-nl",
        "bewonersbrief-nieuwe-aanslag-en", "bewonersbrief-heropening-nl",
        "bewonersbrief-heropening-en", "verwijzing-slachtofferhulp-persoon-6")),
    *(f"{name}-v1.pdf" for name in (
        "verzoek-bestuurlijke-rapportage-verzoek-1", "verzoek-bestuurlijke-rapportage-verzoek-2",
        "voornemen-sluiting-besluit-1", "voornemen-sluiting-besluit-4")),
    # Closure and lifting each round; cameratoezicht after the first attack (published).
    *(f"{name}-besluit-{d}-v{v}.pdf" for name, d in (
        ("sluitingsbesluit", 1), ("cameratoezicht", 2), ("opheffingsbesluit", 3),
        ("sluitingsbesluit", 4), ("opheffingsbesluit", 7))
      for v in (1, 2)),
    # After the repeat attack: the 13b closure (drugs found) and the gebiedsverbod, each as
    # voornemen, decision taken and decision made known.
    *(f"{name}-besluit-{d}-v{v}.pdf" for name, d in (("sluiting-13b", 5), ("gebiedsverbod", 6))
      for v in (1, 2, 3)),
]


def _demo_output(folder: Path, stdout: str) -> None:
    """Check what a demo run wrote and printed."""
    assert str(folder.resolve()) in stdout
    assert "gesloten" in stdout
    pdfs = sorted(folder.glob("*.pdf"))
    checklists = [p for p in pdfs if "-checklist-" in p.name]
    assert sorted(p.name.split("-checklist-")[1].removesuffix(".pdf") for p in checklists) == sorted(
        DEMO_PHASES), [p.name for p in pdfs]
    letters = sorted(p.name.removeprefix("GM9999-2025-0001-") for p in pdfs if p not in checklists)
    assert letters == sorted(DEMO_LETTERS), letters
    [audit] = list(folder.glob("*auditspoor*.csv"))
    with audit.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {"wie", "oud", "nieuw", "reden"} <= set(rows[0])
    # The repeat attack runs the acute phase again (issue 8), on the record.
    assert any(r["nieuw"] == "Incident" and r["reden"] == "herhaalde aanslag" for r in rows), rows
    for path in [*pdfs, audit]:
        assert path.name in stdout


def test_demo_writes_checklists_and_audit(demo_run: DemoRun) -> None:
    # That a second process renders the same bytes is checked against this run's demo by
    # tests/e2e/test_packaging.py, from the installed wheel: a stronger second process.
    _demo_output(demo_run.folder, demo_run.stdout)
    demo = demo_run.folder

    [whole_case] = list(demo.glob("*-checklist-zaak-*.pdf"))
    text = pdf_text(whole_case)
    assert "Gesloten" in text
    assert "Havenstraat 14-2" in text
    assert "Sluitingsbesluit nemen" in text
    assert "Gemeente Rivierstad" in text

    # The measures of issue 13 as their addressees read them.
    [ban] = list(demo.glob("*-gebiedsverbod-besluit-*-v3.pdf"))
    text = pdf_text(ban)
    assert "De heer D. Verhoef" in text and "16 april 2025 tot en met 15 juli 2025" in text
    assert "U bent op 26 maart 2025 gewaarschuwd" in text
    assert "kaart gebiedsverbod Havenkwartier" in text and "art. 184 Wetboek van" in text
    assert "bezwaar maken tot en met 27 mei 2025" in text
    [drugs] = list(demo.glob("*-sluiting-13b-besluit-*-v3.pdf"))
    text = pdf_text(drugs)
    assert "9 april 2025 om 12:00 uur tot en met 7 juli 2025 (90 dagen)" in text
    assert "410 gram cocaïne" in text and "handelshoeveelheid" in text
    assert "Verwijtbaarheid" in text and "2 minderjarige kinderen" in text
    assert "Bekendgemaakt aan Woonstichting Rivierstad op 8 april 2025" in text
