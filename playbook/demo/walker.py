"""Walk a case through whatever its playbook requires, like the officers would.

Nothing here names a step: the walker asks the engine which mandatory steps block the phase and
handles each one. A step that an event completes is done by performing the action behind that
event (`actions.py`); any other step is completed by the partner the playbook names for it.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from playbook.cases import service
from playbook.cases.overview import CaseOverview, overview
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED, Playbook
from playbook.demo.scenario import Scenario
from playbook.documents.service import make_checklist
from playbook.engine.checklist import StepItem
from playbook.errors import PlaybookError
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Document

STEP_MINUTES = 20  # simulated time one action takes; fixed, so every run gives the same bytes


class DemoError(PlaybookError):
    """The demo could not do what the playbook asks: say which step, never half-walk silently."""


class Walker:
    def __init__(self, engine: Engine, playbook: Playbook, scenario: Scenario, output: Path,
                 say: Callable[[str], None]):
        self.engine, self.playbook, self.scenario = engine, playbook, scenario
        self.output, self.say = output, say
        self.files: list[Path] = []
        self.reference = ""
        self.clock = datetime.min.replace(tzinfo=UTC)  # placeholder: the intake sets it

    # -- plumbing -------------------------------------------------------------------------
    def tick(self, minutes: int = STEP_MINUTES) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    def write(self, *docs: Document) -> None:
        for doc in docs:
            path = self.output / doc.filename
            path.write_bytes(doc.content)
            self.files.append(path)

    def view(self, session: Session) -> CaseOverview:
        return overview(session, get_case(session, self.reference), self.clock)

    def log(self, text: str) -> None:
        self.say(f"{self.clock:%Y-%m-%d %H:%M}  {text}")

    # -- walking --------------------------------------------------------------------------
    def work_phase(self, due_by: datetime | None = None) -> None:
        """Handle every blocking step of the current phase (and the optional ones the scenario
        asks for), each once; what still blocks afterwards makes `advance` refuse loudly.
        With `due_by`, only the steps due by then: what the team does on arriving in a phase
        it stays in (the reopening at the closure's end), not the weeks of work after it."""
        handled: set[str] = set()
        while True:
            with unit_of_work(self.engine) as session:
                view = self.view(session)
            if view.case.phase == CLOSED:
                return
            wanted = [i for b in view.blocks if b.current for i in b.items
                      if i.status == StepStatus.open and i.step.id not in handled
                      and (i.step.mandatory or self._note(i).do)
                      and (due_by is None or (i.due is not None and i.due <= due_by
                                              and not i.running_text))]
            # A step the scenario marks `last` (a measure with a zienswijze takes days) waits
            # for the rest of the phase, in playbook order otherwise.
            wanted.sort(key=lambda i: self._note(i).last)
            if not wanted:
                return
            handled.add(wanted[0].step.id)
            self.handle(wanted[0])

    def _note(self, item: StepItem):  # type: ignore[no-untyped-def]
        from playbook.demo.scenario import StepNote

        for_round = self.scenario.round(item.round).steps.get(item.step.id)
        return for_round or self.scenario.steps.get(item.step.id, StepNote())

    def handle(self, item: StepItem) -> None:
        from playbook.demo import actions

        step, note = item.step, self._note(item)
        if item.running_text and item.due is not None:
            # A measure still runs (phases/5-herstel.yaml): the municipality waits for its end.
            self.log(f"{item.running_text.split(';')[0]}: de gemeente wacht het einde af")
            self.clock = max(self.clock, item.due + timedelta(hours=9))
            return
        self.tick()
        if note.skip:
            self.set_step(step.id, StepStatus.skipped, self.scenario.actor(step.partner), note.skip)
            self.log(f"{step.title}: overgeslagen ({note.skip})")
            return
        if actions.perform(self, step):
            with unit_of_work(self.engine) as session:
                still_open = any(i.step.id == step.id and i.status == StepStatus.open
                                 for b in self.view(session).blocks for i in b.items)
            if still_open:
                raise DemoError(f"De demo voerde de handeling voor '{step.title}' uit, maar de "
                                "stap staat nog open: klopt 'completed_by' in het draaiboek?")
            return
        self.set_step(step.id, StepStatus.done, self.scenario.actor(step.partner))
        self.log(f"{step.title}: afgerond")

    def set_step(
        self, step_id: str, status: StepStatus, actor: str, reason: str | None = None
    ) -> None:
        with unit_of_work(self.engine) as session:
            service.set_step(session=session, reference=self.reference, step_id=step_id,
                             status=status, reason=reason, actor=actor, now=self.clock)

    def advance(self) -> str:
        """Archive the phase checklist, then move on; the engine refuses while a step blocks."""
        actor = self.scenario.actor("gemeente")
        self.tick()
        with unit_of_work(self.engine) as session:
            self.write(make_checklist(session=session, reference=self.reference, whole_case=False,
                                      actor=actor, now=self.clock))
            case = service.advance(session=session, reference=self.reference, actor=actor,
                                   now=self.clock)
            phase = case.phase
        self.log(f"fase -> {self.playbook.phase_title(phase)}")
        return phase

    def walk_to(self, target: str, until: datetime | None = None) -> None:
        """Walk phase by phase to `target`, then do there what falls due before `until` (the
        scenario's next moment)."""
        phases = {p.id for p in self.playbook.phases} | {CLOSED}
        if target not in phases:
            raise DemoError(f"Het scenario noemt een onbekende fase '{target}'.")
        with unit_of_work(self.engine) as session:
            phase = get_case(session, self.reference).phase
        for _ in range(len(phases) + 1):
            if phase == target:
                if until is not None:
                    self.work_phase(due_by=until)
                return
            self.work_phase()
            phase = self.advance()
        raise DemoError(f"De zaak bereikt de fase '{target}' niet.")
