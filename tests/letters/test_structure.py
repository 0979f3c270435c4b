"""Tagged PDFs (issue 10): every document type carries a structure tree that a screen reader
follows, with headings, paragraphs, lists and tables in reading order, /MarkInfo, /Lang and a
title; and it stays PDF/A-3u with the pinned fonts."""

import io

import pikepdf
import pytest

from tests.letters.conftest import Pdf, latest

EVERY_KIND = {"checklist", "voornemen-sluiting", "sluitingsbesluit", "opheffingsbesluit",
              "bewonersbrief", "verwijzing-slachtofferhulp", "opdracht-nazorgteam",
              "verzoek-bestuurlijke-rapportage"}
# What each kind must show a screen reader besides headings and paragraphs.
LISTS = {"bewonersbrief", "opdracht-nazorgteam", "verzoek-bestuurlijke-rapportage",
         "verzoek-39f", "sluitingsbesluit", "verlengingsbesluit"}
TABLES = {"checklist", "verwijzing-slachtofferhulp", "opdracht-nazorgteam",
          "verzoek-bestuurlijke-rapportage", "verzoek-39f"}


def structure(content: bytes) -> dict[str, object]:
    """The tags of the structure tree in document order, and the catalogue's claims."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        tags: list[str] = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    tags.append(str(node.S).lstrip("/"))
                kids = node.get("/K")
                if kids is not None:
                    walk(kids)
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)

        assert "/StructTreeRoot" in root, "geen structuurboom: de PDF is niet getagd"
        walk(root.StructTreeRoot)
        meta = pdf.open_metadata()
        return {"tags": tags, "marked": bool(root.MarkInfo.get("/Marked", False)),
                "lang": str(root.get("/Lang", "")), "title": str(pdf.docinfo.get("/Title", "")),
                "dc_title": meta.get("dc:title"), "pdfa": meta.pdfa_status,
                "display_title": bool(root.ViewerPreferences.get("/DisplayDocTitle")),
                "pages": len(pdf.pages)}


def check_tagged(pdf: Pdf) -> list[str]:
    facts = structure(pdf.content)
    tags: list[str] = facts["tags"]  # type: ignore[assignment]
    assert facts["marked"] and facts["display_title"], pdf.name
    assert facts["lang"] == pdf.lang, (pdf.name, facts["lang"])
    assert facts["title"] and facts["title"] == facts["dc_title"], pdf.name
    assert facts["pdfa"] == "3U", (pdf.name, facts["pdfa"])
    assert tags[0] == "Document" and tags.count("H1") == 1, (pdf.name, tags[:12])
    # Reading order: letterhead and addressee paragraphs, then the one title, then the sections.
    h1 = tags.index("H1")
    assert "P" in tags[:h1] and "P" in tags[h1:], pdf.name
    h2s = [i for i, t in enumerate(tags) if t == "H2"]
    assert all(i > h1 for i in h2s), pdf.name
    if pdf.kind in LISTS:
        assert {"L", "LI", "LBody"} <= set(tags), (pdf.name, "lijst")
    if pdf.kind in TABLES:
        assert {"Table", "TR", "TD"} <= set(tags), (pdf.name, "tabel")
        assert "TH" in tags, (pdf.name, "tabel zonder kopcellen")
    return tags


def test_every_document_type_of_the_demo_is_tagged_in_reading_order(demo_pdfs: list[Pdf]) -> None:
    documents = latest(demo_pdfs)
    assert {d.kind for d in documents} >= EVERY_KIND
    assert {d.lang for d in documents if d.kind == "bewonersbrief"} == {"nl", "en"}
    for pdf in documents:
        check_tagged(pdf)


def test_decision_letter_headings_follow_the_reasoning(demo_pdfs: list[Pdf]) -> None:
    decision = next(p for p in reversed(demo_pdfs) if p.kind == "sluitingsbesluit")
    tags = check_tagged(decision)
    assert tags.count("H2") >= 8 and tags.count("H3") >= 2  # grounds, facts, ..., bezwaar


@pytest.mark.parametrize("kind", sorted(EVERY_KIND))
def test_every_version_is_tagged(demo_pdfs: list[Pdf], kind: str) -> None:
    for pdf in (p for p in demo_pdfs if p.kind == kind):
        assert structure(pdf.content)["tags"], pdf.name
