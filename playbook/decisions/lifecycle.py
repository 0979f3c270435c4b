"""The decision lifecycle as data: kinds, statuses and one pure transition table.

Like `engine/machine.py`, a `transitions` machine is built per use from the table below, with no
auto transitions, on a small model object that is never a database row. Every guard lives here:
a refused guard returns the problems it found, and the caller raises them as one Dutch error.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from transitions import Machine, MachineError


class Kind(StrEnum):
    closure = "sluiting"  # art. 174a / 174 Gemeentewet
    extension = "verlenging"  # of a closure or of an emergency order
    lifting = "opheffing"
    emergency_order = "noodbevel"  # art. 175 Gemeentewet
    # The other measures (issue 13; decisions/measures*.py).
    camera = "cameratoezicht"  # art. 151c Gemeentewet: a designation, made known by publication
    area_ban = "gebiedsverbod"  # art. 172a Gemeentewet
    drug_closure = "sluiting-13b"  # art. 13b Opiumwet
    # Ending one of those early (decisions/measures_lifting.py): like `lifting`, no voornemen.
    measure_lifting = "opheffing-maatregel"


class Status(StrEnum):
    draft = "concept"
    intent = "voornemen"  # voornemen made; the zienswijze term runs from its dispatch
    taken = "genomen"
    made_known = "bekendgemaakt"  # made known to every addressee (art. 3:40-3:41 Awb)
    ended = "beeindigd"  # an emergency order that was ended (art. 175 Gemeentewet)


class Action(StrEnum):
    intent = "voornemen"
    take = "nemen"
    make_known = "bekendmaken"
    end = "beeindigen"


# Which kinds may go through a voornemen (art. 4:8 Awb). A lifting favours the addressee and an
# emergency order is immediate (art. 175 Gemeentewet), so neither invites a zienswijze; the
# same holds for ending a measure early (measure_lifting).
# A gebiedsverbod and a 13b closure are beschikkingen that burden their addressee, so they invite
# one too; a cameratoezicht designation is of general scope (no art. 4:8 Awb).
INTENT_KINDS = frozenset({Kind.closure, Kind.extension, Kind.area_ban, Kind.drug_closure})
# Kinds whose voornemen may be skipped for urgency with reasons (art. 4:11 Awb).
URGENCY_KINDS = frozenset({Kind.closure, Kind.area_ban, Kind.drug_closure})
MEASURE_KINDS = frozenset({Kind.camera, Kind.area_ban, Kind.drug_closure})

# The table: trigger, from, to, and the named guards that must all hold.
TRANSITIONS: tuple[dict[str, object], ...] = (
    {
        "trigger": "voornemen",
        "source": "concept",
        "dest": "voornemen",
        "conditions": ["may_invite_view", "content_complete"],
    },
    {
        "trigger": "nemen",
        "source": ["concept", "voornemen"],
        "dest": "genomen",
        "conditions": ["content_complete", "hearing_done", "ready_to_take"],
    },
    {
        "trigger": "bekendmaken",
        "source": "genomen",
        "dest": "bekendgemaakt",
        "conditions": ["known_to_all"],
    },
    {
        "trigger": "beeindigen",
        "source": "bekendgemaakt",
        "dest": "beeindigd",
        "conditions": ["is_emergency_order"],
    },
)
GUARDS = (
    "may_invite_view",
    "content_complete",
    "hearing_done",
    "ready_to_take",
    "known_to_all",
    "is_emergency_order",
)

STATUS_LABELS = {
    Status.draft: "concept",
    Status.intent: "voornemen",
    Status.taken: "genomen",
    Status.made_known: "bekendgemaakt",
    Status.ended: "beëindigd",
}


@dataclass
class DecisionModel:
    """The machine's model: the current status and the problems each guard found."""

    state: str
    problems: Mapping[str, list[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def _guard(self, name: str) -> bool:
        # Always true, so that transitions evaluates every guard and the user hears every
        # problem at once; `clear` (the last condition) decides.
        self.refused += list(self.problems.get(name, []))
        return True

    def clear(self) -> bool:
        return not self.refused

    def __getattr__(self, name: str) -> Callable[[], bool]:
        if name in GUARDS:
            return lambda: self._guard(name)
        raise AttributeError(name)


class Refused(Exception):
    """A guard refused; `problems` says why, in Dutch."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class WrongStatus(Refused):
    """The action has no transition from the current status at all."""


def _names(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def fire(status: str, action: Action, problems: Mapping[str, list[str]]) -> Status:
    """The status after `action`, or Refused with every problem of every failing guard.
    `problems` maps a guard name to what it found (an empty list: the guard holds)."""
    model = DecisionModel(status, problems)
    moves = [{**m, "conditions": [*_names(m["conditions"]), "clear"]} for m in TRANSITIONS]
    Machine(
        model=model,
        states=[s.value for s in Status],
        transitions=moves,
        initial=status,
        auto_transitions=False,
    )
    try:
        moved = model.trigger(action.value)  # type: ignore[call-arg]  # added by transitions
    except MachineError:
        raise WrongStatus(
            [
                f"'{action.value}' kan niet bij een besluit met status "
                f"'{STATUS_LABELS[Status(status)]}'"
            ]
        ) from None
    if not moved:
        raise Refused(model.refused or [f"'{action.value}' is nu niet toegestaan"])
    return Status(model.state)


def allowed(status: str) -> list[Action]:
    """Actions that have a transition from `status` (guards not evaluated)."""
    result = []
    for move in TRANSITIONS:
        sources = move["source"] if isinstance(move["source"], list) else [move["source"]]
        if status in sources:
            result.append(Action(move["trigger"]))  # type: ignore[arg-type]
    return result
