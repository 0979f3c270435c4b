"""The demo scenario as typed data (`scenario.yaml`): what happens, when, and in whose words."""

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from playbook.config import USER_TZ

SCENARIO_FILE = Path(__file__).with_name("scenario.yaml")


def at(text: str) -> datetime:
    """A Dutch wall-clock time as the scenario writes it."""
    return datetime.fromisoformat(text).replace(tzinfo=USER_TZ)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Moment(_Data):
    at: str
    do: Literal["registreer", "werk", "tot", "aanslag"]
    fase: str | None = None  # for 'tot': the phase (or 'gesloten') to reach
    melding: str | None = None  # for 'aanslag': when it is reported
    schade: str | None = None


class StepNote(_Data):
    skip: str | None = None  # skip with this reason instead of completing
    do: bool = False  # also complete this optional step
    last: bool = False  # after the phase's other steps: it takes days (voornemen, zienswijze)


class ConsentNote(_Data):
    """Consent given to the aftercare team, minutes after the team arrives."""

    person: str
    method: str = "mondeling"
    contact: bool = True  # the contact details may be passed on
    channel: str = "verwijzerslijn"


class IncidentNote(_Data):
    """A disturbance the police recorded, with its date and source (art. 172a lid 1)."""

    day: str  # YYYY-MM-DD
    what: str
    source: str


class MeasureNote(_Data):
    """A measure taken after a voornemen and an oral zienswijze: its words (the fields of
    `decisions.measures.MeasureInput`); the demo fills in the dates and the household."""

    fields: dict[str, Any]
    hearing: str  # the zienswijze as the mayor records it
    hearing_days: int = 7
    incidents: list[IncidentNote] = []  # gebiedsverbod only


class Round(_Data):
    """What police and mayor say about one attack (round)."""

    threat: str
    rapportage: dict[str, str]
    decision: dict[str, Any]
    housing: str
    hearing: str
    meeting_at: str  # the residents' meeting the letters announce (Dutch wall-clock time)
    meeting_place: str
    injured: str = "niet-vrijgegeven"  # as far as the police released it (cases/street.py)
    safety: str = "nog-niet-bekend"  # result of the structural safety check
    police_referrals: list[str] = []  # persons the police referred at the report
    consents: list["ConsentNote"] = []  # consent the aftercare team recorded for a referral
    lifting: str
    steps: dict[str, StepNote] = {}  # this round only; before the scenario's `steps`
    area_ban: MeasureNote | None = None  # a gebiedsverbod (art. 172a Gemeentewet)
    drug_closure: MeasureNote | None = None  # a closure under art. 13b Opiumwet


class Scenario(_Data):
    intake: dict[str, Any]
    actors: dict[str, str]
    names: dict[str, str] = {}  # login -> full name, as documents print it
    timeline: list[Moment]
    steps: dict[str, StepNote] = {}
    rounds: list[Round]
    decision: dict[str, Any]  # the same in every closure decision
    hearing_days: int
    hearing_days_reasons: str
    visit_addresses: list[str]

    def actor(self, partner: str) -> str:
        return self.actors.get(partner, self.actors["default"])

    def round(self, number: int) -> Round:
        """The words of round `number`; a scenario with fewer rounds repeats its last."""
        return self.rounds[min(number, len(self.rounds)) - 1]


@cache
def load_scenario(path: Path = SCENARIO_FILE) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
