"""How a decision's fields are named in the audit trail and on pages (Dutch, no codes)."""

from playbook.decisions.lifecycle import Kind

LABELS = {
    "ground": "grond",
    "facts": "feiten",
    "seriousness": "ernst",
    "recurrence": "herhaling",
    "suitability": "geschiktheid",
    "necessity": "noodzaak",
    "balance": "afweging-bewoners",
    "balance_owner": "afweging-eigenaar",
    "alternative_housing": "huisvesting",
    "children_count": "aantal-kinderen",
    "children_ages": "leeftijden-kinderen",
    "children_school": "school-kinderen",
    "children_effect": "effect-kinderen",
    "duration_days": "duur",
    "duration_reasons": "motivering-duur",
    "duration_over_policy_reasons": "motivering-boven-beleid",
    "start_date": "ingang",
    "start_time": "ingangsuur",
    "entry_ban_basis": "betredingsverbod",
    "entry_access": "toegang",
    "enforcement": "handhaving",
    "hearing": "horen",
    "hearing_days": "zienswijzetermijn",
    "hearing_days_reasons": "reden-korte-termijn",
    "hearing_outcome": "zienswijze",
    "urgency_reasons": "spoed",
    "hearing_given": "zienswijze-gegeven",
    "status": "status",
    "intent_on": "verzending voornemen",
    "intent_how": "wijze verzending voornemen",
    "decided_on": "besluitdatum",
    "made_known_on": "bekendmaking",
    "made_known_how": "wijze van bekendmaking",
}

# How an addressee's relation to the premises reads in letters and on pages (never the code).
CAPACITY_NL = {"bewoner": "bewoner", "eigenaar-bewoner": "eigenaar en bewoner",
               "gebruiker": "gebruiker", "eigenaar": "eigenaar", "verhuurder": "verhuurder",
               "woningcorporatie": "woningcorporatie, verhuurder"}

# Each kind of decision as a title (pages, monitoring).
KIND_TITLES = {
    "sluiting": "Sluiting",
    "verlenging": "Verlenging van de sluiting",
    "opheffing": "Opheffing van de sluiting",
    "noodbevel": "Noodbevel",
    # The other measures (issue 13; measure_forms.py has their forms).
    "cameratoezicht": "Cameratoezicht",
    "gebiedsverbod": "Gebiedsverbod",
    "sluiting-13b": "Sluiting (art. 13b Opiumwet)",
    "opheffing-maatregel": "Opheffing van een maatregel",
}

# Decisions that follow another one (parent_id): a reader knows them by the decision they
# extend or lift. An extended measure is a measure of its own, numbered "verlenging 1".
FOLLOW_UPS = frozenset({Kind.extension, Kind.lifting, Kind.measure_lifting})
