#!/usr/bin/env python3
"""The e-mail connector against real mail servers on loopback: Dovecot (IMAP) and OpenSMTPD (SMTP),
started by the CTest fixture email_servers (tests/support/mail_servers/mail-servers.sh).

Everything the brand does goes through the console's own binary (`account add email`, `sync --once`,
`send`, `conversation send-transcript`) on its own store; the customer writes and reads with Python's
smtplib and imaplib, like any mail program. Between the console and OpenSMTPD sits a small TCP proxy
that, for the crash steps, withholds the server's answer to the end of the message.

  email_servers_test.py --console PATH --servers DIR [--keep DIR]

Exit status 0 when every step passed; each step prints what it checked and measured.
"""
import argparse
import email
import email.policy
import http.server
import imaplib
import os
import re
import signal
import smtplib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import care_console  # noqa: E402  (shared with the other integration tests)

FAILURES = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        FAILURES.append(what)
    return condition


class SmtpProxy:
    """Forwards SMTP between the console and OpenSMTPD. With `withhold` set, the server's reply to
    the end of a message (the line after "\\r\\n.\\r\\n") is kept back: the mail was accepted, the
    console never hears it. `drop` then closes the console's side (a lost answer); otherwise the
    connection hangs until the console is killed."""

    def __init__(self, port):
        self.port = port
        self.withhold = False
        self.drop = False
        self.withheld = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.address = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.listener.accept()
            threading.Thread(target=self.session, args=(client,), daemon=True).start()

    def session(self, client):
        server = socket.create_connection(("127.0.0.1", self.port))
        state = {"ended": False}

        def upstream():
            tail = b""
            try:
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    tail = (tail + data)[-5:]
                    if tail.endswith(b"\r\n.\r\n"):
                        state["ended"] = True
                    server.sendall(data)
            except OSError:
                pass

        threading.Thread(target=upstream, daemon=True).start()
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                if state["ended"] and self.withhold:
                    self.withheld.set()
                    if self.drop:  # shutdown wakes the reading thread; close alone would not end the connection
                        client.shutdown(socket.SHUT_RDWR)
                        client.close()
                        return
                    time.sleep(3600)  # the console is killed meanwhile
                client.sendall(data)
        except OSError:
            pass
        finally:
            for s in (client, server):
                try:
                    s.close()
                except OSError:
                    pass


class PixelServer(http.server.ThreadingHTTPServer):
    """Counts requests: an HTML mail's remote image must never be fetched."""
    hits = 0


class PixelHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hits += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class Console(care_console.Console):
    def sync_until(self, condition, what, timeout=20.0):
        t0 = time.monotonic()
        while True:
            p = self.run("sync", "--once")
            if condition():
                print(f"  ..   {what}: {time.monotonic() - t0:.2f} s", flush=True)
                return p
            if time.monotonic() - t0 > timeout:
                print(p.stdout + p.stderr, flush=True)
                return None
            time.sleep(0.2)


class Mailbox:
    """A person's mailbox, read as a mail program reads it."""

    def __init__(self, port, user, password):
        self.port, self.user, self.password = port, user, password

    def messages(self):
        """[(uid, flags, parsed message)] of INBOX."""
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        imap.login(self.user, self.password)
        imap.select("INBOX", readonly=True)
        typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
        out = []
        for item in data:
            if isinstance(item, tuple):
                head = item[0].decode()
                uid = int(head.split("UID ")[1].split()[0])
                flags = head.split("FLAGS (")[1].split(")")[0].split()
                out.append((uid, flags, email.message_from_bytes(item[1], policy=email.policy.default)))
        imap.logout()
        return out

    def with_id(self, message_id, wait=10.0):
        """The messages with this Message-ID; waits for the first (delivery is queued after SMTP's 250)."""
        deadline = time.monotonic() + wait
        while True:
            found = [m for m in self.messages() if m[2]["Message-ID"] == f"<{message_id}>"]
            if found or time.monotonic() > deadline:
                time.sleep(0.5)  # a second copy would come right after the first
                return [m for m in self.messages() if m[2]["Message-ID"] == f"<{message_id}>"]
            time.sleep(0.1)


