"""Domain events that complete playbook steps.

A step declares in YAML which events complete it (`completed_by`); services emit events and never
name step ids. The loader rejects an unknown event name, and a test rejects an event that no
step of the national playbook declares, so a renamed step can never silently stop completing.
"""

from enum import StrEnum


class Event(StrEnum):
    # Information for a decision (playbook/information).
    rapportage_requested = "informatie.rapportage-gevraagd"
    rapportage_received = "informatie.rapportage-ontvangen"
    om_requested = "informatie.39f-gevraagd"
    om_received = "informatie.39f-ontvangen"
    threat_assessed = "informatie.dreiging-beoordeeld"
    # The closure decision and what follows it (playbook/decisions).
    closure_intent_sent = "sluiting.voornemen-verstuurd"
    closure_urgency_recorded = "sluiting.spoed-vastgelegd"
    closure_issued = "sluiting.genomen"
    closure_made_known = "sluiting.bekendgemaakt"
    # The officer who sealed the door records it; never implied by the decision itself.
    closure_sealed = "sluiting.verzegeld"
    extension_intent_sent = "verlenging.voornemen-verstuurd"
    extension_issued = "verlenging.genomen"
    extension_made_known = "verlenging.bekendgemaakt"
    lifting_issued = "opheffing.genomen"
    lifting_made_known = "opheffing.bekendgemaakt"
    emergency_order_given = "noodbevel.gegeven"
    emergency_order_ended = "noodbevel.beeindigd"
    # The other measures (issue 13): each completes its step once made known.
    camera_made_known = "cameratoezicht.bekendgemaakt"
    area_ban_made_known = "gebiedsverbod.bekendgemaakt"
    drug_closure_made_known = "sluiting-13b.bekendgemaakt"
    # Every household that needs it has alternative housing offered (or its refusal recorded).
    housing_settled = "huisvesting.geregeld"
    # Bezwaar and interim relief against a decision (art. 6:7-7:10 and 8:81 Awb).
    objection_received = "bezwaar.ontvangen"
    objection_heard = "bezwaar.gehoord"
    objection_decided = "bezwaar.beslist"
    interim_relief_requested = "voorlopige-voorziening.gevraagd"
    # Letters whose sending is the step itself (playbook/letters).
    resident_letter_sent = "document.bewonersbrief"
    referral_sent = "document.verwijzing-slachtofferhulp"
    # The police referred victims at the report (art. 18 Wpg jo. 4:2 Bpg; cases/referrals.py).
    police_referral_recorded = "verwijzing.politie-vastgelegd"
    # A person said no to a municipal referral: refused, or consent withdrawn (docs/verwijzing.md)
    referral_declined = "verwijzing.geweigerd"

    @property
    def label(self) -> str:
        """How the event reads in the audit trail and on screens."""
        subject, _, happened = self.value.partition(".")
        return f"{subject}: {happened.replace('-', ' ')}"


def decision_event(kind: str, happened: str) -> Event:
    """The event of a decision of `kind` (sluiting, verlenging, ...) reaching `happened`.
    Raises ValueError for a combination no step may declare, so a typo fails loudly."""
    return Event(f"{kind}.{happened}")


# Measures (issue 13) complete their step when made known; their other moments emit nothing.
SILENT_KINDS = frozenset({"cameratoezicht", "gebiedsverbod", "sluiting-13b"})


def decision_event_if_declared(kind: str, happened: str) -> Event | None:
    """As decision_event, but None for a measure's moment that completes no step."""
    if kind in SILENT_KINDS and f"{kind}.{happened}" not in Event._value2member_map_:
        return None
    return decision_event(kind, happened)
