"""A document is named in words wherever a person reads it: one name per kind, declared in the
letter registry (the case page's list uses the short name, inboxes the letter's title)."""

import pytest

from playbook.definition.enums import DocumentKind
from playbook.letters.registry import get, title_of
from playbook.letters.resident import scope_words


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("in_list", [True, False])
def test_every_document_kind_reads_as_words_not_its_code(kind: DocumentKind,
                                                         in_list: bool) -> None:
    title = title_of(kind, in_list=in_list)
    assert title[:1].isupper() and "-" not in title, title
    assert get(kind) is not None or kind == DocumentKind.checklist  # every letter registered


def test_the_list_name_is_short_where_the_title_is_long() -> None:
    assert title_of("sluitingsbesluit", in_list=True) == "Sluitingsbesluit"
    assert title_of("sluitingsbesluit") == "Besluit tot sluiting"
    assert title_of("verwijzing-slachtofferhulp", in_list=True) == title_of(
        "verwijzing-slachtofferhulp")  # no short name: the title


@pytest.mark.parametrize(("scope", "words"), [
    ("nl", "Nederlands"),
    ("en-2", "Engels, brief 2"),
    ("heropening-en", "heropening, Engels"),
    ("nieuwe-aanslag-ar-3", "nieuwe aanslag, Arabisch, brief 3"),
    ("persoon-4", None),  # a referral's scope is no resident letter's
    ("besluit-1", None),
])
def test_a_resident_letters_scope_in_words(scope: str, words: str | None) -> None:
    assert scope_words(scope) == words
