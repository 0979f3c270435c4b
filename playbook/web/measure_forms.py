"""What the decision workspace shows of a measure (issue 13) and how its forms read: a field
table per kind, titles, what taking it does, and where each missing part named by the rules of
`decisions/measures_rules.py` is filled in. The lifecycle forms (voornemen, spoed, nemen,
bekendmaking, bezwaar) are the closure's own; only what differs per kind lives here."""

from typing import Any

from playbook.decisions.labels import KIND_TITLES
from playbook.decisions.lifecycle import Kind
from playbook.decisions.measures import LABELS as MEASURE_LABELS
from playbook.decisions.measures import MeasureInput, parse_measure
from playbook.decisions.measures_rules import MAX_RETENTION_DAYS, SUBSTANCE_LISTS
from playbook.errors import InvalidInput
from playbook.storage.tables import Decision
from playbook.storage.tables_measures import MeasureDetails
from playbook.web.decision_forms import MISSING_TARGETS

KINDS = (Kind.camera.value, Kind.area_ban.value, Kind.drug_closure.value)
TITLES = {kind: KIND_TITLES[kind] for kind in KINDS}
BASIS = {
    Kind.camera.value: "art. 151c Gemeentewet",
    Kind.area_ban.value: "art. 172a Gemeentewet",
    Kind.drug_closure.value: "art. 13b Opiumwet",
}
# What "nemen" does beyond the closure's sentence, named in the confirmation.
AFTERWARDS = {
    Kind.camera.value: "Daarna publiceert u de aanwijzing in het Gemeenteblad (art. 3:42 Awb); "
    "wijzigen kan dan niet meer.",
    Kind.area_ban.value: "Daarna reikt u het verbod uit of zendt u het toe aan de persoon; "
    "wijzigen kan dan niet meer, verlengen wel zolang het verbod geldt.",
    Kind.drug_closure.value: "Daarna maakt u het bekend aan de bewoners en de eigenaar; "
    "wijzigen kan dan niet meer.",
}
YES_NO = (("ja", "ja"), ("nee", "nee"))
BOOLEANS = (
    "leading_role",
    "trading_quantity",
    "dealing_from_premises",
    "preparatory_acts",
    "first_offence",
)
# (field, label, input type, heading before it); "yesno" is a ja/nee choice, "person" the
# addressee chosen from the case's persons, "list" the Opiumwet list.
FORMS: dict[str, tuple[tuple[str, str, str, str | None], ...]] = {
    Kind.camera.value: (
        ("council_basis", "Machtiging van de raad (artikel van de APV)", "text", None),
        ("area", "Aangewezen gebied (openbare plaatsen)", "area", None),
        ("map_reference", "Kaart (bijlage)", "text", None),
        ("start_date", "Begin van het toezicht", "date", "Periode"),
        ("end_date", "Einde van het toezicht", "date", None),
        ("facts", "Feiten: de verstoring die toezicht nodig maakt", "area", "Motivering"),
        ("necessity", "Noodzaak: waarom lichtere middelen niet volstaan", "area", None),
        (
            "retention_days",
            "Bewaartermijn van de beelden in dagen (hoogstens 28)",
            "retention",
            "Beelden en evaluatie",
        ),
        ("evaluation_on", "Evaluatiedatum", "date", None),
        ("evaluation_how", "Hoe wordt geëvalueerd", "area", None),
        ("publication", "Publicatie (bijv. Gemeenteblad)", "text", None),
    ),
    Kind.area_ban.value: (
        ("person_id", "Persoon van de zaak", "person", "Geadresseerde"),
        ("person_name", "Of de naam van een nieuwe persoon", "text", None),
        ("person_address", "Adres van die persoon (voor bekendmaking per post)", "text", None),
        ("area", "Verboden gebied", "area", "Gebied en duur"),
        ("map_reference", "Kaart (bijlage) waarop het gebied staat", "text", None),
        ("start_date", "Ingangsdatum", "date", None),
        ("end_date", "Laatste dag (hoogstens drie maanden)", "date", None),
        ("leading_role", "Leidende rol bij groepsgewijze verstoring?", "yesno", "Verstoring"),
        ("fear_of_further", "Ernstige vrees voor verdere verstoring", "area", None),
        ("facts", "Feiten", "area", None),
        ("warning_on", "Waarschuwing gegeven op", "date", None),
        ("no_warning_reason", "Of: waarom geen waarschuwing nodig was", "area", None),
        (
            "suitability",
            "Geschiktheid: waarom dit verbod de verstoring voorkomt",
            "area",
            "Evenredigheid",
        ),
        ("necessity", "Noodzaak: waarom een lichter middel niet volstaat", "area", None),
        ("balance", "Evenwichtigheid: belangen van de persoon", "area", None),
    ),
    Kind.drug_closure.value: (
        ("facts", "Feiten uit de bestuurlijke rapportage", "area", "Aangetroffen"),
        ("substances", "Aangetroffen middelen", "area", None),
        ("substance_list", "Lijst van de Opiumwet", "list", None),
        ("trading_quantity", "Handelshoeveelheid aangetroffen?", "yesno", "Noodzaak"),
        ("dealing_from_premises", "Handel vanuit het pand?", "yesno", None),
        ("preparatory_acts", "Voorbereidingshandelingen (sub b)?", "yesno", None),
        ("seriousness", "Ernst en omvang van de overtreding", "area", None),
        ("necessity", "Waarom sluiting nodig is", "area", None),
        ("balance", "Belangen van de bewoners", "area", "Evenwichtigheid"),
        ("blameworthiness", "Verwijtbaarheid van de bewoner", "area", None),
        ("adaptations", "Bijzondere aanpassingen van de woning (of: geen)", "area", None),
        ("consequences", "Gevolgen, zoals verlies van de woning", "area", None),
        ("children_count", "Aantal minderjarige kinderen", "number", "Kinderen"),
        ("children_ages", "Leeftijden van de kinderen (bijv. 0, 4, 7)", "text", None),
        ("children_effect", "Effect van de sluiting op de kinderen", "area", None),
        ("duration_days", "Duur in dagen", "number", "Duur en ingang"),
        ("duration_reasons", "Motivering van de duur", "area", None),
        ("start_date", "Ingangsdatum", "date", None),
        ("start_time", "Ingangsuur", "time", None),
        ("first_offence", "Eerste overtreding?", "yesno", "Damoclesbeleid"),
        ("damocles_warning_on", "Schriftelijke waarschuwing gegeven op", "date", None),
    ),
}
LIST_OPTIONS = [(v, f"lijst {v}") for v in SUBSTANCE_LISTS]
# The rules speak in sentences; each starts with the part that is missing (first match wins).
TARGETS: dict[str, tuple[tuple[str, str], ...]] = {
    Kind.camera.value: (
        ("machtiging van de raad", "council_basis"),
        ("aangewezen gebied", "area"),
        ("periode: de einddatum", "end_date"),
        ("periode", "start_date"),
        ("feiten", "facts"),
        ("noodzaak", "necessity"),
        ("bewaartermijn", "retention_days"),
        ("evaluatie:", "evaluation_on"),
        ("ingangsdatum", "start_date"),
    ),
    Kind.area_ban.value: (
        ("geadresseerde", "person_id"),
        ("verboden gebied", "area"),
        ("duur: begin", "start_date"),
        ("duur", "end_date"),
        ("verlenging", "start_date"),
        ("herhaalde verstoring", "form:verstoring"),
        ("kaart:", "form:kaart"),
        ("ernstige vrees", "fear_of_further"),
        ("voorafgaande waarschuwing", "warning_on"),
        ("geschiktheid", "suitability"),
        ("noodzaak", "necessity"),
        ("evenwichtigheid", "balance"),
        ("ingangsdatum", "start_date"),
    ),
    Kind.drug_closure.value: (
        ("bestuurlijke rapportage", "zaak:informatie"),
        ("aangetroffen middelen", "substances"),
        ("noodzaak: geen", "trading_quantity"),
        ("feiten", "facts"),
        ("noodzaak: ernst", "seriousness"),
        ("noodzaak", "necessity"),
        ("evenwichtigheid: de belangen", "balance"),
        ("evenwichtigheid: de verwijtbaarheid", "blameworthiness"),
        ("evenwichtigheid: bijzondere", "adaptations"),
        ("evenwichtigheid: de gevolgen", "consequences"),
        ("motivering van de duur", "duration_reasons"),
        ("belangen van de kinderen", "children_effect"),
        ("duur in dagen", "duration_days"),
        ("ingang", "start_date"),
        ("Damoclesbeleid", "damocles_warning_on"),
    ),
}
DONE = {
    "maatregel-nieuw": "Het concept is aangemaakt.",
    "maatregel-wijzig": "Het concept is opgeslagen.",
    "verstoring": "De verstoring is vastgelegd.",
    "maatregel-kaart": "De kaart is toegevoegd; de brief drukt haar af als bijlage.",
    "maatregel-verleng": "De verlenging is voorbereid als nieuw besluit; vraag een zienswijze "
    "of leg spoed vast, en neem het.",
    "maatregel-ophef": "De opheffing is voorbereid als nieuw besluit; neem het en maak het "
    "bekend. Daarna houdt de maatregel de zaak niet meer open.",
}


