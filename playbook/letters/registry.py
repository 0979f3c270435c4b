"""Every letter kind, declared once: its template, typed context, the partners who may read it,
the permission to make it, the step event it completes and its Dutch name.

The CLI (`playbook brief`), the web letter menu, partner inboxes and downloads, municipal
overrides and the tests all read this table. Adding a letter is a template, a context class and
one `register(LetterKind(...))`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session

from playbook.definition.enums import DocumentKind, Partner
from playbook.definition.events import Event
from playbook.errors import DefinitionError
from playbook.letters import contexts as ctx
from playbook.letters import service
from playbook.letters import texts as words
from playbook.resources import data_dir
from playbook.storage.tables import Case, Document


@dataclass(frozen=True)
class LetterRequest:
    """What a user asks for when making a letter by hand (CLI, web, API)."""

    actor: str
    now: datetime
    person_id: int | None = None
    request_id: int | None = None
    addresses: list[str] | None = None
    meeting: str | None = None
    occasion: str | None = None  # a variant (resident letter: eerste, heropening, ...)
    channel: str | None = None  # referral: verwijzerslijn or online-formulier


Maker = Callable[[Session, Case, LetterRequest], list[Document]]


@dataclass(frozen=True)
class LetterKind:
    kind: str  # a DocumentKind value: file names, the YAML's `document:`, the inbox
    title: str  # Dutch name: menu, CLI help, partner inboxes
    template: str  # under templates/letters/; "{lang}" in it for a letter per language
    context: type[ctx.LetterBase]
    readers: frozenset[str] = frozenset()  # partners who get it in their inbox
    permission: str = "letter:create"  # web/security.py PERMISSIONS key
    completes: Event | None = None  # emitted when the letter is stored
    languages: tuple[str, ...] = ("nl",)
    # Made on request (CLI `brief`, the case page's menu); None: made by its lifecycle (decisions).
    make: Maker | None = field(default=None, compare=False)
    texts: type[BaseModel] | None = None  # typed wording in `lang/<kind>.<lang>.yaml`
    in_menu: bool = True  # offered on the case page (requests are made with their request)
    # The template for a language without its own file (the resident letter: one shared
    # template, the words from `lang/<kind>.<lang>.yaml`, so a language is a file, not code).
    shared_template: str | None = None
    # Variations of the same letter, each with its own title and file name (the resident
    # letter's occasions); the words file holds each variation's title and opening.
    variants: tuple[str, ...] = ()
    # Its name in the list of a case's documents, where what it is about follows
    # ("Sluitingsbesluit, sluiting van 3 april 2025"); the title when not set.
    short: str | None = None

    def template_for(self, lang: str = "nl", folder: Path | None = None) -> str:
        """The language's own template (the municipality's or the shipped one), else the shared
        one."""
        own = self.template.format(lang=lang)
        if self.shared_template is None or any(
                (root / own).is_file() for root in (folder, data_dir("templates") / "letters")
                if root is not None):
            return own
        return self.shared_template

    @property
    def per_language(self) -> bool:
        return len(self.languages) > 1

    @property
    def menu_label(self) -> str:
        return f"{self.title} ({' + '.join(self.languages)})" if self.per_language else self.title


KINDS: dict[str, LetterKind] = {}


def register(entry: LetterKind) -> LetterKind:
    if entry.kind in KINDS:
        raise DefinitionError(f"Brief '{entry.kind}' staat al in het register.")
    KINDS[entry.kind] = entry
    return entry


def get(kind: str) -> LetterKind | None:
    return KINDS.get(kind)


def on_request() -> list[LetterKind]:
    """Letters a user makes by hand, in declaration order (CLI choices, web menu)."""
    return [k for k in KINDS.values() if k.make is not None]


def menu() -> list[LetterKind]:
    """The case page's letter menu."""
    return [k for k in on_request() if k.in_menu]


def permission_for(kind: str) -> str:
    """The permission to make a letter of this kind (an unknown kind: the general one, and the
    service then names the choices)."""
    entry = KINDS.get(kind)
    return entry.permission if entry else "letter:create"


def readers(kind: str) -> frozenset[str]:
    entry = KINDS.get(kind)
    return entry.readers if entry else frozenset()


def kinds_for_partner(partner: str | None) -> list[str]:
    return [k.kind for k in KINDS.values() if partner in k.readers]