def customer_mail(smtp_port, subject, text, message_id, in_reply_to=None, references=None, html=None):
    m = EmailMessage()
    m["From"] = "Chris Customer <customer@example.com>"
    m["To"] = "support@care.test"
    m["Subject"] = subject
    m["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        m["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        m["References"] = " ".join(f"<{r}>" for r in references)
    if html:
        m.set_content(html, subtype="html")
    else:
        m.set_content(text)
    with smtplib.SMTP("127.0.0.1", smtp_port) as s:
        s.send_message(m)


def add_toot(db, mastodon, customer_id, status, body, language=""):
    """A Mastodon conversation of the customer with their toot (its language as the triage detected it); its id."""
    now_ms = int(time.time() * 1000)
    conversation = db.execute(
        "INSERT INTO conversations (account_id, customer_id, thread_key, created_at, updated_at, last_message_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (mastodon, customer_id, f"status:{status}", now_ms, now_ms, now_ms)).lastrowid
    db.execute("INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, visibility, author_name, "
               "author_handle, body, search_text, created_at, language) VALUES (?, ?, ?, 'inbound', 'public', 'Chris', "
               "'chris@social.test', ?, ?, ?, ?)", (conversation, mastodon, status, body, body, now_ms, language))
    db.commit()
    return conversation


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--console", required=True)
    parser.add_argument("--servers", required=True, help="the fixture's directory (ports.env)")
    parser.add_argument("--keep", help="keep the console's store and secrets in this directory")
    options = parser.parse_args()

    ports = dict(line.strip().split("=", 1) for line in open(os.path.join(options.servers, "ports.env")) if "=" in line)
    smtp_port, imap_port = int(ports["SMTP_PORT"]), int(ports["IMAP_PORT"])
    support = Mailbox(imap_port, "support", "s3cret")
    customer = Mailbox(imap_port, "customer", "c3cret")
    escalations = Mailbox(imap_port, "escalations", "e3cret")
    proxy = SmtpProxy(smtp_port)
    workdir = options.keep or tempfile.mkdtemp(prefix="care-mail-")
    os.makedirs(workdir, exist_ok=True)
    console = Console(options.console, workdir)
    imap_url, smtp_url = f"imap://127.0.0.1:{imap_port}", f"smtp://127.0.0.1:{proxy.address}"
    suffix = str(int(time.time() * 1000))
    add = ["account", "add", "email", "--imap", imap_url, "--smtp", smtp_url, "--user", "support", "--password-stdin",
           "--address", "support@care.test", "--name", "Acme Support"]

    print("1. account add email: a wrong password, no TLS, plain text to another host", flush=True)
    p = console.run(*add, "--allow-plain", stdin="wrong\n")
    check(p.returncode == 1 and "refused the user name or password of support" in p.stderr,
          "a wrong password is refused in words: " + p.stderr.strip().splitlines()[0] if p.stderr else "")
    p = console.run(*add, stdin="s3cret\n")
    check(p.returncode == 1 and "does not offer an encrypted connection" in p.stderr,
          "without --allow-plain a server without TLS is refused: " + (p.stderr.strip().splitlines() or [""])[0])
    p = console.run("account", "add", "email", "--imap", "imap://mail.example.com", "--smtp", smtp_url, "--user", "support",
                    "--password-stdin", "--allow-plain", stdin="s3cret\n")
    check(p.returncode == 1 and "only for a server on this computer" in p.stderr, "--allow-plain is refused for another host")
    check(console.query("SELECT count(*) FROM accounts")[0][0] == 0 if os.path.exists(console.store) else True,
          "nothing was stored by the refused attempts")
    p = console.run(*add, "--allow-plain", stdin="s3cret\n")
    check(p.returncode == 0, "the account is added: " + p.stdout.strip())
    db = sqlite3.connect(console.store, timeout=30)
    db.execute("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
               "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    db.commit()
    db.close()
    check("s3cret" in open(console.secrets).read() and "s3cret" not in open(console.store, "rb").read().decode("latin-1"),
          "the password is in the secrets file, not in the store")
    p = console.run("agent", "set", "aisha", "--name", "Aisha Khan", "--signature", "Aisha")
    check(p.returncode == 0, "agent aisha added")

    print("2. a customer's mail becomes a conversation", flush=True)
    first_id = f"c1-{suffix}@example.com"
    t0 = time.monotonic()
    customer_mail(smtp_port, "Kettle lid cracked", "My kettle lid cracked, order 4471.", first_id)
    p = console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE platform_message_id = ?", first_id)[0][0] == 1,
                           "sent by SMTP until stored")
    check(p is not None and "1 new message" in p.stdout, f"sync --once: {p.stdout.strip() if p else 'timed out'}")
    print(f"  ..   SMTP to conversation: {time.monotonic() - t0:.2f} s", flush=True)
    rows = console.query("SELECT m.conversation_id, m.body, m.visibility, c.thread_key FROM messages m "
                         "JOIN conversations c ON c.id = m.conversation_id WHERE m.platform_message_id = ?", first_id)
    conversation, body, visibility, thread = rows[0]
    check(body.startswith("Subject: Kettle lid cracked\n\nMy kettle lid cracked, order 4471."), "the transcript shows subject and text")
    check(visibility == "private" and thread == f"mail:{first_id}", f"private, thread {thread}")
    identity = console.query("SELECT platform, platform_user_id FROM customer_identities ci JOIN conversations c "
                             "ON c.customer_id = ci.customer_id WHERE c.id = ?", conversation)
    check(("email", "customer@example.com") in identity, "the sender's address is the customer's e-mail identity")
    p = console.run("sync", "--once")
    check(p.returncode == 0 and "0 new messages" in p.stdout, "a second sync finds nothing new: " + p.stdout.strip())

    print("3. the agent's reply: threaded, signed, plain text; the original \\Answered", flush=True)
    p = console.run("send", "--conversation", str(conversation), "--private", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="A new lid is on its way.\n")
    check(p.returncode == 0, "reply queued")
    p = console.run("sync", "--once")
    check(p.returncode == 0 and "1 reply delivered" in p.stdout, "delivered: " + p.stdout.strip())
    reply_id = console.query("SELECT platform_id FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    delivered = customer.with_id(reply_id)
    check(len(delivered) == 1, f"the reply {reply_id} is in the customer's mailbox once")
    if delivered:
        reply = delivered[0][2]
        check(reply["In-Reply-To"] == f"<{first_id}>", "In-Reply-To: " + str(reply["In-Reply-To"]))
        check(f"<{first_id}>" in str(reply["References"]), "References: " + str(reply["References"]))
        check(reply["Subject"] == "Re: Kettle lid cracked", "Subject: " + str(reply["Subject"]))
        check(reply["From"] == "Acme Support <support@care.test>", "From: " + str(reply["From"]))
        check(reply.get_content_type() == "text/plain" and not reply.is_multipart(), "one plain-text part")
        text = reply.get_content().replace("\r\n", "\n")
        check(text.rstrip().endswith("A new lid is on its way.\n\n– Aisha"), "signed by the agent: " + repr(text[-40:]))
    original = support.with_id(first_id)
    check(original and "\\Answered" in original[0][1], "the customer's mail is flagged \\Answered: " + str(original[0][1] if original else None))

    print("4. the customer answers in the thread: the same conversation", flush=True)
    second_id = f"c2-{suffix}@example.com"
    customer_mail(smtp_port, "Re: Kettle lid cracked", "Thanks! Will it fit the 2019 model?", second_id,
                  in_reply_to=reply_id, references=[first_id, reply_id])
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE platform_message_id = ?", second_id)[0][0] == 1,
                       "follow-up stored")
    rows = console.query("SELECT conversation_id FROM messages WHERE platform_message_id = ?", second_id)
    check(rows and rows[0][0] == conversation, "the follow-up joined conversation %d" % conversation)
    check(console.query("SELECT count(*) FROM conversations")[0][0] == 1, "still one conversation")

    print("5. HTML-only mail with a remote image: shown as text, nothing fetched", flush=True)
    pixel = PixelServer(("127.0.0.1", 0), PixelHandler)
    threading.Thread(target=pixel.serve_forever, daemon=True).start()
    html_id = f"c3-{suffix}@example.com"
    customer_mail(smtp_port, "Another thing", None, html_id,
                  html=f'<p>The <b>handle</b> wobbles.</p><img src="http://127.0.0.1:{pixel.server_address[1]}/p.gif">')
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE platform_message_id = ?", html_id)[0][0] == 1,
                       "HTML mail stored")
    body = console.query("SELECT body FROM messages WHERE platform_message_id = ?", html_id)[0][0]
    check("The handle wobbles." in body and "<b>" not in body and "p.gif" not in body, "text only: " + repr(body[:80]))
    check(pixel.hits == 0, f"the remote image was never requested ({pixel.hits} requests)")

    print("5b. attachments: listed in the transcript, saved on request inside the folder, never replaced", flush=True)
    pdf = b"%PDF-1.4\n" + os.urandom(5000) + b"\n%%EOF\n"
    m = EmailMessage()
    m["From"] = "Dana <dana@example.com>"
    m["To"] = "support@care.test"
    m["Subject"] = "Invoice"
    m["Message-ID"] = f"<a1-{suffix}@example.com>"
    m.set_content("The invoice and a script my IT gave me.")
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename="invoice.pdf")
    m.add_attachment(b"#!/bin/sh\nrm -rf ~\n", maintype="application", subtype="x-sh", filename="../../evil.sh")
    with smtplib.SMTP("127.0.0.1", smtp_port) as s:
        s.send_message(m)
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE platform_message_id = ?", f"a1-{suffix}@example.com")[0][0] == 1,
                       "mail with attachments stored")
    message_id, body = console.query("SELECT id, body FROM messages WHERE platform_message_id = ?", f"a1-{suffix}@example.com")[0]
    check("• invoice.pdf (application/pdf," in body and "evil.sh" in body, "the transcript lists them: " + repr(body[-120:]))
    folder = os.path.join(workdir, "saved")
    p = console.run("message", "attachments", str(message_id), "--save", folder)
    check(p.returncode == 0 and "invoice.pdf" in p.stdout, "saved: " + p.stdout.strip().replace("\n", " | "))
    saved = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    check(saved == ["_.._evil.sh", "invoice.pdf"], f"both inside the folder, no hidden file: {saved}")
    if "invoice.pdf" in saved:
        check(open(os.path.join(folder, "invoice.pdf"), "rb").read() == pdf, "the PDF is byte for byte the customer's")
        check(all(os.stat(os.path.join(folder, f)).st_mode & 0o777 == 0o600 for f in saved), "readable only by the owner, not executable")
    p = console.run("message", "attachments", str(message_id), "--save", folder)
    check(len(os.listdir(folder)) == 4 and os.path.exists(os.path.join(folder, "invoice (2).pdf")), "a second save replaces nothing")

    print("5c. a mail without a Message-ID: answered by its UID, \\Answered, no made-up In-Reply-To", flush=True)
    raw = (f"From: Erin <erin@example.com>\r\nTo: support@care.test\r\nSubject: No id {suffix}\r\n\r\nMy old mail program.\r\n")
    with smtplib.LMTP("127.0.0.1", int(ports["LMTP_PORT"])) as s:  # straight to Dovecot: OpenSMTPD would add a Message-ID
        s.sendmail("erin@example.com", ["support@care.test"], raw.encode())
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE body LIKE ?", f"%No id {suffix}%")[0][0] == 1,
                       "stored")
    stored_id, erin_conversation = console.query("SELECT platform_message_id, conversation_id FROM messages WHERE body LIKE ?",
                                                 f"%No id {suffix}%")[0]
    check(stored_id.startswith("imap:"), f"stored by its UID: {stored_id}")
    p = console.run("send", "--conversation", str(erin_conversation), "--private", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="Thanks Erin.\n")
    console.run("sync", "--once")
    answered = [flags for _, flags, m in support.messages() if str(m["Subject"]) == f"No id {suffix}"]
    check(answered and "\\Answered" in answered[0], f"Erin's mail is \\Answered: {answered}")
    sent, reply_to_erin = console.query("SELECT state, platform_id FROM outbox ORDER BY id DESC LIMIT 1")[0]
    check(sent == "sent", f"the reply went out ({sent})")
    delivered = Mailbox(imap_port, "erin", "r3cret").with_id(reply_to_erin)
    check(len(delivered) == 1 and delivered[0][2]["In-Reply-To"] is None
          and delivered[0][2]["Subject"] == f"Re: No id {suffix}", "Erin has it: Re: subject, no In-Reply-To")

    print("6. the server's answer to the mail is lost: a retry does not send it twice", flush=True)
    p = console.run("send", "--conversation", str(conversation), "--private", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="Yes, it fits every model since 2015.\n")
    proxy.withhold, proxy.drop = True, True
    p = console.run("sync", "--once")
    proxy.withhold = proxy.drop = False
    check(proxy.withheld.is_set(), "the proxy withheld the server's 250")
    item = console.query("SELECT id, idempotency_key FROM outbox ORDER BY id DESC LIMIT 1")[0]
    console.sync_until(lambda: console.query("SELECT state FROM outbox WHERE id = ?", item[0])[0][0] == "sent",
                       "reconciled from the mailbox's copy")
    lost_id = console.query("SELECT platform_id FROM outbox WHERE id = ?", item[0])[0][0]
    check(len(customer.with_id(lost_id)) == 1, f"the customer has it once ({lost_id})")

    print("7. SIGKILL while the server's answer is withheld: the next sync does not send it twice", flush=True)
    p = console.run("send", "--conversation", str(conversation), "--private", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="And the spare part is free of charge.\n")
    proxy.withheld.clear()
    proxy.withhold, proxy.drop = True, False
    running = console.start("sync", "--once")
    check(proxy.withheld.wait(30), "the mail reached the server; its answer is withheld")
    running.send_signal(signal.SIGKILL)
    running.wait()
    proxy.withhold = False
    item = console.query("SELECT id, state FROM outbox ORDER BY id DESC LIMIT 1")[0]
    check(item[1] == "sending", "the killed process left the reply 'sending'")
    console.sync_until(lambda: console.query("SELECT state FROM outbox WHERE id = ?", item[0])[0][0] == "sent",
                       "recovered and reconciled")
    killed_id = console.query("SELECT platform_id FROM outbox WHERE id = ?", item[0])[0][0]
    check(len(customer.with_id(killed_id)) == 1, f"the customer has it once ({killed_id})")
    replies = [m for m in customer.messages() if m[2]["From"] == "Acme Support <support@care.test>"]
    check(len(replies) == 3, f"three replies in the customer's mailbox, no duplicates ({len(replies)})")

    print("8a. answer by e-mail: a Mastodon conversation of a customer who prefers e-mail", flush=True)
    db = sqlite3.connect(console.store, timeout=30)
    customer_id = db.execute("SELECT customer_id FROM conversations WHERE id = ?", (conversation,)).fetchone()[0]
    now_ms = int(time.time() * 1000)
    mastodon = db.execute("INSERT INTO accounts (platform, handle, name, demo, created_at) VALUES "
                          "('mastodon', 'acme@social.test', 'Acme Care', 1, ?)", (now_ms,)).lastrowid
    toot = "<b>Is</b> the lid & handle <i>covered</i>? @acme"
    toot_conversation = add_toot(db, mastodon, customer_id, "9001", toot)
    p = console.run("send", "--conversation", str(toot_conversation), "--email", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="Yes, both are covered.\n")
    check(p.returncode == 1 and "has not given e-mail as their preferred contact" in p.stderr,
          "refused while the customer has no e-mail preference: " + p.stderr.strip().replace("\n", " | "))
    db.execute("UPDATE customers SET preferred_channel = 'email', preferred_contact = 'Customer@Example.com' WHERE id = ?",
               (customer_id,))
    db.commit()
    db.close()
    p = console.run("send", "--conversation", str(toot_conversation), "--email", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="Yes, both are covered.\n")
    check(p.returncode == 0, "queued: " + (p.stdout + p.stderr).strip())
    p = console.run("sync", "--once")
    check(p.returncode == 0 and "1 reply delivered" in p.stdout, "delivered: " + p.stdout.strip())
    answer_id = console.query("SELECT platform_id FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    delivered = customer.with_id(answer_id)
    check(len(delivered) == 1, f"the answer {answer_id} is in the customer's mailbox once")
    if delivered:
        answer = delivered[0][2]
        check(answer["Subject"] == "Your message to Acme Care on Mastodon", "Subject: " + str(answer["Subject"]))
        check(answer["To"] == "customer@example.com" and answer["In-Reply-To"] is None,
              f"To {answer['To']}, a new thread (In-Reply-To {answer['In-Reply-To']})")
        text = answer.get_content().replace("\r\n", "\n")
        check(answer.get_content_type() == "text/plain" and text.rstrip().endswith("Yes, both are covered.\n\n– Aisha"),
              "plain text, signed as an e-mail: " + repr(text[-40:]))
    shown = console.query("SELECT a.platform, m.delivery_state, m.visibility FROM messages m JOIN accounts a ON a.id = m.account_id "
                          "WHERE m.conversation_id = ? AND m.direction = 'outbound'", toot_conversation)
    check(shown == [("email", "sent", "private")], f"in the Mastodon conversation's transcript, sent by e-mail: {shown}")
    reply3_id = f"c4-{suffix}@example.com"
    customer_mail(smtp_port, "Re: Your message to Acme Care on Mastodon", "Great, and the spout?", reply3_id,
                  in_reply_to=answer_id, references=[answer_id])
    email_conversations = console.query("SELECT count(*) FROM conversations c JOIN accounts a ON a.id = c.account_id "
                                        "WHERE a.platform = 'email'")[0][0]
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages WHERE platform_message_id = ?", reply3_id)[0][0] == 1,
                       "the customer's answer stored")
    joined = console.query("SELECT conversation_id FROM messages WHERE platform_message_id = ?", reply3_id)
    check(joined and joined[0][0] == toot_conversation,
          f"the customer's answer is in the Mastodon conversation {toot_conversation} ({joined[0][0] if joined else None})")
    check(console.query("SELECT count(*) FROM conversations c JOIN accounts a ON a.id = c.account_id "
                        "WHERE a.platform = 'email'")[0][0] == email_conversations, "no e-mail conversation of its own")
    shown = console.query("SELECT m.direction, a.platform FROM messages m JOIN accounts a ON a.id = m.account_id "
                          "WHERE m.conversation_id = ? ORDER BY m.id", toot_conversation)
    check(shown == [("inbound", "mastodon"), ("outbound", "email"), ("inbound", "email")],
          f"the transcript: the toot, our e-mail, their e-mail ({shown})")
    shown = console.query("SELECT m.direction, a.platform FROM messages m JOIN accounts a ON a.id = m.account_id "
                          "WHERE m.conversation_id = ? ORDER BY m.created_at, m.id", toot_conversation)
    check(shown == [("inbound", "mastodon"), ("outbound", "email"), ("inbound", "email")],
          f"in that order in time too: their Date header's whole second does not put it before our e-mail ({shown})")
    p = console.run("send", "--conversation", str(toot_conversation), "--email", "--text-stdin", "--agent", "aisha", "--sign",
                    stdin="The spout too.\n")
    proxy.withheld.clear()
    proxy.withhold, proxy.drop = True, True  # exactly once, as for every e-mail: the server's 250 is lost
    console.run("sync", "--once")
    proxy.withhold = proxy.drop = False
    item = console.query("SELECT id FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    console.sync_until(lambda: console.query("SELECT state FROM outbox WHERE id = ?", item)[0][0] == "sent",
                       "the second answer reconciled from the mailbox's copy")
    second_answer_id = console.query("SELECT platform_id FROM outbox WHERE id = ?", item)[0][0]
    delivered = customer.with_id(second_answer_id)
    check(len(delivered) == 1, f"the second answer is in the customer's mailbox once ({len(delivered)})")
    if delivered:
        answer = delivered[0][2]
        check(answer["In-Reply-To"] == f"<{reply3_id}>" and f"<{answer_id}>" in str(answer["References"]),
              f"threaded: In-Reply-To {answer['In-Reply-To']}, References {answer['References']}")
        check(answer["Subject"] == "Re: Your message to Acme Care on Mastodon", "Subject: " + str(answer["Subject"]))
    answered = support.with_id(reply3_id)
    check(answered and "\\Answered" in answered[0][1], "the customer's answer is flagged \\Answered")
    own_copy = support.with_id(answer_id)
    check(own_copy and "\\Answered" not in own_copy[0][1], "the mailbox's copy of our first answer is not")

    print("8b. answer by e-mail to a customer who wrote German: the subject is German", flush=True)
    db = sqlite3.connect(console.store, timeout=30)
    german_conversation = add_toot(db, mastodon, customer_id, "9002",
                                   "Ist der Deckel auch bei dem alten Modell dabei? Ich habe ihn seit einer Woche.", "de")
    db.close()
    p = console.run("send", "--conversation", str(german_conversation), "--email", "--text-stdin", "--agent", "aisha",
                    stdin="Ja, der Deckel ist dabei.\n")
    console.run("sync", "--once")
    german_id = console.query("SELECT platform_id FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    delivered = customer.with_id(german_id)
    check(delivered and delivered[0][2]["Subject"] == "Ihre Nachricht an Acme Care auf Mastodon",
          "Subject: " + (str(delivered[0][2]["Subject"]) if delivered else "(not delivered)"))

    print("8. send transcript: the whole history to the escalation address, readable, with a PDF", flush=True)
    p = console.run("conversation", "send-transcript", str(conversation), "--to", "escalations@care.test", "--agent", "aisha")
    check(p.returncode == 0, "queued: " + p.stdout.strip())
    p = console.run("sync", "--once")
    check(p.returncode == 0 and "1 reply delivered" in p.stdout, "delivered: " + p.stdout.strip())
    mails = []
    deadline = time.monotonic() + 10
    while not mails and time.monotonic() < deadline:
        mails = [m for m in escalations.messages() if "Transcript of conversation" in str(m[2]["Subject"])]
        time.sleep(0.1)
    check(len(mails) == 1, "one transcript in the escalations mailbox")
    if mails:
        transcript = mails[0][2]
        body = transcript.get_body(preferencelist=("plain",))
        text = body.get_content() if body else ""
        check(transcript.get_content_type() == "multipart/mixed" and body is not None, "a plain-text body ...")
        for needle in ("Chris Customer", "customer@example.com", "My kettle lid cracked, order 4471.",
                       "A new lid is on its way.", "Will it fit the 2019 model?", "Aisha Khan (team)", toot):
            check(needle in text, f"it contains “{needle}”")
        check(text.index("My kettle lid cracked") < text.index("A new lid is on its way."), "oldest first")
        pdfs = [a for a in transcript.iter_attachments() if a.get_content_type() == "application/pdf"]
        check(len(pdfs) == 1 and pdfs[0].get_filename() == f"transcript-{conversation}.pdf",
              "... and one PDF attachment: " + str([a.get_filename() for a in pdfs]))
        if pdfs:
            data = pdfs[0].get_content()
            check(data.startswith(b"%PDF"), f"the attachment is a PDF ({len(data)} bytes)")
            path = os.path.join(workdir, "transcript.pdf")
            with open(path, "wb") as f:
                f.write(data)
            info = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
            pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1)) if info.returncode == 0 else 0
            check(pages >= 1, f"pdfinfo reads it: {pages} page(s)")
            pdf_text = " ".join(subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.split())
            for needle in ("My kettle lid cracked, order 4471.", "Will it fit the 2019 model?", toot):
                check(needle in pdf_text, f"the PDF says “{needle}” (markup shown as typed, never read)")
    note = console.query("SELECT body, delivery_state FROM messages WHERE direction = 'note' ORDER BY id DESC LIMIT 1")
    check(note and "escalations@care.test" in note[0][0] and note[0][1] == "sent", f"the conversation notes it: {note}")

    print("9. never deleted: every mail is still in the support mailbox", flush=True)
    mails = support.messages()
    check(all("\\Deleted" not in flags for _, flags, _ in mails), "no \\Deleted flag")
    check(len([m for m in mails if m[2]["From"].addresses[0].addr_spec == "customer@example.com"]) == 4,
          "the customer's four mails are there")

    print("10. a busy mailbox: 150 mails (15 threads) in one sync", flush=True)
    before = console.query("SELECT count(*) FROM messages")[0][0]
    for session in range(2):  # OpenSMTPD takes 100 messages per session
        with smtplib.SMTP("127.0.0.1", smtp_port) as s:
            for i in range(session * 75, session * 75 + 75):
                m = EmailMessage()
                m["From"] = f"bulk{i % 15}@example.com"
                m["To"] = "support@care.test"
                m["Subject"] = f"Order {i % 15}"
                m["Message-ID"] = f"<bulk{i}-{suffix}@example.com>"
                if i >= 15:
                    m["In-Reply-To"] = f"<bulk{i - 15}-{suffix}@example.com>"
                    m["References"] = f"<bulk{i % 15}-{suffix}@example.com>"
                m.set_content(f"Message {i} about order {i % 15}. " * 20)
                s.send_message(m)
    t0 = time.monotonic()
    console.sync_until(lambda: console.query("SELECT count(*) FROM messages")[0][0] >= before + 150, "150 mails stored")
    check(console.query("SELECT count(*) FROM messages")[0][0] == before + 150, "every mail once (libcurl's answer limit is paged around)")
    threads = console.query("SELECT count(DISTINCT conversation_id) FROM messages WHERE platform_message_id LIKE 'bulk%'")[0][0]
    check(threads == 15, f"in 15 conversations ({threads})")

    print("11. the password changed on the server: a clear account error", flush=True)
    with open(console.secrets) as f:
        secrets = f.read()
    with open(console.secrets, "w") as f:
        f.write(secrets.replace("s3cret", "changed"))
    p = console.run("sync", "--once")
    check(p.returncode == 1 and "refused the user name or password of support" in p.stdout,
          "sync says so: " + p.stdout.strip())
    state = console.query("SELECT state, message FROM account_status")
    check(state and state[0][0] == "needs-reconnect", f"the account needs reconnecting: {state}")

    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", flush=True)
        return 1
    print("all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
