"""End to end: closure decisions, information requests and letters through the real `playbook`
command, the way the mayor's office (team OOV) works a case after an explosion.

Same machinery as tests/e2e/test_cli.py: every test has its own database and output folder, each
subprocess costs about a second, so assertions are grouped per story. Dates are computed at test
time in Dutch local time (Europe/Amsterdam), because the product counts days in that zone.
"""

import csv
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_cli import REFERENCE, Cli, Result, cli, pdf_text, sha256  # noqa: F401

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]

STREET = ["--straat", "Havenstraat", "--huisnummer", "14", "--toevoeging", "2",
          "--postcode", "9999 AB", "--plaats", "Rivierstad"]
MAYOR = "mr. A.B. de Vries"

# Wording as the police answer and the mayor's office would write it (cf. playbook/demo.py).
FACTS = ("Vannacht ontplofte een explosief tegen de voordeur van de portiekwoning; de voordeur, "
         "de portiekdeur en twee ramen zijn vernield.")
RECURRENCE = ("Hoog: de aanslag hangt samen met een conflict; herhaling binnen weken is "
              "waarschijnlijk.")
SERIOUSNESS = ("Een explosie midden in de nacht in een portiek met acht woningen bracht de "
               "bewoners van de hele portiek in direct gevaar; de buurt is ernstig verontrust.")
SUITABILITY = ("Sluiting neemt het doelwit weg: zonder bewoners is een nieuwe aanslag op deze "
               "portiek zinloos.")
OWNER = ("Woonstichting Rivierstad houdt de woning en kan de schade tijdens de sluiting "
         "herstellen.")
THREAT = "Ernstige vrees voor een nieuwe aanslag op dit adres binnen enkele weken."
ENTRY = ("Art. 174a Gemeentewet met art. 2:79 APV Rivierstad: betreden van de gesloten woning is "
         "verboden.")
ACCESS = "Op afspraak met team OOV kunnen bewoners onder begeleiding spullen ophalen."
ENFORCEMENT = "Verzegeling, kennisgeving op de deur, surveillance en zo nodig bestuursdwang."
NECESSITY = ("Camera's en extra surveillance zijn overwogen; die voorkomen een nieuwe aanslag "
             "niet. Lichtere middelen volstaan daarom niet.")
BALANCE = ("De bewoners zijn niet betrokken bij strafbare feiten. In het huishouden wonen twee "
           "kinderen; voor hen en voor de kwetsbare bewoner is vervangende woonruimte geregeld.")
HOUSING = ("Een gemeubileerde wisselwoning van Woonstichting Rivierstad, met begeleiding door "
           "het wijkteam.")
DURATION = ("De politie verwacht herhaling binnen enkele weken. Drie maanden geeft tijd om de "
            "dreiging te laten afnemen.")
URGENCY = "Een nieuwe aanslag kan elk moment volgen; de bewoners eerst horen kost te veel tijd."
LIFT_REASON = ("De politie ziet geen concrete aanwijzingen meer voor een nieuwe aanslag op dit "
               "adres.")

INCIDENT_STEPS = ("alarmering-afzetting", "burgemeester-informeren", "bouwkundige-veiligheid",
                  "salvage-inschakelen", "bewoonbaarheid-beoordelen", "evacuatie-opvang")
# The two things the draft in story 1 still lacks, as `besluit controleer` and `besluit neem` say.
MISSING_HEARING = "zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"
MISSING_HOUSING = ("vervangende woonruimte aangeboden aan het huishouden (of de weigering "
                   "vastgelegd) vóór de sluiting ingaat: er wonen minderjarigen of "
                   "niet-zelfredzame personen")
RESIDENT = "naam=Mevrouw A. de Boer;rol=bewoner;zelfredzaam=nee;geboortedatum=1944-01-01"
CORPORATION = "naam=Woonstichting Rivierstad;rol=belanghebbende;relatie=woningcorporatie"


def now_nl() -> datetime:
    return datetime.now(AMSTERDAM)


def today_nl() -> date:
    return now_nl().date()


