"""The Slachtofferhulp referral: two routes, consent specific to this incident and purpose."""

import pytest
from sqlmodel import select

from playbook.cases import referrals
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.errors import InvalidInput, NotAllowed
from playbook.letters import service as letters
from playbook.storage.tables import Document, Person
from playbook.storage.tables_referral import ShnReferral
from tests.conftest import local
from tests.integration.pdf import pdf_text

NOW = local("2025-03-07 19:00")


def _ids(uow) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with uow() as s:
        return {p.name: p.id for p in s.exec(select(Person))}  # type: ignore[misc]


def _status(s, reference: str, step_id: str) -> StepStatus:  # type: ignore[no-untyped-def]
    view = overview(s, get_case(s, reference), NOW, whole_case=True)
    return next(i.status for b in view.blocks for i in b.items if i.step.id == step_id)


def _consent(uow, ref: str, person: int, at: str, **extra) -> None:  # type: ignore[no-untyped-def]
    values = {"given_by": "Mr. T. Okafor", "method": "mondeling", "covers_contact": True, **extra}
    with uow() as s:
        referrals.record_consent(
            session=s,
            reference=ref,
            person_id=person,
            given_at=local(at),
            actor="oov",
            now=NOW,
            **values,
        )


def _refer(uow, ref: str, person: int, channel: str = "verwijzerslijn") -> Document:  # type: ignore[no-untyped-def]
    with uow() as s:
        return letters.referral(s, get_case(s, ref), person, "oov", NOW, channel=channel)


def test_consent_given_before_the_incident_is_refused_with_the_reason(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-03 10:00")
    with pytest.raises(
        NotAllowed, match="gegeven op 3 maart 2025 10:00, vóór het incident van 7 maart 2025"
    ):
        _refer(uow, case_ref, okafor)
    with uow() as s:
        assert s.exec(select(Document)).all() == [] and s.exec(select(ShnReferral)).all() == []


def test_consent_for_another_purpose_is_refused(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:00", purpose="contact-nazorg")
    with pytest.raises(NotAllowed, match="niet voor doorverwijzing naar Slachtofferhulp"):
        _refer(uow, case_ref, okafor)


def test_withdrawn_consent_is_refused(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:00")
    with uow() as s:
        [row] = referrals.consents_of(s, get_case(s, case_ref), okafor)
        referrals.withdraw_consent(
            session=s,
            reference=case_ref,
            consent_id=row.id,  # type: ignore[arg-type]
            actor="oov",
            now=NOW,
        )
    with pytest.raises(NotAllowed, match="ingetrokken"):
        _refer(uow, case_ref, okafor)


def test_consent_in_the_future_or_without_who_is_bad_input(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    with pytest.raises(InvalidInput) as caught:
        _consent(uow, case_ref, okafor, "2025-03-08 10:00", given_by=" ", method="knipoog")
    assert {p.split(":")[0] for p in caught.value.problems} == {
        "gegeven op",
        "gegeven door",
        "wijze",
    }


def test_valid_consent_gives_a_confidential_referral_with_route_channel_and_words(
    uow, case_ref
) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:15", method="schriftelijk")
    doc = _refer(uow, case_ref, okafor, channel="verwijzerslijn")
    text = pdf_text(doc.content)
    for expected in (
        "Vertrouwelijk",
        "Mr. T. Okafor",
        "Omwonende",
        "Taal Engels",
        "t.okafor@example.nl",
        "verwijzerslijn",
        "gemeente, met toestemming",
        "7 maart 2025 10:15",
        "schriftelijk",
        "doorverwijzing naar Slachtofferhulp Nederland",
        "art. 6 lid 1 onder a",
    ):
        assert expected in text, expected
    assert "Taal en" not in text and "07-03-2025" not in text  # no codes, one date format
    with uow() as s:
        [row] = s.exec(select(ShnReferral)).all()
        assert (row.route, row.channel, row.person_id, row.document_id) == (
            "gemeente",
            "verwijzerslijn",
            okafor,
            doc.id,
        )
        assert _status(s, case_ref, "verwijzing-slachtofferhulp") == StepStatus.done


def test_contact_details_only_where_the_consent_covers_them(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:15", covers_contact=False)
    text = pdf_text(_refer(uow, case_ref, okafor, channel="online-formulier").content)
    assert "t.okafor@example.nl" not in text
    assert "toestemming omvat geen contactgegevens" in text and "online verwijsformulier" in text


def test_a_repeat_attack_needs_new_consent(uow, case_ref) -> None:
    from playbook.cases import service as cases
    from playbook.definition.enums import IncidentKind

    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:15")
    with uow() as s:
        cases.report_attack(
            session=s,
            case=get_case(s, case_ref),
            occurred_at=local("2025-03-07 18:00"),
            kind=IncidentKind.aanslag,
            actor="politie",
            now=local("2025-03-07 18:30"),
        )
    with pytest.raises(NotAllowed, match="geldt niet voor dit incident"):
        _refer(uow, case_ref, okafor)


def test_police_route_needs_no_consent_and_records_route_date_channel(uow, case_ref) -> None:
    kaya = _ids(uow)["Familie Kaya"]
    with uow() as s:
        row = referrals.record_police_referral(
            session=s,
            reference=case_ref,
            person_id=kaya,
            referred_at=local("2025-03-07 09:30"),
            actor="politie",
            now=NOW,
        )
        assert (row.route, row.channel, row.consent_id) == ("politie", "aangifte", None)
        assert _status(s, case_ref, "slachtofferhulp-via-aangifte") == StepStatus.done
    with pytest.raises(InvalidInput, match="kanaal"), uow() as s:
        referrals.record_municipal_referral  # noqa: B018  (the municipal route has no 'aangifte')
        letters.referral(s, get_case(s, case_ref), kaya, "oov", NOW, channel="aangifte")


def test_the_referral_of_a_resident_counts_the_children_living_at_the_address(
    uow, case_ref
) -> None:
    """Slachtofferhulp plans its help by the household. A resident's referral states the
    children living at the address, not only what she mentioned herself (the demo's referral
    of Mevrouw De Boer once said 'geen' beside a household with two children)."""
    from playbook.cases import persons
    from playbook.cases.intake import PersonIntake

    boer = _ids(uow)["Mevrouw A. de Boer"]
    _consent(uow, case_ref, boer, "2025-03-07 10:15", given_by="Mevrouw A. de Boer")
    mentioned = pdf_text(_refer(uow, case_ref, boer).content)
    assert "Kinderen in het huishouden 3" in mentioned  # only the target's mention: 3
    with uow() as s:
        for name, born in (("S. Kaya", "2015-06-01"), ("L. Kaya", "2019-09-14")):
            persons.add(session=s, reference=case_ref, actor="oov", now=NOW,
                        person=PersonIntake.model_validate(
                            {"name": name, "role": "bewoner", "birth_date": born}))
    counted = pdf_text(_refer(uow, case_ref, boer).content)
    assert "Kinderen in het huishouden 2" in counted  # the minors on record, by birth date
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:15")
    assert "Kinderen in het huishouden geen" in pdf_text(_refer(uow, case_ref, okafor).content)
