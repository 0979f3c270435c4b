"""Errors that reach users. Every message is Dutch and says what to do about it."""


class PlaybookError(Exception):
    """Base for expected failures: adapters show `message` and exit 2 / answer 4xx."""

    status_code = 400

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems  # the individual items, for forms and API clients


class InvalidInput(PlaybookError):
    status_code = 422

    def __init__(self, problems: list[str]):
        super().__init__("Ongeldige invoer:\n" + "\n".join(f"- {p}" for p in problems), problems)


class DefinitionError(PlaybookError):
    """The playbook files (national or municipal) are broken."""


class NotFound(PlaybookError):
    status_code = 404


class Conflict(PlaybookError):
    status_code = 409


class PhaseBlocked(PlaybookError):
    """The open steps as (words, step id): the message names each id too, for the command line
    and API clients that complete steps by id; pages show `lead` and the words only."""

    status_code = 409

    def __init__(self, phase_title: str, open_steps: list[tuple[str, str | None]]):
        self.lead = (f"De fase '{phase_title}' kan nog niet worden afgesloten. Deze verplichte "
                     "stappen zijn nog open (afronden of overslaan met reden):")
        lines = "\n".join(f"- {words} [{step_id}]" if step_id else f"- {words}"
                          for words, step_id in open_steps)
        super().__init__(f"{self.lead}\n{lines}", [words for words, _ in open_steps])


class NotAllowed(PlaybookError):
    status_code = 409
