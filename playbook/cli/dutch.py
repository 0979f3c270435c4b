"""The words typer and click print around our own help texts (Usage, Options, Commands, "Show
this message and exit."), in Dutch: an officer who types `playbook --help` reads Dutch only.

typer has no translation hook for these; they are module constants and one default argument,
set here once at start-up. Each is set only where the installed typer has it, so a typer that
moves them leaves English words behind rather than failing, and `tests/e2e/test_cli.py` names
the English that comes back.
"""

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

PANEL_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Opdrachten",
    "ERRORS_PANEL_TITLE": "Fout",
    "ABORTED_TEXT": "Afgebroken.",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "DEPRECATED_STRING": "(verouderd) ",
    "RICH_HELP": "Typ '{command_path} {help_option}' voor hulp.",
}
USAGE = "Gebruik: "
METAVARS = {"[OPTIONS]": "[OPTIES]", "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]..."}
# The kind of value an option takes, as typer names it after the Python type.
TYPES = {"<str>": "tekst", "<int>": "getal", "<float>": "getal", "<path>": "pad",
         "<int range>": "getal", "<float range>": "getal", "<list[str]>": "tekst (herhaalbaar)",
         "<bool>": None}  # a flag: its name says it all
HELP_OPTION = "Toon deze hulp en stop."


def _module(*names: str) -> ModuleType | None:
    """The first of these modules that exists (typer vendors click since 0.16)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def speak_dutch() -> None:
    rich_utils = _module("typer.rich_utils")
    for name, words in PANEL_WORDS.items():
        if rich_utils is not None and hasattr(rich_utils, name):
            setattr(rich_utils, name, words)
    formatting = _module("typer._click.formatting", "click.formatting")
    if formatting is not None and not getattr(formatting.HelpFormatter, "_dutch", False):
        write_usage = formatting.HelpFormatter.write_usage

        def usage_in_dutch(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, dutch in METAVARS.items():
                args = args.replace(english, dutch)
            write_usage(self, prog, args, USAGE if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = usage_in_dutch
        formatting.HelpFormatter._dutch = True
    core = _module("typer.core")
    for name in ("TyperOption", "TyperArgument"):
        cls = getattr(core, name, None)
        if cls is not None and hasattr(cls, "display_type_rich") and not hasattr(cls, "_dutch"):
            cls.display_type_rich = _dutch_type(cls.display_type_rich)
            cls._dutch = True
    decorators: Any = _module("typer._click.decorators")  # typer's own click, where it has one
    if decorators is not None and not getattr(decorators.help_option, "_dutch", False):
        decorators.help_option = _dutch_help_option(decorators.help_option)


def _dutch_help_option(make: Callable[..., Any]) -> Callable[..., Any]:
    def help_option(*args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        attach = make(*args, **kwargs)

        def attach_in_dutch(command: Any) -> Any:
            command = attach(command)
            command.params[-1].help = HELP_OPTION  # the option `attach` just appended
            return command

        return attach_in_dutch

    help_option._dutch = True  # type: ignore[attr-defined]
    return help_option


def _dutch_type(display: Callable[..., Any]) -> Callable[..., Any]:
    def display_type_rich(self: Any, ctx: Any) -> str | None:
        shown = display(self, ctx)
        return TYPES.get(shown, shown) if isinstance(shown, str) else shown

    return display_type_rich
