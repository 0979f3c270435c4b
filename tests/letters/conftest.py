"""Documents to read back: the demo's full set (every kind the demo makes, Dutch and English),
as this test run's `playbook demo` wrote them (tests/conftest.py `demo_run`)."""

import io
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import pdfplumber
import pytest

from tests.conftest import DemoRun
from tests.integration.test_decisions import first_response  # noqa: F401 - fixture
from tests.web.conftest import (  # noqa: F401 - fixtures: users, logged-in browsers, a case
    app,
    browsers,
    case_ref,
    fast_password_hashing,
    settings,
    users,
)

MM = 72 / 25.4  # PDF points per millimetre
REFERENCE = "GM9999-2025-0001"


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class PageText(NamedTuple):
    width: float
    height: float
    chars: list[Char]
    lines: list[str]


@dataclass(frozen=True)
class Pdf:
    name: str
    content: bytes

    @property
    def kind(self) -> str:
        """'sluitingsbesluit' from 'GM9999-2025-0001-sluitingsbesluit-besluit-1-v2.pdf'."""
        from playbook.definition.enums import DocumentKind

        rest = self.name.removeprefix(f"{REFERENCE}-")
        return max((k.value for k in DocumentKind if rest.startswith(k.value + "-")), key=len)

    @property
    def lang(self) -> str:
        """'en' for 'bewonersbrief-en-v1.pdf' and 'bewonersbrief-heropening-en-v2.pdf'."""
        rest = self.name.removeprefix(f"{REFERENCE}-bewonersbrief-")
        return "en" if rest != self.name and "en" in rest.split("-") else "nl"

    @cached_property
    def pages(self) -> list[PageText]:
        """Each page as pdfplumber reads it, read once: the layout tests each walk every page
        of every demo letter, and parsing is most of their time."""
        with pdfplumber.open(io.BytesIO(self.content)) as pdf:
            return [PageText(page.width, page.height,
                             [Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"])
                              for c in page.chars],
                             [line["text"] for line in page.extract_text_lines()])
                    for page in pdf.pages]

    def lines(self) -> list[list[str]]:
        """Text lines per page, top to bottom, as pdfplumber positions them."""
        return [page.lines for page in self.pages]


@pytest.fixture(scope="session")
def demo_pdfs(demo_run: DemoRun) -> list[Pdf]:
    """Every PDF of this run's demo, in the order it made them."""
    return [Pdf(p.name, p.read_bytes()) for p in demo_run.files if p.suffix == ".pdf"]


def latest(pdfs: list[Pdf]) -> list[Pdf]:
    """One document per kind and language (the last version made): the set a reader gets."""
    chosen: dict[tuple[str, str], Pdf] = {}
    for pdf in pdfs:
        chosen[(pdf.kind, pdf.lang)] = pdf
    return list(chosen.values())
