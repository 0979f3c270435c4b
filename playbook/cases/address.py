"""Dutch addresses normalised, so that the same door typed twice is recognised as one.

Pure: no database, no I/O. The parts follow the BAG (Basisregistratie Adressen en Gebouwen):
postcode, huisnummer, huisletter (one letter) and huisnummertoevoeging (up to four letters or
digits), with the verblijfsobject id as an optional key (Catalogus BAG 2018, §7.3: a 16-digit
object id, the municipality code, "01" for a verblijfsobject, then a 10-digit serial number).
"""

import re
from dataclasses import dataclass

_POSTCODE = re.compile(r"^([1-9]\d{3})\s*([A-Za-z]{2})$")
_BAG_ID = re.compile(r"^\d{4}01\d{10}$")
_SEPARATORS = re.compile(r"[\s\-_/.,]+")


def normalise_postcode(value: str) -> str:
    """'9999ab', '9999 ab', ' 9999AB ' -> '9999 AB'; anything else is refused."""
    match = _POSTCODE.match(value.strip())
    if not match:
        raise ValueError(
            f"'{value[:20]}' is geen geldige postcode; gebruik vier cijfers en twee letters, "
            "bijvoorbeeld 3011 AB"
        )
    return f"{match[1]} {match[2].upper()}"


def split_suffix(value: str | None) -> tuple[str, str]:
    """An addition as typed ('a', 'A-2', '-hs', ' bis', '2 ') -> (huisletter, toevoeging),
    both upper case, separators dropped: 'a' -> ('A', ''), 'A-2' -> ('A', '2'),
    '-hs' -> ('', 'HS'), '2' -> ('', '2'), 'bis' -> ('', 'BIS')."""
    if value is None:
        return "", ""
    parts = [p for p in _SEPARATORS.split(value.strip().upper()) if p]
    if not parts:
        return "", ""
    first, rest = parts[0], parts[1:]
    # A single leading letter is the huisletter; "A2" typed as one word is letter A, addition 2.
    if first[0].isalpha() and (len(first) == 1 or not first[1].isalpha()):
        letter, remainder = first[0], first[1:]
        return letter, "".join([remainder, *rest])
    return "", "".join(parts)


def normalise_suffix(value: str | None) -> str | None:
    """The addition in one canonical spelling: 'A', 'A-2', '-HS' style becomes 'A', 'A-2', 'HS'."""
    letter, addition = split_suffix(value)
    if letter and addition:
        return f"{letter}-{addition}"
    return (letter or addition) or None


def normalise_bag_id(value: str | None) -> str | None:
    """A verblijfsobject id: 16 digits, '01' at positions 5-6. Spaces are allowed when typed."""
    if value is None or not value.strip():
        return None
    digits = re.sub(r"\s+", "", value)
    if not _BAG_ID.match(digits):
        raise ValueError(
            "geen geldig BAG-id van een verblijfsobject: 16 cijfers, waarvan het 5e en 6e '01' "
            "zijn (bijvoorbeeld 0599010000012345)"
        )
    return digits


@dataclass(frozen=True)
class Address:
    """One address in normal form. `building` is the same for every addition of one number."""

    postcode: str
    house_number: int
    suffix: str | None = None
    bag_id: str | None = None

    @classmethod
    def of(cls, postcode: str, house_number: int, suffix: str | None = None,
           bag_id: str | None = None) -> "Address":
        return cls(normalise_postcode(postcode), house_number, normalise_suffix(suffix),
                   normalise_bag_id(bag_id))

    @property
    def building(self) -> tuple[str, int]:
        return self.postcode, self.house_number

    @property
    def key(self) -> tuple[str, int, str]:
        return self.postcode, self.house_number, self.suffix or ""

    def same_address(self, other: "Address") -> bool:
        """The same door: both BAG ids known decides; otherwise postcode, number and addition."""
        if self.bag_id and other.bag_id:
            return self.bag_id == other.bag_id
        return self.key == other.key

    def same_building(self, other: "Address") -> bool:
        """Same postcode and number, another addition (a flat above, the shop below)."""
        return self.building == other.building and not self.same_address(other)

    def label(self) -> str:
        """'9999 AB 12-A': postcode and number only, as the register shows it."""
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"{self.postcode} {self.house_number}{suffix}"


def same_person(name_a: str, name_b: str) -> bool:
    """Names compared without case, accents kept, and whitespace collapsed."""
    return " ".join(name_a.casefold().split()) == " ".join(name_b.casefold().split())
