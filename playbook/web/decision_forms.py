"""What the decision workspace shows and how its forms read: field tables, titles, success
messages, and where each missing part named by the completeness checker is filled in."""

DRAFT_FIELDS = (
    "ground",
    "facts",
    "seriousness",
    "recurrence",
    "suitability",
    "necessity",
    "balance",
    "balance_owner",
    "children_count",
    "children_ages",
    "children_school",
    "children_effect",
    "alternative_housing",
    "duration_days",
    "duration_reasons",
    "duration_over_policy_reasons",
    "start_date",
    "start_time",
    "entry_ban_basis",
    "entry_access",
    "enforcement",
)
STATUS_TITLES = {
    "concept": "concept",
    "voornemen": "voornemen verstuurd",
    "genomen": "genomen",
    "bekendgemaakt": "bekendgemaakt",
    "beeindigd": "beëindigd",
}
# The completeness checker speaks in sentences; each starts with the part that is missing.
# (prefix, field of the draft form or anchor of another form; "zaak:" = on the case page)
MISSING_TARGETS: tuple[tuple[str, str], ...] = (
    ("grondslag van het verbod", "entry_ban_basis"),
    ("grondslag", "ground"),
    ("bestuurlijke rapportage", "zaak:informatie"),
    ("actuele dreigingsinschatting", "zaak:informatie"),
    ("feiten", "facts"),
    ("waarom de verstoring", "seriousness"),
    ("inschatting van de politie", "recurrence"),
    ("geschiktheid", "suitability"),
    ("noodzaak", "necessity"),
    ("evenwichtigheid: de belangen van de bewoners", "balance"),
    ("evenwichtigheid: de belangen van de eigenaar", "balance_owner"),
    ("motivering van de duur", "duration_reasons"),
    ("hoe iemand", "entry_access"),
    ("hoe de sluiting", "enforcement"),
    ("belangen van de kinderen: school", "children_school"),
    ("belangen van de kinderen: het effect", "children_effect"),
    ("duur in dagen", "duration_days"),
    ("de duur (", "duration_over_policy_reasons"),
    ("ingang", "start_date"),
    ("vervangende woonruimte", "alternative_housing"),
    ("geadresseerden", "zaak:personen"),
    ("geboortedatum of leeftijd", "zaak:personen"),
    ("redenen waarom spoed", "form:spoed"),
    ("verzending of uitreiking", "form:verzending"),
    ("uitkomst van de zienswijze", "form:zienswijze"),
    ("zienswijze gevraagd", "form:voornemen"),
    ("nieuw voornemen", "form:voornemen"),
)
# The draft form: (field, label, input type, heading before it).
DRAFT_FORM = (
    ("facts", "Feiten uit de bestuurlijke rapportage", "area", None),
    ("seriousness", "Waarom de verstoring ernstig is", "area", None),
    ("recurrence", "Inschatting herhaling (politie)", "area", None),
    ("suitability", "Geschiktheid: waarom sluiting de verstoring beëindigt", "area", None),
    ("necessity", "Noodzaak: overwogen lichtere middelen", "area", None),
    ("balance", "Evenwichtigheid: belangen van de bewoners", "area", None),
    ("balance_owner", "Evenwichtigheid: belangen van de eigenaar of verhuurder", "area", None),
    ("children_count", "Aantal minderjarige kinderen", "number", "Kinderen"),
    ("children_ages", "Leeftijden van de kinderen (bijv. 0, 4, 7)", "text", None),
    ("children_school", "School of opvang", "area", None),
    ("children_effect", "Effect van de sluiting op de kinderen", "area", None),
    ("alternative_housing", "Aangeboden vervangende woonruimte", "area", None),
    ("duration_days", "Duur in dagen (geen standaard)", "number", "Duur en ingang"),
    ("duration_reasons", "Motivering van de duur", "area", None),
    ("duration_over_policy_reasons", "Reden om boven het beleidsmaximum te gaan", "area", None),
    ("start_date", "Ingangsdatum", "date", None),
    ("start_time", "Ingangsuur", "time", None),
    ("entry_ban_basis", "Basis van het betredingsverbod", "area", "Betredingsverbod en handhaving"),
    ("entry_access", "Hoe iemand spullen kan ophalen", "area", None),
    ("enforcement", "Hoe de sluiting wordt gehandhaafd", "area", None),
)
DONE_MESSAGES = {
    "nieuw": "Het concept is aangemaakt.",
    "nieuw-sluiting": "Het concept is aangemaakt. De zaak heeft nu een sluiting in "
    "voorbereiding: de stappen rond de sluiting staan vanaf nu in de checklist.",
    "wijzig": "Het concept is opgeslagen.",
    "voornemen": "Het voornemen is gemaakt; de zienswijzetermijn loopt vanaf de verzending.",
    "verzending": "De verzending is vastgelegd; de zienswijzetermijn loopt.",
    "spoed": "Spoed is vastgelegd.",
    "zienswijze": "De zienswijze is vastgelegd.",
    "neem": "Het besluit is genomen; de brief is vastgelegd.",
    "bekendmaking": "De bekendmaking is vastgelegd; de bezwaartermijn loopt.",
    "verleng": "De verlenging is voorbereid; verstuur een nieuw voornemen.",
    "ophef": "De opheffing is voorbereid; neem het besluit.",
    "bezwaar": "Het bezwaar is geregistreerd; tijdigheid en beslistermijn staan bij het besluit.",
}


def missing_link(reference: str, decision_id: int, text: str) -> str:
    """Where a missing part is filled in: an anchor on this page or on the case page."""
    target = next((t for prefix, t in MISSING_TARGETS if text.startswith(prefix)), "")
    if target.startswith("zaak:"):
        return f"/zaken/{reference}#{target[5:]}"
    if target.startswith("form:"):
        return f"#{target[5:]}-{decision_id}"
    return f"#d{decision_id}-{target}" if target else ""
