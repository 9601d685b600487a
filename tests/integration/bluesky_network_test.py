#!/usr/bin/env python3
"""The Bluesky connector against a real local Bluesky network (@atproto/dev-env, started by the
CTest fixture bluesky_network: tests/support/bluesky_network/bluesky-network.sh).

Everything the brand does goes through the console's own binary (`careconsole account add
bluesky`, `sync --once`, `send`) on its own store; the customers act directly on the PDS. A
small forwarding proxy between the console and the PDS counts sign-ins and, for the crash
step, holds the console's createRecord so it can be killed with the request in flight.

  bluesky_network_test.py --console PATH --network DIR [--keep]

Exit status 0 when every step passed; each step prints what it checked and measured.
"""
import argparse
import http.client
import http.server
import json
import os
import random
import shutil
import signal
import sqlite3
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import care_console  # noqa: E402  (shared with the other integration tests)

FAILURES = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        FAILURES.append(what)
    return condition


class Pds:
    """The customers' side: plain XRPC calls on the PDS."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = "127.0.0.1", parsed.port

    def call(self, method, nsid, body=None, token=None, query=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        path = "/xrpc/" + nsid + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        parsed = json.loads(data) if data else {}
        if response.status >= 300:
            raise RuntimeError(f"{nsid}: HTTP {response.status} {parsed}")
        return parsed

    def account(self, name):
        handle = name + ".test"
        password = "pw-" + name
        self.call("POST", "com.atproto.server.createAccount",
                  {"handle": handle, "email": name + "@example.com", "password": password})
        session = self.call("POST", "com.atproto.server.createSession", {"identifier": handle, "password": password})
        return {"handle": handle, "did": session["did"], "jwt": session["accessJwt"]}

    def post(self, who, text, reply=None, mentions=()):
        record = {"$type": "app.bsky.feed.post", "text": text,
                  "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
        if reply:
            record["reply"] = reply
        facets = []
        for handle, did in mentions:
            at = text.index("@" + handle)
            start = len(text[:at].encode("utf-8"))
            facets.append({"index": {"byteStart": start, "byteEnd": start + len(("@" + handle).encode("utf-8"))},
                           "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}]})
        if facets:
            record["facets"] = facets
        return self.call("POST", "com.atproto.repo.createRecord",
                         {"repo": who["did"], "collection": "app.bsky.feed.post", "record": record}, who["jwt"])

    def posts_of(self, who):
        out = self.call("GET", "com.atproto.repo.listRecords", token=who["jwt"],
                        query={"repo": who["did"], "collection": "app.bsky.feed.post", "limit": 100})
        return out["records"]


class HoldingProxy(http.server.ThreadingHTTPServer):
    """Forwards everything to the PDS; counts sign-ins; can hold the brand's createRecord."""

    daemon_threads = True

    def __init__(self, pds_port):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.pds_port = pds_port
        self.counts = {}
        self.hold = None          # None, "before" (never forwarded) or "after" (forwarded, answer withheld)
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        server = self.server
        nsid = self.path.split("?")[0].rsplit("/", 1)[-1]
        with server.lock:
            server.counts[nsid] = server.counts.get(nsid, 0) + 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        holding = server.hold if nsid == "com.atproto.repo.createRecord" else None
        if holding == "before":
            server.held.set()
            server.release.wait(60)
            self.close_connection = True
            return
        conn = http.client.HTTPConnection("127.0.0.1", server.pds_port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        conn.request(self.command, self.path, body, headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        if holding == "after":
            server.held.set()
            server.release.wait(60)
            self.close_connection = True
            return
        self.send_response(response.status)
        for k, v in response.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward


class Console(care_console.Console):
    def sync_until(self, condition, what, timeout=20.0):
        """`sync --once` until `condition()` holds; returns the seconds it took."""
        t0 = time.monotonic()
        while True:
            p = self.run("sync", "--once")
            if condition():
                elapsed = time.monotonic() - t0
                print(f"  ..   {what}: {elapsed:.2f} s", flush=True)
                return elapsed
            if time.monotonic() - t0 > timeout:
                print(p.stdout + p.stderr, flush=True)
                return None
            time.sleep(0.3)

    def conversation_of(self, uri):
        rows = self.query("SELECT conversation_id FROM messages WHERE platform_message_id = ?", uri)
        return rows[0][0] if rows else None

    def send(self, conversation, text):
        p = self.run("send", "--conversation", str(conversation), "--public", "--text-stdin", stdin=text + "\n")
        return p.returncode == 0

    def outbox(self):
        return self.query("SELECT id, state, platform_id, body FROM outbox ORDER BY id")


def utf8_offsets(text, needle):
    at = text.index(needle)
    start = len(text[:at].encode("utf-8"))
    return start, start + len(needle.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--console", required=True)
    parser.add_argument("--network", required=True, help="the fixture's directory (ready.json)")
    parser.add_argument("--keep", help="keep the console's store and secrets in this directory")
    options = parser.parse_args()

    with open(os.path.join(options.network, "ready.json")) as f:
        ready = json.load(f)
    pds = Pds(ready["pds"])
    suffix = "".join(random.choice(string.ascii_lowercase) for _ in range(6))
    brand = pds.account("brand" + suffix)
    a = pds.account("alice" + suffix)
    b = pds.account("bob" + suffix)
    app_password = pds.call("POST", "com.atproto.server.createAppPassword", {"name": "care console"}, brand["jwt"])["password"]
    keyword = "Kettlecorp" + suffix

    proxy = HoldingProxy(pds.port)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    service = f"http://127.0.0.1:{proxy.server_address[1]}"

    workdir = options.keep or tempfile.mkdtemp(prefix="care-bsky-")
    os.makedirs(workdir, exist_ok=True)
    console = Console(options.console, workdir)
    print(f"network {ready['pds']}, brand {brand['handle']}, console store {console.store}", flush=True)

    print("0. account add bluesky (app password from stdin)", flush=True)
    p = console.run("account", "add", "bluesky", "--service", service, "--handle", brand["handle"],
                    "--app-password-stdin", "--keyword", keyword, "--search-interval", "1", "--language", "en", stdin=app_password + "\n")
    check(p.returncode == 0, "the account is added: " + p.stdout.strip())
    # The off-hours acknowledgement would add an automatic reply when the suite runs in the
    # evening; this scenario is about sync, not staffed hours.
    db = sqlite3.connect(console.store, timeout=30)
    db.execute("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
               "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    db.commit()
    db.close()
    account = console.query("SELECT id, handle, external_id FROM accounts WHERE platform = 'bluesky'")
    check(len(account) == 1 and account[0][2] == brand["did"], "the store knows the brand's DID")
    with open(console.secrets) as f:
        secrets = f.read()
    check(app_password in secrets and "refreshJwt" in secrets, "app password and session are in the secrets file")
    console.run("sync", "--once")  # the first pass sets the marks

    print("1. customer A mentions the brand -> a new conversation", flush=True)
    mention = pds.post(a, f"@{brand['handle']} my kettle lid cracked, order 4471", mentions=[(brand["handle"], brand["did"])])
    took = console.sync_until(lambda: console.conversation_of(mention["uri"]) is not None, "mention in the store after")
    check(took is not None and took < 10, "the mention is in the store within seconds")
    conv_a = console.conversation_of(mention["uri"])
    rows = console.query("SELECT c.thread_key, ci.handle FROM conversations c JOIN customer_identities ci ON"
                         " ci.customer_id = c.customer_id WHERE c.id = ?", conv_a)
    check(rows and rows[0][0] == mention["uri"] + ":" + a["did"] and rows[0][1] == "@" + a["handle"],
          f"conversation {conv_a} is A's thread, keyed by root and customer")

    print("2. the agent's reply goes out through the outbox, threaded under A's post", flush=True)
    check(console.send(conv_a, "Sorry to hear that! A new lid is on its way."), "reply queued")
    console.run("sync", "--once")
    box = console.outbox()
    check(box and box[-1][1] == "sent" and box[-1][2].startswith("at://" + brand["did"]), f"outbox item sent: {box[-1][:3]}")
    reply_uri = box[-1][2]
    seen = None
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10 and not seen:
        notes = pds.call("GET", "app.bsky.notification.listNotifications", token=a["jwt"], query={"limit": 20})
        seen = next((n for n in notes["notifications"] if n["uri"] == reply_uri), None)
        time.sleep(0.2)
    check(seen is not None and seen["reason"] == "reply", "A sees the reply in their notifications")
    if seen:
        r = seen["record"].get("reply", {})
        check(r.get("parent", {}).get("uri") == mention["uri"] and r.get("root", {}).get("uri") == mention["uri"]
              and r.get("parent", {}).get("cid") == mention["cid"], "threaded under A's post (root and parent strong refs)")

    print("3. A replies again -> same conversation", flush=True)
    reply_cid = pds.call("GET", "com.atproto.repo.getRecord", query={"repo": brand["did"], "collection": "app.bsky.feed.post",
                                                                      "rkey": reply_uri.rsplit("/", 1)[1]})["cid"]
    again = pds.post(a, "Thanks! Will it fit the 2019 model?",
                     reply={"root": {"uri": mention["uri"], "cid": mention["cid"]}, "parent": {"uri": reply_uri, "cid": reply_cid}})
    took = console.sync_until(lambda: console.conversation_of(again["uri"]) is not None, "A's second post in the store after")
    check(took is not None and console.conversation_of(again["uri"]) == conv_a, "A's reply landed in the same conversation")
    rows = console.query("SELECT platform_message_id, direction FROM messages WHERE conversation_id = ? ORDER BY created_at", conv_a)
    check([r[0] for r in rows] == [mention["uri"], reply_uri, again["uri"]],
          f"the conversation holds the whole thread in order ({len(rows)} messages)")

    print("4. customer B names the brand without tagging it -> keyword listening finds it", flush=True)
    untagged = pds.post(b, f"Does anyone else have trouble with {keyword} lids?")
    took = console.sync_until(lambda: console.conversation_of(untagged["uri"]) is not None, "B's post found by search after")
    check(took is not None, "B's post is a conversation of its own")
    check(console.conversation_of(untagged["uri"]) != conv_a, "B is not in A's conversation")

    print("5. a reply with emoji and a mention carries a correct facet", flush=True)
    text = f"🎉 Good news @{a['handle']} 👍🏽 — the 2019 lid fits! 🇩🇪"
    check(console.send(conv_a, text), "reply queued")
    console.run("sync", "--once")
    box = console.outbox()
    check(box[-1][1] == "sent", f"sent: {box[-1][:3]}")
    record = pds.call("GET", "com.atproto.repo.getRecord", query={"repo": brand["did"], "collection": "app.bsky.feed.post",
                                                                  "rkey": box[-1][2].rsplit("/", 1)[1]})["value"]
    start, end = utf8_offsets(text, "@" + a["handle"])
    facets = record.get("facets", [])
    check(record["text"] == text, "the text arrived unchanged")
    check(record.get("langs") == ["en"], f"the post language is set: {record.get('langs')}")
    check(len(facets) == 1 and facets[0]["index"] == {"byteStart": start, "byteEnd": end}
          and facets[0]["features"][0] == {"$type": "app.bsky.richtext.facet#mention", "did": a["did"]},
          f"mention facet at bytes {start}..{end} (UTF-16 would say {text.index('@')}) names A's DID")
    check(record.get("reply", {}).get("root", {}).get("uri") == mention["uri"]
          and record.get("reply", {}).get("parent", {}).get("uri") == again["uri"], "answers A's latest post in the thread")

    for hold in ("after", "before"):
        print(f"6. the console killed mid-send ({'record written, answer lost' if hold == 'after' else 'request never arrived'})"
              " and restarted: delivered exactly once", flush=True)
        text = f"Update for you ({hold}): tracking number 77{random.randint(100, 999)}."
        check(console.send(conv_a, text), "reply queued")
        proxy.held.clear()
        proxy.release.clear()
        proxy.hold = hold
        syncing = console.start("sync", "--once")
        check(proxy.held.wait(30), "the createRecord is in flight")
        syncing.send_signal(signal.SIGKILL)
        syncing.wait(10)
        proxy.hold = None
        proxy.release.set()
        state = console.query("SELECT state FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
        check(state == "sending", f"the killed console left the item '{state}'")
        written = [r for r in pds.posts_of(brand) if r["value"]["text"] == text]
        check(len(written) == (1 if hold == "after" else 0), f"the PDS holds {len(written)} such post(s) before the restart")
        console.run("sync", "--once")
        console.run("sync", "--once")
        box = console.outbox()
        written = [r for r in pds.posts_of(brand) if r["value"]["text"] == text]
        check(box[-1][1] == "sent" and len(written) == 1 and written[0]["uri"] == box[-1][2],
              f"after the restart: state {box[-1][1]}, {len(written)} post on the PDS, the outbox records its URI")

    print("7. the session is kept, not re-created", flush=True)
    sign_ins = proxy.counts.get("com.atproto.server.createSession", 0)
    check(sign_ins == 1, f"one createSession in the whole run ({sign_ins}); "
          f"{proxy.counts.get('app.bsky.notification.listNotifications', 0)} notification reads, "
          f"{proxy.counts.get('com.atproto.server.refreshSession', 0)} refreshes")

    proxy.shutdown()
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed; the console's files are in {workdir}", flush=True)
        return 1
    print("\nall checks passed", flush=True)
    if not options.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
