"""Sending e-mail over SMTP (stdlib smtplib), configured in playbook/config.py."""

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from playbook.config import Settings
from playbook.errors import PlaybookError

TIMEOUT = 20.0  # seconds; a hanging mail server must not hold a job forever


class MailError(PlaybookError):
    """No mail server is configured, or it cannot be reached or refuses the mail."""

    status_code = 503


@contextmanager
def connection(settings: Settings) -> Iterator[smtplib.SMTP]:
    """One SMTP session for a batch of messages; any failure becomes MailError, worded
    without addresses (the server's reply may quote them)."""
    if not settings.smtp_host:
        raise MailError("Er is geen mailserver ingesteld (PLAYBOOK_SMTP_HOST); de "
                              "herinneringen blijven bewaard tot die er is.")
    try:
        if settings.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                  timeout=TIMEOUT,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
        with smtp:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            yield smtp
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"De mailserver {settings.smtp_host}:{settings.smtp_port} is niet "
                              f"bereikbaar of weigert de mail ({type(exc).__name__}).") from None


def send(settings: Settings, message: EmailMessage) -> None:
    """Deliver one message on its own connection: one refused mail never takes others along."""
    with connection(settings) as smtp:
        smtp.send_message(message)
