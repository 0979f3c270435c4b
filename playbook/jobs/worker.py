"""`playbook taak worker`: dramatiq worker processes on the configured Redis queue."""

from playbook.config import get_settings
from playbook.errors import InvalidInput


def run_worker(processes: int, threads: int) -> int:
    if not get_settings().broker_url:
        raise InvalidInput(["PLAYBOOK_BROKER_URL: niet ingesteld. Zonder wachtrij draaien taken in "
                            "het proces dat ze start; een worker is dan niet nodig"])
    from dramatiq.cli import main, make_argument_parser

    from playbook.logs import configure

    configure()  # forked worker processes inherit the JSON log handler
    args = make_argument_parser().parse_args([
        "playbook.jobs.actors", "--processes", str(processes), "--threads", str(threads),
        "--skip-logging", "--worker-shutdown-timeout", "60000"])
    return int(main(args) or 0)
