#!/bin/bash
# Real mail servers on loopback for the e-mail integration test (recipe: ../shared/peers/mail-up.sh):
# OpenSMTPD (SMTP) -> LMTP -> Dovecot (IMAP), no TLS, plain login, private ports and directories.
#   mail-servers.sh start DIR   starts both; writes DIR/ports.env (SMTP_PORT, IMAP_PORT, LMTP_PORT)
#   mail-servers.sh stop DIR    stops each by its PID (SIGTERM, then SIGKILL after 10 s)
# Users: support/s3cret, customer/c3cret, escalations/e3cret, erin/r3cret; every address @care.test and
# @example.com is delivered to the mailbox of its local part. Needs root (Dovecot drops to nobody).
set -euo pipefail
command=${1:?usage: mail-servers.sh start|stop DIR}
M=${2:?usage: mail-servers.sh start|stop DIR}

stop_pid() { # PIDFILE
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$command" in
stop)
    stop_pid "$M/smtpd.pid"
    stop_pid "$M/run/master.pid"
    exit 0
    ;;
start) ;;
*) echo "usage: mail-servers.sh start|stop DIR" >&2; exit 2 ;;
esac

for tool in dovecot smtpd; do
    if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
        echo "mail-servers.sh: $tool is missing: scripts/deps.sh test installs dovecot-imapd, dovecot-lmtpd, opensmtpd" >&2
        exit 1
    fi
done
export PATH="$PATH:/usr/sbin"
"$0" stop "$M" # a run that died left servers behind: they are ours
rm -rf "$M"
mkdir -p "$M/run" "$M/state" "$M/users"
chown nobody:nogroup "$M/users"
SMTP_PORT=$(free_port); IMAP_PORT=$(free_port); LMTP_PORT=$(free_port)
printf 'support:{PLAIN}s3cret\ncustomer:{PLAIN}c3cret\nescalations:{PLAIN}e3cret\nerin:{PLAIN}r3cret\n' > "$M/users.passwd"
cat > "$M/dovecot.conf" <<EOC
base_dir = $M/run
state_dir = $M/state
log_path = $M/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$M/users/%n/Maildir
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $M/users.passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$M/users/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
protocol lmtp {
  postmaster_address = postmaster@care.test
}
EOC
printf '@care.test nobody\n@example.com nobody\n' > "$M/vusers"
cat > "$M/smtpd.conf" <<EOC
table vusers file:$M/vusers
listen on 127.0.0.1 port $SMTP_PORT
action "lmtp_dovecot" lmtp "127.0.0.1:$LMTP_PORT" rcpt-to virtual <vusers>
match from any for domain "care.test" action "lmtp_dovecot"
match from local for any action "lmtp_dovecot"
EOC
dovecot -c "$M/dovecot.conf" < /dev/null > "$M/dovecot.out" 2>&1 # daemonizes; its PID in $M/run/master.pid (no inherited pipes: CTest waits for them)
# OpenSMTPD's control socket (/run/smtpd.sock) and queue (/var/spool/smtpd) are fixed paths: in a
# mount namespace of its own each run gets private ones, so runs (and a system smtpd) never meet.
mkdir -p "$M/smtpd-run" "$M/spool"
chmod 711 "$M/spool"
if unshare -m true 2>/dev/null; then
    unshare -m sh -c "mount --bind '$M/smtpd-run' /run && mount --bind '$M/spool' /var/spool/smtpd && exec smtpd -d -f '$M/smtpd.conf'" \
        < /dev/null > "$M/smtpd.log" 2>&1 &
else
    smtpd -d -f "$M/smtpd.conf" < /dev/null > "$M/smtpd.log" 2>&1 &
fi
echo $! > "$M/smtpd.pid"
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null; then
        printf 'SMTP_PORT=%s\nIMAP_PORT=%s\nLMTP_PORT=%s\n' "$SMTP_PORT" "$IMAP_PORT" "$LMTP_PORT" > "$M/ports.env"
        echo "mail servers up: smtp://127.0.0.1:$SMTP_PORT imap://127.0.0.1:$IMAP_PORT"
        exit 0
    fi
    sleep 0.1
done
echo "mail-servers.sh: the servers did not start; see $M/dovecot.log and $M/smtpd.log" >&2
"$0" stop "$M"
exit 1
