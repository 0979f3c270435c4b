"""The one Jinja environment (pages and letters alike) and the WeasyPrint adapter."""

import atexit
import hashlib
import re
import threading
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from playbook.definition.enums import PARTNER_LABELS
from playbook.documents.formatting import (
    date_en,
    date_in,
    date_nl,
    datetime_nl,
    language_name,
    language_options,
    name_in_sentence,
    number_nl,
    short_nl,
)
from playbook.resources import data_dir
from playbook.users.devices import device_name
from playbook.validation import problem_at_field, problem_sentence

LETTERS = "letters"
# Archival (PDF/A-3, Unicode text) and tagged: a structure tree with headings, paragraphs, lists
# and tables, /MarkInfo, /Lang and the title. WeasyPrint has no combined PDF/A+UA variant; A-3u
# plus `pdf_tags` keeps the archive claim and gives screen readers the structure (issue 10).
PDF_VARIANT = "pdf/a-3u"


@cache
def environment(templates: Path | None = None, letters: Path | None = None) -> Environment:
    """The one environment; `letters` is a municipality's own letter folder, looked up before
    the shipped `templates/letters/` (a separate cached environment per folder)."""
    root = FileSystemLoader(templates or data_dir("templates"))
    loader: BaseLoader = root if letters is None else ChoiceLoader(
        [PrefixLoader({LETTERS: FileSystemLoader(letters)}), root])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date_nl=date_nl, date_en=date_en, datetime_nl=datetime_nl, short_nl=short_nl,
                       day=date_in, partner=lambda p: PARTNER_LABELS.get(p, str(p)),
                       language=language_name, who=_who, device=device_name,
                       number=number_nl, in_sentence=name_in_sentence, problem=problem_sentence,
                       at_field=problem_at_field)
    env.globals["letter_menu"] = _letter_menu
    env.globals["language_options"] = language_options
    return env


@pass_context
def _who(context: Context, login: str) -> str:
    """A login as the person's name: a page puts the names of the logins it shows in
    `people` (letters/names.py), read in one query; a login without a user stays itself."""
    people = context.get("people") or {}
    return str(people.get(login, login))


def _letter_menu() -> list[Any]:
    """The letters a case page offers, from the one registry (imported late: it needs the
    letter services, which need this module)."""
    from playbook.letters.registry import menu

    return menu()


def render_html(template: str, context: dict[str, Any], letters: Path | None = None) -> str:
    return environment(None, letters).get_template(template).render(**context)


# Dates ("7 maart 2025", "7 March 2025") and Dutch phone numbers ("0900-8844", "14 0999") are
# wrapped in a no-break span wherever a letter prints them, whichever template or municipal
# override wrote them: a number split over two lines gets misdialled.
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december|January|February|March|May|June|July|August|October|December")
_KEEP = re.compile(
    rf"\b\d{{1,2}}(?: |\xa0)(?:{_MONTHS})(?: |\xa0)\d{{4}}(?: (?:om )?\d{{2}}[:.]\d{{2}}(?: uur)?)?"
    r"|(?<![\w-])(?:14 ?0\d{2,3}|0\d{1,3}-\d{4,8}|0\d{2,3} \d{6,7}|0\d{9}|\+31(?: ?\d){9})"
    r"(?![\w-])")
_TEXT = re.compile(r">[^<]+<")


def keep_together(html: str) -> str:
    """Wrap dates and phone numbers in the body's text (never in tags or the head)."""
    head, body_tag, body = html.partition("<body")
    if not body_tag:
        return html
    return head + body_tag + _TEXT.sub(
        lambda text: _KEEP.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', text.group(0)),
        body)


@cache
def _font_css() -> str:
    # Fonts come from a pinned PyPI package, never from the machine, so bytes are reproducible.
    import font_source_sans_pro  # type: ignore[import-untyped]

    files = Path(font_source_sans_pro.__file__).parent / "files"
    faces = [("Regular", "normal", 400), ("It", "italic", 400), ("Bold", "normal", 700),
             ("BoldIt", "italic", 700)]
    return "\n".join(
        f"@font-face {{ font-family: 'Source Sans Pro'; font-style: {style}; "
        f"font-weight: {weight}; src: url('{(files / f'SourceSansPro-{name}.ttf').as_uri()}'); }}"
        for name, style, weight in faces
    )


@cache
def _allowed_roots() -> tuple[Path, ...]:
    import font_source_sans_pro

    return (Path(font_source_sans_pro.__file__).parent.resolve(),
            (data_dir("templates") / LETTERS).resolve())


INLINE_IMAGES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def url_fetcher() -> Any:
    """A WeasyPrint fetcher that serves only the package's own fonts and letter styles, and
    images inlined as data (the map of a measure, decisions/measures_map.py).

    A letter holds text typed by users; should markup ever slip through, it still cannot make
    the renderer read other files (file:///etc/...) or call out over http(s). An inline image
    reads nothing outside the letter itself."""
    from weasyprint.urls import URLFetcher

    class PackageOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "data" and url.startswith(INLINE_IMAGES):
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"geweigerd: alleen eigen bestanden, geen {parts.scheme}:")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in _allowed_roots()):
                raise ValueError("geweigerd: bestand buiten de lettertypen en stijlen")
            return super().fetch(url, headers)

    return PackageOnly(allowed_protocols=("file", "data"), allow_redirects=False)


_per_thread = threading.local()


def _stylesheets() -> tuple[object, object, list[object]]:
    """Fonts and CSS parsed once per thread (a third of a letter's time otherwise).

    Per thread, because a FontConfiguration is not known to be safe to share; without a
    FontConfiguration shared by CSS and render, @font-face is ignored and system fonts slip in.
    """
    cached = getattr(_per_thread, "styles", None)
    if cached is None:
        from weasyprint import CSS  # lazy: importing WeasyPrint costs ~0.4 s
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        atexit.register(_release_fonts)
        fetcher = url_fetcher()
        sheet = data_dir("templates") / LETTERS / "style.css"
        cached = _per_thread.styles = (fonts, fetcher, [
            CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher),
            CSS(filename=str(sheet), font_config=fonts, url_fetcher=fetcher)])
    return cached


def _release_fonts() -> None:
    """Drop this thread's FontConfiguration while WeasyPrint's C bindings still exist: its
    __del__ at interpreter teardown otherwise prints a traceback on every CLI exit."""
    if hasattr(_per_thread, "styles"):
        del _per_thread.styles


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fonts, fetcher, stylesheets = _stylesheets()
    content: bytes = HTML(
        string=keep_together(html), base_url=str(data_dir("templates") / LETTERS),
        url_fetcher=fetcher).write_pdf(stylesheets=stylesheets, font_config=fonts,
                                       pdf_variant=PDF_VARIANT, pdf_tags=True)
    return content


def render_pdf(template: str, context: dict[str, Any], letters: Path | None = None) -> bytes:
    """`letters`: a municipality's override folder (see playbook/letters/overrides.py)."""
    return html_to_pdf(render_html(f"{LETTERS}/{template}", context, letters))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def pdf_dates(at: datetime) -> dict[str, str]:
    """Fixed creation dates in the PDF metadata: the same input gives the same bytes."""
    stamp = at.replace(microsecond=0).isoformat()
    return {"created": stamp, "modified": stamp}

