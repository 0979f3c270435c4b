"""The job commands as a user runs them: `brief ... --achtergrond` with a progress bar,
`taak volg` / `toon`, `taak dagelijks` from cron, and Dutch refusals."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.test_cli import ENGLISH, NEW_CASE, Cli, clean_env, pdf_text
from tests.e2e.test_cli import new_case as e2e_new_case


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db, output = tmp_path / "x.db", tmp_path / "out"
    env = clean_env(PLAYBOOK_DATABASE_URL=f"sqlite:///{db}", PLAYBOOK_OUTPUT_DIR=str(output),
                    PLAYBOOK_USER="oov.anna", PLAYBOOK_DAILY_JOBS_AT="00:00",
                    PLAYBOOK_DEVELOPMENT="1")
    # Real processes: the job queue's broker and thread pool live as long as their process, so
    # an in-process run would reuse another test's broker instead of this test's unreachable one.
    return Cli(cwd=tmp_path, db=db, output=output, env=env, process=True)


@contextmanager
def in_this_process(cli: Cli) -> Iterator[Cli]:
    """For commands that start no job queue (a case, a job's state): a process costs a second
    of imports."""
    cli.process = False
    try:
        yield cli
    finally:
        cli.process = True


def here(cli: Cli, *args: str) -> str:
    with in_this_process(cli):
        return cli(*args).stdout


def new_case(cli: Cli) -> str:
    with in_this_process(cli):
        return e2e_new_case(cli)


def test_resident_letters_in_the_background_show_progress_and_are_written(cli: Cli) -> None:
    reference = new_case(cli)
    result = cli("brief", reference, "bewonersbrief", "--adres", "Kade 3", "--adres", "Kade 7",
                 "--achtergrond")
    lines = result.stdout.splitlines()
    assert lines[0] == "Taak 1 gestart in dit proces (4 brieven). Volgen: playbook taak volg 1"
    assert "Taak 1 klaar: 4 van 4 gelukt." in lines
    assert f"Brieven geschreven naar {cli.output}/" in lines
    written = sorted(p.name for p in cli.output.iterdir())
    assert written == [f"{reference}-bewonersbrief-{lang}-{n}-v1.pdf"
                       for lang in ("en", "nl") for n in (1, 2)]
    assert "Aan de bewoners van Kade 7" in pdf_text(cli.output / written[3])

    shown = here(cli, "taak", "toon", "1")
    assert f"Taak 1: bewonersbrieven maken (zaak {reference})" in shown
    assert "status: klaar, 4 van 4 verwerkt (100%), 0 mislukt" in shown
    assert "gevraagd door oov.anna" in shown
    followed = here(cli, "taak", "volg", "1")
    assert "Taak 1 klaar: 4 van 4 gelukt." in followed
    assert cli.rows("SELECT count(*) FROM document WHERE job_key LIKE 'taak-1-%'") == [(4,)]


def test_daily_jobs_from_cron_run_once_a_day(cli: Cli) -> None:
    assert cli("taak", "dagelijks").stdout.strip() == "Dagelijkse taak 1 gestart."
    assert cli("taak", "dagelijks").stdout.strip() == \
        "Niets te doen: de dagelijkse taken liepen vandaag al."
    assert cli.rows("SELECT kind, status, requested_by FROM taak") == \
        [("herinneringen", "klaar", "systeem")]


def test_job_commands_refuse_in_dutch(cli: Cli) -> None:
    cli.process = False  # every refusal comes before a broker or pool exists: in this process
    cli(*NEW_CASE)
    assert cli.fails("taak", "volg", "99").strip() == "Fout: Taak 99 bestaat niet."
    assert "PLAYBOOK_BROKER_URL: niet ingesteld" in cli.fails("taak", "worker")
    message = cli.fails("brief", "GM9999-2026-0001", "opdracht-nazorgteam", "--adres", "Kade 1",
                        "--achtergrond")
    assert "--achtergrond: alleen voor bewonersbrief" in message
    for word in ENGLISH:
        assert word not in message
    assert "meerdere web-workers vragen PostgreSQL" in cli.fails("serve", "--workers", "2")


def test_a_job_whose_process_died_is_finished_by_hervat(cli: Cli) -> None:
    from playbook.jobs.letters import run_items
    from playbook.storage.db import make_engine
    from tests.jobs.conftest import request

    reference = new_case(cli)
    engine = make_engine(f"sqlite:///{cli.db}")
    task = request(engine, reference, ["Kade 1", "Kade 2"])
    run_items(engine, task.id, 0, 2)  # type: ignore[arg-type]  # then the process died
    engine.dispose()
    assert "status: bezig, 2 van 4 verwerkt (50%), 0 mislukt" in here(cli, "taak", "toon", "1")
    result = cli("taak", "hervat", "1").stdout
    assert "Taak 1 hervat: 2 van 4 waren al klaar." in result
    assert "Taak 1 klaar: 4 van 4 gelukt." in result
    assert cli.rows("SELECT scope FROM document ORDER BY scope") == \
        [("en-1",), ("en-2",), ("nl-1",), ("nl-2",)]


def test_an_unreachable_queue_is_reported_in_dutch_and_the_job_kept(cli: Cli) -> None:
    reference = new_case(cli)
    cli.env["PLAYBOOK_BROKER_URL"] = "redis://127.0.0.1:1/0"
    message = cli("brief", reference, "bewonersbrief", "--adres", "Kade 3", "--achtergrond",
                  expect=2).stderr
    assert message.startswith("Fout: De wachtrij (Redis) is niet bereikbaar. Taak 1 is vastgelegd")
    assert "playbook taak hervat 1" in message and "Traceback" not in message
    assert cli.rows("SELECT status FROM taak") == [("wachtend",)]
