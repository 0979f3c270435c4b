"""All settings in one typed place, read from PLAYBOOK_* environment variables."""

from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic_settings import BaseSettings, SettingsConfigDict

from playbook.resources import data_dir

USER_TZ = ZoneInfo("Europe/Amsterdam")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLAYBOOK_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/playbook.db"
    phases_dir: Path | None = None
    municipality_file: Path | None = None
    output_dir: Path = Path("uitvoer")
    # A new attack within this many days after closing reopens the case as a repeat.
    repeat_window_days: int = 365

    def resolved_phases_dir(self) -> Path:
        return self.phases_dir or data_dir("phases")

    def resolved_municipality_file(self) -> Path:
        return self.municipality_file or data_dir("municipalities") / "voorbeeld.yaml"


@cache
def get_settings() -> Settings:
    """Cached so every adapter shares one instance; tests call `get_settings.cache_clear()`."""
    return Settings()
