"""Addresses in normal form: the same door typed in different ways is one address."""

import pytest

from playbook.cases.address import (
    Address,
    normalise_bag_id,
    normalise_postcode,
    normalise_suffix,
    same_person,
    split_suffix,
)


@pytest.mark.parametrize("typed", ["9999ab", "9999 AB", " 9999  ab ", "9999Ab"])
def test_postcode_is_four_digits_space_two_capitals(typed: str) -> None:
    assert normalise_postcode(typed) == "9999 AB"


@pytest.mark.parametrize("typed", ["0999 AB", "999 AB", "9999 A", "9999-AB", ""])
def test_a_wrong_postcode_is_refused_in_dutch(typed: str) -> None:
    with pytest.raises(ValueError, match="geen geldige postcode"):
        normalise_postcode(typed)


@pytest.mark.parametrize(("typed", "parts", "normal"), [
    ("a", ("A", ""), "A"),
    (" A ", ("A", ""), "A"),
    ("-a", ("A", ""), "A"),
    ("A-2", ("A", "2"), "A-2"),
    ("a2", ("A", "2"), "A-2"),
    ("2", ("", "2"), "2"),
    ("-hs", ("", "HS"), "HS"),
    ("bis", ("", "BIS"), "BIS"),
    ("", ("", ""), None),
    (None, ("", ""), None),
])
def test_house_letter_and_addition(typed: str | None, parts: tuple[str, str],
                                   normal: str | None) -> None:
    assert split_suffix(typed) == parts
    assert normalise_suffix(typed) == normal


def test_bag_id_is_sixteen_digits_of_a_verblijfsobject() -> None:
    assert normalise_bag_id("0599 0100 0001 2345") == "0599010000012345"
    assert normalise_bag_id("  ") is None
    for wrong in ("0599020000012345", "059901000001234", "abcd010000012345"):
        with pytest.raises(ValueError, match="BAG-id"):
            normalise_bag_id(wrong)


def test_same_address_same_building_or_neither() -> None:
    flat = Address.of("9999ab", 14, "a")
    assert flat.same_address(Address.of("9999 AB", 14, "-A"))
    assert flat.same_building(Address.of("9999 AB", 14, "B"))
    assert flat.same_building(Address.of("9999 AB", 14, None))
    assert not flat.same_building(Address.of("9999 AB", 14, "a"))
    assert not flat.same_building(Address.of("9999 AB", 16, "a"))
    assert flat.label() == "9999 AB 14-A"


def test_bag_ids_decide_when_both_are_known() -> None:
    one, other = "0599010000012345", "0599010000099999"
    assert Address.of("9999 AB", 14, "a", one).same_address(Address.of("9999 AB", 14, "1", one))
    assert not Address.of("9999 AB", 14, "a", one).same_address(
        Address.of("9999 AB", 14, "a", other))


def test_names_compare_without_case_or_extra_spaces() -> None:
    assert same_person("Jan  Smit", "jan smit")
    assert not same_person("Jan Smit", "Jan Smid")
