"""The playbook as data: pydantic models, loading and the municipal overlay (pure, no database)."""
