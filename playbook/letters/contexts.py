"""The typed context of every letter template. A template sees only what its model holds,
which is how the resident letter is kept free of the targeted household's details."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from playbook.definition.models import Contact, Municipality


class _Context(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signatory(_Context):
    role: str
    name: str


class LetterBase(_Context):
    title: str
    subject: str
    reference: str
    lang: str = "nl"
    letter_date: date
    municipality: Municipality
    pdf_dates: dict[str, str]


class LetterAddressee(_Context):
    name: str
    capacity: str
    made_known: str | None  # "7 maart 2025, uitreiking"
    bezwaar_deadline: list[str]  # the derivation: for screens and the dossier, not the letter
    made_known_on: date | None = None
    bezwaar_until: date | None = None  # the last day to object (art. 6:7, 6:8 Awb, Atw)


class Recipient(_Context):
    """One postal address in a letter's addressee block, with everyone living there."""

    names: list[str]
    lines: list[str]  # "Havenstraat 14-2", "9999 AB Rivierstad"


class DecisionLetter(LetterBase):
    kind: str  # voornemen-sluiting | sluitingsbesluit | verlengingsbesluit | opheffingsbesluit
    decision_kind: str  # sluiting | verlenging | opheffing | noodbevel
    decision_id: int
    addressee: str
    addressees: list[LetterAddressee]
    kenmerk: str = ""  # this decision's own reference: "GM9999-2025-0001/2"
    recipients: list[Recipient] = []  # the addressee block: occupants (or all addressees)
    copies: list[str] = []  # "afschrift aan": owner, landlord, housing corporation
    hearing_until: date | None = None  # last day of the zienswijze term (art. 4:8 Awb)
    address: str
    object_type: str
    ground_article: str
    ground_summary: str
    facts: str
    rapportage_date: date | None
    seriousness: str
    recurrence: str
    suitability: str
    necessity: str
    balance: str
    balance_owner: str
    children_count: int
    children_ages: str | None
    children_school: str | None
    children_effect: str | None
    alternative_housing: str | None
    duration_days: int | None
    duration_reasons: str
    duration_over_policy_reasons: str | None
    start_date: date | None
    start_time: str | None  # "22:00"
    end_date: date | None
    current_end_date: date | None  # for an extension: the end it moves
    parent_reference: str | None
    entry_ban_basis: str
    entry_access: str
    enforcement: str
    hearing: str | None
    intent_on: date | None
    hearing_deadline: list[str]
    hearing_outcome: str | None
    urgency_reasons: str | None
    mayor: str
    decided_on: date | None
    made_known_on: date | None
    made_known_how: str | None
    bezwaar_deadline: list[str]


class RequestLetter(LetterBase):
    addressee: str
    addressee_address: str | None = None
    legal_basis: str
    purpose: str
    address: str
    object_type: str
    incident: str
    questions: list[str]
    answer_due: date
    contact: Contact


class ResidentLetter(LetterBase):
    addressee: str | None = None  # a neighbour's address when letters are personalised
    street: str
    city: str
    incident_date: date
    what_happened: str
    measures: list[str]
    meeting: str | None
    contact: Contact
    housing_corporation: Contact | None
    signatories: list[Signatory]


class ReferralLetter(LetterBase):
    person_name: str
    person_role: str
    contact: str | None
    language: str
    children: int
    needs: str | None
    consent_at: date
    incident: str
    address: str
    sender: Contact


class TeamBriefing(LetterBase):
    street: str
    city: str
    incident: str
    visit_addresses: list[str]
    talking_points: list[str]
    record_items: list[str]
    contacts: list[Contact]
    team: list[str]
