"""Python never names a playbook step id: a renamed step must not silently stop completing."""

import ast
from pathlib import Path

import yaml

from playbook.definition.enums import DocumentKind
from playbook.resources import data_dir

PACKAGE = Path(__file__).resolve().parents[2] / "playbook"


def _step_ids() -> set[str]:
    ids = set()
    for path in data_dir("phases").glob("[0-9]*.yaml"):
        ids |= {s["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]}
    return ids


def test_no_python_module_names_a_step_id() -> None:
    """A renamed step must not silently stop being completed: Python may not name step ids.
    String literals only (docstrings and comments aside); enum values are vocabulary, and a
    document kind may share its name with the step that produces it."""
    ids = _step_ids()
    vocabulary = {m.value for m in DocumentKind}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path.name == "enums.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value in ids and node.value not in vocabulary):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}")
    assert not offenders, "\n".join(offenders)


