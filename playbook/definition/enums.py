"""Vocabularies shared by the definition, the engine and the adapters.

Values are the Dutch domain terms users type and read; see the glossary in README.md.
Partners are data (the `partners:` list in phases/playbook.yaml, plus local partners from the
municipal file); `Partner` only names the ones the code itself addresses letters to.
"""

from enum import StrEnum


class Partner(StrEnum):
    """Partner ids the code refers to (letters, inboxes). The full list is in the playbook."""

    gemeente = "gemeente"
    burgemeester = "burgemeester"
    driehoek = "driehoek"
    politie = "politie"
    om = "om"
    brandweer = "brandweer"
    woningcorporatie = "woningcorporatie"
    slachtofferhulp = "slachtofferhulp"
    verzekeraar = "verzekeraar"
    ambulancezorg = "ambulancezorg"
    eod = "eod"


class ObjectType(StrEnum):
    woning = "woning"
    bedrijfspand = "bedrijfspand"
    voertuig = "voertuig"
    overig = "overig"


class IncidentKind(StrEnum):
    dreiging = "dreiging"
    aanslag = "aanslag"
    poging = "poging"
    aantreffen_explosief = "aantreffen-explosief"


class Tenure(StrEnum):
    """Who owns the home: decides who repairs and whether a landlord may dissolve the lease."""

    koop = "koop"
    sociale_huur = "sociale-huur"
    particuliere_huur = "particuliere-huur"


class BusinessKind(StrEnum):
    winkel = "winkel"
    horeca = "horeca"
    overig = "overig"


class DueAnchor(StrEnum):
    """Built-in moments a due time can count from; a municipality may declare more."""

    incident = "incident"
    phase_entered = "phase_entered"
    step_done = "step_done"
    # From the decision (playbook/cases/repository.py: decision_anchors).
    closure_start = "closure_start"
    closure_end = "closure_end"
    made_known = "made_known"
    # The first day a measure no longer runs, per kind (playbook/decisions/measures_ends.py).
    area_ban_end = "area_ban_end"  # art. 172a Gemeentewet
    camera_end = "camera_end"  # art. 151c Gemeentewet
    drug_closure_end = "drug_closure_end"  # art. 13b Opiumwet


class DocumentKind(StrEnum):
    checklist = "checklist"
    voornemen_sluiting = "voornemen-sluiting"
    sluitingsbesluit = "sluitingsbesluit"
    verlengingsbesluit = "verlengingsbesluit"
    opheffingsbesluit = "opheffingsbesluit"
    verzoek_bestuurlijke_rapportage = "verzoek-bestuurlijke-rapportage"
    verzoek_39f = "verzoek-39f"
    bewonersbrief = "bewonersbrief"
    verwijzing_slachtofferhulp = "verwijzing-slachtofferhulp"
    opdracht_nazorgteam = "opdracht-nazorgteam"
    # The other measures as decisions (issue 13); each shares its name with its step.
    cameratoezicht = "cameratoezicht"
    gebiedsverbod = "gebiedsverbod"
    sluiting_13b = "sluiting-13b"


class PersonRole(StrEnum):
    doelwit = "doelwit"
    bewoner = "bewoner"
    omwonende = "omwonende"
    getuige = "getuige"


class StepStatus(StrEnum):
    open = "open"
    done = "afgerond"
    skipped = "overgeslagen"
    not_applicable = "niet-van-toepassing"


# Fallback labels for screens that have no playbook at hand; the playbook's own partner list
# (`Playbook.partner_name`) is the source for everything else, local partners included.
PARTNER_LABELS: dict[str, str] = {
    Partner.gemeente: "Gemeente",
    Partner.burgemeester: "Burgemeester",
    Partner.driehoek: "Driehoek",
    Partner.politie: "Politie",
    Partner.om: "Openbaar Ministerie",
    Partner.brandweer: "Brandweer",
    Partner.woningcorporatie: "Woningcorporatie",
    Partner.slachtofferhulp: "Slachtofferhulp Nederland",
    Partner.verzekeraar: "Verzekeraar",
    Partner.ambulancezorg: "Ambulancezorg",
    Partner.eod: "Explosieven Opruimingsdienst",
    "veiligheidsregio": "Veiligheidsregio",
    "salvage": "Stichting Salvage",
    "netbeheerder": "Netbeheerder",
    "bouwtoezicht": "Bouw- en woningtoezicht",
    "school-jeugd": "School en jeugdhulp",
    "riec-zvh": "RIEC / Zorg- en Veiligheidshuis",
    "eigenaar": "Eigenaar of VvE",
    "ggd": "GGD",
}
