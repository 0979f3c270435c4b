"""Closed vocabularies shared by the definition, the engine and the adapters.

Values are the Dutch domain terms users type and read; see the glossary in README.md.
"""

from enum import StrEnum


class Partner(StrEnum):
    gemeente = "gemeente"
    burgemeester = "burgemeester"
    driehoek = "driehoek"
    politie = "politie"
    om = "om"
    brandweer = "brandweer"
    woningcorporatie = "woningcorporatie"
    slachtofferhulp = "slachtofferhulp"
    verzekeraar = "verzekeraar"
    ggd = "ggd"
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


class DueAnchor(StrEnum):
    incident = "incident"
    phase_entered = "phase_entered"
    step_done = "step_done"


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


PARTNER_LABELS = {
    Partner.gemeente: "Gemeente",
    Partner.burgemeester: "Burgemeester",
    Partner.driehoek: "Driehoek",
    Partner.politie: "Politie",
    Partner.om: "Openbaar Ministerie",
    Partner.brandweer: "Brandweer",
    Partner.woningcorporatie: "Woningcorporatie",
    Partner.slachtofferhulp: "Slachtofferhulp Nederland",
    Partner.verzekeraar: "Verzekeraar",
    Partner.ggd: "GGD",
    Partner.eod: "Explosieven Opruimingsdienst",
}
