"""Legal grounds, the facts each one needs, and the ground the facts propose.

Pure. Each rule cites its source next to it; docs/rules-decisions.md lists them all.
"""

from dataclasses import dataclass

# Object types art. 174a Gemeentewet covers when they are not open to the public: a dwelling,
# a non-public lokaal (business premises) or the yard belonging to it ("overig").
NON_PUBLIC_TYPES = ("woning", "bedrijfspand", "overig")


@dataclass(frozen=True)
class Ground:
    code: str
    article: str
    summary: str
    kinds: tuple[str, ...]  # decision kinds that may rest on it


@dataclass(frozen=True)
class GroundFacts:
    """What the case records about the premises and the current round."""

    object_type: str
    publicly_accessible: bool
    conduct_in_premises: bool  # recorded conduct in or from the premises
    weapon_found: bool  # recorded weapon or ammunition (art. 2 Wwm)
    threat_assessed: bool  # a recorded threat assessment in this round


CLOSING = ("sluiting", "verlenging")

GROUNDS = {
    g.code: g
    for g in (
        Ground(
            "174a-1-a",
            "art. 174a lid 1 onder a Gemeentewet",
            "door gedragingen in of vanuit de woning of het lokaal wordt de openbare orde "
            "rond de woning of het lokaal verstoord",
            CLOSING,
        ),
        Ground(
            "174a-1-b",
            "art. 174a lid 1 onder b Gemeentewet",
            "in of in de onmiddellijke nabijheid van de woning of het lokaal heeft zich ernstig "
            "geweld voorgedaan of dreigt zich voor te doen, of er is ernstige vrees daarvoor, "
            "waardoor de openbare orde rond de woning of het lokaal ernstig is verstoord",
            CLOSING,
        ),
        Ground(
            "174a-1-c",
            "art. 174a lid 1 onder c Gemeentewet",
            "in de woning of het lokaal is een wapen of munitie aangetroffen als bedoeld in "
            "art. 2 Wet wapens en munitie",
            CLOSING,
        ),
        Ground(
            "174",
            "art. 174 Gemeentewet en de Algemene plaatselijke verordening",
            "het voor het publiek openstaande gebouw is gesloten in het belang van de "
            "openbare orde",
            CLOSING,
        ),
        Ground(
            "175",
            "art. 175 Gemeentewet",
            "in geval van oproerige beweging, van andere ernstige wanordelijkheden of van "
            "rampen, dan wel van ernstige vrees voor het ontstaan daarvan, geeft de "
            "burgemeester de bevelen die hij ter handhaving van de openbare orde of ter "
            "beperking van gevaar nodig acht (noodbevel)",
            ("noodbevel", "verlenging"),
        ),
    )
}


def refusal(code: str, facts: GroundFacts, kind: str = "sluiting") -> str | None:
    """Why `code` cannot carry a decision of `kind` on these facts, or None when it can."""
    ground = GROUNDS.get(code)
    if ground is None:
        return f"grondslag '{code}' is onbekend; kies {', '.join(GROUNDS)}"
    if kind not in ground.kinds:
        return f"een {kind} kan niet rusten op {ground.article}"
    if code == "175":
        return None  # the acute danger is argued in the decision itself
    if facts.object_type not in NON_PUBLIC_TYPES:
        return f"voor een {facts.object_type} bestaat geen sluitingsbevoegdheid"
    if code == "174":
        # Art. 174 covers buildings open to the public only: a hall where guests come only on
        # invitation is not one (ECLI:NL:RBMNE:2025:2617, r.o. 8.1-9). The court kept that
        # closure on art. 172 lid 3 Gemeentewet (r.o. 10-11); the engine offers no 172-ground.
        if not facts.publicly_accessible:
            return (
                "art. 174 Gemeentewet geldt alleen voor een voor het publiek openstaand "
                "gebouw; dit pand is niet publiek toegankelijk (ECLI:NL:RBMNE:2025:2617, "
                "r.o. 8.1-9; de rechtbank liet de sluiting daar in stand op art. 172 lid 3 "
                "Gemeentewet, r.o. 10-11)"
            )
        return None
    if facts.publicly_accessible:
        # Art. 174a covers a dwelling, a non-public lokaal or yard; public premises: art. 174.
        return (
            "art. 174a Gemeentewet geldt voor een woning of een niet voor het publiek "
            "openstaand lokaal of erf; dit pand is publiek toegankelijk: gebruik art. 174 "
            "Gemeentewet en de APV"
        )
    if code == "174a-1-a" and not facts.conduct_in_premises:
        # Ground a needs conduct in or from the premises; an attack from outside or the mere
        # presence of explosives is no such conduct: not competent (ECLI:NL:RBZWB:2025:6427).
        return (
            "grond a van art. 174a lid 1 vraagt vastgelegde gedragingen in of vanuit de "
            "woning of het lokaal; een aanslag van buitenaf of het enkele aantreffen van "
            "explosieven is dat niet, dan is de burgemeester niet bevoegd "
            "(ECLI:NL:RBZWB:2025:6427)"
        )
    if code == "174a-1-b" and not facts.threat_assessed:
        # Ground b needs serious violence or serious fear of it, established on facts: a
        # recorded threat assessment (ECLI:NL:RBROT:2024:5645, ECLI:NL:RBROT:2024:1866).
        return (
            "grond b van art. 174a lid 1 vraagt een vastgelegde dreigingsinschatting van "
            "deze ronde (ernstig geweld of ernstige vrees daarvoor)"
        )
    if code == "174a-1-c" and not facts.weapon_found:
        return (
            "grond c van art. 174a lid 1 vraagt een vastgelegde vondst van een wapen of "
            "munitie als bedoeld in art. 2 Wet wapens en munitie"
        )
    return None


def propose(facts: GroundFacts, kind: str = "sluiting") -> str | None:
    """The ground the facts point to, or None when none fits yet."""
    if kind == "noodbevel":
        return "175"
    order = ("174",) if facts.publicly_accessible else ("174a-1-b", "174a-1-a", "174a-1-c")
    return next((code for code in order if refusal(code, facts, kind) is None), None)


KIND_TITLES = {
    "sluiting": "Sluitingsbesluit",
    "verlenging": "Verlengingsbesluit",
    "opheffing": "Opheffingsbesluit",
    "noodbevel": "Noodbevel",
}
HEARING_RULE = "art. 4:8 Awb"
URGENCY_RULE = "art. 4:11 onder a Awb"