def dutch(day: date) -> str:
    """'30 november 2026', as the letters and derivations write a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def pdfs(result: Result) -> list[Path]:
    """The PDF paths a command reports having written, each checked to exist and be a PDF."""
    paths = [Path(p) for p in re.findall(r"(/\S+?\.pdf)", result.stdout)]
    assert paths, str(result)
    for path in paths:
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-"), str(result)
    return paths


def one_pdf(result: Result) -> Path:
    [path] = pdfs(result)
    return path


def new_case(cli: Cli, *args: str, address: list[str] = STREET) -> str:
    """An explosion a few hours ago (Dutch local time) at `address`."""
    hours_ago = (now_nl() - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    result = cli("zaak", "nieuw", *address, "--soort", "aanslag", "--tijdstip", hours_ago, *args)
    match = REFERENCE.search(result.stdout)
    assert match and "aangemaakt" in result.stdout, str(result)
    return match.group()


def missing_items(text: str) -> list[str]:
    """The '- item' lines of a completeness report or refusal."""
    return [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]


def decision_id(result: Result) -> str:
    match = re.search(r"besluit (\d+)", result.stdout)
    assert match, str(result)
    return match.group(1)


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("*")} if folder.exists() else set()


def count(cli: Cli, table: str) -> int:
    return cli.rows(f"SELECT count(*) FROM {table}")[0][0] if cli.db.exists() else 0


def answer_rapportage(cli: Cli, reference: str) -> Path:
    """The police are asked for a bestuurlijke rapportage and answer the same day."""
    letter = one_pdf(cli("informatie", "vraag", reference, "--gebruiker", "oov.j.bakker"))
    answered = cli("informatie", "antwoord", reference, "1", "--datum", today_nl().isoformat(),
                   "--feiten", FACTS, "--herhaling", RECURRENCE,
                   "--gebruiker", "politie.m.smit")
    assert "Antwoord op verzoek 1 vastgelegd" in answered.stdout
    threat = cli("ronde", "dreiging", reference, "--datum", today_nl().isoformat(),
                 "--inschatting", THREAT, "--gebruiker", "politie.m.smit")
    assert "Dreigingsinschatting vastgelegd" in threat.stdout
    return letter


def draft_closure(cli: Cli, reference: str) -> str:
    drafted = cli("besluit", "nieuw", reference, "--ernst", SERIOUSNESS,
                  "--geschiktheid", SUITABILITY, "--noodzaak", NECESSITY, "--afweging", BALANCE,
                  "--afweging-eigenaar", OWNER, "--huisvesting", HOUSING, "--duur", "90",
                  "--motivering-duur", DURATION, "--betredingsverbod", ENTRY, "--toegang", ACCESS,
                  "--handhaving", ENFORCEMENT,
                  "--ingang", (today_nl() + timedelta(days=1)).isoformat(), "--ingangsuur", "12:00",
                  "--gebruiker", "juridisch.s.koster")
    assert "Concept-sluitingsbesluit" in drafted.stdout and reference in drafted.stdout
    return decision_id(drafted)


# --- 1. from the explosion to an issued, made-known and lifted closure -------------------------


def test_from_incident_to_issued_closure_and_its_follow_up(cli: Cli, tmp_path: Path) -> None:
    today = today_nl()
    reference = new_case(
        cli, "--objecttype", "woning",
        "--persoon", RESIDENT, "--persoon", CORPORATION,
        "--persoon", "naam=Dhr. P. Visser;rol=getuige;toestemming-shn=ja")
    # First response (police, fire brigade, municipality) is done; the case moves on to the phase
    # in which the mayor decides on closure. (The same decision while the case is still in the
    # incident phase is covered by its own test below.)
    for step in INCIDENT_STEPS:
        cli("zaak", "stap", reference, step, "--afgerond")
    assert "Eerste nazorg en maatregelen" in cli("zaak", "volgende", reference).stdout

    # The bestuurlijke rapportage: a request letter with the questions and its legal basis.
    letter = pdf_text(answer_rapportage(cli, reference))
    assert "Verzoek om een bestuurlijke rapportage" in letter
    assert "Wet politiegegevens" in letter
    for question in ("feiten en omstandigheden", "eerdere incidenten", "kans op herhaling",
                     "kwetsbare bewoners", "Welke maatregelen zijn al genomen",
                     "mogen aan de bewoner worden getoond"):
        assert question in letter, question
    assert "Havenstraat 14-2, 9999 AB Rivierstad" in letter
    assert dutch(today + timedelta(days=1)) in letter  # answer within one day

    # A draft that is complete except for hearing/urgency and the temporary housing.
    first = draft_closure(cli, reference)
    check = cli("besluit", "controleer", reference, first, expect=1)
    assert "Nog niet compleet" in check.stdout and check.stderr.strip() == ""
    assert sorted(missing_items(check.stdout)) == sorted([MISSING_HEARING, MISSING_HOUSING]), check

    refusal = cli.fails("besluit", "neem", reference, first)
    assert "kan nog niet worden genomen" in refusal
    assert sorted(missing_items(refusal)) == sorted([MISSING_HEARING, MISSING_HOUSING]), refusal
    assert cli.rows(f"SELECT status FROM besluit WHERE id = {first}") == [("concept",)]
    assert not any("sluitingsbesluit" in name for name in files_in(cli.output))

    # Urgency instead of a zienswijze, housing arranged: now the mayor can decide.
    urgency = cli("besluit", "spoed", reference, first, "--reden", URGENCY)
    assert "Spoed vastgelegd" in urgency.stdout
    housed = cli("huishouden", "huisvesting", reference, "--uitkomst", "aanvaard",
                 "--omschrijving", HOUSING, "--datum", today.isoformat())
    assert "Vervangende woonruimte vastgelegd" in housed.stdout
    issued = cli("besluit", "neem", reference, first, "--gebruiker", "burgemeester.devries")
    decision_pdf = one_pdf(issued)
    assert decision_pdf.name.endswith("-v1.pdf")
    text = pdf_text(decision_pdf)
    start = today + timedelta(days=1)
    end = start + timedelta(days=89)  # 90 days, the first and last day included
    for expected in ("Besluit tot sluiting", "art. 174a lid 1 onder b Gemeentewet",
                     "Havenstraat 14-2, 9999 AB Rivierstad",
                     f"{dutch(start)} om 12:00 uur tot en met {dutch(end)}",
                     "90 dagen", FACTS, SERIOUSNESS, RECURRENCE, SUITABILITY, NECESSITY, BALANCE,
                     OWNER, HOUSING, ENTRY, ACCESS, ENFORCEMENT,
                     DURATION, "art. 4:11", URGENCY, "zes weken", "art. 6:7", "art. 8:81",
                     "voorlopige voorziening", MAYOR):
        assert expected in text, f"'{expected}' ontbreekt in het sluitingsbesluit"

    # Bekendmaking: the bezwaar term starts the next day; six weeks, derivation shown.
    known = cli("besluit", "bekendmaking", reference, first, "--datum", today.isoformat(),
                "--wijze", "uitreiking")
    raw_end = today + timedelta(weeks=6)
    assert "Bezwaartermijn" in known.stdout and "art. 6:8" in known.stdout
    assert "dag na de bekendmaking" in known.stdout
    assert dutch(today + timedelta(days=1)) in known.stdout  # first day of the term
    assert dutch(raw_end) in known.stdout  # last day before any Atw extension
    deadline = re.search(
        r"Bezwaartermijn [^(]*\(art\. 6:7 Awb\): de termijn eindigt op (\w+ \d+ \w+ \d{4})",
        known.stdout)
    assert deadline, str(known)
    known_pdf = one_pdf(known)
    assert known_pdf.name == decision_pdf.name.replace("-v1.pdf", "-v2.pdf")
    known_text = pdf_text(known_pdf)
    # The letter gives each addressee the last day; the derivation stays on screen (issue 10).
    assert f"Mevrouw A. de Boer (bewoner): bekendgemaakt op {dutch(today)}" in known_text
    assert "Woonstichting Rivierstad (woningcorporatie, verhuurder)" in known_text
    assert f"uiterlijk op {deadline.group(1)} binnen zijn" in known_text
    assert "Bezwaartermijn" not in known_text

    listed = cli("besluit", "lijst", reference).stdout
    assert (f"Besluit {first}: sluiting, bekendgemaakt, {start.isoformat()} 12:00 t/m "
            f"{end.isoformat()}" in listed), listed
    assert f"Mevrouw A. de Boer (bewoner): bekendgemaakt {today.isoformat()}" in listed
    assert deadline.group(0) in listed and "art. 6:8" in listed

    # An extension always needs a new zienswijze: urgency is refused, nothing recorded.
    extension = decision_id(cli("besluit", "verleng", reference, first, "--duur", "60",
                                "--motivering-duur", "De dreiging houdt aan; de politie verwacht "
                                "nog steeds een nieuwe aanslag binnen weken.",
                                "--herhaling", "Nog steeds hoog volgens de politie."))
    audit_before = count(cli, "audit")
    refused = cli.fails("besluit", "spoed", reference, extension, "--reden", URGENCY)
    assert "spoed volstaat niet" in refused and "zienswijze" in refused
    assert count(cli, "audit") == audit_before
    assert cli.rows(f"SELECT status, hearing FROM besluit WHERE id = {extension}") == [
        ("concept", None)]

    # Lifting the closure: by default today, but never before it starts; its own letter.
    lifting = cli("besluit", "ophef", reference, first, "--reden", LIFT_REASON)
    assert f"per {start.isoformat()}" in lifting.stdout
    lift_id = decision_id(lifting)
    lifted = cli("besluit", "neem", reference, lift_id)
    lift_pdf = one_pdf(lifted)
    assert "opheffingsbesluit" in lift_pdf.name
    lift_text = pdf_text(lift_pdf)
    for expected in ("Besluit tot opheffing van de sluiting", "Reden van opheffing", LIFT_REASON,
                     f"met ingang van {dutch(start)}", "art. 8:81", MAYOR):
        assert expected in lift_text, f"'{expected}' ontbreekt in het opheffingsbesluit"

    # Every document of the case, each version, with the start of its SHA-256.
    documents = cli("zaak", "documenten", reference).stdout
    stored = cli.rows("SELECT filename, version, sha256 FROM document ORDER BY id")
    assert [name for name, *_ in stored] == [
        f"{reference}-verzoek-bestuurlijke-rapportage-verzoek-1-v1.pdf",
        decision_pdf.name, known_pdf.name, lift_pdf.name]
    for filename, version, digest in stored:
        [line] = [line for line in documents.splitlines() if line.startswith(filename)]
        assert re.search(rf"\s{version}\s", line) and digest[:16] in line, line
        assert sha256(cli.output / filename) == digest, f"{filename} op schijf wijkt af"

    shown = cli("zaak", "toon", reference).stdout
    assert "sluiting: ja" in shown
    for step in ("sluitingsbesluit", "bekendmaking-verzegeling", "zienswijze-of-spoed",
                 "verzoek-bestuurlijke-rapportage",
                 "bestuurlijke-rapportage-ontvangen"):
        [line] = [line for line in shown.splitlines() if line.startswith(f"{step} ")]
        assert "afgerond" in line, line

    audit_file = tmp_path / "audit.csv"
    cli("zaak", "audit", reference, "--csv", str(audit_file))
    with audit_file.open(encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    by_action: dict[str, list[dict[str, str]]] = {}
    for event in events:
        by_action.setdefault(event["wat"], []).append(event)
    assert [e["nieuw"] for e in by_action["besluit-concept"]] == [
        "sluiting", "verlenging", "opheffing"]
    assert by_action["besluit-concept"][0]["wie"] == "juridisch.s.koster"
    changed = {e["onderwerp"]: e for e in by_action["besluit-gewijzigd"]}
    assert changed[f"besluit {first}: spoed"]["nieuw"] == URGENCY
    assert [e for e in by_action["besluit-status"]
            if e["onderwerp"] == f"besluit {first}" and e["oud"] == "concept"
            and e["nieuw"] == "genomen" and e["wie"] == "burgemeester.devries"]
    made = [e["nieuw"] for e in by_action["document-gemaakt"]]
    assert len(made) == len(stored)
    for (filename, _, digest), line in zip(stored, made, strict=True):
        assert filename in line and digest[:16] in line, line
    # The audit trail is read by Dutch officers and in court: field names must be Dutch too
    # ('besluit 1: ingang', not the Python attribute name).
    english = sorted({e["onderwerp"] for e in by_action["besluit-gewijzigd"]
                      if "_" in e["onderwerp"]})
    assert not english, f"Engelse veldnamen in het auditspoor: {english}"


def test_housing_offered_during_the_incident_phase_counts_for_the_decision(cli: Cli) -> None:
    """The refusal says: offer alternative housing. When the office records that while the case
    is still in the incident phase, the decision must be possible."""
    reference = new_case(cli, "--objecttype", "woning", "--persoon", RESIDENT,
                         "--persoon", CORPORATION)
    answer_rapportage(cli, reference)
    first = draft_closure(cli, reference)
    cli("besluit", "spoed", reference, first, "--reden", URGENCY)
    assert MISSING_HOUSING in missing_items(cli("besluit", "controleer", reference, first,
                                                expect=1).stdout)
    cli("huishouden", "huisvesting", reference, "--uitkomst", "geweigerd", "--omschrijving",
        "Wisselwoning aangeboden; de bewoonster gaat liever naar haar dochter.",
        "--datum", today_nl().isoformat())
    assert "Fase: Incident" in cli("zaak", "toon", reference).stdout
    check = cli("besluit", "controleer", reference, first, expect=0)
    assert "Compleet" in check.stdout
    assert "sluitingsbesluit" in one_pdf(cli("besluit", "neem", reference, first)).name


def test_a_zienswijze_names_who_was_heard_and_the_landlord_is_waited_for(cli: Cli) -> None:
    """The voornemen goes to the resident and, as a copy, to the housing corporation; the
    zienswijze says who was heard (`--gehoord`, a name on the case). While the term runs, the
    decision waits for the corporation too (art. 4:8 Awb)."""
    reference = new_case(cli, "--objecttype", "woning", "--persoon", RESIDENT,
                         "--persoon", CORPORATION)
    answer_rapportage(cli, reference)
    first = draft_closure(cli, reference)
    cli("huishouden", "huisvesting", reference, "--uitkomst", "aanvaard", "--omschrijving",
        HOUSING, "--datum", today_nl().isoformat())
    intent = pdf_text(one_pdf(cli("besluit", "voornemen", reference, first, "--termijn", "7",
                                  "--verzonden", today_nl().isoformat())))
    assert "Afschrift aan:" in intent and "Woonstichting Rivierstad (woningcorporatie" in intent
    before = count(cli, "audit")
    wrong = cli.fails("besluit", "zienswijze", reference, first, "--uitkomst",
                      "Zij vraagt om een kortere sluiting.", "--gegeven", "ja",
                      "--gehoord", "Mevrouw B. Onbekend")
    assert ("gehoord: 'Mevrouw B. Onbekend' is geen belanghebbende van dit besluit; kies uit: "
            "Mevrouw A. de Boer, Woonstichting Rivierstad") in wrong
    assert count(cli, "audit") == before  # refused: nothing recorded
    cli("besluit", "zienswijze", reference, first, "--uitkomst",
        "Zij vraagt om een kortere sluiting.", "--gegeven", "ja",
        "--gehoord", "Mevrouw A. de Boer")
    refused = cli.fails("besluit", "neem", reference, first)
    assert "Nog niet gehoord: Woonstichting Rivierstad (art. 4:8 Awb)" in refused
    assert cli.rows(f"SELECT status FROM besluit WHERE id = {first}") == [("voornemen",)]
    cli("besluit", "zienswijze", reference, first, "--uitkomst",
        "Zij vraagt om een kortere sluiting; de woonstichting heeft geen bedenkingen.",
        "--gegeven", "ja", "--gehoord", "Mevrouw A. de Boer",
        "--gehoord", "Woonstichting Rivierstad")
    assert "sluitingsbesluit" in one_pdf(cli("besluit", "neem", reference, first)).name


def test_calendar_lists_rest_days_with_their_basis(cli: Cli) -> None:
    listed = cli("termijnen", "kalender", "2026").stdout
    assert ("vrijdag 15 mei 2026: vrijdag na Hemelvaartsdag (gelijkgestelde dag), bij koninklijk "
            "besluit gelijkgesteld") in listed
    assert "BWBR0051300" in listed and "Goede Vrijdag" in listed
    assert "Let op" not in listed
    assert "alleen bekend tot en met 2028" in cli("termijnen", "kalender", "2029").stdout


# --- 2. letters to neighbours, victims and the aftercare team ----------------------------------


def test_letters_for_the_street_referral_and_aftercare_team(cli: Cli) -> None:
    target, resident = "Huishouden Karimi", "Mevrouw Annelies de Boer"
    reference = new_case(cli, "--objecttype", "woning",
                         "--persoon", f"naam={target};rol=doelwit",
                         "--persoon", f"naam={resident};rol=bewoner;zelfredzaam=nee;kinderen=2")

    # The joint letter to the street, Dutch and English, without anything about the target.
    written = cli("brief", reference, "bewonersbrief",
                  "--bijeenkomst", "Donderdag om 19.30 uur in buurthuis De Haven.")
    letters = pdfs(written)
    assert sorted(p.name for p in letters) == sorted(
        [f"{reference}-bewonersbrief-nl-v1.pdf", f"{reference}-bewonersbrief-en-v1.pdf"])
    for path in letters:
        text = pdf_text(path)
        for number in ("0900-8844", "0800-7000", "0900-0101"):
            assert number in text, f"{number} ontbreekt in {path.name}"
        assert "Havenstraat" in text and "buurthuis De Haven" in text
        for secret in (target, "Karimi", resident, "de Boer", "14-2", "Havenstraat 14"):
            assert secret not in text, f"'{secret}' staat in de bewonersbrief {path.name}"
    assert "Informatie over de explosie in uw straat" in pdf_text(
        next(p for p in letters if "-nl-" in p.name))
    assert "Information about the explosion in your street" in pdf_text(
        next(p for p in letters if "-en-" in p.name))

    # Referral to Slachtofferhulp: refused without consent, and nothing is stored or written.
    shown = cli("zaak", "toon", reference).stdout
    person = re.search(rf"\[(\d+)\] {re.escape(resident)}", shown)
    assert person, shown
    person_id = person.group(1)
    documents_before = cli("zaak", "documenten", reference).stdout
    files_before = files_in(cli.output)
    refusal = cli.fails("brief", reference, "verwijzing-slachtofferhulp", "--persoon", person_id)
    assert "Geen toestemming" in refusal and "Slachtofferhulp" in refusal
    assert cli("zaak", "documenten", reference).stdout == documents_before
    assert files_in(cli.output) == files_before

    consent = cli("zaak", "toestemming", reference, person_id, "--gebruiker", "politie.m.smit")
    assert f"Toestemming van {resident} vastgelegd" in consent.stdout
    referral = one_pdf(cli("brief", reference, "verwijzing-slachtofferhulp",
                           "--persoon", person_id))
    assert f"persoon-{person_id}" in referral.name
    referral_text = pdf_text(referral)
    assert resident in referral_text and "Slachtofferhulp Nederland" in referral_text

    # The aftercare team needs addresses to visit; none are known yet.
    files_before = files_in(cli.output)
    documents_before = count(cli, "document")
    refusal = cli.fails("brief", reference, "opdracht-nazorgteam")
    assert "adressen" in refusal
    assert files_in(cli.output) == files_before and count(cli, "document") == documents_before
    briefing = one_pdf(cli("brief", reference, "opdracht-nazorgteam",
                           "--adres", "Havenstraat 10", "--adres", "Havenstraat 12"))
    briefing_text = pdf_text(briefing)
    assert "Havenstraat 10" in briefing_text and "Havenstraat 12" in briefing_text
    assert "Contactlog" in briefing_text and "Opdracht nazorgteam" in briefing_text

    refusal = cli.fails("brief", reference, "onzin")
    assert "onzin" in refusal
    for kind in ("bewonersbrief", "verwijzing-slachtofferhulp", "opdracht-nazorgteam",
                 "verzoek-bestuurlijke-rapportage", "verzoek-39f"):
        assert kind in refusal, kind
    assert count(cli, "document") == documents_before + 1


# --- 3. bad input: refused in Dutch, exit 2, nothing stored ------------------------------------


def test_bad_decision_and_request_input_is_refused_in_dutch(cli: Cli) -> None:
    vehicle = new_case(cli, "--objecttype", "voertuig", address=[
        "--straat", "Kade", "--huisnummer", "5", "--postcode", "3011 AB", "--plaats", "Rotterdam"])
    message = cli.fails("besluit", "nieuw", vehicle)
    assert "geen sluitingsroute" in message
    assert count(cli, "besluit") == 0
    assert cli.rows(f"SELECT closure FROM zaak WHERE reference = '{vehicle}'") == [(0,)]

    home = new_case(cli, "--objecttype", "woning")
    drafted = cli("besluit", "nieuw", home)
    first = decision_id(drafted)
    audit_before = count(cli, "audit")
    decision_before = cli.rows("SELECT * FROM besluit")

    message = cli.fails("besluit", "bekendmaking", home, first, "--datum", "2025-13-40")
    assert "datum" in message and "2025-13-40" in message and "JJJJ-MM-DD" in message

    message = cli.fails("besluit", "wijzig", home, first, "--duur", "0")
    assert "duur" in message and "Ongeldige invoer" in message

    message = cli.fails("informatie", "vraag", home, "--soort", "x")
    assert "soort" in message and "'x'" in message and "bestuurlijke-rapportage" in message

    assert count(cli, "audit") == audit_before
    assert cli.rows("SELECT * FROM besluit") == decision_before
    assert count(cli, "informatieverzoek") == 0 and count(cli, "document") == 0
    assert files_in(cli.output) == set()


# --- 4. noodbevel, bezwaar and interim relief through the command line ------------------------


def test_noodbevel_bezwaar_hearing_decision_and_interim_relief(cli: Cli) -> None:
    today = today_nl()
    reference = new_case(cli, "--objecttype", "woning", "--persoon",
                         "naam=Dhr. R. Visser;rol=doelwit;geboortedatum=1970-01-01",
                         "--persoon", CORPORATION)
    tomorrow = (today + timedelta(days=1)).isoformat()
    order = decision_id(cli("besluit", "noodbevel", reference, "--feiten", FACTS,
                            "--ernst", SERIOUSNESS, "--duur", "14", "--motivering-duur", DURATION,
                            "--ingang", tomorrow, "--ingangsuur", "12:00"))
    refused = cli.fails("besluit", "voornemen", reference, order)
    assert "een noodbevel gaat niet via een voornemen en zienswijze" in refused
    cli("besluit", "wijzig", reference, order, "--herhaling", RECURRENCE,
        "--geschiktheid", SUITABILITY, "--noodzaak", NECESSITY, "--afweging", BALANCE,
        "--afweging-eigenaar", OWNER, "--betredingsverbod", ENTRY, "--toegang", ACCESS,
        "--handhaving", ENFORCEMENT)
    assert "Noodbevel tot sluiting" in pdf_text(one_pdf(cli("besluit", "neem", reference, order)))
    cli("besluit", "bekendmaking", reference, order, "--datum", today.isoformat())
    lodged = cli("bezwaar", "nieuw", reference, "--besluit", order, "--indiener", "Dhr. R. Visser",
                 "--ontvangen", today.isoformat(), "--commissie", "ja").stdout
    assert "tijdig" in lodged and "Beslistermijn bezwaar" in lodged and "art. 7:13 Awb" in lodged
    hearing = (today + timedelta(days=1)).isoformat()
    cli("bezwaar", "hoorzitting", reference, "1", "--tijdstip", f"{hearing} 10:00")
    cli("bezwaar", "gehoord", reference, "1", "--datum", today.isoformat())
    refused = cli.fails("bezwaar", "beslis", reference, "1", "--uitkomst", "ongegrond",
                        "--datum", today.isoformat(), "--volgt-advies", "nee")
    assert "art. 7:13 lid 7 Awb" in refused
    cli("bezwaar", "beslis", reference, "1", "--uitkomst", "ongegrond", "--datum",
        today.isoformat(), "--volgt-advies", "ja")
    relief = cli("bezwaar", "voorlopige-voorziening", reference, "--besluit", order,
                 "--gevraagd", today.isoformat(), "--zitting", hearing)
    assert "voorlopige voorziening vastgelegd" in relief.stdout
    assert cli.rows("SELECT outcome, follows_advice FROM bezwaar") == [("ongegrond", 1)]
    assert cli.rows("SELECT to_status FROM besluit_status ORDER BY id") == [
        ("concept",), ("genomen",), ("bekendgemaakt",)]