def templates() -> dict[str, type[ctx.LetterBase]]:
    """Template file name -> the context it is rendered with (municipal override checks)."""
    own = {k.template.format(lang=lang): k.context for k in KINDS.values() for lang in k.languages}
    return {**own, **{k.shared_template: k.context for k in KINDS.values() if k.shared_template}}


def title_of(kind: str, *, in_list: bool = False) -> str:
    """How a document kind reads for a person, never its code: the letter's title, or its
    short name in a list of a case's documents. A document that is no letter (the checklist)
    by its kind in words."""
    entry = KINDS.get(kind)
    if entry is None:
        return kind.replace("-", " ").capitalize()
    return (entry.short or entry.title) if in_list else entry.title


def choices() -> str:
    return ", ".join(k.kind for k in on_request())


# --- The national letters -------------------------------------------------------------------

_DECISION_READERS = frozenset({Partner.politie, Partner.woningcorporatie})

register(LetterKind(
    DocumentKind.bewonersbrief, "Gezamenlijke bewonersbrief", "bewonersbrief.{lang}.html.j2",
    ctx.ResidentLetter, readers=frozenset({Partner.politie, Partner.woningcorporatie,
                                           Partner.slachtofferhulp}),
    # At least Dutch and English; every `lang/bewonersbrief.<lang>.yaml` adds a language.
    completes=Event.resident_letter_sent, languages=("nl", "en"), make=service.make_resident,
    texts=words.ResidentWords, shared_template="bewonersbrief.html.j2",
    variants=service.RESIDENT_OCCASIONS, short="Bewonersbrief"))
register(LetterKind(
    DocumentKind.verwijzing_slachtofferhulp, "Verwijzing Slachtofferhulp",
    "verwijzing-slachtofferhulp.html.j2", ctx.ReferralLetter,
    readers=frozenset({Partner.slachtofferhulp}), completes=Event.referral_sent,
    make=service.make_referral))
register(LetterKind(
    DocumentKind.opdracht_nazorgteam, "Opdracht nazorgteam", "opdracht-nazorgteam.html.j2",
    ctx.TeamBriefing, readers=frozenset({Partner.politie, Partner.woningcorporatie}),
    make=service.make_briefing))
register(LetterKind(
    DocumentKind.verzoek_bestuurlijke_rapportage, "Verzoek om een bestuurlijke rapportage",
    "verzoek.html.j2", ctx.RequestLetter, readers=frozenset({Partner.politie}),
    make=partial(service.make_request, wanted="bestuurlijke-rapportage"), in_menu=False,
    short="Verzoek bestuurlijke rapportage (politie)"))
register(LetterKind(
    DocumentKind.verzoek_39f, "Verzoek om strafvorderlijke gegevens (art. 39f Wjsg)",
    "verzoek.html.j2", ctx.RequestLetter, readers=frozenset({Partner.om}),
    make=partial(service.make_request, wanted="39f"), in_menu=False,
    short="Verzoek justitiële gegevens (OM, art. 39f Wjsg)"))
register(LetterKind(
    DocumentKind.voornemen_sluiting, "Voornemen tot sluiting", "besluit.html.j2",
    ctx.DecisionLetter, permission="decision:write"))
for _kind, _title in ((DocumentKind.sluitingsbesluit, "Besluit tot sluiting"),
                      (DocumentKind.verlengingsbesluit, "Besluit tot verlenging van de sluiting"),
                      (DocumentKind.opheffingsbesluit, "Besluit tot opheffing van de sluiting")):
    register(LetterKind(_kind, _title, "besluit.html.j2", ctx.DecisionLetter,
                        readers=_DECISION_READERS, permission="decision:write",
                        short=_kind.value.capitalize()))  # "Sluitingsbesluit"

# The other measures as decisions (issue 13): one entry each, made by the decision lifecycle.
from playbook.decisions import measures_letters as _measures  # noqa: E402

for _kind, _title, _context in (
        (DocumentKind.cameratoezicht, "Aanwijzingsbesluit cameratoezicht", _measures.CameraLetter),
        (DocumentKind.gebiedsverbod, "Gebiedsverbod", _measures.AreaBanLetter),
        (DocumentKind.sluiting_13b, "Sluiting (art. 13b Opiumwet)", _measures.DrugClosureLetter)):
    register(LetterKind(_kind, _title, _measures.TEMPLATES[_kind.value], _context,
                        readers=_DECISION_READERS, permission="decision:write"))
