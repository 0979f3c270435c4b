"""`playbook serve`: uvicorn with N worker processes, proxy headers and JSON logs."""

from playbook.config import Settings
from playbook.errors import InvalidInput


def app_factory():  # type: ignore[no-untyped-def]
    """Each uvicorn worker process builds its own app (and engine pool) from the settings."""
    from playbook.logs import configure
    from playbook.web.app import create_app

    configure()
    return create_app()


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    from playbook.logs import UVICORN_LOG_CONFIG, configure

    if workers > 1 and settings.database_url.startswith("sqlite"):
        raise InvalidInput([f"--workers {workers}: meerdere web-workers vragen PostgreSQL "
                            "(PLAYBOOK_DATABASE_URL=postgresql+psycopg://...); SQLite laat maar "
                            "één schrijver tegelijk toe. Gebruik --workers 1 met SQLite."])
    settings.session_key()  # create var/secret_key once, before the workers race to do it
    configure()
    uvicorn.run("playbook.web.server:app_factory", factory=True, host=host, port=port,
                workers=workers, proxy_headers=True,
                forwarded_allow_ips=settings.forwarded_allow_ips, access_log=False,
                log_config=UVICORN_LOG_CONFIG, log_level=settings.log_level.lower())
