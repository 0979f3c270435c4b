"""Consent for a referral to Slachtofferhulp Nederland: the rules, free of I/O.

Two routes, as in practice (docs/verwijzing.md):
- politie: the police refer a victim who reports, at the report. That rests on art. 18 lid 1
  Wet politiegegevens with art. 4:2 Besluit politiegegevens (provision to Slachtofferhulp
  Nederland), opt-out: the victim may object. No consent; the municipality records only that it
  happened (route, date, channel).
- gemeente: the municipality refers neighbours, witnesses and others it meets. It has no such
  provision, so the ground is consent (art. 6 lid 1 onder a AVG), which must be specific and
  informed (art. 4 onder 11 AVG), provable by the controller (art. 7 lid 1 AVG) and withdrawable
  (art. 7 lid 3 AVG). Consent is therefore tied to this incident (the current attack round) and
  to this purpose; consent given before the incident or for another purpose does not count.

Saying no: before consent is in force it is a refusal (its own record); once consent is in force
it is a withdrawal of that consent (art. 7 lid 3 AVG), never both. The latest statement per person
and purpose counts: a consent given after a refusal lifts it.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from playbook.documents.formatting import datetime_nl


class Route(StrEnum):
    police = "politie"
    municipality = "gemeente"


class Channel(StrEnum):
    """How the referral reached Slachtofferhulp Nederland."""

    report = "aangifte"  # police systems, at the report (politie only)
    line = "verwijzerslijn"  # Slachtofferhulp's referral line for professionals
    form = "online-formulier"  # Slachtofferhulp's online referral form


class Purpose(StrEnum):
    referral = "verwijzing-slachtofferhulp"
    aftercare = "contact-nazorg"  # the municipality's own aftercare contact
    landlord = "gegevens-verhuurder"  # passing details to the landlord or housing corporation


class Method(StrEnum):
    oral = "mondeling"
    written = "schriftelijk"
    phone = "telefonisch"
    digital = "digitaal"


ROUTE_LABELS: dict[str, str] = {
    Route.police: "politie, bij de aangifte (art. 18 Wpg jo. art. 4:2 Bpg)",
    Route.municipality: "gemeente, met toestemming (art. 6 lid 1 onder a AVG)",
}
CHANNEL_LABELS: dict[str, str] = {
    Channel.report: "bij de aangifte, via de politie",
    Channel.line: "verwijzerslijn voor professionals van Slachtofferhulp Nederland",
    Channel.form: "online verwijsformulier van Slachtofferhulp Nederland",
}
PURPOSE_LABELS: dict[str, str] = {
    Purpose.referral: "doorverwijzing naar Slachtofferhulp Nederland",
    Purpose.aftercare: "contact door de nazorg van de gemeente",
    Purpose.landlord: "gegevens delen met de verhuurder of woningcorporatie",
}
METHOD_LABELS: dict[str, str] = {m: m.value for m in Method}
MUNICIPAL_CHANNELS = (Channel.line, Channel.form)


@dataclass(frozen=True)
class ConsentFacts:
    """What the rule needs from a consent record."""

    purpose: str
    given_at: datetime
    round: int
    withdrawn_at: datetime | None


def refusal(consent: ConsentFacts, *, incident_at: datetime, round: int) -> str | None:
    """Why this consent does not carry a municipal referral for the incident of `round` that
    happened at `incident_at`; None when it does."""
    if consent.withdrawn_at is not None:
        return (
            f"de toestemming is op {datetime_nl(consent.withdrawn_at)} ingetrokken "
            "(art. 7 lid 3 AVG)"
        )
    if consent.purpose != Purpose.referral:
        label = PURPOSE_LABELS.get(consent.purpose, consent.purpose)
        return (
            f"de toestemming is gegeven voor {label}, niet voor doorverwijzing naar "
            "Slachtofferhulp Nederland; toestemming geldt alleen voor het doel waarvoor zij "
            "is gegeven (art. 6 lid 1 onder a en art. 4 onder 11 AVG)"
        )
    if consent.given_at < incident_at or consent.round != round:
        return (
            f"de toestemming is gegeven op {datetime_nl(consent.given_at)}, vóór het "
            f"incident van {datetime_nl(incident_at)}; zij geldt niet voor dit incident. "
            "Vraag opnieuw toestemming (art. 4 onder 11 AVG: specifiek)"
        )
    return None


@dataclass(frozen=True)
class RefusalFacts:
    """What the rule needs from a recorded refusal."""

    refused_at: datetime
    method: str


def in_force(consent: ConsentFacts, purpose: str, *, incident_at: datetime, round: int) -> bool:
    """Does this consent carry `purpose` for the incident of `round` now? (As `refusal`, for
    any purpose.)"""
    return (consent.withdrawn_at is None and consent.purpose == purpose
            and consent.given_at >= incident_at and consent.round == round)


def refused_later(said_no: RefusalFacts | None, consent_given_at: datetime | None) -> str | None:
    """Why a referral is refused because the person's latest statement is a refusal: none, or
    one made after the consent in force; None when a later consent lifted it. Without consent
    there is no ground at all (art. 6 lid 1 onder a AVG); consent must be freely given and a
    no must be respected (art. 4 onder 11 AVG)."""
    if said_no is None or (consent_given_at is not None and consent_given_at > said_no.refused_at):
        return None
    how = METHOD_LABELS.get(said_no.method, said_no.method)
    return (
        f"op {datetime_nl(said_no.refused_at)} ({how}) gezegd niet te willen worden "
        "doorverwezen naar Slachtofferhulp Nederland, en daarna geen toestemming gegeven. "
        "De gemeente verwijst alleen met toestemming (art. 6 lid 1 onder a en art. 4 onder 11 "
        "AVG: vrij gegeven)"
    )


def _known(method: str, purpose: str, how: str, what: str) -> list[str]:
    """How and for what, shared by a consent and a refusal (each with its own field names)."""
    problems = []
    if method not in {m.value for m in Method}:
        problems.append(f"{how}: '{method}' is onbekend; kies {', '.join(Method)}")
    if purpose not in {p.value for p in Purpose}:
        problems.append(f"{what}: '{purpose}' is onbekend; kies {', '.join(Purpose)}")
    return problems


def check_refusal(*, refused_at: datetime, now: datetime, method: str, purpose: str) -> list[str]:
    """Problems with a refusal about to be recorded, in Dutch, per field (names other than the
    consent form's, so both forms on one page show their own problems)."""
    problems = ["geweigerd op: ligt in de toekomst"] if refused_at > now else []
    return problems + _known(method, purpose, "hoe geweigerd", "waarvoor geweigerd")


def check_new(
    *, given_at: datetime, now: datetime, given_by: str, method: str, purpose: str
) -> list[str]:
    """Problems with a consent about to be recorded, in Dutch, per field."""
    problems = []
    if given_at > now:
        problems.append("gegeven op: ligt in de toekomst")
    if len(given_by.strip()) < 2:
        problems.append("gegeven door: vul in wie de toestemming gaf")
    return problems + _known(method, purpose, "wijze", "doel")


def parse_local(value: str | None, field: str) -> datetime | None:
    """'2025-03-07 10:15' as typed by a Dutch user: Amsterdam wall-clock time."""
    from playbook.config import USER_TZ
    from playbook.errors import InvalidInput

    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            [f"{field}: '{value[:40]}' is geen datum en tijd (JJJJ-MM-DD UU:MM)"]
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=USER_TZ)


def check_channel(route: Route, channel: str) -> list[str]:
    allowed = (Channel.report, *MUNICIPAL_CHANNELS) if route == Route.police else MUNICIPAL_CHANNELS
    if channel not in allowed:
        return [
            f"kanaal: '{channel}' past niet bij de route {route.value}; kies " + ", ".join(allowed)
        ]
    return []
