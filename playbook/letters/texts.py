"""Fixed wording of the letters, Dutch first. The resident letter's words live in one YAML file
per language (B1 level), so a municipality adds a language without code."""

from datetime import datetime
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from playbook.documents.formatting import datetime_nl
from playbook.errors import DefinitionError
from playbook.resources import data_dir
from playbook.validation import describe_errors

DECISION_TITLES = {
    "voornemen-sluiting": "Voornemen tot sluiting",
    "sluitingsbesluit": "Besluit tot sluiting",
    "verlengingsbesluit": "Besluit tot verlenging van de sluiting",
    "opheffingsbesluit": "Besluit tot opheffing van de sluiting",
}

REQUEST_TITLES = {
    "bestuurlijke-rapportage": "Verzoek om een bestuurlijke rapportage",
    "39f": "Verzoek om strafvorderlijke gegevens (art. 39f Wjsg)",
}

PERSON_ROLES = {"doelwit": "Bewoner van het getroffen adres (doelwit)",
                "bewoner": "Bewoner van het getroffen adres", "omwonende": "Omwonende",
                "getuige": "Getuige"}
INCIDENT_NL = {"aanslag": "Explosie", "poging": "Poging tot een explosie",
               "aantreffen-explosief": "Explosief aangetroffen", "dreiging": "Dreiging"}


def language_name(code: str) -> str:
    """'en' -> 'Engels': a language as a Dutch word (CLDR via Babel)."""
    from babel import Locale

    name = Locale("nl").languages.get(code.split("-")[0].lower())
    return name[:1].upper() + name[1:] if name else code


def incident_nl(kind: str, object_nl: str, at: datetime) -> str:
    """'Explosie bij woning op 7 maart 2025 02:40', one date format throughout."""
    return f"{INCIDENT_NL.get(kind, kind)} bij {object_nl} op {datetime_nl(at)}"


class ResidentMeasures(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    always: str
    closure: str
    # Step id -> the sentence the letter carries once that step is done; data, so a new step
    # that neighbours should hear about is one line in the language file.
    after_steps: dict[str, str] = {}


class ResidentWords(BaseModel):
    """One language of the joint resident letter: `templates/letters/lang/bewonersbrief.<lang>.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    objects: dict[str, str]
    what: dict[str, str]
    roles: dict[str, str]
    measures: ResidentMeasures


@cache
def resident_words(lang: str) -> ResidentWords:
    path = data_dir("templates") / "letters" / "lang" / f"bewonersbrief.{lang}.yaml"
    try:
        return ResidentWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise DefinitionError(f"{path}: geen teksten voor de taal '{lang}'") from None
    except ValidationError as exc:
        raise DefinitionError(f"{path}: " + "; ".join(describe_errors(exc))) from None


def resident_measures(lang: str, *, closure: bool, done: set[str]) -> list[str]:
    words = resident_words(lang).measures
    measures = [words.always]
    if closure:
        measures.append(words.closure)
    return measures + [text for step, text in words.after_steps.items() if step in done]


TEAM_TALKING_POINTS = [
    "Stel u voor met naam en organisatie; laat uw legitimatie zien.",
    "Vertel wat er is gebeurd, zonder namen of details van de getroffen bewoners.",
    "Vraag hoe het gaat en of er schade is aan woning, auto of spullen.",
    "Wijs op Slachtofferhulp Nederland (0900-0101) en vraag of iemand doorverwezen wil worden; alleen met toestemming.",
    "Vraag of iemand iets heeft gezien of gehoord: politie 0900-8844 of anoniem via Meld Misdaad Anoniem 0800-7000.",
    "Vertel dat schade aan de woning bij de verhuurder en eigen schade bij de eigen verzekeraar gemeld wordt.",
    "Geef het contactpunt van de gemeente en vertel wanneer de bewonersbijeenkomst is.",
    "Let op wie extra hulp nodig heeft (ouderen, kinderen, mensen die niet zelfredzaam zijn).",
]

TEAM_RECORD_ITEMS = [
    "Adres en of er iemand thuis was",
    "Vragen en zorgen van de bewoners",
    "Schade en wie die meldt",
    "Wie toestemming geeft voor doorverwijzing naar Slachtofferhulp",
    "Wie niet zelfredzaam is of extra hulp nodig heeft",
    "Afspraken en wie ze opvolgt",
]
