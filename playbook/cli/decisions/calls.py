"""One decision service call per command, in its own transaction, with who and when: the shape
every `playbook besluit` and `playbook maatregel` command shares; they differ only in what they
call and what they say afterwards (the session's objects stay readable after the commit)."""

from collections.abc import Callable
from typing import Any, TypeVar

from playbook.cli.common import UserOption, actor, now, out, transaction
from playbook.cli.decision_options import DecisionId, Reference, Version, field_values

T = TypeVar("T")


def call(service: Callable[..., T], referentie: str, gebruiker: str | None, **arguments: Any) -> T:
    """`service(session=..., reference=referentie, actor=..., now=..., **arguments)`, committed."""
    with transaction() as session:
        return service(
            session=session, reference=referentie, actor=actor(gebruiker), now=now(), **arguments
        )


def edit_command(
    draft: Callable[..., object], parse: Callable[[dict[str, Any]], object], doc: str, **fixed: Any
) -> Callable[..., None]:
    """The `wijzig` command of a draft (a closure decision or a measure): its options come from
    `with_options`, are parsed by `parse` and go to `draft` with the decision and version."""

    def edit(
        referentie: Reference,
        besluit: DecisionId,
        versie: Version = None,
        gebruiker: UserOption = None,
        **options: Any,
    ) -> None:
        fields = parse(field_values(options))
        call(
            draft,
            referentie,
            gebruiker,
            fields=fields,
            decision_id=besluit,
            expected_version=versie,
            **fixed,
        )
        out(f"Besluit {besluit} bijgewerkt.")

    edit.__doc__ = doc
    return edit
