"""The daily digest of one user: their overdue and soon-due steps and the legal deadlines of
the coming days, as a Dutch e-mail (plain text and simple HTML). It names an address, a step
or deadline and a date, with a link; no person's name and nothing the user cannot see in the app."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from html import escape

from sqlmodel import Session

from playbook.cases.overview import due_items
from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl
from playbook.documents.formatting import short_nl
from playbook.reminders import audience
from playbook.reminders.legal import LegalKind, address_of, legal_dates
from playbook.storage.tables import User

STEP_DAYS_AHEAD = 1  # steps due today or tomorrow: tomorrow's deadline is still workable today
LEGAL_DAYS_AHEAD = 7  # legal terms a week ahead: a decision on a bezwaar takes preparation


@dataclass(frozen=True)
class Line:
    address: str
    what: str
    when: str  # Dutch date (and time for a step)
    link: str
    overdue: bool = False


@dataclass(frozen=True)
class Digest:
    user: User
    day: date
    steps: list[Line]
    deadlines: list[Line]

    @property
    def empty(self) -> bool:
        return not self.steps and not self.deadlines

    @property
    def size(self) -> int:
        return len(self.steps) + len(self.deadlines)


def build(session: Session, user: User, now: datetime, base_url: str) -> Digest:
    today = now.astimezone(USER_TZ).date()
    step_horizon = datetime.combine(today + timedelta(days=STEP_DAYS_AHEAD + 1), time(0),
                                    tzinfo=USER_TZ)
    owners = audience.step_owners(user)
    steps = [
        Line(address_of(d.case), d.item.step.title, short_nl(d.item.due),
             audience.case_link(user, base_url, d.case.reference), d.item.overdue)
        for d in due_items(session, now, user.municipality_code)
        if (owners is None or d.item.step.partner in owners)
        and d.item.due is not None and (d.item.overdue or d.item.due < step_horizon)
    ]
    legal_horizon = today + timedelta(days=LEGAL_DAYS_AHEAD)
    deadlines = []
    for item in legal_dates(session, user.municipality_code, audience.legal_kinds(user)):
        # A bezwaar not decided in time is late; any other legal date only matters ahead.
        late = item.kind == LegalKind.objection_decision and item.day < today
        if item.settled or not (late or today <= item.day <= legal_horizon):
            continue
        deadlines.append(Line(item.address, item.title, format_date_nl(item.day, weekday=True),
                              audience.case_link(user, base_url, item.reference), late))
    deadlines.sort(key=lambda line: not line.overdue)
    return Digest(user, today, steps, deadlines)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def subject(digest: Digest) -> str:
    return (f"Herinnering {format_date_nl(digest.day)}: "
            f"{_plural(len(digest.steps), 'stap', 'stappen')} en "
            f"{_plural(len(digest.deadlines), 'wettelijke termijn', 'wettelijke termijnen')}")


def _text_lines(lines: list[Line]) -> list[str]:
    return [f"- {'TE LAAT: ' if line.overdue else ''}{line.what} — {line.address}: "
            f"{line.when}\n  {line.link}" for line in lines]


def _html_list(lines: list[Line]) -> str:
    items = "".join(
        f"<li>{'<strong>Te laat:</strong> ' if line.overdue else ''}{escape(line.what)} — "
        f"{escape(line.address)}: {escape(line.when)} "
        f"(<a href=\"{escape(line.link)}\">openen</a>)</li>" for line in lines)
    return f"<ul>{items}</ul>"


def message(digest: Digest, sender: str, base_url: str) -> EmailMessage:
    sections = [("Stappen die te laat zijn of vandaag of morgen moeten", digest.steps),
                ("Wettelijke termijnen de komende week", digest.deadlines)]
    text = [f"Beste {digest.user.full_name},", "",
            f"Dit staat voor u open op {format_date_nl(digest.day, weekday=True)}."]
    html = [f"<p>Beste {escape(digest.user.full_name)},</p>",
            f"<p>Dit staat voor u open op {escape(format_date_nl(digest.day, weekday=True))}.</p>"]
    for title, lines in sections:
        if lines:
            text += ["", title + ":", *_text_lines(lines)]
            html += [f"<h2>{escape(title)}</h2>", _html_list(lines)]
    account = base_url.rstrip("/") + "/account"
    footer = ("U krijgt deze herinnering omdat bij uw account een e-mailadres staat. "
              f"Uw account: {account}")
    text += ["", footer]
    html.append(f"<p>{escape(footer)}</p>")
    mail = EmailMessage()
    mail["Subject"] = subject(digest)
    mail["From"] = sender
    mail["To"] = digest.user.email or ""
    mail.set_content("\n".join(text) + "\n")
    mail.add_alternative("<!doctype html><html lang=\"nl\"><body>" + "".join(html)
                         + "</body></html>", subtype="html")
    return mail
