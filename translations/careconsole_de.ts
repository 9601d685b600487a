<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>Care::App::AccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Give the instance's address with --instance, e.g. --instance https://social.example</source>
            <translation>Geben Sie die Adresse der Instanz mit --instance an, z. B. --instance https://social.example</translation>
        </message>
        <message>
            <source>No token arrived on standard input.</source>
            <translation>Auf der Standardeingabe ist kein Token angekommen.</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Öffnen Sie diese Adresse in einem Browser auf diesem Computer und erlauben Sie Care Console den Zugriff:</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Warte bis zu 5 Minuten…</translation>
        </message>
        <message>
            <source>Added account %1: Mastodon %2 (token kept in %3).</source>
            <translation>Konto %1 hinzugefügt: Mastodon %2 (Token gespeichert in %3).</translation>
        </message>
        <message>
            <source>never synced</source>
            <translation>nie synchronisiert</translation>
        </message>
        <message>
            <source>last sync %1</source>
            <translation>zuletzt synchronisiert %1</translation>
        </message>
        <message>
            <source>%1 undelivered</source>
            <translation>%1 nicht zugestellt</translation>
        </message>
        <message>
            <source>No accounts are connected. Add one with: careconsole account add mastodon --instance URL --token-stdin</source>
            <translation>Es ist kein Konto verbunden. Fügen Sie eines hinzu mit: careconsole account add mastodon --instance URL --token-stdin</translation>
        </message>
        <message>
            <source>Give the account's number, e.g. account remove 3.</source>
            <translation>Geben Sie die Nummer des Kontos an, z. B. account remove 3.</translation>
        </message>
        <message>
            <source>Removed account %1 (%2). Its conversations stay in the store.</source>
            <translation>Konto %1 (%2) entfernt. Seine Konversationen bleiben im Datenspeicher.</translation>
        </message>
        <message>
            <source>Say which platform, e.g. account add mastodon.</source>
            <translation>Geben Sie die Plattform an, z. B. account add mastodon.</translation>
        </message>
        <message>
            <source>Care Console cannot connect %1 accounts yet.</source>
            <translation>Care Console kann noch keine %1-Konten verbinden.</translation>
        </message>
        <message>
            <source>Use account add, account list, account cost, account set or account remove.</source>
            <translation>Verwenden Sie account add, account list, account cost, account set oder account remove.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::AgentCommand</name>
        <message>
            <source>Usage: careconsole agent list
       careconsole agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin] [--team TEAM]
An empty --team "" takes the agent out of their team.</source>
            <translation>Aufruf: careconsole agent list
        careconsole agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin] [--team TEAM]
