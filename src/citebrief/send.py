"""Mail the current edition's PDF to the brief's recipients, once per edition and recipient."""

from __future__ import annotations

import json
import os
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .incremental import built_edition
from .errors import CitebriefError
from .models import SendSettings, Settings
from .layout import BRIEF_PDF
from .lock import build_lock
from .write import write_file

SENT_LOG = "sent-log.json"
USER_VARIABLE = "CITEBRIEF_SMTP_USER"
PASSWORD_VARIABLE = "CITEBRIEF_SMTP_PASSWORD"


class SendError(CitebriefError):
    """The message could not be sent."""


class _Permanent(SendError):
    """A failure that trying again will not mend."""


@dataclass
class Sent:
    """What a send run did."""

    edition: int
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already sent this edition
    dry_run: str | None = None


def send(out_dir: Path, settings: Settings, dry_run: bool = False, sleep=time.sleep, wait: float = 120) -> Sent:
    """Mail brief.pdf of the current edition to every recipient not yet sent it."""
    mail = settings.send
    if mail is None or not mail.to:
        raise CitebriefError("citebrief.toml has no [send] table with recipients (to = [...])")
    if dry_run:
        return _send(out_dir, settings, mail, True, sleep)
    # Held like a build's lock: overlapping runs take turns, and each sees what the one before it logged.
    with build_lock(out_dir, wait, holder="send"):
        return _send(out_dir, settings, mail, False, sleep)


def _send(out_dir: Path, settings: Settings, mail: SendSettings, dry_run: bool, sleep) -> Sent:
    edition = built_edition(out_dir)  # a draft is never sent
    pdf = out_dir / BRIEF_PDF
    if not pdf.is_file():
        raise CitebriefError(f"{out_dir} holds no built edition; run citebrief build first")
    log = _read_log(out_dir)
    done = log.setdefault(str(edition.number), {})
    pending = [r for r in mail.to if r not in done]
    result = Sent(edition.number, skipped=[r for r in mail.to if r in done])
    body = _body(settings, edition.number, edition.summary)
    attachment = pdf.read_bytes()
    messages = [_message(settings, mail, r, edition.number, body, attachment) for r in pending]
    if dry_run:
        result.dry_run = "\n\n".join(_printable(m, len(attachment)) for m in messages) or "nothing to send"
        return result
    for recipient, message in zip(pending, messages):
        _deliver(mail, message, sleep)
        result.sent.append(recipient)
        done[recipient] = formatdate(usegmt=True)
        # Logged before the next delivery, in one atomic write: a crash now cannot mail this recipient again.
        write_file(out_dir / SENT_LOG, (json.dumps(log, indent=1, sort_keys=True) + "\n").encode())
    return result


def _message(settings: Settings, mail: SendSettings, recipient: str, number: int, body: str, pdf: bytes) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"{settings.title} — edition {number}"
    message["From"] = mail.sender
    message["To"] = recipient
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.rpartition("@")[2] or None)
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"brief-edition-{number}.pdf")
    return message


def _body(settings: Settings, number: int, summary: str) -> str:
    lines = [settings.title, f"Edition {number}", "", summary, "",
             "The brief is attached as a PDF. Every statement in it cites a quote checked word for word against",
             "its source; the sources and records travel inside the PDF (check them with `citebrief verify`)."]
    return "\n".join(lines) + "\n"


def _printable(message: EmailMessage, size: int) -> str:
    head = "".join(f"{k}: {v}\n" for k, v in message.items())
    body = message.get_body(("plain",)).get_content()
    return f"{head}\n{body}\n[attachment: brief.pdf, application/pdf, {size} bytes]"


def _deliver(mail: SendSettings, message: EmailMessage, sleep) -> None:
    """Send one message, trying again with growing waits after passing failures."""
    delay = mail.backoff
    for attempt in range(mail.retries + 1):
        try:
            _send_once(mail, message)
            return
        except _Permanent:
            raise
        except SendError:
            if attempt == mail.retries:
                raise
            sleep(delay)
            delay *= 2


def _send_once(mail: SendSettings, message: EmailMessage) -> None:
    where = f"{mail.smtp_host}:{mail.smtp_port}"
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    try:
        if mail.security == "implicit":
            connection = smtplib.SMTP_SSL(mail.smtp_host, mail.smtp_port, timeout=mail.timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(mail.smtp_host, mail.smtp_port, timeout=mail.timeout)
        with connection as smtp:
            if mail.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            smtp.send_message(message)
    except ConnectionRefusedError:
        raise SendError(f"the SMTP server at {where} refused the connection") from None
    except (socket.timeout, TimeoutError):
        raise SendError(f"the SMTP server at {where} did not answer within {mail.timeout:g} s") from None
    except ssl.SSLError as exc:
        raise _Permanent(f"TLS with {where} failed: {exc.reason or exc}") from None
    except smtplib.SMTPNotSupportedError:
        raise _Permanent(f"the SMTP server at {where} does not offer STARTTLS; set tls = 'implicit' for a server that speaks TLS from the start (port 465), or tls = 'none' only on a trusted network") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise _Permanent(f"the SMTP server at {where} rejected the credentials in {USER_VARIABLE}/{PASSWORD_VARIABLE} ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise _Permanent(f"the SMTP server at {where} refused the recipient {refused}") from None
    except smtplib.SMTPResponseException as exc:
        error = SendError if 400 <= exc.smtp_code < 500 else _Permanent
        raise error(f"the SMTP server at {where} answered {exc.smtp_code}: {exc.smtp_error.decode(errors='replace')}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"sending through {where} failed: {exc}") from None


def _read_log(out_dir: Path) -> dict[str, dict[str, str]]:
    """Read who was sent which edition; refuse a log that cannot be read rather than mail everyone again."""
    path = out_dir / SENT_LOG
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SendError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}; {_LOG_ADVICE}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SendError(f"{path} is not valid JSON ({exc}); {_LOG_ADVICE}") from None
    valid = isinstance(data, dict) and all(
        isinstance(edition, str) and edition.isdecimal() and isinstance(sent, dict)
        and all(isinstance(r, str) and isinstance(when, str) for r, when in sent.items())
        for edition, sent in data.items()
    )
    if not valid:
        raise SendError(f'{path} does not map each edition to its recipients and dates ({{"1": {{"desk@example.org": "<date>"}}}}); '
                        f"{_LOG_ADVICE}")
    return data


_LOG_ADVICE = "nothing was sent — mend or remove it (removing it mails this edition to every recipient again)"
