"""The database tables. Case state lives here; the playbook definition is pinned as a snapshot."""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


def _at(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class PlaybookSnapshot(SQLModel, table=True):
    """The merged playbook a case was started with, by content hash."""

    __tablename__ = "playbook_snapshot"
    id: str = Field(primary_key=True, max_length=64)
    version: str
    title: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _at(nullable=False)


class Case(SQLModel, table=True):
    __tablename__ = "zaak"
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, index=True, max_length=32)
    municipality_code: str = Field(index=True, max_length=6)
    street: str
    house_number: int
    house_suffix: str | None = None
    postcode: str = Field(index=True, max_length=7)
    city: str
    object_type: str
    incident_kind: str
    occurred_at: datetime = _at(nullable=False)
    # Start of the current round's attack (or threat); indexed: lists sort on it.
    incident_at: datetime = _at(nullable=False, index=True)
    damage: str | None = None
    injured: int = 0
    publicly_accessible: bool = False
    closure: bool = False
    # Facts that decide which steps apply (issue 8): household, building, ownership.
    residents_displaced: bool = False
    vehicle_at_home: bool = False  # a vehicle that stood at the target's home (174a lid 1 b)
    children: bool = False
    tenure: str | None = None  # koop | sociale-huur | particuliere-huur
    mixed_use: bool = False  # e.g. a shop with flats above
    business_kind: str | None = None  # winkel | horeca | overig
    public_building: bool = False
    occupant_involved: bool = False  # the occupant is an offender (cost recovery, tenancy)
    earlier_attacks: int = 0  # attacks on this address before it was registered here
    # One blast that hits several addresses or vehicles: one incident, a case for each.
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    phase: str = Field(index=True)
    round: int = 1
    attacks: int = 0
    closed_at: datetime | None = _at(nullable=True)
    playbook_id: str = Field(foreign_key="playbook_snapshot.id")
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)
    version: int = Field(default=1, nullable=False)
    # Read model (issue 9), kept by playbook/cases/readmodel.py in the transaction of every
    # change: lists read these instead of rebuilding the engine's view of each case.
    next_due_at: datetime | None = _at(nullable=True)  # earliest due time of an open live step
    phase_title: str | None = None
    phase_order: int = 0  # sorts the list by phase in playbook order
    open_mandatory: int = 0  # open mandatory steps of the current phase
    overdue_count: int = 0  # as of summary_at; lists compare next_due_at with the clock
    overdue_steps: str | None = None  # titles, "; "-separated, as of summary_at
    summary_at: datetime | None = _at(nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # Optimistic locking: a write based on a stale read raises StaleDataError.
        # SQLAlchemy sets __table__ on every mapped class; SQLModel's stubs do not declare it.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Person(SQLModel, table=True):
    __tablename__ = "persoon"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    name: str
    role: str
    self_reliant: bool = True
    language: str = "nl"
    contact: str | None = None
    children: int = 0
    address: str | None = None  # only for neighbours the aftercare team visits
    needs: str | None = None  # urgent needs, for the Slachtofferhulp referral
    shn_consent: bool = False
    shn_consent_at: datetime | None = _at(nullable=True)
    created_at: datetime = _at(nullable=False)
    # The household, structured (issue 7): a child is a person with a birth date or an age.
    birth_date: date | None = None
    age: int | None = None  # when the birth date is unknown; as recorded on created_at
    # How the person relates to the premises: bewoner, eigenaar-bewoner, gebruiker, eigenaar,
    # verhuurder, woningcorporatie (None: no relation, e.g. a neighbour or witness).
    relation: str | None = None


class StepState(SQLModel, table=True):
    """Last recorded status of a step in one round; history is in the audit trail."""

    __tablename__ = "stap"
    __table_args__ = (UniqueConstraint("case_id", "round", "step_id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    step_id: str
    status: str
    reason: str | None = None
    actor: str
    at: datetime = _at(nullable=False)
    # Fixed when the step opens (its anchor known), so every document shows the same due time.
    due_at: datetime | None = _at(nullable=True)


class PhaseEntry(SQLModel, table=True):
    """Append-only: each time a case enters a phase."""

    __tablename__ = "fase_overgang"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    phase: str
    from_phase: str | None = None
    trigger: str
    actor: str
    at: datetime = _at(nullable=False)


class Document(SQLModel, table=True):
    """A generated PDF; the bytes live in the database so the record and file commit together."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("case_id", "kind", "scope", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str
    scope: str = ""  # e.g. phase id for a phase checklist, person id for a referral
    version: int
    step_id: str | None = None
    filename: str
    sha256: str = Field(max_length=64)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    actor: str
    created_at: datetime = _at(nullable=False)
    # Set when a background job stored it (job id + item): a redelivered item is skipped.
    job_key: str | None = Field(default=None, unique=True, index=True, max_length=64)


class InformationRequest(SQLModel, table=True):
    """A request to the police (bestuurlijke rapportage) or the OM (art. 39f Wjsg).

    Holds the answer too.
    """

    __tablename__ = "informatieverzoek"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str  # bestuurlijke-rapportage | 39f
    requested_on: date
    answer_due: date
    purpose: str
    requested_by: str
    answered_on: date | None = None
    facts: str | None = None
    earlier_incidents: str | None = None
    recurrence: str | None = None
    vulnerable_occupants: str | None = None
    measures_taken: str | None = None
    shareable: str | None = None  # which parts may be shown to the occupant
    round: int = 1  # the attack (round) the request and its answer belong to


class Decision(SQLModel, table=True):
    """A closure decision (or its extension or lifting) from draft to made known."""

    __tablename__ = "besluit"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str  # sluiting | verlenging | opheffing
    parent_id: int | None = Field(default=None, foreign_key="besluit.id")
    status: str  # concept | voornemen | genomen | bekendgemaakt
    ground: str | None = None
    facts: str | None = None
    seriousness: str | None = None
    recurrence: str | None = None
    necessity: str | None = None
    balance: str | None = None
    alternative_housing: str | None = None
    duration_days: int | None = None
    duration_reasons: str | None = None
    start_date: date | None = None
    hearing: str | None = None  # zienswijze | spoed
    intent_on: date | None = None
    hearing_days: int | None = None
    hearing_outcome: str | None = None
    hearing_given: bool | None = None  # did the person give a zienswijze (in writing or orally)?
    urgency_reasons: str | None = None
    mayor: str | None = None
    decided_on: date | None = None
    made_known_on: date | None = None
    made_known_how: str | None = None  # uitreiking | toezending
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)
    # Issue 7: the round (attack) whose facts the decision rests on; the hour it takes effect.
    round: int = 1
    start_time: time | None = None
    intent_how: str | None = None  # how the voornemen was dispatched (intent_on: the day)
    hearing_days_reasons: str | None = None  # why the zienswijze term is under the minimum
    suitability: str | None = None  # proportionality step 1 (necessity, balance: steps 2, 3)
    balance_owner: str | None = None
    children_count: int | None = None
    children_ages: str | None = None  # ages at the decision, e.g. "0, 4, 7"
    children_school: str | None = None
    children_effect: str | None = None
    duration_over_policy_reasons: str | None = None
    entry_ban_basis: str | None = None
    entry_access: str | None = None  # how someone may be let in to fetch belongings
    enforcement: str | None = None


class User(SQLModel, table=True):
    """Someone who logs in. Every user belongs to one municipality and sees only its cases."""

    __tablename__ = "gebruiker"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    full_name: str
    role: str  # oov | juridisch | partner | admin
    partner: str | None = None  # for role partner: politie, woningcorporatie, slachtofferhulp, om
    municipality_code: str = Field(max_length=6)
    password_hash: str
    api_token_hash: str | None = Field(default=None, index=True, max_length=64)
    active: bool = True
    created_at: datetime = _at(nullable=False)
    password_changed_at: datetime | None = _at(nullable=True)
    email: str | None = Field(default=None, max_length=254)  # reminders (playbook/reminders)


class AuditEvent(SQLModel, table=True):
    """Append-only audit trail (UPDATE and DELETE are refused by database triggers)."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="zaak.id", index=True)
    at: datetime = _at(nullable=False)
    actor: str
    action: str
    subject: str | None = None
    old: str | None = None
    new: str | None = None
    reason: str | None = None
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # Tamper evidence: SHA-256 over this row's content and the previous row's hash in the
    # same chain (the case's rows; rows without a case form one global chain). See cases/audit.py.
    hash: str | None = Field(default=None, max_length=64)
    # The person an event is about. Personal values (a name) stay in `persoon`, never in the
    # audit row, so retention can pseudonymise them without breaking the hash chain.
    person_id: int | None = Field(default=None, foreign_key="persoon.id", index=True)
    # Fields removed under retention -> the digest of the removed value (keeps the chain whole).
    redacted: dict[str, str] | None = Field(
        default=None, sa_column=Column("redacted", JSON(none_as_null=True)))


# --- Hardening (issue 12): server-side sessions, sign-in throttling, API tokens. ---


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, and
    the row decides: an ended, idle or too old session no longer signs anyone in."""

    __tablename__ = "sessie"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    created_at: datetime = _at(nullable=False)
    last_seen_at: datetime = _at(nullable=False)
    ended_at: datetime | None = _at(nullable=True)
    ended_reason: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=200)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per account and per address: one row per key, not one per guess."""

    __tablename__ = "inlogpoging"
    key: str = Field(primary_key=True, max_length=200)  # "account:naam" or "adres:127.0.0.1"
    failures: int = 0
    window_start: datetime = _at(nullable=False)
    locked_until: datetime | None = _at(nullable=True)
    lockouts: int = 0  # consecutive lock-outs: each one doubles the next


class ApiToken(SQLModel, table=True):
    """A named bearer token with a scope and an expiry; only its SHA-256 is stored."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    name: str = Field(max_length=64)
    scope: str = Field(max_length=16)  # lezen | schrijven
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = _at(nullable=False)
    expires_at: datetime = _at(nullable=False)
    revoked_at: datetime | None = _at(nullable=True)
    last_used_at: datetime | None = _at(nullable=True)


class RetentionMark(SQLModel, table=True):
    """Which kind of data of which case was pseudonymised under its retention period, and when."""

    __tablename__ = "bewaartermijn"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str = Field(max_length=32)  # persoonsgegevens
    applied_at: datetime = _at(nullable=False)
    actor: str = Field(max_length=64)


class DecisionStatusChange(SQLModel, table=True):
    """Append-only: every status change of a decision (from, to, who, when, why)."""

    __tablename__ = "besluit_status"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    from_status: str | None = None
    to_status: str
    actor: str
    at: datetime = _at(nullable=False)
    reason: str | None = None


class Addressee(SQLModel, table=True):
    """Someone a decision is addressed to, with their own bekendmaking (art. 3:41 Awb)."""

    __tablename__ = "besluit_geadresseerde"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="persoon.id")
    name: str
    capacity: str  # bewoner, eigenaar, verhuurder, woningcorporatie, ...
    made_known_on: date | None = None
    made_known_at: datetime | None = _at(nullable=True)
    made_known_how: str | None = None  # uitreiking | toezending


class RoundFacts(SQLModel, table=True):
    """Append-only: facts of one round (attack) that decide the legal ground; latest wins."""

    __tablename__ = "ronde_feiten"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    conduct_in_premises: bool = False  # conduct in or from the premises (174a lid 1 a)
    conduct_description: str | None = None
    weapon_found: bool = False  # a weapon or ammunition in the sense of art. 2 Wwm (sub c)
    actor: str
    at: datetime = _at(nullable=False)


class ThreatAssessment(SQLModel, table=True):
    """Append-only: a recorded (police) assessment of the threat in one round."""

    __tablename__ = "dreigingsinschatting"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    assessed_on: date
    source: str
    assessment: str
    actor: str
    at: datetime = _at(nullable=False)


class HousingOffer(SQLModel, table=True):
    """Append-only: alternative housing offered to the household, accepted or refused."""

    __tablename__ = "huisvesting"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="persoon.id")
    outcome: str  # aangeboden | aanvaard | geweigerd
    description: str
    offered_on: date
    actor: str
    at: datetime = _at(nullable=False)


class Objection(SQLModel, table=True):
    """A bezwaarschrift against a decision and how it is handled (art. 6:7-7:13 Awb)."""

    __tablename__ = "bezwaar"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    addressee_id: int | None = Field(default=None, foreign_key="besluit_geadresseerde.id")
    submitted_by: str
    received_on: date
    posted_on: date | None = None
    timely: bool
    excusable: bool | None = None  # art. 6:11 Awb, a recorded human decision
    excusable_reason: str | None = None
    advisory_committee: bool = False
    extension_weeks: int = 0  # art. 7:10 lid 3 Awb
    hearing_at: datetime | None = _at(nullable=True)
    heard_on: date | None = None
    decided_on: date | None = None
    outcome: str | None = None
    follows_advice: bool | None = None
    departure_reasons: str | None = None
    actor: str
    created_at: datetime = _at(nullable=False)


class InterimRelief(SQLModel, table=True):
    """A request to the court for a voorlopige voorziening (art. 8:81 Awb)."""

    __tablename__ = "voorlopige_voorziening"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    requested_on: date
    hearing_on: date | None = None
    outcome: str | None = None
    actor: str
    created_at: datetime = _at(nullable=False)


class IncidentGroup(SQLModel, table=True):
    """One explosion that hit several homes, premises or vehicles: each is its own case."""

    __tablename__ = "incident"
    id: int | None = Field(default=None, primary_key=True)
    municipality_code: str = Field(index=True, max_length=6)
    occurred_at: datetime = _at(nullable=False)
    description: str | None = None
    actor: str
    created_at: datetime = _at(nullable=False)


class AttackRecord(SQLModel, table=True):
    """Append-only: every attack on a case, with the facts of its round."""

    __tablename__ = "aanslag"
    __table_args__ = (UniqueConstraint("case_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    number: int  # 1 for the first attack on this case, 2 for the next, ...
    round: int
    occurred_at: datetime = _at(nullable=False)
    incident_kind: str
    injured: int = 0
    damage: str | None = None
    residents_displaced: bool = False
    actor: str
    recorded_at: datetime = _at(nullable=False)


class CaseMoment(SQLModel, table=True):
    """A local due anchor recorded on a case (e.g. the day of the neighbourhood walk)."""

    __tablename__ = "zaak_moment"
    __table_args__ = (UniqueConstraint("case_id", "anchor"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    anchor: str
    at: datetime = _at(nullable=False)
    actor: str
    recorded_at: datetime = _at(nullable=False)


class EventRecord(SQLModel, table=True):
    """Append-only: every domain event emitted on a case, in its round. A step that an event
    completes counts as done in that round even when it only becomes applicable later (housing
    arranged before the closure fact is set), so no completion is lost to the order of work."""

    __tablename__ = "gebeurtenis"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    event: str = Field(max_length=64)
    actor: str
    at: datetime = _at(nullable=False)
    because: str | None = None


# Tables in their own modules (imported last: they import the tables above).
# tables_grants: regional read grants (issue 9); tables_reminders: notice outbox, feeds.
from playbook.storage import (  # noqa: E402,F401
    tables_grants,
    tables_measures,  # measures as decisions (issue 13)
    tables_reminders,
)
from playbook.storage.tables_inbox import DocumentReceipt  # noqa: E402,F401  (partner inbox)
from playbook.storage.tables_readmodels import *  # noqa: E402,F403  (read-model tables)
from playbook.storage.tables_referral import (  # noqa: E402,F401
    ReferralConsent,
    ShnReferral,
    StreetNews,
)
from playbook.storage.tables_repeats import CaseAddress, CaseLink  # noqa: E402,F401  (issue 13)
