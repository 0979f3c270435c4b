"""What the letters share: the address and incident in words, the fields of every letter
context, a partner's contact."""

from datetime import datetime
from typing import Any

from playbook.config import USER_TZ
from playbook.definition.enums import Partner
from playbook.definition.models import Contact, Playbook
from playbook.documents.render import pdf_dates
from playbook.letters import texts
from playbook.storage.tables import Case

OBJECT_NL = {"woning": "woning", "bedrijfspand": "bedrijfspand", "voertuig": "voertuig",
             "overig": "object"}


def address_lines(case: Case) -> list[str]:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return [f"{case.street} {case.house_number}{suffix}", f"{case.postcode} {case.city}"]


def postal_lines(address: str) -> list[str]:
    """An address typed on one line ("Dijkweg 8, 9999 CD Rivierstad") as the lines an envelope
    window shows: street, then postcode and place."""
    return [part.strip() for part in address.split(",") if part.strip()]


def address_of(case: Case) -> str:
    return ", ".join(address_lines(case))


def base_fields(case: Case, playbook: Playbook, title: str, now: datetime,
                lang: str = "nl") -> dict[str, Any]:
    """The fields every letter context shares (LetterBase)."""
    return {"title": title, "subject": f"{title}, zaak {case.reference}",
            "reference": case.reference,
            "lang": lang, "letter_date": now.astimezone(USER_TZ).date(),
            "municipality": playbook.municipality, "pdf_dates": pdf_dates(now)}


def partner_contact(playbook: Playbook, partner: Partner, fallback: str) -> Contact:
    return playbook.municipality.partners.get(partner) or Contact(name=fallback)


def incident_line(case: Case) -> str:
    """The incident as every letter names it (texts.incident_line): one wording everywhere."""
    return texts.incident_line(case.incident_kind, OBJECT_NL[case.object_type],
                               address_of(case), case.incident_at)
