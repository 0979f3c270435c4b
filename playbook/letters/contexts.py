"""The typed context of every letter template. A template sees only what its model holds,
which is how the resident letter is kept free of the targeted household's details."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from playbook.definition.models import Contact, Municipality
from playbook.letters.texts import ResidentWords


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
    lifted: str = ""  # a measure's lifting: "het gebiedsverbod" (decisions/measures_lifting.py)
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


class ResidentSignatory(_Context):
    partner: str  # a partner id: the role is read from the language file
    organisation: str
    name: str | None


class ResidentLetter(LetterBase):
    """The joint letter to neighbours. Language-neutral facts (keys, dates, contacts) plus the
    words of one language file: every language is filled from the same facts."""

    addressee: str | None = None  # a neighbour's address when letters are personalised
    street: str
    city: str
    occasion: str  # eerste | nieuwe-aanslag | verlenging | heropening
    incident_kind: str  # key into words.what
    object_type: str  # key into words.objects
    incident_date: date
    injured: str  # InjuredReleased key
    safety: str  # SafetyResult key
    measures: list[str]  # keys: always, closure, step ids
    closure_end: date | None
    reopened_on: date | None
    meeting_date: date | None
    meeting_time: str | None  # "19:30", local time
    meeting_place: str | None
    meeting: str | None  # free text (older callers); the structured fields win
    police_phone: str
    anonymous_phone: str
    tips_web: str
    anonymous_web: str
    shn_phone: str
    contact: Contact
    housing_corporation: Contact | None
    signatories: list[ResidentSignatory]
    words: ResidentWords


class ReferralLetter(LetterBase):
    """A municipal referral to Slachtofferhulp Nederland. Contact details only when the
    consent covers them; every date in Dutch words."""

    person_name: str
    person_role: str  # a label: "Omwonende", never a code
    contact: str | None  # None: not covered by the consent, or not known
    contact_covered: bool
    language: str  # a word: "Nederlands", "Engels"
    children: int
    needs: str | None
    incident: str
    address: str
    sender: Contact
    route: str
    channel: str
    consent_given_by: str
    consent_given_at: datetime
    consent_method: str
    consent_purpose: str


class TeamBriefing(LetterBase):
    street: str
    city: str
    incident: str
    visit_addresses: list[str]
    talking_points: list[str]
    record_items: list[str]
    contacts: list[Contact]
    team: list[str]
    safety_instructions: list[str]
    meeting_date: date | None
    meeting_time: str | None  # "19:30", local time
    meeting_place: str | None
    log_rows: int  # empty rows in the contact log, besides one per address
