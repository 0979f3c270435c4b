"""Who is reminded of what: the same boundaries as the app itself. A user hears only about cases
of their own municipality; a partner only about steps of their own organisation, and never
gets a link to a case page (partners work from their inbox)."""

from playbook.reminders.legal import LegalKind
from playbook.storage.tables import User

# Role -> the step owners (playbook partner ids) whose steps that role is reminded of.
# None: every step (OOV coordinates the case; an admin stands in for anyone).
# Juridisch prepares what the mayor decides.
STEP_OWNERS: dict[str, frozenset[str] | None] = {
    "oov": None,
    "admin": None,
    "juridisch": frozenset({"burgemeester"}),
}
# The closure decision tells a partner when the closure ends; they may see that date.
CLOSURE_DOCUMENT = "sluitingsbesluit"


def addressed_partners(kind: str) -> frozenset[str]:
    """The partner organisations a document kind is addressed to: its readers in the letter
    registry (playbook/letters/registry.py), the same list inboxes and downloads read."""
    from playbook.letters.registry import readers  # lazy: the registry imports the services

    return readers(kind)


def step_owners(user: User) -> frozenset[str] | None:
    """Whose steps this user hears about (None: all); an empty set: none."""
    if user.role == "partner":
        return frozenset({user.partner}) if user.partner else frozenset()
    return STEP_OWNERS.get(user.role, frozenset())


def legal_kinds(user: User) -> frozenset[LegalKind]:
    """Which legal deadlines this user may see: all for the municipality's own roles; for a
    partner only the end of a closure, and only if closure decisions are addressed to them."""
    if user.role in STEP_OWNERS:
        return frozenset(LegalKind)
    if user.role == "partner" and user.partner in addressed_partners(CLOSURE_DOCUMENT):
        return frozenset({LegalKind.closure_end})
    return frozenset()


def case_link(user: User, base_url: str, reference: str) -> str:
    base = base_url.rstrip("/")
    return f"{base}/inbox" if user.role == "partner" else f"{base}/zaken/{reference}"
