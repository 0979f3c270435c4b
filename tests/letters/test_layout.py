"""Layout rules of every letter (issue 10), read from text positions in the PDFs (pdfplumber),
not judged by eye: closing and signature never alone on a page, nothing cut at the margins,
no phone number or date split over two lines, no Dutch label in the English letter, no code or
login printed."""

import re

import pytest
import yaml

from playbook.definition.enums import DocumentKind, StepStatus, Tenure
from playbook.definition.models import Playbook
from playbook.demo.scenario import load_scenario
from playbook.letters import contexts as ctx
from playbook.letters.override_check import sample
from playbook.letters.overrides import render_pdf
from playbook.resources import data_dir
from tests.integration.pdf import pdf_text
from tests.letters.conftest import MM, Pdf

# @page margins in style.css: top 22mm, right 20mm, bottom 24mm, left 22mm.
LEFT, RIGHT, TOP, BOTTOM = 22 * MM, 20 * MM, 22 * MM, 24 * MM
TOLERANCE = 1.0  # a point: glyph side bearings
LETTERS = {k.value for k in DocumentKind} - {"checklist"}
WITH_CLOSING = LETTERS - {"opdracht-nazorgteam"}  # the briefing is a work order, not a letter
MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
          "december|January|February|March|April|May|June|July|August|September|October|"
          "November|December")
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
PHONES = ("0900-8844", "0800-7000", "0900-0101", "14 0999", "0999-123456", "06-12345678")
CLOSING_START = re.compile(
    r"^(Met vriendelijke groet,|Kind regards,|Rivierstad, \d{1,2} \w+ \d{4})$")


def footer(line: str) -> bool:
    return bool(re.search(r"(Pagina|Page) \d+ (van|of) \d+$", line))


def closing_problems(pdf: Pdf, signatory: str) -> list[str]:
    """Where the closing starts, the page must also carry body text above it, and the
    signatory must be on that same page."""
    pages = pdf.lines()
    found = [(n, i) for n, lines in enumerate(pages) for i, line in enumerate(lines)
             if CLOSING_START.match(line.strip())]
    if not found:
        return [f"{pdf.name}: geen slotformule gevonden"]
    page, index = found[-1]
    body_above = [line for line in pages[page][:index] if not footer(line)]
    problems = []
    if page > 0 and len(body_above) < 2:
        problems.append(f"{pdf.name}: slot en ondertekening staan alleen op pagina {page + 1}")
    if not any(signatory in line for line in pages[page][index:]):
        problems.append(f"{pdf.name}: ondertekening '{signatory}' niet op de pagina van het slot")
    return problems


def test_closing_and_signature_never_stand_alone_on_a_page(demo_pdfs: list[Pdf]) -> None:
    signatories = {"bewonersbrief": "Slachtofferhulp Nederland",
                   "verwijzing-slachtofferhulp": "Team Openbare Orde en Veiligheid"}
    problems = [p for pdf in demo_pdfs if pdf.kind in WITH_CLOSING
                for p in closing_problems(pdf, signatories.get(pdf.kind, "mr. A.B. de Vries"))]
    assert not problems, problems


def test_closing_keeps_company_whatever_the_length_of_the_reasoning(playbook: Playbook) -> None:
    """The hard case: reasoning of every length pushes the closing towards a page break."""
    problems, pages_seen = [], set()
    for words in range(0, 400, 40):
        context = sample(ctx.DecisionLetter, playbook.municipality, kind="sluitingsbesluit",
                         decision_kind="sluiting", hearing="zienswijze",
                         facts=" ".join(["Explosief tegen de voordeur van de woning."] * words),
                         decided_on=None, mayor="mr. A.B. de Vries")
        pdf = Pdf(f"sluitingsbesluit-{words}.pdf", render_pdf("besluit.html.j2", context))
        pages_seen.add(len(pdf.lines()))
        problems += closing_problems(pdf, "mr. A.B. de Vries")
    assert len(pages_seen) >= 3  # the closing really moved over page breaks
    assert not problems, problems


