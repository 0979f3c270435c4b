"""The database tables. Case state lives here; the playbook definition is pinned as a snapshot.

One module per concept; this package re-exports every table so `from playbook.storage.tables
import X` works for all of them, and importing it registers every table on the metadata.
"""

from playbook.storage.tables.audit import AuditAnchor, AuditEvent, RetentionMark
from playbook.storage.tables.cases import (
    Case,
    CaseMoment,
    IncidentGroup,
    Person,
    PlaybookSnapshot,
)
from playbook.storage.tables.columns import _at
from playbook.storage.tables.decisions import Addressee, Decision, DecisionStatusChange
from playbook.storage.tables.documents import Document
from playbook.storage.tables.facts import (
    AttackRecord,
    HousingOffer,
    RoundFacts,
    ThreatAssessment,
)
from playbook.storage.tables.information import InformationRequest
from playbook.storage.tables.objections import InterimRelief, Objection
from playbook.storage.tables.steps import EventRecord, PhaseEntry, StepState
from playbook.storage.tables.users import ApiToken, LoginThrottle, User, WebSession

__all__ = [
    "Addressee",
    "ApiToken",
    "AttackRecord",
    "AuditAnchor",
    "AuditEvent",
    "Case",
    "CaseAddress",
    "CaseLink",
    "CaseMoment",
    "Decision",
    "DecisionStatusChange",
    "Document",
    "DocumentReceipt",
    "EventRecord",
    "HousingOffer",
    "IncidentGroup",
    "InformationRequest",
    "InterimRelief",
    "LoginThrottle",
    "Objection",
    "Person",
    "PhaseEntry",
    "PlaybookSnapshot",
    "ReferralConsent",
    "RetentionMark",
    "RoundFacts",
    "ShnReferral",
    "StepState",
    "StreetNews",
    "ThreatAssessment",
    "User",
    "WebSession",
    "_at",
]

# Tables in their own modules (imported last: they import the tables above).
# tables_grants: regional read grants (issue 9); tables_reminders: notice outbox, feeds.
from playbook.storage import (  # noqa: F401
    tables_grants,
    tables_measures,  # measures as decisions (issue 13)
    tables_readmodels,  # read models; importable on its own first, so no names from it here
    tables_reminders,
)
from playbook.storage.tables_inbox import DocumentReceipt
from playbook.storage.tables_referral import (
    ReferralConsent,
    ShnReferral,
    StreetNews,
)
from playbook.storage.tables_repeats import CaseAddress, CaseLink
