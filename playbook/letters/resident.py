"""The joint letter to the neighbours of an attack, in every language, one for the street or
one per address (letters/bulk.py renders and stores them)."""

import re
from datetime import date, datetime

from sqlmodel import Session, col, select

from playbook.cases.overview import overview
from playbook.cases.repository import pinned_playbook
from playbook.config import USER_TZ
from playbook.definition.enums import Partner, StepStatus
from playbook.definition.models import Playbook
from playbook.documents.formatting import language_name
from playbook.errors import InvalidInput
from playbook.letters import contexts as ctx
from playbook.letters import texts
from playbook.letters.fields import base_fields
from playbook.letters.overrides import folder_for, resident_words
from playbook.storage.tables import Case, Decision, Document

RESIDENT_OCCASIONS = ("eerste", "nieuwe-aanslag", "verlenging", "heropening")

# A resident letter's scope (letters/bulk.py): occasion (none for the first letter), language,
# and with addresses the letter's number in the batch ("heropening-en-2").
_LATER = "|".join(re.escape(o) for o in RESIDENT_OCCASIONS if o != "eerste")
_SCOPE = re.compile(rf"^(?:({_LATER})-)?([a-z]{{2,3}})(?:-(\d+))?$")


def scope_words(scope: str) -> str | None:
    """What tells one resident letter from another, in words: "heropening-en-2" reads
    "heropening, Engels, brief 2" (None for a scope that is no resident letter's)."""
    found = _SCOPE.match(scope)
    if found is None:
        return None
    occasion, language, nth = found.groups()
    told = [occasion and occasion.replace("-", " "), language_name(language),
            f"brief {nth}" if nth else None]
    return ", ".join(t for t in told if t)


def resident_context(session: Session, case: Case, now: datetime, lang: str,
                     meeting: str | None = None, addressee: str | None = None,
                     occasion: str | None = None) -> ctx.ResidentLetter:
    """The joint letter to neighbours. Built only from street-level facts: the context type
    has no field that could carry the targeted household. The facts are the same in every
    language; only `words` (the language file) differs."""
    from playbook.cases.street import latest_news

    occasion = occasion or ("nieuwe-aanslag" if case.round > 1 else "eerste")
    if occasion not in RESIDENT_OCCASIONS:
        raise InvalidInput([f"soort bewonersbrief: '{occasion}' is onbekend; kies "
                            + ", ".join(RESIDENT_OCCASIONS)])
    playbook = pinned_playbook(session, case)
    view = overview(session, case, now, whole_case=True)
    done = {i.step.id for b in view.blocks for i in b.items if i.status == StepStatus.done}
    m = playbook.municipality
    corporation = m.partners.get(Partner.woningcorporatie)
    words = resident_words(lang, folder_for(m.cbs_code))
    news = latest_news(session, case)
    meeting_at = news.meeting_at.astimezone(USER_TZ) if news and news.meeting_at else None
    if meeting_at is not None and meeting_at < now:
        meeting_at = None  # a meeting that has been held is no news for a follow-up letter
    closure_end, reopened = _closure_dates(session, case)
    return ctx.ResidentLetter(
        **{**base_fields(case, playbook, words.occasions[occasion].title, now, lang),
           "subject": f"{words.occasions[occasion].title}, {case.reference}"},
        addressee=addressee, street=case.street, city=case.city, occasion=occasion,
        incident_kind=case.incident_kind, object_type=case.object_type,
        incident_date=case.incident_at.astimezone(USER_TZ).date(),
        injured=news.injured if news else ("gewonden" if case.injured else "niet-vrijgegeven"),
        safety=news.safety if news else "nog-niet-bekend",
        # Only a decision actually taken is news for the street, never a draft.
        measures=texts.resident_measures(closure=_closure_taken(session, case), done=done),
        closure_end=closure_end, reopened_on=reopened,
        meeting_date=meeting_at.date() if meeting_at else None,
        meeting_time=meeting_at.strftime("%H:%M") if meeting_at else None,
        meeting_place=news.meeting_place if news and meeting_at else None, meeting=meeting,
        police_phone="0900-8844", anonymous_phone="0800-7000", tips_web="www.politie.nl",
        anonymous_web="www.meldmisdaadanoniem.nl",
        shn_phone=getattr(m.partners.get(Partner.slachtofferhulp), "phone", None) or "0900-0101",
        contact=m.contact_point, housing_corporation=corporation,
        signatories=_resident_signatories(playbook), words=words,
    )


def _resident_signatories(playbook: Playbook) -> list[ctx.ResidentSignatory]:
    """As configured per partner in the municipality file (`letter_signatories`)."""
    m = playbook.municipality
    configured: dict[str, str | None] = {**m.letter_signatories} or {
        "gemeente": m.mayor, "politie": None, "woningcorporatie": None, "slachtofferhulp": None}
    fallback = {"gemeente": m.name, "slachtofferhulp": "Slachtofferhulp Nederland",
                "woningcorporatie": "de verhuurder"}
    return [ctx.ResidentSignatory(
        partner=p, name=name,
        organisation=(m.partners[p].name if p in m.partners else fallback.get(p)
                      or playbook.partner_name(p)))
        for p, name in configured.items()]


def _closure_dates(session: Session, case: Case) -> tuple[date | None, date | None]:
    """The current end of the closure (after an extension) and the day it was lifted."""
    from playbook.decisions.common import end_date

    taken = list(session.exec(select(Decision).where(
        Decision.case_id == case.id, col(Decision.status).in_(("genomen", "bekendgemaakt")))
        .order_by(col(Decision.id))))
    closures = [d for d in taken if d.kind in ("sluiting", "verlenging")]
    lifted = [d for d in taken if d.kind == "opheffing"]
    return (end_date(closures[-1]) if closures else None,
            (lifted[-1].start_date or lifted[-1].decided_on) if lifted else None)


def _closure_taken(session: Session, case: Case) -> bool:
    """A closure taken in this round (after a new attack, the earlier one is history)."""
    return session.exec(select(Decision).where(
        Decision.case_id == case.id, Decision.kind == "sluiting", Decision.round == case.round,
        col(Decision.status).in_(("genomen", "bekendgemaakt")))).first() is not None


def resident_letters(session: Session, case: Case, actor: str, now: datetime,
                     meeting: str | None = None, addresses: list[str] | None = None,
                     occasion: str | None = None) -> list[Document]:
    """Every language, either one letter for the street or one per given address: all
    contexts read first, then every PDF rendered, then stored (see letters/bulk.py). A
    follow-up (`occasion`: nieuwe-aanslag, verlenging, heropening) is a letter of its own."""
    from playbook.letters import bulk

    bases = bulk.base_contexts(session, case, now, meeting, occasion)
    items = bulk.resident_items(addresses, next(iter(bases.values())).occasion,
                                folder_for(case.municipality_code), langs=list(bases))
    pdfs = [bulk.render_resident(bulk.context_for(bases, i), i) for i in items]
    return [bulk.store_resident(session, case, i, pdf, actor, now)
            for i, pdf in zip(items, pdfs, strict=True)]
