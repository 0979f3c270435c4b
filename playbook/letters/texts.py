"""Fixed wording of the letters, Dutch first. The resident letter's words live in one YAML file
per language (B1 level), so a municipality adds a language without code."""

from datetime import datetime
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from playbook.deadlines import format_date_nl
from playbook.documents.formatting import local
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
STATUS_LABELS = {"open": "open", "afgerond": "afgerond", "overgeslagen": "overgeslagen",
                 "niet-van-toepassing": "niet van toepassing"}
OBJECT_LABELS = {"woning": "Woning", "bedrijfspand": "Bedrijfspand", "voertuig": "Voertuig",
                 "overig": "Ander object"}
INCIDENT_NL = {"aanslag": "Explosie", "poging": "Poging tot een explosie",
               "aantreffen-explosief": "Explosief aangetroffen", "dreiging": "Dreiging"}


def incident_line(kind: str, object_nl: str, address: str, at: datetime) -> str:
    """The one line every letter names the incident with: what, where, when, in words.
    'Explosie bij woning, Havenstraat 14-2, 9999 AB Rivierstad, op zaterdag 14 maart 2026 om
    02:40' (Dutch local time; the weekday helps a reader place the night)."""
    moment = local(at)
    return (f"{INCIDENT_NL.get(kind, kind)} bij {object_nl}, {address}, "
            f"op {format_date_nl(moment.date(), weekday=True)} om {moment:%H:%M}")


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResidentMeasures(_Words):
    always: str
    closure: str
    # Step id -> the sentence the letter carries once that step is done; data, so a new step
    # that neighbours should hear about is one line in the language file.
    after_steps: dict[str, str] = {}


class Occasion(_Words):
    """Title and opening of one kind of resident letter (first letter or a follow-up)."""

    title: str
    intro: str  # may use {date} (the incident), {end} (closure end), {reopened}


class Labels(_Words):
    """Every fixed word around the text: headings, page footer, letterhead."""

    to_street: str  # {street}
    to_address: str  # {address}
    date: str
    reference: str  # "Ons kenmerk": the letter layout's reference line
    subject: str  # "Onderwerp"
    phone: str
    email: str
    page: str
    page_of: str
    greeting: str
    closing: str
    what_we_do: str
    safety: str
    witnesses: str
    help: str
    damage: str
    meeting: str
    questions: str


class ResidentWords(_Words):
    """One language of the joint resident letter (`letters/lang/bewonersbrief.<lang>.yaml`).
    Every language gets the same typed context (contexts.ResidentLetter); only words differ."""

    language: str  # the language's own name, e.g. "Nederlands", "English"
    months: list[str]  # January first; dates are written "{day} {month} {year}"
    weekdays: list[str]  # Monday first
    date_pattern: str = "{day} {month} {year}"
    labels: Labels
    occasions: dict[str, Occasion]  # eerste, nieuwe-aanslag, verlenging, heropening
    objects: dict[str, str]
    what: dict[str, str]
    injured: dict[str, str]  # InjuredReleased -> sentence
    safety: dict[str, str]  # SafetyResult -> sentence
    roles: dict[str, str]
    measures: ResidentMeasures
    witnesses: str  # {police}, {anonymous}, {tips}
    footage: str
    emergency: str
    help: str  # {shn}
    damage_home: str  # {landlord}
    damage_own: str
    meeting: str  # {date}, {time}, {place}
    meeting_unknown: str
    questions: str  # {contact}


def languages_dir() -> Path:
    return data_dir("templates") / "letters" / "lang"


def resident_languages(folder: Path | None = None) -> list[str]:
    """Every language with a words file: Dutch first, then English, then the rest by code.
    A municipality adds a language by adding a file; no code changes."""
    found = {p.name.split(".")[1] for p in (folder or languages_dir()).glob("bewonersbrief.*.yaml")}
    return sorted(found, key=lambda lang: ({"nl": 0, "en": 1}.get(lang, 2), lang))


@cache
def resident_words(lang: str, folder: Path | None = None) -> ResidentWords:
    path = (folder or languages_dir()) / f"bewonersbrief.{lang}.yaml"
    try:
        words = ResidentWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise DefinitionError(f"{path}: geen teksten voor de taal '{lang}'") from None
    except ValidationError as exc:
        raise DefinitionError(f"{path}: " + "; ".join(describe_errors(exc))) from None
    occasions = {"eerste", "nieuwe-aanslag", "verlenging", "heropening"}
    missing = sorted(occasions - set(words.occasions))
    if len(words.months) != 12 or len(words.weekdays) != 7 or missing:
        raise DefinitionError(f"{path}: 12 maanden, 7 weekdagen en de soorten brief "
                              f"{', '.join(missing) or ''} zijn nodig")
    return words


def resident_measures(*, closure: bool, done: set[str], lang: str = "nl") -> list[str]:
    """Keys of what the letter reports as done: 'always', 'closure' and step ids; the words
    come from the language file, so the context is the same in every language."""
    known = resident_words(lang).measures.after_steps
    return ["always", *(["closure"] if closure else []), *(s for s in known if s in done)]


TEAM_TALKING_POINTS = [
    "Stel u voor met naam en organisatie; laat uw legitimatie zien.",
    "Vertel wat er is gebeurd, zonder namen of details van de getroffen bewoners.",
    "Vraag hoe het gaat en of er schade is aan woning, auto of spullen.",
    (
        "Wijs op Slachtofferhulp Nederland (0900-0101) en vraag of iemand doorverwezen wil "
        "worden; alleen met toestemming."
    ),
    (
        "Vraag of iemand iets heeft gezien of gehoord: politie 0900-8844 of anoniem via "
        "Meld Misdaad Anoniem 0800-7000."
    ),
    (
        "Vertel dat schade aan de woning bij de verhuurder en eigen schade bij de eigen "
        "verzekeraar gemeld wordt."
    ),
    "Geef het contactpunt van de gemeente en vertel wanneer de bewonersbijeenkomst is.",
    "Let op wie extra hulp nodig heeft (ouderen, kinderen, mensen die niet zelfredzaam zijn).",
]

TEAM_SAFETY = [
    "Ga altijd met ten minste twee personen; de wijkagent loopt mee.",
    "Ga niet naar binnen bij het getroffen adres en blijf buiten een afzetting.",
    "Ziet u iets verdachts of voelt u zich niet veilig? Stop het bezoek en bel 112.",
    "Noem geen namen of details van de getroffen bewoners en beloof niets over de sluiting.",
    "Deel geen persoonsgegevens van de ene bewoner met de andere; noteer alleen wat in de "
    "contactlog hoort.",
    "Meld ieder incident tijdens het bezoek direct aan de wijkagent en het contactpunt van de "
    "gemeente.",
]

TEAM_RECORD_ITEMS = [
    "Adres en of er iemand thuis was",
    "Vragen en zorgen van de bewoners",
    "Schade en wie die meldt",
    "Wie toestemming geeft voor doorverwijzing naar Slachtofferhulp",
    "Wie niet zelfredzaam is of extra hulp nodig heeft",
    "Afspraken en wie ze opvolgt",
]
