"""Every kind of decision has a Dutch title, so no page or monitoring table shows its code."""

from playbook.decisions.labels import KIND_TITLES
from playbook.decisions.lifecycle import Kind


def test_every_decision_kind_has_a_title_without_code() -> None:
    assert set(KIND_TITLES) == {k.value for k in Kind}
    assert all("-" not in title and title[0].isupper() for title in KIND_TITLES.values())
