"""ECLI:NL:RBMNE:2025:2721 (Rechtbank Midden-Nederland, 5 June 2025, UTR 24/4979,
Stichtse Vecht).

From the published text, r.o. 1 (Samenvatting): on 23 December 2023 the mayor closed the home
by noodbevel because of an explosion at the front door, and extended the closure twice. From
the case header and lexboost's machine summary on the same page: the court annulled the
decision on bezwaar because the mayor departed from the bezwaar committee's advice without the
reasons the law requires (art. 7:13 lid 7 Awb), but kept its legal effects: the closure and the
extensions were justified in substance. The r.o. numbers of that reasoning were not
retrievable. The time of the explosion and the dates of the extensions and of the bezwaar steps
are illustrative."""

import pytest

from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.errors import InvalidInput
from tests.legal import builders as b

HOUSEHOLD = [{"name": "Eiseres", "role": "doelwit", "birth_date": "1975-03-03"}, b.CORPORATION]


def _objection(uow, playbook) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2023-12-23 03:15", household=HOUSEHOLD)
    with uow() as s:
        order = decisions.emergency_order(
            session=s,
            reference=reference,
            actor="burgemeester",
            now=b.when("2023-12-23 08:00"),
            fields=decisions.parse_draft(
                {
                    **b.REASONS,
                    "facts": "Explosie voor de voordeur van de woning om 03:15.",
                    "recurrence": "Herhaling dreigt volgens de politie.",
                    "duration_days": 14,
                    "start_time": "12:00",
                }
            ),
        )
    b.issue(uow, reference, order.id, "2023-12-23 09:00")  # type: ignore[arg-type]
    b.make_known(uow, reference, order.id, "2023-12-23 10:00")  # type: ignore[arg-type]
    with uow() as s:
        row = objections.register(
            session=s,
            reference=reference,
            decision_id=order.id,  # type: ignore[arg-type]
            submitted_by="Eiseres",
            received_on=b.when("2024-01-15 09:00").date(),
            advisory_committee=True,
            actor="juridisch",
            now=b.when("2024-01-15 09:00"),
        )
        case = b.get_case(s, reference)
        term = objections.term_of(s, case, row)
        assert row.timely
        # Bezwaar term: Saturday 23 Dec 2023 + 6 weeks = Saturday 3 Feb -> Monday 5 Feb 2024;
        # with an advisory committee twelve weeks from then: Monday 29 April 2024 (art. 7:10).
        assert term.end.isoformat() == "2024-04-29"
        objections.plan_hearing(
            session=s,
            reference=reference,
            objection_id=row.id,  # type: ignore[arg-type]
            at=b.when("2024-02-20 10:00"),
            actor="juridisch",
            now=b.when("2024-01-20 10:00"),
        )
        objections.record_heard(
            session=s,
            reference=reference,
            objection_id=row.id,  # type: ignore[arg-type]
            on=b.when("2024-02-20 10:00").date(),
            actor="juridisch",
            now=b.when("2024-02-20 12:00"),
        )
    return reference, row.id  # type: ignore[return-value]


def test_departing_from_the_committee_without_reasons_is_refused(uow, playbook) -> None:
    reference, objection = _objection(uow, playbook)
    with pytest.raises(InvalidInput, match=r"art\. 7:13 lid 7 Awb"), uow() as s:
        objections.decide(
            session=s,
            reference=reference,
            objection_id=objection,
            outcome="ongegrond",
            on=b.when("2024-04-02 10:00").date(),
            follows_advice=False,
            actor="burgemeester",
            now=b.when("2024-04-02 10:00"),
        )


def test_departing_with_reasons_is_accepted(uow, playbook) -> None:
    reference, objection = _objection(uow, playbook)
    with uow() as s:
        row = objections.decide(
            session=s,
            reference=reference,
            objection_id=objection,
            outcome="ongegrond",
            on=b.when("2024-04-02 10:00").date(),
            follows_advice=False,
            departure_reasons="De commissie woog de nieuwe politie-informatie van maart niet mee; "
            "die toont een aanhoudende dreiging.",
            actor="burgemeester",
            now=b.when("2024-04-02 10:00"),
        )
        assert (row.outcome, row.follows_advice) == ("ongegrond", False)
