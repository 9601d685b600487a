"""The console's own binary on its own store, as the integration tests drive it."""
import os
import sqlite3
import subprocess


class Console:
    def __init__(self, exe, workdir):
        self.exe = exe
        self.store = os.path.join(workdir, "store.sqlite")
        self.secrets = os.path.join(workdir, "secrets.json")
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=os.path.join(workdir, "data"),
                        XDG_CONFIG_HOME=os.path.join(workdir, "config"), XDG_CACHE_HOME=os.path.join(workdir, "cache"))

    def args(self, *rest):
        return [self.exe, "--database", self.store, "--secrets-file", self.secrets, *rest]

    def run(self, *rest, stdin=""):
        p = subprocess.run(self.args(*rest), input=stdin, capture_output=True, text=True, env=self.env, timeout=120)
        if p.returncode != 0:
            print(f"  careconsole {' '.join(rest)} -> {p.returncode}\n{p.stdout}{p.stderr}", flush=True)
        return p

    def start(self, *rest):
        return subprocess.Popen(self.args(*rest), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env)

    def query(self, sql, *params):
        db = sqlite3.connect(self.store, timeout=30)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()
