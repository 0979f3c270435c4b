"""Reading PDFs back the way an archivist would: text, PDF/A claim, embedded fonts."""

import io
import subprocess

import pdfplumber
import pikepdf


def pdf_text(content: bytes) -> str:
    """Text as pdftotext (poppler) extracts it, whitespace collapsed for robust matching."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content,
                            capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def column_text(content: bytes, header: str) -> str:
    """The text of one table column, every page, top to bottom: the words below a header
    cell, between its left edge and the next header to its right (as a reader scans it)."""
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for head in (w for w in words if w["text"] == header):
                row = sorted(w["x0"] for w in words
                             if abs(w["top"] - head["top"]) < 1 and w["x0"] > head["x0"])
                right = row[0] if row else page.width
                found += [w["text"] for w in sorted(words, key=lambda w: (w["top"], w["x0"]))
                          if w["top"] > head["top"] + 1 and head["x0"] - 1 <= w["x0"] < right]
    return " ".join(found)


def pdf_facts(content: bytes) -> dict[str, object]:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        meta = pdf.open_metadata()
        fonts = {}
        for page in pdf.pages:
            for _name, font in (page.Resources.get("/Font") or {}).items():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font.get("/BaseFont"))] = embedded
        info = pdf.docinfo
        return {
            "pdfa": meta.pdfa_status,
            "fonts": fonts,
            "output_intent": "/OutputIntents" in pdf.Root,
            "title": str(info.get("/Title", "")),
            "author": str(info.get("/Author", "")),
            "subject": str(info.get("/Subject", "")),
            "lang": str(pdf.Root.get("/Lang", "")),
            "pages": len(pdf.pages),
        }
