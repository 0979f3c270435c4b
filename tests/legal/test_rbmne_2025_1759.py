"""ECLI:NL:RBMNE:2025:1759 (Rechtbank Midden-Nederland, 17 April 2025, UTR 23/3414, Huizen).

From the published page (case header and lexboost's machine summary; r.o. 1 was cut off in
what could be read): on 4 July 2022 the mayor
closed the home by noodbevel because of an acute and serious threat of violence and extended the
closure several times, the last time on 10 November 2022, without letting the resident give her
view first. The court: the noodbevel was within the mayor's power, but before extending he had
to give her the opportunity to give a zienswijze; the appeal was upheld and the decision
annulled, its legal effects maintained because the mayor could reasonably reach it. The r.o.
numbers of that reasoning were not retrievable.

The engine refuses an extension on urgency without a new zienswijze, which is stricter than the
outcome (the court kept the legal effects). The need for a threat assessment dated after the
decision being extended is the engine's rule for "no old necessity carried over". The test
replays the first extension, with illustrative dates; the judged one was the last, of
10 November 2022."""

from datetime import date

import pytest

from playbook.decisions import service as decisions
from playbook.errors import NotAllowed
from tests.legal import builders as b
from tests.legal.test_rbrot_2024_5645 import decisions_letter_text

HOUSEHOLD = [
    {"name": "Mevrouw H. (bewoner)", "role": "doelwit", "birth_date": "1970-09-09"},
    {"name": "Woningstichting Huizen", "role": "belanghebbende", "relation": "woningcorporatie"},
]


def _emergency_order(uow, playbook) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2022-07-03 22:00", household=HOUSEHOLD, kind="dreiging")
    b.threat(
        uow, reference, "2022-07-04 08:00", "Acute en ernstige geweldsdreiging tegen de woning."
    )
    with uow() as s:
        order = decisions.emergency_order(
            session=s,
            reference=reference,
            actor="burgemeester",
            now=b.when("2022-07-04 09:00"),
            fields=decisions.parse_draft(
                {
                    **b.REASONS,
                    "facts": "De politie meldt een acute dreiging met ernstig geweld.",
                    "recurrence": "Aanslag op korte termijn zeer waarschijnlijk.",
                    "duration_days": 14,
                    "start_time": "12:00",
                }
            ),
        )
    b.issue(uow, reference, order.id, "2022-07-04 10:00")  # type: ignore[arg-type]
    b.make_known(uow, reference, order.id, "2022-07-04 11:00")  # type: ignore[arg-type]
    return reference, order.id  # type: ignore[return-value]


def _extension(uow, reference: str, order: int) -> int:  # type: ignore[no-untyped-def]
    with uow() as s:
        return decisions.extend(  # type: ignore[return-value]
            session=s,
            reference=reference,
            parent_id=order,
            actor="burgemeester",
            now=b.when("2022-07-11 09:00"),
            fields=decisions.parse_draft(
                {
                    **b.REASONS,
                    "duration_days": 28,
                    "facts": "De dreiging houdt aan volgens de politie.",
                    "recurrence": "Nog steeds reële kans op een aanslag.",
                }
            ),
        ).id


def test_noodbevel_is_taken_at_once_without_voornemen(uow, playbook) -> None:
    reference, order = _emergency_order(uow, playbook)
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), order)
        assert (d.kind, d.ground, d.status, d.hearing) == (
            "noodbevel",
            "175",
            "bekendgemaakt",
            None,
        )
        assert [h.to_status for h in decisions.history(s, d)] == [
            "concept",
            "genomen",
            "bekendgemaakt",
        ]


def test_extension_by_urgency_without_hearing_is_refused(uow, playbook) -> None:
    reference, order = _emergency_order(uow, playbook)
    extension = _extension(uow, reference, order)
    with (
        pytest.raises(NotAllowed, match="verlenging vraagt altijd een nieuwe zienswijze"),
        uow() as s,
    ):
        decisions.record_urgency(
            session=s,
            reference=reference,
            decision_id=extension,
            reasons="Spoed: de dreiging is acuut en horen kan niet.",
            actor="burgemeester",
            now=b.when("2022-07-11 10:00"),
        )
    missing = b.missing(uow, reference, extension, "2022-07-11 10:00")
    assert any("nieuw voornemen tot verlenging" in m for m in missing)
    assert any("actuele dreigingsinschatting, gedateerd na het besluit" in m for m in missing)


def test_extension_with_a_current_threat_and_a_new_zienswijze_is_accepted(uow, playbook) -> None:
    reference, order = _emergency_order(uow, playbook)
    extension = _extension(uow, reference, order)
    b.threat(
        uow,
        reference,
        "2022-07-11 11:00",
        "De politie schat de dreiging op 11 juli opnieuw hoog in.",
    )
    b.intent(uow, reference, extension, "2022-07-11 12:00")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), extension)
        voornemen = decisions_letter_text(s, d)
    assert "Voornemen tot verlenging van de sluiting" in voornemen
    assert "De sluiting eindigt nu op 17 juli 2022" in voornemen
    assert "zou zij eindigen op 14 augustus 2022" in voornemen
    b.hearing(uow, reference, extension, "2022-07-13 10:00")
    b.issue(uow, reference, extension, "2022-07-14 10:00")
    b.make_known(uow, reference, extension, "2022-07-15 10:00")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), extension)
        assert (d.status, d.start_date, decisions.end_date(d)) == (
            "bekendgemaakt",
            date(2022, 7, 18),
            date(2022, 8, 14),
        )
        # The old reasoning is not carried over: the extension has its own facts.
        assert d.facts == "De dreiging houdt aan volgens de politie."
