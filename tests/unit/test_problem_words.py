"""A refusal names the field the way the reader sees it, never as the command-line key."""

from playbook.validation import problem_at_field, problem_sentence


def test_the_summary_names_the_field_in_words() -> None:
    assert problem_sentence("zelfde-incident-als: zaak GM9999-2025-0999 bestaat niet") == (
        "Zelfde incident als: zaak GM9999-2025-0999 bestaat niet")
    assert problem_sentence("toestemming-shn: kies ja of nee") == (
        "Toestemming voor Slachtofferhulp: kies ja of nee")
    assert problem_sentence("bag-id: 16 cijfers") == "BAG-id: 16 cijfers"
    assert problem_sentence("de fase is al gesloten") == "De fase is al gesloten"


def test_next_to_its_field_only_what_is_wrong_unless_it_says_which_person() -> None:
    assert problem_at_field("objecttype: onbekende waarde 'kasteel'") == (
        "Onbekende waarde 'kasteel'")
    assert problem_at_field("gegeven door: vul in wie de toestemming gaf") == (
        "Vul in wie de toestemming gaf")
    assert problem_at_field("personen nr. 2 taal: onbekende taal") == (
        "Personen nr. 2 taal: onbekende taal")
    # a colon inside the message is no field name
    assert problem_at_field("tijd: gebruik UU:MM") == "Gebruik UU:MM"
