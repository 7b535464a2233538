"""Mailing editions through a real SMTP server on loopback (aiosmtpd)."""

import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import subprocess
import sys

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


def _settings(root, port, starttls=False, to=('desk@example.org', 'minister@example.org'), tls=None):
    recipients = ", ".join(f'"{r}"' for r in to)
    security = f'tls = "{tls}"' if tls else f"starttls = {str(starttls).lower()}"
    with (root / "citebrief.toml").open("a") as settings:
        settings.write(f'\n[send]\nto = [{recipients}]\nfrom = "briefs@example.org"\nsmtp_host = "127.0.0.1"\n'
                       f"smtp_port = {port}\n{security}\nretries = 2\nbackoff = 0.01\ntimeout = 5\n")


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


class SlowInbox(Inbox):
    """An inbox behind a slow server: each message takes a while to accept."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.5)
        return await super().handle_DATA(server, session, envelope)


def test_overlapping_sends_mail_each_recipient_once(built):
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        _settings(built, controller.port)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITEBRIEF_SMTP")}
        runs = [subprocess.Popen([sys.executable, "-m", "citebrief", "send", "--project", str(built)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
        results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    finally:
        controller.stop()
    assert [status for status, _ in results] == [0, 0, 0], results
    assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == ["desk@example.org", "minister@example.org"]


@pytest.mark.parametrize("log, complaint", [
    ('{"1": 5}', "does not map each edition to its recipients and dates"),
    ('{"1": ["desk@example.org"]}', "does not map each edition to its recipients and dates"),
    ('{"1": {"desk@example.org": "Mon, 03 Mar 2025', "is not valid JSON"),
])
def test_a_sent_log_citebrief_cannot_read_is_refused_and_nobody_mailed(built, server, capsys, log, complaint):
    controller, inbox = server
    _settings(built, controller.port)
    (built / "output" / "sent-log.json").write_text(log)
    capsys.readouterr()
    assert main(["send", "--project", str(built)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"citebrief: error: {built / 'output' / 'sent-log.json'} ") and complaint in err, err
    assert "nothing was sent — mend or remove it" in err
    assert inbox.messages == []
    assert (built / "output" / "sent-log.json").read_text() == log


class RefusesMinister(Inbox):
    """A server that takes the first message and refuses the minister for good."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("minister"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_each_delivery_is_logged_before_the_next(built, capsys):
    inbox = RefusesMinister()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        _settings(built, controller.port)
        assert main(["send", "--project", str(built)]) == 1
    finally:
        controller.stop()
    assert "refused the recipient minister@example.org" in capsys.readouterr().err
    log = json.loads((built / "output" / "sent-log.json").read_text())
    assert list(log["1"]) == ["desk@example.org"]
    assert [rcpt for rcpt, _ in inbox.messages] == [["desk@example.org"]]


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_line_break_in_the_title_is_a_diagnostic_not_a_traceback(built, server, capsys, dry_run):
    controller, inbox = server
    settings = built / "citebrief.toml"
    settings.write_text(settings.read_text().replace('title = "Refinery Brief"', 'title = "Refinery Brief\\nBcc: evil@example.net"'))
    _settings(built, controller.port)
    capsys.readouterr()
    assert main(["send", "--project", str(built), *dry_run]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "citebrief.toml:1:1: error[hidden-character] title: a setting is one line; remove the line break"
    assert "Traceback" not in err and inbox.messages == []


def test_implicit_tls_delivers_over_a_verified_connection(built, monkeypatch, tmp_path):
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), ssl_context=server_context)
    controller.start()
    try:
        _settings(built, controller.port, to=("desk@example.org",), tls="implicit")
        assert main(["send", "--project", str(built)]) == 0
    finally:
        controller.stop()
    assert [rcpt for rcpt, _ in inbox.messages] == [["desk@example.org"]]


def test_implicit_tls_to_a_plain_server_is_a_clear_failure(built, server, capsys):
    controller, inbox = server
    _settings(built, controller.port, tls="implicit")
    assert main(["send", "--project", str(built)]) == 1
    err = capsys.readouterr().err
    assert "TLS with 127.0.0.1" in err and "failed" in err and "Traceback" not in err
    assert inbox.messages == []
