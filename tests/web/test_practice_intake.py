"""The intake form asks the facts that decide which steps apply (issue 8), on both databases."""

from sqlalchemy import Engine
from sqlmodel import Session

from playbook.cases.repository import get_case
from tests.web.conftest import Browsers
from tests.web.test_pages import assert_field_error, case_count, intake_form


def test_intake_records_vehicle_at_home_tenure_and_children(engine: Engine,
                                                            browsers: Browsers) -> None:
    oov = browsers["oov"]
    response = oov.post_form("/zaken/nieuw", intake_form(
        object_type="voertuig", vehicle_at_home="ja", residents_displaced="ja",
        household_children="ja", tenure="sociale-huur", earlier_attacks="1"))
    assert response.status_code == 303, response.text[:500]
    reference = response.headers["location"].rsplit("/", 1)[-1]
    with Session(engine) as s:
        case = get_case(s, reference)
        assert (case.vehicle_at_home, case.residents_displaced, case.children, case.tenure,
                case.earlier_attacks) == (True, True, True, "sociale-huur", 1)
    # A second address hit by the same blast becomes its own case, linked to the first.
    second = oov.post_form("/zaken/nieuw", intake_form(house_number="9", incident_with=reference))
    assert second.status_code == 303, second.text[:500]
    with Session(engine) as s:
        linked = get_case(s, second.headers["location"].rsplit("/", 1)[-1])
        assert linked.incident_id is not None
        assert linked.incident_id == get_case(s, reference).incident_id


def test_intake_fact_errors_show_next_to_their_field(engine: Engine, browsers: Browsers) -> None:
    response = browsers["oov"].post_form("/zaken/nieuw", intake_form(
        tenure="huur", vehicle_at_home="ja"))
    assert response.status_code == 422
    assert_field_error(response.text, "tenure", "Onbekende waarde 'huur'")
    assert case_count(engine) == 0
