"""A case after the attack of 7 March 2025 with a target, a household member and a neighbour."""

import pytest

from playbook.cases import service as cases
from tests.conftest import local
from tests.integration.helpers import create, finish_phase

ATTACK = local("2025-03-07 03:00")
PERSONS = [
    {"name": "Familie Kaya", "role": "doelwit", "contact": "06-99887766", "children": "3"},
    {
        "name": "Mevrouw A. de Boer",
        "role": "bewoner",
        "self_reliant": "nee",
        "contact": "06-12345678",
        "language": "nl",
        "needs": "Medicatie nog in de woning",
    },
    {
        "name": "Mr. T. Okafor",
        "role": "omwonende",
        "language": "en",
        "address": "Havenstraat 16",
        "contact": "t.okafor@example.nl",
    },
]


@pytest.fixture
def case_ref(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    with uow() as s:
        case = create(s, playbook, ATTACK, persons=PERSONS)
        finish_phase(s, case.reference, local("2025-03-07 08:00"))
        cases.update_facts(
            session=s,
            reference=case.reference,
            actor="burgemeester",
            now=local("2025-03-07 11:00"),
            closure=True,
        )
        return case.reference