Ein leeres --team "" nimmt den Agenten aus seinem Team.</translation>
        </message>
        <message>
            <source>(no team)</source>
            <translation>(kein Team)</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead or admin.</source>
            <translation>%1 ist keine Rolle: Wählen Sie agent, lead oder admin.</translation>
        </message>
        <message>
            <source>An agent needs a name.</source>
            <translation>Ein Agent braucht einen Namen.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in no team.</source>
            <translation>%1 (%2, %3), in keinem Team.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in team %4.</source>
            <translation>%1 (%2, %3), im Team %4.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::BlueskyAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Give the account's handle with --handle, e.g. --handle acme.bsky.social</source>
            <translation>Geben Sie das Handle des Kontos mit --handle an, z. B. --handle acme.bsky.social</translation>
        </message>
        <message>
            <source>Give an app password on standard input with --app-password-stdin (create one in Bluesky: Settings → Privacy and security → App passwords).</source>
            <translation>Geben Sie ein App-Passwort auf der Standardeingabe mit --app-password-stdin an (legen Sie eines in Bluesky an: Einstellungen → Privatsphäre und Sicherheit → App-Passwörter).</translation>
        </message>
        <message>
            <source>No app password arrived on standard input.</source>
            <translation>Auf der Standardeingabe ist kein App-Passwort angekommen.</translation>
        </message>
        <message>
            <source>Added account %1: Bluesky %2 (session kept in %3).</source>
            <translation>Konto %1 hinzugefügt: Bluesky %2 (Sitzung gespeichert in %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::CommandLine</name>
        <message>
            <source>Open this store: a team database URL (postgresql://user@host:5432/care) or the path of an SQLite file.</source>
            <translation>Diesen Datenspeicher öffnen: die URL einer Teamdatenbank (postgresql://user@host:5432/care) oder der Pfad einer SQLite-Datei.</translation>
        </message>
        <message>
            <source>Open a fresh demo workspace. Your own data is not touched.</source>
            <translation>Einen neuen Demo-Arbeitsbereich öffnen. Ihre eigenen Daten bleiben unberührt.</translation>
        </message>
        <message>
            <source>Keep account tokens in this file instead of the system keychain (for machines without one); it must be readable only by its owner.</source>
            <translation>Konto-Tokens in dieser Datei statt im Schlüsselbund des Systems aufbewahren (für Rechner ohne Schlüsselbund); nur ihr Eigentümer darf sie lesen können.</translation>
        </message>
        <message>
            <source>--demo and --database cannot be used together.</source>
            <translation>--demo und --database können nicht zusammen verwendet werden.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Care Console — answer customers on every social platform from one inbox.

Without options the console opens your embedded store, or the demo workspace while no account is connected.

Commands:
  triage   classify JSON Lines from standard input (see docs)
  account  add, list or remove platform accounts (careconsole account --help)
  sync     sync accounts and deliver the outbox once: sync --once [--account ID]
  send     queue a reply: send --conversation ID (--public|--private) --text-stdin
  workspace  export or import a workspace pack: workspace export FILE, workspace import FILE [--dry-run]</source>
            <translation>Care Console – Kunden auf allen sozialen Plattformen aus einem Posteingang antworten.

Ohne Optionen öffnet die Konsole Ihren eingebetteten Datenspeicher oder, solange kein Konto verbunden ist, den Demo-Arbeitsbereich.

Befehle:
  triage   JSON Lines von der Standardeingabe einstufen (siehe Dokumentation)
  account  Plattformkonten hinzufügen, auflisten oder entfernen (careconsole account --help)
  sync     Konten einmal synchronisieren und den Postausgang zustellen: sync --once [--account ID]
  send     eine Antwort einreihen: send --conversation ID (--public|--private) --text-stdin
  workspace  ein Arbeitsbereichspaket exportieren oder importieren: workspace export DATEI, workspace import DATEI [--dry-run]</translation>
        </message>
    </context>
    <context>
        <name>Care::App::ConversationCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>No e-mail account is connected; add one with careconsole account add email.</source>
            <translation>Es ist kein E-Mail-Konto verbunden; fügen Sie eines mit careconsole account add email hinzu.</translation>
        </message>
        <message>
            <source>Several e-mail accounts are connected; choose one with --account ID.</source>
            <translation>Mehrere E-Mail-Konten sind verbunden; wählen Sie eines mit --account ID.</translation>
        </message>
        <message>
            <source>send-transcript takes the conversation's number.</source>
            <translation>send-transcript erwartet die Nummer der Unterhaltung.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Say where the transcript goes with --to ADDRESS.</source>
            <translation>Geben Sie mit --to ADRESSE an, wohin der Verlauf geht.</translation>
        </message>
        <message>
            <source>Queued the transcript of conversation %1 to %2; it goes out with the running console or the next sync.</source>
            <translation>Der Verlauf von Unterhaltung %1 an %2 ist eingereiht; er geht mit der laufenden Konsole oder der nächsten Synchronisierung hinaus.</translation>
        </message>
        <message>
            <source>%1 takes the conversation's number.</source>
            <translation>%1 erwartet die Nummer der Konversation.</translation>
        </message>
        <message>
            <source>--message takes the message's number.</source>
            <translation>--message erwartet die Nummer der Nachricht.</translation>
        </message>
        <message>
            <source>Say why with --reason TEXT (for example: abusive language, or personal data posted in public); the audit log keeps it.</source>
            <translation>Nennen Sie den Grund mit --reason TEXT (zum Beispiel: beleidigende Sprache oder öffentlich gepostete persönliche Daten); das Prüfprotokoll bewahrt ihn auf.</translation>
        </message>
        <message>
            <source>Hid message %1 of conversation %2; your name, the time and the reason are in the audit log. It is hidden on the platform with the running console or the next sync.</source>
            <translation>Nachricht %1 der Konversation %2 ausgeblendet; Ihr Name, die Uhrzeit und der Grund stehen im Prüfprotokoll. Auf der Plattform wird sie mit der laufenden Konsole oder der nächsten Synchronisierung ausgeblendet.</translation>
        </message>
        <message>
            <source>Message %1 of conversation %2 is shown again, and on the platform with the running console or the next sync where it was hidden there; the audit log has it.</source>
            <translation>Nachricht %1 der Konversation %2 wird wieder angezeigt, und auch auf der Plattform mit der laufenden Konsole oder der nächsten Synchronisierung, falls sie dort ausgeblendet war; das Prüfprotokoll hält es fest.</translation>
        </message>
        <message>
            <source>show takes the conversation's number.</source>
            <translation>show erwartet die Nummer der Unterhaltung.</translation>
        </message>
        <message>
            <source>Use conversation show ID, conversation send-transcript ID --to ADDRESS, conversation hide ID [--message ID] --reason TEXT, or conversation unhide ID [--message ID].</source>
            <translation>Verwenden Sie conversation show ID, conversation send-transcript ID --to ADRESSE, conversation hide ID [--message ID] --reason TEXT oder conversation unhide ID [--message ID].</translation>
        </message>
    </context>
    <context>
        <name>Care::App::EmailAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>account add email needs --imap URL, --smtp URL and --user NAME, e.g. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</source>
            <translation>account add email braucht --imap URL, --smtp URL und --user NAME, z. B. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>Give the mailbox's password on standard input with --password-stdin.</source>
            <translation>Geben Sie das Passwort des Postfachs mit --password-stdin über die Standardeingabe an.</translation>
        </message>
        <message>
            <source>No password arrived on standard input.</source>
            <translation>Über die Standardeingabe kam kein Passwort an.</translation>
        </message>
        <message>
            <source>Added account %1: e-mail %2 (password kept in %3).</source>
            <translation>Konto %1 hinzugefügt: E-Mail %2 (Passwort in %3 gespeichert).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FacebookAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Give the Page's numeric id with --page-id, e.g. --page-id 104233445566</source>
            <translation>Geben Sie die numerische ID der Seite mit --page-id an, z. B. --page-id 104233445566</translation>
        </message>
        <message>
            <source>Give the Page access token on standard input with --token-stdin (a long-lived Page token, or one made for a system user).</source>
            <translation>Geben Sie das Seiten-Zugriffstoken mit --token-stdin auf der Standardeingabe ein (ein langlebiges Seiten-Token oder eines, das für einen Systemnutzer erstellt wurde).</translation>
        </message>
        <message>
            <source>No Page access token arrived on standard input.</source>
            <translation>Auf der Standardeingabe ist kein Seiten-Zugriffstoken angekommen.</translation>
        </message>
        <message>
            <source>Added account %1: Facebook Page %2 (token kept in %3).</source>
            <translation>Konto %1 hinzugefügt: Facebook-Seite %2 (Token aufbewahrt in %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FeedAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Give the feed's address with --url, e.g. --url https://blog.example/feed</source>
            <translation>Geben Sie die Adresse des Feeds mit --url an, z. B. --url https://blog.example/feed</translation>
        </message>
        <message>
            <source>The interval is a number of seconds, e.g. --interval 1800.</source>
            <translation>Das Intervall ist eine Anzahl Sekunden, z. B. --interval 1800.</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (every item is taken).</source>
            <translation>Feed %1 hinzugefügt: %2 (jeder Eintrag wird übernommen).</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (items naming %3).</source>
            <translation>Feed %1 hinzugefügt: %2 (Einträge, die %3 nennen).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MessageCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>Use message attachments ID [--save FOLDER].</source>
            <translation>Verwenden Sie message attachments ID [--save ORDNER].</translation>
        </message>
        <message>
            <source>attachments takes the message's number.</source>
            <translation>attachments erwartet die Nummer der Nachricht.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Message %1 has no attachments.</source>
            <translation>Nachricht %1 hat keine Anhänge.</translation>
        </message>
        <message>
            <source>The folder %1 cannot be created.</source>
            <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
        </message>
        <message>
            <source>%1 could not be written.</source>
            <translation>%1 konnte nicht geschrieben werden.</translation>
        </message>
        <message>
            <source>Saved %1 (%2, %3).</source>
            <translation>%1 gespeichert (%2, %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MigrateCommand</name>
        <message>
            <source>Usage: careconsole migrate --from SQLITE_FILE --to postgresql://OWNER@HOST/DB
Copies a single-user workspace into a team database. Safe to run again: rows already copied are skipped, so an interrupted copy continues.</source>
            <translation>Aufruf: careconsole migrate --from SQLITE_DATEI --to postgresql://EIGENTÜMER@HOST/DB
Kopiert einen Einzelplatz-Arbeitsbereich in eine Team-Datenbank. Kann wiederholt werden: bereits kopierte Zeilen werden übersprungen, eine unterbrochene Kopie läuft weiter.</translation>
        </message>
        <message>
            <source>%1: %2 of %3 rows</source>
            <translation>%1: %2 von %3 Zeilen</translation>
        </message>
        <message>
            <source>%1	%2 in the workspace	%3 newly copied	%4 in the team database</source>
            <translation>%1	%2 im Arbeitsbereich	%3 neu kopiert	%4 in der Team-Datenbank</translation>
        </message>
        <message>
            <source>Checked: every row is in the team database; %1 messages compared field by field. %2 rows copied in %3 s.</source>
            <translation>Geprüft: Jede Zeile ist in der Team-Datenbank; %1 Nachrichten Feld für Feld verglichen. %2 Zeilen in %3 s kopiert.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::StartupFlow</name>
        <message>
            <source>Use a team database</source>
            <translation>Teamdatenbank verwenden</translation>
        </message>
        <message>
            <source>Care Console cannot open the store</source>
            <translation>Care Console kann den Datenspeicher nicht öffnen</translation>
        </message>
        <message>
            <source>Open a read-only copy</source>
            <translation>Schreibgeschützte Kopie öffnen</translation>
        </message>
        <message>
            <source>Start a new store elsewhere…</source>
            <translation>Neuen Datenspeicher an anderer Stelle anlegen…</translation>
        </message>
        <message>
            <source>New store</source>
            <translation>Neuer Datenspeicher</translation>
        </message>
        <message>
            <source>Care Console store (*.sqlite)</source>
            <translation>Care-Console-Datenspeicher (*.sqlite)</translation>
        </message>
        <message>
            <source>Your administrator has set the team database for this computer (%1); it cannot be changed here.</source>
            <translation>Ihre Administration hat die Teamdatenbank für diesen Computer festgelegt (%1); sie kann hier nicht geändert werden.</translation>
        </message>
        <message>
            <source>The URL of your team's PostgreSQL database, for example
postgresql://jane@care-db.example.com/care
Leave it empty to work in the store on this computer again.</source>
            <translation>Die URL der PostgreSQL-Datenbank Ihres Teams, zum Beispiel
postgresql://jane@care-db.example.com/care
Lassen Sie das Feld leer, um wieder mit dem Speicher auf diesem Computer zu arbeiten.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::SyncCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source> (%1 undelivered)</source>
            <translation> (%1 nicht zugestellt)</translation>
        </message>
        <message>
            <source>Syncing every connected account; stop with Ctrl+C.</source>
            <translation>Alle verbundenen Konten werden synchronisiert; beenden mit Strg+C.</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>Beendet.</translation>
        </message>
        <message>
            <source>--account takes the account's number.</source>
            <translation>--account erwartet die Nummer des Kontos.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>There is no connected account %1; see careconsole account list.</source>
            <translation>Es gibt kein verbundenes Konto %1; siehe careconsole account list.</translation>
        </message>
        <message>
            <source>No accounts are connected; nothing to sync.</source>
            <translation>Es ist kein Konto verbunden; nichts zu synchronisieren.</translation>
        </message>
        <message>
            <source>Choose one of --public and --private.</source>
            <translation>Wählen Sie entweder --public oder --private.</translation>
        </message>
        <message>
            <source>No reply text arrived on standard input.</source>
            <translation>Auf der Standardeingabe ist kein Antworttext angekommen.</translation>
        </message>
        <message>
            <source>Queued reply %1 in conversation %2; it goes out with the running console or the next sync.</source>
            <translation>Antwort %1 in Konversation %2 eingereiht; sie wird mit der laufenden Konsole oder bei der nächsten Synchronisierung gesendet.</translation>
        </message>
        <message>
            <source>There is no agent %1 to sign with; add one with careconsole agent set.</source>
            <translation>Es gibt keinen Agenten %1 zum Signieren; legen Sie ihn mit careconsole agent set an.</translation>
        </message>
        <message>
            <source>Choose one of --public, --private and --email.</source>
            <translation>Wählen Sie eines von --public, --private und --email.</translation>
        </message>
        <message>
            <source>send needs --conversation ID, --public, --private or --email, and --text-stdin.</source>
            <translation>send braucht --conversation ID, --public, --private oder --email sowie --text-stdin.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::TeamCommand</name>
        <message>
            <source>Usage: careconsole --database postgresql://OWNER@HOST/DB team setup
       careconsole --database postgresql://OWNER@HOST/DB team add LOGIN --role agent|lead|admin|sync [--name NAME] [--password-stdin]
       careconsole --database URL team list | whoami</source>
            <translation>Aufruf: careconsole --database postgresql://EIGENTÜMER@HOST/DB team setup
       careconsole --database postgresql://EIGENTÜMER@HOST/DB team add LOGIN --role agent|lead|admin|sync [--name NAME] [--password-stdin]
       careconsole --database URL team list | whoami</translation>
        </message>
        <message>
            <source>Team roles are set up: care_agent, care_lead, care_admin and care_sync. Add each person with: careconsole team add LOGIN --role ROLE --password-stdin</source>
            <translation>Die Team-Rollen sind eingerichtet: care_agent, care_lead, care_admin und care_sync. Fügen Sie jede Person hinzu mit: careconsole team add LOGIN --role ROLLE --password-stdin</translation>
        </message>
        <message>
            <source>No password on standard input.</source>
            <translation>Kein Passwort auf der Standardeingabe.</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead, admin or sync.</source>
            <translation>%1 ist keine Rolle: Wählen Sie agent, lead, admin oder sync.</translation>
        </message>
        <message>
            <source>Say which role with --role agent, lead, admin or sync.</source>
            <translation>Geben Sie die Rolle an: --role agent, lead, admin oder sync.</translation>
        </message>
        <message>
            <source>%1 can sign in to the team database as %2.</source>
            <translation>%1 kann sich als %2 bei der Team-Datenbank anmelden.</translation>
        </message>
        <message>
            <source>This login has no team role (a single-user store, or the database owner).</source>
            <translation>Diese Anmeldung hat keine Team-Rolle (ein Einzelplatz-Speicher oder der Eigentümer der Datenbank).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::WorkspaceCommand</name>
        <message>
            <source>Usage: careconsole workspace export FILE
       careconsole workspace import [FILE] [--dry-run]
Without FILE, import reads the pack your administrator set (workspace/packLocation).</source>
            <translation>Aufruf: careconsole workspace export DATEI
       careconsole workspace import [DATEI] [--dry-run]
Ohne DATEI liest import das Paket, das Ihre Administration festgelegt hat (workspace/packLocation).</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 konnte nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Wrote %1: %2 policies, %3 approved replies, %4 SLA policies, the team calendar and the triage rules for %5 languages.</source>
            <translation>%1 geschrieben: %2 Richtlinien, %3 freigegebene Antworten, %4 SLA-Richtlinien, der Teamkalender und die Triage-Regeln für %5 Sprachen.</translation>
        </message>
        <message>
            <source>%1 was refused; nothing was changed:</source>
            <translation>%1 wurde abgelehnt; es wurde nichts geändert:</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed.</source>
            <translation>%1 wurde nicht importiert; es wurde nichts geändert.</translation>
        </message>
        <message>
            <source>Importing %1 would:</source>
            <translation>Der Import von %1 würde:</translation>
        </message>
        <message>
            <source>Imported %1:</source>
            <translation>%1 importiert:</translation>
        </message>
        <message>
            <source>Dry run: nothing was changed.</source>
            <translation>Probelauf: Es wurde nichts geändert.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::XAccountCommand</name>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>every %1</source>
            <translation>alle %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>aus</translation>
        </message>
        <message>
            <source>Cannot read the price file %1.</source>
            <translation>Die Preisdatei %1 kann nicht gelesen werden.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Unerwartetes Argument: %1</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id with --client-id (X developer console → the app → Keys and tokens).</source>
            <translation>Geben Sie die OAuth-2.0-Client-ID der X-App mit --client-id an (X-Entwicklerkonsole → die App → Keys and tokens).</translation>
        </message>
        <message>
            <source>Keyword listening will search X for (BRAND is the account's own name):</source>
            <translation>Die Stichwortsuche wird auf X nach Folgendem suchen (BRAND ist der Name des Kontos selbst):</translation>
        </message>
        <message>
            <source>The X app must list %1 as a callback URL and be a native app (public client).</source>
            <translation>Die X-App muss %1 als Callback-URL eingetragen haben und eine native App (öffentlicher Client) sein.</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Öffnen Sie diese Adresse in einem Browser auf diesem Computer und erlauben Sie Care Console den Zugriff:</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Warte bis zu 5 Minuten…</translation>
        </message>
        <message>
            <source>Added account %1: X %2 (tokens kept in %3).</source>
            <translation>Konto %1 hinzugefügt: X %2 (Tokens gespeichert in %3).</translation>
        </message>
        <message>
            <source>Listening query: %1</source>
            <translation>Suchanfrage: %1</translation>
        </message>
        <message>
            <source>Say which account the budget is for with --account ID.</source>
            <translation>Geben Sie mit --account ID an, für welches Konto das Budget gilt.</translation>
        </message>
        <message>
            <source>No X account is connected.</source>
            <translation>Es ist kein X-Konto verbunden.</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Siehe careconsole --help.</translation>
        </message>
        <message>
            <source>account set takes the account's number (careconsole account list).</source>
            <translation>account set erwartet die Nummer des Kontos (careconsole account list).</translation>
        </message>
        <message>
            <source>%1 takes a number of seconds (0: off).</source>
            <translation>%1 erwartet eine Anzahl Sekunden (0: aus).</translation>
        </message>
        <message>
            <source>Say what to change: --poll-mentions S, --poll-search S or --poll-direct S.</source>
            <translation>Geben Sie an, was sich ändern soll: --poll-mentions S, --poll-search S oder --poll-direct S.</translation>
        </message>
        <message>
            <source>Account %1 polls mentions %2, keyword listening %3 and direct messages %4 from the next sync.</source>
            <translation>Konto %1 fragt ab der nächsten Synchronisierung Erwähnungen %2, die Stichwortsuche %3 und Direktnachrichten %4 ab.</translation>
        </message>
        <message>
            <source>Account %1: X %2 — estimated monthly API cost (prices of %3, an upper bound):</source>
            <translation>Konto %1: X %2 — geschätzte monatliche API-Kosten (Preise vom %3, eine Obergrenze):</translation>
        </message>
        <message>
            <source>mentions, polled %1: %2</source>
            <translation>Erwähnungen, abgefragt %1: %2</translation>
        </message>
        <message>
            <source>keyword listening, polled %1: %2</source>
            <translation>Stichwortsuche, abgefragt %1: %2</translation>
        </message>
        <message>
            <source>direct messages, polled %1: %2</source>
            <translation>Direktnachrichten, abgefragt %1: %2</translation>
        </message>
        <message>
            <source>replies and messages sent: %1</source>
            <translation>gesendete Antworten und Nachrichten: %1</translation>
        </message>
        <message>
            <source>total: %1</source>
            <translation>gesamt: %1</translation>
        </message>
        <message>
            <source>spent this month so far: %1</source>
            <translation>in diesem Monat bisher ausgegeben: %1</translation>
        </message>
        <message>
            <source>Less than an hour of traffic was measured: the figures use the price file's assumptions.</source>
            <translation>Es wurde weniger als eine Stunde Verkehr gemessen: Die Zahlen beruhen auf den Annahmen der Preisdatei.</translation>
        </message>
        <message>
            <source>budget: %1 a month</source>
            <translation>Budget: %1 im Monat</translation>
        </message>
        <message>
            <source>Direct messages are polled %1 instead of %2 to stay within it.</source>
            <translation>Direktnachrichten werden %1 statt %2 abgefragt, um es einzuhalten.</translation>
        </message>
        <message>
            <source>The traffic itself costs more than the budget: keyword listening is paused. Raise the budget or narrow the brand terms.</source>
            <translation>Schon der Verkehr selbst kostet mehr als das Budget: Die Stichwortsuche ist pausiert. Erhöhen Sie das Budget oder grenzen Sie die Markenbegriffe ein.</translation>
        </message>
        <message>
            <source>listening query: %1</source>
            <translation>Suchanfrage: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::BusinessCalendar</name>
        <message>
            <source>Each range of %1 must be a pair of times.</source>
            <translation>Jeder Zeitraum von %1 muss ein Paar von Uhrzeiten sein.</translation>
        </message>
        <message>
            <source>For example ["07:00", "22:00"]; ["22:00", "02:00"] runs past midnight.</source>
            <translation>Zum Beispiel ["07:00", "22:00"]; ["22:00", "02:00"] reicht über Mitternacht hinaus.</translation>
        </message>
        <message>
            <source>“%1” in the hours of %2 is not a time of day.</source>
            <translation>„%1“ in den Zeiten von %2 ist keine Uhrzeit.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Schreiben Sie HH:MM von 00:00 bis 23:59; ein Zeitraum darf um 24:00 enden.</translation>
        </message>
        <message>
            <source>The calendar has an unknown entry “%1”.</source>
            <translation>Der Kalender enthält einen unbekannten Eintrag „%1“.</translation>
        </message>
        <message>
            <source>Known entries are time_zone, always_open, hours, closures and special_hours.</source>
            <translation>Bekannte Einträge sind time_zone, always_open, hours, closures und special_hours.</translation>
        </message>
        <message>
            <source>The calendar has no time zone.</source>
            <translation>Der Kalender hat keine Zeitzone.</translation>
        </message>
        <message>
            <source>Add "time_zone", e.g. "Europe/Berlin".</source>
            <translation>Fügen Sie "time_zone" hinzu, z. B. "Europe/Berlin".</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Unbekannte Zeitzone „%1“.</translation>
        </message>
        <message>
            <source>Use an IANA name such as Europe/Berlin. If the name is right, the system's time-zone data (the tzdata package) is missing.</source>
            <translation>Verwenden Sie einen IANA-Namen wie Europe/Berlin. Ist der Name richtig, fehlen die Zeitzonendaten des Systems (Paket tzdata).</translation>
        </message>
        <message>
            <source>"always_open" must be true or false.</source>
            <translation>"always_open" muss true oder false sein.</translation>
        </message>
        <message>
            <source>"hours" must map weekdays to lists of ranges.</source>
            <translation>"hours" muss Wochentagen Listen von Zeiträumen zuordnen.</translation>
        </message>
        <message>
            <source>For example {"mon": [["07:00", "22:00"]]}.</source>
            <translation>Zum Beispiel {"mon": [["07:00", "22:00"]]}.</translation>
        </message>
        <message>
            <source>Unknown weekday “%1” in the hours.</source>
            <translation>Unbekannter Wochentag „%1“ in den Zeiten.</translation>
        </message>
        <message>
            <source>Use mon, tue, wed, thu, fri, sat or sun.</source>
            <translation>Verwenden Sie mon, tue, wed, thu, fri, sat oder sun.</translation>
        </message>
        <message>
            <source>The hours of %1 must be a list of ranges.</source>
            <translation>Die Zeiten von %1 müssen eine Liste von Zeiträumen sein.</translation>
        </message>
        <message>
            <source>For example [["08:00", "12:00"], ["13:00", "20:00"]]; [] means closed.</source>
            <translation>Zum Beispiel [["08:00", "12:00"], ["13:00", "20:00"]]; [] bedeutet geschlossen.</translation>
        </message>
        <message>
            <source>"closures" must be a list.</source>
            <translation>"closures" muss eine Liste sein.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-25", "name": "Christmas Day"}].</source>
            <translation>Zum Beispiel [{"date": "2026-12-25", "name": "Erster Weihnachtstag"}].</translation>
        </message>
        <message>
            <source>The closure date “%1” is not a date.</source>
            <translation>Das Schließungsdatum „%1“ ist kein Datum.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-25.</source>
            <translation>Schreiben Sie Datumsangaben als JJJJ-MM-TT, z. B. 2026-12-25.</translation>
        </message>
        <message>
            <source>The closure date %1 is listed twice.</source>
            <translation>Das Schließungsdatum %1 ist doppelt aufgeführt.</translation>
        </message>
        <message>
            <source>"special_hours" must be a list.</source>
            <translation>"special_hours" muss eine Liste sein.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-24", "name": "Christmas Eve", "hours": [["08:00", "14:00"]]}].</source>
            <translation>Zum Beispiel [{"date": "2026-12-24", "name": "Heiligabend", "hours": [["08:00", "14:00"]]}].</translation>
        </message>
        <message>
            <source>The special-hours date “%1” is not a date.</source>
            <translation>Das Datum mit Sonderzeiten „%1“ ist kein Datum.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Schreiben Sie Datumsangaben als JJJJ-MM-TT, z. B. 2026-12-24.</translation>
        </message>
        <message>
            <source>The date %1 is listed twice among closures and special hours.</source>
            <translation>Das Datum %1 ist unter Schließungen und Sonderzeiten doppelt aufgeführt.</translation>
        </message>
        <message>
            <source>The special hours of %1 must be a list of ranges.</source>
            <translation>Die Sonderzeiten von %1 müssen eine Liste von Zeiträumen sein.</translation>
        </message>
        <message>
            <source>For example [["08:00", "14:00"]]; a day without hours is a closure.</source>
            <translation>Zum Beispiel [["08:00", "14:00"]]; ein Tag ohne Zeiten ist eine Schließung.</translation>
        </message>
        <message>
            <source>The calendar is not valid JSON.</source>
            <translation>Der Kalender ist kein gültiges JSON.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Prüfen Sie die Datei in der Nähe von Zeichen %1.</translation>
        </message>
        <message>
            <source>The calendar must be a JSON object.</source>
            <translation>Der Kalender muss ein JSON-Objekt sein.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CalendarRangeText</name>
        <message>
            <source>“%1” is not a range of times.</source>
            <translation>„%1“ ist kein Zeitraum.</translation>
        </message>
        <message>
            <source>Write start–end, e.g. 08:00–12:00; several ranges separated by commas.</source>
            <translation>Schreiben Sie Beginn–Ende, z. B. 08:00–12:00; mehrere Zeiträume durch Kommas getrennt.</translation>
        </message>
        <message>
            <source>“%1” is not a time of day.</source>
            <translation>„%1“ ist keine Uhrzeit.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Schreiben Sie HH:MM von 00:00 bis 23:59; ein Zeitraum darf um 24:00 enden.</translation>
        </message>
        <message>
            <source>“%1” starts and ends at the same time.</source>
            <translation>„%1“ beginnt und endet zur selben Zeit.</translation>
        </message>
        <message>
            <source>For a whole day write 00:00–24:00.</source>
            <translation>Für einen ganzen Tag schreiben Sie 00:00–24:00.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Conversation</name>
        <message>
            <source>Open</source>
            <translation>Offen</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Wartet auf Kunden</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Zurückgestellt</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Gelöst</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Niedrig</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>High</source>
            <translation>Hoch</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Dringend</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ConversationCapabilities</name>
        <message>
            <source>Replies to blog and news posts are not posted. Contact the author through another channel, or add an internal note.</source>
            <translation>Antworten auf Blog- und Nachrichtenbeiträge werden nicht veröffentlicht. Kontaktieren Sie den Autor über einen anderen Kanal oder fügen Sie eine interne Notiz hinzu.</translation>
        </message>
        <message>
            <source>Replies are not posted on %1. Contact the author through another channel, or add an internal note.</source>
            <translation>Auf %1 werden keine Antworten veröffentlicht. Kontaktieren Sie die Autorin oder den Autor über einen anderen Kanal oder fügen Sie eine interne Notiz hinzu.</translation>
        </message>
        <message>
            <source>E-mail answers are private.</source>
            <translation>E-Mail-Antworten sind privat.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side: answer privately.</source>
            <translation>Eine Messenger-Unterhaltung hat keine öffentliche Seite: Antworten Sie privat.</translation>
        </message>
        <message>
            <source>This is a direct-message conversation: answer privately.</source>
            <translation>Dies ist eine Direktnachrichten-Unterhaltung: Antworten Sie privat.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; even with the human agent tag Facebook lets the Page answer only within 7 days. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>Der Kunde hat zuletzt vor %1 im Messenger geschrieben; selbst mit dem Human-Agent-Tag lässt Facebook die Seite nur innerhalb von 7 Tagen antworten. Erreichen Sie ihn über einen anderen Kanal, den er bevorzugt, oder warten Sie, bis er wieder schreibt.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; Facebook lets the Page answer there only within 24 hours. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>Der Kunde hat zuletzt vor %1 im Messenger geschrieben; Facebook lässt die Seite dort nur innerhalb von 24 Stunden antworten. Erreichen Sie ihn über einen anderen Kanal, den er bevorzugt, oder warten Sie, bis er wieder schreibt.</translation>
        </message>
        <message>
            <source>The Page has already answered this comment privately; Facebook allows one private reply per comment. Reply publicly and invite the customer to message the Page.</source>
            <translation>Die Seite hat diesen Kommentar bereits privat beantwortet; Facebook erlaubt eine private Antwort pro Kommentar. Antworten Sie öffentlich und laden Sie den Kunden ein, der Seite eine Nachricht zu schreiben.</translation>
        </message>
        <message>
            <source>The comment is more than 7 days old; Facebook no longer allows a private reply to it. Reply publicly and invite the customer to message the Page.</source>
            <translation>Der Kommentar ist älter als 7 Tage; Facebook erlaubt keine private Antwort mehr darauf. Antworten Sie öffentlich und laden Sie den Kunden ein, der Seite eine Nachricht zu schreiben.</translation>
        </message>
        <message>
            <source>%1 has no private messages. Ask the customer to contact you another way.</source>
            <translation>%1 hat keine Privatnachrichten. Bitten Sie den Kunden, Sie auf anderem Weg zu kontaktieren.</translation>
        </message>
        <message>
            <source>%1 does not let a brand hide comments. Nothing is ever deleted.</source>
            <translation>%1 erlaubt Marken nicht, Kommentare auszublenden. Nichts wird je gelöscht.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>Es gibt keine sichtbare öffentliche Nachricht des Kunden, die ausgeblendet werden könnte.</translation>
        </message>
        <message>
            <source>X lets a brand hide replies only in conversations that its own post started; this one was started by someone else. Answer it, or report it on X if it breaks the rules.</source>
            <translation>X lässt eine Marke Antworten nur in Unterhaltungen ausblenden, die mit ihrem eigenen Beitrag begonnen haben; diese hat jemand anderes begonnen. Beantworten Sie sie oder melden Sie sie auf X, wenn sie gegen die Regeln verstößt.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment (for example a comment on a post the Page did not write). Answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Facebook lässt die Seite diesen Kommentar nicht ausblenden (zum Beispiel einen Kommentar unter einem Beitrag, den die Seite nicht geschrieben hat). Beantworten Sie ihn oder melden Sie ihn auf Facebook, wenn er gegen die Regeln verstößt.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Nichts, was der Kunde hier geschrieben hat, ist ausgeblendet.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Diese Nachricht ist privat oder bereits ausgeblendet; nur eine sichtbare öffentliche Nachricht des Kunden kann ausgeblendet werden.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Diese Nachricht ist nicht ausgeblendet.</translation>
        </message>
        <message>
            <source>The post that began this X conversation is not in the console, so X decides: if the brand did not write it, X refuses and the reply is hidden in the console only.</source>
            <translation>Der Beitrag, mit dem diese X-Konversation begann, ist nicht in der Konsole, also entscheidet X: Hat die Marke ihn nicht geschrieben, lehnt X ab und die Antwort ist nur in der Konsole ausgeblendet.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CrisisMode</name>
        <message>
            <source>The crisis settings are not valid JSON.</source>
            <translation>Die Krisen-Einstellungen sind kein gültiges JSON.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Duration</name>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 h</source>
            <translation>%1 h</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
        <message>
            <source>%1 d</source>
            <translation>%1 T</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 T %2 h</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Message</name>
        <message>
            <source>Queued</source>
            <translation>Eingereiht</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Wird gesendet</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>Gesendet</translation>
        </message>
        <message>
            <source>Outcome unknown</source>
            <translation>Ergebnis unbekannt</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Fehlgeschlagen</translation>
        </message>
        <message>
            <source>Waiting for your confirmation</source>
            <translation>Wartet auf Ihre Bestätigung</translation>
        </message>
        <message>
            <source>Cancelled, not sent</source>
            <translation>Abgebrochen, nicht gesendet</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::OffHoursAcknowledgement</name>
        <message>
            <source>The acknowledgement templates are not valid JSON: %1</source>
            <translation>Die Vorlagen für Eingangsbestätigungen sind kein gültiges JSON: %1</translation>
        </message>
        <message>
            <source>The acknowledgement for “%1” must be text that says when the team is back ({reopen}).</source>
            <translation>Die Eingangsbestätigung für „%1“ muss ein Text sein, der sagt, wann das Team wieder da ist ({reopen}).</translation>
        </message>
        <message>
            <source>The acknowledgement templates need an English one (en).</source>
            <translation>Die Vorlagen für Eingangsbestätigungen brauchen eine englische (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::PersonalDataGuard</name>
        <message>
            <source>an e-mail address: '%1'</source>
            <translation>eine E-Mail-Adresse: '%1'</translation>
        </message>
        <message>
            <source>an IBAN: '%1'</source>
            <translation>eine IBAN: '%1'</translation>
        </message>
        <message>
            <source>a payment card number ending in %1</source>
            <translation>eine Kartennummer mit den Endziffern %1</translation>
        </message>
        <message>
            <source>a phone number: '%1'</source>
            <translation>eine Telefonnummer: '%1'</translation>
        </message>
        <message>
            <source>a postcode: '%1'</source>
            <translation>eine Postleitzahl: '%1'</translation>
        </message>
        <message>
            <source>a postal address: '%1'</source>
            <translation>eine Postanschrift: '%1'</translation>
        </message>
        <message>
            <source>a booking reference</source>
            <translation>eine Buchungsnummer</translation>
        </message>
        <message>
            <source>an order number</source>
            <translation>eine Bestellnummer</translation>
        </message>
        <message>
            <source>a ticket number</source>
            <translation>eine Ticketnummer</translation>
        </message>
        <message>
            <source>The reference pattern '%1' is not a valid regular expression.</source>
            <translation>Das Referenzmuster '%1' ist kein gültiger regulärer Ausdruck.</translation>
        </message>
        <message>
            <source>Correct the pattern in the settings.</source>
            <translation>Korrigieren Sie das Muster in den Einstellungen.</translation>
        </message>
        <message>
            <source>%1: '%2'</source>
            <translation>%1: '%2'</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can sort out the payment details safely. Please never share card or bank details in a public post.</source>
            <translation>Wir haben Ihnen eine Privatnachricht geschickt, damit wir die Zahlungsdetails sicher klären können. Bitte teilen Sie Karten- oder Bankdaten niemals in einem öffentlichen Beitrag.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your booking details safely.</source>
            <translation>Wir haben Ihnen eine Privatnachricht geschickt, damit wir uns Ihre Buchungsdaten sicher ansehen können.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your order details safely.</source>
            <translation>Wir haben Ihnen eine Privatnachricht geschickt, damit wir uns Ihre Bestelldaten sicher ansehen können.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can take your contact details there, away from public view.</source>
            <translation>Wir haben Ihnen eine Privatnachricht geschickt, damit wir Ihre Kontaktdaten dort aufnehmen können, nicht öffentlich sichtbar.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your details safely.</source>
            <translation>Wir haben Ihnen eine Privatnachricht geschickt, damit wir uns Ihre Daten sicher ansehen können.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Platform</name>
        <message>
            <source>X</source>
            <translation>X</translation>
        </message>
        <message>
            <source>Facebook</source>
            <translation>Facebook</translation>
        </message>
        <message>
            <source>Mastodon</source>
            <translation>Mastodon</translation>
        </message>
        <message>
            <source>Bluesky</source>
            <translation>Bluesky</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-Mail</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs und Nachrichten</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ReplyLengthCounter</name>
        <message>
            <source>graphemes</source>
            <translation>Grapheme</translation>
        </message>
        <message>
            <source>characters</source>
            <translation>Zeichen</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Roster</name>
        <message>
            <source>The roster is not valid JSON.</source>
            <translation>Der Dienstplan ist kein gültiges JSON.</translation>
        </message>
        <message>
            <source>The shifts of %1: %2</source>
            <translation>Die Schichten von %1: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ScheduledPost</name>
        <message>
            <source>Scheduled</source>
            <translation>Geplant</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Wird gesendet</translation>
        </message>
        <message>
            <source>Posted</source>
            <translation>Veröffentlicht</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Fehlgeschlagen</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Abgebrochen</translation>
        </message>
        <message>
            <source>Expired (not posted)</source>
            <translation>Abgelaufen (nicht veröffentlicht)</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SearchQuery</name>
        <message>
            <source>A search needs at least one word to look for.</source>
            <translation>Eine Suche braucht mindestens ein Wort, nach dem gesucht wird.</translation>
        </message>
        <message>
            <source>Add a word without a minus sign, e.g. refund -spam.</source>
            <translation>Fügen Sie ein Wort ohne Minuszeichen hinzu, z. B. refund -spam.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ShiftAnnouncements</name>
        <message>
            <source>The shift announcements are not valid JSON: %1</source>
            <translation>Die Schichtankündigungen sind kein gültiges JSON: %1</translation>
        </message>
        <message>
            <source>The shift announcements for “%1” need an opening text with {until} and a closing text with {back}.</source>
            <translation>Die Schichtankündigungen für „%1“ brauchen einen Eröffnungstext mit {until} und einen Schlusstext mit {back}.</translation>
        </message>
        <message>
            <source>The shift announcements need English ones (en).</source>
            <translation>Die Schichtankündigungen brauchen englische (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Signature</name>
        <message>
            <source>The reply cannot be signed: %1 has no name or signature set.</source>
            <translation>Die Antwort kann nicht signiert werden: Für %1 ist kein Name und keine Signatur festgelegt.</translation>
        </message>
        <message>
            <source>Set a display name and signature in the agent settings.</source>
            <translation>Legen Sie in den Agent-Einstellungen einen Anzeigenamen und eine Signatur fest.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaMeasurement</name>
        <message>
            <source>Running</source>
            <translation>Läuft</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>Eingehalten</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>Verfehlt</translation>
        </message>
        <message>
            <source>Running, already missed</source>
            <translation>Läuft, bereits verfehlt</translation>
        </message>
        <message>
            <source>Ended without a response</source>
            <translation>Ohne Antwort beendet</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaPolicy</name>
        <message>
            <source>First response</source>
            <translation>Erstreaktion</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Folgereaktion</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Lösung</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>Standard</translation>
        </message>
        <message>
            <source>Unknown entry “%1”.</source>
            <translation>Unbekannter Eintrag „%1“.</translation>
        </message>
        <message>
            <source>Known entries are %1.</source>
            <translation>Bekannte Einträge sind %1.</translation>
        </message>
        <message>
            <source>The policy has no name.</source>
            <translation>Die Richtlinie hat keinen Namen.</translation>
        </message>
        <message>
            <source>Add "name", e.g. "Default".</source>
            <translation>Fügen Sie "name" hinzu, z. B. "Default".</translation>
        </message>
        <message>
            <source>"match" must be an object.</source>
            <translation>"match" muss ein Objekt sein.</translation>
        </message>
        <message>
            <source>For example {"priority": "urgent"}; {} matches everything.</source>
            <translation>Zum Beispiel {"priority": "urgent"}; {} passt auf alles.</translation>
        </message>
        <message>
            <source>Unknown platform “%1”.</source>
            <translation>Unbekannte Plattform „%1“.</translation>
        </message>
        <message>
            <source>Use one of %1.</source>
            <translation>Verwenden Sie eine von %1.</translation>
        </message>
        <message>
            <source>Unknown priority “%1”.</source>
            <translation>Unbekannte Priorität „%1“.</translation>
        </message>
        <message>
            <source>Use low, normal, high or urgent.</source>
            <translation>Verwenden Sie low, normal, high oder urgent.</translation>
        </message>
        <message>
            <source>The tag to match is empty.</source>
            <translation>Das zu vergleichende Tag ist leer.</translation>
        </message>
        <message>
            <source>Leave "tag" out to match any tag.</source>
            <translation>Lassen Sie "tag" weg, damit jedes Tag passt.</translation>
        </message>
        <message>
            <source>Unknown criterion “%1” in "match".</source>
            <translation>Unbekanntes Kriterium „%1“ in "match".</translation>
        </message>
        <message>
            <source>Use platform, priority and tag.</source>
            <translation>Verwenden Sie platform, priority und tag.</translation>
        </message>
        <message>
            <source>"%1" must be a number of minutes, 0 or more.</source>
            <translation>"%1" muss eine Anzahl Minuten sein, 0 oder mehr.</translation>
        </message>
        <message>
            <source>Unknown counting mode “%1”.</source>
            <translation>Unbekannte Zählweise „%1“.</translation>
        </message>
        <message>
            <source>Use staffed_hours or wall_clock.</source>
            <translation>Verwenden Sie staffed_hours oder wall_clock.</translation>
        </message>
        <message>
            <source>"pause_while_pending" must be true or false.</source>
            <translation>"pause_while_pending" muss true oder false sein.</translation>
        </message>
        <message>
            <source>The SLA policies are not valid JSON.</source>
            <translation>Die SLA-Richtlinien sind kein gültiges JSON.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Prüfen Sie die Datei in der Nähe von Zeichen %1.</translation>
        </message>
        <message>
            <source>The SLA policies file must be an object with a "policies" list.</source>
            <translation>Die Datei mit den SLA-Richtlinien muss ein Objekt mit einer Liste "policies" sein.</translation>
        </message>
        <message>
            <source>SLA policy %1</source>
            <translation>SLA-Richtlinie %1</translation>
        </message>
        <message>
            <source>SLA policy %1 (“%2”)</source>
            <translation>SLA-Richtlinie %1 („%2“)</translation>
        </message>
        <message>
            <source>%1 is not an object.</source>
            <translation>%1 ist kein Objekt.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SpikeDetector</name>
        <message>
            <source>%1 negative messages in the last %2 min; usually %3 at this time of day.</source>
            <translation>%1 negative Nachrichten in den letzten %2 min; üblich sind zu dieser Tageszeit %3.</translation>
        </message>
        <message>
            <source> (also %1)</source>
            <translation> (auch %1)</translation>
        </message>
        <message>
            <source>%1 negative messages mention %2 in the last %3 min; usually %4 at this time of day.</source>
            <translation>%1 negative Nachrichten erwähnen %2 in den letzten %3 min; üblich sind zu dieser Tageszeit %4.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::StaffedHoursText</name>
        <message>
            <source>We answer around the clock.</source>
            <translation>Wir antworten rund um die Uhr.</translation>
        </message>
        <message>
            <source>No staffed hours are set.</source>
            <translation>Es sind keine Servicezeiten festgelegt.</translation>
        </message>
        <message>
            <source>We answer %1 (%2).</source>
            <translation>Wir antworten %1 (%2).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::WorkspacePack</name>
        <message>
            <source>is missing</source>
            <translation>fehlt</translation>
        </message>
        <message>
            <source>must be text</source>
            <translation>muss Text sein</translation>
        </message>
        <message>
            <source>is empty</source>
            <translation>ist leer</translation>
        </message>
        <message>
            <source>is longer than %1 characters</source>
            <translation>ist länger als %1 Zeichen</translation>
        </message>
        <message>
            <source>contains control characters</source>
            <translation>enthält Steuerzeichen</translation>
        </message>
        <message>
            <source>“%1” is not a plain name (lower-case letters, digits, - and _, at most 64)</source>
            <translation>„%1“ ist kein einfacher Name (Kleinbuchstaben, Ziffern, - und _, höchstens 64)</translation>
        </message>
        <message>
            <source>must be a list of words</source>
            <translation>muss eine Liste von Wörtern sein</translation>
        </message>
        <message>
            <source>has more than %1 tags</source>
            <translation>hat mehr als %1 Tags</translation>
        </message>
        <message>
            <source>every tag must be a short word without commas</source>
            <translation>jedes Tag muss ein kurzes Wort ohne Kommas sein</translation>
        </message>
        <message>
            <source>unknown entry “%1”</source>
            <translation>unbekannter Eintrag „%1“</translation>
        </message>
        <message>
            <source>must be a list</source>
            <translation>muss eine Liste sein</translation>
        </message>
        <message>
            <source>has %1 entries; at most %2 are accepted</source>
            <translation>hat %1 Einträge; höchstens %2 werden angenommen</translation>
        </message>
        <message>
            <source>must be an object</source>
            <translation>muss ein Objekt sein</translation>
        </message>
        <message>
            <source>“%1” appears twice</source>
            <translation>„%1“ kommt zweimal vor</translation>
        </message>
        <message>
            <source>must be an object of at most %1 named values</source>
            <translation>muss ein Objekt mit höchstens %1 benannten Werten sein</translation>
        </message>
        <message>
            <source>is not a plain name</source>
            <translation>ist kein einfacher Name</translation>
        </message>
        <message>
            <source>must be short text</source>
            <translation>muss ein kurzer Text sein</translation>
        </message>
        <message>
            <source>The pack is %1 MB; packs larger than %2 MB are refused.</source>
            <translation>Das Paket ist %1 MB groß; Pakete über %2 MB werden abgelehnt.</translation>
        </message>
        <message>
            <source>The pack is not valid JSON (at byte %1: %2).</source>
            <translation>Das Paket ist kein gültiges JSON (bei Byte %1: %2).</translation>
        </message>
        <message>
            <source>The pack must be a JSON object.</source>
            <translation>Das Paket muss ein JSON-Objekt sein.</translation>
        </message>
        <message>
            <source>This is not a Care Console workspace pack (its format is not “%1”).</source>
            <translation>Dies ist kein Arbeitsbereichspaket von Care Console (sein Format ist nicht „%1“).</translation>
        </message>
        <message>
            <source>version: must be a whole number</source>
            <translation>version: muss eine ganze Zahl sein</translation>
        </message>
        <message>
            <source>The pack has version %1; this Care Console reads version %2 only. %3</source>
            <translation>Das Paket hat Version %1; diese Care Console liest nur Version %2. %3</translation>
        </message>
        <message>
            <source>Install the newer Care Console that wrote it.</source>
            <translation>Installieren Sie die neuere Care Console, die es geschrieben hat.</translation>
        </message>
        <message>
            <source>must be an object with a list of policies</source>
            <translation>muss ein Objekt mit einer Liste von Richtlinien sein</translation>
        </message>
        <message>
            <source>%1 could not be read.</source>
            <translation>%1 konnte nicht gelesen werden.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountConnectRequest</name>
        <message>
            <source>Connected %1.</source>
            <translation>%1 verbunden.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountsDialog</name>
        <message>
            <source>Connected</source>
            <translation>Verbunden</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>Wartet auf die erste Synchronisierung</translation>
        </message>
        <message>
            <source>Syncing</source>
            <translation>Synchronisiert</translation>
        </message>
        <message>
            <source>Paused (request limit)</source>
            <translation>Pausiert (Anfragelimit)</translation>
        </message>
        <message>
            <source>Retrying</source>
            <translation>Neuer Versuch</translation>
        </message>
        <message>
            <source>Reconnect needed</source>
            <translation>Neu verbinden nötig</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>Angehalten</translation>
        </message>
        <message>
            <source>&amp;Sync now</source>
            <translation>Jetzt &amp;synchronisieren</translation>
        </message>
        <message>
            <source>&amp;Remove…</source>
            <translation>&amp;Entfernen…</translation>
        </message>
        <message>
            <source>&amp;Listening…</source>
            <translation>&amp;Zuhören…</translation>
        </message>
        <message>
            <source>Accounts</source>
            <translation>Konten</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Zustand</translation>
        </message>
        <message>
            <source>Last sync</source>
            <translation>Letzte Synchronisierung</translation>
        </message>
        <message>
            <source>Next sync</source>
            <translation>Nächste Synchronisierung</translation>
        </message>
        <message>
            <source>Requests left</source>
            <translation>Verbleibende Anfragen</translation>
        </message>
        <message>
            <source>Not delivered</source>
            <translation>Nicht zugestellt</translation>
        </message>
        <message>
            <source>&amp;Connect Mastodon…</source>
            <translation>Mastodon &amp;verbinden…</translation>
        </message>
        <message>
            <source>The words and hashtags this account listens for: posts that name the brand without tagging it.</source>
            <translation>Die Wörter und Hashtags, auf die dieses Konto hört: Beiträge, die die Marke nennen, ohne sie zu markieren.</translation>
        </message>
        <message>
            <source>Remove account</source>
            <translation>Konto entfernen</translation>
        </message>
        <message>
            <source>Disconnect %1? Its conversations stay in the console; replies not yet delivered are cancelled.</source>
            <translation>%1 trennen? Die Konversationen bleiben in der Konsole; noch nicht zugestellte Antworten werden abgebrochen.</translation>
        </message>
        <message>
            <source>Listening — %1</source>
            <translation>Zuhören – %1</translation>
        </message>
        <message>
            <source>Separate with commas. New words start from the newest posts; posts from before are not fetched.</source>
            <translation>Mit Kommas trennen. Neue Wörter gelten ab den neuesten Beiträgen; ältere Beiträge werden nicht abgerufen.</translation>
        </message>
        <message>
            <source>&amp;Words:</source>
            <translation>&amp;Wörter:</translation>
        </message>
        <message>
            <source>&amp;Hashtags:</source>
            <translation>&amp;Hashtags:</translation>
        </message>
        <message>
            <source>%1 of %2</source>
            <translation>%1 von %2</translation>
        </message>
        <message>
            <source>No platform account is connected yet. Connect one to bring its mentions, comments and direct messages into the inbox.</source>
            <translation>Es ist noch kein Plattformkonto verbunden. Verbinden Sie eines, um seine Erwähnungen, Kommentare und Direktnachrichten in den Posteingang zu holen.</translation>
        </message>
        <message>
            <source>Listening for no words or hashtags (only mentions and messages).</source>
            <translation>Hört auf keine Wörter oder Hashtags (nur Erwähnungen und Nachrichten).</translation>
        </message>
        <message>
            <source>Listening for: %1</source>
            <translation>Hört auf: %1</translation>
        </message>
        <message>
            <source>Connect &amp;Bluesky…</source>
            <translation>&amp;Bluesky verbinden…</translation>
        </message>
        <message>
            <source>Connect &amp;Facebook Page…</source>
            <translation>&amp;Facebook-Seite verbinden…</translation>
        </message>
        <message>
            <source>Add &amp;feed…</source>
            <translation>&amp;Feed hinzufügen…</translation>
        </message>
        <message>
            <source>Listen to a blog or news site's feed for articles that name the brand.</source>
            <translation>Den Feed eines Blogs oder einer Nachrichtenseite nach Artikeln durchsuchen, die die Marke nennen.</translation>
        </message>
        <message>
            <source>Leads add blog and news feeds.</source>
            <translation>Blog- und Nachrichten-Feeds fügen Teamleiter hinzu.</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>Estimated X API cost: %1 a month (mentions %2, listening %3, direct messages %4, replies sent %5; an upper bound).</source>
            <translation>Geschätzte X-API-Kosten: %1 im Monat (Erwähnungen %2, Stichwortsuche %3, Direktnachrichten %4, gesendete Antworten %5; eine Obergrenze).</translation>
        </message>
        <message>
            <source>Based on assumed traffic until an hour has been measured.</source>
            <translation>Beruht auf angenommenem Verkehr, bis eine Stunde gemessen ist.</translation>
        </message>
        <message>
            <source>Budget %1 a month: over it, so keyword listening is paused.</source>
            <translation>Budget %1 im Monat: überschritten, daher ist die Stichwortsuche pausiert.</translation>
        </message>
        <message numerus="yes">
            <source>Budget %1 a month: direct messages are read every %n min.</source>
            <translation>
                <numerusform>Budget %1 im Monat: Direktnachrichten werden alle %n Min. gelesen.</numerusform>
                <numerusform>Budget %1 im Monat: Direktnachrichten werden alle %n Min. gelesen.</numerusform>
            </translation>
        </message>
        <message>
            <source>X search query: %1</source>
            <translation>X-Suchanfrage: %1</translation>
        </message>
        <message>
            <source>Connect &amp;X…</source>
            <translation>&amp;X verbinden…</translation>
        </message>
        <message>
            <source>This is a team database: the team's sync service (careconsole-syncd) connects and syncs the accounts, and keeps their sign-ins. To add or remove one, ask an administrator.</source>
            <translation>Dies ist eine Team-Datenbank: Der Synchronisationsdienst des Teams (careconsole-syncd) verbindet und synchronisiert die Konten und verwahrt ihre Anmeldungen. Um ein Konto hinzuzufügen oder zu entfernen, wenden Sie sich an eine Administratorin oder einen Administrator.</translation>
        </message>
        <message>
            <source>Connect &amp;e-mail…</source>
            <translation>&amp;E-Mail verbinden…</translation>
        </message>
        <message>
            <source>A support mailbox: customers' e-mails in, answers and transcripts out.</source>
            <translation>Ein Support-Postfach: E-Mails der Kundschaft kommen herein, Antworten und Verläufe gehen hinaus.</translation>
        </message>
        <message numerus="yes">
            <source>Without the budget they would be read every %n min.</source>
            <translation>
                <numerusform>Ohne das Budget würden sie alle %n Minute gelesen.</numerusform>
                <numerusform>Ohne das Budget würden sie alle %n Minuten gelesen.</numerusform>
            </translation>
        </message>
        <message>
            <source>Set &amp;budget</source>
            <translation>&amp;Budget festlegen</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>kein Budget</translation>
        </message>
        <message>
            <source>X API budget a &amp;month:</source>
            <translation>X-API-Budget pro &amp;Monat:</translation>
        </message>
        <message>
            <source>Polling slows to stay within it: direct messages are read less often, and keyword listening pauses when the traffic alone costs more.</source>
            <translation>Die Abfragen werden langsamer, um es einzuhalten: Direktnachrichten werden seltener gelesen, und die Stichwortsuche pausiert, wenn schon der Verkehr allein mehr kostet.</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change the budget.</source>
            <translation>Nur eine Teamleitung oder ein Administrator kann das Budget ändern.</translation>
        </message>
        <message>
            <source>Set &amp;intervals</source>
            <translation>&amp;Intervalle setzen</translation>
        </message>
        <message>
            <source>Poll X every:</source>
            <translation>X abfragen alle:</translation>
        </message>
        <message>
            <source>me&amp;ntions</source>
            <translation>&amp;Erwähnungen</translation>
        </message>
        <message>
            <source>lis&amp;tening</source>
            <translation>&amp;Zuhören</translation>
        </message>
        <message>
            <source>&amp;direct messages</source>
            <translation>&amp;Direktnachrichten</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>off</source>
            <translation>aus</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change how often X is polled.</source>
            <translation>Nur eine Teamleitung oder ein Administrator kann ändern, wie oft X abgefragt wird.</translation>
        </message>
        <message>
            <source>Connected, see the note</source>
            <translation>Verbunden, siehe Hinweis</translation>
        </message>
        <message>
            <source>Each from %1 to %2 seconds (the sync's own pace and X's request limits); 0 turns one off.</source>
            <translation>Jeweils %1 bis %2 Sekunden (das Tempo der Synchronisierung und die Anfragegrenzen von X); 0 schaltet eines ab.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AddFeedDialog</name>
        <message>
            <source>Add a blog or news feed</source>
            <translation>Blog- oder Nachrichten-Feed hinzufügen</translation>
        </message>
        <message>
            <source>e.g. https://blog.example/feed</source>
            <translation>z. B. https://blog.example/feed</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>z. B. Acme, Acme Wasserkocher</translation>
        </message>
        <message>
            <source>Articles that name one of these (any case, whole words) come into the inbox. Leave it empty for a search feed, whose every item is about the brand already.</source>
            <translation>Artikel, die eines dieser Wörter nennen (Groß- und Kleinschreibung egal, ganze Wörter), kommen in den Posteingang. Für einen Such-Feed leer lassen: Dort handelt jeder Eintrag schon von der Marke.</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>How often the feed is read. Sites are asked only whether the feed changed, and never more often than every 5 minutes.</source>
            <translation>Wie oft der Feed gelesen wird. Die Seite wird nur gefragt, ob sich der Feed geändert hat, und nie öfter als alle 5 Minuten.</translation>
        </message>
        <message>
            <source>People write about the brand on blogs and news sites without tagging it. Add the site's RSS or Atom feed (or a news search's feed) and the words to look for: each new article naming them becomes a conversation, with its link. Replies are not posted there; contact the author another way or add a note.</source>
            <translation>Auf Blogs und Nachrichtenseiten wird über die Marke geschrieben, ohne sie zu markieren. Fügen Sie den RSS- oder Atom-Feed der Seite (oder den Feed einer Nachrichtensuche) und die gesuchten Wörter hinzu: Jeder neue Artikel, der sie nennt, wird zu einer Konversation mit seinem Link. Antworten werden dort nicht veröffentlicht; kontaktieren Sie die Autorin oder den Autor auf anderem Weg oder fügen Sie eine Notiz hinzu.</translation>
        </message>
        <message>
            <source>Feed &amp;address:</source>
            <translation>&amp;Adresse des Feeds:</translation>
        </message>
        <message>
            <source>Look for &amp;words:</source>
            <translation>Nach &amp;Wörtern suchen:</translation>
        </message>
        <message>
            <source>Read &amp;every:</source>
            <translation>&amp;Lesen alle:</translation>
        </message>
        <message>
            <source>Add feed</source>
            <translation>Feed hinzufügen</translation>
        </message>
        <message>
            <source>Reading %1…</source>
            <translation>%1 wird gelesen…</translation>
        </message>
        <message>
            <source> days</source>
            <translation> Tage</translation>
        </message>
        <message>
            <source>new articles only</source>
            <translation>nur neue Artikel</translation>
        </message>
        <message>
            <source>Articles the feed already holds are taken only when they were published this many days before the feed is added; older ones never come into the inbox.</source>
            <translation>Artikel, die der Feed schon enthält, werden nur übernommen, wenn sie höchstens so viele Tage vor dem Hinzufügen veröffentlicht wurden; ältere kommen nie in den Posteingang.</translation>
        </message>
        <message>
            <source>Take articles from the &amp;last:</source>
            <translation>Artikel der &amp;letzten:</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AlertMonitor</name>
        <message>
            <source>Care Console</source>
            <translation>Care Console</translation>
        </message>
        <message>
            <source>Care Console — %1 breached or due within 15 minutes</source>
            <translation>Care Console – %1 verletzt oder innerhalb von 15 Minuten fällig</translation>
        </message>
        <message>
            <source>Urgent: %1</source>
            <translation>Dringend: %1</translation>
        </message>
        <message>
            <source>Answer due in 5 minutes: %1</source>
            <translation>Antwort in 5 Minuten fällig: %1</translation>
        </message>
        <message>
            <source>and %1 more</source>
            <translation>und %1 weitere</translation>
        </message>
        <message>
            <source>Click to open the conversation.</source>
            <translation>Klicken, um die Konversation zu öffnen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AssignDialog</name>
        <message>
            <source>Assign conversation</source>
            <translation>Konversation zuweisen</translation>
        </message>
        <message>
            <source>Nobody (back to the team)</source>
            <translation>Niemand (zurück ans Team)</translation>
        </message>
        <message>
            <source>What your colleague needs to know: what the customer asked, what you did, what is still open</source>
            <translation>Was Ihre Kollegin oder Ihr Kollege wissen muss: was der Kunde gefragt hat, was Sie getan haben, was noch offen ist</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>Zuweisen</translation>
        </message>
        <message>
            <source>Assign to</source>
            <translation>Zuweisen an</translation>
        </message>
        <message>
            <source>Hand-off note</source>
            <translation>Übergabenotiz</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AttachmentsDialog</name>
        <message>
            <source>Save…</source>
            <translation>Speichern…</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>Anhänge</translation>
        </message>
        <message>
            <source>Attachments of the e-mail from %1. They are never opened here; save one and check it before you open it.</source>
            <translation>Anhänge der E-Mail von %1. Sie werden hier nie geöffnet; speichern Sie einen und prüfen Sie ihn, bevor Sie ihn öffnen.</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Typ</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Größe</translation>
        </message>
        <message>
            <source>Reading the e-mail from the mailbox…</source>
            <translation>Die E-Mail wird aus dem Postfach gelesen…</translation>
        </message>
        <message>
            <source>Sent as: %1</source>
            <translation>Gesendet als: %1</translation>
        </message>
        <message>
            <source>The attachments could not be read: %1</source>
            <translation>Die Anhänge konnten nicht gelesen werden: %1</translation>
        </message>
        <message>
            <source>This e-mail has no attachments.</source>
            <translation>Diese E-Mail hat keine Anhänge.</translation>
        </message>
        <message numerus="yes">
            <source>%n attachment(s) in this e-mail.</source>
            <translation>
                <numerusform>%n Anhang in dieser E-Mail.</numerusform>
                <numerusform>%n Anhänge in dieser E-Mail.</numerusform>
            </translation>
        </message>
        <message>
            <source>Save attachment</source>
            <translation>Anhang speichern</translation>
        </message>
        <message>
            <source>Saving %1…</source>
            <translation>%1 wird gespeichert…</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 konnte nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Saved to %1. It was not opened.</source>
            <translation>Gespeichert unter %1. Die Datei wurde nicht geöffnet.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CalendarEditor</name>
        <message>
            <source>Open around the clock (24/7) — dated exceptions still apply</source>
            <translation>Rund um die Uhr geöffnet (24/7) – datierte Ausnahmen gelten weiterhin</translation>
        </message>
        <message>
            <source>The zone the hours are in; daylight-saving changes are followed exactly.</source>
            <translation>Die Zone, in der die Zeiten gelten; Sommerzeitwechsel werden genau berücksichtigt.</translation>
        </message>
        <message>
            <source>Weekly hours</source>
            <translation>Wöchentliche Zeiten</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>geschlossen</translation>
        </message>
        <message>
            <source>Ranges separated by commas, e.g. 08:00–12:00, 13:00–18:00. A range that ends before it starts runs past midnight (22:00–02:00); 24:00 is midnight. Empty: closed.</source>
            <translation>Zeiträume durch Kommas getrennt, z. B. 08:00–12:00, 13:00–18:00. Ein Zeitraum, der vor seinem Beginn endet, reicht über Mitternacht (22:00–02:00); 24:00 ist Mitternacht. Leer: geschlossen.</translation>
        </message>
        <message>
            <source>Holidays, closures and special hours</source>
            <translation>Feiertage, Schließungen und Sonderzeiten</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Datum</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Hours (empty: closed all day)</source>
            <translation>Zeiten (leer: ganztägig geschlossen)</translation>
        </message>
        <message>
            <source>&amp;Add date</source>
            <translation>Datum &amp;hinzufügen</translation>
        </message>
        <message>
            <source>&amp;Remove date</source>
            <translation>Datum &amp;entfernen</translation>
        </message>
        <message>
            <source>&amp;Time zone</source>
            <translation>&amp;Zeitzone</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Unbekannte Zeitzone „%1“.</translation>
        </message>
        <message>
            <source>Pick one from the list, e.g. Europe/Berlin.</source>
            <translation>Wählen Sie eine aus der Liste, z. B. Europe/Berlin.</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>“%1” is not a date.</source>
            <translation>„%1“ ist kein Datum.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Schreiben Sie Datumsangaben als JJJJ-MM-TT, z. B. 2026-12-24.</translation>
        </message>
        <message>
            <source>%1 is listed twice.</source>
            <translation>%1 ist doppelt aufgeführt.</translation>
        </message>
        <message>
            <source>The team is never on duty with these hours.</source>
            <translation>Mit diesen Zeiten ist das Team nie im Dienst.</translation>
        </message>
        <message>
            <source>Give at least one weekday hours, or choose 24/7.</source>
            <translation>Geben Sie mindestens einem Wochentag Zeiten oder wählen Sie 24/7.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now, until %1.</source>
            <translation>Mit diesen Zeiten ist das Team jetzt im Dienst, bis %1.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now.</source>
            <translation>Mit diesen Zeiten ist das Team jetzt im Dienst.</translation>
        </message>
        <message>
            <source>With these hours the team is off duty now and back %1.</source>
            <translation>Mit diesen Zeiten ist das Team jetzt nicht im Dienst und zurück %1.</translation>
        </message>
        <message>
            <source>Profile bio: %1
%2</source>
            <translation>Profilbeschreibung: %1
%2</translation>
        </message>
        <message>
            <source>Several ranges: 08:00–12:00, 13:00–18:00.
Past midnight: 22:00–02:00 (ends the next morning).
Until midnight: 18:00–24:00. Empty: closed.</source>
            <translation>Mehrere Zeiträume: 08:00–12:00, 13:00–18:00.
Über Mitternacht: 22:00–02:00 (endet am nächsten Morgen).
Bis Mitternacht: 18:00–24:00. Leer: geschlossen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ChartsPane</name>
        <message>
            <source>First response time: the first reply by a person (public or private) minus the first message of the customer. Internal notes and automatic acknowledgements do not count. Bars: median per day; line: 90th percentile; dashed: the one-hour target.</source>
            <translation>Erstreaktionszeit: die erste Antwort einer Person (öffentlich oder privat) abzüglich der ersten Nachricht des Kunden. Interne Notizen und automatische Eingangsbestätigungen zählen nicht. Balken: Median pro Tag; Linie: 90. Perzentil; gestrichelt: das Ziel von einer Stunde.</translation>
        </message>
        <message>
            <source>First response time per day, last %1 days</source>
            <translation>Erstreaktionszeit pro Tag, letzte %1 Tage</translation>
        </message>
        <message>
            <source>Median (minutes)</source>
            <translation>Median (Minuten)</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>90. Perzentil</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>Ziel</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>Minuten</translation>
        </message>
        <message>
            <source>%1 %2 (n=%3)</source>
            <translation>%1 %2 (n=%3)</translation>
        </message>
        <message>
            <source>First response over %1 days: median %2, 90th percentile %3, mean %4 — %5 answered, %6 still waiting.
Median by channel: %7</source>
            <translation>Erstreaktion in %1 Tagen: Median %2, 90. Perzentil %3, Mittelwert %4 – %5 beantwortet, %6 warten noch.
Median nach Kanal: %7</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — 1 conversation still waiting.</source>
            <translation>In den letzten %1 Tagen noch keine Erstreaktion – 1 Konversation wartet noch.</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — %2 conversations still waiting.</source>
            <translation>In den letzten %1 Tagen noch keine Erstreaktion – %2 Konversationen warten noch.</translation>
        </message>
        <message>
            <source>No conversations started in the last %1 days.</source>
            <translation>In den letzten %1 Tagen hat keine Konversation begonnen.</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ComposerPane</name>
        <message>
            <source>Send privately instead</source>
            <translation>Stattdessen privat senden</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Senden</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Rückgängig</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Öffentliche Antwort</translation>
        </message>
        <message>
            <source>Private message</source>
            <translation>Privatnachricht</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Interne Notiz</translation>
        </message>
        <message>
            <source>Send (Ctrl+Return)</source>
            <translation>Senden (Strg+Eingabe)</translation>
        </message>
        <message>
            <source>Sending in %1 s …</source>
            <translation>Wird in %1 s gesendet…</translation>
        </message>
        <message>
            <source>%1 does not allow that here.</source>
            <translation>%1 erlaubt das hier nicht.</translation>
        </message>
        <message>
            <source>Fill in %1 before sending.</source>
            <translation>Füllen Sie %1 vor dem Senden aus.</translation>
        </message>
        <message>
            <source>Internal notes are never sent to the customer.</source>
            <translation>Interne Notizen werden nie an den Kunden gesendet.</translation>
        </message>
        <message>
            <source>Signed: %1</source>
            <translation>Signiert: %1</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Notiz hinzufügen</translation>
        </message>
        <message>
            <source>Send privately</source>
            <translation>Privat senden</translation>
        </message>
        <message>
            <source>%1 / %2 %3</source>
            <translation>%1 / %2 %3</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>Too long for %1: shorten it, or send it as a private message.</source>
            <translation>Zu lang für %1: kürzen Sie den Text oder senden Sie ihn als Privatnachricht.</translation>
        </message>
        <message>
            <source>Fill in %1 first: it would reach the customer as it is.</source>
            <translation>Füllen Sie zuerst %1 aus: Sonst erreicht es den Kunden so, wie es ist.</translation>
        </message>
        <message>
            <source>Internal note for colleagues — never sent to the customer</source>
            <translation>Interne Notiz für Kolleginnen und Kollegen – wird nie an den Kunden gesendet</translation>
        </message>
        <message>
            <source>Private message to the customer</source>
            <translation>Privatnachricht an den Kunden</translation>
        </message>
        <message>
            <source>Public reply — everyone can read it. /shortcode + Tab inserts an approved reply</source>
            <translation>Öffentliche Antwort – alle können sie lesen. /Kürzel + Tab fügt eine freigegebene Antwort ein</translation>
        </message>
        <message>
            <source>The draft could not be saved: %1</source>
            <translation>Der Entwurf konnte nicht gespeichert werden: %1</translation>
        </message>
        <message>
            <source>This public reply contains personal data: %1. Send it as a private message instead, with a short public note that you continue in private?</source>
            <translation>Diese öffentliche Antwort enthält personenbezogene Daten: %1. Stattdessen als Privatnachricht senden, mit einem kurzen öffentlichen Hinweis, dass Sie privat weitermachen?</translation>
        </message>
        <message>
            <source>Not sent. Your text is back in the editor.</source>
            <translation>Nicht gesendet. Ihr Text ist wieder im Editor.</translation>
        </message>
        <message>
            <source>Not sent: %1</source>
            <translation>Nicht gesendet: %1</translation>
        </message>
        <message>
            <source>Note added.</source>
            <translation>Notiz hinzugefügt.</translation>
        </message>
        <message>
            <source>Reply queued for delivery.</source>
            <translation>Antwort zur Zustellung eingereiht.</translation>
        </message>
        <message>
            <source> · %1 / %2 bytes</source>
            <translation> · %1 / %2 Bytes</translation>
        </message>
        <message>
            <source>Add a &amp;note</source>
            <translation>&amp;Notiz hinzufügen</translation>
        </message>
        <message>
            <source>Contact the &amp;author another way…</source>
            <translation>&amp;Autor auf anderem Weg kontaktieren…</translation>
        </message>
        <message>
            <source>Record how to reach the author (e-mail, phone) in their contact details.</source>
            <translation>In den Kontaktdaten festhalten, wie die Autorin oder der Autor erreichbar ist (E-Mail, Telefon).</translation>
        </message>
        <message>
            <source>A colleague has answered</source>
            <translation>Eine Kollegin oder ein Kollege hat geantwortet</translation>
        </message>
        <message>
            <source>%1 answered this customer at %2, while you were writing:

%3

Send your reply as well?</source>
            <translation>%1 hat dieser Kundin bzw. diesem Kunden um %2 geantwortet, während Sie geschrieben haben:

%3

Ihre Antwort trotzdem senden?</translation>
        </message>
        <message>
            <source>Send mine too</source>
            <translation>Meine auch senden</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>Weiter bearbeiten</translation>
        </message>
        <message>
            <source>Answer by e-mail</source>
            <translation>Per E-Mail antworten</translation>
        </message>
        <message>
            <source>The support mailbox the e-mail goes out from</source>
            <translation>Das Support-Postfach, aus dem die E-Mail verschickt wird</translation>
        </message>
        <message>
            <source>Goes by e-mail to %1, privately, with your signature; it shows here as sent by e-mail.</source>
            <translation>Geht per E-Mail an %1, privat, mit Ihrer Signatur; hier erscheint sie als per E-Mail gesendet.</translation>
        </message>
        <message>
            <source>Offered when the customer prefers e-mail and their address is in the customer card.</source>
            <translation>Verfügbar, wenn die Kundin oder der Kunde E-Mail bevorzugt und die Adresse in der Kundenkarte steht.</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>Send e-mail</source>
            <translation>E-Mail senden</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>E-Mail an %1</translation>
        </message>
        <message>
            <source>E-mail queued for delivery.</source>
            <translation>E-Mail zum Versand eingereiht.</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator adds one in File → Accounts… → Connect e-mail…, then the answer can go by e-mail.</source>
            <translation>Es ist kein Support-Postfach verbunden. Eine Administratorin oder ein Administrator fügt eines unter Datei → Konten… → E-Mail verbinden… hinzu, dann kann die Antwort per E-Mail gehen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectBlueskyDialog</name>
        <message>
            <source>Mark notifications as &amp;read on Bluesky after each sync</source>
            <translation>Benachrichtigungen nach jeder Synchronisierung auf Bluesky als &amp;gelesen markieren</translation>
        </message>
        <message>
            <source>Connect a Bluesky account</source>
            <translation>Bluesky-Konto verbinden</translation>
        </message>
        <message>
            <source>e.g. acme.bsky.social</source>
            <translation>z. B. acme.bsky.social</translation>
        </message>
        <message>
            <source>Where the account lives. Leave https://bsky.social for accounts on Bluesky's own servers; give the address of a self-hosted server (PDS) otherwise.</source>
            <translation>Wo das Konto liegt. Lassen Sie https://bsky.social für Konten auf den Servern von Bluesky stehen; geben Sie sonst die Adresse eines selbst betriebenen Servers (PDS) an.</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle, #acmehelp</source>
            <translation>z. B. Acme, Acme Wasserkocher, #acmehilfe</translation>
        </message>
        <message>
            <source>The brand's own Bluesky app shares this read state: leave it off if people there rely on the unread count.</source>
            <translation>Die eigene Bluesky-App der Marke teilt diesen Lesestatus: Lassen Sie es aus, wenn sich Leute dort auf die Zahl der ungelesenen verlassen.</translation>
        </message>
        <message>
            <source>Care Console signs in with an app password — never the account's main password. Create one in Bluesky under Settings → Privacy and security → App passwords, and tick “Allow access to your direct messages” so that private replies work. The app password and the session are kept in the system keychain.</source>
            <translation>Care Console meldet sich mit einem App-Passwort an – nie mit dem Hauptpasswort des Kontos. Legen Sie eines in Bluesky unter Einstellungen → Privatsphäre und Sicherheit → App-Passwörter an und aktivieren Sie „Zugriff auf deine Direktnachrichten erlauben“, damit private Antworten funktionieren. App-Passwort und Sitzung werden im Schlüsselbund des Systems aufbewahrt.</translation>
        </message>
        <message>
            <source>&amp;Handle:</source>
            <translation>&amp;Handle:</translation>
        </message>
        <message>
            <source>&amp;App password:</source>
            <translation>&amp;App-Passwort:</translation>
        </message>
        <message>
            <source>&amp;Server:</source>
            <translation>&amp;Server:</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Auf &amp;Wörter hören:</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Anmelden</translation>
        </message>
        <message>
            <source>Both the handle and an app password are needed.</source>
            <translation>Sowohl das Handle als auch ein App-Passwort werden benötigt.</translation>
        </message>
        <message>
            <source>Give the server's address, e.g. https://bsky.social.</source>
            <translation>Geben Sie die Adresse des Servers an, z. B. https://bsky.social.</translation>
        </message>
        <message>
            <source>That does not look like an app password (four groups of four letters or digits, like abcd-efgh-ijkl-mnop). Never use the account's main password here: create an app password in Bluesky's settings.</source>
            <translation>Das sieht nicht nach einem App-Passwort aus (vier Gruppen aus je vier Buchstaben oder Ziffern, etwa abcd-efgh-ijkl-mnop). Verwenden Sie hier nie das Hauptpasswort des Kontos: Legen Sie in den Bluesky-Einstellungen ein App-Passwort an.</translation>
        </message>
        <message>
            <source>Signing in to %1 as %2…</source>
            <translation>Anmeldung bei %1 als %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectEmailDialog</name>
        <message>
            <source>Allow plain text without TLS (a test server on this computer)</source>
            <translation>Klartext ohne TLS erlauben (ein Testserver auf diesem Computer)</translation>
        </message>
        <message>
            <source>Connect a support mailbox</source>
            <translation>Support-Postfach verbinden</translation>
        </message>
        <message>
            <source>Customers' e-mails come in from the mailbox over IMAP; answers and transcripts go out over SMTP. Both servers are asked to accept the login before anything is kept; the password goes to the system keychain. Mail is never deleted or moved.</source>
            <translation>E-Mails der Kundschaft kommen per IMAP aus dem Postfach; Antworten und Verläufe gehen per SMTP hinaus. Beide Server müssen die Anmeldung annehmen, bevor etwas gespeichert wird; das Passwort kommt in den Schlüsselbund des Systems. E-Mails werden nie gelöscht oder verschoben.</translation>
        </message>
        <message>
            <source>imaps://mail.example.com</source>
            <translation>imaps://mail.example.com</translation>
        </message>
        <message>
            <source>imaps:// is encrypted from the start; imap:// is upgraded with STARTTLS.</source>
            <translation>imaps:// ist von Anfang an verschlüsselt; imap:// wird mit STARTTLS verschlüsselt.</translation>
        </message>
        <message>
            <source>smtp://mail.example.com:587</source>
            <translation>smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>smtps:// (port 465) is encrypted from the start; smtp:// (port 587) is upgraded with STARTTLS.</source>
            <translation>smtps:// (Port 465) ist von Anfang an verschlüsselt; smtp:// (Port 587) wird mit STARTTLS verschlüsselt.</translation>
        </message>
        <message>
            <source>support@example.com</source>
            <translation>support@example.com</translation>
        </message>
        <message>
            <source>the user name, when it is an address</source>
            <translation>der Benutzername, wenn er eine Adresse ist</translation>
        </message>
        <message>
            <source>e.g. Acme Support</source>
            <translation>z. B. Acme Support</translation>
        </message>
        <message>
            <source>Only for a server on this computer: the password would otherwise cross the network unencrypted.</source>
            <translation>Nur für einen Server auf diesem Computer: Sonst ginge das Passwort unverschlüsselt durchs Netz.</translation>
        </message>
        <message>
            <source>&amp;IMAP server:</source>
            <translation>&amp;IMAP-Server:</translation>
        </message>
        <message>
            <source>&amp;SMTP server:</source>
            <translation>&amp;SMTP-Server:</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>&amp;Benutzername:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Passwort:</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>&amp;Adresse:</translation>
        </message>
        <message>
            <source>Shown &amp;name:</source>
            <translation>Angezeigter &amp;Name:</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Verbinden</translation>
        </message>
        <message>
            <source>The IMAP and SMTP servers, the user name and the password are needed.</source>
            <translation>IMAP- und SMTP-Server, Benutzername und Passwort werden benötigt.</translation>
        </message>
        <message>
            <source>Signing in to %1…</source>
            <translation>Anmeldung bei %1…</translation>
        </message>
        <message>
            <source>Signing in to %1 and %2…</source>
            <translation>Anmeldung bei %1 und %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectFacebookDialog</name>
        <message>
            <source>Read and answer &amp;Messenger conversations (needs pages_messaging)</source>
            <translation>&amp;Messenger-Konversationen lesen und beantworten (erfordert pages_messaging)</translation>
        </message>
        <message>
            <source>Meta has approved this Page for the &amp;human agent tag</source>
            <translation>Meta hat diese Seite für das &amp;Human-Agent-Tag freigegeben</translation>
        </message>
        <message>
            <source>Connect a Facebook Page</source>
            <translation>Eine Facebook-Seite verbinden</translation>
        </message>
        <message>
            <source>e.g. 104233445566</source>
            <translation>z. B. 104233445566</translation>
        </message>
        <message>
            <source>Paste the Page access token</source>
            <translation>Seiten-Zugriffstoken einfügen</translation>
        </message>
        <message>
            <source>With the human agent tag, agents may answer a Messenger conversation for 7 days after the customer's last message instead of 24 hours. Tick it only if Meta approved the Page's app for it.</source>
            <translation>Mit dem Human-Agent-Tag dürfen Mitarbeitende eine Messenger-Konversation bis 7 Tage nach der letzten Nachricht des Kunden beantworten statt 24 Stunden. Aktivieren Sie es nur, wenn Meta die App der Seite dafür freigegeben hat.</translation>
        </message>
        <message>
            <source>Care Console works as the Page with a Page access token made by an administrator of the Page: a long-lived Page token, or one made for a system user in Meta Business Suite. It needs the permissions pages_read_engagement, pages_read_user_content, pages_manage_engagement and, for Messenger, pages_messaging. The token is checked with Facebook before anything is kept, and kept in the system keychain.</source>
            <translation>Care Console handelt als die Seite, mit einem Seiten-Zugriffstoken, das ein Administrator der Seite erstellt hat: ein langlebiges Seiten-Token oder eines für einen Systemnutzer in der Meta Business Suite. Es braucht die Berechtigungen pages_read_engagement, pages_read_user_content, pages_manage_engagement und, für Messenger, pages_messaging. Das Token wird bei Facebook geprüft, bevor etwas gespeichert wird, und im Schlüsselbund des Systems aufbewahrt.</translation>
        </message>
        <message>
            <source>&amp;Page ID:</source>
            <translation>&amp;Seiten-ID:</translation>
        </message>
        <message>
            <source>Page access &amp;token:</source>
            <translation>Seiten-Zugriffs&amp;token:</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Verbinden</translation>
        </message>
        <message>
            <source>Give the Page's numeric ID: in Meta Business Suite under Settings, or on the Page under About → Page transparency.</source>
            <translation>Geben Sie die numerische ID der Seite an: in der Meta Business Suite unter Einstellungen oder auf der Seite unter Info → Seitentransparenz.</translation>
        </message>
        <message>
            <source>Paste the whole Page access token (one long word, no spaces).</source>
            <translation>Fügen Sie das ganze Seiten-Zugriffstoken ein (ein langes Wort ohne Leerzeichen).</translation>
        </message>
        <message>
            <source>Checking the token with Facebook…</source>
            <translation>Token wird bei Facebook geprüft…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectMastodonDialog</name>
        <message>
            <source>Connect a Mastodon account</source>
            <translation>Mastodon-Konto verbinden</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>z. B. Acme, Acme Wasserkocher</translation>
        </message>
        <message>
            <source>e.g. acmehelp</source>
            <translation>z. B. acmehilfe</translation>
        </message>
        <message>
            <source>Sign in with the browser: you allow Care Console on the brand's account and the console receives its token. Or, on the brand's account, open Preferences → Development → New application, allow read and write, and paste “Your access token” below. Either way the token is kept in the system keychain.</source>
            <translation>Mit dem Browser anmelden: Sie erlauben Care Console den Zugriff auf das Konto der Marke, und die Konsole erhält dessen Token. Oder öffnen Sie im Konto der Marke Einstellungen → Entwicklung → Neue Anwendung, erlauben Sie Lesen und Schreiben und fügen Sie unten „Dein Zugriffs-Token“ ein. In beiden Fällen wird das Token im Schlüsselbund des Systems aufbewahrt.</translation>
        </message>
        <message>
            <source>&amp;Instance:</source>
            <translation>&amp;Instanz:</translation>
        </message>
        <message>
            <source>Access &amp;token:</source>
            <translation>Zugriffs-&amp;Token:</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Auf &amp;Wörter hören:</translation>
        </message>
        <message>
            <source>Listen for &amp;hashtags:</source>
            <translation>Auf &amp;Hashtags hören:</translation>
        </message>
        <message>
            <source>Connect with token</source>
            <translation>Mit Token verbinden</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Mit dem &amp;Browser anmelden…</translation>
        </message>
        <message>
            <source>Allow Care Console on %1 in the browser, then come back here. If no browser opened, open this address:
%2</source>
            <translation>Erlauben Sie Care Console den Zugriff auf %1 im Browser und kommen Sie dann hierher zurück. Falls sich kein Browser geöffnet hat, öffnen Sie diese Adresse:
%2</translation>
        </message>
        <message>
            <source>Give the instance's address first, e.g. https://social.example.</source>
            <translation>Geben Sie zuerst die Adresse der Instanz an, z. B. https://social.example.</translation>
        </message>
        <message>
            <source>Preparing the sign-in with %1…</source>
            <translation>Anmeldung bei %1 wird vorbereitet…</translation>
        </message>
        <message>
            <source>Both the instance and the access token are needed.</source>
            <translation>Sowohl die Instanz als auch das Zugriffs-Token werden benötigt.</translation>
        </message>
        <message>
            <source>Checking the token with %1…</source>
            <translation>Token wird bei %1 geprüft…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectXDialog</name>
        <message>
            <source>Connect an X account</source>
            <translation>Ein X-Konto verbinden</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>z. B. Acme, Acme Wasserkocher</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>kein Budget</translation>
        </message>
        <message>
            <source>In the X developer console, the app must be a native app (public client) with OAuth 2.0 on, and list %1 as a callback URL. Care Console keeps the tokens in the system keychain; X bills every post and message it reads, so set a budget: polling slows down to keep it.</source>
            <translation>In der X-Entwicklerkonsole muss die App eine native App (öffentlicher Client) mit aktiviertem OAuth 2.0 sein und %1 als Callback-URL eingetragen haben. Care Console bewahrt die Tokens im Schlüsselbund des Systems auf; X berechnet jeden gelesenen Beitrag und jede Nachricht, legen Sie also ein Budget fest: Die Abfragen werden langsamer, um es einzuhalten.</translation>
        </message>
        <message>
            <source>OAuth 2.0 &amp;client id:</source>
            <translation>OAuth-2.0-&amp;Client-ID:</translation>
        </message>
        <message>
            <source>Callback &amp;port:</source>
            <translation>Callback-&amp;Port:</translation>
        </message>
        <message>
            <source>Listen for &amp;brand terms:</source>
            <translation>Auf &amp;Markenbegriffe achten:</translation>
        </message>
        <message>
            <source>Search query:</source>
            <translation>Suchanfrage:</translation>
        </message>
        <message>
            <source>Monthly &amp;budget:</source>
            <translation>Monatliches &amp;Budget:</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Mit dem &amp;Browser anmelden…</translation>
        </message>
        <message>
            <source>Allow Care Console on X in the browser, then come back here. If no browser opened, open this address:
%1</source>
            <translation>Erlauben Sie Care Console im Browser auf X und kehren Sie dann hierher zurück. Falls sich kein Browser geöffnet hat, öffnen Sie diese Adresse:
%1</translation>
        </message>
        <message>
            <source>No keyword listening (mentions and direct messages only).</source>
            <translation>Keine Stichwortsuche (nur Erwähnungen und Direktnachrichten).</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id first (X developer console → the app → Keys and tokens).</source>
            <translation>Geben Sie zuerst die OAuth-2.0-Client-ID der X-App an (X-Entwicklerkonsole → die App → Keys and tokens).</translation>
        </message>
        <message>
            <source>Preparing the sign-in with X…</source>
            <translation>Anmeldung bei X wird vorbereitet…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ContactPreferenceDialog</name>
        <message>
            <source>How %1 wants to be contacted</source>
            <translation>Wie %1 kontaktiert werden möchte</translation>
        </message>
        <message>
            <source>Not asked yet</source>
            <translation>Noch nicht gefragt</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefon</translation>
        </message>
        <message>
            <source>Address or number, if they gave one privately</source>
            <translation>Adresse oder Nummer, falls privat angegeben</translation>
        </message>
        <message>
            <source>Preferred channel</source>
            <translation>Bevorzugter Kanal</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Kontakt</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notizen</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConversationPane</name>
        <message>
            <source>SLA: %1</source>
            <translation>SLA: %1</translation>
        </message>
        <message>
            <source>first response due %1</source>
            <translation>Erstreaktion fällig %1</translation>
        </message>
        <message>
            <source>next response due %1</source>
            <translation>Folgereaktion fällig %1</translation>
        </message>
        <message>
            <source>resolution due %1</source>
            <translation>Lösung fällig %1</translation>
        </message>
        <message>
            <source>Urgency %1: %2</source>
            <translation>Dringlichkeit %1: %2</translation>
        </message>
        <message>
            <source>ddd HH:mm</source>
            <comment>date format</comment>
            <translation>ddd HH:mm</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CrisisBanner</name>
        <message>
            <source>Insert holding statement</source>
            <translation>Stellungnahme einfügen</translation>
        </message>
        <message>
            <source>Show conversations</source>
            <translation>Konversationen zeigen</translation>
        </message>
        <message>
            <source>Start crisis mode…</source>
            <translation>Krisenmodus starten…</translation>
        </message>
        <message>
            <source>End crisis</source>
            <translation>Krise beenden</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Verwerfen</translation>
        </message>
        <message>
            <source>Crisis: %1</source>
            <translation>Krise: %1</translation>
        </message>
        <message>
            <source>Negative spike</source>
            <translation>Negativ-Spitze</translation>
        </message>
        <message>
            <source>Spike: %1</source>
            <translation>Spitze: %1</translation>
        </message>
        <message>
            <source>Holding statement: %1</source>
            <translation>Stellungnahme: %1</translation>
        </message>
        <message>
            <source>Scheduled posts are paused.</source>
            <translation>Geplante Beiträge sind pausiert.</translation>
        </message>
        <message>
            <source>Update…</source>
            <translation>Aktualisieren…</translation>
        </message>
        <message>
            <source>Possible incident — %1</source>
            <translation>Möglicher Vorfall – %1</translation>
        </message>
        <message>
            <source>End “%1”? The banner goes for everyone and scheduled posts resume.</source>
            <translation>„%1“ beenden? Das Banner verschwindet für alle, und geplante Beiträge laufen wieder an.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CrisisDialog</name>
        <message>
            <source>Pause scheduled posts (shift announcements, promotions) until the crisis ends</source>
            <translation>Geplante Beiträge (Schichtankündigungen, Aktionen) bis zum Ende der Krise pausieren</translation>
        </message>
        <message>
            <source>Update crisis</source>
            <translation>Krise aktualisieren</translation>
        </message>
        <message>
            <source>Start crisis mode</source>
            <translation>Krisenmodus starten</translation>
        </message>
        <message>
            <source>e.g. Payments outage</source>
            <translation>z. B. Zahlungsausfall</translation>
        </message>
        <message>
            <source>outage, #acmedown, payment failed</source>
            <translation>Ausfall, #acmedown, Zahlung fehlgeschlagen</translation>
        </message>
        <message>
            <source>Conversations whose customers use one of these words are grouped as the crisis's.</source>
            <translation>Konversationen, deren Kunden eines dieser Wörter verwenden, werden der Krise zugeordnet.</translation>
        </message>
        <message>
            <source>The approved holding reply, e.g. “We know payments are failing and are working on it. We'll post an update by 15:00.”</source>
            <translation>Die freigegebene Zwischenantwort, z. B. „Wir wissen, dass Zahlungen fehlschlagen, und arbeiten daran. Bis 15:00 melden wir uns mit einem Update.“</translation>
        </message>
        <message>
            <source>&amp;Update</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>&amp;Start crisis mode</source>
            <translation>Krisenmodus &amp;starten</translation>
        </message>
        <message>
            <source>&amp;Incident</source>
            <translation>&amp;Vorfall</translation>
        </message>
        <message>
            <source>&amp;Words</source>
            <translation>&amp;Wörter</translation>
        </message>
        <message>
            <source>&amp;Holding statement</source>
            <translation>&amp;Stellungnahme</translation>
        </message>
        <message>
            <source>Every agent sees a banner with the holding statement; the crisis's conversations are grouped in the inbox.</source>
            <translation>Alle Agenten sehen ein Banner mit der Stellungnahme; die Konversationen der Krise werden im Posteingang gruppiert.</translation>
        </message>
        <message>
            <source>Name the incident and write the holding statement.</source>
            <translation>Benennen Sie den Vorfall und schreiben Sie die Stellungnahme.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CsatDialog</name>
        <message>
            <source>Record satisfaction</source>
            <translation>Zufriedenheit erfassen</translation>
        </message>
        <message>
            <source>How satisfied was the customer, from 1 (poor) to 5 (great)? Record it here when they told you another way; their latest answer is the one that counts.</source>
            <translation>Wie zufrieden war der Kunde, von 1 (schlecht) bis 5 (sehr gut)? Erfassen Sie es hier, wenn er es Ihnen auf anderem Weg gesagt hat; seine neueste Antwort zählt.</translation>
        </message>
        <message>
            <source>Satisfaction: loading…</source>
            <translation>Zufriedenheit: wird geladen…</translation>
        </message>
        <message>
            <source>poor</source>
            <translation>schlecht</translation>
        </message>
        <message>
            <source>below expectations</source>
            <translation>unter den Erwartungen</translation>
        </message>
        <message>
            <source>all right</source>
            <translation>in Ordnung</translation>
        </message>
        <message>
            <source>good</source>
            <translation>gut</translation>
        </message>
        <message>
            <source>great</source>
            <translation>sehr gut</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 – %2</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Erfassen</translation>
        </message>
        <message>
            <source>Satisfaction: unknown (%1)</source>
            <translation>Zufriedenheit: unbekannt (%1)</translation>
        </message>
        <message>
            <source>customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>recorded by %1</source>
            <translation>erfasst von %1</translation>
        </message>
        <message>
            <source>Satisfaction: %1/5 (%2, %3)</source>
            <translation>Zufriedenheit: %1/5 (%2, %3)</translation>
        </message>
        <message>
            <source>Satisfaction: asked %1, no answer yet</source>
            <translation>Zufriedenheit: gefragt %1, noch keine Antwort</translation>
        </message>
        <message>
            <source>Satisfaction: not asked yet</source>
            <translation>Zufriedenheit: noch nicht gefragt</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CustomerCard</name>
        <message>
            <source>not asked yet — ask how they want to be contacted</source>
            <translation>noch nicht gefragt – fragen Sie, wie er kontaktiert werden möchte</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefon</translation>
        </message>
        <message>
            <source>Contact &amp;&amp; notes…</source>
            <translation>Kontakt &amp;&amp; Notizen…</translation>
        </message>
        <message>
            <source>Merge…</source>
            <translation>Zusammenführen…</translation>
        </message>
        <message>
            <source>The same person wrote from another account: join the two records so the whole history shows in one transcript.</source>
            <translation>Dieselbe Person hat von einem anderen Konto geschrieben: Führen Sie die beiden Datensätze zusammen, damit der ganze Verlauf in einem Transkript erscheint.</translation>
        </message>
        <message>
            <source>Undo merge</source>
            <translation>Zusammenführung rückgängig machen</translation>
        </message>
        <message>
            <source>Prefers: %1</source>
            <translation>Bevorzugt: %1</translation>
        </message>
        <message>
            <source>Notes: %1</source>
            <translation>Notizen: %1</translation>
        </message>
        <message>
            <source>Conversations: %1 (%2 open or waiting, %3 resolved)</source>
            <translation>Konversationen: %1 (%2 offen oder wartend, %3 gelöst)</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Tags: %1</translation>
        </message>
        <message>
            <source>Separate %1 again</source>
            <translation>%1 wieder trennen</translation>
        </message>
        <message>
            <source>The customers are separate again.</source>
            <translation>Die Kunden sind wieder getrennt.</translation>
        </message>
        <message>
            <source>Saved how %1 wants to be contacted.</source>
            <translation>Gespeichert, wie %1 kontaktiert werden möchte.</translation>
        </message>
        <message>
            <source>Merged: one customer, one transcript.</source>
            <translation>Zusammengeführt: ein Kunde, ein Transkript.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardChartBuilder</name>
        <message>
            <source>hours</source>
            <translation>Stunden</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>Minuten</translation>
        </message>
        <message>
            <source>Median</source>
            <translation>Median</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>90. Perzentil</translation>
        </message>
        <message>
            <source>Target %1 min</source>
            <translation>Ziel %1 min</translation>
        </message>
        <message>
            <source>median, %1</source>
            <translation>Median, %1</translation>
        </message>
        <message>
            <source>Met rate</source>
            <translation>Einhaltungsquote</translation>
        </message>
        <message>
            <source>%1 of 5</source>
            <translation>%1 von 5</translation>
        </message>
        <message>
            <source>Mean score</source>
            <translation>Durchschnittliche Bewertung</translation>
        </message>
        <message>
            <source>answers</source>
            <translation>Antworten</translation>
        </message>
        <message>
            <source>mean score</source>
            <translation>durchschnittliche Bewertung</translation>
        </message>
        <message>
            <source>Customers waiting</source>
            <translation>Wartende Kunden</translation>
        </message>
        <message>
            <source>conversations</source>
            <translation>Konversationen</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>Dieser Zeitraum</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>Vorheriger Zeitraum</translation>
        </message>
        <message>
            <source>d MMM</source>
            <comment>date format</comment>
            <translation>d. MMM</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardInfo</name>
        <message>
            <source>First response time: from the customer's first message in a cycle to the first message a person on the team sends the customer, public or private. Internal notes and automatic acknowledgements are not responses. If the conversation is marked "no reply needed", or resolved, before anyone replies, the clock stops without a response: it is counted as ended without response, next to the figures, never in them. A wait still open now is counted as still waiting, also beside the figures.</source>
            <translation>Erstreaktionszeit: von der ersten Nachricht des Kunden in einem Zyklus bis zur ersten Nachricht, die eine Person aus dem Team an den Kunden sendet, öffentlich oder privat. Interne Notizen und automatische Eingangsbestätigungen sind keine Antworten. Wird die Konversation als „keine Antwort nötig“ markiert oder gelöst, bevor jemand antwortet, stoppt die Uhr ohne Antwort: Sie zählt als ohne Antwort beendet, neben den Zahlen, nie in ihnen. Eine jetzt noch offene Wartezeit zählt als noch wartend, ebenfalls neben den Zahlen.</translation>
        </message>
        <message>
            <source>Wall clock counts every real second. With "Staffed hours only", only the seconds within the team calendar's opening hours count.</source>
            <translation>Echtzeit zählt jede reale Sekunde. Mit „Nur Servicezeiten“ zählen nur die Sekunden innerhalb der Öffnungszeiten des Teamkalenders.</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. The tooltip adds the mean (the sum divided by the count) and the count n.</source>
            <translation>Balken: der Median – die Hälfte der Werte liegt bei oder unter ihm; bei gerader Anzahl der Mittelwert der beiden mittleren Werte. Linie: das 90. Perzentil – der kleinste Wert, bei oder unter dem 90 % der Werte liegen. Der Tooltip ergänzt den Mittelwert (Summe geteilt durch Anzahl) und die Anzahl n.</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Erstreaktion</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Folgereaktion</translation>
        </message>
        <message>
            <source>Customer waiting</source>
            <translation>Wartezeit des Kunden</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Lösung</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Zufriedenheit</translation>
        </message>
        <message>
            <source>Next response time per week</source>
            <translation>Folgereaktionszeit pro Woche</translation>
        </message>
        <message>
            <source>Next response time per day</source>
            <translation>Folgereaktionszeit pro Tag</translation>
        </message>
        <message>
            <source>Customer waiting time per week</source>
            <translation>Wartezeit des Kunden pro Woche</translation>
        </message>
        <message>
            <source>Customer waiting time per day</source>
            <translation>Wartezeit des Kunden pro Tag</translation>
        </message>
        <message>
            <source>Resolution time per week</source>
            <translation>Lösungszeit pro Woche</translation>
        </message>
        <message>
            <source>Resolution time per day</source>
            <translation>Lösungszeit pro Tag</translation>
        </message>
        <message>
            <source>Next response time: each later customer message that arrives while the customer is not already waiting for us starts a new clock, which stops at the next message a person on the team sends the customer. Messages the customer adds while already waiting start no clock of their own. "No reply needed" and resolving stop it without a response: counted as ended without response, beside the figures. One value per next response; it counts for the local date of the first customer message of its cycle, not of the message it answers.</source>
            <translation>Folgereaktionszeit: Jede spätere Kundennachricht, die eintrifft, während der Kunde nicht schon auf uns wartet, startet eine neue Uhr, die bei der nächsten Nachricht einer Person aus dem Team an den Kunden stoppt. Nachrichten, die der Kunde schreibt, während er bereits wartet, starten keine eigene Uhr. „Keine Antwort nötig“ und Lösen stoppen sie ohne Antwort: gezählt als ohne Antwort beendet, neben den Zahlen. Ein Wert pro Folgereaktion; er zählt für das lokale Datum der ersten Kundennachricht seines Zyklus, nicht der Nachricht, die er beantwortet.</translation>
        </message>
        <message>
            <source>Customer waiting time: how long the customer waited for an answer, from the first unanswered customer message to the answer, added up over the conversation — the first and next response times together. One value per conversation, counted for the local date of its first customer message. Waits that ended without a response are left out; a wait still open now is counted as still waiting, beside the figures.</source>
            <translation>Wartezeit des Kunden: wie lange der Kunde auf eine Antwort gewartet hat, von der ersten unbeantworteten Kundennachricht bis zur Antwort, aufsummiert über die Konversation – Erst- und Folgereaktionszeiten zusammen. Ein Wert pro Konversation, gezählt für das lokale Datum ihrer ersten Kundennachricht. Ohne Antwort beendete Wartezeiten sind ausgenommen; eine jetzt noch offene Wartezeit zählt als noch wartend, neben den Zahlen.</translation>
        </message>
        <message>
            <source>Resolution time: from the start of a cycle (the conversation's creation, or a reopen) to "resolved". A reopened conversation gets a second resolution time for its new cycle. One value per resolved cycle, counted for the local date of the cycle's first customer message; cycles not resolved yet are counted beside the figures.</source>
            <translation>Lösungszeit: vom Beginn eines Zyklus (Erstellen der Konversation oder Wiedereröffnen) bis „gelöst“. Eine wiedereröffnete Konversation erhält für ihren neuen Zyklus eine zweite Lösungszeit. Ein Wert pro gelöstem Zyklus, gezählt für das lokale Datum der ersten Kundennachricht des Zyklus; noch nicht gelöste Zyklen werden neben den Zahlen gezählt.</translation>
        </message>
        <message>
            <source>First response time per week</source>
            <translation>Erstreaktionszeit pro Woche</translation>
        </message>
        <message>
            <source>First response time per day</source>
            <translation>Erstreaktionszeit pro Tag</translation>
        </message>
        <message>
            <source>First response by channel</source>
            <translation>Erstreaktion nach Kanal</translation>
        </message>
        <message>
            <source>First response by agent</source>
            <translation>Erstreaktion nach Agent</translation>
        </message>
        <message>
            <source>SLA first response met, per week</source>
            <translation>SLA Erstreaktion eingehalten, pro Woche</translation>
        </message>
        <message>
            <source>SLA first response met, per day</source>
            <translation>SLA Erstreaktion eingehalten, pro Tag</translation>
        </message>
        <message>
            <source>Customer messages by weekday and hour</source>
            <translation>Kundennachrichten nach Wochentag und Stunde</translation>
        </message>
        <message>
            <source>Customers waiting at the start of each day</source>
            <translation>Wartende Kunden zu Beginn jedes Tages</translation>
        </message>
        <message>
            <source>Top tags vs the previous period</source>
            <translation>Top-Tags im Vergleich zum vorherigen Zeitraum</translation>
        </message>
        <message>
            <source>First response by account</source>
            <translation>Erstreaktion nach Konto</translation>
        </message>
        <message>
            <source>First response by tag</source>
            <translation>Erstreaktion nach Tag</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per week</source>
            <translation>Zufriedenheit (CSAT) pro Woche</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per day</source>
            <translation>Zufriedenheit (CSAT) pro Tag</translation>
        </message>
        <message>
            <source>Longest waits</source>
            <translation>Längste Wartezeiten</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. Dashed line: the first-response target of the default SLA policy. The tooltip adds the mean (the sum divided by the count) and the count n. One value per cycle in which the customer wrote; it counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).</source>
            <translation>Balken: der Median – die Hälfte der Werte liegt bei oder unter ihm; bei gerader Anzahl der Mittelwert der beiden mittleren Werte. Linie: das 90. Perzentil – der kleinste Wert, bei oder unter dem 90 % der Werte liegen. Gestrichelte Linie: das Erstreaktionsziel der Standard-SLA-Richtlinie. Der Tooltip ergänzt den Mittelwert (Summe geteilt durch Anzahl) und die Anzahl n. Ein Wert pro Zyklus, in dem der Kunde geschrieben hat; er zählt für das lokale Datum (in der Zeitzone des Teamkalenders) der ersten Kundennachricht des Zyklus (Wochen laufen von Montag bis Sonntag).</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each channel; n is the number of answered first responses behind it.</source>
            <translation>Balken: die mediane Erstreaktionszeit jedes Kanals; n ist die Anzahl der beantworteten Erstreaktionen dahinter.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each agent, by who answered; n is the number of answered first responses behind it. A wait that ended without a response counts for whoever ended it, beside the figures.</source>
            <translation>Balken: die mediane Erstreaktionszeit jedes Agenten, nach dem, der geantwortet hat; n ist die Anzahl der beantworteten Erstreaktionen dahinter. Eine ohne Antwort beendete Wartezeit zählt für den, der sie beendet hat, neben den Zahlen.</translation>
        </message>
        <message>
            <source>SLA met rate of the first-response target: met ÷ (met + missed + running already missed). Each conversation's log runs through the same SLA clocks the inbox uses, under the SLA policy that applies to it, so pausing while pending, staffed hours or wall clock and the calendar follow the policy. A conversation has one first-response clock per cycle. Met: the response came by the due time. Missed: it came late, or the clock ended late without it. Clocks still running in time are not decided yet, and stopped clocks ("no reply needed", or resolved unanswered) had no promise left to keep: both are counted beside the rate, not in it. Snoozing never pauses an SLA clock.</source>
            <translation>SLA-Einhaltungsquote des Erstreaktionsziels: eingehalten ÷ (eingehalten + verfehlt + läuft, bereits verfehlt). Das Protokoll jeder Konversation durchläuft dieselben SLA-Uhren wie der Posteingang, unter der für sie geltenden SLA-Richtlinie; Pausieren während „wartet auf Kunden“, Servicezeiten oder Echtzeit und der Kalender folgen also der Richtlinie. Eine Konversation hat eine Erstreaktionsuhr pro Zyklus. Eingehalten: Die Antwort kam bis zur Fälligkeit. Verfehlt: Sie kam zu spät, oder die Uhr endete zu spät ohne sie. Noch rechtzeitig laufende Uhren sind noch nicht entschieden, und gestoppte Uhren („keine Antwort nötig“ oder unbeantwortet gelöst) hatten kein Versprechen mehr zu halten: Beide werden neben der Quote gezählt, nicht in ihr. Zurückstellen pausiert eine SLA-Uhr nie.</translation>
        </message>
        <message>
            <source>Customer messages of the selected conversations in the period, counted by the weekday and hour they arrived, in the team calendar's time zone. Hatched cells are hours in which the team calendar has no staffed time (an hour with any staffed time counts as staffed). Closures (holidays) are not shown.</source>
            <translation>Kundennachrichten der ausgewählten Konversationen im Zeitraum, gezählt nach Wochentag und Stunde ihres Eingangs, in der Zeitzone des Teamkalenders. Schraffierte Zellen sind Stunden, in denen der Teamkalender keine Servicezeit hat (eine Stunde mit irgendeiner Servicezeit zählt als besetzt). Schließtage (Feiertage) werden nicht gezeigt.</translation>
        </message>
        <message>
            <source>Backlog: the number of conversations whose customer was waiting for us at the start of each day (00:00 in the team calendar's time zone). A customer is waiting from a customer message that is not answered yet until a person on the team replies (public or private), or until the wait ends without a response ("no reply needed", or resolving). Internal notes and automatic acknowledgements do not end a wait. Computed from each conversation's history, so a wait that began before the period counts too, and each day is counted again whenever the chart reloads. The channel, agent and tag filters apply; staffed hours do not.</source>
            <translation>Rückstand: die Anzahl der Konversationen, deren Kunde zu Beginn jedes Tages (00:00 in der Zeitzone des Teamkalenders) auf uns gewartet hat. Ein Kunde wartet ab einer noch unbeantworteten Kundennachricht, bis eine Person aus dem Team antwortet (öffentlich oder privat) oder die Wartezeit ohne Antwort endet („keine Antwort nötig“ oder Lösen). Interne Notizen und automatische Eingangsbestätigungen beenden keine Wartezeit. Berechnet aus dem Verlauf jeder Konversation, sodass auch eine Wartezeit zählt, die vor dem Zeitraum begann, und jeder Tag bei jedem Neuladen des Diagramms erneut gezählt wird. Die Filter für Kanal, Agent und Tag gelten; Servicezeiten nicht.</translation>
        </message>
        <message>
            <source>The 8 tags found on most of the period's conversations (those whose customer first wrote in the period), with how many conversations had the tag. The trend compares it with the previous period of the same length, just before: ▲ more, ▼ fewer, as a percentage of the previous count ("new" when the previous period had none). A conversation with several tags counts under each of them. The channel, agent and tag filters apply.</source>
            <translation>Die 8 Tags, die die meisten Konversationen des Zeitraums tragen (deren Kunde im Zeitraum zuerst schrieb), mit der Anzahl der Konversationen mit diesem Tag. Der Trend vergleicht sie mit dem unmittelbar vorangehenden Zeitraum gleicher Länge: ▲ mehr, ▼ weniger, als Prozentsatz der vorherigen Anzahl („neu“, wenn der vorherige Zeitraum keine hatte). Eine Konversation mit mehreren Tags zählt unter jedem von ihnen. Die Filter für Kanal, Agent und Tag gelten.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each connected account (the handle and channel the customer wrote to); n is the number of answered first responses behind it.</source>
            <translation>Balken: die mediane Erstreaktionszeit jedes verbundenen Kontos (Handle und Kanal, an die der Kunde schrieb); n ist die Anzahl der beantworteten Erstreaktionen dahinter.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of the conversations with each tag; n is the number of answered first responses behind it. A conversation with several tags counts under each of them; one without tags under "no tag". The 10 tags with most answered first responses are shown.</source>
            <translation>Balken: die mediane Erstreaktionszeit der Konversationen mit jedem Tag; n ist die Anzahl der beantworteten Erstreaktionen dahinter. Eine Konversation mit mehreren Tags zählt unter jedem von ihnen, eine ohne Tags unter „kein Tag“. Gezeigt werden die 10 Tags mit den meisten beantworteten Erstreaktionen.</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT): the customer's answer from 1 (very unhappy) to 5 (very happy) to the satisfaction question, parsed from their reply or recorded by an agent. One value per cycle: the latest answer given during the cycle, including after it was resolved and before any reopen. It counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).

Bars: the answers of each period, stacked by score. Line: the mean score (the sum of the scores divided by their count), on the axis at the right. The tooltip adds the median, the share of 4s and 5s (satisfied) and the count n. Staffed hours do not apply to satisfaction.</source>
            <translation>Zufriedenheit (CSAT): die Antwort des Kunden von 1 (sehr unzufrieden) bis 5 (sehr zufrieden) auf die Zufriedenheitsfrage, aus seiner Antwort gelesen oder von einem Agenten erfasst. Ein Wert pro Zyklus: die neueste Antwort während des Zyklus, auch nach dem Lösen und vor einem Wiedereröffnen. Er zählt für das lokale Datum (in der Zeitzone des Teamkalenders) der ersten Kundennachricht des Zyklus (Wochen laufen von Montag bis Sonntag).

Balken: die Antworten jedes Zeitraums, nach Bewertung gestapelt. Linie: die durchschnittliche Bewertung (Summe der Bewertungen geteilt durch ihre Anzahl), auf der Achse rechts. Der Tooltip ergänzt den Median, den Anteil der 4er und 5er (zufrieden) und die Anzahl n. Servicezeiten gelten für die Zufriedenheit nicht.</translation>
        </message>
        <message>
            <source>The 10 conversations whose customer waited longest for us in the period: each wait runs from an unanswered customer message to the next message a person on the team sent (public or private), to "no reply needed" or resolving (ended without response), or to now while the customer is still waiting. First and next responses both count; a conversation is listed once, with its longest wait that began in the period. Double-click a row to open the conversation.</source>
            <translation>Die 10 Konversationen, deren Kunde im Zeitraum am längsten auf uns gewartet hat: Jede Wartezeit läuft von einer unbeantworteten Kundennachricht bis zur nächsten Nachricht, die eine Person aus dem Team gesendet hat (öffentlich oder privat), bis „keine Antwort nötig“ oder Lösen (ohne Antwort beendet) oder bis jetzt, solange der Kunde noch wartet. Erst- und Folgereaktionen zählen beide; eine Konversation wird einmal aufgeführt, mit ihrer längsten Wartezeit, die im Zeitraum begann. Doppelklicken Sie auf eine Zeile, um die Konversation zu öffnen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardPane</name>
        <message>
            <source>Which response time the chart shows</source>
            <translation>Welche Antwortzeit das Diagramm zeigt</translation>
        </message>
        <message>
            <source>Last %1 days</source>
            <translation>Letzte %1 Tage</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Alle Kanäle</translation>
        </message>
        <message>
            <source>All accounts</source>
            <translation>Alle Konten</translation>
        </message>
        <message>
            <source>All agents</source>
            <translation>Alle Agenten</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Alle Tags</translation>
        </message>
        <message>
            <source>Staffed hours only</source>
            <translation>Nur Servicezeiten</translation>
        </message>
        <message>
            <source>Count only the seconds within the team calendar's opening hours, instead of every real second (wall clock).</source>
            <translation>Nur die Sekunden innerhalb der Öffnungszeiten des Teamkalenders zählen statt jeder realen Sekunde (Echtzeit).</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>CSV exportieren…</translation>
        </message>
        <message>
            <source>One row per conversation under the current filters.</source>
            <translation>Eine Zeile pro Konversation unter den aktuellen Filtern.</translation>
        </message>
        <message>
            <source>Export chart…</source>
            <translation>Diagramm exportieren…</translation>
        </message>
        <message>
            <source>Save the chart chosen beside it as a PNG image, an SVG drawing or a PDF document.</source>
            <translation>Das daneben gewählte Diagramm als PNG-Bild, SVG-Grafik oder PDF-Dokument speichern.</translation>
        </message>
        <message>
            <source>Period:</source>
            <translation>Zeitraum:</translation>
        </message>
        <message>
            <source>How is this computed?</source>
            <translation>Wie wird das berechnet?</translation>
        </message>
        <message>
            <source>Updating…</source>
            <translation>Wird aktualisiert…</translation>
        </message>
        <message>
            <source>%1 on %2</source>
            <translation>%1 am %2</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Niemand</translation>
        </message>
        <message>
            <source>Export response times</source>
            <translation>Antwortzeiten exportieren</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV-Dateien (*.csv)</translation>
        </message>
        <message>
            <source>Export chart</source>
            <translation>Diagramm exportieren</translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
            <translation>PNG-Bild (*.png);;SVG-Grafik (*.svg);;PDF-Dokument (*.pdf)</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>%1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>last %1 days</source>
            <translation>letzte %1 Tage</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>Tag %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>nur Servicezeiten</translation>
        </message>
        <message>
            <source>%1 answered, %2 still waiting</source>
            <translation>%1 beantwortet, %2 warten noch</translation>
        </message>
        <message>
            <source>, %1 ended without response</source>
            <translation>, %1 ohne Antwort beendet</translation>
        </message>
        <message>
            <source>median %1, p90 %2, mean %3 (%4)</source>
            <translation>Median %1, P90 %2, Mittelwert %3 (%4)</translation>
        </message>
        <message>
            <source>no answered conversations (%1)</source>
            <translation>keine beantworteten Konversationen (%1)</translation>
        </message>
        <message>
            <source>SLA met %1%</source>
            <translation>SLA eingehalten %1 %</translation>
        </message>
        <message>
            <source>SLA met: nothing decided yet</source>
            <translation>SLA eingehalten: noch nichts entschieden</translation>
        </message>
        <message>
            <source>CSAT %1 of 5 (n=%2)</source>
            <translation>CSAT %1 von 5 (n=%2)</translation>
        </message>
        <message>
            <source>no satisfaction answers</source>
            <translation>keine Zufriedenheitsantworten</translation>
        </message>
        <message>
            <source>First response, last %1 days: %2 · %3 · %4</source>
            <translation>Erstreaktion, letzte %1 Tage: %2 · %3 · %4</translation>
        </message>
        <message>
            <source> · staffed hours only</source>
            <translation> · nur Servicezeiten</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>= 0%</source>
            <translation>= 0 %</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>%1 · %2 %3</source>
            <translation>%1 · %2 %3</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>no tag</source>
            <translation>kein Tag</translation>
        </message>
        <message>
            <source>%1, 00:00
Customers waiting: %2</source>
            <translation>%1, 00:00
Wartende Kunden: %2</translation>
        </message>
        <message>
            <source>This period: %1 conversations</source>
            <translation>Konversationen in diesem Zeitraum: %1</translation>
        </message>
        <message>
            <source>Previous period (%1 – %2): %3</source>
            <translation>Vorheriger Zeitraum (%1 – %2): %3</translation>
        </message>
        <message>
            <source>Change: %1%2%</source>
            <translation>Veränderung: %1%2 %</translation>
        </message>
        <message>
            <source>No satisfaction answers</source>
            <translation>Keine Zufriedenheitsantworten</translation>
        </message>
        <message>
            <source>Mean %1 · median %2 · n = %3</source>
            <translation>Mittelwert %1 · Median %2 · n = %3</translation>
        </message>
        <message>
            <source>Satisfied (4 or 5): %1%</source>
            <translation>Zufrieden (4 oder 5): %1 %</translation>
        </message>
        <message>
            <source>Answers 1 to 5: %1 · %2 · %3 · %4 · %5</source>
            <translation>Antworten 1 bis 5: %1 · %2 · %3 · %4 · %5</translation>
        </message>
        <message>
            <source>%1
Met %2 of %3 decided (%4%)
Missed %5, running and already missed %6
Not counted: %7 running in time, %8 stopped</source>
            <translation>%1
Eingehalten: %2 von %3 entschiedenen (%4 %)
Verfehlt: %5, läuft und bereits verfehlt: %6
Nicht gezählt: rechtzeitig laufend %7, gestoppt %8</translation>
        </message>
        <message>
            <source>Week of %1</source>
            <translation>Woche vom %1</translation>
        </message>
        <message>
            <source>Median %1 · 90th percentile %2 · mean %3 · n = %4</source>
            <translation>Median %1 · 90. Perzentil %2 · Mittelwert %3 · n = %4</translation>
        </message>
        <message>
            <source>No resolved cycle</source>
            <translation>Kein gelöster Zyklus</translation>
        </message>
        <message>
            <source>No answered first response</source>
            <translation>Keine beantwortete Erstreaktion</translation>
        </message>
        <message>
            <source>No answered wait</source>
            <translation>Keine beantwortete Wartezeit</translation>
        </message>
        <message>
            <source>Beside the figures: %1 not resolved yet</source>
            <translation>Neben den Zahlen: %1 noch nicht gelöst</translation>
        </message>
        <message>
            <source>Beside the figures: %1 still waiting, %2 ended without response</source>
            <translation>Neben den Zahlen: %1 warten noch, %2 ohne Antwort beendet</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>Customers waiting at the start of %1</source>
            <translation>Wartende Kunden zu Beginn von %1</translation>
        </message>
        <message>
            <source>Tag %1, last %2 days</source>
            <translation>Tag %1, letzte %2 Tage</translation>
        </message>
        <message>
            <source>First response, %1</source>
            <translation>Erstreaktion, %1</translation>
        </message>
        <message>
            <source>First response, answered by %1</source>
            <translation>Erstreaktion, beantwortet von %1</translation>
        </message>
        <message>
            <source>First-response SLA, %1</source>
            <translation>Erstreaktions-SLA, %1</translation>
        </message>
        <message>
            <source>Satisfaction answers, %1</source>
            <translation>Zufriedenheitsantworten, %1</translation>
        </message>
        <message>
            <source>Longest wait: %1, %2</source>
            <translation>Längste Wartezeit: %1, %2</translation>
        </message>
        <message>
            <source>Customer messages, %1 %2:00–%3:00</source>
            <translation>Kundennachrichten, %1 %2:00–%3:00</translation>
        </message>
        <message>
            <source>Weekly report</source>
            <translation>Wochenbericht</translation>
        </message>
        <message>
            <source>A PDF for the week: headline figures against the week before, the main charts, the top tags and the longest waits, under the current filters.</source>
            <translation>Ein PDF für die Woche: Kennzahlen im Vergleich zur Vorwoche, die wichtigsten Diagramme, die Top-Tags und die längsten Wartezeiten, unter den aktuellen Filtern.</translation>
        </message>
        <message>
            <source>Week %1: %2 – %3</source>
            <translation>Woche %1: %2 – %3</translation>
        </message>
        <message>
            <source>This week so far (%1)</source>
            <translation>Diese Woche bisher (%1)</translation>
        </message>
        <message>
            <source>Save weekly report</source>
            <translation>Wochenbericht speichern</translation>
        </message>
        <message>
            <source>PDF document (*.pdf)</source>
            <translation>PDF-Dokument (*.pdf)</translation>
        </message>
        <message>
            <source>Preparing the weekly report…</source>
            <translation>Wochenbericht wird vorbereitet…</translation>
        </message>
        <message>
            <source>All teams</source>
            <translation>Alle Teams</translation>
        </message>
        <message>
            <source>The conversations assigned to or answered by anyone in the team</source>
            <translation>Die Konversationen, die jemandem im Team zugewiesen sind oder von jemandem im Team beantwortet wurden</translation>
        </message>
        <message>
            <source>d MMM</source>
            <comment>date format</comment>
            <translation>d. MMM</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DemoBanner</name>
        <message>
            <source>Connect an account…</source>
            <translation>Konto verbinden…</translation>
        </message>
        <message>
            <source>Use a team database…</source>
            <translation>Teamdatenbank verwenden…</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Ausblenden</translation>
        </message>
        <message>
            <source>Demo workspace — the customers and conversations here are examples, and nothing you do is sent anywhere. Your own data is untouched. Connect a platform account or your team's database to start answering real customers.</source>
            <translation>Demo-Arbeitsbereich – die Kunden und Konversationen hier sind Beispiele, und nichts, was Sie tun, wird irgendwohin gesendet. Ihre eigenen Daten bleiben unberührt. Verbinden Sie ein Plattformkonto oder die Datenbank Ihres Teams, um echten Kunden zu antworten.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DispositionDialog</name>
        <message>
            <source>No reply needed</source>
            <translation>Keine Antwort nötig</translation>
        </message>
        <message>
            <source>Why does this message need no reply? The customer's wait ends without a response, and the reason is reported.</source>
            <translation>Warum braucht diese Nachricht keine Antwort? Die Wartezeit des Kunden endet ohne Antwort, und der Grund wird ausgewertet.</translation>
        </message>
        <message>
            <source>Spam or a bot</source>
            <translation>Spam oder ein Bot</translation>
        </message>
        <message>
            <source>Praise, acknowledged with a like</source>
            <translation>Lob, mit einem Like bestätigt</translation>
        </message>
        <message>
            <source>Answered in another channel</source>
            <translation>In einem anderen Kanal beantwortet</translation>
        </message>
        <message>
            <source>Monitored only (no question asked)</source>
            <translation>Nur beobachtet (keine Frage gestellt)</translation>
        </message>
        <message>
            <source>Optional note</source>
            <translation>Optionale Notiz</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::HandOffDialog</name>
        <message>
            <source>Hand off my conversations</source>
            <translation>Meine Unterhaltungen übergeben</translation>
        </message>
        <message>
            <source>Counting your open conversations…</source>
            <translation>Ihre offenen Unterhaltungen werden gezählt …</translation>
        </message>
        <message>
            <source>What the next person needs to know, e.g. "Waiting for the courier; promised an update by 18:00."</source>
            <translation>Was die nächste Person wissen muss, z. B. „Warte auf den Kurierdienst; Rückmeldung bis 18:00 zugesagt.“</translation>
        </message>
        <message>
            <source>Hand off</source>
            <translation>Übergeben</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;An:</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Notiz:</translation>
        </message>
        <message>
            <source>The team (unassigned, for whoever is on duty)</source>
            <translation>Das Team (nicht zugewiesen, für wer Dienst hat)</translation>
        </message>
        <message>
            <source>You have 1 open conversation. It keeps its history; the note is added to its transcript.</source>
            <translation>Sie haben 1 offene Unterhaltung. Ihr Verlauf bleibt erhalten; die Notiz wird dem Verlauf hinzugefügt.</translation>
        </message>
        <message>
            <source>You have %1 open conversations. Each keeps its history; the note is added to every transcript.</source>
            <translation>Sie haben %1 offene Unterhaltungen. Jede behält ihren Verlauf; die Notiz wird jedem Verlauf hinzugefügt.</translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to the team.</source>
            <translation>
                <numerusform>%n Unterhaltung an das Team übergeben.</numerusform>
                <numerusform>%n Unterhaltungen an das Team übergeben.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to %1.</source>
            <translation>
                <numerusform>%n Unterhaltung an %1 übergeben.</numerusform>
                <numerusform>%n Unterhaltungen an %1 übergeben.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxModel</name>
        <message>
            <source>in %1</source>
            <translation>in %1</translation>
        </message>
        <message>
            <source>%1 over</source>
            <translation>%1 überfällig</translation>
        </message>
        <message>
            <source>Answer due %1 (one-hour response target)</source>
            <translation>Antwort fällig %1 (Antwortziel eine Stunde)</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Kanal</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>Latest message</source>
            <translation>Neueste Nachricht</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Wartet</translation>
        </message>
        <message>
            <source>Answer due</source>
            <translation>Antwort fällig</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Dringlichkeit</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Zuständig</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Tags</translation>
        </message>
        <message>
            <source>%1 · found</source>
            <translation>%1 · gefunden</translation>
        </message>
        <message>
            <source>Found by listening: the author named the brand without tagging it.</source>
            <translation>Beim Zuhören gefunden: Die Marke wurde genannt, aber nicht markiert.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxPane</name>
        <message>
            <source>Save view…</source>
            <translation>Ansicht speichern…</translation>
        </message>
        <message>
            <source>Search every message (/)</source>
            <translation>Alle Nachrichten durchsuchen (/)</translation>
        </message>
        <message>
            <source>Words must all appear. Use "quotes" for a phrase, OR for either word, -word to exclude, and word* for words starting with it.</source>
            <translation>Alle Wörter müssen vorkommen. Verwenden Sie "Anführungszeichen" für eine Wortgruppe, OR für eines von zwei Wörtern, -wort zum Ausschließen und wort* für Wörter, die so beginnen.</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Alle Kanäle</translation>
        </message>
        <message>
            <source>Answer due first</source>
            <translation>Fälligste zuerst</translation>
        </message>
        <message>
            <source>Longest waiting</source>
            <translation>Am längsten wartend</translation>
        </message>
        <message>
            <source>Newest</source>
            <translation>Neueste</translation>
        </message>
        <message>
            <source>Oldest</source>
            <translation>Älteste</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Alle Tags</translation>
        </message>
        <message>
            <source>Anyone</source>
            <translation>Alle</translation>
        </message>
        <message>
            <source>Any urgency</source>
            <translation>Jede Dringlichkeit</translation>
        </message>
        <message>
            <source>Any answer time</source>
            <translation>Jede Antwortzeit</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Überfällig</translation>
        </message>
        <message>
            <source>Due within 15 min</source>
            <translation>In 15 min fällig</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>Im Zeitplan</translation>
        </message>
        <message>
            <source>Any time</source>
            <translation>Jederzeit</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Heute</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Letzte 7 Tage</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Letzte 30 Tage</translation>
        </message>
        <message>
            <source>Keep this combination of filters as a named view</source>
            <translation>Diese Filterkombination als benannte Ansicht behalten</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs und Nachrichten</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Dringlichkeit</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Zuständig</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Gelöst</translation>
        </message>
        <message>
            <source>Back to the view</source>
            <translation>Zurück zur Ansicht</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Ansicht speichern</translation>
        </message>
        <message>
            <source>A name for this combination of filters:</source>
            <translation>Ein Name für diese Filterkombination:</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Speichern</translation>
        </message>
        <message>
            <source>Conversations in this view: %1</source>
            <translation>Konversationen in dieser Ansicht: %1</translation>
        </message>
        <message>
            <source>1 conversation behind “%1” (any status).</source>
            <translation>1 Konversation hinter „%1“ (jeder Status).</translation>
        </message>
        <message>
            <source>%1 conversations behind “%2” (any status).</source>
            <translation>%1 Konversationen hinter „%2“ (jeder Status).</translation>
        </message>
        <message>
            <source>Conversations in this view: more than %1, counting…</source>
            <translation>Unterhaltungen in dieser Ansicht: mehr als %1, wird gezählt…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxViews</name>
        <message>
            <source>Mine</source>
            <translation>Meine</translation>
        </message>
        <message>
            <source>Unassigned</source>
            <translation>Nicht zugewiesen</translation>
        </message>
        <message>
            <source>All open</source>
            <translation>Alle offenen</translation>
        </message>
        <message>
            <source>Breached or due in 15 min</source>
            <translation>Überfällig oder ≤ 15 min</translation>
        </message>
        <message>
            <source>Unanswered, any status</source>
            <translation>Unbeantwortet, jeder Status</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Wartet auf Kunden</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Zurückgestellt</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Gelöst</translation>
        </message>
        <message>
            <source>Everything</source>
            <translation>Alles</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::LongestWaitsTable</name>
        <message>
            <source>Customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Kanal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Seit</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Wartezeit</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Ergebnis</translation>
        </message>
        <message>
            <source>answered by %1</source>
            <translation>beantwortet von %1</translation>
        </message>
        <message>
            <source>ended without response</source>
            <translation>ohne Antwort beendet</translation>
        </message>
        <message>
            <source>still waiting</source>
            <translation>wartet noch</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Double-click to open the conversation</source>
            <translation>Doppelklicken, um die Konversation zu öffnen</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MainWindow</name>
        <message>
            <source>Care Console — demo workspace</source>
            <translation>Care Console – Demo-Arbeitsbereich</translation>
        </message>
        <message>
            <source>Care Console</source>
            <translation>Care Console</translation>
        </message>
        <message>
            <source>Demo workspace</source>
            <translation>Demo-Arbeitsbereich</translation>
        </message>
        <message>
            <source>The conversation is in All open.</source>
            <translation>Die Konversation ist unter „Alle offenen“.</translation>
        </message>
        <message>
            <source>Response-time &amp;dashboard</source>
            <translation>Antwortzeiten-&amp;Dashboard</translation>
        </message>
        <message>
            <source>Response times — Care Console</source>
            <translation>Antwortzeiten – Care Console</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1 gespeichert.</translation>
        </message>
        <message>
            <source>&amp;Accounts…</source>
            <translation>&amp;Konten…</translation>
        </message>
        <message>
            <source>Connected %1; syncing now.</source>
            <translation>%1 verbunden; wird jetzt synchronisiert.</translation>
        </message>
        <message>
            <source>Offline: %1 Care Console keeps what you typed and reconnects by itself.</source>
            <translation>Offline: %1 Care Console behält, was Sie getippt haben, und verbindet sich selbst wieder.</translation>
        </message>
        <message>
            <source>Offline — reconnecting…</source>
            <translation>Offline – Verbindung wird wiederhergestellt…</translation>
        </message>
        <message>
            <source>About Care Console</source>
            <translation>Über Care Console</translation>
        </message>
        <message>
            <source>Care Console %1
A native console for social customer care.

Store: %2</source>
            <translation>Care Console %1
Eine native Konsole für Kundenservice in sozialen Medien.

Datenspeicher: %2</translation>
        </message>
        <message>
            <source>demo workspace</source>
            <translation>Demo-Arbeitsbereich</translation>
        </message>
        <message>
            <source>Service &amp;levels…</source>
            <translation>Service-&amp;Level…</translation>
        </message>
        <message>
            <source>Staffed hours, SLA policies and triage rules</source>
            <translation>Servicezeiten, SLA-Richtlinien und Triage-Regeln</translation>
        </message>
        <message>
            <source>Service levels saved; due times recomputed.</source>
            <translation>Service-Level gespeichert; Fälligkeiten neu berechnet.</translation>
        </message>
        <message>
            <source>Scheduled &amp;posts…</source>
            <translation>Geplante &amp;Beiträge…</translation>
        </message>
        <message>
            <source>Shift announcements and other posts waiting for their time</source>
            <translation>Schichtankündigungen und andere Beiträge, die auf ihren Zeitpunkt warten</translation>
        </message>
        <message>
            <source>&amp;Who's on duty…</source>
            <translation>&amp;Wer ist im Dienst…</translation>
        </message>
        <message>
            <source>Who is on duty now, when the next shifts start, and each agent's weekly shifts</source>
            <translation>Wer jetzt im Dienst ist, wann die nächsten Schichten beginnen, und die Wochenschichten jedes Agenten</translation>
        </message>
        <message>
            <source>Possible incident</source>
            <translation>Möglicher Vorfall</translation>
        </message>
        <message>
            <source>Add blog or news &amp;feed…</source>
            <translation>Blog- oder Nachrichten-&amp;Feed hinzufügen…</translation>
        </message>
        <message>
            <source>%1 · signed in as %2 (%3)</source>
            <translation>%1 · angemeldet als %2 (%3)</translation>
        </message>
        <message>
            <source>&amp;Hand off my conversations…</source>
            <translation>Meine Unterhaltungen &amp;übergeben …</translation>
        </message>
        <message>
            <source>Going off shift: give your open conversations to a colleague or the team, with a note</source>
            <translation>Schichtende: Ihre offenen Unterhaltungen mit einer Notiz an eine Kollegin, einen Kollegen oder das Team übergeben</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MergeCustomerDialog</name>
        <message>
            <source>Merge with another customer</source>
            <translation>Mit einem anderen Kunden zusammenführen</translation>
        </message>
        <message>
            <source>Find the other record of %1 — for example their e-mail address or another platform's handle. Their conversations join this customer's transcript; the merge can be undone.</source>
            <translation>Suchen Sie den anderen Datensatz von %1 – zum Beispiel seine E-Mail-Adresse oder das Handle auf einer anderen Plattform. Seine Konversationen kommen in das Transkript dieses Kunden; die Zusammenführung lässt sich rückgängig machen.</translation>
        </message>
        <message>
            <source>Name, handle or e-mail address</source>
            <translation>Name, Handle oder E-Mail-Adresse</translation>
        </message>
        <message>
            <source>Merge</source>
            <translation>Zusammenführen</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::OutboxBar</name>
        <message>
            <source>Hiding the customer's message</source>
            <translation>Nachricht des Kunden ausblenden</translation>
        </message>
        <message>
            <source>Private reply</source>
            <translation>Private Antwort</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Öffentliche Antwort</translation>
        </message>
        <message>
            <source>%1 “%2”</source>
            <translation>%1 „%2“</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent.</source>
            <translation>%1 – wartet auf den Versand.</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent: %2</source>
            <translation>%1 – wartet auf den Versand: %2</translation>
        </message>
        <message>
            <source>%1 — sending now.</source>
            <translation>%1 – wird jetzt gesendet.</translation>
        </message>
        <message>
            <source>%1 — the connection dropped while sending; checking whether it went out before trying again.</source>
            <translation>%1 – die Verbindung brach beim Senden ab; es wird geprüft, ob es rausging, bevor es erneut versucht wird.</translation>
        </message>
        <message>
            <source>%1 — held: %2</source>
            <translation>%1 – zurückgehalten: %2</translation>
        </message>
        <message>
            <source>%1 — not sent: %2</source>
            <translation>%1 – nicht gesendet: %2</translation>
        </message>
        <message>
            <source>Send anyway</source>
            <translation>Trotzdem senden</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Erneut versuchen</translation>
        </message>
        <message>
            <source>Cancel reply</source>
            <translation>Antwort abbrechen</translation>
        </message>
        <message>
            <source>The reply was cancelled; it will not be sent.</source>
            <translation>Die Antwort wurde abgebrochen; sie wird nicht gesendet.</translation>
        </message>
        <message>
            <source>Transcript to %1</source>
            <translation>Verlauf an %1</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>E-Mail an %1</translation>
        </message>
        <message>
            <source>Showing the customer's message again</source>
            <translation>Die Nachricht des Kunden wird wieder angezeigt</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicyEditorDialog</name>
        <message>
            <source>Edit policy: %1</source>
            <translation>Richtlinie bearbeiten: %1</translation>
        </message>
        <message>
            <source>Named values replies can use as {policy.NAME}, e.g. refund_days=30</source>
            <translation>Benannte Werte, die Antworten als {policy.NAME} verwenden können, z. B. refund_days=30</translation>
        </message>
        <message>
            <source>Version %1, last changed %2 by %3. Saving creates version %4; the earlier text is kept.</source>
            <translation>Version %1, zuletzt geändert %2 von %3. Speichern erzeugt Version %4; der frühere Text bleibt erhalten.</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titel</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Tags</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>Werte</translation>
        </message>
        <message>
            <source>Text (Markdown)</source>
            <translation>Text (Markdown)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicySidebar</name>
        <message>
            <source>Quote into reply</source>
            <translation>In die Antwort zitieren</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Bearbeiten…</translation>
        </message>
        <message>
            <source>Insert reply</source>
            <translation>Antwort einfügen</translation>
        </message>
        <message>
            <source>Search policies and replies</source>
            <translation>Richtlinien und Antworten durchsuchen</translation>
        </message>
        <message>
            <source>Adds the selected passage (or the whole text) to the reply you are writing</source>
            <translation>Fügt die markierte Passage (oder den ganzen Text) in die Antwort ein, die Sie gerade schreiben</translation>
        </message>
        <message>
            <source>Policies</source>
            <translation>Richtlinien</translation>
        </message>
        <message>
            <source>Approved replies</source>
            <translation>Freigegebene Antworten</translation>
        </message>
        <message>
            <source>%1 — updated</source>
            <translation>%1 – aktualisiert</translation>
        </message>
        <message>
            <source>Suggested for this conversation</source>
            <translation>Für diese Konversation vorgeschlagen</translation>
        </message>
        <message>
            <source>All policies</source>
            <translation>Alle Richtlinien</translation>
        </message>
        <message>
            <source>Version %1, updated %2 by %3</source>
            <translation>Version %1, aktualisiert %2 von %3</translation>
        </message>
        <message>
            <source>Saved “%1”, version %2.</source>
            <translation>„%1“ gespeichert, Version %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PresenceBar</name>
        <message>
            <source>%1 is typing a reply</source>
            <translation>%1 schreibt eine Antwort</translation>
        </message>
        <message>
            <source>%1 is viewing this conversation</source>
            <translation>%1 sieht sich diese Unterhaltung an</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ReasonDialog</name>
        <message>
            <source>Reason (required)</source>
            <translation>Grund (erforderlich)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::RosterDialog</name>
        <message>
            <source>Who's on duty</source>
            <translation>Wer ist im Dienst</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>Now</source>
            <translation>Jetzt</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone: 07:00–15:00; split shifts with a comma; 22:00–02:00 runs past midnight; empty: off. Team closures apply to everyone. Agents get desktop notifications only on duty when they have shifts.</source>
            <translation>Schichten in der Zeitzone des Teams: 07:00–15:00; geteilte Schichten mit Komma; 22:00–02:00 reicht über Mitternacht; leer: frei. Schließungen des Teams gelten für alle. Agenten mit Schichten erhalten Desktop-Benachrichtigungen nur im Dienst.</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone; team closures apply to everyone.</source>
            <translation>Schichten in der Zeitzone des Teams; Schließungen des Teams gelten für alle.</translation>
        </message>
        <message>
            <source>no shifts</source>
            <translation>keine Schichten</translation>
        </message>
        <message>
            <source>on duty until %1</source>
            <translation>im Dienst bis %1</translation>
        </message>
        <message>
            <source>on duty</source>
            <translation>im Dienst</translation>
        </message>
        <message>
            <source>off — next shift %1</source>
            <translation>frei – nächste Schicht %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>frei</translation>
        </message>
        <message>
            <source>No agents yet.</source>
            <translation>Noch keine Agenten.</translation>
        </message>
        <message>
            <source>%1 of %2 agents on duty now (%3).</source>
            <translation>%1 von %2 Agenten jetzt im Dienst (%3).</translation>
        </message>
        <message>
            <source>Not saved — %1, %2: %3</source>
            <translation>Nicht gespeichert – %1, %2: %3</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>Nicht gespeichert: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ScheduledPostsDialog</name>
        <message>
            <source>On duty</source>
            <translation>Dienstbeginn</translation>
        </message>
        <message>
            <source>Off duty</source>
            <translation>Dienstende</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Beitrag</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Bearbeiten…</translation>
        </message>
        <message>
            <source>&amp;Cancel post</source>
            <translation>Beitrag &amp;abbrechen</translation>
        </message>
        <message>
            <source>Scheduled posts</source>
            <translation>Geplante Beiträge</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Art</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Zustand</translation>
        </message>
        <message>
            <source>&amp;Plan shift announcements…</source>
            <translation>Schichtankündigungen &amp;planen…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Schließen</translation>
        </message>
        <message>
            <source>Posted by the console that syncs the account, once, at their time. A post whose time passed while no console was syncing is skipped (expired), never posted late. While a crisis is on, announcements wait.</source>
            <translation>Veröffentlicht von der Konsole, die das Konto synchronisiert, einmal, zu ihrem Zeitpunkt. Ein Beitrag, dessen Zeitpunkt verstrich, während keine Konsole synchronisierte, wird übersprungen (abgelaufen), nie verspätet veröffentlicht. Während einer Krise warten Ankündigungen.</translation>
        </message>
        <message>
            <source>%1 announcements scheduled.</source>
            <translation>%1 Ankündigungen geplant.</translation>
        </message>
        <message>
            <source>When (%1)</source>
            <translation>Wann (%1)</translation>
        </message>
        <message>
            <source>Nothing scheduled. Plan shift announcements to tell customers when the team is there.</source>
            <translation>Nichts geplant. Planen Sie Schichtankündigungen, um Kunden zu sagen, wann das Team da ist.</translation>
        </message>
        <message>
            <source>Edit scheduled post</source>
            <translation>Geplanten Beitrag bearbeiten</translation>
        </message>
        <message>
            <source>&amp;Post at (%1)</source>
            <translation>&amp;Veröffentlichen um (%1)</translation>
        </message>
        <message>
            <source>&amp;Text</source>
            <translation>&amp;Text</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SendTranscriptDialog</name>
        <message>
            <source>Send transcript by e-mail</source>
            <translation>Verlauf per E-Mail senden</translation>
        </message>
        <message>
            <source>escalations@example.com</source>
            <translation>eskalation@example.com</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>An:</translation>
        </message>
        <message>
            <source>Send from:</source>
            <translation>Senden von:</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Senden</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator connects one with careconsole account add email.</source>
            <translation>Es ist kein Support-Postfach verbunden. Eine Administratorin oder ein Administrator verbindet eines mit careconsole account add email.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels goes as a plain-text e-mail with a PDF copy attached, oldest message first, so the colleague can help without asking the customer again.</source>
            <translation>Der gesamte Verlauf der Kundin oder des Kunden über alle Kanäle geht als reine Text-E-Mail mit einer PDF-Kopie im Anhang, älteste Nachricht zuerst, damit die Kollegin oder der Kollege helfen kann, ohne erneut nachzufragen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ServiceLevelsDialog</name>
        <message>
            <source>Service levels</source>
            <translation>Service-Level</translation>
        </message>
        <message>
            <source>Staffed &amp;hours</source>
            <translation>Service&amp;zeiten</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Wird geladen…</translation>
        </message>
        <message>
            <source>Could not load the service levels: %1</source>
            <translation>Die Service-Level konnten nicht geladen werden: %1</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>Nicht gespeichert: %1</translation>
        </message>
        <message>
            <source>Saving — recomputing the due times of open conversations…</source>
            <translation>Wird gespeichert – die Fälligkeiten offener Konversationen werden neu berechnet…</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>Gespeichert.</translation>
        </message>
        <message>
            <source>SLA p&amp;olicies</source>
            <translation>SLA-&amp;Richtlinien</translation>
        </message>
        <message>
            <source>Tria&amp;ge rules</source>
            <translation>Tria&amp;ge-Regeln</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SettingsDialog</name>
        <message>
            <source>Notify me of new urgent conversations and answers about to fall due</source>
            <translation>Mich über neue dringende Konversationen und bald fällige Antworten benachrichtigen</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Einstellungen</translation>
        </message>
        <message>
            <source>Your first name</source>
            <translation>Ihr Vorname</translation>
        </message>
        <message>
            <source>How replies are signed. {agent.signature} is the name above, {agent.name} your full name, {initials} your initials: for example “– {agent.signature}” or “^{initials}”.</source>
            <translation>Wie Antworten signiert werden. {agent.signature} ist der Name oben, {agent.name} Ihr vollständiger Name, {initials} Ihre Initialen: zum Beispiel „– {agent.signature}“ oder „^{initials}“.</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>No notifications between these times; the same time twice means none.</source>
            <translation>Keine Benachrichtigungen zwischen diesen Zeiten; zweimal dieselbe Zeit bedeutet keine Ruhezeit.</translation>
        </message>
        <message>
            <source>System language (%1)</source>
            <translation>Systemsprache (%1)</translation>
        </message>
        <message>
            <source>The language of the console, and of dates, times and numbers. Applies when Care Console is started again.</source>
            <translation>Die Sprache der Konsole sowie von Datum, Uhrzeit und Zahlen. Gilt nach dem nächsten Start von Care Console.</translation>
        </message>
        <message>
            <source>Urgency comes from what customers write and when they need an answer — never from follower counts, verification badges or other signs of influence.</source>
            <translation>Die Dringlichkeit ergibt sich aus dem, was Kunden schreiben, und wann sie eine Antwort brauchen – nie aus Followerzahlen, Verifizierungsabzeichen oder anderen Zeichen von Einfluss.</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Ihr Name</translation>
        </message>
        <message>
            <source>Sign replies as</source>
            <translation>Antworten signieren als</translation>
        </message>
        <message>
            <source>Signature form</source>
            <translation>Signaturform</translation>
        </message>
        <message>
            <source>Take back a sent reply within</source>
            <translation>Gesendete Antwort zurücknehmen innerhalb von</translation>
        </message>
        <message>
            <source>to</source>
            <translation>bis</translation>
        </message>
        <message>
            <source>Quiet hours</source>
            <translation>Ruhezeiten</translation>
        </message>
        <message>
            <source>Language (after a restart)</source>
            <translation>Sprache (nach Neustart)</translation>
        </message>
        <message>
            <source>Stable releases</source>
            <translation>Stabile Versionen</translation>
        </message>
        <message>
            <source>Beta releases (earlier, less tested)</source>
            <translation>Betaversionen (früher, weniger getestet)</translation>
        </message>
        <message>
            <source>Updates</source>
            <translation>Aktualisierungen</translation>
        </message>
        <message>
            <source>Set by your administrator; it cannot be changed here.</source>
            <translation>Von Ihrer Administration festgelegt; kann hier nicht geändert werden.</translation>
        </message>
        <message>
            <source>%1 (set by your administrator)</source>
            <translation>%1 (von Ihrer Administration festgelegt)</translation>
        </message>
        <message>
            <source>Settings marked “set by your administrator” come from %1 and cannot be changed here; ask your administrator to change them.</source>
            <translation>Einstellungen mit dem Hinweis „von Ihrer Administration festgelegt“ stammen aus %1 und können hier nicht geändert werden; bitten Sie Ihre Administration, sie zu ändern.</translation>
        </message>
        <message>
            <source>Only while I'm on duty (when the roster has my shifts)</source>
            <translation>Nur während ich im Dienst bin (wenn der Dienstplan meine Schichten enthält)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShiftPlanDialog</name>
        <message>
            <source>When the team comes on duty (“we're here until 18:00”)</source>
            <translation>Wenn das Team den Dienst beginnt („wir sind bis 18:00 für Sie da“)</translation>
        </message>
        <message>
            <source>When the team goes off duty (“we're back tomorrow at 08:00”)</source>
            <translation>Wenn das Team den Dienst beendet („wir sind morgen ab 08:00 wieder da“)</translation>
        </message>
        <message>
            <source>Plan shift announcements</source>
            <translation>Schichtankündigungen planen</translation>
        </message>
        <message>
            <source> days</source>
            <translation> Tage</translation>
        </message>
        <message>
            <source>Posted at</source>
            <translation>Veröffentlicht um</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>&amp;Account</source>
            <translation>&amp;Konto</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Sprache</translation>
        </message>
        <message>
            <source>&amp;For the next</source>
            <translation>&amp;Für die nächsten</translation>
        </message>
        <message>
            <source>&amp;Schedule</source>
            <translation>&amp;Planen</translation>
        </message>
        <message>
            <source>Connect an account first: announcements are posted from an account.</source>
            <translation>Verbinden Sie zuerst ein Konto: Ankündigungen werden von einem Konto aus veröffentlicht.</translation>
        </message>
        <message>
            <source>Nothing to announce: the team never comes on or goes off duty in this period.</source>
            <translation>Nichts anzukündigen: Das Team beginnt oder beendet in diesem Zeitraum nie den Dienst.</translation>
        </message>
        <message>
            <source>%1 posts from %2, in %3. Scheduling replaces this account's shift announcements planned from now on; each is skipped if its time passes while no console syncs.</source>
            <translation>%1 Beiträge von %2, auf %3. Das Planen ersetzt die ab jetzt geplanten Schichtankündigungen dieses Kontos; jede wird übersprungen, wenn ihr Zeitpunkt verstreicht, während keine Konsole synchronisiert.</translation>
        </message>
        <message>
            <source>Not scheduled: %1</source>
            <translation>Nicht geplant: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShortcutsDialog</name>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Tastenkürzel</translation>
        </message>
        <message>
            <source>Click a shortcut and press the keys you want instead. / searches the inbox.</source>
            <translation>Klicken Sie auf ein Kürzel und drücken Sie die gewünschten Tasten. / durchsucht den Posteingang.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SlaPolicyEditor</name>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>No target</source>
            <translation>Kein Ziel</translation>
        </message>
        <message>
            <source>Pause the clock while the conversation waits on the customer (pending)</source>
            <translation>Die Uhr anhalten, während die Konversation auf den Kunden wartet</translation>
        </message>
        <message>
            <source>Any platform</source>
            <translation>Jede Plattform</translation>
        </message>
        <message>
            <source>Any priority</source>
            <translation>Jede Priorität</translation>
        </message>
        <message>
            <source>any tag</source>
            <translation>beliebiges Tag</translation>
        </message>
        <message>
            <source>Staffed hours only (the team calendar)</source>
            <translation>Nur Servicezeiten (der Teamkalender)</translation>
        </message>
        <message>
            <source>Wall-clock time (every hour counts)</source>
            <translation>Echtzeit (jede Stunde zählt)</translation>
        </message>
        <message>
            <source>Staffed hours: a message at 21:00 after closing is due an hour after the next opening. Wall clock: it is due at 22:00.</source>
            <translation>Servicezeiten: Eine Nachricht um 21:00 nach Dienstschluss ist eine Stunde nach der nächsten Öffnung fällig. Echtzeit: Sie ist um 22:00 fällig.</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Name</translation>
        </message>
        <message>
            <source>Applies to conversations matching all of:</source>
            <translation>Gilt für Konversationen, auf die alles Folgende zutrifft:</translation>
        </message>
        <message>
            <source>&amp;Platform</source>
            <translation>&amp;Plattform</translation>
        </message>
        <message>
            <source>P&amp;riority</source>
            <translation>P&amp;riorität</translation>
        </message>
        <message>
            <source>&amp;Tag</source>
            <translation>&amp;Tag</translation>
        </message>
        <message>
            <source>&amp;First response within</source>
            <translation>&amp;Erstreaktion innerhalb von</translation>
        </message>
        <message>
            <source>Ne&amp;xt response within</source>
            <translation>&amp;Folgereaktion innerhalb von</translation>
        </message>
        <message>
            <source>&amp;Counting</source>
            <translation>&amp;Zählweise</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>&amp;Hinzufügen</translation>
        </message>
        <message>
            <source>D&amp;uplicate</source>
            <translation>&amp;Duplizieren</translation>
        </message>
        <message>
            <source>Re&amp;move</source>
            <translation>Ent&amp;fernen</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Nach oben</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Nach unten</translation>
        </message>
        <message>
            <source>Alt+Up: among equally specific policies the higher one wins.</source>
            <translation>Alt+Pfeil nach oben: Unter gleich spezifischen Richtlinien gewinnt die höhere.</translation>
        </message>
        <message>
            <source>Alt+Down</source>
            <translation>Alt+Down</translation>
        </message>
        <message>
            <source>The most specific matching policy applies (platform, priority and tag each count); among equally specific ones the higher in the list. Conversations no policy matches get an hour to first response in staffed hours. Saving recomputes the due times of every open conversation.</source>
            <translation>Es gilt die spezifischste passende Richtlinie (Plattform, Priorität und Tag zählen jeweils); unter gleich spezifischen die weiter oben in der Liste. Konversationen, auf die keine Richtlinie passt, haben eine Stunde bis zur Erstreaktion in Servicezeiten. Speichern berechnet die Fälligkeiten aller offenen Konversationen neu.</translation>
        </message>
        <message>
            <source>New policy</source>
            <translation>Neue Richtlinie</translation>
        </message>
        <message>
            <source>%1 (copy)</source>
            <translation>%1 (Kopie)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(ohne Namen)</translation>
        </message>
        <message>
            <source>Policy %1 has no name.</source>
            <translation>Richtlinie %1 hat keinen Namen.</translation>
        </message>
        <message>
            <source>Two policies are called “%1”.</source>
            <translation>Zwei Richtlinien heißen „%1“.</translation>
        </message>
        <message>
            <source>“%1” has no target: give it at least one.</source>
            <translation>„%1“ hat kein Ziel: Geben Sie mindestens eines an.</translation>
        </message>
        <message>
            <source>“%1” matches the same conversations as “%2” above it, so it would never apply.</source>
            <translation>„%1“ passt auf dieselben Konversationen wie „%2“ darüber und würde daher nie gelten.</translation>
        </message>
        <message>
            <source>Resolution &amp;within</source>
            <translation>Lösung &amp;innerhalb von</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::StaffingLabel</name>
        <message>
            <source>Copy staffed hours for profile bios</source>
            <translation>Servicezeiten für Profilbeschreibungen kopieren</translation>
        </message>
        <message>
            <source>Staffed hours unknown</source>
            <translation>Servicezeiten unbekannt</translation>
        </message>
        <message>
            <source>Team on duty around the clock</source>
            <translation>Team rund um die Uhr im Dienst</translation>
        </message>
        <message>
            <source>Team on duty until %1</source>
            <translation>Team im Dienst bis %1</translation>
        </message>
        <message>
            <source>Team on duty</source>
            <translation>Team im Dienst</translation>
        </message>
        <message>
            <source>Team off duty — back %1</source>
            <translation>Team nicht im Dienst – zurück %1</translation>
        </message>
        <message>
            <source>Team off duty</source>
            <translation>Team nicht im Dienst</translation>
        </message>
        <message>
            <source>Staffed hours in %1. Response times count staffed hours where the SLA policy says so.
For profile bios (right-click to copy): %2</source>
            <translation>Servicezeiten in %1. Antwortzeiten zählen Servicezeiten, wo die SLA-Richtlinie es vorsieht.
Für Profilbeschreibungen (Rechtsklick zum Kopieren): %2</translation>
        </message>
        <message>
            <source>%1 until %2</source>
            <translation>%1 bis %2</translation>
        </message>
        <message>
            <source>%1 from %2</source>
            <translation>%1 ab %2</translation>
        </message>
        <message numerus="yes">
            <source>%n on duty</source>
            <translation>
                <numerusform>%n im Dienst</numerusform>
                <numerusform>%n im Dienst</numerusform>
            </translation>
        </message>
        <message>
            <source>On duty: %1</source>
            <translation>Im Dienst: %1</translation>
        </message>
        <message>
            <source>Next: %1</source>
            <translation>Als Nächstes: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SyncStatusButton</name>
        <message>
            <source>synced %1</source>
            <translation>synchronisiert %1</translation>
        </message>
        <message>
            <source>not synced yet</source>
            <translation>noch nicht synchronisiert</translation>
        </message>
        <message>
            <source>, next %1</source>
            <translation>, nächste %1</translation>
        </message>
        <message>
            <source>syncing now</source>
            <translation>wird jetzt synchronisiert</translation>
        </message>
        <message>
            <source>syncing now, %1</source>
            <translation>wird jetzt synchronisiert, %1</translation>
        </message>
        <message>
            <source> (%1 of %2 requests left)</source>
            <translation> (%1 von %2 Anfragen übrig)</translation>
        </message>
        <message>
            <source> — 1 reply not delivered yet</source>
            <translation> – 1 Antwort noch nicht zugestellt</translation>
        </message>
        <message>
            <source> — %1 replies not delivered yet</source>
            <translation> – %1 Antworten noch nicht zugestellt</translation>
        </message>
        <message>
            <source>Connect a platform account to bring its mentions and messages in.</source>
            <translation>Verbinden Sie ein Plattformkonto, um seine Erwähnungen und Nachrichten hereinzuholen.</translation>
        </message>
        <message>
            <source>No accounts connected</source>
            <translation>Keine Konten verbunden</translation>
        </message>
        <message>
            <source>Syncing… %1</source>
            <translation>Synchronisierung… %1</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Synchronisierung…</translation>
        </message>
        <message>
            <source>Synced %1</source>
            <translation>Synchronisiert %1</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>Wartet auf die erste Synchronisierung</translation>
        </message>
        <message>
            <source>Sync status: %1</source>
            <translation>Synchronisierungsstatus: %1</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TranscriptExporter</name>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 konnte nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Choose a folder you can write to.</source>
            <translation>Wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
        </message>
        <message>
            <source>Check the free space and try again.</source>
            <translation>Prüfen Sie den freien Speicherplatz und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>The PDF %1 could not be written.</source>
            <translation>Das PDF %1 konnte nicht geschrieben werden.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TranscriptView</name>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Automatische Eingangsbestätigung</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (Team)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Interne Notiz von %1</translation>
        </message>
        <message>
            <source>never sent</source>
            <translation>nie gesendet</translation>
        </message>
        <message>
            <source>public</source>
            <translation>öffentlich</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privat</translation>
        </message>
        <message>
            <source>edited</source>
            <translation>bearbeitet</translation>
        </message>
        <message>
            <source>deleted by the author</source>
            <translation>vom Autor gelöscht</translation>
        </message>
        <message>
            <source>Hidden from public view by %1, %2: %3</source>
            <translation>Von %1 öffentlich ausgeblendet, %2: %3</translation>
        </message>
        <message>
            <source>Earlier version, until %1:</source>
            <translation>Frühere Version, bis %1:</translation>
        </message>
        <message>
            <source>Scroll up for earlier messages</source>
            <translation>Nach oben scrollen für frühere Nachrichten</translation>
        </message>
        <message>
            <source>This conversation</source>
            <translation>Diese Konversation</translation>
        </message>
        <message>
            <source>Other conversation</source>
            <translation>Andere Konversation</translation>
        </message>
        <message>
            <source>internal note</source>
            <translation>interne Notiz</translation>
        </message>
        <message>
            <source>ddd d MMM yyyy, HH:mm</source>
            <comment>date format</comment>
            <translation>ddd, d. MMM yyyy, HH:mm</translation>
        </message>
        <message>
            <source>d MMM, HH:mm</source>
            <comment>date format</comment>
            <translation>d. MMM, HH:mm</translation>
        </message>
        <message>
            <source>e-mail to a colleague</source>
            <translation>E-Mail an Kollegen</translation>
        </message>
        <message>
            <source>Save attachments…</source>
            <translation>Anhänge speichern…</translation>
        </message>
        <message>
            <source>Hidden from public view on %1, not from this console (seen %2)</source>
            <translation>Auf %1 öffentlich ausgeblendet, nicht aus dieser Konsole (gesehen %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TriageReasonText</name>
        <message>
            <source>low: no words to act on</source>
            <translation>niedrig: keine Wörter, auf die man reagieren könnte</translation>
        </message>
        <message>
            <source>normal: no triage rules loaded</source>
            <translation>normal: keine Triage-Regeln geladen</translation>
        </message>
        <message>
            <source>not time-sensitive: praise that asks for nothing</source>
            <translation>nicht zeitkritisch: Lob, das nichts verlangt</translation>
        </message>
        <message>
            <source>low: no action needed</source>
            <translation>niedrig: keine Aktion nötig</translation>
        </message>
        <message>
            <source>urgent: time-sensitive and service loss</source>
            <translation>dringend: zeitkritisch und Leistungsausfall</translation>
        </message>
        <message>
            <source>high: time-sensitive</source>
            <translation>hoch: zeitkritisch</translation>
        </message>
        <message>
            <source>high: service loss</source>
            <translation>hoch: Leistungsausfall</translation>
        </message>
        <message>
            <source>normal: praise deserves a reply</source>
            <translation>normal: Lob verdient eine Antwort</translation>
        </message>
        <message>
            <source>normal: needs a reply, nothing time-sensitive or lost</source>
            <translation>normal: braucht eine Antwort, nichts Zeitkritisches, nichts ausgefallen</translation>
        </message>
        <message>
            <source>angry: written in capitals</source>
            <translation>verärgert: in Großbuchstaben geschrieben</translation>
        </message>
        <message>
            <source>time-sensitive</source>
            <translation>zeitkritisch</translation>
        </message>
        <message>
            <source>service loss</source>
            <translation>Leistungsausfall</translation>
        </message>
        <message>
            <source>negative</source>
            <translation>negativ</translation>
        </message>
        <message>
            <source>angry</source>
            <translation>verärgert</translation>
        </message>
        <message>
            <source>praise</source>
            <translation>Lob</translation>
        </message>
        <message>
            <source>sarcasm</source>
            <translation>Sarkasmus</translation>
        </message>
        <message>
            <source>no action</source>
            <translation>keine Aktion</translation>
        </message>
        <message>
            <source>urgent: rule %1 (%2)</source>
            <translation>dringend: Regel %1 (%2)</translation>
        </message>
        <message>
            <source>not counted as %1: %2</source>
            <translation>nicht gezählt als %1: %2</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TriageRulesEditor</name>
        <message>
            <source>Rule set %1</source>
            <translation>Regelsatz %1</translation>
        </message>
        <message>
            <source>Try a message, e.g. “my flight leaves tonight and I can't log in”</source>
            <translation>Probieren Sie eine Nachricht aus, z. B. „mein Flug geht heute Abend und ich kann mich nicht anmelden“</translation>
        </message>
        <message>
            <source>Add &amp;language</source>
            <translation>&amp;Sprache hinzufügen</translation>
        </message>
        <message>
            <source>Remove language</source>
            <translation>Sprache entfernen</translation>
        </message>
        <message>
            <source>Restore &amp;bundled rules</source>
            <translation>&amp;Mitgelieferte Regeln wiederherstellen</translation>
        </message>
        <message>
            <source>L&amp;anguage</source>
            <translation>Spr&amp;ache</translation>
        </message>
        <message>
            <source>Patterns are regular expressions matched as whole words. Follower counts, verification badges and other signs of influence never raise urgency: rules that would are refused. New rules apply to messages arriving after saving.</source>
            <translation>Muster sind reguläre Ausdrücke, die als ganze Wörter verglichen werden. Followerzahlen, Verifizierungsabzeichen und andere Zeichen von Einfluss erhöhen die Dringlichkeit nie: Regeln, die das täten, werden abgelehnt. Neue Regeln gelten für Nachrichten, die nach dem Speichern eintreffen.</translation>
        </message>
        <message>
            <source>&amp;Try</source>
            <translation>&amp;Ausprobieren</translation>
        </message>
        <message>
            <source>Restore bundled rules</source>
            <translation>Mitgelieferte Regeln wiederherstellen</translation>
        </message>
        <message>
            <source>Replace every language's rules with the bundled ones? Your edits are lost.</source>
            <translation>Die Regeln aller Sprachen durch die mitgelieferten ersetzen? Ihre Änderungen gehen verloren.</translation>
        </message>
        <message>
            <source>Fix the rules to try them.</source>
            <translation>Korrigieren Sie die Regeln, um sie auszuprobieren.</translation>
        </message>
        <message>
            <source>Urgency: %1 · sentiment: %2 · language: %3</source>
            <translation>Dringlichkeit: %1 · Stimmung: %2 · Sprache: %3</translation>
        </message>
        <message>
            <source>Rules: %1</source>
            <translation>Regeln: %1</translation>
        </message>
        <message>
            <source>All valid: %1 rules; languages %2.</source>
            <translation>Alle gültig: %1 Regeln; Sprachen %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ViewsPane</name>
        <message>
            <source>Saved views</source>
            <translation>Gespeicherte Ansichten</translation>
        </message>
        <message>
            <source>Delete the view “%1”</source>
            <translation>Ansicht „%1“ löschen</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::VolumeHeatmap</name>
        <message>
            <source>outside staffed hours · darker: more customer messages · click a cell to open them</source>
            <translation>außerhalb der Servicezeiten · dunkler: mehr Kundennachrichten · Zelle anklicken, um sie zu öffnen</translation>
        </message>
        <message>
            <source>%1 %2:00–%3:00: %4 customer messages%5</source>
            <translation>%1 %2:00–%3:00: %4 Kundennachricht(en)%5</translation>
        </message>
        <message>
            <source> (outside staffed hours)</source>
            <translation> (außerhalb der Servicezeiten)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WeeklyReport</name>
        <message>
            <source>The week of %1 has not started yet.</source>
            <translation>Die Woche vom %1 hat noch nicht begonnen.</translation>
        </message>
        <message>
            <source>Choose this week or an earlier one.</source>
            <translation>Wählen Sie diese oder eine frühere Woche.</translation>
        </message>
        <message>
            <source>week in progress: figures as at %1</source>
            <translation>laufende Woche: Zahlen mit Stand %1</translation>
        </message>
        <message>
            <source>generated %1</source>
            <translation>erstellt %1</translation>
        </message>
        <message>
            <source>Headline figures</source>
            <translation>Kennzahlen</translation>
        </message>
        <message>
            <source>This week</source>
            <translation>Diese Woche</translation>
        </message>
        <message>
            <source>Previous week</source>
            <translation>Vorwoche</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Erstreaktion</translation>
        </message>
        <message>
            <source>First-response SLA met</source>
            <translation>Erstreaktions-SLA eingehalten</translation>
        </message>
        <message>
            <source>New conversations</source>
            <translation>Neue Konversationen</translation>
        </message>
        <message>
            <source>Customer messages</source>
            <translation>Kundennachrichten</translation>
        </message>
        <message>
            <source>… of new conversations, in hours nobody was on duty</source>
            <translation>… davon neue Konversationen in Stunden, in denen niemand im Dienst war</translation>
        </message>
        <message>
            <source>Replies by the team</source>
            <translation>Antworten des Teams</translation>
        </message>
        <message>
            <source>Still waiting at the end</source>
            <translation>Am Ende noch wartend</translation>
        </message>
        <message>
            <source>Ended without response</source>
            <translation>Ohne Antwort beendet</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT)</source>
            <translation>Zufriedenheit (CSAT)</translation>
        </message>
        <message>
            <source>What customers wrote about most</source>
            <translation>Worüber Kunden am meisten schrieben</translation>
        </message>
        <message>
            <source>No tagged conversations this week.</source>
            <translation>Diese Woche keine Konversationen mit Tags.</translation>
        </message>
        <message>
            <source>Tag</source>
            <translation>Tag</translation>
        </message>
        <message>
            <source>The week's longest waits</source>
            <translation>Die längsten Wartezeiten der Woche</translation>
        </message>
        <message>
            <source>No customer waited this week.</source>
            <translation>Diese Woche hat kein Kunde gewartet.</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Kanal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Seit</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Wartezeit</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Ergebnis</translation>
        </message>
        <message>
            <source>How these figures are computed: first response time runs from the customer's first message in a cycle to the first message a person on the team sent them; median, 90th percentile (p90) and mean are of answered first responses, with their count n. Waits still open and waits ended without a response are counted beside the figures, never in them. The SLA met rate is met ÷ (met + missed + running already missed) of first-response clocks. Satisfaction is the latest answer (1–5) of each cycle. Days and weeks are in the team calendar's time zone (%1). The full definitions are in the product's documentation (docs/metrics.md).</source>
            <translation>So werden diese Zahlen berechnet: Die Erstreaktionszeit läuft von der ersten Nachricht des Kunden in einem Zyklus bis zur ersten Nachricht, die ihm eine Person aus dem Team gesendet hat; Median, 90. Perzentil (P90) und Mittelwert beziehen sich auf beantwortete Erstreaktionen, mit ihrer Anzahl n. Noch offene und ohne Antwort beendete Wartezeiten werden neben den Zahlen gezählt, nie in ihnen. Die SLA-Einhaltungsquote ist eingehalten ÷ (eingehalten + verfehlt + läuft, bereits verfehlt) der Erstreaktionsuhren. Die Zufriedenheit ist die neueste Antwort (1–5) jedes Zyklus. Tage und Wochen gelten in der Zeitzone des Teamkalenders (%1). Die vollständigen Definitionen stehen in der Produktdokumentation (docs/metrics.md).</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Niemand</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>Weekly response report, week %1: %2 – %3</source>
            <translation>Wöchentlicher Antwortzeitenbericht, Woche %1: %2 – %3</translation>
        </message>
        <message>
            <source>no answered first response</source>
            <translation>keine beantwortete Erstreaktion</translation>
        </message>
        <message>
            <source>median %1 · p90 %2 · mean %3 · n = %4</source>
            <translation>Median %1 · P90 %2 · Mittelwert %3 · n = %4</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>nothing decided</source>
            <translation>nichts entschieden</translation>
        </message>
        <message>
            <source>no answers</source>
            <translation>keine Antworten</translation>
        </message>
        <message>
            <source>%1 of 5 (n = %2)</source>
            <translation>%1 von 5 (n = %2)</translation>
        </message>
        <message>
            <source>all channels</source>
            <translation>alle Kanäle</translation>
        </message>
        <message>
            <source>account %1</source>
            <translation>Konto %1</translation>
        </message>
        <message>
            <source>agent %1</source>
            <translation>Agent %1</translation>
        </message>
        <message>
            <source>team %1</source>
            <translation>Team %1</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>Tag %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>nur Servicezeiten</translation>
        </message>
        <message>
            <source>wall clock</source>
            <translation>Echtzeit</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkflowController</name>
        <message>
            <source>Next conversation</source>
            <translation>Nächste Konversation</translation>
        </message>
        <message>
            <source>Previous conversation</source>
            <translation>Vorherige Konversation</translation>
        </message>
        <message>
            <source>Open conversation</source>
            <translation>Konversation öffnen</translation>
        </message>
        <message>
            <source>Reply publicly</source>
            <translation>Öffentlich antworten</translation>
        </message>
        <message>
            <source>Reply privately</source>
            <translation>Privat antworten</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Interne Notiz</translation>
        </message>
        <message>
            <source>Resolve</source>
            <translation>Lösen</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Zuweisen…</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Zurückstellen</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>Für 1 Stunde</translation>
        </message>
        <message>
            <source>For 3 hours</source>
            <translation>Für 3 Stunden</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>Bis morgen</translation>
        </message>
        <message>
            <source>For a week</source>
            <translation>Für eine Woche</translation>
        </message>
        <message>
            <source>Take it (claim)</source>
            <translation>Übernehmen</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Wartet auf Kunden</translation>
        </message>
        <message>
            <source>No reply needed…</source>
            <translation>Keine Antwort nötig…</translation>
        </message>
        <message>
            <source>Hide comment…</source>
            <translation>Kommentar ausblenden…</translation>
        </message>
        <message>
            <source>Tags…</source>
            <translation>Tags…</translation>
        </message>
        <message>
            <source>Ask for satisfaction (1–5)</source>
            <translation>Nach Zufriedenheit fragen (1–5)</translation>
        </message>
        <message>
            <source>Record satisfaction…</source>
            <translation>Zufriedenheit erfassen…</translation>
        </message>
        <message>
            <source>Export transcript…</source>
            <translation>Transkript exportieren…</translation>
        </message>
        <message>
            <source>Print transcript…</source>
            <translation>Transkript drucken…</translation>
        </message>
        <message>
            <source>Keyboard shortcuts…</source>
            <translation>Tastenkürzel…</translation>
        </message>
        <message>
            <source>Select a conversation first.</source>
            <translation>Wählen Sie zuerst eine Konversation aus.</translation>
        </message>
        <message>
            <source>Resolved.</source>
            <translation>Gelöst.</translation>
        </message>
        <message>
            <source>Snoozed until %1.</source>
            <translation>Zurückgestellt bis %1.</translation>
        </message>
        <message>
            <source>Waiting on the customer.</source>
            <translation>Wartet auf den Kunden.</translation>
        </message>
        <message>
            <source>It is yours now.</source>
            <translation>Sie gehört jetzt Ihnen.</translation>
        </message>
        <message>
            <source>Assigned.</source>
            <translation>Zugewiesen.</translation>
        </message>
        <message>
            <source>Marked as needing no reply.</source>
            <translation>Als „keine Antwort nötig“ markiert.</translation>
        </message>
        <message>
            <source>Transcript: %1 — exported %2 by %3</source>
            <translation>Transkript: %1 – exportiert %2 von %3</translation>
        </message>
        <message>
            <source>Open a conversation first.</source>
            <translation>Öffnen Sie zuerst eine Konversation.</translation>
        </message>
        <message>
            <source>Export transcript</source>
            <translation>Transkript exportieren</translation>
        </message>
        <message>
            <source>PDF (*.pdf);;Plain text (*.txt)</source>
            <translation>PDF (*.pdf);;Nur Text (*.txt)</translation>
        </message>
        <message>
            <source>Transcript saved to %1 — attach it to the escalation.</source>
            <translation>Transkript unter %1 gespeichert – hängen Sie es an die Eskalation an.</translation>
        </message>
        <message>
            <source>Hide comment</source>
            <translation>Kommentar ausblenden</translation>
        </message>
        <message>
            <source>The customer's latest public comment will be hidden from public view on %1 — not deleted. Your name, the time and the reason are recorded.</source>
            <translation>Der neueste öffentliche Kommentar des Kunden wird auf %1 öffentlich ausgeblendet – nicht gelöscht. Ihr Name, die Uhrzeit und der Grund werden festgehalten.</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Ausblenden</translation>
        </message>
        <message>
            <source>Hidden, with your reason in the audit log.</source>
            <translation>Ausgeblendet, mit Ihrem Grund im Prüfprotokoll.</translation>
        </message>
        <message>
            <source>The satisfaction question is on its way; the customer's answer is recorded when it arrives.</source>
            <translation>Die Zufriedenheitsfrage ist unterwegs; die Antwort des Kunden wird erfasst, sobald sie eintrifft.</translation>
        </message>
        <message>
            <source>Satisfaction %1/5 recorded.</source>
            <translation>Zufriedenheit %1/5 erfasst.</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Tags</translation>
        </message>
        <message>
            <source>Tags for this conversation, separated by commas (e.g. check-in, refund):</source>
            <translation>Tags für diese Konversation, durch Kommas getrennt (z. B. Check-in, Erstattung):</translation>
        </message>
        <message>
            <source>Tags saved.</source>
            <translation>Tags gespeichert.</translation>
        </message>
        <message>
            <source>Send transcript by e-mail…</source>
            <translation>Verlauf per E-Mail senden…</translation>
        </message>
        <message>
            <source>The transcript is on its way to %1.</source>
            <translation>Der Verlauf ist unterwegs an %1.</translation>
        </message>
        <message>
            <source>Unhide comment</source>
            <translation>Kommentar wieder einblenden</translation>
        </message>
        <message>
            <source>Still reading what %1 allows here; try again in a moment.</source>
            <translation>Es wird noch gelesen, was %1 hier erlaubt; versuchen Sie es gleich noch einmal.</translation>
        </message>
        <message>
            <source>Shown again; the audit log has it.</source>
            <translation>Wieder eingeblendet; das Prüfprotokoll hält es fest.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackActions</name>
        <message>
            <source>E&amp;xport workspace pack…</source>
            <translation>Arbeitsbereichspaket e&amp;xportieren…</translation>
        </message>
        <message>
            <source>&amp;Import workspace pack…</source>
            <translation>Arbeitsbereichspaket &amp;importieren…</translation>
        </message>
        <message>
            <source>Save the team's policies, approved replies, SLA policies, calendar and triage rules as one file for other consoles</source>
            <translation>Richtlinien, freigegebene Antworten, SLA-Richtlinien, Kalender und Triage-Regeln des Teams als eine Datei für andere Konsolen speichern</translation>
        </message>
        <message>
            <source>Check a workspace pack, see what it would change, then import it</source>
            <translation>Ein Arbeitsbereichspaket prüfen, sehen, was es ändern würde, und es dann importieren</translation>
        </message>
        <message>
            <source>Export workspace pack</source>
            <translation>Arbeitsbereichspaket exportieren</translation>
        </message>
        <message>
            <source>Workspace packs (*.json)</source>
            <translation>Arbeitsbereichspakete (*.json)</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 konnte nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>Saved the workspace pack %1.</source>
            <translation>Arbeitsbereichspaket %1 gespeichert.</translation>
        </message>
        <message>
            <source>Import workspace pack</source>
            <translation>Arbeitsbereichspaket importieren</translation>
        </message>
        <message>
            <source>Workspace packs (*.json);;All files (*)</source>
            <translation>Arbeitsbereichspakete (*.json);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed: %2</source>
            <translation>%1 wurde nicht importiert; es wurde nichts geändert: %2</translation>
        </message>
        <message>
            <source>Imported the workspace pack %1.</source>
            <translation>Arbeitsbereichspaket %1 importiert.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackDialog</name>
        <message>
            <source>Import workspace pack</source>
            <translation>Arbeitsbereichspaket importieren</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importieren</translation>
        </message>
        <message>
            <source>Importing %1 would make these changes. Nothing has changed yet; Import makes all of them at once.</source>
            <translation>Der Import von %1 würde diese Änderungen vornehmen. Noch ist nichts geändert; „Importieren“ nimmt alle auf einmal vor.</translation>
        </message>
        <message>
            <source>%1 holds nothing that is not already here.</source>
            <translation>%1 enthält nichts, was nicht schon hier ist.</translation>
        </message>
        <message>
            <source>%1 cannot be imported; nothing was changed. What is wrong with it:</source>
            <translation>%1 kann nicht importiert werden; es wurde nichts geändert. Was daran falsch ist:</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Schließen</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::AccountRepository</name>
        <message>
            <source>There is no account %1.</source>
            <translation>Es gibt kein Konto %1.</translation>
        </message>
        <message>
            <source>`careconsole account list` shows the accounts and their numbers.</source>
            <translation>`careconsole account list` zeigt die Konten und ihre Nummern.</translation>
        </message>
        <message>
            <source>The account was removed before this could be sent.</source>
            <translation>Das Konto wurde entfernt, bevor dies gesendet werden konnte.</translation>
        </message>
        <message>
            <source>The account was removed while this was being sent; check on the platform whether it went out.</source>
            <translation>Das Konto wurde entfernt, während dies gesendet wurde; prüfen Sie auf der Plattform, ob es rausgegangen ist.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ChangeFeed</name>
        <message>
            <source>The team database did not accept the subscription to changes.</source>
            <translation>Die Team-Datenbank hat das Abonnement der Änderungen nicht angenommen.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>Die Verbindung zur Team-Datenbank ist unterbrochen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationActions</name>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Diese Konversation existiert nicht mehr.</translation>
        </message>
        <message>
            <source>%1 has already taken this conversation.</source>
            <translation>%1 hat diese Konversation bereits übernommen.</translation>
        </message>
        <message>
            <source>Ask them, or have a lead reassign it.</source>
            <translation>Fragen Sie nach oder lassen Sie sie von einer Teamleitung neu zuweisen.</translation>
        </message>
        <message>
            <source>Hiding a customer's message needs a reason.</source>
            <translation>Das Ausblenden einer Kundennachricht braucht einen Grund.</translation>
        </message>
        <message>
            <source>Say why, for example: abusive language, or personal data posted in public.</source>
            <translation>Sagen Sie, warum, zum Beispiel: beleidigende Sprache oder öffentlich gepostete personenbezogene Daten.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>Es gibt keine sichtbare öffentliche Nachricht des Kunden, die ausgeblendet werden könnte.</translation>
        </message>
        <message>
            <source>There is nothing to send.</source>
            <translation>Es gibt nichts zu senden.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 ist keine E-Mail-Adresse.</translation>
        </message>
        <message>
            <source>Give the colleague's or department's address, e.g. escalations@example.com.</source>
            <translation>Geben Sie die Adresse der Kollegin, des Kollegen oder der Abteilung an, z. B. escalations@example.com.</translation>
        </message>
        <message>
            <source>Account %1 is not an e-mail account.</source>
            <translation>Konto %1 ist kein E-Mail-Konto.</translation>
        </message>
        <message>
            <source>Connect a support mailbox with careconsole account add email.</source>
            <translation>Verbinden Sie ein Support-Postfach mit careconsole account add email.</translation>
        </message>
        <message>
            <source>Transcript sent by e-mail to %1.</source>
            <translation>Verlauf per E-Mail an %1 gesendet.</translation>
        </message>
        <message>
            <source>Choose a colleague or the team, not yourself.</source>
            <translation>Wählen Sie eine Kollegin, einen Kollegen oder das Team, nicht sich selbst.</translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Verlauf von Unterhaltung %1</translation>
        </message>
        <message>
            <source>The transcript could not be written as a PDF.</source>
            <translation>Der Verlauf konnte nicht als PDF geschrieben werden.</translation>
        </message>
        <message>
            <source>This customer has not given e-mail as their preferred contact, with an address.</source>
            <translation>Diese Kundin oder dieser Kunde hat E-Mail nicht als bevorzugten Kontakt mit einer Adresse angegeben.</translation>
        </message>
        <message>
            <source>Record their e-mail address and preference in the customer card first.</source>
            <translation>Tragen Sie zuerst die E-Mail-Adresse und die Präferenz in der Kundenkarte ein.</translation>
        </message>
        <message>
            <source>Nothing was sent. Try again; if it keeps failing, export the transcript and attach it yourself.</source>
            <translation>Es wurde nichts gesendet. Versuchen Sie es erneut; schlägt es weiter fehl, exportieren Sie den Verlauf und hängen Sie ihn selbst an.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Nichts, was der Kunde hier geschrieben hat, ist ausgeblendet.</translation>
        </message>
        <message>
            <source>The customer's comment is shown again on %1.</source>
            <translation>Der Kommentar des Kunden wird auf %1 wieder angezeigt.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Diese Nachricht ist privat oder bereits ausgeblendet; nur eine sichtbare öffentliche Nachricht des Kunden kann ausgeblendet werden.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Diese Nachricht ist nicht ausgeblendet.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationFactsQuery</name>
        <message>
            <source>There is no conversation %1.</source>
            <translation>Es gibt keine Konversation %1.</translation>
        </message>
        <message>
            <source>Message %1 is not one of the customer's messages in conversation %2.</source>
            <translation>Nachricht %1 ist keine Nachricht des Kunden in der Konversation %2.</translation>
        </message>
        <message>
            <source>Leave out --message to act on the customer's latest message, as the console does.</source>
            <translation>Lassen Sie --message weg, um wie die Konsole auf die neueste Nachricht des Kunden zu wirken.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CsatRepository</name>
        <message>
            <source>The satisfaction question is missing from this build.</source>
            <translation>Die Zufriedenheitsfrage fehlt in diesem Build.</translation>
        </message>
        <message>
            <source>Reinstall Care Console.</source>
            <translation>Installieren Sie Care Console neu.</translation>
        </message>
        <message>
            <source>The satisfaction question in this build cannot be read.</source>
            <translation>Die Zufriedenheitsfrage in diesem Build kann nicht gelesen werden.</translation>
        </message>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Diese Konversation existiert nicht mehr.</translation>
        </message>
        <message>
            <source>The satisfaction question was already sent on %1 and is waiting for the customer's answer.</source>
            <translation>Die Zufriedenheitsfrage wurde bereits am %1 gesendet und wartet auf die Antwort des Kunden.</translation>
        </message>
        <message>
            <source>Wait for the answer, or record the score by hand if the customer gave it another way.</source>
            <translation>Warten Sie auf die Antwort oder erfassen Sie die Bewertung von Hand, wenn der Kunde sie auf anderem Weg genannt hat.</translation>
        </message>
        <message>
            <source>A satisfaction score is a number from 1 to 5, not %1.</source>
            <translation>Eine Zufriedenheitsbewertung ist eine Zahl von 1 bis 5, nicht %1.</translation>
        </message>
        <message>
            <source>Choose 1 (poor) to 5 (great).</source>
            <translation>Wählen Sie 1 (schlecht) bis 5 (sehr gut).</translation>
        </message>
        <message>
            <source>A score recorded by hand needs the agent who recorded it.</source>
            <translation>Eine von Hand erfasste Bewertung braucht den Agenten, der sie erfasst hat.</translation>
        </message>
        <message>
            <source>Sign in as an agent, then record the score again.</source>
            <translation>Melden Sie sich als Agent an und erfassen Sie die Bewertung erneut.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CustomerRepository</name>
        <message>
            <source>These are already the same customer.</source>
            <translation>Das ist bereits derselbe Kunde.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Database</name>
        <message>
            <source>The team database at %1 refused the sign-in for user “%2”.</source>
            <translation>Die Teamdatenbank unter %1 hat die Anmeldung für den Benutzer „%2“ abgelehnt.</translation>
        </message>
        <message>
            <source>Check the user name and password in the database URL, or ask your administrator to grant this login access.</source>
            <translation>Prüfen Sie Benutzername und Passwort in der Datenbank-URL oder bitten Sie Ihre Administration, diesem Login Zugriff zu gewähren.</translation>
        </message>
        <message>
            <source>The server at %1:%2 has no database named “%3”.</source>
            <translation>Der Server unter %1:%2 hat keine Datenbank namens „%3“.</translation>
        </message>
        <message>
            <source>Check the database name at the end of the URL, or ask your administrator to create it.</source>
            <translation>Prüfen Sie den Datenbanknamen am Ende der URL oder bitten Sie Ihre Administration, sie anzulegen.</translation>
        </message>
        <message>
            <source>The database host “%1” could not be found.</source>
            <translation>Der Datenbankhost „%1“ wurde nicht gefunden.</translation>
        </message>
        <message>
            <source>Check the host name in the database URL.</source>
            <translation>Prüfen Sie den Hostnamen in der Datenbank-URL.</translation>
        </message>
        <message>
            <source>Nothing answered at %1:%2 — the team database is not reachable.</source>
            <translation>Unter %1:%2 hat nichts geantwortet – die Teamdatenbank ist nicht erreichbar.</translation>
        </message>
        <message>
            <source>Check the host and port in the database URL, that the database server is running, and that your network allows the connection.</source>
            <translation>Prüfen Sie Host und Port in der Datenbank-URL, ob der Datenbankserver läuft und ob Ihr Netzwerk die Verbindung erlaubt.</translation>
        </message>
        <message>
            <source>The program at %1:%2 did not answer like a PostgreSQL server.</source>
            <translation>Das Programm unter %1:%2 hat nicht wie ein PostgreSQL-Server geantwortet.</translation>
        </message>
        <message>
            <source>Check the port in the database URL: it may point at another service.</source>
            <translation>Prüfen Sie den Port in der Datenbank-URL: Er zeigt vielleicht auf einen anderen Dienst.</translation>
        </message>
        <message>
            <source>The team database at %1 could not be opened.</source>
            <translation>Die Teamdatenbank unter %1 konnte nicht geöffnet werden.</translation>
        </message>
        <message>
            <source>Check the database URL and the server.</source>
            <translation>Prüfen Sie die Datenbank-URL und den Server.</translation>
        </message>
        <message>
            <source>This store was written by a newer version of Care Console (store version %1; this version understands up to %2). It was not opened and nothing in it was changed.</source>
            <translation>Dieser Datenspeicher wurde von einer neueren Version von Care Console geschrieben (Speicherversion %1; diese Version versteht bis %2). Er wurde nicht geöffnet und nichts darin wurde geändert.</translation>
        </message>
        <message>
            <source>Install the newer version of Care Console to open it.</source>
            <translation>Installieren Sie die neuere Version von Care Console, um ihn zu öffnen.</translation>
        </message>
        <message>
            <source>This store uses an older layout (version %1) and cannot be upgraded while it is open read-only.</source>
            <translation>Dieser Datenspeicher hat ein älteres Format (Version %1) und kann nicht aktualisiert werden, solange er schreibgeschützt geöffnet ist.</translation>
        </message>
        <message>
            <source>Open it normally once so it can be upgraded.</source>
            <translation>Öffnen Sie ihn einmal normal, damit er aktualisiert werden kann.</translation>
        </message>
        <message>
            <source>There is no store at %1.</source>
            <translation>Unter %1 gibt es keinen Datenspeicher.</translation>
        </message>
        <message>
            <source>Check the path, or start a new store.</source>
            <translation>Prüfen Sie den Pfad oder legen Sie einen neuen Datenspeicher an.</translation>
        </message>
        <message>
            <source>The folder %1 could not be created for the store.</source>
            <translation>Der Ordner %1 konnte für den Datenspeicher nicht angelegt werden.</translation>
        </message>
        <message>
            <source>Check that you may write there, or choose another place.</source>
            <translation>Prüfen Sie, ob Sie dort schreiben dürfen, oder wählen Sie einen anderen Ort.</translation>
        </message>
        <message>
            <source>%1 is a folder, not a store file.</source>
            <translation>%1 ist ein Ordner, keine Datenspeicherdatei.</translation>
        </message>
        <message>
            <source>Give the path of a store file.</source>
            <translation>Geben Sie den Pfad einer Datenspeicherdatei an.</translation>
        </message>
        <message>
            <source>The store %1 could not be opened.</source>
            <translation>Der Datenspeicher %1 konnte nicht geöffnet werden.</translation>
        </message>
        <message>
            <source>Check that the file is readable and writable.</source>
            <translation>Prüfen Sie, ob die Datei lesbar und beschreibbar ist.</translation>
        </message>
        <message>
            <source>%1 is not a Care Console store (it is not an SQLite database).</source>
            <translation>%1 ist kein Care-Console-Datenspeicher (es ist keine SQLite-Datenbank).</translation>
        </message>
        <message>
            <source>Choose the right file, or start a new store elsewhere.</source>
            <translation>Wählen Sie die richtige Datei oder legen Sie an anderer Stelle einen neuen Datenspeicher an.</translation>
        </message>
        <message>
            <source>The store %1 is damaged.</source>
            <translation>Der Datenspeicher %1 ist beschädigt.</translation>
        </message>
        <message>
            <source>It was left untouched. You can open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>Er wurde nicht verändert. Sie können eine schreibgeschützte Kopie öffnen, um zu retten, was lesbar ist, oder an anderer Stelle einen neuen Datenspeicher anlegen.</translation>
        </message>
        <message>
            <source>The store %1 could not be read.</source>
            <translation>Der Datenspeicher %1 konnte nicht gelesen werden.</translation>
        </message>
        <message>
            <source>Check that the file is readable.</source>
            <translation>Prüfen Sie, ob die Datei lesbar ist.</translation>
        </message>
        <message>
            <source>The PostgreSQL driver for Qt is not installed.</source>
            <translation>Der PostgreSQL-Treiber für Qt ist nicht installiert.</translation>
        </message>
        <message>
            <source>Install the Qt PostgreSQL driver (Debian: libqt6sql6-psql).</source>
            <translation>Installieren Sie den Qt-PostgreSQL-Treiber (Debian: libqt6sql6-psql).</translation>
        </message>
        <message>
            <source>The store could not start a transaction.</source>
            <translation>Der Datenspeicher konnte keine Transaktion beginnen.</translation>
        </message>
        <message>
            <source>The store could not save the change.</source>
            <translation>Der Datenspeicher konnte die Änderung nicht speichern.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>Die Verbindung zur Team-Datenbank ist unterbrochen.</translation>
        </message>
        <message>
            <source>Care Console keeps your work and reconnects by itself.</source>
            <translation>Care Console behält Ihre Arbeit und verbindet sich selbst wieder.</translation>
        </message>
        <message>
            <source>Open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>Öffnen Sie eine schreibgeschützte Kopie, um zu retten, was lesbar ist, oder legen Sie an anderer Stelle einen neuen Datenspeicher an.</translation>
        </message>
        <message>
            <source>The store could not complete an operation.</source>
            <translation>Der Datenspeicher konnte einen Vorgang nicht abschließen.</translation>
        </message>
        <message>
            <source>The store could not be opened again.</source>
            <translation>Der Datenspeicher konnte nicht erneut geöffnet werden.</translation>
        </message>
        <message>
            <source>Row %1 in %2 points at a missing %3.</source>
            <translation>Zeile %1 in %2 verweist auf ein fehlendes %3.</translation>
        </message>
        <message>
            <source>The search index does not match the messages: %1</source>
            <translation>Der Suchindex passt nicht zu den Nachrichten: %1</translation>
        </message>
        <message>
            <source>%1 messages belong to no conversation.</source>
            <translation>%1 Nachrichten gehören zu keiner Konversation.</translation>
        </message>
        <message>
            <source>The bundled off-hours acknowledgement is missing.</source>
            <translation>Die mitgelieferte Eingangsbestätigung für Zeiten außerhalb der Servicezeiten fehlt.</translation>
        </message>
        <message>
            <source>The team database does not allow your login (%1) to do this.</source>
            <translation>Die Team-Datenbank erlaubt Ihrer Anmeldung (%1) das nicht.</translation>
        </message>
        <message>
            <source>Leads change policies and service levels, administrators accounts and people; ask one of them if this needs doing.</source>
            <translation>Teamleitungen ändern Richtlinien und Service-Level, Administratoren Konten und Personen; bitten Sie eine von ihnen, falls es nötig ist.</translation>
        </message>
        <message>
            <source>The team database uses an older layout (version %1) than this Care Console (version %2), and your login (%3) may not upgrade it.</source>
            <translation>Die Team-Datenbank hat ein älteres Format (Version %1) als diese Care Console (Version %2), und Ihre Anmeldung (%3) darf sie nicht aktualisieren.</translation>
        </message>
        <message>
            <source>Ask the database's owner to run: careconsole --database postgresql://OWNER@HOST/DB team setup</source>
            <translation>Bitten Sie den Eigentümer der Datenbank, Folgendes auszuführen: careconsole --database postgresql://EIGENTÜMER@HOST/DB team setup</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DatabaseLocation</name>
        <message>
            <source>No database was given.</source>
            <translation>Es wurde keine Datenbank angegeben.</translation>
        </message>
        <message>
            <source>Give a PostgreSQL URL such as postgresql://agent@db.example/care, or a file path.</source>
            <translation>Geben Sie eine PostgreSQL-URL wie postgresql://agent@db.example/care oder einen Dateipfad an.</translation>
        </message>
        <message>
            <source>The SQLite URL names no file.</source>
            <translation>Die SQLite-URL nennt keine Datei.</translation>
        </message>
        <message>
            <source>Write it as sqlite:///full/path/to/store.sqlite.</source>
            <translation>Schreiben Sie sie als sqlite:///vollständiger/pfad/zum/speicher.sqlite.</translation>
        </message>
        <message>
            <source>“%1” is not a database URL Care Console understands.</source>
            <translation>„%1“ ist keine Datenbank-URL, die Care Console versteht.</translation>
        </message>
        <message>
            <source>Use postgresql://user@host:port/database for a team database, or the path of an SQLite file.</source>
            <translation>Verwenden Sie postgresql://benutzer@host:port/datenbank für eine Teamdatenbank oder den Pfad einer SQLite-Datei.</translation>
        </message>
        <message>
            <source>The database URL is not valid: %1</source>
            <translation>Die Datenbank-URL ist ungültig: %1</translation>
        </message>
        <message>
            <source>Write it as postgresql://user:password@host:port/database.</source>
            <translation>Schreiben Sie sie als postgresql://benutzer:passwort@host:port/datenbank.</translation>
        </message>
        <message>
            <source>The database URL names no database.</source>
            <translation>Die Datenbank-URL nennt keine Datenbank.</translation>
        </message>
        <message>
            <source>Add the database name after the host, e.g. postgresql://%1/care.</source>
            <translation>Fügen Sie den Datenbanknamen nach dem Host hinzu, z. B. postgresql://%1/care.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DemoWorkspace</name>
        <message>
            <source>The demo workspace is not valid: %1</source>
            <translation>Der Demo-Arbeitsbereich ist ungültig: %1</translation>
        </message>
        <message>
            <source>the bundled file is missing</source>
            <translation>die mitgelieferte Datei fehlt</translation>
        </message>
        <message>
            <source>an agent has no id</source>
            <translation>ein Agent hat keine ID</translation>
        </message>
        <message>
            <source>unknown platform “%1”</source>
            <translation>unbekannte Plattform „%1“</translation>
        </message>
        <message>
            <source>unknown identity platform</source>
            <translation>unbekannte Plattform einer Identität</translation>
        </message>
        <message>
            <source>customer “%1” has no identity</source>
            <translation>Kunde „%1“ hat keine Identität</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown account</source>
            <translation>Konversation %1 nennt ein unbekanntes Konto</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown customer</source>
            <translation>Konversation %1 nennt einen unbekannten Kunden</translation>
        </message>
        <message>
            <source>conversation %1 has no messages</source>
            <translation>Konversation %1 hat keine Nachrichten</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::EmailAnswerTarget</name>
        <message>
            <source>About your article found on %1</source>
            <translation>Zu Ihrem Artikel auf %1</translation>
        </message>
        <message>
            <source>Your message to %1 on %2</source>
            <translation>Ihre Nachricht an %1 auf %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MessageRepository</name>
        <message>
            <source>A message without an id, thread or time cannot be stored.</source>
            <translation>Eine Nachricht ohne ID, Thread oder Zeit kann nicht gespeichert werden.</translation>
        </message>
        <message>
            <source>The account %1 does not exist.</source>
            <translation>Das Konto %1 existiert nicht.</translation>
        </message>
        <message>
            <source>A new conversation needs the customer's platform identity.</source>
            <translation>Eine neue Konversation braucht die Plattformidentität des Kunden.</translation>
        </message>
        <message>
            <source>Suggested acknowledgement (the customer wrote outside staffed hours):
%1</source>
            <translation>Vorgeschlagene Eingangsbestätigung (der Kunde schrieb außerhalb der Servicezeiten):
%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCache</name>
        <message>
            <source>The kept figures are newer than the instant asked for.</source>
            <translation>Die gespeicherten Kennzahlen sind neuer als der angefragte Zeitpunkt.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCsv</name>
        <message>
            <source>The report could not be written.</source>
            <translation>Der Bericht konnte nicht geschrieben werden.</translation>
        </message>
        <message>
            <source>The file is not open for writing.</source>
            <translation>Die Datei ist nicht zum Schreiben geöffnet.</translation>
        </message>
        <message>
            <source>Check that there is space left and that you may write there.</source>
            <translation>Prüfen Sie, ob noch Platz frei ist und ob Sie dort schreiben dürfen.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsQuery</name>
        <message>
            <source>A report needs the instant it is made (now).</source>
            <translation>Ein Bericht braucht den Zeitpunkt, zu dem er erstellt wird (jetzt).</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::OutboxRepository</name>
        <message>
            <source>That reply is no longer in the outbox.</source>
            <translation>Diese Antwort ist nicht mehr im Postausgang.</translation>
        </message>
        <message>
            <source>That message was never queued for delivery.</source>
            <translation>Diese Nachricht wurde nie zur Zustellung eingereiht.</translation>
        </message>
        <message>
            <source>Sending was interrupted; checking whether it went out.</source>
            <translation>Der Versand wurde unterbrochen; es wird geprüft, ob sie rausging.</translation>
        </message>
        <message>
            <source>Cancelled by the agent.</source>
            <translation>Vom Agenten abgebrochen.</translation>
        </message>
        <message>
            <source>This reply has changed state meanwhile (it may have been sent or cancelled).</source>
            <translation>Diese Antwort hat inzwischen ihren Zustand geändert (sie wurde vielleicht gesendet oder abgebrochen).</translation>
        </message>
        <message>
            <source>The transcript shows where it is now.</source>
            <translation>Das Transkript zeigt, wo sie jetzt steht.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ScheduledPostRepository</name>
        <message>
            <source>A scheduled post needs an account, a text and a time.</source>
            <translation>Ein geplanter Beitrag braucht ein Konto, einen Text und eine Uhrzeit.</translation>
        </message>
        <message>
            <source>A scheduled post needs a text and a time.</source>
            <translation>Ein geplanter Beitrag braucht einen Text und eine Uhrzeit.</translation>
        </message>
        <message>
            <source>Not posted: its time had passed before it could go out (no sync then).</source>
            <translation>Nicht veröffentlicht: Sein Zeitpunkt war vorbei, bevor er rausgehen konnte (damals keine Synchronisierung).</translation>
        </message>
        <message>
            <source>That post is no longer scheduled: it was posted, cancelled or expired.</source>
            <translation>Dieser Beitrag ist nicht mehr geplant: Er wurde veröffentlicht, abgebrochen oder ist abgelaufen.</translation>
        </message>
        <message>
            <source>Posting was interrupted; trying again with the same key.</source>
            <translation>Das Veröffentlichen wurde unterbrochen; neuer Versuch mit demselben Schlüssel.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::SchemaMigrator</name>
        <message>
            <source>%1 holds other data and is not a Care Console store. Nothing was changed.</source>
            <translation>%1 enthält andere Daten und ist kein Care-Console-Datenspeicher. Es wurde nichts geändert.</translation>
        </message>
        <message>
            <source>Choose an empty database or an existing Care Console store.</source>
            <translation>Wählen Sie eine leere Datenbank oder einen vorhandenen Care-Console-Datenspeicher.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Store</name>
        <message>
            <source>No store is open.</source>
            <translation>Es ist kein Datenspeicher geöffnet.</translation>
        </message>
        <message>
            <source>Connected to the team database again.</source>
            <translation>Wieder mit der Teamdatenbank verbunden.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::StoreCopier</name>
        <message>
            <source>The table %1 is missing from one of the stores.</source>
            <translation>Die Tabelle %1 fehlt in einem der Speicher.</translation>
        </message>
        <message>
            <source>Open both stores with this version of Care Console once, so both are up to date.</source>
            <translation>Öffnen Sie beide Speicher einmal mit dieser Version von Care Console, damit beide aktuell sind.</translation>
        </message>
        <message>
            <source>The copy is incomplete: %1 has %2 rows in the workspace but %3 in the team database.</source>
            <translation>Die Kopie ist unvollständig: %1 hat %2 Zeilen im Arbeitsbereich, aber %3 in der Team-Datenbank.</translation>
        </message>
        <message>
            <source>Run the same command again; it continues where it stopped.</source>
            <translation>Führen Sie denselben Befehl erneut aus; er macht dort weiter, wo er aufgehört hat.</translation>
        </message>
        <message>
            <source>Rows of %1 are missing from the team database after the copy.</source>
            <translation>Nach der Kopie fehlen Zeilen von %1 in der Team-Datenbank.</translation>
        </message>
        <message>
            <source>Message %1 differs between the workspace and the team database.</source>
            <translation>Nachricht %1 unterscheidet sich zwischen Arbeitsbereich und Team-Datenbank.</translation>
        </message>
        <message>
            <source>The team database already held other data with the same ids. Copy into an empty team database.</source>
            <translation>Die Team-Datenbank enthielt bereits andere Daten mit denselben IDs. Kopieren Sie in eine leere Team-Datenbank.</translation>
        </message>
        <message>
            <source>The workspace to copy from must be an SQLite store file.</source>
            <translation>Der zu kopierende Arbeitsbereich muss eine SQLite-Speicherdatei sein.</translation>
        </message>
        <message>
            <source>Give the path of the single-user store, e.g. ~/.local/share/CareConsole/care.sqlite.</source>
            <translation>Geben Sie den Pfad des Einzelplatz-Speichers an, z. B. ~/.local/share/CareConsole/care.sqlite.</translation>
        </message>
        <message>
            <source>The workspace is at schema version %1 and the team database at %2.</source>
            <translation>Der Arbeitsbereich hat Schemaversion %1, die Team-Datenbank %2.</translation>
        </message>
        <message>
            <source>Open both with this version of Care Console once, so both are up to date.</source>
            <translation>Öffnen Sie beide einmal mit dieser Version von Care Console, damit beide aktuell sind.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TeamRoles</name>
        <message>
            <source>Team roles need a team database (PostgreSQL).</source>
            <translation>Team-Rollen brauchen eine Team-Datenbank (PostgreSQL).</translation>
        </message>
        <message>
            <source>Use --database postgresql://owner@host/care with the database owner's login.</source>
            <translation>Verwenden Sie --database postgresql://eigentuemer@host/care mit der Anmeldung des Datenbank-Eigentümers.</translation>
        </message>
        <message>
            <source>"%1" cannot be a login name.</source>
            <translation>„%1“ kann kein Anmeldename sein.</translation>
        </message>
        <message>
            <source>Use lower-case letters, digits and underscores, starting with a letter (for example ann_lee), and not starting with care_.</source>
            <translation>Verwenden Sie Kleinbuchstaben, Ziffern und Unterstriche, beginnend mit einem Buchstaben (zum Beispiel ann_lee) und nicht mit care_.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TranscriptMail</name>
        <message>
            <source>Transcript of conversation %1 with %2, sent by %3 on %4.</source>
            <translation>Verlauf von Unterhaltung %1 mit %2, gesendet von %3 am %4.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels follows, oldest first; please do not ask them to repeat it.</source>
            <translation>Es folgt der gesamte Verlauf des Kunden über alle Kanäle, älteste Nachricht zuerst; bitte lassen Sie ihn nichts wiederholen.</translation>
        </message>
        <message>
            <source>Customer: %1</source>
            <translation>Kunde: %1</translation>
        </message>
        <message>
            <source>Prefers to be contacted by: %1 %2</source>
            <translation>Bevorzugter Kontaktweg: %1 %2</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Tags: %1</translation>
        </message>
        <message>
            <source>Only the newest %1 messages are included.</source>
            <translation>Nur die neuesten %1 Nachrichten sind enthalten.</translation>
        </message>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Automatische Eingangsbestätigung</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (Team)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Interne Notiz von %1</translation>
        </message>
        <message>
            <source>internal</source>
            <translation>intern</translation>
        </message>
        <message>
            <source>public</source>
            <translation>öffentlich</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privat</translation>
        </message>
        <message>
            <source> · conversation %1</source>
            <translation> · Unterhaltung %1</translation>
        </message>
        <message>
            <source>(deleted by the author)</source>
            <translation>(vom Verfasser gelöscht)</translation>
        </message>
        <message>
            <source>Conversation %1 with %2: %3, %4.</source>
            <translation>Unterhaltung %1 mit %2: %3, %4.</translation>
        </message>
        <message>
            <source>unassigned</source>
            <translation>nicht zugewiesen</translation>
        </message>
        <message>
            <source>assigned to %1</source>
            <translation>zugewiesen an %1</translation>
        </message>
        <message>
            <source>(hidden from public view on %1, not from the console)</source>
            <translation>(auf %1 öffentlich ausgeblendet, nicht aus der Konsole)</translation>
        </message>
        <message>
            <source>(hidden from public view by %1: %2)</source>
            <translation>(öffentlich ausgeblendet von %1: %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspacePackTransfer</name>
        <message>
            <source>title “%1” → “%2”</source>
            <translation>Titel „%1“ → „%2“</translation>
        </message>
        <message>
            <source>tags %1 → %2</source>
            <translation>Tags %1 → %2</translation>
        </message>
        <message>
            <source>values</source>
            <translation>Werte</translation>
        </message>
        <message numerus="yes">
            <source>text (%n lines)</source>
            <translation>
                <numerusform>Text (%n Zeile)</numerusform>
                <numerusform>Text (%n Zeilen)</numerusform>
            </translation>
        </message>
        <message>
            <source>text</source>
            <translation>Text</translation>
        </message>
        <message>
            <source>add</source>
            <translation>hinzufügen</translation>
        </message>
        <message>
            <source>update</source>
            <translation>aktualisieren</translation>
        </message>
        <message>
            <source>replace</source>
            <translation>ersetzen</translation>
        </message>
        <message>
            <source>keep (not in the pack)</source>
            <translation>behalten (nicht im Paket)</translation>
        </message>
        <message numerus="yes">
            <source>%n entries of the pack are already the same here.</source>
            <translation>
                <numerusform>%n Eintrag des Pakets ist hier bereits gleich.</numerusform>
                <numerusform>%n Einträge des Pakets sind hier bereits gleich.</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing would change.</source>
            <translation>Es würde sich nichts ändern.</translation>
        </message>
        <message>
            <source>SLA policies</source>
            <translation>SLA-Richtlinien</translation>
        </message>
        <message>
            <source>%1 → %2 policies</source>
            <translation>%1 → %2 Richtlinien</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>Teamkalender</translation>
        </message>
        <message>
            <source>triage rules</source>
            <translation>Triage-Regeln</translation>
        </message>
        <message numerus="yes">
            <source>%n languages</source>
            <translation>
                <numerusform>%n Sprache</numerusform>
                <numerusform>%n Sprachen</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspaceSettings</name>
        <message>
            <source>The bundled file %1 is missing.</source>
            <translation>Die mitgelieferte Datei %1 fehlt.</translation>
        </message>
        <message>
            <source>There are no triage rules.</source>
            <translation>Es gibt keine Triage-Regeln.</translation>
        </message>
        <message>
            <source>rule set %1</source>
            <translation>Regelsatz %1</translation>
        </message>
        <message>
            <source>The acknowledgement mode must be send, propose or off.</source>
            <translation>Der Modus für Eingangsbestätigungen muss send, propose oder off sein.</translation>
        </message>
        <message>
            <source>The file %1 your administrator set (%2) cannot be read.</source>
            <translation>Die Datei %1, die Ihre Administration festgelegt hat (%2), kann nicht gelesen werden.</translation>
        </message>
        <message>
            <source>Ask your administrator to check the system-wide settings.</source>
            <translation>Bitten Sie Ihre Administration, die systemweiten Einstellungen zu prüfen.</translation>
        </message>
        <message>
            <source>The %1 is set by your administrator and cannot be changed here.</source>
            <translation>%1 ist von Ihrer Administration festgelegt und kann hier nicht geändert werden.</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>Teamkalender</translation>
        </message>
        <message>
            <source>set of SLA policies</source>
            <translation>Satz von SLA-Richtlinien</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyAccountSetup</name>
        <message>
            <source>Give the account's handle, e.g. acme.bsky.social.</source>
            <translation>Geben Sie das Handle des Kontos an, z. B. acme.bsky.social.</translation>
        </message>
        <message>
            <source>The app password is empty.</source>
            <translation>Das App-Passwort ist leer.</translation>
        </message>
        <message>
            <source>Create one in Bluesky: Settings → Privacy and security → App passwords.</source>
            <translation>Legen Sie eines in Bluesky an: Einstellungen → Privatsphäre und Sicherheit → App-Passwörter.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatClient</name>
        <message>
            <source>Bluesky chat</source>
            <translation>Bluesky-Chat</translation>
        </message>
        <message>
            <source>This app password does not allow direct messages on Bluesky.</source>
            <translation>Dieses App-Passwort erlaubt keine Direktnachrichten auf Bluesky.</translation>
        </message>
        <message>
            <source>In Bluesky, open Settings → Privacy and security → App passwords, create one with “Allow access to your direct messages” ticked, and connect the account again with it.</source>
            <translation>Öffnen Sie in Bluesky Einstellungen → Privatsphäre und Sicherheit → App-Passwörter, legen Sie eines mit aktiviertem „Zugriff auf deine Direktnachrichten erlauben“ an und verbinden Sie das Konto damit erneut.</translation>
        </message>
        <message>
            <source>Bluesky chat sent a conversation without the customer in it.</source>
            <translation>Der Bluesky-Chat hat eine Konversation ohne den Kunden geschickt.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>Shared post: %1</source>
            <translation>Geteilter Beitrag: %1</translation>
        </message>
        <message>
            <source>There is no Bluesky customer to write to privately.</source>
            <translation>Es gibt keinen Bluesky-Kunden, dem privat geschrieben werden kann.</translation>
        </message>
        <message>
            <source>Bluesky does not know the customer %1 (any more).</source>
            <translation>Bluesky kennt den Kunden %1 nicht (mehr).</translation>
        </message>
        <message>
            <source>The account may have been deleted or suspended.</source>
            <translation>Das Konto wurde vielleicht gelöscht oder gesperrt.</translation>
        </message>
        <message>
            <source>%1 and the brand block each other on Bluesky: a private message cannot reach them.</source>
            <translation>%1 und die Marke blockieren sich auf Bluesky gegenseitig: Eine Privatnachricht kann sie nicht erreichen.</translation>
        </message>
        <message>
            <source>%1 does not accept direct messages on Bluesky.</source>
            <translation>%1 nimmt auf Bluesky keine Direktnachrichten an.</translation>
        </message>
        <message>
            <source>Reply publicly instead; they can write to the brand privately if they prefer.</source>
            <translation>Antworten Sie stattdessen öffentlich; der Kunde kann der Marke privat schreiben, wenn er das lieber möchte.</translation>
        </message>
        <message>
            <source>This customer only accepts messages from accounts they follow, and %1 does not follow the brand.</source>
            <translation>Dieser Kunde nimmt nur Nachrichten von Konten an, denen er folgt, und %1 folgt der Marke nicht.</translation>
        </message>
        <message>
            <source>Reply publicly, or ask them to follow the brand's account or to message it first.</source>
            <translation>Antworten Sie öffentlich oder bitten Sie den Kunden, dem Konto der Marke zu folgen oder ihm zuerst zu schreiben.</translation>
        </message>
        <message>
            <source>Bluesky chat carries private messages only.</source>
            <translation>Der Bluesky-Chat überträgt nur Privatnachrichten.</translation>
        </message>
        <message>
            <source>Too long for a Bluesky direct message (%1 of %2 graphemes, %3 of %4 bytes).</source>
            <translation>Zu lang für eine Bluesky-Direktnachricht (%1 von %2 Graphemen, %3 von %4 Bytes).</translation>
        </message>
        <message>
            <source>Shorten it, or split it into two messages.</source>
            <translation>Kürzen Sie den Text oder teilen Sie ihn auf zwei Nachrichten auf.</translation>
        </message>
        <message>
            <source>Bluesky chat sent an answer that could not be read.</source>
            <translation>Der Bluesky-Chat hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatJson</name>
        <message>
            <source>Unexpected chat data: %1</source>
            <translation>Unerwartete Chatdaten: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>The Bluesky account is not signed in.</source>
            <translation>Das Bluesky-Konto ist nicht angemeldet.</translation>
        </message>
        <message>
            <source>Connect it again with an app password.</source>
            <translation>Verbinden Sie es erneut mit einem App-Passwort.</translation>
        </message>
        <message>
            <source>(quoting %1)</source>
            <translation>(zitiert %1)</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Dieser Beitrag wurde gelöscht.)</translation>
        </message>
        <message>
            <source>The post this replies to is no longer on Bluesky (deleted, or its author blocked the brand).</source>
            <translation>Der Beitrag, auf den dies antwortet, ist nicht mehr auf Bluesky (gelöscht, oder sein Autor hat die Marke blockiert).</translation>
        </message>
        <message>
            <source>Cancel the reply, or send it as a new conversation.</source>
            <translation>Brechen Sie die Antwort ab oder senden Sie sie als neue Konversation.</translation>
        </message>
        <message>
            <source>Care Console cannot send Bluesky direct messages yet.</source>
            <translation>Care Console kann noch keine Bluesky-Direktnachrichten senden.</translation>
        </message>
        <message>
            <source>Answer publicly, or write to the customer from the Bluesky app.</source>
            <translation>Antworten Sie öffentlich oder schreiben Sie dem Kunden aus der Bluesky-App.</translation>
        </message>
        <message>
            <source>Care Console cannot hide Bluesky replies.</source>
            <translation>Care Console kann Bluesky-Antworten nicht ausblenden.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>Die Nachricht ist nur in der Konsole ausgeblendet.</translation>
        </message>
        <message>
            <source>Another post already has this reply's record key.</source>
            <translation>Ein anderer Beitrag hat bereits den Datensatzschlüssel dieser Antwort.</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Beiträge, die „%1“ nennen</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Direktnachrichten</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskySession</name>
        <message>
            <source>The Bluesky account's sign-in is missing or damaged.</source>
            <translation>Die Anmeldung des Bluesky-Kontos fehlt oder ist beschädigt.</translation>
        </message>
        <message>
            <source>Connect the account again with an app password.</source>
            <translation>Verbinden Sie das Konto erneut mit einem App-Passwort.</translation>
        </message>
        <message>
            <source>Give the Bluesky server's address, e.g. https://bsky.social.</source>
            <translation>Geben Sie die Adresse des Bluesky-Servers an, z. B. https://bsky.social.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the app password would travel in the clear.</source>
            <translation>%1 ist nicht verschlüsselt, das App-Passwort würde also im Klartext übertragen.</translation>
        </message>
        <message>
            <source>Use the https:// address of the server.</source>
            <translation>Verwenden Sie die https://-Adresse des Servers.</translation>
        </message>
        <message>
            <source>Bluesky no longer accepts the sign-in of %1 — reconnect the account.</source>
            <translation>Bluesky akzeptiert die Anmeldung von %1 nicht mehr – verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>Create a new app password in Bluesky's settings (Privacy and security → App passwords) and connect the account again.</source>
            <translation>Legen Sie in den Bluesky-Einstellungen ein neues App-Passwort an (Privatsphäre und Sicherheit → App-Passwörter) und verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>%1 sent a sign-in answer that could not be read.</source>
            <translation>%1 hat eine Anmeldeantwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>This app password belongs to another Bluesky account (%1).</source>
            <translation>Dieses App-Passwort gehört zu einem anderen Bluesky-Konto (%1).</translation>
        </message>
        <message>
            <source>Connect the account again with its own app password.</source>
            <translation>Verbinden Sie das Konto erneut mit seinem eigenen App-Passwort.</translation>
        </message>
        <message>
            <source>Bluesky did not accept this handle and app password.</source>
            <translation>Bluesky hat dieses Handle und App-Passwort nicht akzeptiert.</translation>
        </message>
        <message>
            <source>Check the handle, and use an app password (Settings → Privacy and security → App passwords), not the account password.</source>
            <translation>Prüfen Sie das Handle und verwenden Sie ein App-Passwort (Einstellungen → Privatsphäre und Sicherheit → App-Passwörter), nicht das Kontopasswort.</translation>
        </message>
        <message>
            <source>The Bluesky session has no refresh token.</source>
            <translation>Die Bluesky-Sitzung hat kein Aktualisierungstoken.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::CurlTransfer</name>
        <message>
            <source>The mail library could not start.</source>
            <translation>Die E-Mail-Bibliothek konnte nicht starten.</translation>
        </message>
        <message>
            <source>An e-mail on %1 is too large to read.</source>
            <translation>Eine E-Mail auf %1 ist zu groß zum Lesen.</translation>
        </message>
        <message>
            <source>%1 refused the e-mail.</source>
            <translation>%1 hat die E-Mail abgelehnt.</translation>
        </message>
        <message>
            <source>The server said: %1</source>
            <translation>Der Server meldete: %1</translation>
        </message>
        <message>
            <source>%1 cannot take the e-mail right now.</source>
            <translation>%1 kann die E-Mail gerade nicht annehmen.</translation>
        </message>
        <message>
            <source>It is sent again automatically.</source>
            <translation>Sie wird automatisch erneut gesendet.</translation>
        </message>
        <message>
            <source>%1 refused the user name or password of %2.</source>
            <translation>%1 hat den Benutzernamen oder das Passwort von %2 abgelehnt.</translation>
        </message>
        <message>
            <source>Check them and connect the account again.</source>
            <translation>Prüfen Sie beides und verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>%1 does not offer an encrypted connection.</source>
            <translation>%1 bietet keine verschlüsselte Verbindung an.</translation>
        </message>
        <message>
            <source>Use the server's TLS address (imaps:// or smtps://); a server on this computer may be allowed plain text when the account is added.</source>
            <translation>Verwenden Sie die TLS-Adresse des Servers (imaps:// oder smtps://); einem Server auf diesem Computer kann beim Hinzufügen des Kontos Klartext erlaubt werden.</translation>
        </message>
        <message>
            <source>The encrypted connection to %1 failed.</source>
            <translation>Die verschlüsselte Verbindung zu %1 ist fehlgeschlagen.</translation>
        </message>
        <message>
            <source>Check the server's address and its certificate.</source>
            <translation>Prüfen Sie die Adresse des Servers und sein Zertifikat.</translation>
        </message>
        <message>
            <source>%1 is unreachable.</source>
            <translation>%1 ist nicht erreichbar.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 hat nicht rechtzeitig geantwortet.</translation>
        </message>
        <message>
            <source>The mailbox or message is gone on %1.</source>
            <translation>Das Postfach oder die Nachricht ist auf %1 nicht mehr vorhanden.</translation>
        </message>
        <message>
            <source>%1 refused access to the mailbox.</source>
            <translation>%1 hat den Zugriff auf das Postfach verweigert.</translation>
        </message>
        <message>
            <source>Check the account's rights on the server.</source>
            <translation>Prüfen Sie die Rechte des Kontos auf dem Server.</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAccountSetup</name>
        <message>
            <source>%1 is not a %2:// or %3:// address.</source>
            <translation>%1 ist keine %2://- oder %3://-Adresse.</translation>
        </message>
        <message>
            <source>For example %1://mail.example.com</source>
            <translation>Zum Beispiel %1://mail.example.com</translation>
        </message>
        <message>
            <source>Plain text without TLS is allowed only for a server on this computer, not %1.</source>
            <translation>Klartext ohne TLS ist nur für einen Server auf diesem Computer erlaubt, nicht für %1.</translation>
        </message>
        <message>
            <source>Give the mailbox's user name.</source>
            <translation>Geben Sie den Benutzernamen des Postfachs an.</translation>
        </message>
        <message>
            <source>The password is empty.</source>
            <translation>Das Passwort ist leer.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 ist keine E-Mail-Adresse.</translation>
        </message>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>Der Postfachname „%1“ kann nicht verwendet werden.</translation>
        </message>
        <message>
            <source>The e-mail account %1 has no server addresses.</source>
            <translation>Das E-Mail-Konto %1 hat keine Serveradressen.</translation>
        </message>
        <message>
            <source>Add it again with careconsole account add email.</source>
            <translation>Fügen Sie es mit careconsole account add email erneut hinzu.</translation>
        </message>
        <message>
            <source>Leave plain text off (--allow-plain): the password must not cross the network unencrypted.</source>
            <translation>Lassen Sie Klartext aus (--allow-plain): Das Passwort darf nicht unverschlüsselt durchs Netz gehen.</translation>
        </message>
        <message>
            <source>Give the mailbox's address (--address), e.g. support@example.com.</source>
            <translation>Geben Sie die Adresse des Postfachs an (--address), z. B. support@example.com.</translation>
        </message>
        <message>
            <source>Check the server's address and port, and that this computer can reach it. Nothing was added.</source>
            <translation>Prüfen Sie Adresse und Port des Servers und ob dieser Computer ihn erreicht. Es wurde nichts hinzugefügt.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAttachments</name>
        <message>
            <source>There is no customer message %1.</source>
            <translation>Es gibt keine Kundennachricht %1.</translation>
        </message>
        <message>
            <source>Message %1 is not an e-mail.</source>
            <translation>Nachricht %1 ist keine E-Mail.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailConnector</name>
        <message numerus="yes">
            <source>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</source>
            <translation>
                <numerusform>(Diese E-Mail ist größer als %n MB und wurde nicht heruntergeladen; öffnen Sie sie im Postfach.)</numerusform>
                <numerusform>(Diese E-Mail ist größer als %n MB und wurde nicht heruntergeladen; öffnen Sie sie im Postfach.)</numerusform>
            </translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Verlauf von Unterhaltung %1</translation>
        </message>
        <message>
            <source>Your e-mail</source>
            <translation>Ihre E-Mail</translation>
        </message>
        <message>
            <source>An e-mail cannot be hidden; it stays in the mailbox.</source>
            <translation>Eine E-Mail kann nicht ausgeblendet werden; sie bleibt im Postfach.</translation>
        </message>
        <message>
            <source>The e-mail is no longer in the mailbox %1.</source>
            <translation>Die E-Mail ist nicht mehr im Postfach %1.</translation>
        </message>
        <message>
            <source>It may have been moved to another folder with a mail program.</source>
            <translation>Vielleicht wurde sie mit einem E-Mail-Programm in einen anderen Ordner verschoben.</translation>
        </message>
        <message>
            <source>Your message</source>
            <translation>Ihre Nachricht</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailMapping</name>
        <message>
            <source>Subject: %1</source>
            <translation>Betreff: %1</translation>
        </message>
        <message>
            <source>(no text)</source>
            <translation>(kein Text)</translation>
        </message>
        <message>
            <source>(The e-mail is longer; the rest is in the mailbox.)</source>
            <translation>(Die E-Mail ist länger; der Rest steht im Postfach.)</translation>
        </message>
        <message>
            <source>(Sent as HTML and shown as text; nothing was loaded from the web.)</source>
            <translation>(Als HTML gesendet und als Text angezeigt; nichts wurde aus dem Web geladen.)</translation>
        </message>
        <message>
            <source>Attachments (not opened; they stay in the mailbox):</source>
            <translation>Anhänge (nicht geöffnet; sie bleiben im Postfach):</translation>
        </message>
        <message numerus="yes">
            <source>… and %n more</source>
            <translation>
                <numerusform>… und %n weiterer</numerusform>
                <numerusform>… und %n weitere</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookAccountSetup</name>
        <message>
            <source>The Graph API address must start with https://.</source>
            <translation>Die Adresse der Graph API muss mit https:// beginnen.</translation>
        </message>
        <message>
            <source>Give the Page's numeric id, e.g. 104233445566.</source>
            <translation>Geben Sie die numerische ID der Seite an, z. B. 104233445566.</translation>
        </message>
        <message>
            <source>It is under the Page's About → Page transparency, or in Meta Business Suite → Settings.</source>
            <translation>Sie steht auf der Seite unter Info → Seitentransparenz oder in der Meta Business Suite → Einstellungen.</translation>
        </message>
        <message>
            <source>The Page access token is empty or not a token.</source>
            <translation>Das Seiten-Zugriffstoken ist leer oder kein Token.</translation>
        </message>
        <message>
            <source>Paste the whole token, made for the Page (not a user token).</source>
            <translation>Fügen Sie das ganze Token ein, erstellt für die Seite (kein Nutzer-Token).</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Facebook says this access token is not valid.</source>
            <translation>Facebook sagt, dieses Zugriffstoken ist nicht gültig.</translation>
        </message>
        <message>
            <source>Make a new Page access token and paste it.</source>
            <translation>Erstellen Sie ein neues Seiten-Zugriffstoken und fügen Sie es ein.</translation>
        </message>
        <message>
            <source>This is a user access token, not a Page access token.</source>
            <translation>Das ist ein Nutzer-Zugriffstoken, kein Seiten-Zugriffstoken.</translation>
        </message>
        <message>
            <source>Make a token for the Page itself (for example for a system user in Meta Business Suite), so replies are written as the Page.</source>
            <translation>Erstellen Sie ein Token für die Seite selbst (zum Beispiel für einen Systemnutzer in der Meta Business Suite), damit Antworten als die Seite geschrieben werden.</translation>
        </message>
        <message>
            <source>This token belongs to another Page (%1), not to %2.</source>
            <translation>Dieses Token gehört zu einer anderen Seite (%1), nicht zu %2.</translation>
        </message>
        <message>
            <source>Paste the token made for this Page, or give that Page's id.</source>
            <translation>Fügen Sie das für diese Seite erstellte Token ein oder geben Sie die ID jener Seite an.</translation>
        </message>
        <message>
            <source>The Page access token lacks these permissions: %1.</source>
            <translation>Dem Seiten-Zugriffstoken fehlen diese Berechtigungen: %1.</translation>
        </message>
        <message>
            <source>Make a new Page access token that includes them (the app must have them approved), then paste it again. To go without Messenger, untick it (or use --without-messenger).</source>
            <translation>Erstellen Sie ein neues Seiten-Zugriffstoken, das sie enthält (die App muss dafür freigegeben sein), und fügen Sie es erneut ein. Ohne Messenger: Haken entfernen (oder --without-messenger verwenden).</translation>
        </message>
        <message>
            <source>The token expires on %1; paste a new one before then.</source>
            <translation>Das Token läuft am %1 ab; fügen Sie vorher ein neues ein.</translation>
        </message>
        <message>
            <source>Facebook did not let Care Console check the token's permissions (%1); a missing permission will be named when it is first needed.</source>
            <translation>Facebook hat Care Console die Berechtigungen des Tokens nicht prüfen lassen (%1); eine fehlende Berechtigung wird genannt, sobald sie zum ersten Mal gebraucht wird.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookConnector</name>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>Facebook user</source>
            <translation>Facebook-Nutzer</translation>
        </message>
        <message>
            <source>(a post that tags the Page: %1)</source>
            <translation>(ein Beitrag, der die Seite markiert: %1)</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookGraphClient</name>
        <message>
            <source>read the Page's posts and comments</source>
            <translation>die Beiträge und Kommentare der Seite lesen</translation>
        </message>
        <message>
            <source>read what people write on the Page: comments, visitor posts and tags</source>
            <translation>lesen, was Leute auf der Seite schreiben: Kommentare, Besucherbeiträge und Markierungen</translation>
        </message>
        <message>
            <source>reply to comments and hide them</source>
            <translation>Kommentare beantworten und verbergen</translation>
        </message>
        <message>
            <source>read and answer Messenger conversations</source>
            <translation>Messenger-Konversationen lesen und beantworten</translation>
        </message>
        <message>
            <source>find the Page among the token's Pages</source>
            <translation>die Seite unter den Seiten des Tokens finden</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>Paste a new Page access token: Accounts → Connect Facebook Page…, or careconsole account add facebook --page-id ID --token-stdin.</source>
            <translation>Fügen Sie ein neues Seiten-Zugriffstoken ein: Konten → Facebook-Seite verbinden… oder careconsole account add facebook --page-id ID --token-stdin.</translation>
        </message>
        <message>
            <source>The Facebook Page access token has expired.</source>
            <translation>Das Zugriffstoken der Facebook-Seite ist abgelaufen.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the password of the person who made it changed.</source>
            <translation>Das Zugriffstoken der Facebook-Seite funktioniert nicht mehr, weil sich das Passwort der Person geändert hat, die es erstellt hat.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the app was removed from the person's or the Page's settings.</source>
            <translation>Das Zugriffstoken der Facebook-Seite funktioniert nicht mehr, weil die App aus den Einstellungen der Person oder der Seite entfernt wurde.</translation>
        </message>
        <message>
            <source>Facebook asks the person who made the Page access token to log in to facebook.com and confirm their account first.</source>
            <translation>Facebook bittet die Person, die das Seiten-Zugriffstoken erstellt hat, sich zuerst auf facebook.com anzumelden und ihr Konto zu bestätigen.</translation>
        </message>
        <message>
            <source>The Facebook Page access token is no longer valid (revoked, or the person who made it is no longer an admin of the Page).</source>
            <translation>Das Zugriffstoken der Facebook-Seite ist nicht mehr gültig (widerrufen, oder die Person, die es erstellt hat, ist kein Administrator der Seite mehr).</translation>
        </message>
        <message>
            <source>Facebook is limiting requests for this Page for now — syncing resumes in %1.</source>
            <translation>Facebook begrenzt die Anfragen für diese Seite vorerst – die Synchronisierung geht in %1 weiter.</translation>
        </message>
        <message>
            <source>Facebook refused the message: more than 24 hours have passed since the customer's last Messenger message.</source>
            <translation>Facebook hat die Nachricht abgelehnt: Seit der letzten Messenger-Nachricht des Kunden sind mehr als 24 Stunden vergangen.</translation>
        </message>
        <message>
            <source>Ask the customer to write to the Page again, or answer through another channel they prefer.</source>
            <translation>Bitten Sie den Kunden, der Seite erneut zu schreiben, oder antworten Sie über einen anderen Kanal, den er bevorzugt.</translation>
        </message>
        <message>
            <source>Facebook refused this for lack of a permission.</source>
            <translation>Facebook hat dies mangels einer Berechtigung abgelehnt.</translation>
        </message>
        <message>
            <source>Check the Page access token's permissions, then paste a new token.</source>
            <translation>Prüfen Sie die Berechtigungen des Seiten-Zugriffstokens und fügen Sie dann ein neues Token ein.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1.</source>
            <translation>Dem Seiten-Zugriffstoken fehlt die Berechtigung %1.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1 (to %2).</source>
            <translation>Dem Seiten-Zugriffstoken fehlt die Berechtigung %1 (um %2).</translation>
        </message>
        <message>
            <source>Make a new token that includes it, then paste it: Accounts → Connect Facebook Page…</source>
            <translation>Erstellen Sie ein neues Token, das sie enthält, und fügen Sie es ein: Konten → Facebook-Seite verbinden…</translation>
        </message>
        <message>
            <source>Facebook had a temporary problem.</source>
            <translation>Facebook hatte ein vorübergehendes Problem.</translation>
        </message>
        <message>
            <source>This person isn't available on Messenger right now.</source>
            <translation>Diese Person ist im Moment im Messenger nicht erreichbar.</translation>
        </message>
        <message>
            <source>Answer through another channel they prefer.</source>
            <translation>Antworten Sie über einen anderen Kanal, den die Person bevorzugt.</translation>
        </message>
        <message>
            <source>Facebook refused the comment as a duplicate of one just posted.</source>
            <translation>Facebook hat den Kommentar als Duplikat eines eben veröffentlichten abgelehnt.</translation>
        </message>
        <message>
            <source>Change the wording, or cancel it if it is already there.</source>
            <translation>Ändern Sie den Wortlaut oder brechen Sie ab, wenn er schon dort steht.</translation>
        </message>
        <message>
            <source>Facebook has temporarily blocked this Page from doing this (a policy restriction).</source>
            <translation>Facebook hat dieser Seite dies vorübergehend gesperrt (eine Richtlinienbeschränkung).</translation>
        </message>
        <message>
            <source>Check the Page's quality and notifications in Meta Business Suite.</source>
            <translation>Prüfen Sie Qualität und Benachrichtigungen der Seite in der Meta Business Suite.</translation>
        </message>
        <message>
            <source>That post, comment or message is no longer on Facebook, or the Page cannot see it.</source>
            <translation>Dieser Beitrag, Kommentar oder diese Nachricht ist nicht mehr auf Facebook, oder die Seite kann ihn nicht sehen.</translation>
        </message>
        <message>
            <source>Facebook refused the request: %1</source>
            <translation>Facebook hat die Anfrage abgelehnt: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookOutbox</name>
        <message>
            <source>There is no Facebook comment or message to answer in this conversation.</source>
            <translation>In dieser Konversation gibt es keinen Facebook-Kommentar und keine Nachricht, auf die geantwortet werden kann.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side.</source>
            <translation>Eine Messenger-Konversation hat keine öffentliche Seite.</translation>
        </message>
        <message>
            <source>Send the reply as a private message.</source>
            <translation>Senden Sie die Antwort als private Nachricht.</translation>
        </message>
        <message>
            <source>Facebook no longer allows a private reply to this comment: the Page has already answered it privately once, or the comment is more than 7 days old.</source>
            <translation>Facebook erlaubt keine private Antwort auf diesen Kommentar mehr: Die Seite hat ihn bereits einmal privat beantwortet, oder der Kommentar ist älter als 7 Tage.</translation>
        </message>
        <message>
            <source>Reply publicly and invite the customer to message the Page, or use another channel they prefer.</source>
            <translation>Antworten Sie öffentlich und laden Sie den Kunden ein, der Seite eine Nachricht zu schreiben, oder nutzen Sie einen anderen Kanal, den er bevorzugt.</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Facebook lets a Page answer on Messenger only within 24 hours of the customer's last message; this customer last wrote %1 ago.</source>
            <translation>Facebook lässt eine Seite im Messenger nur innerhalb von 24 Stunden nach der letzten Nachricht des Kunden antworten; dieser Kunde hat zuletzt vor %1 geschrieben.</translation>
        </message>
        <message>
            <source>Even the human agent tag allows only 7 days. Reach the customer through another channel they prefer, or wait until they write again.</source>
            <translation>Selbst das Human-Agent-Tag erlaubt nur 7 Tage. Erreichen Sie den Kunden über einen anderen Kanal, den er bevorzugt, oder warten Sie, bis er wieder schreibt.</translation>
        </message>
        <message>
            <source>Reach the customer through another channel they prefer, or wait until they write again. Pages that Meta approved for the human agent tag can answer for 7 days: turn it on for the account.</source>
            <translation>Erreichen Sie den Kunden über einen anderen Kanal, den er bevorzugt, oder warten Sie, bis er wieder schreibt. Seiten, die Meta für das Human-Agent-Tag freigegeben hat, können 7 Tage lang antworten: Schalten Sie es für das Konto ein.</translation>
        </message>
        <message>
            <source>Facebook did not hide the comment (it may not allow hiding this one).</source>
            <translation>Facebook hat den Kommentar nicht verborgen (möglicherweise lässt sich dieser nicht verbergen).</translation>
        </message>
        <message>
            <source>Send it through an e-mail account.</source>
            <translation>Senden Sie es über ein E-Mail-Konto.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment.</source>
            <translation>Facebook lässt die Seite diesen Kommentar nicht verbergen.</translation>
        </message>
        <message>
            <source>It stays hidden in the console only; answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Er bleibt nur in der Konsole verborgen; beantworten Sie ihn oder melden Sie ihn auf Facebook, wenn er gegen die Regeln verstößt.</translation>
        </message>
        <message>
            <source>A Facebook Page cannot send an e-mail.</source>
            <translation>Eine Facebook-Seite kann keine E-Mail senden.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page show this comment again.</source>
            <translation>Facebook lässt die Seite diesen Kommentar nicht wieder einblenden.</translation>
        </message>
        <message>
            <source>It is shown in the console only; check it on Facebook.</source>
            <translation>Er wird nur in der Konsole angezeigt; prüfen Sie ihn auf Facebook.</translation>
        </message>
        <message>
            <source>Facebook did not show the comment again.</source>
            <translation>Facebook hat den Kommentar nicht wieder eingeblendet.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedAccountSetup</name>
        <message>
            <source>Give the feed's address.</source>
            <translation>Geben Sie die Adresse des Feeds an.</translation>
        </message>
        <message>
            <source>For example https://blog.example/feed or https://news.example/index.xml.</source>
            <translation>Zum Beispiel https://blog.example/feed oder https://news.example/index.xml.</translation>
        </message>
        <message>
            <source>“%1” is not the address of a feed.</source>
            <translation>„%1“ ist keine Feed-Adresse.</translation>
        </message>
        <message>
            <source>Give the whole address, for example https://blog.example/feed.</source>
            <translation>Geben Sie die vollständige Adresse an, zum Beispiel https://blog.example/feed.</translation>
        </message>
        <message>
            <source>Feeds are read at most every %1 s, so the site is not asked too often.</source>
            <translation>Feeds werden höchstens alle %1 s gelesen, damit die Seite nicht zu oft gefragt wird.</translation>
        </message>
        <message>
            <source>Leave the interval out for the default of 15 minutes.</source>
            <translation>Lassen Sie das Intervall weg, um den Standard von 15 Minuten zu verwenden.</translation>
        </message>
        <message>
            <source>Nothing was added. Check the address in a browser, then try again.</source>
            <translation>Es wurde nichts hinzugefügt. Prüfen Sie die Adresse im Browser und versuchen Sie es dann erneut.</translation>
        </message>
        <message>
            <source>0 takes only articles published from now on; leave it out for the last %1 days.</source>
            <translation>0 übernimmt nur ab jetzt veröffentlichte Artikel; ohne Angabe die der letzten %1 Tage.</translation>
        </message>
        <message>
            <source>Earlier articles can be taken from at most %1 days back, not %2.</source>
            <translation>Frühere Artikel können höchstens %1 Tage zurück übernommen werden, nicht %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedConnector</name>
        <message>
            <source>%1 asked Care Console to wait — the feed is read again in %2.</source>
            <translation>%1 hat Care Console gebeten zu warten — der Feed wird in %2 wieder gelesen.</translation>
        </message>
        <message>
            <source>Open %1 in a browser to check it; Care Console tries again later.</source>
            <translation>Öffnen Sie %1 im Browser, um es zu prüfen; Care Console versucht es später erneut.</translation>
        </message>
        <message>
            <source>%1 answered with a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>%1 hat mit einer Webseite geantwortet, nicht mit einem Feed. Verwenden Sie die Adresse des RSS- oder Atom-Feeds der Seite (oft endet sie auf /feed, /rss oder /index.xml).</translation>
        </message>
        <message>
            <source>%1 answered with “%2”, not an RSS or Atom feed.</source>
            <translation>%1 hat mit „%2“ geantwortet, nicht mit einem RSS- oder Atom-Feed.</translation>
        </message>
        <message>
            <source>The feed at %1 is larger than %2 MB; Care Console reads feeds up to that size.</source>
            <translation>Der Feed auf %1 ist größer als %2 MB; Care Console liest Feeds bis zu dieser Größe.</translation>
        </message>
        <message>
            <source>Use a smaller feed of the site (one section or category), if it has one.</source>
            <translation>Verwenden Sie einen kleineren Feed der Seite (eine Rubrik oder Kategorie), falls es einen gibt.</translation>
        </message>
        <message>
            <source>There is no feed at %1 (HTTP %2).</source>
            <translation>Unter %1 gibt es keinen Feed (HTTP %2).</translation>
        </message>
        <message>
            <source>Check the address; the site may have moved its feed. Remove the feed and add it with the new address.</source>
            <translation>Prüfen Sie die Adresse; vielleicht ist der Feed umgezogen. Entfernen Sie den Feed und fügen Sie ihn mit der neuen Adresse hinzu.</translation>
        </message>
        <message>
            <source>The feed at %1 is not public (HTTP %2).</source>
            <translation>Der Feed auf %1 ist nicht öffentlich (HTTP %2).</translation>
        </message>
        <message>
            <source>Care Console reads public feeds only.</source>
            <translation>Care Console liest nur öffentliche Feeds.</translation>
        </message>
        <message>
            <source>Replies to blog and news posts are not posted.</source>
            <translation>Antworten auf Blog- und Nachrichtenbeiträge werden nicht veröffentlicht.</translation>
        </message>
        <message>
            <source>Contact the author through another channel, or add an internal note.</source>
            <translation>Kontaktieren Sie die Autorin oder den Autor über einen anderen Kanal oder fügen Sie eine interne Notiz hinzu.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedXml</name>
        <message>
            <source>The feed declares its own XML entities, which Care Console refuses (a way to make a reader expand a small file into gigabytes).</source>
            <translation>Der Feed deklariert eigene XML-Entitäten, die Care Console ablehnt (ein Weg, eine kleine Datei beim Lesen auf Gigabytes aufzublähen).</translation>
        </message>
        <message>
            <source>The address gives a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>Die Adresse liefert eine Webseite, keinen Feed. Verwenden Sie die Adresse des RSS- oder Atom-Feeds der Seite (oft endet sie auf /feed, /rss oder /index.xml).</translation>
        </message>
        <message>
            <source>The address does not give an RSS or Atom feed.</source>
            <translation>Die Adresse liefert keinen RSS- oder Atom-Feed.</translation>
        </message>
        <message>
            <source>The feed is empty.</source>
            <translation>Der Feed ist leer.</translation>
        </message>
        <message>
            <source>The feed nests its elements more than %1 deep, which no feed needs.</source>
            <translation>Der Feed verschachtelt seine Elemente tiefer als %1 Ebenen, was kein Feed braucht.</translation>
        </message>
        <message>
            <source>An item in the feed is larger than %1 MB; Care Console reads items up to that size.</source>
            <translation>Ein Eintrag im Feed ist größer als %1 MB; Care Console liest Einträge bis zu dieser Größe.</translation>
        </message>
        <message>
            <source>The feed has more than %1 items; Care Console reads feeds up to that many.</source>
            <translation>Der Feed hat mehr als %1 Einträge; Care Console liest Feeds bis zu dieser Anzahl.</translation>
        </message>
        <message>
            <source>The feed ends in the middle of the document (it may have been cut off).</source>
            <translation>Der Feed endet mitten im Dokument (vielleicht wurde er abgeschnitten).</translation>
        </message>
        <message>
            <source>The feed is not well-formed XML (line %1).</source>
            <translation>Der Feed ist kein wohlgeformtes XML (Zeile %1).</translation>
        </message>
        <message>
            <source>The feed is larger than %1 MB; Care Console reads feeds up to that size.</source>
            <translation>Der Feed ist größer als %1 MB; Care Console liest Feeds bis zu dieser Größe.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FileSecretStore</name>
        <message>
            <source>The secrets file %1 can be read by other users, so it was not used.</source>
            <translation>Die Geheimnisdatei %1 ist für andere Benutzer lesbar und wurde deshalb nicht verwendet.</translation>
        </message>
        <message>
            <source>Make it private with: chmod 600 %1</source>
            <translation>Machen Sie sie privat mit: chmod 600 %1</translation>
        </message>
        <message>
            <source>The folder for the secrets file %1 does not exist.</source>
            <translation>Der Ordner für die Geheimnisdatei %1 existiert nicht.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be read: %2</source>
            <translation>Die Geheimnisdatei %1 kann nicht gelesen werden: %2</translation>
        </message>
        <message>
            <source>The secrets file %1 is damaged and was not changed.</source>
            <translation>Die Geheimnisdatei %1 ist beschädigt und wurde nicht geändert.</translation>
        </message>
        <message>
            <source>Restore it from a backup or remove it and connect the accounts again.</source>
            <translation>Stellen Sie sie aus einer Sicherung wieder her oder entfernen Sie sie und verbinden Sie die Konten erneut.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be written: %2</source>
            <translation>Die Geheimnisdatei %1 kann nicht geschrieben werden: %2</translation>
        </message>
        <message>
            <source>The secrets file holds no token for %1.</source>
            <translation>Die Geheimnisdatei enthält kein Token für %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>The secrets file %1 is busy (another Care Console is writing it).</source>
            <translation>Die Geheimnisdatei %1 ist belegt (eine andere Care Console schreibt gerade hinein).</translation>
        </message>
        <message>
            <source>Try again in a moment.</source>
            <translation>Versuchen Sie es gleich noch einmal.</translation>
        </message>
        <message>
            <source>the secrets file %1</source>
            <translation>der Geheimnisdatei %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::HttpFailure</name>
        <message numerus="yes">
            <source>%n s</source>
            <translation>
                <numerusform>%n s</numerusform>
                <numerusform>%n s</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n min</source>
            <translation>
                <numerusform>%n min</numerusform>
                <numerusform>%n min</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n h</source>
            <translation>
                <numerusform>%n h</numerusform>
                <numerusform>%n h</numerusform>
            </translation>
        </message>
        <message>
            <source>Syncing with %1 stopped because Care Console was closing.</source>
            <translation>Die Synchronisierung mit %1 wurde angehalten, weil Care Console beendet wurde.</translation>
        </message>
        <message>
            <source>It carries on at the next start; nothing is lost.</source>
            <translation>Sie wird beim nächsten Start fortgesetzt; nichts geht verloren.</translation>
        </message>
        <message>
            <source>%1 redirected the request to another server; it was not followed, so the account's token stays with %1.</source>
            <translation>%1 hat die Anfrage an einen anderen Server umgeleitet; dem wurde nicht gefolgt, das Token des Kontos bleibt also bei %1.</translation>
        </message>
        <message>
            <source>Check the account's server address.</source>
            <translation>Prüfen Sie die Serveradresse des Kontos.</translation>
        </message>
        <message>
            <source>a few minutes</source>
            <translation>ein paar Minuten</translation>
        </message>
        <message>
            <source>%1's request limit is used up for now — syncing resumes in %2.</source>
            <translation>Das Anfragelimit von %1 ist vorerst aufgebraucht – die Synchronisierung geht in %2 weiter.</translation>
        </message>
        <message>
            <source>%1 did not allow this (HTTP 403): the account's token may lack a permission.</source>
            <translation>%1 hat dies nicht erlaubt (HTTP 403): Dem Token des Kontos fehlt vielleicht eine Berechtigung.</translation>
        </message>
        <message>
            <source>Connect the account again and allow read and write access.</source>
            <translation>Verbinden Sie das Konto erneut und erlauben Sie Lese- und Schreibzugriff.</translation>
        </message>
        <message>
            <source>Token revoked or expired on %1 — reconnect the account.</source>
            <translation>Token auf %1 widerrufen oder abgelaufen – verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Verbinden Sie es erneut unter Datei → Konten oder mit `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 hat Probleme (HTTP %2).</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>%1 refused the request (HTTP %2).</source>
            <translation>%1 hat die Anfrage abgelehnt (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused the request: %2</source>
            <translation>%1 hat die Anfrage abgelehnt: %2</translation>
        </message>
        <message>
            <source>%1 could not be found — check the address or the network.</source>
            <translation>%1 wurde nicht gefunden – prüfen Sie die Adresse oder das Netzwerk.</translation>
        </message>
        <message>
            <source>%1 is unreachable (connection refused).</source>
            <translation>%1 ist nicht erreichbar (Verbindung abgelehnt).</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>Die sichere Verbindung zu %1 konnte nicht überprüft werden, daher wurde nichts gesendet.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before connecting again.</source>
            <translation>Dem Zertifikat des Servers wird nicht vertraut (oder etwas fängt die Verbindung ab). Fragen Sie die IT, bevor Sie erneut verbinden.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 hat nicht rechtzeitig geantwortet.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>Die Verbindung zu %1 ist fehlgeschlagen.</translation>
        </message>
        <message>
            <source>%1 answered with something other than data (perhaps a maintenance page).</source>
            <translation>%1 hat mit etwas anderem als Daten geantwortet (vielleicht einer Wartungsseite).</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ImapClient</name>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>Der Postfachname „%1“ kann nicht verwendet werden.</translation>
        </message>
        <message>
            <source>Use a folder name in plain letters, such as INBOX.</source>
            <translation>Verwenden Sie einen Ordnernamen aus einfachen Buchstaben, etwa INBOX.</translation>
        </message>
        <message>
            <source>%1 did not say where the mailbox %2 stands.</source>
            <translation>%1 hat den Stand des Postfachs %2 nicht mitgeteilt.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::KeychainSecretStore</name>
        <message>
            <source>No system keychain is available here.</source>
            <translation>Hier ist kein Schlüsselbund des Systems verfügbar.</translation>
        </message>
        <message>
            <source>On a server without one, an administrator can choose a secrets file with --secrets-file PATH (readable only by its owner).</source>
            <translation>Auf einem Server ohne Schlüsselbund kann die Administration mit --secrets-file PFAD eine Geheimnisdatei wählen (nur für ihren Eigentümer lesbar).</translation>
        </message>
        <message>
            <source>The keychain refused access to the account's token.</source>
            <translation>Der Schlüsselbund hat den Zugriff auf das Token des Kontos verweigert.</translation>
        </message>
        <message>
            <source>Unlock the keychain and try again.</source>
            <translation>Entsperren Sie den Schlüsselbund und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>The system keychain could not be used.</source>
            <translation>Der Schlüsselbund des Systems konnte nicht verwendet werden.</translation>
        </message>
        <message>
            <source>Check that the keychain is unlocked and running, then try again.</source>
            <translation>Prüfen Sie, ob der Schlüsselbund entsperrt ist und läuft, und versuchen Sie es dann erneut.</translation>
        </message>
        <message>
            <source>The keychain holds no token for %1.</source>
            <translation>Der Schlüsselbund enthält kein Token für %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>the system keychain</source>
            <translation>dem Schlüsselbund des Systems</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonAccountSetup</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Geben Sie die Adresse der Instanz an, z. B. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the token would travel in the clear.</source>
            <translation>%1 ist nicht verschlüsselt, das Token würde also im Klartext übertragen.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Verwenden Sie die https://-Adresse der Instanz.</translation>
        </message>
        <message>
            <source>The access token is empty.</source>
            <translation>Das Zugriffs-Token ist leer.</translation>
        </message>
        <message>
            <source>Create one in the instance's settings: Preferences → Development → New application.</source>
            <translation>Legen Sie eines in den Einstellungen der Instanz an: Einstellungen → Entwicklung → Neue Anwendung.</translation>
        </message>
        <message>
            <source>%1 did not accept this access token.</source>
            <translation>%1 hat dieses Zugriffs-Token nicht akzeptiert.</translation>
        </message>
        <message>
            <source>Check that it was copied whole and that the application has the read and write scopes.</source>
            <translation>Prüfen Sie, ob es vollständig kopiert wurde und ob die Anwendung die Berechtigungen read und write hat.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 hat eine Antwort geschickt, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>Content warning: %1

%2</source>
            <translation>Inhaltswarnung: %1

%2</translation>
        </message>
        <message>
            <source>Mastodon cannot hide a reply from public view.</source>
            <translation>Mastodon kann eine Antwort nicht öffentlich ausblenden.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only; report it on the instance if it breaks its rules.</source>
            <translation>Die Nachricht ist nur in der Konsole ausgeblendet; melden Sie sie auf der Instanz, wenn sie gegen deren Regeln verstößt.</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Direktnachrichten</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Beiträge, die „%1“ nennen</translation>
        </message>
        <message>
            <source>Posts tagged #%1</source>
            <translation>Beiträge mit #%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonOAuth</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Geben Sie die Adresse der Instanz an, z. B. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so signing in would travel in the clear.</source>
            <translation>%1 ist nicht verschlüsselt, die Anmeldung würde also im Klartext übertragen.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Verwenden Sie die https://-Adresse der Instanz.</translation>
        </message>
        <message>
            <source>Signing in to %1 was not finished within %2, so it was stopped.</source>
            <translation>Die Anmeldung bei %1 wurde nicht innerhalb von %2 abgeschlossen und deshalb abgebrochen.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Beginnen Sie von vorn und erlauben Sie Care Console den Zugriff auf der Seite, die sich im Browser öffnet.</translation>
        </message>
        <message>
            <source>Care Console has no way to open the sign-in page.</source>
            <translation>Care Console kann die Anmeldeseite nicht öffnen.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console kann die Antwort des Browsers nicht empfangen: Port %1 auf diesem Computer ist bereits belegt.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another Care Console sign-in) and try again.</source>
            <translation>Schließen Sie das Programm, das ihn verwendet (vielleicht eine andere Anmeldung von Care Console), und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>Care Console received the instance's answer. You can close this page and return to Care Console.</source>
            <translation>Care Console hat die Antwort der Instanz erhalten. Sie können diese Seite schließen und zu Care Console zurückkehren.</translation>
        </message>
        <message>
            <source>Check the instance's address and the network connection, then try again.</source>
            <translation>Prüfen Sie die Adresse der Instanz und die Netzwerkverbindung und versuchen Sie es dann erneut.</translation>
        </message>
        <message>
            <source>%1 could not be found.</source>
            <translation>%1 wurde nicht gefunden.</translation>
        </message>
        <message>
            <source>Care Console could not reach %1 (connection refused).</source>
            <translation>Care Console konnte %1 nicht erreichen (Verbindung abgelehnt).</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 hat nicht rechtzeitig geantwortet.</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>Die sichere Verbindung zu %1 konnte nicht überprüft werden, daher wurde nichts gesendet.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before trying again.</source>
            <translation>Dem Zertifikat des Servers wird nicht vertraut (oder etwas fängt die Verbindung ab). Fragen Sie die IT, bevor Sie es erneut versuchen.</translation>
        </message>
        <message>
            <source>%1 redirected Care Console to another server; it was not followed.</source>
            <translation>%1 hat Care Console an einen anderen Server umgeleitet; dem wurde nicht gefolgt.</translation>
        </message>
        <message>
            <source>Check the instance's address.</source>
            <translation>Prüfen Sie die Adresse der Instanz.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>Die Verbindung zu %1 ist fehlgeschlagen.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 hat Probleme (HTTP %2).</translation>
        </message>
        <message>
            <source>Try again in a few minutes.</source>
            <translation>Versuchen Sie es in ein paar Minuten erneut.</translation>
        </message>
        <message>
            <source>%1 names sign-in addresses on another server, so Care Console stopped.</source>
            <translation>%1 nennt Anmeldeadressen auf einem anderen Server, daher hat Care Console abgebrochen.</translation>
        </message>
        <message>
            <source>%1 asks Care Console to wait before trying again.</source>
            <translation>%1 bittet Care Console, vor einem erneuten Versuch zu warten.</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console (HTTP %2).</source>
            <translation>%1 hat die Registrierung von Care Console abgelehnt (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console: %2</source>
            <translation>%1 hat die Registrierung von Care Console abgelehnt: %2</translation>
        </message>
        <message>
            <source>Check that the address is a Mastodon instance; if it is, its admins may have restricted new apps.</source>
            <translation>Prüfen Sie, ob die Adresse eine Mastodon-Instanz ist; falls ja, hat deren Administration neue Apps vielleicht eingeschränkt.</translation>
        </message>
        <message>
            <source>%1 answered in a way Care Console cannot read. Is it a Mastodon instance?</source>
            <translation>%1 hat so geantwortet, dass Care Console es nicht lesen kann. Ist es eine Mastodon-Instanz?</translation>
        </message>
        <message>
            <source>%1 refused the sign-in: %2</source>
            <translation>%1 hat die Anmeldung abgelehnt: %2</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Beginnen Sie die Anmeldung von vorn.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on %1.</source>
            <translation>Sie haben Care Console auf %1 keinen Zugriff erlaubt.</translation>
        </message>
        <message>
            <source>To connect the account, start again and choose Authorize on the instance's page.</source>
            <translation>Um das Konto zu verbinden, beginnen Sie von vorn und wählen Sie auf der Seite der Instanz „Autorisieren“.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>Die Antwort, die vom Browser zurückkam, gehört nicht zu dieser Anmeldung, daher hat Care Console sie abgelehnt.</translation>
        </message>
        <message>
            <source>Start signing in again and finish it in the browser page Care Console opens.</source>
            <translation>Beginnen Sie die Anmeldung von vorn und schließen Sie sie auf der Browserseite ab, die Care Console öffnet.</translation>
        </message>
        <message>
            <source>%1 sent the browser back without an authorization code.</source>
            <translation>%1 hat den Browser ohne Autorisierungscode zurückgeschickt.</translation>
        </message>
        <message>
            <source>HTTP %1</source>
            <translation>HTTP %1</translation>
        </message>
        <message>
            <source>The instance no longer knows Care Console's registration. Forget the stored registration for this instance and sign in again.</source>
            <translation>Die Instanz kennt die Registrierung von Care Console nicht mehr. Verwerfen Sie die gespeicherte Registrierung für diese Instanz und melden Sie sich erneut an.</translation>
        </message>
        <message>
            <source>%1 answered the sign-in in a way Care Console cannot read.</source>
            <translation>%1 hat die Anmeldung so beantwortet, dass Care Console es nicht lesen kann.</translation>
        </message>
        <message>
            <source>%1 did not send an access token.</source>
            <translation>%1 hat kein Zugriffs-Token geschickt.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonStream</name>
        <message>
            <source>The live connection to %1 could not be opened — retrying in %2.</source>
            <translation>Die Live-Verbindung zu %1 konnte nicht geöffnet werden – neuer Versuch in %2.</translation>
        </message>
        <message>
            <source>%1 did not answer the live connection in time — retrying in %2.</source>
            <translation>%1 hat auf die Live-Verbindung nicht rechtzeitig geantwortet – neuer Versuch in %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 dropped — reconnecting in %2.</source>
            <translation>Die Live-Verbindung zu %1 ist abgebrochen – neue Verbindung in %2.</translation>
        </message>
        <message>
            <source>%1 closed the live connection — reconnecting in %2.</source>
            <translation>%1 hat die Live-Verbindung geschlossen – neue Verbindung in %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 stopped answering — reconnecting in %2.</source>
            <translation>Die Live-Verbindung zu %1 antwortet nicht mehr – neue Verbindung in %2.</translation>
        </message>
        <message>
            <source>Nothing is lost: messages that arrive meanwhile are fetched by the regular sync.</source>
            <translation>Nichts geht verloren: Nachrichten, die inzwischen eintreffen, holt die reguläre Synchronisierung.</translation>
        </message>
        <message>
            <source>%1 refused the live connection: the account's token is invalid or was revoked — reconnect the account.</source>
            <translation>%1 hat die Live-Verbindung abgelehnt: Das Token des Kontos ist ungültig oder wurde widerrufen – verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Verbinden Sie es erneut unter Datei → Konten oder mit `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 offers no live connection (HTTP %2) — new messages arrive with the regular sync instead.</source>
            <translation>%1 bietet keine Live-Verbindung (HTTP %2) – neue Nachrichten kommen stattdessen mit der regulären Synchronisierung.</translation>
        </message>
        <message>
            <source>The live connection is tried again in %1.</source>
            <translation>Die Live-Verbindung wird in %1 erneut versucht.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeBuilder</name>
        <message>
            <source>The e-mail address %1 cannot be written to.</source>
            <translation>An die E-Mail-Adresse %1 kann nicht geschrieben werden.</translation>
        </message>
        <message>
            <source>Correct the address and send it again.</source>
            <translation>Korrigieren Sie die Adresse und senden Sie erneut.</translation>
        </message>
        <message>
            <source>The e-mail could not be given a message id.</source>
            <translation>Die E-Mail konnte keine Nachrichtenkennung erhalten.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeParser</name>
        <message>
            <source>(parts nested too deeply to read)</source>
            <translation>(zu tief verschachtelte Teile, nicht gelesen)</translation>
        </message>
        <message>
            <source>(forwarded message)</source>
            <translation>(weitergeleitete Nachricht)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(ohne Namen)</translation>
        </message>
        <message>
            <source>An e-mail could not be read.</source>
            <translation>Eine E-Mail konnte nicht gelesen werden.</translation>
        </message>
        <message>
            <source>It stays in the mailbox; open it with a mail program.</source>
            <translation>Sie bleibt im Postfach; öffnen Sie sie mit einem E-Mail-Programm.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ScheduledPostDelivery</name>
        <message>
            <source>No answer came after posting; trying again with the same key.</source>
            <translation>Nach dem Veröffentlichen kam keine Antwort; neuer Versuch mit demselben Schlüssel.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SecretStore</name>
        <message>
            <source>No system keychain is available here, so account tokens cannot be kept safely.</source>
            <translation>Hier ist kein Schlüsselbund des Systems verfügbar, daher können Konto-Tokens nicht sicher aufbewahrt werden.</translation>
        </message>
        <message>
            <source>On a server without a keychain, an administrator can choose a secrets file with --secrets-file PATH; it must be readable only by its owner (chmod 600).</source>
            <translation>Auf einem Server ohne Schlüsselbund kann die Administration mit --secrets-file PFAD eine Geheimnisdatei wählen; nur ihr Eigentümer darf sie lesen können (chmod 600).</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SupplementaryStreams</name>
        <message>
            <source>%1 were not read: %2</source>
            <translation>%1 wurden nicht gelesen: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncEngine</name>
        <message>
            <source>1 new message</source>
            <translation>1 neue Nachricht</translation>
        </message>
        <message>
            <source>%1 new messages</source>
            <translation>%1 neue Nachrichten</translation>
        </message>
        <message>
            <source>1 reply delivered</source>
            <translation>1 Antwort zugestellt</translation>
        </message>
        <message>
            <source>%1 replies delivered</source>
            <translation>%1 Antworten zugestellt</translation>
        </message>
        <message>
            <source>1 held for confirmation</source>
            <translation>1 wartet auf Bestätigung</translation>
        </message>
        <message>
            <source>%1 held for confirmation</source>
            <translation>%1 warten auf Bestätigung</translation>
        </message>
        <message>
            <source>1 refused by the platform</source>
            <translation>1 von der Plattform abgelehnt</translation>
        </message>
        <message>
            <source>%1 refused by the platform</source>
            <translation>%1 von der Plattform abgelehnt</translation>
        </message>
        <message>
            <source>1 still in the outbox</source>
            <translation>1 noch im Postausgang</translation>
        </message>
        <message>
            <source>%1 still in the outbox</source>
            <translation>%1 noch im Postausgang</translation>
        </message>
        <message>
            <source>Care Console cannot sync %1 accounts yet.</source>
            <translation>Care Console kann %1-Konten noch nicht synchronisieren.</translation>
        </message>
        <message>
            <source>store</source>
            <translation>Datenspeicher</translation>
        </message>
        <message>
            <source>1 new message so far</source>
            <translation>bisher 1 neue Nachricht</translation>
        </message>
        <message>
            <source>%1 new messages so far</source>
            <translation>bisher %1 neue Nachrichten</translation>
        </message>
        <message>
            <source>Care Console could not confirm whether this reply went out. Check the account's posts on the platform, then retry or cancel it.</source>
            <translation>Care Console konnte nicht bestätigen, ob diese Antwort rausgegangen ist. Prüfen Sie die Beiträge des Kontos auf der Plattform und versuchen Sie es dann erneut oder brechen Sie ab.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (1 newer message). Read it, then send the reply anyway or cancel it.</source>
            <translation>Die Konversation ist weitergegangen, nachdem diese Antwort geschrieben wurde (1 neuere Nachricht). Lesen Sie sie und senden Sie die Antwort dann trotzdem oder brechen Sie sie ab.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (%1 newer messages). Read them, then send the reply anyway or cancel it.</source>
            <translation>Die Konversation ist weitergegangen, nachdem diese Antwort geschrieben wurde (%1 neuere Nachrichten). Lesen Sie sie und senden Sie die Antwort dann trotzdem oder brechen Sie sie ab.</translation>
        </message>
        <message>
            <source>No answer came after sending; checking whether it went out.</source>
            <translation>Nach dem Senden kam keine Antwort; es wird geprüft, ob sie rausging.</translation>
        </message>
        <message>
            <source>%1 — retrying in %2</source>
            <translation>%1 – neuer Versuch in %2</translation>
        </message>
        <message>
            <source>Syncing less often (every %1): the platform reports that most of its request budget is used.</source>
            <translation>Seltener synchronisiert (alle %1): Die Plattform meldet, dass der Großteil ihres Anfragekontingents verbraucht ist.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncWorker</name>
        <message>
            <source>The store cannot be opened for syncing.</source>
            <translation>Der Datenspeicher kann für die Synchronisierung nicht geöffnet werden.</translation>
        </message>
        <message>
            <source>Only an X account has an API budget.</source>
            <translation>Nur ein X-Konto hat ein API-Budget.</translation>
        </message>
        <message>
            <source>The store cannot be opened.</source>
            <translation>Der Datenspeicher kann nicht geöffnet werden.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XAccountSetup</name>
        <message>
            <source>%1 is not an https:// address (http:// only on this computer, for tests).</source>
            <translation>%1 ist keine https://-Adresse (http:// nur auf diesem Computer, für Tests).</translation>
        </message>
        <message>
            <source>The X sign-in did not say which account it is.</source>
            <translation>Die X-Anmeldung hat nicht mitgeteilt, um welches Konto es sich handelt.</translation>
        </message>
        <message>
            <source>Account %1 is not a connected X account; only X accounts have poll intervals to set.</source>
            <translation>Konto %1 ist kein verbundenes X-Konto; nur X-Konten haben einstellbare Abfrageintervalle.</translation>
        </message>
        <message>
            <source>Mentions every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Erwähnungen alle %1 s: wählen Sie 0 (aus) oder %2 bis %3 Sekunden.</translation>
        </message>
        <message>
            <source>Keyword listening every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Stichwortsuche alle %1 s: wählen Sie 0 (aus) oder %2 bis %3 Sekunden.</translation>
        </message>
        <message>
            <source>Direct messages every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Direktnachrichten alle %1 s: wählen Sie 0 (aus) oder %2 bis %3 Sekunden.</translation>
        </message>
        <message>
            <source>A poll interval cannot be negative.</source>
            <translation>Ein Abfrageintervall kann nicht negativ sein.</translation>
        </message>
        <message>
            <source>X allows a user 300 mention and 300 search requests, and only 15 direct-message reads, every 15 minutes.</source>
            <translation>X erlaubt einem Nutzer alle 15 Minuten 300 Erwähnungs- und 300 Suchanfragen, aber nur 15 Abrufe von Direktnachrichten.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XConnector</name>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X hat eine Antwort gesendet, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
        <message>
            <source>Keyword listening on X needs at least one brand term.</source>
            <translation>Die Stichwortsuche auf X braucht mindestens einen Markenbegriff.</translation>
        </message>
        <message>
            <source>Add the brand's and products' names with --keyword.</source>
            <translation>Fügen Sie die Namen der Marke und der Produkte mit --keyword hinzu.</translation>
        </message>
        <message>
            <source>The X search query is %1 characters long; X allows %2.</source>
            <translation>Die X-Suchanfrage ist %1 Zeichen lang; X erlaubt %2.</translation>
        </message>
        <message>
            <source>Use fewer or shorter brand terms.</source>
            <translation>Verwenden Sie weniger oder kürzere Markenbegriffe.</translation>
        </message>
        <message>
            <source>The X account is not signed in.</source>
            <translation>Das X-Konto ist nicht angemeldet.</translation>
        </message>
        <message>
            <source>Connect it with `careconsole account add x`.</source>
            <translation>Verbinden Sie es mit `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X account's id is not known.</source>
            <translation>Die ID des X-Kontos ist nicht bekannt.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Verbinden Sie es erneut mit `careconsole account add x`.</translation>
        </message>
        <message>
            <source>(quoting post %1)</source>
            <translation>(zitiert Beitrag %1)</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>Die Nachricht ist nur in der Konsole ausgeblendet.</translation>
        </message>
        <message>
            <source>X refused this reply as a duplicate of a post already on the account, so it was not posted again.</source>
            <translation>X hat diese Antwort als Duplikat eines bereits vorhandenen Beitrags des Kontos abgelehnt; sie wurde deshalb nicht erneut gepostet.</translation>
        </message>
        <message>
            <source>Check the account's recent posts; to say it again, change the wording.</source>
            <translation>Prüfen Sie die letzten Beiträge des Kontos; um es noch einmal zu sagen, ändern Sie den Wortlaut.</translation>
        </message>
        <message>
            <source>X did not let the brand write to %1 privately (they may not accept messages from accounts they do not follow).</source>
            <translation>X hat der Marke nicht erlaubt, %1 privat zu schreiben (die Person nimmt womöglich keine Nachrichten von Konten an, denen sie nicht folgt).</translation>
        </message>
        <message>
            <source>Answer publicly and ask them to write to the brand first.</source>
            <translation>Antworten Sie öffentlich und bitten Sie die Person, der Marke zuerst zu schreiben.</translation>
        </message>
        <message>
            <source>X cannot deliver this kind of message.</source>
            <translation>X kann diese Art von Nachricht nicht zustellen.</translation>
        </message>
        <message>
            <source>Send it from an e-mail account.</source>
            <translation>Senden Sie sie von einem E-Mail-Konto aus.</translation>
        </message>
        <message>
            <source>X lets the brand hide only replies in conversations the brand started.</source>
            <translation>X erlaubt der Marke, nur Antworten in Unterhaltungen auszublenden, die die Marke begonnen hat.</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Dieser Beitrag wurde gelöscht.)</translation>
        </message>
        <message>
            <source>X did not show the reply again.</source>
            <translation>X hat die Antwort nicht wieder eingeblendet.</translation>
        </message>
        <message>
            <source>It is shown in the console; check it on X.</source>
            <translation>Sie wird in der Konsole angezeigt; prüfen Sie sie auf X.</translation>
        </message>
        <message>
            <source>Posts found by listening</source>
            <translation>Beim Mithören gefundene Beiträge</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Direktnachrichten</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSession</name>
        <message>
            <source>The stored sign-in of this X account is incomplete.</source>
            <translation>Die gespeicherte Anmeldung dieses X-Kontos ist unvollständig.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x`.</source>
            <translation>Verbinden Sie das Konto erneut mit `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X sign-in of @%1 has run out and cannot be renewed.</source>
            <translation>Die X-Anmeldung von @%1 ist abgelaufen und kann nicht erneuert werden.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x` (it asks for offline access so that this does not happen every two hours).</source>
            <translation>Verbinden Sie das Konto erneut mit `careconsole account add x` (es fragt nach Offline-Zugriff, damit das nicht alle zwei Stunden passiert).</translation>
        </message>
        <message>
            <source>X no longer accepts the sign-in of @%1 — reconnect the account.</source>
            <translation>X akzeptiert die Anmeldung von @%1 nicht mehr — verbinden Sie das Konto erneut.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Verbinden Sie es erneut mit `careconsole account add x`.</translation>
        </message>
        <message>
            <source>X sent a sign-in answer that could not be read.</source>
            <translation>X hat eine Anmeldeantwort gesendet, die nicht gelesen werden konnte.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Nichts geht verloren; es wird automatisch erneut versucht.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSignIn</name>
        <message>
            <source>Give the X app's OAuth 2.0 client id.</source>
            <translation>Geben Sie die OAuth-2.0-Client-ID der X-App an.</translation>
        </message>
        <message>
            <source>It is on the app's "Keys and tokens" page in the X developer console.</source>
            <translation>Sie steht auf der Seite „Keys and tokens“ der App in der X-Entwicklerkonsole.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console kann die Antwort des Browsers nicht empfangen: Port %1 auf diesem Computer ist bereits belegt.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another sign-in) and try again.</source>
            <translation>Schließen Sie das Programm, das ihn belegt (vielleicht eine andere Anmeldung), und versuchen Sie es erneut.</translation>
        </message>
        <message>
            <source>Care Console received X's answer. You can close this page.</source>
            <translation>Care Console hat die Antwort von X erhalten. Sie können diese Seite schließen.</translation>
        </message>
        <message>
            <source>Signing in to X was not finished within %1, so it was stopped.</source>
            <translation>Die Anmeldung bei X wurde nicht innerhalb von %1 abgeschlossen und deshalb abgebrochen.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Beginnen Sie von vorn und erlauben Sie Care Console den Zugriff auf der Seite, die sich im Browser öffnet.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on X.</source>
            <translation>Sie haben Care Console auf X nicht zugelassen.</translation>
        </message>
        <message>
            <source>X refused the sign-in: %1</source>
            <translation>X hat die Anmeldung abgelehnt: %1</translation>
        </message>
        <message>
            <source>Start again and choose Authorize app on X's page.</source>
            <translation>Beginnen Sie erneut und wählen Sie auf der Seite von X „Authorize app“.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>Die Antwort, die vom Browser zurückkam, gehört nicht zu dieser Anmeldung, daher hat Care Console sie abgelehnt.</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Beginnen Sie die Anmeldung von vorn.</translation>
        </message>
        <message>
            <source>Check that the client id is the app's OAuth 2.0 client id, that the app is a native app (public client), and that %1 is one of its callback URLs.</source>
            <translation>Prüfen Sie, ob die Client-ID die OAuth-2.0-Client-ID der App ist, ob die App eine native App (öffentlicher Client) ist und ob %1 zu ihren Callback-URLs gehört.</translation>
        </message>
        <message>
            <source>X answered the sign-in in a way Care Console cannot read.</source>
            <translation>X hat auf die Anmeldung so geantwortet, dass Care Console es nicht lesen kann.</translation>
        </message>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X hat eine Antwort gesendet, die nicht gelesen werden konnte.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Care Console</source>
            <translation>Care Console</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Datei</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Ansicht</translation>
        </message>
        <message>
            <source>&amp;Conversation</source>
            <translation>&amp;Konversation</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hilfe</translation>
        </message>
        <message>
            <source>Use a &amp;team database…</source>
            <translation>&amp;Teamdatenbank verwenden…</translation>
        </message>
        <message>
            <source>Open a fresh &amp;demo workspace</source>
            <translation>Neuen &amp;Demo-Arbeitsbereich öffnen</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Einstellungen…</translation>
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation>Ctrl+,</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Beenden</translation>
        </message>
        <message>
            <source>Ctrl+Q</source>
            <translation>Ctrl+Q</translation>
        </message>
        <message>
            <source>&amp;Search messages</source>
            <translation>Nachrichten &amp;durchsuchen</translation>
        </message>
        <message>
            <source>/</source>
            <translation>/</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>F5</source>
            <translation>F5</translation>
        </message>
        <message>
            <source>&amp;About Care Console</source>
            <translation>Ü&amp;ber Care Console</translation>
        </message>
    </context>
</TS>
