#!/usr/bin/env python3
"""Blog listening against a real static site: Debian's Hugo makes a site and serves it with
`hugo server` on a private loopback port; the console reads its RSS feed (/index.xml) with its
own commands (`careconsole account add feed`, `sync --once`) on its own store.

A pass-through proxy between the console and Hugo records each request's conditional headers
and the status Hugo answered (so the test can see the 304), and for one step answers a
truncated feed instead (a malformed feed must be refused with a clear account error).

  feed_hugo_test.py --console PATH [--hugo PATH] [--keep]

Checks: a post naming the brand becomes one listening conversation with the article's link and
the post that does not name it does not; the next poll is a conditional request answered 304
and stores nothing; a post added later arrives; a malformed feed is refused, loses nothing, and
the feed reads again once it is whole. Hugo and the proxy are stopped by PID, also on failure.
Exit status 0 when every step passed.
"""
import argparse
import datetime
import http.client
import http.server
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

FAILURES = []
BRAND = "Acme"


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        FAILURES.append(what)
    return condition


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy(http.server.ThreadingHTTPServer):
    """Forwards GETs to Hugo unchanged; records (If-Modified-Since, If-None-Match, status)."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.log = []
        self.truncate = False
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn = http.client.HTTPConnection("127.0.0.1", server.upstream_port, timeout=30)
        conn.request("GET", self.path, headers=headers)
        upstream = conn.getresponse()
        body = upstream.read()
        status = upstream.status
        out_headers = [(k, v) for k, v in upstream.getheaders()
                       if k.lower() not in ("content-length", "connection", "transfer-encoding")]
        conn.close()
        if server.truncate and status == 200:
            body = body[: len(body) // 2]
        server.log.append({"path": self.path, "if_modified_since": self.headers.get("If-Modified-Since"),
                           "if_none_match": self.headers.get("If-None-Match"), "status": status,
                           "truncated": server.truncate and status == 200})
        self.send_response(status)
        for k, v in out_headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def days_ago(days):
    """A post's date: the feed takes articles of the last 14 days when it is added (and hugo
    leaves future posts out), so the dates follow the clock instead of being fixed."""
    when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_post(site, slug, title, text, date):
    path = os.path.join(site, "content", "posts", slug + ".md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "{title}"\ndate: {date}\n---\n{text}\n')


def wait_for(url, contains=None, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                body = r.read().decode("utf-8")
                if contains is None or contains in body:
                    return body
        except OSError:
            pass
        time.sleep(0.2)
    return None


class Console:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.store = os.path.join(workdir, "store.sqlite")
        self.secrets = os.path.join(workdir, "secrets.json")
        with open(self.secrets, "w") as f:
            f.write("{}")
        os.chmod(self.secrets, 0o600)
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=workdir,
                        XDG_DATA_HOME=os.path.join(workdir, "data"), XDG_CONFIG_HOME=os.path.join(workdir, "config"),
                        XDG_CACHE_HOME=os.path.join(workdir, "cache"))

    def run(self, *args):
        command = [self.binary, "--database", self.store, "--secrets-file", self.secrets] + list(args)
        started = time.time()
        p = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=120)
        print(f"  $ careconsole {' '.join(args)}  -> exit {p.returncode} in {time.time() - started:.2f} s", flush=True)
        for line in (p.stdout + p.stderr).strip().splitlines():
            print("    " + line, flush=True)
        return p

    def query(self, sql):
        db = sqlite3.connect(self.store)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def quiet_acknowledgements(self):
        # Tests that drive the binary turn off the off-hours acknowledgement (tests/support/QuietAcknowledgements.h).
        db = sqlite3.connect(self.store)
        db.execute("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                   "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        db.commit()
        db.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--console", required=True)
    parser.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="care-feed-hugo-")
    hugo = None
    proxy = None
    try:
        site = os.path.join(workdir, "site")
        subprocess.run([args.hugo, "new", "site", site], check=True, capture_output=True)
        os.makedirs(os.path.join(site, "content", "posts"), exist_ok=True)
        write_post(site, "acme-kettle", "Six months with the Acme kettle",
                   "The lid of my ACME kettle cracked, and support never answered my e-mail.", days_ago(9))
        write_post(site, "toasters", "Ten toasters compared",
                   "We tried every toaster in Acmeville's only shop. No kettles this time.", days_ago(8))

        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        print(f"hugo server on {base} (site {site})", flush=True)
        started = time.time()
        hugo = subprocess.Popen([args.hugo, "server", "--source", site, "--bind", "127.0.0.1", "--port", str(port),
                                 "--disableLiveReload", "--appendPort=false", "--baseURL", base],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not check(wait_for(base + "index.xml", "acme-kettle") is not None, "hugo serves the site's feed"):
            return 1
        print(f"  hugo up in {time.time() - started:.1f} s", flush=True)
        proxy = Proxy(port)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        feed = f"http://127.0.0.1:{proxy.server_address[1]}/index.xml"

        console = Console(args.console, workdir)
        print("step 1: add the feed; the post naming the brand becomes one listening conversation", flush=True)
        added = console.run("account", "add", "feed", "--url", feed, "--term", BRAND, "--interval", "1")
        check(added.returncode == 0, "account add feed succeeds")
        console.quiet_acknowledgements()
        check(console.query("SELECT platform FROM accounts") == [("blog",)], "the account is a blog/news account")
        synced = console.run("sync", "--once")
        check(synced.returncode == 0, "sync --once succeeds")
        rows = console.query("SELECT c.thread_key, m.body, u.name FROM conversations c JOIN messages m ON "
                             "m.conversation_id = c.id JOIN customers u ON u.id = c.customer_id")
        check(len(rows) == 1, f"exactly one listening conversation (found {len(rows)})")
        link = base + "posts/acme-kettle/"
        if rows:
            check(rows[0][0] == link, f"keyed by the post's guid, its permalink ({rows[0][0]})")
            check(link in rows[0][1], "the message carries the article's link")
            check("Six months with the Acme kettle" in rows[0][1], "and its title")
            check("cracked" in rows[0][1], "and the passage naming the brand")
        check(all("toasters" not in r[1] for r in rows), "the post not naming the brand (only 'Acmeville') is not taken")
        check(console.query("SELECT found_by_listening FROM conversations") == [(1,)],
              "marked as found by listening (the author did not tag the brand)")
        check(console.query("SELECT count(*) FROM messages WHERE direction <> 'inbound'") == [(0,)],
              "nothing is queued to go out")

        print("step 2: the next poll is a conditional request; Hugo answers 304 and nothing is stored", flush=True)
        time.sleep(1.2)
        before = len(proxy.log)
        synced = console.run("sync", "--once")
        check(synced.returncode == 0, "sync --once succeeds")
        polls = proxy.log[before:]
        check(len(polls) == 1, f"one request ({len(polls)})")
        if polls:
            check(polls[-1]["if_modified_since"] is not None,
                  f"it carries If-Modified-Since ({polls[-1]['if_modified_since']})")
            check(polls[-1]["status"] == 304, f"Hugo answers 304 Not Modified ({polls[-1]['status']})")
        check(console.query("SELECT count(*) FROM messages") == [(1,)], "still one message")
        before = len(proxy.log)
        console.run("sync", "--once")
        check(len(proxy.log) == before, "within the interval the site is not asked at all")

        print("step 3: a post added later arrives", flush=True)
        write_post(site, "acme-recall", "Acme recalls a batch of kettle lids",
                   "Acme announced a recall of lids made in October.", days_ago(2))
        started = time.time()
        check(wait_for(base + "index.xml", "acme-recall") is not None, "hugo rebuilt the feed")
        print(f"  hugo rebuilt in {time.time() - started:.1f} s", flush=True)
        time.sleep(1.2)
        synced = console.run("sync", "--once")
        check(synced.returncode == 0, "sync --once succeeds")
        check(proxy.log[-1]["status"] == 200, "the changed feed is downloaded (200)")
        keys = sorted(r[0] for r in console.query("SELECT thread_key FROM conversations"))
        check(keys == sorted([link, base + "posts/acme-recall/"]), f"two conversations, none twice ({keys})")
        check(console.query("SELECT count(*) FROM messages") == [(2,)], "two messages")

        print("step 4: a malformed feed is refused with a clear account error, and nothing is lost", flush=True)
        write_post(site, "acme-lid", "The new Acme lid", "The replacement Acme lid arrived.", days_ago(1))
        check(wait_for(base + "index.xml", "acme-lid") is not None, "hugo rebuilt the feed")
        proxy.truncate = True
        time.sleep(1.2)
        synced = console.run("sync", "--once")
        check(synced.returncode == 1, "sync --once reports the failure (exit 1)")
        check("ends in the middle of the document" in synced.stdout + synced.stderr,
              "in words: the feed ends in the middle of the document")
        listed = console.run("account", "list")
        check("ends in the middle of the document" in listed.stdout, "account list shows the account's error")
        check(console.query("SELECT count(*) FROM messages") == [(2,)], "nothing stored from the broken feed")
        proxy.truncate = False
        time.sleep(1.2)
        # The engine backs off after a failure; a new `sync --once` process starts afresh.
        synced = console.run("sync", "--once")
        check(synced.returncode == 0, "once the feed is whole again, sync --once succeeds")
        check(console.query("SELECT count(*) FROM conversations") == [(3,)], "and the post it held arrives")
    finally:
        if proxy:
            proxy.shutdown()
        if hugo:
            hugo.terminate()
            try:
                hugo.wait(timeout=10)
            except subprocess.TimeoutExpired:
                hugo.kill()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", flush=True)
        return 1
    print("all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
