"""All settings in one typed place, read from PLAYBOOK_* environment variables."""

from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from playbook.resources import data_dir

USER_TZ = ZoneInfo("Europe/Amsterdam")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PLAYBOOK_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/playbook.db"
    phases_dir: Path | None = None
    municipality_file: Path | None = None
    # Several municipalities in one instance: every *.yaml in this folder is one municipality.
    # Unset: only `municipality_file` (or the built-in example), exactly as with one municipality.
    municipalities_dir: Path | None = None
    # CBS code of the municipality the CLI uses without --gemeente (unset: `municipality_file`,
    # else the first file of the folder by name).
    default_municipality: str | None = Field(default=None, pattern=r"^GM\d{4}$")
    output_dir: Path = Path("uitvoer")
    # A new attack within this many days after closing reopens the case as a repeat.
    repeat_window_days: int = 365
    # Web: the session-cookie key. Unset means a random key kept in var/secret_key (only
    # allowed in development mode: `playbook serve` refuses it otherwise).
    secret_key: SecretStr | None = None
    secure_cookies: bool = True
    # PLAYBOOK_DEVELOPMENT=1: a laptop or test server (plain http, generated key).
    development: bool = False
    # Front-end packages from npm; unset: the checkout's node_modules, wherever the app starts.
    static_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # Server-side sessions end after this long without a request, and after this long at most.
    session_idle_minutes: int = 30
    session_lifetime_hours: int = 12

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.session_lifetime_hours)

    # Web workers (uvicorn processes) and which proxies may set X-Forwarded-* headers.
    web_workers: int = Field(default=1, ge=1, le=64)
    forwarded_allow_ips: str = "127.0.0.1"
    log_level: str = "INFO"
    # Job queue: a Redis URL (redis://host:6379/0). Unset: an in-process pool runs the jobs.
    broker_url: str | None = None
    broker_namespace: str = "playbook"
    # A worker silent this long counts as dead; its unacknowledged jobs are delivered again.
    job_heartbeat_seconds: float = Field(default=60.0, gt=0)
    # Share of broker calls that look for dead workers' jobs (1.0 = every call).
    job_requeue_check: float = Field(default=0.01, gt=0, le=1)
    job_chunk_size: int = Field(default=10, ge=1, le=1000)  # letters per queue message
    job_threads: int = Field(default=2, ge=1, le=32)  # threads of the in-process pool
    # Daily jobs (reminders) start at this local time (Europe/Amsterdam), HH:MM.
    daily_jobs_at: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # Reminder e-mail (docs/herinneringen.md). No host: nothing is sent, notices wait in the outbox.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_tls: Literal["geen", "starttls", "ssl"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "playbook@localhost"
    # Where users reach the app: links in e-mails and calendar events start with this.
    public_url: str = "http://127.0.0.1:8000"
    # Send a partner's document notice right after the commit (else only on the next run).
    notify_after_commit: bool = True

    @field_validator("secret_key")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and (len(value.get_secret_value()) < 32
                                  or value.get_secret_value().lower() in ("changethis", "secret")):
            raise ValueError("PLAYBOOK_SECRET_KEY moet minstens 32 willekeurige tekens zijn")
        return value

    def production_problems(self) -> list[str]:
        """Why this configuration may not serve real users, in Dutch (empty: fine)."""
        if self.development:
            return []
        problems = []
        if self.secret_key is None:
            problems.append("PLAYBOOK_SECRET_KEY ontbreekt: zet een willekeurige sleutel van "
                            "minstens 32 tekens (bijv. `python -c 'import secrets; "
                            "print(secrets.token_urlsafe(48))'`)")
        if not self.secure_cookies:
            problems.append("PLAYBOOK_SECURE_COOKIES staat uit: sessiecookies zouden dan ook "
                            "over onversleuteld http gaan; zet hem aan en gebruik https")
        return problems

    def session_key(self) -> str:
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        import secrets

        path = Path("var/secret_key")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    def resolved_static_dir(self) -> Path:
        """A relative path would depend on the directory the server was started from."""
        if self.static_dir is not None:
            return self.static_dir.resolve()
        return Path(__file__).resolve().parent.parent / "node_modules"

    def resolved_phases_dir(self) -> Path:
        return self.phases_dir or data_dir("phases")

    def resolved_municipality_file(self) -> Path:
        return self.municipality_file or data_dir("municipalities") / "voorbeeld.yaml"

    def municipality_files(self) -> tuple[Path, ...]:
        """Every municipality file this instance serves; the default one first when it is
        named by `municipality_file`."""
        if self.municipalities_dir is None:
            return (self.resolved_municipality_file(),)
        found = sorted(p.resolve() for p in self.municipalities_dir.glob("*.yaml") if p.is_file())
        if self.municipality_file is not None:
            first = self.municipality_file.resolve()
            found = [first, *(p for p in found if p != first)]
        return tuple(found)


@cache
def get_settings() -> Settings:
    """Cached so every adapter shares one instance; tests call `get_settings.cache_clear()`."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:  # a wrong PLAYBOOK_* variable: say which, in Dutch
        from playbook.errors import InvalidInput
        from playbook.validation import describe_errors

        raise InvalidInput(describe_errors(
            exc, lambda loc: "PLAYBOOK_" + ".".join(str(p) for p in loc).upper())) from None