def test_nothing_is_cut_at_the_margins(demo_pdfs: list[Pdf]) -> None:
    problems = []
    for pdf in demo_pdfs:
        for number, page in enumerate(pdf.pages, start=1):
            width, height = page.width, page.height
            for char in page.chars:
                inside = (char.x0 >= LEFT - TOLERANCE and char.x1 <= width - RIGHT + TOLERANCE
                          and char.top >= TOP - TOLERANCE and char.bottom <= height - 8 * MM)
                in_footer = char.top > height - BOTTOM
                in_body = char.bottom <= height - BOTTOM + TOLERANCE
                if not inside or not (in_body or in_footer):
                    problems.append(f"{pdf.name} p{number}: '{char.text}' op "
                                    f"x={char.x0:.0f}-{char.x1:.0f}, y={char.top:.0f}")
    assert not problems, problems[:10]


def test_no_phone_number_or_date_is_split_over_two_lines(demo_pdfs: list[Pdf]) -> None:
    problems = []
    for pdf in demo_pdfs:
        for number, lines in enumerate(pdf.lines(), start=1):
            lines = [line.replace("\xa0", " ") for line in lines]
            joined, glued = " ".join(lines), "".join(lines)
            for phone in PHONES:
                whole = sum(line.count(phone) for line in lines)
                if max(joined.count(phone), glued.count(phone)) > whole:
                    problems.append(f"{pdf.name} p{number}: telefoonnummer {phone} afgebroken")
            whole_dates = sum(len(DATE.findall(line)) for line in lines)
            if len(DATE.findall(joined)) > whole_dates:
                problems.append(f"{pdf.name} p{number}: datum afgebroken")
    assert not problems, problems


def dutch_labels() -> set[str]:
    lang = data_dir("templates") / "letters" / "lang"
    nl = yaml.safe_load((lang / "brief.nl.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((lang / "brief.en.yaml").read_text(encoding="utf-8"))
    return {v.rstrip(",") for k, v in nl.items() if k != "locale" and v != en[k]} | {
        "Zaaknummer", "Telefoon", "Pagina", "Burgemeester", "Woningcorporatie",
        "Geachte", "Beste bewoner", "Onderwerp", "Datum"}


def test_the_english_letter_carries_no_dutch_label(demo_pdfs: list[Pdf]) -> None:
    english = [p for p in demo_pdfs if p.kind == "bewonersbrief" and p.lang == "en"]
    assert english
    for pdf in english:
        text = pdf_text(pdf.content)
        found = [w for w in dutch_labels() if re.search(rf"\b{re.escape(w)}\b", text)]
        assert not found, (pdf.name, found)
        assert "Our reference:" in text and "Page 1 of 2" in text and "Kind regards," in text


def codes() -> list[re.Pattern[str]]:
    slugs = [*(k.value for k in DocumentKind if "-" in k.value), StepStatus.not_applicable.value,
             *(t.value for t in Tenure if "-" in t.value), "eigenaar-bewoner"]
    return [re.compile(rf"\b{re.escape(s)}\b") for s in slugs] + [
        re.compile(r"\bbesluit \d+\b"), re.compile(r"\b(persoon|verzoek|besluit)-\d+\b"),
        re.compile(r"\bTaal: [a-z]{2}\b"), re.compile(r"\bGM\d{4}\b(?!-)")]


# Every kind the demo makes, the referral and the checklists included (their codes and logins
# were replaced by words and display names on main).
@pytest.mark.parametrize("kind", sorted({"voornemen-sluiting", "sluitingsbesluit",
                                         "opheffingsbesluit", "bewonersbrief",
                                         "verzoek-bestuurlijke-rapportage", "opdracht-nazorgteam",
                                         "verwijzing-slachtofferhulp", "checklist"}))
def test_no_code_or_login_is_printed(demo_pdfs: list[Pdf], kind: str) -> None:
    logins = set(load_scenario().actors.values())
    chosen = [p for p in demo_pdfs if p.kind == kind]
    assert chosen, f"de demo maakt geen {kind}"
    for pdf in chosen:
        text = pdf_text(pdf.content)
        found = [login for login in logins if login in text]
        found += [m.group(0) for pattern in codes() for m in pattern.finditer(text)]
        assert not found, (pdf.name, found)
