"""Documents to read back: the demo's full set (every kind the demo makes, Dutch and English),
rendered once per test session on its own SQLite database."""

import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from playbook.definition.models import Playbook
from playbook.demo import run_demo
from playbook.storage.db import make_engine
from playbook.storage.migrate import upgrade
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

    def lines(self) -> list[list[str]]:
        """Text lines per page, top to bottom, as pdfplumber positions them."""
        with pdfplumber.open(io.BytesIO(self.content)) as pdf:
            return [[line["text"] for line in page.extract_text_lines()] for page in pdf.pages]


@pytest.fixture(scope="session")
def demo_pdfs(tmp_path_factory: pytest.TempPathFactory, playbook: Playbook) -> list[Pdf]:
    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        result = run_demo(engine, playbook, folder)
    finally:
        engine.dispose()
    return [Pdf(p.name, Path(p).read_bytes()) for p in result.files if p.suffix == ".pdf"]


def latest(pdfs: list[Pdf]) -> list[Pdf]:
    """One document per kind and language (the last version made): the set a reader gets."""
    chosen: dict[tuple[str, str], Pdf] = {}
    for pdf in pdfs:
        chosen[(pdf.kind, pdf.lang)] = pdf
    return list(chosen.values())
