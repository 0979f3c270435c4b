"""Retention periods per kind of data, from the `retention:` block of each municipality file.

```yaml
retention:
  persons_years: 5      # names and details of people in a case, counted from closing the case
  sessions_days: 30     # ended sign-in sessions
```
A missing block means the defaults below; a wrong value is a Dutch error naming file and field.
"""

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from playbook.errors import DefinitionError
from playbook.validation import describe_errors


class RetentionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    persons_years: int = Field(default=5, ge=1, le=100)
    sessions_days: int = Field(default=30, ge=1, le=3650)


def load_policy(municipality_file: Path) -> RetentionPolicy:
    try:
        data = yaml.safe_load(municipality_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionError(
            f"{municipality_file}: niet te lezen ({type(exc).__name__})") from None
    block = data.get("retention") if isinstance(data, dict) else None
    try:
        return RetentionPolicy.model_validate(block or {})
    except ValidationError as exc:
        problems = describe_errors(exc, lambda loc: f"{municipality_file}, veld 'retention."
                                                    f"{'.'.join(map(str, loc))}'")
        raise DefinitionError("De bewaartermijnen zijn ongeldig:\n"
                              + "\n".join(f"- {p}" for p in problems)) from None


def policy_from_settings(cbs_code: str | None = None) -> RetentionPolicy:
    """The retention periods of one municipality (default: the instance's default one)."""
    from playbook.definition.municipalities import default_municipality, municipality_for

    return (municipality_for(cbs_code) if cbs_code else default_municipality()).retention


def policies_from_settings() -> dict[str, RetentionPolicy]:
    """Each configured municipality's retention periods, by CBS code."""
    from playbook.definition.municipalities import municipalities

    return {m.cbs_code: m.retention for m in municipalities()}
