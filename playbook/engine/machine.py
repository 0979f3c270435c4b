"""The phase machine, built from the playbook data for each use.

Building per use (about 0.1 ms, measured in bench/replay.py) keeps the engine thread-safe
without a global lock; a shared, unlocked machine is not (see stack-traps).
"""

from collections.abc import Callable
from typing import Any

from transitions import Machine, MachineError

from playbook.definition.models import CLOSED, Playbook
from playbook.errors import NotAllowed

ADVANCE = "volgende"
ATTACK = "aanslag"
GUARD = "phase_complete"
FIRST_ATTACK = "first_attack"


class PhaseModel:
    """The machine's model: only the current phase and its guards, never a database row."""

    def __init__(self, state: str, can_leave: Callable[[], bool] = lambda: True,
                 first_attack: bool = False):
        self.state = state
        self._can_leave = can_leave
        self._first_attack = first_attack

    def phase_complete(self) -> bool:
        return self._can_leave()

    def first_attack(self) -> bool:
        return self._first_attack


def transitions_of(playbook: Playbook) -> list[dict[str, object]]:
    """The machine as plain data: every allowed move and its guard."""
    moves: list[dict[str, object]] = []
    for phase in playbook.ordered_phases:
        moves.append({"trigger": ADVANCE, "source": phase.id, "dest": phase.next,
                      "conditions": [GUARD]})
        moves.append({"trigger": ATTACK, "source": phase.id, "dest": phase.on_attack})
    # A closed threat-only case whose threat now materialises starts at the acute phase;
    # any other closed case reopens for a repeat. transitions tries them in this order.
    first = playbook.ordered_phases[0]
    moves.append({"trigger": ATTACK, "source": CLOSED, "dest": first.on_attack,
                  "conditions": [FIRST_ATTACK]})
    moves.append({"trigger": ATTACK, "source": CLOSED, "dest": playbook.reopen_on_attack})
    return moves


def states_of(playbook: Playbook) -> list[str]:
    return [p.id for p in playbook.ordered_phases] + [CLOSED]


def build(playbook: Playbook, model: object, machine_cls: type[Machine] = Machine,
          **kwargs: Any) -> Machine:
    return machine_cls(
        model=model,
        states=states_of(playbook),
        transitions=transitions_of(playbook),
        initial=getattr(model, "state", playbook.ordered_phases[0].id),
        auto_transitions=False,  # no to_<state>() helpers that would bypass the guard
        **kwargs,
    )


def fire(playbook: Playbook, phase: str, trigger: str, can_leave: Callable[[], bool],
         first_attack: bool = False) -> str | None:
    """Return the new phase, None when the guard refused, or raise NotAllowed for a wrong move."""
    if trigger not in (ADVANCE, ATTACK):
        raise NotAllowed(f"Onbekende handeling '{trigger}'; kies '{ADVANCE}' of '{ATTACK}'.")
    model = PhaseModel(phase, can_leave, first_attack)
    build(playbook, model)
    try:
        moved = model.trigger(trigger)  # type: ignore[attr-defined]
    except MachineError:
        raise NotAllowed(
            f"Dit kan niet vanuit de fase '{playbook.phase_title(phase)}'."
        ) from None
    return model.state if moved else None


def diagram(playbook: Playbook, fmt: str = "mermaid") -> str | bytes:
    """Mermaid text (pure Python), or SVG bytes through Graphviz `dot`."""
    from transitions.extensions import GraphMachine

    engine = "mermaid" if fmt == "mermaid" else "graphviz"
    model = PhaseModel(playbook.ordered_phases[0].id)
    build(playbook, model, GraphMachine, graph_engine=engine, title=playbook.title,
          show_conditions=True)
    graph = model.get_graph()  # type: ignore[attr-defined]
    drawn: str | bytes = (graph.draw(None) if fmt == "mermaid"
                          else graph.draw(None, format="svg", prog="dot"))
    return drawn
