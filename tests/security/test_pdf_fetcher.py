"""The PDF renderer reads only the package's own fonts and styles: no other files, no http."""

import logging
from pathlib import Path

import pytest

from playbook.documents.render import html_to_pdf, url_fetcher


def test_own_fonts_and_styles_are_served() -> None:
    import font_source_sans_pro

    font = Path(font_source_sans_pro.__file__).parent / "files" / "SourceSansPro-Regular.ttf"
    response = url_fetcher()(font.as_uri())
    try:
        assert response.status == 200 or response.status is None
    finally:
        response.close()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.css",
                                 "https://example.org/font.ttf", "ftp://127.0.0.1/x"])
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="geweigerd"):
        url_fetcher()(url)


def test_a_letter_cannot_pull_in_a_local_file(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="weasyprint")
    html = ('<html lang="nl"><head><title>t</title><link rel="stylesheet" href="file:///etc/passwd">'
            '</head><body><p>Brief</p><img src="file:///etc/hostname" alt="x"></body></html>')
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "geweigerd" in r.getMessage()]
    assert len(refused) == 2, [r.getMessage() for r in caplog.records]
