"""Fixed wording of the letters, Dutch first; resident texts at B1 level, also in English."""

DECISION_TITLES = {
    "voornemen-sluiting": "Voornemen tot sluiting",
    "sluitingsbesluit": "Besluit tot sluiting",
    "verlengingsbesluit": "Besluit tot verlenging van de sluiting",
    "opheffingsbesluit": "Besluit tot opheffing van de sluiting",
}

REQUEST_TITLES = {
    "bestuurlijke-rapportage": "Verzoek om een bestuurlijke rapportage",
    "39f": "Verzoek om strafvorderlijke gegevens (art. 39f Wjsg)",
}

RESIDENT = {
    "nl": {
        "title": "Informatie over de explosie in uw straat",
        "objects": {"woning": "een woning", "bedrijfspand": "een bedrijfspand",
                    "voertuig": "een auto", "overig": "een gebouw"},
        "what": {
            "aanslag": "Bij {object} in de {street} is een explosief ontploft.",
            "poging": "Bij {object} in de {street} heeft iemand geprobeerd een explosief te laten ontploffen.",
            "aantreffen-explosief": "Bij {object} in de {street} is een explosief gevonden. De Explosieven Opruimingsdienst heeft het weggehaald.",
            "dreiging": "Er is een dreiging bij {object} in de {street}.",
        },
        "roles": {"gemeente": "Burgemeester", "politie": "Politie",
                  "woningcorporatie": "Woningcorporatie", "slachtofferhulp": "Slachtofferhulp Nederland"},
    },
    "en": {
        "title": "Information about the explosion in your street",
        "objects": {"woning": "a home", "bedrijfspand": "a business", "voertuig": "a car",
                    "overig": "a building"},
        "what": {
            "aanslag": "An explosive went off at {object} in {street}.",
            "poging": "Someone tried to set off an explosive at {object} in {street}.",
            "aantreffen-explosief": "An explosive was found at {object} in {street}. The bomb disposal unit has removed it.",
            "dreiging": "There is a threat against {object} in {street}.",
        },
        "roles": {"gemeente": "Mayor", "politie": "Police", "woningcorporatie": "Housing corporation",
                  "slachtofferhulp": "Victim Support Netherlands"},
    },
}

_MEASURES = {
    "nl": {
        "always": "De politie onderzoekt wat er is gebeurd en wie dit heeft gedaan.",
        "closure": "De burgemeester heeft de getroffen woning tijdelijk gesloten. Zo willen we de rust en veiligheid in de straat terugbrengen.",
        "cameratoezicht": "Er hangen tijdelijk camera's in de straat.",
        "bouwkundige-veiligheid": "De brandweer heeft gecontroleerd of de gebouwen veilig zijn.",
        "nazorgteam-inzetten": "Medewerkers van de gemeente, de politie en de woningcorporatie komen bij u langs.",
    },
    "en": {
        "always": "The police are investigating what happened and who did this.",
        "closure": "The mayor has temporarily closed the home that was targeted, to restore peace and safety in the street.",
        "cameratoezicht": "There are temporary cameras in the street.",
        "bouwkundige-veiligheid": "The fire brigade has checked that the buildings are safe.",
        "nazorgteam-inzetten": "Staff from the municipality, the police and the housing corporation will visit you.",
    },
}


def resident_measures(lang: str, *, closure: bool, done: set[str]) -> list[str]:
    words = _MEASURES[lang]
    measures = [words["always"]]
    if closure:
        measures.append(words["closure"])
    measures += [words[step] for step in ("bouwkundige-veiligheid", "cameratoezicht",
                                          "nazorgteam-inzetten") if step in done]
    return measures


TEAM_TALKING_POINTS = [
    "Stel u voor met naam en organisatie; laat uw legitimatie zien.",
    "Vertel wat er is gebeurd, zonder namen of details van de getroffen bewoners.",
    "Vraag hoe het gaat en of er schade is aan woning, auto of spullen.",
    "Wijs op Slachtofferhulp Nederland (0900-0101) en vraag of iemand doorverwezen wil worden; alleen met toestemming.",
    "Vraag of iemand iets heeft gezien of gehoord: politie 0900-8844 of anoniem via Meld Misdaad Anoniem 0800-7000.",
    "Vertel dat schade aan de woning bij de verhuurder en eigen schade bij de eigen verzekeraar gemeld wordt.",
    "Geef het contactpunt van de gemeente en vertel wanneer de bewonersbijeenkomst is.",
    "Let op wie extra hulp nodig heeft (ouderen, kinderen, mensen die niet zelfredzaam zijn).",
]

TEAM_RECORD_ITEMS = [
    "Adres en of er iemand thuis was",
    "Vragen en zorgen van de bewoners",
    "Schade en wie die meldt",
    "Wie toestemming geeft voor doorverwijzing naar Slachtofferhulp",
    "Wie niet zelfredzaam is of extra hulp nodig heeft",
    "Afspraken en wie ze opvolgt",
]