def labels() -> dict[str, str]:
    """The Dutch name a problem starts with, per field (what `field_errors` files it under)."""
    from playbook.decisions.common import LABELS

    return {**LABELS, **MEASURE_LABELS}


def missing_link(reference: str, decision: Decision, text: str) -> str:
    """Where a missing part of a measure is filled in; the shared zienswijze and addressee
    sentences fall back to the closure's table."""
    table = TARGETS[decision.kind] + MISSING_TARGETS
    target = next((t for prefix, t in table if text.startswith(prefix)), "")
    if target.startswith("zaak:"):
        return f"/zaken/{reference}#{target[5:]}"
    if target.startswith("form:"):
        return f"#{target[5:]}-{decision.id}"
    return f"#d{decision.id}-{target}" if target else ""


def stored(decision: Decision, details: MeasureDetails) -> dict[str, Any]:
    """The measure's values as its edit form shows them."""
    values: dict[str, Any] = {}
    for name, *_ in FORMS[decision.kind]:
        value = getattr(details, name, None) if hasattr(details, name) else None
        if name in Decision.model_fields:
            value = getattr(decision, name)
        if isinstance(value, bool):
            value = "ja" if value else "nee"
        elif name == "start_time" and value is not None:
            value = value.strftime("%H:%M")
        elif value is not None and hasattr(value, "isoformat"):
            value = value.isoformat()
        values[name] = value
    return values


def parse(kind: str, form: dict[str, str | None]) -> MeasureInput:
    """The typed fields of `kind` from a submitted form; anything else is ignored."""
    data: dict[str, Any] = {}
    for name, *_ in FORMS.get(kind, ()):
        value = form.get(name)
        if value is None:
            continue
        if name in BOOLEANS:
            if value not in ("ja", "nee"):
                raise InvalidInput([f"{MEASURE_LABELS[name]}: kies ja of nee"])
            data[name] = value == "ja"
        else:
            data[name] = value
    return parse_measure(data)


def retention_attrs() -> str:
    return f'min="1" max="{MAX_RETENTION_DAYS}"'
