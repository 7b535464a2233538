"""Mailing editions through a real SMTP server on loopback (aiosmtpd)."""

import email
import email.policy
import socket

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from citebrief.cli import main


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(root, port, starttls=False, to=('desk@example.org', 'minister@example.org')):
    recipients = ", ".join(f'"{r}"' for r in to)
    with (root / "citebrief.toml").open("a") as settings:
        settings.write(f'\n[send]\nto = [{recipients}]\nfrom = "briefs@example.org"\nsmtp_host = "127.0.0.1"\n'
                       f"smtp_port = {port}\nstarttls = {str(starttls).lower()}\nretries = 2\nbackoff = 0.01\ntimeout = 5\n")


@pytest.fixture
def server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def built(project, monkeypatch):
    monkeypatch.delenv("CITEBRIEF_SMTP_USER", raising=False)
    monkeypatch.delenv("CITEBRIEF_SMTP_PASSWORD", raising=False)
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--edition"]) == 0  # a draft is never sent
    return root


def test_send_delivers_the_pdf_byte_identical_once_per_recipient(built, server, capsys):
    controller, inbox = server
    _settings(built, controller.port)
    assert main(["send", "--project", str(built)]) == 0
    assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == ["desk@example.org", "minister@example.org"]
    message = email.message_from_bytes(inbox.messages[0][1], policy=email.policy.default)
    assert message["Subject"] == "Refinery Brief — edition 1"
    body, attachment = [part for part in message.walk() if not part.is_multipart()]
    assert "The first edition." in body.get_payload(decode=True).decode()
    assert attachment.get_filename() == "brief-edition-1.pdf"
    assert attachment.get_payload(decode=True) == (built / "output" / "brief.pdf").read_bytes()

    capsys.readouterr()
    assert main(["send", "--project", str(built)]) == 0  # a scheduled rerun
    assert len(inbox.messages) == 2
    assert "already sent edition 1 to desk@example.org, minister@example.org" in capsys.readouterr().out


def test_dry_run_prints_the_message_and_sends_nothing(built, server, capsys):
    controller, inbox = server
    _settings(built, controller.port, to=("desk@example.org",))
    assert main(["send", "--project", str(built), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "To: desk@example.org" in out and "Subject: Refinery Brief — edition 1" in out
    assert "[attachment: brief.pdf, application/pdf," in out
    assert inbox.messages == []
    assert not (built / "output" / "sent-log.json").exists()


def test_refused_connection_is_retried_then_reported(built, capsys):
    _settings(built, _free_port())
    assert main(["send", "--project", str(built)]) == 1
    err = capsys.readouterr().err
    assert "refused the connection" in err and "Traceback" not in err


def test_tls_failure_is_reported(built, capsys):
    authority = trustme.CA()
    import ssl

    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), tls_context=server_context,
                            require_starttls=True)
    controller.start()
    try:
        _settings(built, controller.port, starttls=True)
        assert main(["send", "--project", str(built)]) == 1
    finally:
        controller.stop()
    err = capsys.readouterr().err
    assert "TLS with 127.0.0.1" in err and "failed" in err
    assert inbox.messages == []


def test_rejected_credentials_are_reported(built, monkeypatch, capsys):
    def reject(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=reject,
                            auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("CITEBRIEF_SMTP_USER", "analyst")
    monkeypatch.setenv("CITEBRIEF_SMTP_PASSWORD", "wrong")
    try:
        _settings(built, controller.port)
        assert main(["send", "--project", str(built)]) == 1
    finally:
        controller.stop()
    assert "rejected the credentials in CITEBRIEF_SMTP_USER/CITEBRIEF_SMTP_PASSWORD (535)" in capsys.readouterr().err
    assert inbox.messages == []
