<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
    <context>
        <name>Care::App::AccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Give the instance's address with --instance, e.g. --instance https://social.example</source>
            <translation>Indiquez l'adresse de l'instance avec --instance, p. ex. --instance https://social.example</translation>
        </message>
        <message>
            <source>No token arrived on standard input.</source>
            <translation>Aucun jeton n'est arrivé sur l'entrée standard.</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Ouvrez cette adresse dans un navigateur sur cet ordinateur et autorisez Care Console :</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Attente de 5 minutes au maximum…</translation>
        </message>
        <message>
            <source>Added account %1: Mastodon %2 (token kept in %3).</source>
            <translation>Compte %1 ajouté : Mastodon %2 (jeton conservé dans %3).</translation>
        </message>
        <message>
            <source>never synced</source>
            <translation>jamais synchronisé</translation>
        </message>
        <message>
            <source>last sync %1</source>
            <translation>dernière synchronisation %1</translation>
        </message>
        <message>
            <source>%1 undelivered</source>
            <translation>%1 non remise(s)</translation>
        </message>
        <message>
            <source>No accounts are connected. Add one with: careconsole account add mastodon --instance URL --token-stdin</source>
            <translation>Aucun compte n'est connecté. Ajoutez-en un avec : careconsole account add mastodon --instance URL --token-stdin</translation>
        </message>
        <message>
            <source>Give the account's number, e.g. account remove 3.</source>
            <translation>Indiquez le numéro du compte, p. ex. account remove 3.</translation>
        </message>
        <message>
            <source>Removed account %1 (%2). Its conversations stay in the store.</source>
            <translation>Compte %1 (%2) supprimé. Ses conversations restent dans la base.</translation>
        </message>
        <message>
            <source>Say which platform, e.g. account add mastodon.</source>
            <translation>Indiquez la plateforme, p. ex. account add mastodon.</translation>
        </message>
        <message>
            <source>Care Console cannot connect %1 accounts yet.</source>
            <translation>Care Console ne sait pas encore connecter de comptes %1.</translation>
        </message>
        <message>
            <source>Use account add, account list, account cost, account set or account remove.</source>
            <translation>Utilisez account add, account list, account cost, account set ou account remove.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::AgentCommand</name>
        <message>
            <source>Usage: careconsole agent list
       careconsole agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin] [--team TEAM]
An empty --team "" takes the agent out of their team.</source>
            <translation>Utilisation : careconsole agent list
       careconsole agent set ID [--name NOM] [--signature TEXTE] [--role agent|lead|admin] [--team ÉQUIPE]
Un --team "" vide retire l'agent de son équipe.</translation>
        </message>
        <message>
            <source>(no team)</source>
            <translation>(aucune équipe)</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead or admin.</source>
            <translation>%1 n'est pas un rôle : choisissez agent, lead ou admin.</translation>
        </message>
        <message>
            <source>An agent needs a name.</source>
            <translation>Un agent doit avoir un nom.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in no team.</source>
            <translation>%1 (%2, %3), dans aucune équipe.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in team %4.</source>
            <translation>%1 (%2, %3), dans l'équipe %4.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::BlueskyAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Give the account's handle with --handle, e.g. --handle acme.bsky.social</source>
            <translation>Indiquez l'identifiant du compte avec --handle, p. ex. --handle acme.bsky.social</translation>
        </message>
        <message>
            <source>Give an app password on standard input with --app-password-stdin (create one in Bluesky: Settings → Privacy and security → App passwords).</source>
            <translation>Fournissez un mot de passe d'application sur l'entrée standard avec --app-password-stdin (créez-en un dans Bluesky : Paramètres → Confidentialité et sécurité → Mots de passe d'application).</translation>
        </message>
        <message>
            <source>No app password arrived on standard input.</source>
            <translation>Aucun mot de passe d'application n'est arrivé sur l'entrée standard.</translation>
        </message>
        <message>
            <source>Added account %1: Bluesky %2 (session kept in %3).</source>
            <translation>Compte %1 ajouté : Bluesky %2 (session conservée dans %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::CommandLine</name>
        <message>
            <source>Open this store: a team database URL (postgresql://user@host:5432/care) or the path of an SQLite file.</source>
            <translation>Ouvrir cette base : l'URL d'une base de données d'équipe (postgresql://user@host:5432/care) ou le chemin d'un fichier SQLite.</translation>
        </message>
        <message>
            <source>Open a fresh demo workspace. Your own data is not touched.</source>
            <translation>Ouvrir un nouvel espace de démonstration. Vos propres données ne sont pas modifiées.</translation>
        </message>
        <message>
            <source>Keep account tokens in this file instead of the system keychain (for machines without one); it must be readable only by its owner.</source>
            <translation>Conserver les jetons des comptes dans ce fichier plutôt que dans le trousseau du système (pour les machines qui n'en ont pas) ; seul son propriétaire doit pouvoir le lire.</translation>
        </message>
        <message>
            <source>--demo and --database cannot be used together.</source>
            <translation>--demo et --database ne peuvent pas être utilisés ensemble.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
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
            <translation>Care Console : répondez aux clients de tous les réseaux sociaux depuis une seule boîte de réception.

Sans option, la console ouvre votre base intégrée, ou l'espace de démonstration tant qu'aucun compte n'est connecté.

Commandes :
  triage   classe des JSON Lines lus sur l'entrée standard (voir la documentation)
  account  ajoute, liste ou supprime des comptes de plateformes (careconsole account --help)
  sync     synchronise les comptes et vide la boîte d'envoi une fois : sync --once [--account ID]
  send     met une réponse en file d'attente : send --conversation ID (--public|--private) --text-stdin
  workspace  exporte ou importe un paquet d'espace de travail : workspace export FICHIER, workspace import FICHIER [--dry-run]</translation>
        </message>
    </context>
    <context>
        <name>Care::App::ConversationCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>No e-mail account is connected; add one with careconsole account add email.</source>
            <translation>Aucun compte e-mail n'est connecté ; ajoutez-en un avec careconsole account add email.</translation>
        </message>
        <message>
            <source>Several e-mail accounts are connected; choose one with --account ID.</source>
            <translation>Plusieurs comptes e-mail sont connectés ; choisissez-en un avec --account ID.</translation>
        </message>
        <message>
            <source>send-transcript takes the conversation's number.</source>
            <translation>send-transcript attend le numéro de la conversation.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Say where the transcript goes with --to ADDRESS.</source>
            <translation>Indiquez avec --to ADRESSE où envoyer la transcription.</translation>
        </message>
        <message>
            <source>Queued the transcript of conversation %1 to %2; it goes out with the running console or the next sync.</source>
            <translation>La transcription de la conversation %1 pour %2 est en file d'attente ; elle partira avec la console en cours ou la prochaine synchronisation.</translation>
        </message>
        <message>
            <source>%1 takes the conversation's number.</source>
            <translation>%1 attend le numéro de la conversation.</translation>
        </message>
        <message>
            <source>--message takes the message's number.</source>
            <translation>--message attend le numéro du message.</translation>
        </message>
        <message>
            <source>Say why with --reason TEXT (for example: abusive language, or personal data posted in public); the audit log keeps it.</source>
            <translation>Indiquez la raison avec --reason TEXTE (par exemple : propos injurieux, ou données personnelles publiées en public) ; le journal d’audit la conserve.</translation>
        </message>
        <message>
            <source>Hid message %1 of conversation %2; your name, the time and the reason are in the audit log. It is hidden on the platform with the running console or the next sync.</source>
            <translation>Message %1 de la conversation %2 masqué ; votre nom, l’heure et la raison sont dans le journal d’audit. Il est masqué sur la plateforme par la console en cours d’exécution ou à la prochaine synchronisation.</translation>
        </message>
        <message>
            <source>Message %1 of conversation %2 is shown again, and on the platform with the running console or the next sync where it was hidden there; the audit log has it.</source>
            <translation>Le message %1 de la conversation %2 est de nouveau affiché, et sur la plateforme aussi par la console en cours d’exécution ou à la prochaine synchronisation s’il y était masqué ; le journal d’audit l’enregistre.</translation>
        </message>
        <message>
            <source>show takes the conversation's number.</source>
            <translation>show attend le numéro de la conversation.</translation>
        </message>
        <message>
            <source>Use conversation show ID, conversation send-transcript ID --to ADDRESS, conversation hide ID [--message ID] --reason TEXT, or conversation unhide ID [--message ID].</source>
            <translation>Utilisez conversation show ID, conversation send-transcript ID --to ADRESSE, conversation hide ID [--message ID] --reason TEXTE ou conversation unhide ID [--message ID].</translation>
        </message>
    </context>
    <context>
        <name>Care::App::EmailAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>account add email needs --imap URL, --smtp URL and --user NAME, e.g. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</source>
            <translation>account add email demande --imap URL, --smtp URL et --user NOM, par ex. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>Give the mailbox's password on standard input with --password-stdin.</source>
            <translation>Indiquez le mot de passe de la boîte aux lettres sur l'entrée standard avec --password-stdin.</translation>
        </message>
        <message>
            <source>No password arrived on standard input.</source>
            <translation>Aucun mot de passe n'est arrivé sur l'entrée standard.</translation>
        </message>
        <message>
            <source>Added account %1: e-mail %2 (password kept in %3).</source>
            <translation>Compte %1 ajouté : e-mail %2 (mot de passe conservé dans %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FacebookAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Give the Page's numeric id with --page-id, e.g. --page-id 104233445566</source>
            <translation>Indiquez l'identifiant numérique de la Page avec --page-id, p. ex. --page-id 104233445566</translation>
        </message>
        <message>
            <source>Give the Page access token on standard input with --token-stdin (a long-lived Page token, or one made for a system user).</source>
            <translation>Fournissez le jeton d'accès de la Page sur l'entrée standard avec --token-stdin (un jeton de Page longue durée, ou un jeton créé pour un utilisateur système).</translation>
        </message>
        <message>
            <source>No Page access token arrived on standard input.</source>
            <translation>Aucun jeton d'accès de Page n'est arrivé sur l'entrée standard.</translation>
        </message>
        <message>
            <source>Added account %1: Facebook Page %2 (token kept in %3).</source>
            <translation>Compte %1 ajouté : Page Facebook %2 (jeton conservé dans %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FeedAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Give the feed's address with --url, e.g. --url https://blog.example/feed</source>
            <translation>Indiquez l’adresse du flux avec --url, par ex. --url https://blog.example/feed</translation>
        </message>
        <message>
            <source>The interval is a number of seconds, e.g. --interval 1800.</source>
            <translation>L’intervalle est un nombre de secondes, par ex. --interval 1800.</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (every item is taken).</source>
            <translation>Flux %1 ajouté : %2 (chaque article est repris).</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (items naming %3).</source>
            <translation>Flux %1 ajouté : %2 (articles qui citent %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MessageCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>Use message attachments ID [--save FOLDER].</source>
            <translation>Utilisez message attachments ID [--save DOSSIER].</translation>
        </message>
        <message>
            <source>attachments takes the message's number.</source>
            <translation>attachments attend le numéro du message.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Message %1 has no attachments.</source>
            <translation>Le message %1 n'a pas de pièces jointes.</translation>
        </message>
        <message>
            <source>The folder %1 cannot be created.</source>
            <translation>Le dossier %1 ne peut pas être créé.</translation>
        </message>
        <message>
            <source>%1 could not be written.</source>
            <translation>%1 n'a pas pu être écrit.</translation>
        </message>
        <message>
            <source>Saved %1 (%2, %3).</source>
            <translation>%1 enregistré (%2, %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MigrateCommand</name>
        <message>
            <source>Usage: careconsole migrate --from SQLITE_FILE --to postgresql://OWNER@HOST/DB
Copies a single-user workspace into a team database. Safe to run again: rows already copied are skipped, so an interrupted copy continues.</source>
            <translation>Utilisation : careconsole migrate --from FICHIER_SQLITE --to postgresql://PROPRIÉTAIRE@HÔTE/BASE
Copie un espace de travail individuel dans une base d’équipe. Peut être relancé : les lignes déjà copiées sont ignorées, une copie interrompue reprend.</translation>
        </message>
        <message>
            <source>%1: %2 of %3 rows</source>
            <translation>%1 : %2 lignes sur %3</translation>
        </message>
        <message>
            <source>%1	%2 in the workspace	%3 newly copied	%4 in the team database</source>
            <translation>%1	%2 dans l’espace de travail	%3 nouvellement copiées	%4 dans la base d’équipe</translation>
        </message>
        <message>
            <source>Checked: every row is in the team database; %1 messages compared field by field. %2 rows copied in %3 s.</source>
            <translation>Vérifié : chaque ligne est dans la base d’équipe ; %1 messages comparés champ par champ. %2 lignes copiées en %3 s.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::StartupFlow</name>
        <message>
            <source>Use a team database</source>
            <translation>Utiliser une base de données d'équipe</translation>
        </message>
        <message>
            <source>Care Console cannot open the store</source>
            <translation>Care Console ne peut pas ouvrir la base</translation>
        </message>
        <message>
            <source>Open a read-only copy</source>
            <translation>Ouvrir une copie en lecture seule</translation>
        </message>
        <message>
            <source>Start a new store elsewhere…</source>
            <translation>Créer une nouvelle base ailleurs…</translation>
        </message>
        <message>
            <source>New store</source>
            <translation>Nouvelle base</translation>
        </message>
        <message>
            <source>Care Console store (*.sqlite)</source>
            <translation>Base Care Console (*.sqlite)</translation>
        </message>
        <message>
            <source>Your administrator has set the team database for this computer (%1); it cannot be changed here.</source>
            <translation>Votre administrateur a défini la base de données d'équipe de cet ordinateur (%1) ; elle ne peut pas être modifiée ici.</translation>
        </message>
        <message>
            <source>The URL of your team's PostgreSQL database, for example
postgresql://jane@care-db.example.com/care
Leave it empty to work in the store on this computer again.</source>
            <translation>L'URL de la base de données PostgreSQL de votre équipe, par exemple
postgresql://jane@care-db.example.com/care
Laissez-la vide pour travailler de nouveau dans la base de cet ordinateur.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::SyncCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source> (%1 undelivered)</source>
            <translation> (%1 non remise(s))</translation>
        </message>
        <message>
            <source>Syncing every connected account; stop with Ctrl+C.</source>
            <translation>Synchronisation de tous les comptes connectés ; arrêtez avec Ctrl+C.</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>Arrêté.</translation>
        </message>
        <message>
            <source>--account takes the account's number.</source>
            <translation>--account attend le numéro du compte.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>There is no connected account %1; see careconsole account list.</source>
            <translation>Il n'y a pas de compte connecté %1 ; voir careconsole account list.</translation>
        </message>
        <message>
            <source>No accounts are connected; nothing to sync.</source>
            <translation>Aucun compte n'est connecté ; rien à synchroniser.</translation>
        </message>
        <message>
            <source>Choose one of --public and --private.</source>
            <translation>Choisissez --public ou --private.</translation>
        </message>
        <message>
            <source>No reply text arrived on standard input.</source>
            <translation>Aucun texte de réponse n'est arrivé sur l'entrée standard.</translation>
        </message>
        <message>
            <source>Queued reply %1 in conversation %2; it goes out with the running console or the next sync.</source>
            <translation>Réponse %1 mise en file dans la conversation %2 ; elle part avec la console en cours d'exécution ou à la prochaine synchronisation.</translation>
        </message>
        <message>
            <source>There is no agent %1 to sign with; add one with careconsole agent set.</source>
            <translation>Il n'y a pas d'agent %1 pour signer ; ajoutez-le avec careconsole agent set.</translation>
        </message>
        <message>
            <source>Choose one of --public, --private and --email.</source>
            <translation>Choisissez l’une des options --public, --private et --email.</translation>
        </message>
        <message>
            <source>send needs --conversation ID, --public, --private or --email, and --text-stdin.</source>
            <translation>send a besoin de --conversation ID, de --public, --private ou --email, et de --text-stdin.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::TeamCommand</name>
        <message>
            <source>Usage: careconsole --database postgresql://OWNER@HOST/DB team setup
       careconsole --database postgresql://OWNER@HOST/DB team add LOGIN --role agent|lead|admin|sync [--name NAME] [--password-stdin]
       careconsole --database URL team list | whoami</source>
            <translation>Utilisation : careconsole --database postgresql://PROPRIÉTAIRE@HÔTE/BASE team setup
               careconsole --database postgresql://PROPRIÉTAIRE@HÔTE/BASE team add IDENTIFIANT --role agent|lead|admin|sync [--name NOM] [--password-stdin]
               careconsole --database URL team list | whoami</translation>
        </message>
        <message>
            <source>Team roles are set up: care_agent, care_lead, care_admin and care_sync. Add each person with: careconsole team add LOGIN --role ROLE --password-stdin</source>
            <translation>Les rôles d’équipe sont en place : care_agent, care_lead, care_admin et care_sync. Ajoutez chaque personne avec : careconsole team add IDENTIFIANT --role RÔLE --password-stdin</translation>
        </message>
        <message>
            <source>No password on standard input.</source>
            <translation>Aucun mot de passe sur l’entrée standard.</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead, admin or sync.</source>
            <translation>%1 n’est pas un rôle : choisissez agent, lead, admin ou sync.</translation>
        </message>
        <message>
            <source>Say which role with --role agent, lead, admin or sync.</source>
            <translation>Indiquez le rôle avec --role agent, lead, admin ou sync.</translation>
        </message>
        <message>
            <source>%1 can sign in to the team database as %2.</source>
            <translation>%1 peut se connecter à la base d’équipe en tant que %2.</translation>
        </message>
        <message>
            <source>This login has no team role (a single-user store, or the database owner).</source>
            <translation>Cet identifiant n’a pas de rôle d’équipe (une base individuelle, ou le propriétaire de la base).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::WorkspaceCommand</name>
        <message>
            <source>Usage: careconsole workspace export FILE
       careconsole workspace import [FILE] [--dry-run]
Without FILE, import reads the pack your administrator set (workspace/packLocation).</source>
            <translation>Utilisation : careconsole workspace export FICHIER
       careconsole workspace import [FICHIER] [--dry-run]
Sans FICHIER, import lit le paquet défini par votre administrateur (workspace/packLocation).</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 n'a pas pu être écrit : %2</translation>
        </message>
        <message>
            <source>Wrote %1: %2 policies, %3 approved replies, %4 SLA policies, the team calendar and the triage rules for %5 languages.</source>
            <translation>%1 écrit : %2 politiques, %3 réponses approuvées, %4 politiques SLA, le calendrier de l'équipe et les règles de tri pour %5 langues.</translation>
        </message>
        <message>
            <source>%1 was refused; nothing was changed:</source>
            <translation>%1 a été refusé ; rien n'a été modifié :</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed.</source>
            <translation>%1 n'a pas été importé ; rien n'a été modifié.</translation>
        </message>
        <message>
            <source>Importing %1 would:</source>
            <translation>L'import de %1 ferait ceci :</translation>
        </message>
        <message>
            <source>Imported %1:</source>
            <translation>%1 importé :</translation>
        </message>
        <message>
            <source>Dry run: nothing was changed.</source>
            <translation>Simulation : rien n'a été modifié.</translation>
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
            <translation>toutes les %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <source>Cannot read the price file %1.</source>
            <translation>Impossible de lire le fichier de prix %1.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argument inattendu : %1</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id with --client-id (X developer console → the app → Keys and tokens).</source>
            <translation>Indiquez l’identifiant client OAuth 2.0 de l’app X avec --client-id (console développeur X → l’app → Keys and tokens).</translation>
        </message>
        <message>
            <source>Keyword listening will search X for (BRAND is the account's own name):</source>
            <translation>L’écoute par mots-clés cherchera sur X (BRAND est le nom du compte lui-même) :</translation>
        </message>
        <message>
            <source>The X app must list %1 as a callback URL and be a native app (public client).</source>
            <translation>L’app X doit indiquer %1 comme URL de rappel et être une app native (client public).</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Ouvrez cette adresse dans un navigateur sur cet ordinateur et autorisez Care Console :</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Attente de 5 minutes au maximum…</translation>
        </message>
        <message>
            <source>Added account %1: X %2 (tokens kept in %3).</source>
            <translation>Compte %1 ajouté : X %2 (jetons conservés dans %3).</translation>
        </message>
        <message>
            <source>Listening query: %1</source>
            <translation>Requête d’écoute : %1</translation>
        </message>
        <message>
            <source>Say which account the budget is for with --account ID.</source>
            <translation>Indiquez avec --account ID à quel compte s’applique le budget.</translation>
        </message>
        <message>
            <source>No X account is connected.</source>
            <translation>Aucun compte X n’est connecté.</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Voir careconsole --help.</translation>
        </message>
        <message>
            <source>account set takes the account's number (careconsole account list).</source>
            <translation>account set attend le numéro du compte (careconsole account list).</translation>
        </message>
        <message>
            <source>%1 takes a number of seconds (0: off).</source>
            <translation>%1 attend un nombre de secondes (0 : désactivé).</translation>
        </message>
        <message>
            <source>Say what to change: --poll-mentions S, --poll-search S or --poll-direct S.</source>
            <translation>Indiquez ce qui change : --poll-mentions S, --poll-search S ou --poll-direct S.</translation>
        </message>
        <message>
            <source>Account %1 polls mentions %2, keyword listening %3 and direct messages %4 from the next sync.</source>
            <translation>Le compte %1 interroge les mentions %2, l’écoute par mots-clés %3 et les messages directs %4 à partir de la prochaine synchronisation.</translation>
        </message>
        <message>
            <source>Account %1: X %2 — estimated monthly API cost (prices of %3, an upper bound):</source>
            <translation>Compte %1 : X %2 — coût mensuel estimé de l’API (prix du %3, une borne supérieure) :</translation>
        </message>
        <message>
            <source>mentions, polled %1: %2</source>
            <translation>mentions, interrogées %1 : %2</translation>
        </message>
        <message>
            <source>keyword listening, polled %1: %2</source>
            <translation>écoute par mots-clés, interrogée %1 : %2</translation>
        </message>
        <message>
            <source>direct messages, polled %1: %2</source>
            <translation>messages privés, interrogés %1 : %2</translation>
        </message>
        <message>
            <source>replies and messages sent: %1</source>
            <translation>réponses et messages envoyés : %1</translation>
        </message>
        <message>
            <source>total: %1</source>
            <translation>total : %1</translation>
        </message>
        <message>
            <source>spent this month so far: %1</source>
            <translation>dépensé ce mois-ci jusqu’ici : %1</translation>
        </message>
        <message>
            <source>Less than an hour of traffic was measured: the figures use the price file's assumptions.</source>
            <translation>Moins d’une heure de trafic a été mesurée : les chiffres reposent sur les hypothèses du fichier de prix.</translation>
        </message>
        <message>
            <source>budget: %1 a month</source>
            <translation>budget : %1 par mois</translation>
        </message>
        <message>
            <source>Direct messages are polled %1 instead of %2 to stay within it.</source>
            <translation>Les messages privés sont interrogés %1 au lieu de %2 pour le respecter.</translation>
        </message>
        <message>
            <source>The traffic itself costs more than the budget: keyword listening is paused. Raise the budget or narrow the brand terms.</source>
            <translation>Le trafic lui-même coûte plus que le budget : l’écoute par mots-clés est en pause. Augmentez le budget ou restreignez les termes de marque.</translation>
        </message>
        <message>
            <source>listening query: %1</source>
            <translation>requête d’écoute : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::BusinessCalendar</name>
        <message>
            <source>Each range of %1 must be a pair of times.</source>
            <translation>Chaque plage de %1 doit être une paire d'heures.</translation>
        </message>
        <message>
            <source>For example ["07:00", "22:00"]; ["22:00", "02:00"] runs past midnight.</source>
            <translation>Par exemple ["07:00", "22:00"] ; ["22:00", "02:00"] passe minuit.</translation>
        </message>
        <message>
            <source>“%1” in the hours of %2 is not a time of day.</source>
            <translation>« %1 » dans les horaires de %2 n'est pas une heure.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Écrivez HH:MM de 00:00 à 23:59 ; une plage peut se terminer à 24:00.</translation>
        </message>
        <message>
            <source>The calendar has an unknown entry “%1”.</source>
            <translation>Le calendrier contient une entrée inconnue « %1 ».</translation>
        </message>
        <message>
            <source>Known entries are time_zone, always_open, hours, closures and special_hours.</source>
            <translation>Les entrées connues sont time_zone, always_open, hours, closures et special_hours.</translation>
        </message>
        <message>
            <source>The calendar has no time zone.</source>
            <translation>Le calendrier n'a pas de fuseau horaire.</translation>
        </message>
        <message>
            <source>Add "time_zone", e.g. "Europe/Berlin".</source>
            <translation>Ajoutez "time_zone", p. ex. "Europe/Berlin".</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Fuseau horaire inconnu « %1 ».</translation>
        </message>
        <message>
            <source>Use an IANA name such as Europe/Berlin. If the name is right, the system's time-zone data (the tzdata package) is missing.</source>
            <translation>Utilisez un nom IANA comme Europe/Berlin. Si le nom est correct, les données de fuseaux horaires du système (le paquet tzdata) manquent.</translation>
        </message>
        <message>
            <source>"always_open" must be true or false.</source>
            <translation>"always_open" doit valoir true ou false.</translation>
        </message>
        <message>
            <source>"hours" must map weekdays to lists of ranges.</source>
            <translation>"hours" doit associer des listes de plages aux jours de la semaine.</translation>
        </message>
        <message>
            <source>For example {"mon": [["07:00", "22:00"]]}.</source>
            <translation>Par exemple {"mon": [["07:00", "22:00"]]}.</translation>
        </message>
        <message>
            <source>Unknown weekday “%1” in the hours.</source>
            <translation>Jour de la semaine inconnu « %1 » dans les horaires.</translation>
        </message>
        <message>
            <source>Use mon, tue, wed, thu, fri, sat or sun.</source>
            <translation>Utilisez mon, tue, wed, thu, fri, sat ou sun.</translation>
        </message>
        <message>
            <source>The hours of %1 must be a list of ranges.</source>
            <translation>Les horaires de %1 doivent être une liste de plages.</translation>
        </message>
        <message>
            <source>For example [["08:00", "12:00"], ["13:00", "20:00"]]; [] means closed.</source>
            <translation>Par exemple [["08:00", "12:00"], ["13:00", "20:00"]] ; [] signifie fermé.</translation>
        </message>
        <message>
            <source>"closures" must be a list.</source>
            <translation>"closures" doit être une liste.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-25", "name": "Christmas Day"}].</source>
            <translation>Par exemple [{"date": "2026-12-25", "name": "Noël"}].</translation>
        </message>
        <message>
            <source>The closure date “%1” is not a date.</source>
            <translation>La date de fermeture « %1 » n'est pas une date.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-25.</source>
            <translation>Écrivez les dates au format AAAA-MM-JJ, p. ex. 2026-12-25.</translation>
        </message>
        <message>
            <source>The closure date %1 is listed twice.</source>
            <translation>La date de fermeture %1 figure deux fois.</translation>
        </message>
        <message>
            <source>"special_hours" must be a list.</source>
            <translation>"special_hours" doit être une liste.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-24", "name": "Christmas Eve", "hours": [["08:00", "14:00"]]}].</source>
            <translation>Par exemple [{"date": "2026-12-24", "name": "Réveillon de Noël", "hours": [["08:00", "14:00"]]}].</translation>
        </message>
        <message>
            <source>The special-hours date “%1” is not a date.</source>
            <translation>La date d'horaires spéciaux « %1 » n'est pas une date.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Écrivez les dates au format AAAA-MM-JJ, p. ex. 2026-12-24.</translation>
        </message>
        <message>
            <source>The date %1 is listed twice among closures and special hours.</source>
            <translation>La date %1 figure deux fois parmi les fermetures et les horaires spéciaux.</translation>
        </message>
        <message>
            <source>The special hours of %1 must be a list of ranges.</source>
            <translation>Les horaires spéciaux de %1 doivent être une liste de plages.</translation>
        </message>
        <message>
            <source>For example [["08:00", "14:00"]]; a day without hours is a closure.</source>
            <translation>Par exemple [["08:00", "14:00"]] ; un jour sans horaires est une fermeture.</translation>
        </message>
        <message>
            <source>The calendar is not valid JSON.</source>
            <translation>Le calendrier n'est pas un JSON valide.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Vérifiez le fichier vers le caractère %1.</translation>
        </message>
        <message>
            <source>The calendar must be a JSON object.</source>
            <translation>Le calendrier doit être un objet JSON.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CalendarRangeText</name>
        <message>
            <source>“%1” is not a range of times.</source>
            <translation>« %1 » n'est pas une plage horaire.</translation>
        </message>
        <message>
            <source>Write start–end, e.g. 08:00–12:00; several ranges separated by commas.</source>
            <translation>Écrivez début–fin, p. ex. 08:00–12:00 ; plusieurs plages séparées par des virgules.</translation>
        </message>
        <message>
            <source>“%1” is not a time of day.</source>
            <translation>« %1 » n'est pas une heure.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Écrivez HH:MM de 00:00 à 23:59 ; une plage peut se terminer à 24:00.</translation>
        </message>
        <message>
            <source>“%1” starts and ends at the same time.</source>
            <translation>« %1 » commence et se termine à la même heure.</translation>
        </message>
        <message>
            <source>For a whole day write 00:00–24:00.</source>
            <translation>Pour une journée entière, écrivez 00:00–24:00.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Conversation</name>
        <message>
            <source>Open</source>
            <translation>Ouverte</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>En attente du client</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Reportée</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Résolue</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Basse</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normale</translation>
        </message>
        <message>
            <source>High</source>
            <translation>Haute</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Urgente</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ConversationCapabilities</name>
        <message>
            <source>Replies to blog and news posts are not posted. Contact the author through another channel, or add an internal note.</source>
            <translation>Les réponses aux articles de blogs et d'actualités ne sont pas publiées. Contactez l'auteur par un autre canal ou ajoutez une note interne.</translation>
        </message>
        <message>
            <source>Replies are not posted on %1. Contact the author through another channel, or add an internal note.</source>
            <translation>Les réponses ne sont pas publiées sur %1. Contactez l’auteur par un autre canal ou ajoutez une note interne.</translation>
        </message>
        <message>
            <source>E-mail answers are private.</source>
            <translation>Les réponses par e-mail sont privées.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side: answer privately.</source>
            <translation>Une conversation Messenger n’a pas de partie publique : répondez en privé.</translation>
        </message>
        <message>
            <source>This is a direct-message conversation: answer privately.</source>
            <translation>Il s’agit d’une conversation en message direct : répondez en privé.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; even with the human agent tag Facebook lets the Page answer only within 7 days. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>Le client a écrit pour la dernière fois sur Messenger il y a %1 ; même avec le tag d'agent humain, Facebook ne laisse la Page répondre que dans les 7 jours. Joignez-le par un autre canal qu'il préfère, ou attendez qu'il écrive à nouveau.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; Facebook lets the Page answer there only within 24 hours. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>Le client a écrit pour la dernière fois sur Messenger il y a %1 ; Facebook ne laisse la Page y répondre que dans les 24 heures. Joignez-le par un autre canal qu'il préfère, ou attendez qu'il écrive à nouveau.</translation>
        </message>
        <message>
            <source>The Page has already answered this comment privately; Facebook allows one private reply per comment. Reply publicly and invite the customer to message the Page.</source>
            <translation>La Page a déjà répondu en privé à ce commentaire ; Facebook autorise une réponse privée par commentaire. Répondez publiquement et invitez le client à écrire à la Page.</translation>
        </message>
        <message>
            <source>The comment is more than 7 days old; Facebook no longer allows a private reply to it. Reply publicly and invite the customer to message the Page.</source>
            <translation>Le commentaire date de plus de 7 jours ; Facebook n'autorise plus de réponse privée. Répondez publiquement et invitez le client à écrire à la Page.</translation>
        </message>
        <message>
            <source>%1 has no private messages. Ask the customer to contact you another way.</source>
            <translation>%1 n'a pas de messages privés. Demandez au client de vous contacter autrement.</translation>
        </message>
        <message>
            <source>%1 does not let a brand hide comments. Nothing is ever deleted.</source>
            <translation>%1 ne permet pas à une marque de masquer des commentaires. Rien n'est jamais supprimé.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>Il n'y a aucun message public visible du client à masquer.</translation>
        </message>
        <message>
            <source>X lets a brand hide replies only in conversations that its own post started; this one was started by someone else. Answer it, or report it on X if it breaks the rules.</source>
            <translation>X ne permet à une marque de masquer des réponses que dans les conversations lancées par sa propre publication ; celle-ci a été lancée par quelqu’un d’autre. Répondez-y, ou signalez-la sur X si elle enfreint les règles.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment (for example a comment on a post the Page did not write). Answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Facebook ne permet pas à la Page de masquer ce commentaire (par exemple un commentaire sous une publication que la Page n’a pas écrite). Répondez-y, ou signalez-le sur Facebook s’il enfreint les règles.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Rien de ce que le client a écrit ici n’est masqué.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Ce message est privé ou déjà masqué ; seul un message public visible du client peut être masqué.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Ce message n’est pas masqué.</translation>
        </message>
        <message>
            <source>The post that began this X conversation is not in the console, so X decides: if the brand did not write it, X refuses and the reply is hidden in the console only.</source>
            <translation>La publication qui a commencé cette conversation X n’est pas dans la console, donc X décide : si la marque ne l’a pas écrite, X refuse et la réponse n’est masquée que dans la console.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CrisisMode</name>
        <message>
            <source>The crisis settings are not valid JSON.</source>
            <translation>Les paramètres de crise ne sont pas un JSON valide.</translation>
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
            <translation>%1 j</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 j %2 h</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Message</name>
        <message>
            <source>Queued</source>
            <translation>En file d'attente</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Envoi en cours</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>Envoyée</translation>
        </message>
        <message>
            <source>Outcome unknown</source>
            <translation>Résultat inconnu</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échec</translation>
        </message>
        <message>
            <source>Waiting for your confirmation</source>
            <translation>En attente de votre confirmation</translation>
        </message>
        <message>
            <source>Cancelled, not sent</source>
            <translation>Annulée, non envoyée</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::OffHoursAcknowledgement</name>
        <message>
            <source>The acknowledgement templates are not valid JSON: %1</source>
            <translation>Les modèles d'accusé de réception ne sont pas un JSON valide : %1</translation>
        </message>
        <message>
            <source>The acknowledgement for “%1” must be text that says when the team is back ({reopen}).</source>
            <translation>L'accusé de réception pour « %1 » doit être un texte qui indique quand l'équipe revient ({reopen}).</translation>
        </message>
        <message>
            <source>The acknowledgement templates need an English one (en).</source>
            <translation>Les modèles d'accusé de réception doivent en comporter un en anglais (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::PersonalDataGuard</name>
        <message>
            <source>an e-mail address: '%1'</source>
            <translation>une adresse e-mail : '%1'</translation>
        </message>
        <message>
            <source>an IBAN: '%1'</source>
            <translation>un IBAN : '%1'</translation>
        </message>
        <message>
            <source>a payment card number ending in %1</source>
            <translation>un numéro de carte bancaire se terminant par %1</translation>
        </message>
        <message>
            <source>a phone number: '%1'</source>
            <translation>un numéro de téléphone : '%1'</translation>
        </message>
        <message>
            <source>a postcode: '%1'</source>
            <translation>un code postal : '%1'</translation>
        </message>
        <message>
            <source>a postal address: '%1'</source>
            <translation>une adresse postale : '%1'</translation>
        </message>
        <message>
            <source>a booking reference</source>
            <translation>une référence de réservation</translation>
        </message>
        <message>
            <source>an order number</source>
            <translation>un numéro de commande</translation>
        </message>
        <message>
            <source>a ticket number</source>
            <translation>un numéro de billet</translation>
        </message>
        <message>
            <source>The reference pattern '%1' is not a valid regular expression.</source>
            <translation>Le motif de référence '%1' n'est pas une expression régulière valide.</translation>
        </message>
        <message>
            <source>Correct the pattern in the settings.</source>
            <translation>Corrigez le motif dans les paramètres.</translation>
        </message>
        <message>
            <source>%1: '%2'</source>
            <translation>%1 : '%2'</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can sort out the payment details safely. Please never share card or bank details in a public post.</source>
            <translation>Nous vous avons envoyé un message privé pour régler les détails du paiement en toute sécurité. Ne partagez jamais vos coordonnées bancaires ou de carte dans une publication publique.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your booking details safely.</source>
            <translation>Nous vous avons envoyé un message privé pour examiner les détails de votre réservation en toute sécurité.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your order details safely.</source>
            <translation>Nous vous avons envoyé un message privé pour examiner les détails de votre commande en toute sécurité.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can take your contact details there, away from public view.</source>
            <translation>Nous vous avons envoyé un message privé pour y recueillir vos coordonnées, à l'abri des regards.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your details safely.</source>
            <translation>Nous vous avons envoyé un message privé pour examiner vos informations en toute sécurité.</translation>
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
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs et actualités</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ReplyLengthCounter</name>
        <message>
            <source>graphemes</source>
            <translation>graphèmes</translation>
        </message>
        <message>
            <source>characters</source>
            <translation>caractères</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Roster</name>
        <message>
            <source>The roster is not valid JSON.</source>
            <translation>Le planning n'est pas un JSON valide.</translation>
        </message>
        <message>
            <source>The shifts of %1: %2</source>
            <translation>Les services de %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ScheduledPost</name>
        <message>
            <source>Scheduled</source>
            <translation>Planifiée</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Envoi en cours</translation>
        </message>
        <message>
            <source>Posted</source>
            <translation>Publiée</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échec</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulée</translation>
        </message>
        <message>
            <source>Expired (not posted)</source>
            <translation>Expirée (non publiée)</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SearchQuery</name>
        <message>
            <source>A search needs at least one word to look for.</source>
            <translation>Une recherche nécessite au moins un mot à chercher.</translation>
        </message>
        <message>
            <source>Add a word without a minus sign, e.g. refund -spam.</source>
            <translation>Ajoutez un mot sans signe moins, p. ex. remboursement -spam.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ShiftAnnouncements</name>
        <message>
            <source>The shift announcements are not valid JSON: %1</source>
            <translation>Les annonces de service ne sont pas un JSON valide : %1</translation>
        </message>
        <message>
            <source>The shift announcements for “%1” need an opening text with {until} and a closing text with {back}.</source>
            <translation>Les annonces de service pour « %1 » nécessitent un texte d'ouverture avec {until} et un texte de fermeture avec {back}.</translation>
        </message>
        <message>
            <source>The shift announcements need English ones (en).</source>
            <translation>Les annonces de service doivent exister en anglais (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Signature</name>
        <message>
            <source>The reply cannot be signed: %1 has no name or signature set.</source>
            <translation>La réponse ne peut pas être signée : %1 n'a ni nom ni signature définis.</translation>
        </message>
        <message>
            <source>Set a display name and signature in the agent settings.</source>
            <translation>Définissez un nom d'affichage et une signature dans les paramètres de l'agent.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaMeasurement</name>
        <message>
            <source>Running</source>
            <translation>En cours</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>Respecté</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>Manqué</translation>
        </message>
        <message>
            <source>Running, already missed</source>
            <translation>En cours, déjà manqué</translation>
        </message>
        <message>
            <source>Ended without a response</source>
            <translation>Terminé sans réponse</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaPolicy</name>
        <message>
            <source>First response</source>
            <translation>Première réponse</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Réponse suivante</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Résolution</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>Par défaut</translation>
        </message>
        <message>
            <source>Unknown entry “%1”.</source>
            <translation>Entrée inconnue « %1 ».</translation>
        </message>
        <message>
            <source>Known entries are %1.</source>
            <translation>Les entrées connues sont %1.</translation>
        </message>
        <message>
            <source>The policy has no name.</source>
            <translation>La politique n'a pas de nom.</translation>
        </message>
        <message>
            <source>Add "name", e.g. "Default".</source>
            <translation>Ajoutez "name", p. ex. "Default".</translation>
        </message>
        <message>
            <source>"match" must be an object.</source>
            <translation>"match" doit être un objet.</translation>
        </message>
        <message>
            <source>For example {"priority": "urgent"}; {} matches everything.</source>
            <translation>Par exemple {"priority": "urgent"} ; {} correspond à tout.</translation>
        </message>
        <message>
            <source>Unknown platform “%1”.</source>
            <translation>Plateforme inconnue « %1 ».</translation>
        </message>
        <message>
            <source>Use one of %1.</source>
            <translation>Utilisez l'une de celles-ci : %1.</translation>
        </message>
        <message>
            <source>Unknown priority “%1”.</source>
            <translation>Priorité inconnue « %1 ».</translation>
        </message>
        <message>
            <source>Use low, normal, high or urgent.</source>
            <translation>Utilisez low, normal, high ou urgent.</translation>
        </message>
        <message>
            <source>The tag to match is empty.</source>
            <translation>L'étiquette à faire correspondre est vide.</translation>
        </message>
        <message>
            <source>Leave "tag" out to match any tag.</source>
            <translation>Omettez "tag" pour accepter n'importe quelle étiquette.</translation>
        </message>
        <message>
            <source>Unknown criterion “%1” in "match".</source>
            <translation>Critère inconnu « %1 » dans "match".</translation>
        </message>
        <message>
            <source>Use platform, priority and tag.</source>
            <translation>Utilisez platform, priority et tag.</translation>
        </message>
        <message>
            <source>"%1" must be a number of minutes, 0 or more.</source>
            <translation>"%1" doit être un nombre de minutes, 0 ou plus.</translation>
        </message>
        <message>
            <source>Unknown counting mode “%1”.</source>
            <translation>Mode de décompte inconnu « %1 ».</translation>
        </message>
        <message>
            <source>Use staffed_hours or wall_clock.</source>
            <translation>Utilisez staffed_hours ou wall_clock.</translation>
        </message>
        <message>
            <source>"pause_while_pending" must be true or false.</source>
            <translation>"pause_while_pending" doit valoir true ou false.</translation>
        </message>
        <message>
            <source>The SLA policies are not valid JSON.</source>
            <translation>Les politiques SLA ne sont pas un JSON valide.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Vérifiez le fichier vers le caractère %1.</translation>
        </message>
        <message>
            <source>The SLA policies file must be an object with a "policies" list.</source>
            <translation>Le fichier des politiques SLA doit être un objet avec une liste "policies".</translation>
        </message>
        <message>
            <source>SLA policy %1</source>
            <translation>Politique SLA %1</translation>
        </message>
        <message>
            <source>SLA policy %1 (“%2”)</source>
            <translation>Politique SLA %1 (« %2 »)</translation>
        </message>
        <message>
            <source>%1 is not an object.</source>
            <translation>%1 n'est pas un objet.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SpikeDetector</name>
        <message>
            <source>%1 negative messages in the last %2 min; usually %3 at this time of day.</source>
            <translation>Messages négatifs sur les %2 dernières minutes : %1 ; habituellement %3 à cette heure de la journée.</translation>
        </message>
        <message>
            <source> (also %1)</source>
            <translation> (aussi %1)</translation>
        </message>
        <message>
            <source>%1 negative messages mention %2 in the last %3 min; usually %4 at this time of day.</source>
            <translation>Messages négatifs mentionnant %2 sur les %3 dernières minutes : %1 ; habituellement %4 à cette heure de la journée.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::StaffedHoursText</name>
        <message>
            <source>We answer around the clock.</source>
            <translation>Nous répondons 24 h/24.</translation>
        </message>
        <message>
            <source>No staffed hours are set.</source>
            <translation>Aucune heure de service n'est définie.</translation>
        </message>
        <message>
            <source>We answer %1 (%2).</source>
            <translation>Nous répondons %1 (%2).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::WorkspacePack</name>
        <message>
            <source>is missing</source>
            <translation>est absent</translation>
        </message>
        <message>
            <source>must be text</source>
            <translation>doit être du texte</translation>
        </message>
        <message>
            <source>is empty</source>
            <translation>est vide</translation>
        </message>
        <message>
            <source>is longer than %1 characters</source>
            <translation>dépasse %1 caractères</translation>
        </message>
        <message>
            <source>contains control characters</source>
            <translation>contient des caractères de contrôle</translation>
        </message>
        <message>
            <source>“%1” is not a plain name (lower-case letters, digits, - and _, at most 64)</source>
            <translation>« %1 » n'est pas un nom simple (minuscules, chiffres, - et _, 64 au maximum)</translation>
        </message>
        <message>
            <source>must be a list of words</source>
            <translation>doit être une liste de mots</translation>
        </message>
        <message>
            <source>has more than %1 tags</source>
            <translation>a plus de %1 étiquettes</translation>
        </message>
        <message>
            <source>every tag must be a short word without commas</source>
            <translation>chaque étiquette doit être un mot court sans virgule</translation>
        </message>
        <message>
            <source>unknown entry “%1”</source>
            <translation>entrée inconnue « %1 »</translation>
        </message>
        <message>
            <source>must be a list</source>
            <translation>doit être une liste</translation>
        </message>
        <message>
            <source>has %1 entries; at most %2 are accepted</source>
            <translation>a %1 entrées ; %2 au maximum sont acceptées</translation>
        </message>
        <message>
            <source>must be an object</source>
            <translation>doit être un objet</translation>
        </message>
        <message>
            <source>“%1” appears twice</source>
            <translation>« %1 » apparaît deux fois</translation>
        </message>
        <message>
            <source>must be an object of at most %1 named values</source>
            <translation>doit être un objet d'au plus %1 valeurs nommées</translation>
        </message>
        <message>
            <source>is not a plain name</source>
            <translation>n'est pas un nom simple</translation>
        </message>
        <message>
            <source>must be short text</source>
            <translation>doit être un texte court</translation>
        </message>
        <message>
            <source>The pack is %1 MB; packs larger than %2 MB are refused.</source>
            <translation>Le paquet fait %1 Mo ; les paquets de plus de %2 Mo sont refusés.</translation>
        </message>
        <message>
            <source>The pack is not valid JSON (at byte %1: %2).</source>
            <translation>Le paquet n'est pas un JSON valide (à l'octet %1 : %2).</translation>
        </message>
        <message>
            <source>The pack must be a JSON object.</source>
            <translation>Le paquet doit être un objet JSON.</translation>
        </message>
        <message>
            <source>This is not a Care Console workspace pack (its format is not “%1”).</source>
            <translation>Ce n'est pas un paquet d'espace de travail Care Console (son format n'est pas « %1 »).</translation>
        </message>
        <message>
            <source>version: must be a whole number</source>
            <translation>version : doit être un nombre entier</translation>
        </message>
        <message>
            <source>The pack has version %1; this Care Console reads version %2 only. %3</source>
            <translation>Le paquet est en version %1 ; cette Care Console ne lit que la version %2. %3</translation>
        </message>
        <message>
            <source>Install the newer Care Console that wrote it.</source>
            <translation>Installez la Care Console plus récente qui l'a écrit.</translation>
        </message>
        <message>
            <source>must be an object with a list of policies</source>
            <translation>doit être un objet avec une liste de politiques</translation>
        </message>
        <message>
            <source>%1 could not be read.</source>
            <translation>%1 n'a pas pu être lu.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountConnectRequest</name>
        <message>
            <source>Connected %1.</source>
            <translation>%1 connecté.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountsDialog</name>
        <message>
            <source>Connected</source>
            <translation>Connecté</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>En attente de la première synchronisation</translation>
        </message>
        <message>
            <source>Syncing</source>
            <translation>Synchronisation</translation>
        </message>
        <message>
            <source>Paused (request limit)</source>
            <translation>En pause (limite de requêtes)</translation>
        </message>
        <message>
            <source>Retrying</source>
            <translation>Nouvelle tentative</translation>
        </message>
        <message>
            <source>Reconnect needed</source>
            <translation>Reconnexion nécessaire</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>Arrêté</translation>
        </message>
        <message>
            <source>&amp;Sync now</source>
            <translation>&amp;Synchroniser maintenant</translation>
        </message>
        <message>
            <source>&amp;Remove…</source>
            <translation>&amp;Supprimer…</translation>
        </message>
        <message>
            <source>&amp;Listening…</source>
            <translation>&amp;Écoute…</translation>
        </message>
        <message>
            <source>Accounts</source>
            <translation>Comptes</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Compte</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Last sync</source>
            <translation>Dernière synchronisation</translation>
        </message>
        <message>
            <source>Next sync</source>
            <translation>Prochaine synchronisation</translation>
        </message>
        <message>
            <source>Requests left</source>
            <translation>Requêtes restantes</translation>
        </message>
        <message>
            <source>Not delivered</source>
            <translation>Non remises</translation>
        </message>
        <message>
            <source>&amp;Connect Mastodon…</source>
            <translation>&amp;Connecter Mastodon…</translation>
        </message>
        <message>
            <source>The words and hashtags this account listens for: posts that name the brand without tagging it.</source>
            <translation>Les mots et hashtags que ce compte écoute : les publications qui citent la marque sans l'identifier.</translation>
        </message>
        <message>
            <source>Remove account</source>
            <translation>Supprimer le compte</translation>
        </message>
        <message>
            <source>Disconnect %1? Its conversations stay in the console; replies not yet delivered are cancelled.</source>
            <translation>Déconnecter %1 ? Ses conversations restent dans la console ; les réponses pas encore remises sont annulées.</translation>
        </message>
        <message>
            <source>Listening — %1</source>
            <translation>Écoute – %1</translation>
        </message>
        <message>
            <source>Separate with commas. New words start from the newest posts; posts from before are not fetched.</source>
            <translation>Séparez par des virgules. Les nouveaux mots partent des publications les plus récentes ; les publications antérieures ne sont pas récupérées.</translation>
        </message>
        <message>
            <source>&amp;Words:</source>
            <translation>&amp;Mots :</translation>
        </message>
        <message>
            <source>&amp;Hashtags:</source>
            <translation>&amp;Hashtags :</translation>
        </message>
        <message>
            <source>%1 of %2</source>
            <translation>%1 sur %2</translation>
        </message>
        <message>
            <source>No platform account is connected yet. Connect one to bring its mentions, comments and direct messages into the inbox.</source>
            <translation>Aucun compte de plateforme n'est encore connecté. Connectez-en un pour faire arriver ses mentions, commentaires et messages privés dans la boîte de réception.</translation>
        </message>
        <message>
            <source>Listening for no words or hashtags (only mentions and messages).</source>
            <translation>N'écoute aucun mot ni hashtag (seulement les mentions et les messages).</translation>
        </message>
        <message>
            <source>Listening for: %1</source>
            <translation>Écoute : %1</translation>
        </message>
        <message>
            <source>Connect &amp;Bluesky…</source>
            <translation>Connecter &amp;Bluesky…</translation>
        </message>
        <message>
            <source>Connect &amp;Facebook Page…</source>
            <translation>Connecter une Page &amp;Facebook…</translation>
        </message>
        <message>
            <source>Add &amp;feed…</source>
            <translation>Ajouter un &amp;flux…</translation>
        </message>
        <message>
            <source>Listen to a blog or news site's feed for articles that name the brand.</source>
            <translation>Écouter le flux d’un blog ou d’un site d’actualités pour les articles qui citent la marque.</translation>
        </message>
        <message>
            <source>Leads add blog and news feeds.</source>
            <translation>Les flux de blogs et d’actualités sont ajoutés par les responsables d’équipe.</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>Estimated X API cost: %1 a month (mentions %2, listening %3, direct messages %4, replies sent %5; an upper bound).</source>
            <translation>Coût estimé de l’API X : %1 par mois (mentions %2, écoute %3, messages privés %4, réponses envoyées %5 ; une borne supérieure).</translation>
        </message>
        <message>
            <source>Based on assumed traffic until an hour has been measured.</source>
            <translation>Fondé sur un trafic supposé jusqu’à ce qu’une heure ait été mesurée.</translation>
        </message>
        <message>
            <source>Budget %1 a month: over it, so keyword listening is paused.</source>
            <translation>Budget de %1 par mois : dépassé, l’écoute par mots-clés est donc en pause.</translation>
        </message>
        <message numerus="yes">
            <source>Budget %1 a month: direct messages are read every %n min.</source>
            <translation>
                <numerusform>Budget de %1 par mois : les messages privés sont lus toutes les %n min.</numerusform>
                <numerusform>Budget de %1 par mois : les messages privés sont lus toutes les %n min.</numerusform>
            </translation>
        </message>
        <message>
            <source>X search query: %1</source>
            <translation>Requête de recherche X : %1</translation>
        </message>
        <message>
            <source>Connect &amp;X…</source>
            <translation>Connecter &amp;X…</translation>
        </message>
        <message>
            <source>This is a team database: the team's sync service (careconsole-syncd) connects and syncs the accounts, and keeps their sign-ins. To add or remove one, ask an administrator.</source>
            <translation>Ceci est une base d’équipe : le service de synchronisation de l’équipe (careconsole-syncd) connecte et synchronise les comptes et conserve leurs identifiants. Pour en ajouter ou en retirer un, adressez-vous à un administrateur.</translation>
        </message>
        <message>
            <source>Connect &amp;e-mail…</source>
            <translation>Connecter un &amp;e-mail…</translation>
        </message>
        <message>
            <source>A support mailbox: customers' e-mails in, answers and transcripts out.</source>
            <translation>Une boîte de support : les e-mails des clients arrivent, les réponses et les historiques partent.</translation>
        </message>
        <message numerus="yes">
            <source>Without the budget they would be read every %n min.</source>
            <translation>
                <numerusform>Sans le budget, ils seraient lus toutes les %n min.</numerusform>
                <numerusform>Sans le budget, ils seraient lus toutes les %n min.</numerusform>
            </translation>
        </message>
        <message>
            <source>Set &amp;budget</source>
            <translation>Fixer le &amp;budget</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>aucun budget</translation>
        </message>
        <message>
            <source>X API budget a &amp;month:</source>
            <translation>Budget API X par &amp;mois :</translation>
        </message>
        <message>
            <source>Polling slows to stay within it: direct messages are read less often, and keyword listening pauses when the traffic alone costs more.</source>
            <translation>L’interrogation ralentit pour le respecter : les messages directs sont lus moins souvent, et l’écoute par mots-clés se met en pause quand le trafic seul coûte davantage.</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change the budget.</source>
            <translation>Seul un responsable ou un administrateur peut modifier le budget.</translation>
        </message>
        <message>
            <source>Set &amp;intervals</source>
            <translation>Définir les &amp;intervalles</translation>
        </message>
        <message>
            <source>Poll X every:</source>
            <translation>Interroger X toutes les :</translation>
        </message>
        <message>
            <source>me&amp;ntions</source>
            <translation>me&amp;ntions</translation>
        </message>
        <message>
            <source>lis&amp;tening</source>
            <translation>é&amp;coute</translation>
        </message>
        <message>
            <source>&amp;direct messages</source>
            <translation>messages &amp;directs</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>off</source>
            <translation>désactivé</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change how often X is polled.</source>
            <translation>Seul un responsable ou un administrateur peut changer la fréquence d’interrogation de X.</translation>
        </message>
        <message>
            <source>Connected, see the note</source>
            <translation>Connecté, voir la note</translation>
        </message>
        <message>
            <source>Each from %1 to %2 seconds (the sync's own pace and X's request limits); 0 turns one off.</source>
            <translation>Chacun de %1 à %2 secondes (le rythme de la synchronisation et les limites de requêtes de X) ; 0 en désactive un.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AddFeedDialog</name>
        <message>
            <source>Add a blog or news feed</source>
            <translation>Ajouter un flux de blog ou d’actualités</translation>
        </message>
        <message>
            <source>e.g. https://blog.example/feed</source>
            <translation>par ex. https://blog.example/feed</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ex. Acme, bouilloire Acme</translation>
        </message>
        <message>
            <source>Articles that name one of these (any case, whole words) come into the inbox. Leave it empty for a search feed, whose every item is about the brand already.</source>
            <translation>Les articles qui citent l’un de ces mots (sans tenir compte de la casse, mots entiers) arrivent dans la boîte de réception. Laissez vide pour un flux de recherche, dont chaque article parle déjà de la marque.</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>How often the feed is read. Sites are asked only whether the feed changed, and never more often than every 5 minutes.</source>
            <translation>La fréquence de lecture du flux. On demande seulement au site si le flux a changé, et jamais plus d’une fois toutes les 5 minutes.</translation>
        </message>
        <message>
            <source>People write about the brand on blogs and news sites without tagging it. Add the site's RSS or Atom feed (or a news search's feed) and the words to look for: each new article naming them becomes a conversation, with its link. Replies are not posted there; contact the author another way or add a note.</source>
            <translation>On écrit sur la marque sur des blogs et des sites d’actualités sans la mentionner. Ajoutez le flux RSS ou Atom du site (ou le flux d’une recherche d’actualités) et les mots à chercher : chaque nouvel article qui les cite devient une conversation, avec son lien. Les réponses n’y sont pas publiées ; contactez l’auteur autrement ou ajoutez une note.</translation>
        </message>
        <message>
            <source>Feed &amp;address:</source>
            <translation>&amp;Adresse du flux :</translation>
        </message>
        <message>
            <source>Look for &amp;words:</source>
            <translation>Chercher les &amp;mots :</translation>
        </message>
        <message>
            <source>Read &amp;every:</source>
            <translation>&amp;Lire toutes les :</translation>
        </message>
        <message>
            <source>Add feed</source>
            <translation>Ajouter le flux</translation>
        </message>
        <message>
            <source>Reading %1…</source>
            <translation>Lecture de %1…</translation>
        </message>
        <message>
            <source> days</source>
            <translation> jours</translation>
        </message>
        <message>
            <source>new articles only</source>
            <translation>nouveaux articles seulement</translation>
        </message>
        <message>
            <source>Articles the feed already holds are taken only when they were published this many days before the feed is added; older ones never come into the inbox.</source>
            <translation>Les articles que le flux contient déjà ne sont repris que s’ils ont été publiés au plus ce nombre de jours avant l’ajout du flux ; les plus anciens n’arrivent jamais dans la boîte de réception.</translation>
        </message>
        <message>
            <source>Take articles from the &amp;last:</source>
            <translation>Reprendre les articles des &amp;derniers :</translation>
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
            <translation>Care Console – %1 en dépassement ou à échéance dans les 15 minutes</translation>
        </message>
        <message>
            <source>Urgent: %1</source>
            <translation>Urgent : %1</translation>
        </message>
        <message>
            <source>Answer due in 5 minutes: %1</source>
            <translation>Réponse attendue dans 5 minutes : %1</translation>
        </message>
        <message>
            <source>and %1 more</source>
            <translation>et %1 de plus</translation>
        </message>
        <message>
            <source>Click to open the conversation.</source>
            <translation>Cliquez pour ouvrir la conversation.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AssignDialog</name>
        <message>
            <source>Assign conversation</source>
            <translation>Assigner la conversation</translation>
        </message>
        <message>
            <source>Nobody (back to the team)</source>
            <translation>Personne (retour à l'équipe)</translation>
        </message>
        <message>
            <source>What your colleague needs to know: what the customer asked, what you did, what is still open</source>
            <translation>Ce que votre collègue doit savoir : ce que le client a demandé, ce que vous avez fait, ce qui reste à faire</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>Assigner</translation>
        </message>
        <message>
            <source>Assign to</source>
            <translation>Assigner à</translation>
        </message>
        <message>
            <source>Hand-off note</source>
            <translation>Note de passation</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AttachmentsDialog</name>
        <message>
            <source>Save…</source>
            <translation>Enregistrer…</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>Pièces jointes</translation>
        </message>
        <message>
            <source>Attachments of the e-mail from %1. They are never opened here; save one and check it before you open it.</source>
            <translation>Pièces jointes de l’e-mail de %1. Elles ne sont jamais ouvertes ici ; enregistrez-en une et vérifiez-la avant de l’ouvrir.</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <source>Reading the e-mail from the mailbox…</source>
            <translation>Lecture de l’e-mail dans la boîte aux lettres…</translation>
        </message>
        <message>
            <source>Sent as: %1</source>
            <translation>Envoyé sous le nom : %1</translation>
        </message>
        <message>
            <source>The attachments could not be read: %1</source>
            <translation>Les pièces jointes n’ont pas pu être lues : %1</translation>
        </message>
        <message>
            <source>This e-mail has no attachments.</source>
            <translation>Cet e-mail n’a pas de pièce jointe.</translation>
        </message>
        <message numerus="yes">
            <source>%n attachment(s) in this e-mail.</source>
            <translation>
                <numerusform>%n pièce jointe dans cet e-mail.</numerusform>
                <numerusform>%n pièces jointes dans cet e-mail.</numerusform>
            </translation>
        </message>
        <message>
            <source>Save attachment</source>
            <translation>Enregistrer la pièce jointe</translation>
        </message>
        <message>
            <source>Saving %1…</source>
            <translation>Enregistrement de %1…</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 n'a pas pu être écrit : %2</translation>
        </message>
        <message>
            <source>Saved to %1. It was not opened.</source>
            <translation>Enregistré dans %1. Le fichier n’a pas été ouvert.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CalendarEditor</name>
        <message>
            <source>Open around the clock (24/7) — dated exceptions still apply</source>
            <translation>Ouvert 24 h/24 (24/7) – les exceptions datées s'appliquent toujours</translation>
        </message>
        <message>
            <source>The zone the hours are in; daylight-saving changes are followed exactly.</source>
            <translation>Le fuseau des horaires ; les changements d'heure d'été sont suivis exactement.</translation>
        </message>
        <message>
            <source>Weekly hours</source>
            <translation>Horaires hebdomadaires</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>fermé</translation>
        </message>
        <message>
            <source>Ranges separated by commas, e.g. 08:00–12:00, 13:00–18:00. A range that ends before it starts runs past midnight (22:00–02:00); 24:00 is midnight. Empty: closed.</source>
            <translation>Plages séparées par des virgules, p. ex. 08:00–12:00, 13:00–18:00. Une plage qui se termine avant de commencer passe minuit (22:00–02:00) ; 24:00 correspond à minuit. Vide : fermé.</translation>
        </message>
        <message>
            <source>Holidays, closures and special hours</source>
            <translation>Jours fériés, fermetures et horaires spéciaux</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Hours (empty: closed all day)</source>
            <translation>Horaires (vide : fermé toute la journée)</translation>
        </message>
        <message>
            <source>&amp;Add date</source>
            <translation>&amp;Ajouter une date</translation>
        </message>
        <message>
            <source>&amp;Remove date</source>
            <translation>&amp;Retirer la date</translation>
        </message>
        <message>
            <source>&amp;Time zone</source>
            <translation>&amp;Fuseau horaire</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Fuseau horaire inconnu « %1 ».</translation>
        </message>
        <message>
            <source>Pick one from the list, e.g. Europe/Berlin.</source>
            <translation>Choisissez-en un dans la liste, p. ex. Europe/Berlin.</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
        <message>
            <source>“%1” is not a date.</source>
            <translation>« %1 » n'est pas une date.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Écrivez les dates au format AAAA-MM-JJ, p. ex. 2026-12-24.</translation>
        </message>
        <message>
            <source>%1 is listed twice.</source>
            <translation>%1 figure deux fois.</translation>
        </message>
        <message>
            <source>The team is never on duty with these hours.</source>
            <translation>Avec ces horaires, l'équipe n'est jamais en service.</translation>
        </message>
        <message>
            <source>Give at least one weekday hours, or choose 24/7.</source>
            <translation>Donnez des horaires à au moins un jour de la semaine, ou choisissez 24/7.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now, until %1.</source>
            <translation>Avec ces horaires, l'équipe est en service maintenant, jusqu'à %1.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now.</source>
            <translation>Avec ces horaires, l'équipe est en service maintenant.</translation>
        </message>
        <message>
            <source>With these hours the team is off duty now and back %1.</source>
            <translation>Avec ces horaires, l'équipe est hors service maintenant et revient %1.</translation>
        </message>
        <message>
            <source>Profile bio: %1
%2</source>
            <translation>Bio de profil : %1
%2</translation>
        </message>
        <message>
            <source>Several ranges: 08:00–12:00, 13:00–18:00.
Past midnight: 22:00–02:00 (ends the next morning).
Until midnight: 18:00–24:00. Empty: closed.</source>
            <translation>Plusieurs plages : 08:00–12:00, 13:00–18:00.
Après minuit : 22:00–02:00 (se termine le lendemain matin).
Jusqu'à minuit : 18:00–24:00. Vide : fermé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ChartsPane</name>
        <message>
            <source>First response time: the first reply by a person (public or private) minus the first message of the customer. Internal notes and automatic acknowledgements do not count. Bars: median per day; line: 90th percentile; dashed: the one-hour target.</source>
            <translation>Délai de première réponse : la première réponse d'une personne (publique ou privée) moins le premier message du client. Les notes internes et les accusés de réception automatiques ne comptent pas. Barres : médiane par jour ; ligne : 90e centile ; pointillés : l'objectif d'une heure.</translation>
        </message>
        <message>
            <source>First response time per day, last %1 days</source>
            <translation>Délai de première réponse par jour, %1 derniers jours</translation>
        </message>
        <message>
            <source>Median (minutes)</source>
            <translation>Médiane (minutes)</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>90e centile</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>Objectif</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>minutes</translation>
        </message>
        <message>
            <source>%1 %2 (n=%3)</source>
            <translation>%1 %2 (n=%3)</translation>
        </message>
        <message>
            <source>First response over %1 days: median %2, 90th percentile %3, mean %4 — %5 answered, %6 still waiting.
Median by channel: %7</source>
            <translation>Première réponse sur %1 jours : médiane %2, 90e centile %3, moyenne %4 – %5 avec réponse, %6 encore en attente.
Médiane par canal : %7</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — 1 conversation still waiting.</source>
            <translation>Pas encore de première réponse sur les %1 derniers jours – 1 conversation encore en attente.</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — %2 conversations still waiting.</source>
            <translation>Pas encore de première réponse sur les %1 derniers jours – %2 conversations encore en attente.</translation>
        </message>
        <message>
            <source>No conversations started in the last %1 days.</source>
            <translation>Aucune conversation n'a commencé sur les %1 derniers jours.</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ComposerPane</name>
        <message>
            <source>Send privately instead</source>
            <translation>Envoyer en privé à la place</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Envoyer</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Réponse publique</translation>
        </message>
        <message>
            <source>Private message</source>
            <translation>Message privé</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Note interne</translation>
        </message>
        <message>
            <source>Send (Ctrl+Return)</source>
            <translation>Envoyer (Ctrl+Entrée)</translation>
        </message>
        <message>
            <source>Sending in %1 s …</source>
            <translation>Envoi dans %1 s…</translation>
        </message>
        <message>
            <source>%1 does not allow that here.</source>
            <translation>%1 ne le permet pas ici.</translation>
        </message>
        <message>
            <source>Fill in %1 before sending.</source>
            <translation>Complétez %1 avant d'envoyer.</translation>
        </message>
        <message>
            <source>Internal notes are never sent to the customer.</source>
            <translation>Les notes internes ne sont jamais envoyées au client.</translation>
        </message>
        <message>
            <source>Signed: %1</source>
            <translation>Signé : %1</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Ajouter la note</translation>
        </message>
        <message>
            <source>Send privately</source>
            <translation>Envoyer en privé</translation>
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
            <translation>Trop long pour %1 : raccourcissez-le ou envoyez-le en message privé.</translation>
        </message>
        <message>
            <source>Fill in %1 first: it would reach the customer as it is.</source>
            <translation>Complétez d'abord %1 : il parviendrait au client tel quel.</translation>
        </message>
        <message>
            <source>Internal note for colleagues — never sent to the customer</source>
            <translation>Note interne pour les collègues – jamais envoyée au client</translation>
        </message>
        <message>
            <source>Private message to the customer</source>
            <translation>Message privé au client</translation>
        </message>
        <message>
            <source>Public reply — everyone can read it. /shortcode + Tab inserts an approved reply</source>
            <translation>Réponse publique – tout le monde peut la lire. /raccourci + Tab insère une réponse approuvée</translation>
        </message>
        <message>
            <source>The draft could not be saved: %1</source>
            <translation>Le brouillon n'a pas pu être enregistré : %1</translation>
        </message>
        <message>
            <source>This public reply contains personal data: %1. Send it as a private message instead, with a short public note that you continue in private?</source>
            <translation>Cette réponse publique contient des données personnelles : %1. L'envoyer plutôt en message privé, avec une courte note publique indiquant que vous poursuivez en privé ?</translation>
        </message>
        <message>
            <source>Not sent. Your text is back in the editor.</source>
            <translation>Non envoyé. Votre texte est de retour dans l'éditeur.</translation>
        </message>
        <message>
            <source>Not sent: %1</source>
            <translation>Non envoyé : %1</translation>
        </message>
        <message>
            <source>Note added.</source>
            <translation>Note ajoutée.</translation>
        </message>
        <message>
            <source>Reply queued for delivery.</source>
            <translation>Réponse mise en file pour l'envoi.</translation>
        </message>
        <message>
            <source> · %1 / %2 bytes</source>
            <translation> · %1 / %2 octets</translation>
        </message>
        <message>
            <source>Add a &amp;note</source>
            <translation>Ajouter une &amp;note</translation>
        </message>
        <message>
            <source>Contact the &amp;author another way…</source>
            <translation>Contacter l’&amp;auteur autrement…</translation>
        </message>
        <message>
            <source>Record how to reach the author (e-mail, phone) in their contact details.</source>
            <translation>Noter dans ses coordonnées comment joindre l’auteur (e-mail, téléphone).</translation>
        </message>
        <message>
            <source>A colleague has answered</source>
            <translation>Un collègue a déjà répondu</translation>
        </message>
        <message>
            <source>%1 answered this customer at %2, while you were writing:

%3

Send your reply as well?</source>
            <translation>%1 a répondu à ce client à %2 pendant que vous écriviez :

%3

Envoyer aussi votre réponse ?</translation>
        </message>
        <message>
            <source>Send mine too</source>
            <translation>Envoyer la mienne aussi</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>Continuer à écrire</translation>
        </message>
        <message>
            <source>Answer by e-mail</source>
            <translation>Répondre par e-mail</translation>
        </message>
        <message>
            <source>The support mailbox the e-mail goes out from</source>
            <translation>La boîte de support depuis laquelle part l’e-mail</translation>
        </message>
        <message>
            <source>Goes by e-mail to %1, privately, with your signature; it shows here as sent by e-mail.</source>
            <translation>Part par e-mail à %1, en privé, avec votre signature ; elle apparaît ici comme envoyée par e-mail.</translation>
        </message>
        <message>
            <source>Offered when the customer prefers e-mail and their address is in the customer card.</source>
            <translation>Proposé lorsque le client préfère l’e-mail et que son adresse figure dans sa fiche client.</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>Send e-mail</source>
            <translation>Envoyer l’e-mail</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>E-mail à %1</translation>
        </message>
        <message>
            <source>E-mail queued for delivery.</source>
            <translation>E-mail mis en file d’attente pour l’envoi.</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator adds one in File → Accounts… → Connect e-mail…, then the answer can go by e-mail.</source>
            <translation>Aucune boîte de support n’est connectée. Un administrateur en ajoute une dans Fichier → Comptes… → Connecter un e-mail…, puis la réponse peut partir par e-mail.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectBlueskyDialog</name>
        <message>
            <source>Mark notifications as &amp;read on Bluesky after each sync</source>
            <translation>Marquer les notifications comme &amp;lues sur Bluesky après chaque synchronisation</translation>
        </message>
        <message>
            <source>Connect a Bluesky account</source>
            <translation>Connecter un compte Bluesky</translation>
        </message>
        <message>
            <source>e.g. acme.bsky.social</source>
            <translation>p. ex. acme.bsky.social</translation>
        </message>
        <message>
            <source>Where the account lives. Leave https://bsky.social for accounts on Bluesky's own servers; give the address of a self-hosted server (PDS) otherwise.</source>
            <translation>Où se trouve le compte. Laissez https://bsky.social pour les comptes hébergés sur les serveurs de Bluesky ; sinon, indiquez l'adresse d'un serveur auto-hébergé (PDS).</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle, #acmehelp</source>
            <translation>p. ex. Acme, bouilloire Acme, #acmeaide</translation>
        </message>
        <message>
            <source>The brand's own Bluesky app shares this read state: leave it off if people there rely on the unread count.</source>
            <translation>L'application Bluesky de la marque partage cet état de lecture : laissez l'option désactivée si des personnes s'y fient au compteur de non-lus.</translation>
        </message>
        <message>
            <source>Care Console signs in with an app password — never the account's main password. Create one in Bluesky under Settings → Privacy and security → App passwords, and tick “Allow access to your direct messages” so that private replies work. The app password and the session are kept in the system keychain.</source>
            <translation>Care Console se connecte avec un mot de passe d'application – jamais avec le mot de passe principal du compte. Créez-en un dans Bluesky, sous Paramètres → Confidentialité et sécurité → Mots de passe d'application, et cochez « Autoriser l'accès à vos messages privés » pour que les réponses privées fonctionnent. Le mot de passe d'application et la session sont conservés dans le trousseau du système.</translation>
        </message>
        <message>
            <source>&amp;Handle:</source>
            <translation>&amp;Identifiant :</translation>
        </message>
        <message>
            <source>&amp;App password:</source>
            <translation>Mot de passe d'&amp;application :</translation>
        </message>
        <message>
            <source>&amp;Server:</source>
            <translation>&amp;Serveur :</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Écouter les &amp;mots :</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <source>Both the handle and an app password are needed.</source>
            <translation>L'identifiant et un mot de passe d'application sont tous deux nécessaires.</translation>
        </message>
        <message>
            <source>Give the server's address, e.g. https://bsky.social.</source>
            <translation>Indiquez l'adresse du serveur, p. ex. https://bsky.social.</translation>
        </message>
        <message>
            <source>That does not look like an app password (four groups of four letters or digits, like abcd-efgh-ijkl-mnop). Never use the account's main password here: create an app password in Bluesky's settings.</source>
            <translation>Cela ne ressemble pas à un mot de passe d'application (quatre groupes de quatre lettres ou chiffres, comme abcd-efgh-ijkl-mnop). N'utilisez jamais ici le mot de passe principal du compte : créez un mot de passe d'application dans les paramètres de Bluesky.</translation>
        </message>
        <message>
            <source>Signing in to %1 as %2…</source>
            <translation>Connexion à %1 en tant que %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectEmailDialog</name>
        <message>
            <source>Allow plain text without TLS (a test server on this computer)</source>
            <translation>Autoriser le texte en clair sans TLS (un serveur de test sur cet ordinateur)</translation>
        </message>
        <message>
            <source>Connect a support mailbox</source>
            <translation>Connecter une boîte de support</translation>
        </message>
        <message>
            <source>Customers' e-mails come in from the mailbox over IMAP; answers and transcripts go out over SMTP. Both servers are asked to accept the login before anything is kept; the password goes to the system keychain. Mail is never deleted or moved.</source>
            <translation>Les e-mails des clients arrivent de la boîte par IMAP ; les réponses et les historiques partent par SMTP. Les deux serveurs doivent accepter la connexion avant que quoi que ce soit soit enregistré ; le mot de passe va dans le trousseau du système. Aucun e-mail n’est jamais supprimé ni déplacé.</translation>
        </message>
        <message>
            <source>imaps://mail.example.com</source>
            <translation>imaps://mail.example.com</translation>
        </message>
        <message>
            <source>imaps:// is encrypted from the start; imap:// is upgraded with STARTTLS.</source>
            <translation>imaps:// est chiffré dès le départ ; imap:// est chiffré avec STARTTLS.</translation>
        </message>
        <message>
            <source>smtp://mail.example.com:587</source>
            <translation>smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>smtps:// (port 465) is encrypted from the start; smtp:// (port 587) is upgraded with STARTTLS.</source>
            <translation>smtps:// (port 465) est chiffré dès le départ ; smtp:// (port 587) est chiffré avec STARTTLS.</translation>
        </message>
        <message>
            <source>support@example.com</source>
            <translation>support@example.com</translation>
        </message>
        <message>
            <source>the user name, when it is an address</source>
            <translation>le nom d’utilisateur, s’il s’agit d’une adresse</translation>
        </message>
        <message>
            <source>e.g. Acme Support</source>
            <translation>p. ex. Acme Support</translation>
        </message>
        <message>
            <source>Only for a server on this computer: the password would otherwise cross the network unencrypted.</source>
            <translation>Uniquement pour un serveur sur cet ordinateur : sinon le mot de passe traverserait le réseau en clair.</translation>
        </message>
        <message>
            <source>&amp;IMAP server:</source>
            <translation>Serveur &amp;IMAP :</translation>
        </message>
        <message>
            <source>&amp;SMTP server:</source>
            <translation>Serveur &amp;SMTP :</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>Nom d’&amp;utilisateur :</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>Mot de &amp;passe :</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>&amp;Adresse :</translation>
        </message>
        <message>
            <source>Shown &amp;name:</source>
            <translation>&amp;Nom affiché :</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Connecter</translation>
        </message>
        <message>
            <source>The IMAP and SMTP servers, the user name and the password are needed.</source>
            <translation>Les serveurs IMAP et SMTP, le nom d’utilisateur et le mot de passe sont nécessaires.</translation>
        </message>
        <message>
            <source>Signing in to %1…</source>
            <translation>Connexion à %1…</translation>
        </message>
        <message>
            <source>Signing in to %1 and %2…</source>
            <translation>Connexion à %1 et %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectFacebookDialog</name>
        <message>
            <source>Read and answer &amp;Messenger conversations (needs pages_messaging)</source>
            <translation>Lire les conversations &amp;Messenger et y répondre (nécessite pages_messaging)</translation>
        </message>
        <message>
            <source>Meta has approved this Page for the &amp;human agent tag</source>
            <translation>Meta a approuvé cette Page pour le tag d'&amp;agent humain</translation>
        </message>
        <message>
            <source>Connect a Facebook Page</source>
            <translation>Connecter une Page Facebook</translation>
        </message>
        <message>
            <source>e.g. 104233445566</source>
            <translation>p. ex. 104233445566</translation>
        </message>
        <message>
            <source>Paste the Page access token</source>
            <translation>Collez le jeton d'accès de la Page</translation>
        </message>
        <message>
            <source>With the human agent tag, agents may answer a Messenger conversation for 7 days after the customer's last message instead of 24 hours. Tick it only if Meta approved the Page's app for it.</source>
            <translation>Avec le tag d'agent humain, les agents peuvent répondre à une conversation Messenger jusqu'à 7 jours après le dernier message du client au lieu de 24 heures. Ne cochez que si Meta a approuvé l'application de la Page pour cela.</translation>
        </message>
        <message>
            <source>Care Console works as the Page with a Page access token made by an administrator of the Page: a long-lived Page token, or one made for a system user in Meta Business Suite. It needs the permissions pages_read_engagement, pages_read_user_content, pages_manage_engagement and, for Messenger, pages_messaging. The token is checked with Facebook before anything is kept, and kept in the system keychain.</source>
            <translation>Care Console agit en tant que Page avec un jeton d'accès de Page créé par un administrateur de la Page : un jeton de Page longue durée, ou un jeton créé pour un utilisateur système dans Meta Business Suite. Il lui faut les autorisations pages_read_engagement, pages_read_user_content, pages_manage_engagement et, pour Messenger, pages_messaging. Le jeton est vérifié auprès de Facebook avant que rien ne soit conservé, puis conservé dans le trousseau du système.</translation>
        </message>
        <message>
            <source>&amp;Page ID:</source>
            <translation>Identifiant de la &amp;Page :</translation>
        </message>
        <message>
            <source>Page access &amp;token:</source>
            <translation>&amp;Jeton d'accès de la Page :</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Connecter</translation>
        </message>
        <message>
            <source>Give the Page's numeric ID: in Meta Business Suite under Settings, or on the Page under About → Page transparency.</source>
            <translation>Indiquez l'identifiant numérique de la Page : dans Meta Business Suite sous Paramètres, ou sur la Page sous À propos → Transparence de la Page.</translation>
        </message>
        <message>
            <source>Paste the whole Page access token (one long word, no spaces).</source>
            <translation>Collez le jeton d'accès de la Page en entier (un seul long mot, sans espaces).</translation>
        </message>
        <message>
            <source>Checking the token with Facebook…</source>
            <translation>Vérification du jeton auprès de Facebook…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectMastodonDialog</name>
        <message>
            <source>Connect a Mastodon account</source>
            <translation>Connecter un compte Mastodon</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ex. Acme, bouilloire Acme</translation>
        </message>
        <message>
            <source>e.g. acmehelp</source>
            <translation>p. ex. acmeaide</translation>
        </message>
        <message>
            <source>Sign in with the browser: you allow Care Console on the brand's account and the console receives its token. Or, on the brand's account, open Preferences → Development → New application, allow read and write, and paste “Your access token” below. Either way the token is kept in the system keychain.</source>
            <translation>Connectez-vous avec le navigateur : vous autorisez Care Console sur le compte de la marque et la console reçoit son jeton. Ou bien, sur le compte de la marque, ouvrez Préférences → Développement → Nouvelle application, autorisez la lecture et l'écriture, et collez ci-dessous « Votre jeton d'accès ». Dans les deux cas, le jeton est conservé dans le trousseau du système.</translation>
        </message>
        <message>
            <source>&amp;Instance:</source>
            <translation>&amp;Instance :</translation>
        </message>
        <message>
            <source>Access &amp;token:</source>
            <translation>&amp;Jeton d'accès :</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Écouter les &amp;mots :</translation>
        </message>
        <message>
            <source>Listen for &amp;hashtags:</source>
            <translation>Écouter les &amp;hashtags :</translation>
        </message>
        <message>
            <source>Connect with token</source>
            <translation>Connecter avec le jeton</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Se connecter avec le &amp;navigateur…</translation>
        </message>
        <message>
            <source>Allow Care Console on %1 in the browser, then come back here. If no browser opened, open this address:
%2</source>
            <translation>Autorisez Care Console sur %1 dans le navigateur, puis revenez ici. Si aucun navigateur ne s'est ouvert, ouvrez cette adresse :
%2</translation>
        </message>
        <message>
            <source>Give the instance's address first, e.g. https://social.example.</source>
            <translation>Indiquez d'abord l'adresse de l'instance, p. ex. https://social.example.</translation>
        </message>
        <message>
            <source>Preparing the sign-in with %1…</source>
            <translation>Préparation de la connexion à %1…</translation>
        </message>
        <message>
            <source>Both the instance and the access token are needed.</source>
            <translation>L'instance et le jeton d'accès sont tous deux nécessaires.</translation>
        </message>
        <message>
            <source>Checking the token with %1…</source>
            <translation>Vérification du jeton auprès de %1…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectXDialog</name>
        <message>
            <source>Connect an X account</source>
            <translation>Connecter un compte X</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ex. Acme, bouilloire Acme</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>aucun budget</translation>
        </message>
        <message>
            <source>In the X developer console, the app must be a native app (public client) with OAuth 2.0 on, and list %1 as a callback URL. Care Console keeps the tokens in the system keychain; X bills every post and message it reads, so set a budget: polling slows down to keep it.</source>
            <translation>Dans la console développeur X, l’app doit être une app native (client public) avec OAuth 2.0 activé, et indiquer %1 comme URL de rappel. Care Console conserve les jetons dans le trousseau du système ; X facture chaque publication et chaque message lus, fixez donc un budget : les interrogations ralentissent pour le respecter.</translation>
        </message>
        <message>
            <source>OAuth 2.0 &amp;client id:</source>
            <translation>Identifiant &amp;client OAuth 2.0 :</translation>
        </message>
        <message>
            <source>Callback &amp;port:</source>
            <translation>&amp;Port de rappel :</translation>
        </message>
        <message>
            <source>Listen for &amp;brand terms:</source>
            <translation>Écouter les &amp;termes de marque :</translation>
        </message>
        <message>
            <source>Search query:</source>
            <translation>Requête de recherche :</translation>
        </message>
        <message>
            <source>Monthly &amp;budget:</source>
            <translation>&amp;Budget mensuel :</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Se connecter avec le &amp;navigateur…</translation>
        </message>
        <message>
            <source>Allow Care Console on X in the browser, then come back here. If no browser opened, open this address:
%1</source>
            <translation>Autorisez Care Console sur X dans le navigateur, puis revenez ici. Si aucun navigateur ne s’est ouvert, ouvrez cette adresse :
%1</translation>
        </message>
        <message>
            <source>No keyword listening (mentions and direct messages only).</source>
            <translation>Pas d’écoute par mots-clés (mentions et messages privés uniquement).</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id first (X developer console → the app → Keys and tokens).</source>
            <translation>Indiquez d’abord l’identifiant client OAuth 2.0 de l’app X (console développeur X → l’app → Keys and tokens).</translation>
        </message>
        <message>
            <source>Preparing the sign-in with X…</source>
            <translation>Préparation de la connexion à X…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ContactPreferenceDialog</name>
        <message>
            <source>How %1 wants to be contacted</source>
            <translation>Comment %1 souhaite être contacté</translation>
        </message>
        <message>
            <source>Not asked yet</source>
            <translation>Pas encore demandé</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <source>Address or number, if they gave one privately</source>
            <translation>Adresse ou numéro, s'il l'a donné en privé</translation>
        </message>
        <message>
            <source>Preferred channel</source>
            <translation>Canal préféré</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConversationPane</name>
        <message>
            <source>SLA: %1</source>
            <translation>SLA : %1</translation>
        </message>
        <message>
            <source>first response due %1</source>
            <translation>première réponse attendue %1</translation>
        </message>
        <message>
            <source>next response due %1</source>
            <translation>réponse suivante attendue %1</translation>
        </message>
        <message>
            <source>resolution due %1</source>
            <translation>résolution attendue %1</translation>
        </message>
        <message>
            <source>Urgency %1: %2</source>
            <translation>Urgence %1 : %2</translation>
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
            <translation>Insérer le message d'attente</translation>
        </message>
        <message>
            <source>Show conversations</source>
            <translation>Afficher les conversations</translation>
        </message>
        <message>
            <source>Start crisis mode…</source>
            <translation>Lancer le mode crise…</translation>
        </message>
        <message>
            <source>End crisis</source>
            <translation>Terminer la crise</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Ignorer</translation>
        </message>
        <message>
            <source>Crisis: %1</source>
            <translation>Crise : %1</translation>
        </message>
        <message>
            <source>Negative spike</source>
            <translation>Pic négatif</translation>
        </message>
        <message>
            <source>Spike: %1</source>
            <translation>Pic : %1</translation>
        </message>
        <message>
            <source>Holding statement: %1</source>
            <translation>Message d'attente : %1</translation>
        </message>
        <message>
            <source>Scheduled posts are paused.</source>
            <translation>Les publications planifiées sont en pause.</translation>
        </message>
        <message>
            <source>Update…</source>
            <translation>Mettre à jour…</translation>
        </message>
        <message>
            <source>Possible incident — %1</source>
            <translation>Incident possible – %1</translation>
        </message>
        <message>
            <source>End “%1”? The banner goes for everyone and scheduled posts resume.</source>
            <translation>Terminer « %1 » ? Le bandeau disparaît pour tout le monde et les publications planifiées reprennent.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CrisisDialog</name>
        <message>
            <source>Pause scheduled posts (shift announcements, promotions) until the crisis ends</source>
            <translation>Mettre en pause les publications planifiées (annonces de service, promotions) jusqu'à la fin de la crise</translation>
        </message>
        <message>
            <source>Update crisis</source>
            <translation>Mettre à jour la crise</translation>
        </message>
        <message>
            <source>Start crisis mode</source>
            <translation>Lancer le mode crise</translation>
        </message>
        <message>
            <source>e.g. Payments outage</source>
            <translation>p. ex. Panne des paiements</translation>
        </message>
        <message>
            <source>outage, #acmedown, payment failed</source>
            <translation>panne, #acmedown, paiement échoué</translation>
        </message>
        <message>
            <source>Conversations whose customers use one of these words are grouped as the crisis's.</source>
            <translation>Les conversations dont les clients emploient l'un de ces mots sont regroupées sous la crise.</translation>
        </message>
        <message>
            <source>The approved holding reply, e.g. “We know payments are failing and are working on it. We'll post an update by 15:00.”</source>
            <translation>Le message d'attente approuvé, p. ex. « Nous savons que les paiements échouent et nous y travaillons. Nous publierons un point d'ici 15:00. »</translation>
        </message>
        <message>
            <source>&amp;Update</source>
            <translation>&amp;Mettre à jour</translation>
        </message>
        <message>
            <source>&amp;Start crisis mode</source>
            <translation>&amp;Lancer le mode crise</translation>
        </message>
        <message>
            <source>&amp;Incident</source>
            <translation>&amp;Incident</translation>
        </message>
        <message>
            <source>&amp;Words</source>
            <translation>&amp;Mots</translation>
        </message>
        <message>
            <source>&amp;Holding statement</source>
            <translation>Message d'&amp;attente</translation>
        </message>
        <message>
            <source>Every agent sees a banner with the holding statement; the crisis's conversations are grouped in the inbox.</source>
            <translation>Chaque agent voit un bandeau avec le message d'attente ; les conversations de la crise sont regroupées dans la boîte de réception.</translation>
        </message>
        <message>
            <source>Name the incident and write the holding statement.</source>
            <translation>Nommez l'incident et rédigez le message d'attente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CsatDialog</name>
        <message>
            <source>Record satisfaction</source>
            <translation>Enregistrer la satisfaction</translation>
        </message>
        <message>
            <source>How satisfied was the customer, from 1 (poor) to 5 (great)? Record it here when they told you another way; their latest answer is the one that counts.</source>
            <translation>Quelle était la satisfaction du client, de 1 (mauvais) à 5 (excellent) ? Enregistrez-la ici s'il vous l'a dit autrement ; c'est sa réponse la plus récente qui compte.</translation>
        </message>
        <message>
            <source>Satisfaction: loading…</source>
            <translation>Satisfaction : chargement…</translation>
        </message>
        <message>
            <source>poor</source>
            <translation>mauvais</translation>
        </message>
        <message>
            <source>below expectations</source>
            <translation>en dessous des attentes</translation>
        </message>
        <message>
            <source>all right</source>
            <translation>correct</translation>
        </message>
        <message>
            <source>good</source>
            <translation>bien</translation>
        </message>
        <message>
            <source>great</source>
            <translation>excellent</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 – %2</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Satisfaction: unknown (%1)</source>
            <translation>Satisfaction : inconnue (%1)</translation>
        </message>
        <message>
            <source>customer</source>
            <translation>client</translation>
        </message>
        <message>
            <source>recorded by %1</source>
            <translation>enregistrée par %1</translation>
        </message>
        <message>
            <source>Satisfaction: %1/5 (%2, %3)</source>
            <translation>Satisfaction : %1/5 (%2, %3)</translation>
        </message>
        <message>
            <source>Satisfaction: asked %1, no answer yet</source>
            <translation>Satisfaction : demandée %1, pas encore de réponse</translation>
        </message>
        <message>
            <source>Satisfaction: not asked yet</source>
            <translation>Satisfaction : pas encore demandée</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CustomerCard</name>
        <message>
            <source>not asked yet — ask how they want to be contacted</source>
            <translation>pas encore demandé – demandez comment il souhaite être contacté</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <source>Contact &amp;&amp; notes…</source>
            <translation>Contact et notes…</translation>
        </message>
        <message>
            <source>Merge…</source>
            <translation>Fusionner…</translation>
        </message>
        <message>
            <source>The same person wrote from another account: join the two records so the whole history shows in one transcript.</source>
            <translation>La même personne a écrit depuis un autre compte : réunissez les deux fiches pour que tout l'historique apparaisse dans une seule transcription.</translation>
        </message>
        <message>
            <source>Undo merge</source>
            <translation>Annuler la fusion</translation>
        </message>
        <message>
            <source>Prefers: %1</source>
            <translation>Préfère : %1</translation>
        </message>
        <message>
            <source>Notes: %1</source>
            <translation>Notes : %1</translation>
        </message>
        <message>
            <source>Conversations: %1 (%2 open or waiting, %3 resolved)</source>
            <translation>Conversations : %1 (ouvertes ou en attente : %2 ; résolues : %3)</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Étiquettes : %1</translation>
        </message>
        <message>
            <source>Separate %1 again</source>
            <translation>Séparer de nouveau %1</translation>
        </message>
        <message>
            <source>The customers are separate again.</source>
            <translation>Les clients sont de nouveau séparés.</translation>
        </message>
        <message>
            <source>Saved how %1 wants to be contacted.</source>
            <translation>Enregistré : comment %1 souhaite être contacté.</translation>
        </message>
        <message>
            <source>Merged: one customer, one transcript.</source>
            <translation>Fusion effectuée : un client, une transcription.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardChartBuilder</name>
        <message>
            <source>hours</source>
            <translation>heures</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>minutes</translation>
        </message>
        <message>
            <source>Median</source>
            <translation>Médiane</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>90e centile</translation>
        </message>
        <message>
            <source>Target %1 min</source>
            <translation>Objectif %1 min</translation>
        </message>
        <message>
            <source>median, %1</source>
            <translation>médiane, %1</translation>
        </message>
        <message>
            <source>Met rate</source>
            <translation>Taux de respect</translation>
        </message>
        <message>
            <source>%1 of 5</source>
            <translation>%1 sur 5</translation>
        </message>
        <message>
            <source>Mean score</source>
            <translation>Note moyenne</translation>
        </message>
        <message>
            <source>answers</source>
            <translation>réponses</translation>
        </message>
        <message>
            <source>mean score</source>
            <translation>note moyenne</translation>
        </message>
        <message>
            <source>Customers waiting</source>
            <translation>Clients en attente</translation>
        </message>
        <message>
            <source>conversations</source>
            <translation>conversations</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>Cette période</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>Période précédente</translation>
        </message>
        <message>
            <source>d MMM</source>
            <comment>date format</comment>
            <translation>d MMM</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardInfo</name>
        <message>
            <source>First response time: from the customer's first message in a cycle to the first message a person on the team sends the customer, public or private. Internal notes and automatic acknowledgements are not responses. If the conversation is marked "no reply needed", or resolved, before anyone replies, the clock stops without a response: it is counted as ended without response, next to the figures, never in them. A wait still open now is counted as still waiting, also beside the figures.</source>
            <translation>Délai de première réponse : du premier message du client dans un cycle au premier message qu'une personne de l'équipe envoie au client, en public ou en privé. Les notes internes et les accusés de réception automatiques ne sont pas des réponses. Si la conversation est marquée « pas de réponse nécessaire », ou résolue, avant que quiconque ne réponde, le chronomètre s'arrête sans réponse : elle est comptée comme terminée sans réponse, à côté des chiffres, jamais dedans. Une attente encore ouverte maintenant est comptée comme encore en attente, elle aussi à côté des chiffres.</translation>
        </message>
        <message>
            <source>Wall clock counts every real second. With "Staffed hours only", only the seconds within the team calendar's opening hours count.</source>
            <translation>Le temps réel compte chaque seconde. Avec « Heures de service uniquement », seules les secondes comprises dans les heures d'ouverture du calendrier de l'équipe comptent.</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. The tooltip adds the mean (the sum divided by the count) and the count n.</source>
            <translation>Barres : la médiane – la moitié des valeurs lui sont inférieures ou égales ; avec un nombre pair, la moyenne des deux valeurs centrales. Ligne : le 90e centile – la plus petite valeur telle que 90 % des valeurs lui sont inférieures ou égales. L'info-bulle ajoute la moyenne (la somme divisée par le nombre) et le nombre n.</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Première réponse</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Réponse suivante</translation>
        </message>
        <message>
            <source>Customer waiting</source>
            <translation>Attente du client</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Résolution</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Next response time per week</source>
            <translation>Délai de réponse suivante par semaine</translation>
        </message>
        <message>
            <source>Next response time per day</source>
            <translation>Délai de réponse suivante par jour</translation>
        </message>
        <message>
            <source>Customer waiting time per week</source>
            <translation>Attente du client par semaine</translation>
        </message>
        <message>
            <source>Customer waiting time per day</source>
            <translation>Attente du client par jour</translation>
        </message>
        <message>
            <source>Resolution time per week</source>
            <translation>Délai de résolution par semaine</translation>
        </message>
        <message>
            <source>Resolution time per day</source>
            <translation>Délai de résolution par jour</translation>
        </message>
        <message>
            <source>Next response time: each later customer message that arrives while the customer is not already waiting for us starts a new clock, which stops at the next message a person on the team sends the customer. Messages the customer adds while already waiting start no clock of their own. "No reply needed" and resolving stop it without a response: counted as ended without response, beside the figures. One value per next response; it counts for the local date of the first customer message of its cycle, not of the message it answers.</source>
            <translation>Délai de réponse suivante : chaque message ultérieur du client qui arrive alors qu'il n'attend pas déjà une réponse lance un nouveau chronomètre, qui s'arrête au message suivant qu'une personne de l'équipe envoie au client. Les messages que le client ajoute pendant qu'il attend déjà ne lancent pas de chronomètre. « Pas de réponse nécessaire » et la résolution l'arrêtent sans réponse : compté comme terminé sans réponse, à côté des chiffres. Une valeur par réponse suivante ; elle compte pour la date locale du premier message client de son cycle, et non du message auquel elle répond.</translation>
        </message>
        <message>
            <source>Customer waiting time: how long the customer waited for an answer, from the first unanswered customer message to the answer, added up over the conversation — the first and next response times together. One value per conversation, counted for the local date of its first customer message. Waits that ended without a response are left out; a wait still open now is counted as still waiting, beside the figures.</source>
            <translation>Attente du client : combien de temps le client a attendu une réponse, du premier message client sans réponse jusqu'à la réponse, cumulé sur la conversation – délais de première réponse et de réponse suivante ensemble. Une valeur par conversation, comptée pour la date locale de son premier message client. Les attentes terminées sans réponse sont exclues ; une attente encore ouverte maintenant est comptée comme encore en attente, à côté des chiffres.</translation>
        </message>
        <message>
            <source>Resolution time: from the start of a cycle (the conversation's creation, or a reopen) to "resolved". A reopened conversation gets a second resolution time for its new cycle. One value per resolved cycle, counted for the local date of the cycle's first customer message; cycles not resolved yet are counted beside the figures.</source>
            <translation>Délai de résolution : du début d'un cycle (la création de la conversation ou sa réouverture) jusqu'à « résolue ». Une conversation rouverte obtient un second délai de résolution pour son nouveau cycle. Une valeur par cycle résolu, comptée pour la date locale du premier message client du cycle ; les cycles pas encore résolus sont comptés à côté des chiffres.</translation>
        </message>
        <message>
            <source>First response time per week</source>
            <translation>Délai de première réponse par semaine</translation>
        </message>
        <message>
            <source>First response time per day</source>
            <translation>Délai de première réponse par jour</translation>
        </message>
        <message>
            <source>First response by channel</source>
            <translation>Première réponse par canal</translation>
        </message>
        <message>
            <source>First response by agent</source>
            <translation>Première réponse par agent</translation>
        </message>
        <message>
            <source>SLA first response met, per week</source>
            <translation>SLA de première réponse respecté, par semaine</translation>
        </message>
        <message>
            <source>SLA first response met, per day</source>
            <translation>SLA de première réponse respecté, par jour</translation>
        </message>
        <message>
            <source>Customer messages by weekday and hour</source>
            <translation>Messages clients par jour de la semaine et heure</translation>
        </message>
        <message>
            <source>Customers waiting at the start of each day</source>
            <translation>Clients en attente au début de chaque jour</translation>
        </message>
        <message>
            <source>Top tags vs the previous period</source>
            <translation>Principales étiquettes par rapport à la période précédente</translation>
        </message>
        <message>
            <source>First response by account</source>
            <translation>Première réponse par compte</translation>
        </message>
        <message>
            <source>First response by tag</source>
            <translation>Première réponse par étiquette</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per week</source>
            <translation>Satisfaction (CSAT) par semaine</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per day</source>
            <translation>Satisfaction (CSAT) par jour</translation>
        </message>
        <message>
            <source>Longest waits</source>
            <translation>Attentes les plus longues</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. Dashed line: the first-response target of the default SLA policy. The tooltip adds the mean (the sum divided by the count) and the count n. One value per cycle in which the customer wrote; it counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).</source>
            <translation>Barres : la médiane – la moitié des valeurs lui sont inférieures ou égales ; avec un nombre pair, la moyenne des deux valeurs centrales. Ligne : le 90e centile – la plus petite valeur telle que 90 % des valeurs lui sont inférieures ou égales. Ligne pointillée : l'objectif de première réponse de la politique SLA par défaut. L'info-bulle ajoute la moyenne (la somme divisée par le nombre) et le nombre n. Une valeur par cycle dans lequel le client a écrit ; elle compte pour la date locale, dans le fuseau horaire du calendrier de l'équipe, du premier message client du cycle (les semaines vont du lundi au dimanche).</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each channel; n is the number of answered first responses behind it.</source>
            <translation>Barres : la médiane du délai de première réponse de chaque canal ; n est le nombre de premières réponses données qui la composent.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each agent, by who answered; n is the number of answered first responses behind it. A wait that ended without a response counts for whoever ended it, beside the figures.</source>
            <translation>Barres : la médiane du délai de première réponse de chaque agent, selon qui a répondu ; n est le nombre de premières réponses données qui la composent. Une attente terminée sans réponse compte pour la personne qui l'a terminée, à côté des chiffres.</translation>
        </message>
        <message>
            <source>SLA met rate of the first-response target: met ÷ (met + missed + running already missed). Each conversation's log runs through the same SLA clocks the inbox uses, under the SLA policy that applies to it, so pausing while pending, staffed hours or wall clock and the calendar follow the policy. A conversation has one first-response clock per cycle. Met: the response came by the due time. Missed: it came late, or the clock ended late without it. Clocks still running in time are not decided yet, and stopped clocks ("no reply needed", or resolved unanswered) had no promise left to keep: both are counted beside the rate, not in it. Snoozing never pauses an SLA clock.</source>
            <translation>Taux de respect du SLA pour l'objectif de première réponse : respectés ÷ (respectés + manqués + en cours déjà manqués). Le journal de chaque conversation passe par les mêmes chronomètres SLA que la boîte de réception, sous la politique SLA qui s'y applique ; la pause pendant l'attente du client, les heures de service ou le temps réel et le calendrier suivent donc la politique. Une conversation a un chronomètre de première réponse par cycle. Respecté : la réponse est arrivée avant l'échéance. Manqué : elle est arrivée en retard, ou le chronomètre s'est arrêté en retard sans elle. Les chronomètres encore dans les temps ne sont pas encore tranchés, et les chronomètres arrêtés (« pas de réponse nécessaire », ou résolue sans réponse) n'avaient plus de promesse à tenir : les deux sont comptés à côté du taux, pas dedans. Reporter une conversation ne met jamais un chronomètre SLA en pause.</translation>
        </message>
        <message>
            <source>Customer messages of the selected conversations in the period, counted by the weekday and hour they arrived, in the team calendar's time zone. Hatched cells are hours in which the team calendar has no staffed time (an hour with any staffed time counts as staffed). Closures (holidays) are not shown.</source>
            <translation>Messages clients des conversations sélectionnées sur la période, comptés par jour de la semaine et heure d'arrivée, dans le fuseau horaire du calendrier de l'équipe. Les cellules hachurées sont des heures sans aucune heure de service dans le calendrier de l'équipe (une heure comportant du temps de service compte comme couverte). Les fermetures (jours fériés) ne sont pas affichées.</translation>
        </message>
        <message>
            <source>Backlog: the number of conversations whose customer was waiting for us at the start of each day (00:00 in the team calendar's time zone). A customer is waiting from a customer message that is not answered yet until a person on the team replies (public or private), or until the wait ends without a response ("no reply needed", or resolving). Internal notes and automatic acknowledgements do not end a wait. Computed from each conversation's history, so a wait that began before the period counts too, and each day is counted again whenever the chart reloads. The channel, agent and tag filters apply; staffed hours do not.</source>
            <translation>Arriéré : le nombre de conversations dont le client nous attendait au début de chaque jour (00:00 dans le fuseau horaire du calendrier de l'équipe). Un client attend à partir d'un message client encore sans réponse jusqu'à ce qu'une personne de l'équipe réponde (en public ou en privé), ou jusqu'à ce que l'attente se termine sans réponse (« pas de réponse nécessaire », ou résolution). Les notes internes et les accusés de réception automatiques ne terminent pas une attente. Calculé à partir de l'historique de chaque conversation : une attente commencée avant la période compte aussi, et chaque jour est recompté à chaque rechargement du graphique. Les filtres de canal, d'agent et d'étiquette s'appliquent ; les heures de service, non.</translation>
        </message>
        <message>
            <source>The 8 tags found on most of the period's conversations (those whose customer first wrote in the period), with how many conversations had the tag. The trend compares it with the previous period of the same length, just before: ▲ more, ▼ fewer, as a percentage of the previous count ("new" when the previous period had none). A conversation with several tags counts under each of them. The channel, agent and tag filters apply.</source>
            <translation>Les 8 étiquettes présentes sur le plus de conversations de la période (celles dont le client a écrit pour la première fois pendant la période), avec le nombre de conversations portant l'étiquette. La tendance compare avec la période précédente de même durée, juste avant : ▲ plus, ▼ moins, en pourcentage du nombre précédent (« nouveau » si la période précédente n'en avait aucune). Une conversation avec plusieurs étiquettes compte pour chacune d'elles. Les filtres de canal, d'agent et d'étiquette s'appliquent.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each connected account (the handle and channel the customer wrote to); n is the number of answered first responses behind it.</source>
            <translation>Barres : la médiane du délai de première réponse de chaque compte connecté (l'identifiant et le canal auxquels le client a écrit) ; n est le nombre de premières réponses données qui la composent.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of the conversations with each tag; n is the number of answered first responses behind it. A conversation with several tags counts under each of them; one without tags under "no tag". The 10 tags with most answered first responses are shown.</source>
            <translation>Barres : la médiane du délai de première réponse des conversations portant chaque étiquette ; n est le nombre de premières réponses données qui la composent. Une conversation avec plusieurs étiquettes compte pour chacune ; une conversation sans étiquette, sous « sans étiquette ». Les 10 étiquettes ayant le plus de premières réponses données sont affichées.</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT): the customer's answer from 1 (very unhappy) to 5 (very happy) to the satisfaction question, parsed from their reply or recorded by an agent. One value per cycle: the latest answer given during the cycle, including after it was resolved and before any reopen. It counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).

Bars: the answers of each period, stacked by score. Line: the mean score (the sum of the scores divided by their count), on the axis at the right. The tooltip adds the median, the share of 4s and 5s (satisfied) and the count n. Staffed hours do not apply to satisfaction.</source>
            <translation>Satisfaction (CSAT) : la réponse du client de 1 (très mécontent) à 5 (très satisfait) à la question de satisfaction, lue dans sa réponse ou enregistrée par un agent. Une valeur par cycle : la réponse la plus récente donnée pendant le cycle, y compris après sa résolution et avant toute réouverture. Elle compte pour la date locale, dans le fuseau horaire du calendrier de l'équipe, du premier message client du cycle (les semaines vont du lundi au dimanche).

Barres : les réponses de chaque période, empilées par note. Ligne : la note moyenne (la somme des notes divisée par leur nombre), sur l'axe de droite. L'info-bulle ajoute la médiane, la part de 4 et de 5 (satisfaits) et le nombre n. Les heures de service ne s'appliquent pas à la satisfaction.</translation>
        </message>
        <message>
            <source>The 10 conversations whose customer waited longest for us in the period: each wait runs from an unanswered customer message to the next message a person on the team sent (public or private), to "no reply needed" or resolving (ended without response), or to now while the customer is still waiting. First and next responses both count; a conversation is listed once, with its longest wait that began in the period. Double-click a row to open the conversation.</source>
            <translation>Les 10 conversations dont le client nous a attendus le plus longtemps sur la période : chaque attente va d'un message client sans réponse jusqu'au message suivant envoyé par une personne de l'équipe (en public ou en privé), jusqu'à « pas de réponse nécessaire » ou la résolution (terminée sans réponse), ou jusqu'à maintenant si le client attend encore. Les premières réponses et les réponses suivantes comptent toutes deux ; une conversation n'apparaît qu'une fois, avec sa plus longue attente commencée pendant la période. Double-cliquez sur une ligne pour ouvrir la conversation.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardPane</name>
        <message>
            <source>Which response time the chart shows</source>
            <translation>Quel délai de réponse le graphique affiche</translation>
        </message>
        <message>
            <source>Last %1 days</source>
            <translation>%1 derniers jours</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Tous les canaux</translation>
        </message>
        <message>
            <source>All accounts</source>
            <translation>Tous les comptes</translation>
        </message>
        <message>
            <source>All agents</source>
            <translation>Tous les agents</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Toute étiquette</translation>
        </message>
        <message>
            <source>Staffed hours only</source>
            <translation>En heures de service</translation>
        </message>
        <message>
            <source>Count only the seconds within the team calendar's opening hours, instead of every real second (wall clock).</source>
            <translation>Ne compter que les secondes comprises dans les heures d'ouverture du calendrier de l'équipe, au lieu de chaque seconde réelle (temps réel).</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>Exporter en CSV…</translation>
        </message>
        <message>
            <source>One row per conversation under the current filters.</source>
            <translation>Une ligne par conversation avec les filtres actuels.</translation>
        </message>
        <message>
            <source>Export chart…</source>
            <translation>Exporter le graphique…</translation>
        </message>
        <message>
            <source>Save the chart chosen beside it as a PNG image, an SVG drawing or a PDF document.</source>
            <translation>Enregistrer le graphique choisi à côté en image PNG, dessin SVG ou document PDF.</translation>
        </message>
        <message>
            <source>Period:</source>
            <translation>Période :</translation>
        </message>
        <message>
            <source>How is this computed?</source>
            <translation>Comment est-ce calculé ?</translation>
        </message>
        <message>
            <source>Updating…</source>
            <translation>Mise à jour…</translation>
        </message>
        <message>
            <source>%1 on %2</source>
            <translation>%1 le %2</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Personne</translation>
        </message>
        <message>
            <source>Export response times</source>
            <translation>Exporter les délais de réponse</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>Fichiers CSV (*.csv)</translation>
        </message>
        <message>
            <source>Export chart</source>
            <translation>Exporter le graphique</translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
            <translation>Image PNG (*.png);;Dessin SVG (*.svg);;Document PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
        <message>
            <source>last %1 days</source>
            <translation>%1 derniers jours</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>étiquette %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>heures de service uniquement</translation>
        </message>
        <message>
            <source>%1 answered, %2 still waiting</source>
            <translation>%1 avec réponse, %2 encore en attente</translation>
        </message>
        <message>
            <source>, %1 ended without response</source>
            <translation>, terminées sans réponse : %1</translation>
        </message>
        <message>
            <source>median %1, p90 %2, mean %3 (%4)</source>
            <translation>médiane %1, p90 %2, moyenne %3 (%4)</translation>
        </message>
        <message>
            <source>no answered conversations (%1)</source>
            <translation>aucune conversation avec réponse (%1)</translation>
        </message>
        <message>
            <source>SLA met %1%</source>
            <translation>SLA respecté %1 %</translation>
        </message>
        <message>
            <source>SLA met: nothing decided yet</source>
            <translation>SLA respecté : rien n'est encore tranché</translation>
        </message>
        <message>
            <source>CSAT %1 of 5 (n=%2)</source>
            <translation>CSAT %1 sur 5 (n=%2)</translation>
        </message>
        <message>
            <source>no satisfaction answers</source>
            <translation>aucune réponse de satisfaction</translation>
        </message>
        <message>
            <source>First response, last %1 days: %2 · %3 · %4</source>
            <translation>Première réponse, %1 derniers jours : %2 · %3 · %4</translation>
        </message>
        <message>
            <source> · staffed hours only</source>
            <translation> · heures de service uniquement</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>new</source>
            <translation>(nouvelle)</translation>
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
            <translation>sans étiquette</translation>
        </message>
        <message>
            <source>%1, 00:00
Customers waiting: %2</source>
            <translation>%1, 00:00
Clients en attente : %2</translation>
        </message>
        <message>
            <source>This period: %1 conversations</source>
            <translation>Conversations sur cette période : %1</translation>
        </message>
        <message>
            <source>Previous period (%1 – %2): %3</source>
            <translation>Période précédente (%1 – %2) : %3</translation>
        </message>
        <message>
            <source>Change: %1%2%</source>
            <translation>Évolution : %1%2 %</translation>
        </message>
        <message>
            <source>No satisfaction answers</source>
            <translation>Aucune réponse de satisfaction</translation>
        </message>
        <message>
            <source>Mean %1 · median %2 · n = %3</source>
            <translation>Moyenne %1 · médiane %2 · n = %3</translation>
        </message>
        <message>
            <source>Satisfied (4 or 5): %1%</source>
            <translation>Satisfaits (4 ou 5) : %1 %</translation>
        </message>
        <message>
            <source>Answers 1 to 5: %1 · %2 · %3 · %4 · %5</source>
            <translation>Réponses de 1 à 5 : %1 · %2 · %3 · %4 · %5</translation>
        </message>
        <message>
            <source>%1
Met %2 of %3 decided (%4%)
Missed %5, running and already missed %6
Not counted: %7 running in time, %8 stopped</source>
            <translation>%1
Respectés : %2 sur %3 tranchés (%4 %)
Manqués : %5 ; en cours et déjà manqués : %6
Non comptés : en cours dans les temps %7, arrêtés %8</translation>
        </message>
        <message>
            <source>Week of %1</source>
            <translation>Semaine du %1</translation>
        </message>
        <message>
            <source>Median %1 · 90th percentile %2 · mean %3 · n = %4</source>
            <translation>Médiane %1 · 90e centile %2 · moyenne %3 · n = %4</translation>
        </message>
        <message>
            <source>No resolved cycle</source>
            <translation>Aucun cycle résolu</translation>
        </message>
        <message>
            <source>No answered first response</source>
            <translation>Aucune première réponse donnée</translation>
        </message>
        <message>
            <source>No answered wait</source>
            <translation>Aucune attente avec réponse</translation>
        </message>
        <message>
            <source>Beside the figures: %1 not resolved yet</source>
            <translation>À côté des chiffres : pas encore résolus : %1</translation>
        </message>
        <message>
            <source>Beside the figures: %1 still waiting, %2 ended without response</source>
            <translation>À côté des chiffres : encore en attente %1, terminées sans réponse %2</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>Customers waiting at the start of %1</source>
            <translation>Clients en attente au début du %1</translation>
        </message>
        <message>
            <source>Tag %1, last %2 days</source>
            <translation>Étiquette %1, %2 derniers jours</translation>
        </message>
        <message>
            <source>First response, %1</source>
            <translation>Première réponse, %1</translation>
        </message>
        <message>
            <source>First response, answered by %1</source>
            <translation>Première réponse, donnée par %1</translation>
        </message>
        <message>
            <source>First-response SLA, %1</source>
            <translation>SLA de première réponse, %1</translation>
        </message>
        <message>
            <source>Satisfaction answers, %1</source>
            <translation>Réponses de satisfaction, %1</translation>
        </message>
        <message>
            <source>Longest wait: %1, %2</source>
            <translation>Plus longue attente : %1, %2</translation>
        </message>
        <message>
            <source>Customer messages, %1 %2:00–%3:00</source>
            <translation>Messages clients, %1 %2:00–%3:00</translation>
        </message>
        <message>
            <source>Weekly report</source>
            <translation>Rapport hebdomadaire</translation>
        </message>
        <message>
            <source>A PDF for the week: headline figures against the week before, the main charts, the top tags and the longest waits, under the current filters.</source>
            <translation>Un PDF de la semaine : chiffres clés par rapport à la semaine précédente, principaux graphiques, principales étiquettes et attentes les plus longues, avec les filtres actuels.</translation>
        </message>
        <message>
            <source>Week %1: %2 – %3</source>
            <translation>Semaine %1 : %2 – %3</translation>
        </message>
        <message>
            <source>This week so far (%1)</source>
            <translation>Cette semaine jusqu'ici (%1)</translation>
        </message>
        <message>
            <source>Save weekly report</source>
            <translation>Enregistrer le rapport hebdomadaire</translation>
        </message>
        <message>
            <source>PDF document (*.pdf)</source>
            <translation>Document PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Preparing the weekly report…</source>
            <translation>Préparation du rapport hebdomadaire…</translation>
        </message>
        <message>
            <source>All teams</source>
            <translation>Toutes les équipes</translation>
        </message>
        <message>
            <source>The conversations assigned to or answered by anyone in the team</source>
            <translation>Les conversations assignées à un membre de l'équipe ou auxquelles un membre de l'équipe a répondu</translation>
        </message>
        <message>
            <source>d MMM</source>
            <comment>date format</comment>
            <translation>d MMM</translation>
        </message>
        <message>
            <source>ddd d</source>
            <comment>date format</comment>
            <translation>ddd d</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DemoBanner</name>
        <message>
            <source>Connect an account…</source>
            <translation>Connecter un compte…</translation>
        </message>
        <message>
            <source>Use a team database…</source>
            <translation>Base de données d'équipe…</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Masquer</translation>
        </message>
        <message>
            <source>Demo workspace — the customers and conversations here are examples, and nothing you do is sent anywhere. Your own data is untouched. Connect a platform account or your team's database to start answering real customers.</source>
            <translation>Espace de démonstration – les clients et les conversations sont des exemples, et rien de ce que vous faites n'est envoyé. Vos propres données ne sont pas modifiées. Connectez un compte de plateforme ou la base de données de votre équipe pour commencer à répondre à de vrais clients.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DispositionDialog</name>
        <message>
            <source>No reply needed</source>
            <translation>Pas de réponse nécessaire</translation>
        </message>
        <message>
            <source>Why does this message need no reply? The customer's wait ends without a response, and the reason is reported.</source>
            <translation>Pourquoi ce message ne nécessite-t-il pas de réponse ? L'attente du client se termine sans réponse, et le motif figure dans les rapports.</translation>
        </message>
        <message>
            <source>Spam or a bot</source>
            <translation>Spam ou robot</translation>
        </message>
        <message>
            <source>Praise, acknowledged with a like</source>
            <translation>Compliment, salué d'un « j'aime »</translation>
        </message>
        <message>
            <source>Answered in another channel</source>
            <translation>Réponse donnée sur un autre canal</translation>
        </message>
        <message>
            <source>Monitored only (no question asked)</source>
            <translation>Simple veille (aucune question posée)</translation>
        </message>
        <message>
            <source>Optional note</source>
            <translation>Note facultative</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::HandOffDialog</name>
        <message>
            <source>Hand off my conversations</source>
            <translation>Transmettre mes conversations</translation>
        </message>
        <message>
            <source>Counting your open conversations…</source>
            <translation>Décompte de vos conversations ouvertes…</translation>
        </message>
        <message>
            <source>What the next person needs to know, e.g. "Waiting for the courier; promised an update by 18:00."</source>
            <translation>Ce que la personne suivante doit savoir, p. ex. « En attente du transporteur ; point promis avant 18 h 00. »</translation>
        </message>
        <message>
            <source>Hand off</source>
            <translation>Transmettre</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;À :</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Note :</translation>
        </message>
        <message>
            <source>The team (unassigned, for whoever is on duty)</source>
            <translation>L’équipe (non attribuées, pour qui est de service)</translation>
        </message>
        <message>
            <source>You have 1 open conversation. It keeps its history; the note is added to its transcript.</source>
            <translation>Vous avez 1 conversation ouverte. Elle garde son historique ; la note est ajoutée à sa transcription.</translation>
        </message>
        <message>
            <source>You have %1 open conversations. Each keeps its history; the note is added to every transcript.</source>
            <translation>Vous avez %1 conversations ouvertes. Chacune garde son historique ; la note est ajoutée à chaque transcription.</translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to the team.</source>
            <translation>
                <numerusform>%n conversation transmise à l’équipe.</numerusform>
                <numerusform>%n conversations transmises à l’équipe.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to %1.</source>
            <translation>
                <numerusform>%n conversation transmise à %1.</numerusform>
                <numerusform>%n conversations transmises à %1.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxModel</name>
        <message>
            <source>in %1</source>
            <translation>dans %1</translation>
        </message>
        <message>
            <source>%1 over</source>
            <translation>%1 de retard</translation>
        </message>
        <message>
            <source>Answer due %1 (one-hour response target)</source>
            <translation>Réponse attendue %1 (objectif de réponse d'une heure)</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <source>Latest message</source>
            <translation>Dernier message</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Attente</translation>
        </message>
        <message>
            <source>Answer due</source>
            <translation>Réponse attendue</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgence</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Assignée à</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Étiquettes</translation>
        </message>
        <message>
            <source>%1 · found</source>
            <translation>%1 · trouvé</translation>
        </message>
        <message>
            <source>Found by listening: the author named the brand without tagging it.</source>
            <translation>Trouvé par l’écoute : l’auteur a cité la marque sans l’identifier.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxPane</name>
        <message>
            <source>Save view…</source>
            <translation>Enregistrer la vue…</translation>
        </message>
        <message>
            <source>Search every message (/)</source>
            <translation>Rechercher dans tous les messages (/)</translation>
        </message>
        <message>
            <source>Words must all appear. Use "quotes" for a phrase, OR for either word, -word to exclude, and word* for words starting with it.</source>
            <translation>Tous les mots doivent apparaître. Utilisez des "guillemets" pour une expression, OR pour l'un ou l'autre mot, -mot pour exclure et mot* pour les mots qui commencent ainsi.</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Tous les canaux</translation>
        </message>
        <message>
            <source>Answer due first</source>
            <translation>Par échéance</translation>
        </message>
        <message>
            <source>Longest waiting</source>
            <translation>Attente la plus longue</translation>
        </message>
        <message>
            <source>Newest</source>
            <translation>Plus récentes</translation>
        </message>
        <message>
            <source>Oldest</source>
            <translation>Plus anciennes</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Toute étiquette</translation>
        </message>
        <message>
            <source>Anyone</source>
            <translation>Tous</translation>
        </message>
        <message>
            <source>Any urgency</source>
            <translation>Toute urgence</translation>
        </message>
        <message>
            <source>Any answer time</source>
            <translation>Toute échéance</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>En retard</translation>
        </message>
        <message>
            <source>Due within 15 min</source>
            <translation>Échéance dans 15 min</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>Dans les temps</translation>
        </message>
        <message>
            <source>Any time</source>
            <translation>Toute date</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Aujourd'hui</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>7 derniers jours</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>30 derniers jours</translation>
        </message>
        <message>
            <source>Keep this combination of filters as a named view</source>
            <translation>Conserver cette combinaison de filtres comme vue nommée</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs et actualités</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgence</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Assignée à</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Résolue</translation>
        </message>
        <message>
            <source>Back to the view</source>
            <translation>Retour à la vue</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Enregistrer la vue</translation>
        </message>
        <message>
            <source>A name for this combination of filters:</source>
            <translation>Un nom pour cette combinaison de filtres :</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <source>Conversations in this view: %1</source>
            <translation>Conversations dans cette vue : %1</translation>
        </message>
        <message>
            <source>1 conversation behind “%1” (any status).</source>
            <translation>1 conversation derrière « %1 » (tout statut).</translation>
        </message>
        <message>
            <source>%1 conversations behind “%2” (any status).</source>
            <translation>%1 conversations derrière « %2 » (tout statut).</translation>
        </message>
        <message>
            <source>Conversations in this view: more than %1, counting…</source>
            <translation>Conversations dans cette vue : plus de %1, décompte en cours…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxViews</name>
        <message>
            <source>Mine</source>
            <translation>Les miennes</translation>
        </message>
        <message>
            <source>Unassigned</source>
            <translation>Non assignées</translation>
        </message>
        <message>
            <source>All open</source>
            <translation>Toutes les ouvertes</translation>
        </message>
        <message>
            <source>Breached or due in 15 min</source>
            <translation>En retard ou ≤ 15 min</translation>
        </message>
        <message>
            <source>Unanswered, any status</source>
            <translation>Sans réponse (toutes)</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>En attente du client</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Reportée</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Résolue</translation>
        </message>
        <message>
            <source>Everything</source>
            <translation>Tout</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::LongestWaitsTable</name>
        <message>
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Attente</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Issue</translation>
        </message>
        <message>
            <source>answered by %1</source>
            <translation>réponse de %1</translation>
        </message>
        <message>
            <source>ended without response</source>
            <translation>terminée sans réponse</translation>
        </message>
        <message>
            <source>still waiting</source>
            <translation>encore en attente</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Double-click to open the conversation</source>
            <translation>Double-cliquez pour ouvrir la conversation</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MainWindow</name>
        <message>
            <source>Care Console — demo workspace</source>
            <translation>Care Console – espace de démonstration</translation>
        </message>
        <message>
            <source>Care Console</source>
            <translation>Care Console</translation>
        </message>
        <message>
            <source>Demo workspace</source>
            <translation>Espace de démonstration</translation>
        </message>
        <message>
            <source>The conversation is in All open.</source>
            <translation>La conversation est dans « Toutes les ouvertes ».</translation>
        </message>
        <message>
            <source>Response-time &amp;dashboard</source>
            <translation>&amp;Tableau de bord des délais de réponse</translation>
        </message>
        <message>
            <source>Response times — Care Console</source>
            <translation>Délais de réponse – Care Console</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1 enregistré.</translation>
        </message>
        <message>
            <source>&amp;Accounts…</source>
            <translation>&amp;Comptes…</translation>
        </message>
        <message>
            <source>Connected %1; syncing now.</source>
            <translation>%1 connecté ; synchronisation en cours.</translation>
        </message>
        <message>
            <source>Offline: %1 Care Console keeps what you typed and reconnects by itself.</source>
            <translation>Hors ligne : %1 Care Console conserve ce que vous avez saisi et se reconnecte toute seule.</translation>
        </message>
        <message>
            <source>Offline — reconnecting…</source>
            <translation>Hors ligne – reconnexion…</translation>
        </message>
        <message>
            <source>About Care Console</source>
            <translation>À propos de Care Console</translation>
        </message>
        <message>
            <source>Care Console %1
A native console for social customer care.

Store: %2</source>
            <translation>Care Console %1
Une console native pour le service client sur les réseaux sociaux.

Base : %2</translation>
        </message>
        <message>
            <source>demo workspace</source>
            <translation>espace de démonstration</translation>
        </message>
        <message>
            <source>Service &amp;levels…</source>
            <translation>&amp;Niveaux de service…</translation>
        </message>
        <message>
            <source>Staffed hours, SLA policies and triage rules</source>
            <translation>Heures de service, politiques SLA et règles de tri</translation>
        </message>
        <message>
            <source>Service levels saved; due times recomputed.</source>
            <translation>Niveaux de service enregistrés ; échéances recalculées.</translation>
        </message>
        <message>
            <source>Scheduled &amp;posts…</source>
            <translation>&amp;Publications planifiées…</translation>
        </message>
        <message>
            <source>Shift announcements and other posts waiting for their time</source>
            <translation>Annonces de service et autres publications qui attendent leur heure</translation>
        </message>
        <message>
            <source>&amp;Who's on duty…</source>
            <translation>&amp;Qui est de service…</translation>
        </message>
        <message>
            <source>Who is on duty now, when the next shifts start, and each agent's weekly shifts</source>
            <translation>Qui est de service maintenant, quand commencent les prochains services, et les services hebdomadaires de chaque agent</translation>
        </message>
        <message>
            <source>Possible incident</source>
            <translation>Incident possible</translation>
        </message>
        <message>
            <source>Add blog or news &amp;feed…</source>
            <translation>Ajouter un &amp;flux de blog ou d’actualités…</translation>
        </message>
        <message>
            <source>%1 · signed in as %2 (%3)</source>
            <translation>%1 · connecté en tant que %2 (%3)</translation>
        </message>
        <message>
            <source>&amp;Hand off my conversations…</source>
            <translation>&amp;Transmettre mes conversations…</translation>
        </message>
        <message>
            <source>Going off shift: give your open conversations to a colleague or the team, with a note</source>
            <translation>Fin de service : confiez vos conversations ouvertes à un collègue ou à l’équipe, avec une note</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MergeCustomerDialog</name>
        <message>
            <source>Merge with another customer</source>
            <translation>Fusionner avec un autre client</translation>
        </message>
        <message>
            <source>Find the other record of %1 — for example their e-mail address or another platform's handle. Their conversations join this customer's transcript; the merge can be undone.</source>
            <translation>Trouvez l'autre fiche de %1 – par exemple son adresse e-mail ou son identifiant sur une autre plateforme. Ses conversations rejoignent la transcription de ce client ; la fusion peut être annulée.</translation>
        </message>
        <message>
            <source>Name, handle or e-mail address</source>
            <translation>Nom, identifiant ou adresse e-mail</translation>
        </message>
        <message>
            <source>Merge</source>
            <translation>Fusionner</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::OutboxBar</name>
        <message>
            <source>Hiding the customer's message</source>
            <translation>Masquage du message du client</translation>
        </message>
        <message>
            <source>Private reply</source>
            <translation>Réponse privée</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Réponse publique</translation>
        </message>
        <message>
            <source>%1 “%2”</source>
            <translation>%1 « %2 »</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent.</source>
            <translation>%1 – en attente d'envoi.</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent: %2</source>
            <translation>%1 – en attente d'envoi : %2</translation>
        </message>
        <message>
            <source>%1 — sending now.</source>
            <translation>%1 – envoi en cours.</translation>
        </message>
        <message>
            <source>%1 — the connection dropped while sending; checking whether it went out before trying again.</source>
            <translation>%1 – la connexion a été coupée pendant l'envoi ; vérification qu'il est parti avant de réessayer.</translation>
        </message>
        <message>
            <source>%1 — held: %2</source>
            <translation>%1 – retenue : %2</translation>
        </message>
        <message>
            <source>%1 — not sent: %2</source>
            <translation>%1 – non envoyée : %2</translation>
        </message>
        <message>
            <source>Send anyway</source>
            <translation>Envoyer quand même</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Réessayer</translation>
        </message>
        <message>
            <source>Cancel reply</source>
            <translation>Annuler la réponse</translation>
        </message>
        <message>
            <source>The reply was cancelled; it will not be sent.</source>
            <translation>La réponse a été annulée ; elle ne sera pas envoyée.</translation>
        </message>
        <message>
            <source>Transcript to %1</source>
            <translation>Transcription pour %1</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>E-mail à %1</translation>
        </message>
        <message>
            <source>Showing the customer's message again</source>
            <translation>Le message du client est de nouveau affiché</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicyEditorDialog</name>
        <message>
            <source>Edit policy: %1</source>
            <translation>Modifier la politique : %1</translation>
        </message>
        <message>
            <source>Named values replies can use as {policy.NAME}, e.g. refund_days=30</source>
            <translation>Valeurs nommées que les réponses peuvent utiliser sous la forme {policy.NAME}, p. ex. refund_days=30</translation>
        </message>
        <message>
            <source>Version %1, last changed %2 by %3. Saving creates version %4; the earlier text is kept.</source>
            <translation>Version %1, modifiée en dernier %2 par %3. L'enregistrement crée la version %4 ; le texte précédent est conservé.</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titre</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Étiquettes</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>Valeurs</translation>
        </message>
        <message>
            <source>Text (Markdown)</source>
            <translation>Texte (Markdown)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicySidebar</name>
        <message>
            <source>Quote into reply</source>
            <translation>Citer dans la réponse</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Modifier…</translation>
        </message>
        <message>
            <source>Insert reply</source>
            <translation>Insérer la réponse</translation>
        </message>
        <message>
            <source>Search policies and replies</source>
            <translation>Rechercher dans les politiques et les réponses</translation>
        </message>
        <message>
            <source>Adds the selected passage (or the whole text) to the reply you are writing</source>
            <translation>Ajoute le passage sélectionné (ou tout le texte) à la réponse que vous rédigez</translation>
        </message>
        <message>
            <source>Policies</source>
            <translation>Politiques</translation>
        </message>
        <message>
            <source>Approved replies</source>
            <translation>Réponses approuvées</translation>
        </message>
        <message>
            <source>%1 — updated</source>
            <translation>%1 – mise à jour</translation>
        </message>
        <message>
            <source>Suggested for this conversation</source>
            <translation>Suggérées pour cette conversation</translation>
        </message>
        <message>
            <source>All policies</source>
            <translation>Toutes les politiques</translation>
        </message>
        <message>
            <source>Version %1, updated %2 by %3</source>
            <translation>Version %1, mise à jour %2 par %3</translation>
        </message>
        <message>
            <source>Saved “%1”, version %2.</source>
            <translation>« %1 » enregistrée, version %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PresenceBar</name>
        <message>
            <source>%1 is typing a reply</source>
            <translation>%1 écrit une réponse</translation>
        </message>
        <message>
            <source>%1 is viewing this conversation</source>
            <translation>%1 consulte cette conversation</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ReasonDialog</name>
        <message>
            <source>Reason (required)</source>
            <translation>Motif (obligatoire)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::RosterDialog</name>
        <message>
            <source>Who's on duty</source>
            <translation>Qui est de service</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>Now</source>
            <translation>Maintenant</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone: 07:00–15:00; split shifts with a comma; 22:00–02:00 runs past midnight; empty: off. Team closures apply to everyone. Agents get desktop notifications only on duty when they have shifts.</source>
            <translation>Services dans le fuseau horaire de l'équipe : 07:00–15:00 ; services fractionnés séparés par une virgule ; 22:00–02:00 passe minuit ; vide : repos. Les fermetures de l'équipe s'appliquent à tous. Les agents qui ont des services ne reçoivent les notifications de bureau que pendant leur service.</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone; team closures apply to everyone.</source>
            <translation>Services dans le fuseau horaire de l'équipe ; les fermetures de l'équipe s'appliquent à tous.</translation>
        </message>
        <message>
            <source>no shifts</source>
            <translation>aucun service</translation>
        </message>
        <message>
            <source>on duty until %1</source>
            <translation>de service jusqu'à %1</translation>
        </message>
        <message>
            <source>on duty</source>
            <translation>de service</translation>
        </message>
        <message>
            <source>off — next shift %1</source>
            <translation>en repos – prochain service %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>en repos</translation>
        </message>
        <message>
            <source>No agents yet.</source>
            <translation>Aucun agent pour l'instant.</translation>
        </message>
        <message>
            <source>%1 of %2 agents on duty now (%3).</source>
            <translation>De service maintenant : %1 agents sur %2 (%3).</translation>
        </message>
        <message>
            <source>Not saved — %1, %2: %3</source>
            <translation>Non enregistré – %1, %2 : %3</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>Non enregistré : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ScheduledPostsDialog</name>
        <message>
            <source>On duty</source>
            <translation>Prise de service</translation>
        </message>
        <message>
            <source>Off duty</source>
            <translation>Fin de service</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Publication</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Modifier…</translation>
        </message>
        <message>
            <source>&amp;Cancel post</source>
            <translation>&amp;Annuler la publication</translation>
        </message>
        <message>
            <source>Scheduled posts</source>
            <translation>Publications planifiées</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Compte</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>&amp;Plan shift announcements…</source>
            <translation>&amp;Planifier les annonces de service…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Posted by the console that syncs the account, once, at their time. A post whose time passed while no console was syncing is skipped (expired), never posted late. While a crisis is on, announcements wait.</source>
            <translation>Publiées par la console qui synchronise le compte, une seule fois, à leur heure. Une publication dont l'heure est passée sans qu'aucune console ne synchronise est ignorée (expirée), jamais publiée en retard. Pendant une crise, les annonces attendent.</translation>
        </message>
        <message>
            <source>%1 announcements scheduled.</source>
            <translation>Annonces planifiées : %1.</translation>
        </message>
        <message>
            <source>When (%1)</source>
            <translation>Quand (%1)</translation>
        </message>
        <message>
            <source>Nothing scheduled. Plan shift announcements to tell customers when the team is there.</source>
            <translation>Rien de planifié. Planifiez des annonces de service pour indiquer aux clients quand l'équipe est là.</translation>
        </message>
        <message>
            <source>Edit scheduled post</source>
            <translation>Modifier la publication planifiée</translation>
        </message>
        <message>
            <source>&amp;Post at (%1)</source>
            <translation>&amp;Publier à (%1)</translation>
        </message>
        <message>
            <source>&amp;Text</source>
            <translation>&amp;Texte</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SendTranscriptDialog</name>
        <message>
            <source>Send transcript by e-mail</source>
            <translation>Envoyer la transcription par e-mail</translation>
        </message>
        <message>
            <source>escalations@example.com</source>
            <translation>escalades@example.com</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>À :</translation>
        </message>
        <message>
            <source>Send from:</source>
            <translation>Envoyer depuis :</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Envoyer</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator connects one with careconsole account add email.</source>
            <translation>Aucune boîte aux lettres de support n'est connectée. Un administrateur en connecte une avec careconsole account add email.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels goes as a plain-text e-mail with a PDF copy attached, oldest message first, so the colleague can help without asking the customer again.</source>
            <translation>Tout l’historique du client sur tous les canaux part en e-mail texte brut avec une copie PDF en pièce jointe, du plus ancien message au plus récent, pour que le collègue puisse aider sans redemander au client.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ServiceLevelsDialog</name>
        <message>
            <source>Service levels</source>
            <translation>Niveaux de service</translation>
        </message>
        <message>
            <source>Staffed &amp;hours</source>
            <translation>&amp;Heures de service</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>Could not load the service levels: %1</source>
            <translation>Les niveaux de service n'ont pas pu être chargés : %1</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>Non enregistré : %1</translation>
        </message>
        <message>
            <source>Saving — recomputing the due times of open conversations…</source>
            <translation>Enregistrement – recalcul des échéances des conversations ouvertes…</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>Enregistré.</translation>
        </message>
        <message>
            <source>SLA p&amp;olicies</source>
            <translation>P&amp;olitiques SLA</translation>
        </message>
        <message>
            <source>Tria&amp;ge rules</source>
            <translation>Rè&amp;gles de tri</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SettingsDialog</name>
        <message>
            <source>Notify me of new urgent conversations and answers about to fall due</source>
            <translation>M'avertir des nouvelles conversations urgentes et des réponses sur le point d'arriver à échéance</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>Your first name</source>
            <translation>Votre prénom</translation>
        </message>
        <message>
            <source>How replies are signed. {agent.signature} is the name above, {agent.name} your full name, {initials} your initials: for example “– {agent.signature}” or “^{initials}”.</source>
            <translation>Comment les réponses sont signées. {agent.signature} est le nom ci-dessus, {agent.name} votre nom complet, {initials} vos initiales : par exemple « – {agent.signature} » ou « ^{initials} ».</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>No notifications between these times; the same time twice means none.</source>
            <translation>Aucune notification entre ces heures ; deux fois la même heure signifie aucune plage.</translation>
        </message>
        <message>
            <source>System language (%1)</source>
            <translation>Langue du système (%1)</translation>
        </message>
        <message>
            <source>The language of the console, and of dates, times and numbers. Applies when Care Console is started again.</source>
            <translation>La langue de la console, ainsi que des dates, heures et nombres. S'applique au prochain démarrage de Care Console.</translation>
        </message>
        <message>
            <source>Urgency comes from what customers write and when they need an answer — never from follower counts, verification badges or other signs of influence.</source>
            <translation>L'urgence dépend de ce qu'écrivent les clients et du moment où ils ont besoin d'une réponse – jamais du nombre d'abonnés, des badges de vérification ou d'autres signes d'influence.</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Votre nom</translation>
        </message>
        <message>
            <source>Sign replies as</source>
            <translation>Signer les réponses en tant que</translation>
        </message>
        <message>
            <source>Signature form</source>
            <translation>Forme de la signature</translation>
        </message>
        <message>
            <source>Take back a sent reply within</source>
            <translation>Reprendre une réponse envoyée pendant</translation>
        </message>
        <message>
            <source>to</source>
            <translation>à</translation>
        </message>
        <message>
            <source>Quiet hours</source>
            <translation>Heures calmes</translation>
        </message>
        <message>
            <source>Language (after a restart)</source>
            <translation>Langue (après redémarrage)</translation>
        </message>
        <message>
            <source>Stable releases</source>
            <translation>Versions stables</translation>
        </message>
        <message>
            <source>Beta releases (earlier, less tested)</source>
            <translation>Versions bêta (plus tôt, moins testées)</translation>
        </message>
        <message>
            <source>Updates</source>
            <translation>Mises à jour</translation>
        </message>
        <message>
            <source>Set by your administrator; it cannot be changed here.</source>
            <translation>Défini par votre administrateur ; ne peut pas être modifié ici.</translation>
        </message>
        <message>
            <source>%1 (set by your administrator)</source>
            <translation>%1 (défini par votre administrateur)</translation>
        </message>
        <message>
            <source>Settings marked “set by your administrator” come from %1 and cannot be changed here; ask your administrator to change them.</source>
            <translation>Les paramètres marqués « défini par votre administrateur » proviennent de %1 et ne peuvent pas être modifiés ici ; demandez à votre administrateur de les changer.</translation>
        </message>
        <message>
            <source>Only while I'm on duty (when the roster has my shifts)</source>
            <translation>Seulement pendant mon service (quand le planning contient mes services)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShiftPlanDialog</name>
        <message>
            <source>When the team comes on duty (“we're here until 18:00”)</source>
            <translation>Quand l'équipe prend son service (« nous sommes là jusqu'à 18:00 »)</translation>
        </message>
        <message>
            <source>When the team goes off duty (“we're back tomorrow at 08:00”)</source>
            <translation>Quand l'équipe termine son service (« nous revenons demain à 08:00 »)</translation>
        </message>
        <message>
            <source>Plan shift announcements</source>
            <translation>Planifier les annonces de service</translation>
        </message>
        <message>
            <source> days</source>
            <translation> jours</translation>
        </message>
        <message>
            <source>Posted at</source>
            <translation>Publiée à</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>&amp;Account</source>
            <translation>&amp;Compte</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Langue</translation>
        </message>
        <message>
            <source>&amp;For the next</source>
            <translation>&amp;Pour les prochains</translation>
        </message>
        <message>
            <source>&amp;Schedule</source>
            <translation>&amp;Planifier</translation>
        </message>
        <message>
            <source>Connect an account first: announcements are posted from an account.</source>
            <translation>Connectez d'abord un compte : les annonces sont publiées depuis un compte.</translation>
        </message>
        <message>
            <source>Nothing to announce: the team never comes on or goes off duty in this period.</source>
            <translation>Rien à annoncer : l'équipe ne prend ni ne termine jamais son service sur cette période.</translation>
        </message>
        <message>
            <source>%1 posts from %2, in %3. Scheduling replaces this account's shift announcements planned from now on; each is skipped if its time passes while no console syncs.</source>
            <translation>Publications : %1, depuis %2, en %3. La planification remplace les annonces de service de ce compte prévues à partir de maintenant ; chacune est ignorée si son heure passe sans qu'aucune console ne synchronise.</translation>
        </message>
        <message>
            <source>Not scheduled: %1</source>
            <translation>Non planifié : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShortcutsDialog</name>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Raccourcis clavier</translation>
        </message>
        <message>
            <source>Click a shortcut and press the keys you want instead. / searches the inbox.</source>
            <translation>Cliquez sur un raccourci et appuyez sur les touches voulues. / lance une recherche dans la boîte de réception.</translation>
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
            <translation>Aucun objectif</translation>
        </message>
        <message>
            <source>Pause the clock while the conversation waits on the customer (pending)</source>
            <translation>Mettre le chronomètre en pause pendant que la conversation attend le client (en attente)</translation>
        </message>
        <message>
            <source>Any platform</source>
            <translation>Toute plateforme</translation>
        </message>
        <message>
            <source>Any priority</source>
            <translation>Toute priorité</translation>
        </message>
        <message>
            <source>any tag</source>
            <translation>toute étiquette</translation>
        </message>
        <message>
            <source>Staffed hours only (the team calendar)</source>
            <translation>Heures de service uniquement (le calendrier de l'équipe)</translation>
        </message>
        <message>
            <source>Wall-clock time (every hour counts)</source>
            <translation>Temps réel (chaque heure compte)</translation>
        </message>
        <message>
            <source>Staffed hours: a message at 21:00 after closing is due an hour after the next opening. Wall clock: it is due at 22:00.</source>
            <translation>Heures de service : un message reçu à 21:00 après la fermeture est attendu une heure après la prochaine ouverture. Temps réel : il est attendu à 22:00.</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Nom</translation>
        </message>
        <message>
            <source>Applies to conversations matching all of:</source>
            <translation>S'applique aux conversations qui remplissent toutes ces conditions :</translation>
        </message>
        <message>
            <source>&amp;Platform</source>
            <translation>&amp;Plateforme</translation>
        </message>
        <message>
            <source>P&amp;riority</source>
            <translation>P&amp;riorité</translation>
        </message>
        <message>
            <source>&amp;Tag</source>
            <translation>É&amp;tiquette</translation>
        </message>
        <message>
            <source>&amp;First response within</source>
            <translation>&amp;Première réponse sous</translation>
        </message>
        <message>
            <source>Ne&amp;xt response within</source>
            <translation>Réponse &amp;suivante sous</translation>
        </message>
        <message>
            <source>&amp;Counting</source>
            <translation>&amp;Décompte</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>&amp;Ajouter</translation>
        </message>
        <message>
            <source>D&amp;uplicate</source>
            <translation>D&amp;upliquer</translation>
        </message>
        <message>
            <source>Re&amp;move</source>
            <translation>Re&amp;tirer</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Monter</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Descendre</translation>
        </message>
        <message>
            <source>Alt+Up: among equally specific policies the higher one wins.</source>
            <translation>Alt+Flèche haut : entre politiques aussi spécifiques, celle placée plus haut l'emporte.</translation>
        </message>
        <message>
            <source>Alt+Down</source>
            <translation>Alt+Down</translation>
        </message>
        <message>
            <source>The most specific matching policy applies (platform, priority and tag each count); among equally specific ones the higher in the list. Conversations no policy matches get an hour to first response in staffed hours. Saving recomputes the due times of every open conversation.</source>
            <translation>La politique correspondante la plus spécifique s'applique (plateforme, priorité et étiquette comptent chacune) ; entre politiques aussi spécifiques, celle placée le plus haut dans la liste. Les conversations qu'aucune politique ne couvre ont une heure pour la première réponse, en heures de service. L'enregistrement recalcule les échéances de toutes les conversations ouvertes.</translation>
        </message>
        <message>
            <source>New policy</source>
            <translation>Nouvelle politique</translation>
        </message>
        <message>
            <source>%1 (copy)</source>
            <translation>%1 (copie)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(sans nom)</translation>
        </message>
        <message>
            <source>Policy %1 has no name.</source>
            <translation>La politique %1 n'a pas de nom.</translation>
        </message>
        <message>
            <source>Two policies are called “%1”.</source>
            <translation>Deux politiques s'appellent « %1 ».</translation>
        </message>
        <message>
            <source>“%1” has no target: give it at least one.</source>
            <translation>« %1 » n'a pas d'objectif : indiquez-en au moins un.</translation>
        </message>
        <message>
            <source>“%1” matches the same conversations as “%2” above it, so it would never apply.</source>
            <translation>« %1 » couvre les mêmes conversations que « %2 » au-dessus ; elle ne s'appliquerait donc jamais.</translation>
        </message>
        <message>
            <source>Resolution &amp;within</source>
            <translation>Résolution &amp;sous</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::StaffingLabel</name>
        <message>
            <source>Copy staffed hours for profile bios</source>
            <translation>Copier les heures de service pour les bios de profil</translation>
        </message>
        <message>
            <source>Staffed hours unknown</source>
            <translation>Heures de service inconnues</translation>
        </message>
        <message>
            <source>Team on duty around the clock</source>
            <translation>Équipe en service 24 h/24</translation>
        </message>
        <message>
            <source>Team on duty until %1</source>
            <translation>Équipe en service jusqu'à %1</translation>
        </message>
        <message>
            <source>Team on duty</source>
            <translation>Équipe en service</translation>
        </message>
        <message>
            <source>Team off duty — back %1</source>
            <translation>Équipe hors service – retour %1</translation>
        </message>
        <message>
            <source>Team off duty</source>
            <translation>Équipe hors service</translation>
        </message>
        <message>
            <source>Staffed hours in %1. Response times count staffed hours where the SLA policy says so.
For profile bios (right-click to copy): %2</source>
            <translation>Heures de service en %1. Les délais de réponse comptent les heures de service là où la politique SLA le prévoit.
Pour les bios de profil (clic droit pour copier) : %2</translation>
        </message>
        <message>
            <source>%1 until %2</source>
            <translation>%1 jusqu'à %2</translation>
        </message>
        <message>
            <source>%1 from %2</source>
            <translation>%1 à partir de %2</translation>
        </message>
        <message numerus="yes">
            <source>%n on duty</source>
            <translation>
                <numerusform>%n de service</numerusform>
                <numerusform>%n de service</numerusform>
            </translation>
        </message>
        <message>
            <source>On duty: %1</source>
            <translation>De service : %1</translation>
        </message>
        <message>
            <source>Next: %1</source>
            <translation>Ensuite : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SyncStatusButton</name>
        <message>
            <source>synced %1</source>
            <translation>synchronisé %1</translation>
        </message>
        <message>
            <source>not synced yet</source>
            <translation>pas encore synchronisé</translation>
        </message>
        <message>
            <source>, next %1</source>
            <translation>, prochaine %1</translation>
        </message>
        <message>
            <source>syncing now</source>
            <translation>synchronisation en cours</translation>
        </message>
        <message>
            <source>syncing now, %1</source>
            <translation>synchronisation en cours, %1</translation>
        </message>
        <message>
            <source> (%1 of %2 requests left)</source>
            <translation> (%1 requêtes restantes sur %2)</translation>
        </message>
        <message>
            <source> — 1 reply not delivered yet</source>
            <translation> – 1 réponse pas encore remise</translation>
        </message>
        <message>
            <source> — %1 replies not delivered yet</source>
            <translation> – %1 réponses pas encore remises</translation>
        </message>
        <message>
            <source>Connect a platform account to bring its mentions and messages in.</source>
            <translation>Connectez un compte de plateforme pour recevoir ses mentions et ses messages.</translation>
        </message>
        <message>
            <source>No accounts connected</source>
            <translation>Aucun compte connecté</translation>
        </message>
        <message>
            <source>Syncing… %1</source>
            <translation>Synchronisation… %1</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Synchronisation…</translation>
        </message>
        <message>
            <source>Synced %1</source>
            <translation>Synchronisé %1</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>En attente de la première synchronisation</translation>
        </message>
        <message>
            <source>Sync status: %1</source>
            <translation>État de la synchronisation : %1</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TranscriptExporter</name>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 n'a pas pu être écrit : %2</translation>
        </message>
        <message>
            <source>Choose a folder you can write to.</source>
            <translation>Choisissez un dossier dans lequel vous pouvez écrire.</translation>
        </message>
        <message>
            <source>Check the free space and try again.</source>
            <translation>Vérifiez l'espace libre et réessayez.</translation>
        </message>
        <message>
            <source>The PDF %1 could not be written.</source>
            <translation>Le PDF %1 n'a pas pu être écrit.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TranscriptView</name>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Accusé de réception automatique</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (équipe)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Note interne de %1</translation>
        </message>
        <message>
            <source>never sent</source>
            <translation>jamais envoyée</translation>
        </message>
        <message>
            <source>public</source>
            <translation>publique</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privée</translation>
        </message>
        <message>
            <source>edited</source>
            <translation>modifié</translation>
        </message>
        <message>
            <source>deleted by the author</source>
            <translation>supprimé par l'auteur</translation>
        </message>
        <message>
            <source>Hidden from public view by %1, %2: %3</source>
            <translation>Masqué au public par %1, %2 : %3</translation>
        </message>
        <message>
            <source>Earlier version, until %1:</source>
            <translation>Version précédente, jusqu'au %1 :</translation>
        </message>
        <message>
            <source>Scroll up for earlier messages</source>
            <translation>Faites défiler vers le haut pour les messages précédents</translation>
        </message>
        <message>
            <source>This conversation</source>
            <translation>Cette conversation</translation>
        </message>
        <message>
            <source>Other conversation</source>
            <translation>Autre conversation</translation>
        </message>
        <message>
            <source>internal note</source>
            <translation>note interne</translation>
        </message>
        <message>
            <source>ddd d MMM yyyy, HH:mm</source>
            <comment>date format</comment>
            <translation>ddd d MMM yyyy 'à' HH:mm</translation>
        </message>
        <message>
            <source>d MMM, HH:mm</source>
            <comment>date format</comment>
            <translation>d MMM 'à' HH:mm</translation>
        </message>
        <message>
            <source>e-mail to a colleague</source>
            <translation>e-mail à un collègue</translation>
        </message>
        <message>
            <source>Save attachments…</source>
            <translation>Enregistrer les pièces jointes…</translation>
        </message>
        <message>
            <source>Hidden from public view on %1, not from this console (seen %2)</source>
            <translation>Masqué au public sur %1, pas depuis cette console (vu %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TriageReasonText</name>
        <message>
            <source>low: no words to act on</source>
            <translation>basse : aucun mot sur lequel agir</translation>
        </message>
        <message>
            <source>normal: no triage rules loaded</source>
            <translation>normale : aucune règle de tri chargée</translation>
        </message>
        <message>
            <source>not time-sensitive: praise that asks for nothing</source>
            <translation>pas pressé : un compliment qui ne demande rien</translation>
        </message>
        <message>
            <source>low: no action needed</source>
            <translation>basse : aucune action nécessaire</translation>
        </message>
        <message>
            <source>urgent: time-sensitive and service loss</source>
            <translation>urgente : pressé et service perdu</translation>
        </message>
        <message>
            <source>high: time-sensitive</source>
            <translation>haute : pressé</translation>
        </message>
        <message>
            <source>high: service loss</source>
            <translation>haute : service perdu</translation>
        </message>
        <message>
            <source>normal: praise deserves a reply</source>
            <translation>normale : un compliment mérite une réponse</translation>
        </message>
        <message>
            <source>normal: needs a reply, nothing time-sensitive or lost</source>
            <translation>normale : demande une réponse, rien de pressé ni de perdu</translation>
        </message>
        <message>
            <source>angry: written in capitals</source>
            <translation>en colère : écrit en majuscules</translation>
        </message>
        <message>
            <source>time-sensitive</source>
            <translation>pressé</translation>
        </message>
        <message>
            <source>service loss</source>
            <translation>service perdu</translation>
        </message>
        <message>
            <source>negative</source>
            <translation>négatif</translation>
        </message>
        <message>
            <source>angry</source>
            <translation>en colère</translation>
        </message>
        <message>
            <source>praise</source>
            <translation>compliment</translation>
        </message>
        <message>
            <source>sarcasm</source>
            <translation>sarcasme</translation>
        </message>
        <message>
            <source>no action</source>
            <translation>aucune action</translation>
        </message>
        <message>
            <source>urgent: rule %1 (%2)</source>
            <translation>urgente : règle %1 (%2)</translation>
        </message>
        <message>
            <source>not counted as %1: %2</source>
            <translation>non compté comme %1 : %2</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TriageRulesEditor</name>
        <message>
            <source>Rule set %1</source>
            <translation>Jeu de règles %1</translation>
        </message>
        <message>
            <source>Try a message, e.g. “my flight leaves tonight and I can't log in”</source>
            <translation>Essayez un message, p. ex. « mon vol part ce soir et je n'arrive pas à me connecter »</translation>
        </message>
        <message>
            <source>Add &amp;language</source>
            <translation>Ajouter une &amp;langue</translation>
        </message>
        <message>
            <source>Remove language</source>
            <translation>Retirer la langue</translation>
        </message>
        <message>
            <source>Restore &amp;bundled rules</source>
            <translation>Restaurer les règles &amp;fournies</translation>
        </message>
        <message>
            <source>L&amp;anguage</source>
            <translation>L&amp;angue</translation>
        </message>
        <message>
            <source>Patterns are regular expressions matched as whole words. Follower counts, verification badges and other signs of influence never raise urgency: rules that would are refused. New rules apply to messages arriving after saving.</source>
            <translation>Les motifs sont des expressions régulières comparées comme des mots entiers. Le nombre d'abonnés, les badges de vérification et autres signes d'influence n'augmentent jamais l'urgence : les règles qui le feraient sont refusées. Les nouvelles règles s'appliquent aux messages arrivés après l'enregistrement.</translation>
        </message>
        <message>
            <source>&amp;Try</source>
            <translation>&amp;Essayer</translation>
        </message>
        <message>
            <source>Restore bundled rules</source>
            <translation>Restaurer les règles fournies</translation>
        </message>
        <message>
            <source>Replace every language's rules with the bundled ones? Your edits are lost.</source>
            <translation>Remplacer les règles de toutes les langues par celles fournies ? Vos modifications seront perdues.</translation>
        </message>
        <message>
            <source>Fix the rules to try them.</source>
            <translation>Corrigez les règles pour les essayer.</translation>
        </message>
        <message>
            <source>Urgency: %1 · sentiment: %2 · language: %3</source>
            <translation>Urgence : %1 · sentiment : %2 · langue : %3</translation>
        </message>
        <message>
            <source>Rules: %1</source>
            <translation>Règles : %1</translation>
        </message>
        <message>
            <source>All valid: %1 rules; languages %2.</source>
            <translation>Toutes valides : %1 règles ; langues %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ViewsPane</name>
        <message>
            <source>Saved views</source>
            <translation>Vues enregistrées</translation>
        </message>
        <message>
            <source>Delete the view “%1”</source>
            <translation>Supprimer la vue « %1 »</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::VolumeHeatmap</name>
        <message>
            <source>outside staffed hours · darker: more customer messages · click a cell to open them</source>
            <translation>hors heures de service · plus foncé : plus de messages clients · cliquez sur une cellule pour les ouvrir</translation>
        </message>
        <message>
            <source>%1 %2:00–%3:00: %4 customer messages%5</source>
            <translation>%1 %2:00–%3:00 : %4 message(s) client(s)%5</translation>
        </message>
        <message>
            <source> (outside staffed hours)</source>
            <translation> (hors heures de service)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WeeklyReport</name>
        <message>
            <source>The week of %1 has not started yet.</source>
            <translation>La semaine du %1 n'a pas encore commencé.</translation>
        </message>
        <message>
            <source>Choose this week or an earlier one.</source>
            <translation>Choisissez cette semaine ou une semaine antérieure.</translation>
        </message>
        <message>
            <source>week in progress: figures as at %1</source>
            <translation>semaine en cours : chiffres au %1</translation>
        </message>
        <message>
            <source>generated %1</source>
            <translation>généré %1</translation>
        </message>
        <message>
            <source>Headline figures</source>
            <translation>Chiffres clés</translation>
        </message>
        <message>
            <source>This week</source>
            <translation>Cette semaine</translation>
        </message>
        <message>
            <source>Previous week</source>
            <translation>Semaine précédente</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Première réponse</translation>
        </message>
        <message>
            <source>First-response SLA met</source>
            <translation>SLA de première réponse respecté</translation>
        </message>
        <message>
            <source>New conversations</source>
            <translation>Nouvelles conversations</translation>
        </message>
        <message>
            <source>Customer messages</source>
            <translation>Messages clients</translation>
        </message>
        <message>
            <source>… of new conversations, in hours nobody was on duty</source>
            <translation>… dont nouvelles conversations, à des heures où personne n'était en service</translation>
        </message>
        <message>
            <source>Replies by the team</source>
            <translation>Réponses de l'équipe</translation>
        </message>
        <message>
            <source>Still waiting at the end</source>
            <translation>Encore en attente à la fin</translation>
        </message>
        <message>
            <source>Ended without response</source>
            <translation>Terminées sans réponse</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT)</source>
            <translation>Satisfaction (CSAT)</translation>
        </message>
        <message>
            <source>What customers wrote about most</source>
            <translation>Les sujets les plus abordés par les clients</translation>
        </message>
        <message>
            <source>No tagged conversations this week.</source>
            <translation>Aucune conversation étiquetée cette semaine.</translation>
        </message>
        <message>
            <source>Tag</source>
            <translation>Étiquette</translation>
        </message>
        <message>
            <source>The week's longest waits</source>
            <translation>Les attentes les plus longues de la semaine</translation>
        </message>
        <message>
            <source>No customer waited this week.</source>
            <translation>Aucun client n'a attendu cette semaine.</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Depuis</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Attente</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Issue</translation>
        </message>
        <message>
            <source>How these figures are computed: first response time runs from the customer's first message in a cycle to the first message a person on the team sent them; median, 90th percentile (p90) and mean are of answered first responses, with their count n. Waits still open and waits ended without a response are counted beside the figures, never in them. The SLA met rate is met ÷ (met + missed + running already missed) of first-response clocks. Satisfaction is the latest answer (1–5) of each cycle. Days and weeks are in the team calendar's time zone (%1). The full definitions are in the product's documentation (docs/metrics.md).</source>
            <translation>Comment ces chiffres sont calculés : le délai de première réponse va du premier message du client dans un cycle au premier message qu'une personne de l'équipe lui a envoyé ; la médiane, le 90e centile (p90) et la moyenne portent sur les premières réponses données, avec leur nombre n. Les attentes encore ouvertes et celles terminées sans réponse sont comptées à côté des chiffres, jamais dedans. Le taux de respect du SLA est respectés ÷ (respectés + manqués + en cours déjà manqués) des chronomètres de première réponse. La satisfaction est la réponse la plus récente (1–5) de chaque cycle. Les jours et les semaines suivent le fuseau horaire du calendrier de l'équipe (%1). Les définitions complètes figurent dans la documentation du produit (docs/metrics.md).</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Personne</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>Weekly response report, week %1: %2 – %3</source>
            <translation>Rapport hebdomadaire des réponses, semaine %1 : %2 – %3</translation>
        </message>
        <message>
            <source>no answered first response</source>
            <translation>aucune première réponse donnée</translation>
        </message>
        <message>
            <source>median %1 · p90 %2 · mean %3 · n = %4</source>
            <translation>médiane %1 · p90 %2 · moyenne %3 · n = %4</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>nothing decided</source>
            <translation>rien de tranché</translation>
        </message>
        <message>
            <source>no answers</source>
            <translation>aucune réponse</translation>
        </message>
        <message>
            <source>%1 of 5 (n = %2)</source>
            <translation>%1 sur 5 (n = %2)</translation>
        </message>
        <message>
            <source>all channels</source>
            <translation>tous les canaux</translation>
        </message>
        <message>
            <source>account %1</source>
            <translation>compte %1</translation>
        </message>
        <message>
            <source>agent %1</source>
            <translation>agent %1</translation>
        </message>
        <message>
            <source>team %1</source>
            <translation>équipe %1</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>étiquette %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>heures de service uniquement</translation>
        </message>
        <message>
            <source>wall clock</source>
            <translation>temps réel</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkflowController</name>
        <message>
            <source>Next conversation</source>
            <translation>Conversation suivante</translation>
        </message>
        <message>
            <source>Previous conversation</source>
            <translation>Conversation précédente</translation>
        </message>
        <message>
            <source>Open conversation</source>
            <translation>Ouvrir la conversation</translation>
        </message>
        <message>
            <source>Reply publicly</source>
            <translation>Répondre en public</translation>
        </message>
        <message>
            <source>Reply privately</source>
            <translation>Répondre en privé</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Note interne</translation>
        </message>
        <message>
            <source>Resolve</source>
            <translation>Résoudre</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Assigner…</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Reporter</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>Pour 1 heure</translation>
        </message>
        <message>
            <source>For 3 hours</source>
            <translation>Pour 3 heures</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>Jusqu'à demain</translation>
        </message>
        <message>
            <source>For a week</source>
            <translation>Pour une semaine</translation>
        </message>
        <message>
            <source>Take it (claim)</source>
            <translation>La prendre</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>En attente du client</translation>
        </message>
        <message>
            <source>No reply needed…</source>
            <translation>Pas de réponse nécessaire…</translation>
        </message>
        <message>
            <source>Hide comment…</source>
            <translation>Masquer le commentaire…</translation>
        </message>
        <message>
            <source>Tags…</source>
            <translation>Étiquettes…</translation>
        </message>
        <message>
            <source>Ask for satisfaction (1–5)</source>
            <translation>Demander la satisfaction (1–5)</translation>
        </message>
        <message>
            <source>Record satisfaction…</source>
            <translation>Enregistrer la satisfaction…</translation>
        </message>
        <message>
            <source>Export transcript…</source>
            <translation>Exporter la transcription…</translation>
        </message>
        <message>
            <source>Print transcript…</source>
            <translation>Imprimer la transcription…</translation>
        </message>
        <message>
            <source>Keyboard shortcuts…</source>
            <translation>Raccourcis clavier…</translation>
        </message>
        <message>
            <source>Select a conversation first.</source>
            <translation>Sélectionnez d'abord une conversation.</translation>
        </message>
        <message>
            <source>Resolved.</source>
            <translation>Résolue.</translation>
        </message>
        <message>
            <source>Snoozed until %1.</source>
            <translation>Reportée jusqu'au %1.</translation>
        </message>
        <message>
            <source>Waiting on the customer.</source>
            <translation>En attente du client.</translation>
        </message>
        <message>
            <source>It is yours now.</source>
            <translation>Elle est à vous maintenant.</translation>
        </message>
        <message>
            <source>Assigned.</source>
            <translation>Assignée.</translation>
        </message>
        <message>
            <source>Marked as needing no reply.</source>
            <translation>Marquée comme ne nécessitant pas de réponse.</translation>
        </message>
        <message>
            <source>Transcript: %1 — exported %2 by %3</source>
            <translation>Transcription : %1 – exportée %2 par %3</translation>
        </message>
        <message>
            <source>Open a conversation first.</source>
            <translation>Ouvrez d'abord une conversation.</translation>
        </message>
        <message>
            <source>Export transcript</source>
            <translation>Exporter la transcription</translation>
        </message>
        <message>
            <source>PDF (*.pdf);;Plain text (*.txt)</source>
            <translation>PDF (*.pdf);;Texte brut (*.txt)</translation>
        </message>
        <message>
            <source>Transcript saved to %1 — attach it to the escalation.</source>
            <translation>Transcription enregistrée dans %1 – joignez-la à l'escalade.</translation>
        </message>
        <message>
            <source>Hide comment</source>
            <translation>Masquer le commentaire</translation>
        </message>
        <message>
            <source>The customer's latest public comment will be hidden from public view on %1 — not deleted. Your name, the time and the reason are recorded.</source>
            <translation>Le dernier commentaire public du client sera masqué au public sur %1 – pas supprimé. Votre nom, l'heure et le motif sont enregistrés.</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Masquer</translation>
        </message>
        <message>
            <source>Hidden, with your reason in the audit log.</source>
            <translation>Masqué, avec votre motif dans le journal d'audit.</translation>
        </message>
        <message>
            <source>The satisfaction question is on its way; the customer's answer is recorded when it arrives.</source>
            <translation>La question de satisfaction est en route ; la réponse du client sera enregistrée à son arrivée.</translation>
        </message>
        <message>
            <source>Satisfaction %1/5 recorded.</source>
            <translation>Satisfaction %1/5 enregistrée.</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Étiquettes</translation>
        </message>
        <message>
            <source>Tags for this conversation, separated by commas (e.g. check-in, refund):</source>
            <translation>Étiquettes de cette conversation, séparées par des virgules (p. ex. enregistrement, remboursement) :</translation>
        </message>
        <message>
            <source>Tags saved.</source>
            <translation>Étiquettes enregistrées.</translation>
        </message>
        <message>
            <source>Send transcript by e-mail…</source>
            <translation>Envoyer la transcription par e-mail…</translation>
        </message>
        <message>
            <source>The transcript is on its way to %1.</source>
            <translation>La transcription est en route vers %1.</translation>
        </message>
        <message>
            <source>Unhide comment</source>
            <translation>Afficher de nouveau le commentaire</translation>
        </message>
        <message>
            <source>Still reading what %1 allows here; try again in a moment.</source>
            <translation>Lecture de ce que %1 autorise ici en cours ; réessayez dans un instant.</translation>
        </message>
        <message>
            <source>Shown again; the audit log has it.</source>
            <translation>Affiché de nouveau ; le journal d’audit le consigne.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackActions</name>
        <message>
            <source>E&amp;xport workspace pack…</source>
            <translation>E&amp;xporter un paquet d'espace de travail…</translation>
        </message>
        <message>
            <source>&amp;Import workspace pack…</source>
            <translation>&amp;Importer un paquet d'espace de travail…</translation>
        </message>
        <message>
            <source>Save the team's policies, approved replies, SLA policies, calendar and triage rules as one file for other consoles</source>
            <translation>Enregistrer les politiques, réponses approuvées, politiques SLA, calendrier et règles de tri de l'équipe dans un seul fichier pour d'autres consoles</translation>
        </message>
        <message>
            <source>Check a workspace pack, see what it would change, then import it</source>
            <translation>Vérifier un paquet d'espace de travail, voir ce qu'il changerait, puis l'importer</translation>
        </message>
        <message>
            <source>Export workspace pack</source>
            <translation>Exporter un paquet d'espace de travail</translation>
        </message>
        <message>
            <source>Workspace packs (*.json)</source>
            <translation>Paquets d'espace de travail (*.json)</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>%1 n'a pas pu être écrit : %2</translation>
        </message>
        <message>
            <source>Saved the workspace pack %1.</source>
            <translation>Paquet d'espace de travail %1 enregistré.</translation>
        </message>
        <message>
            <source>Import workspace pack</source>
            <translation>Importer un paquet d'espace de travail</translation>
        </message>
        <message>
            <source>Workspace packs (*.json);;All files (*)</source>
            <translation>Paquets d'espace de travail (*.json);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed: %2</source>
            <translation>%1 n'a pas été importé ; rien n'a été modifié : %2</translation>
        </message>
        <message>
            <source>Imported the workspace pack %1.</source>
            <translation>Paquet d'espace de travail %1 importé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackDialog</name>
        <message>
            <source>Import workspace pack</source>
            <translation>Importer un paquet d'espace de travail</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importer</translation>
        </message>
        <message>
            <source>Importing %1 would make these changes. Nothing has changed yet; Import makes all of them at once.</source>
            <translation>L'import de %1 apporterait ces modifications. Rien n'a encore changé ; Importer les applique toutes à la fois.</translation>
        </message>
        <message>
            <source>%1 holds nothing that is not already here.</source>
            <translation>%1 ne contient rien qui ne soit déjà ici.</translation>
        </message>
        <message>
            <source>%1 cannot be imported; nothing was changed. What is wrong with it:</source>
            <translation>%1 ne peut pas être importé ; rien n'a été modifié. Ce qui ne va pas :</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::AccountRepository</name>
        <message>
            <source>There is no account %1.</source>
            <translation>Il n'y a pas de compte %1.</translation>
        </message>
        <message>
            <source>`careconsole account list` shows the accounts and their numbers.</source>
            <translation>`careconsole account list` affiche les comptes et leurs numéros.</translation>
        </message>
        <message>
            <source>The account was removed before this could be sent.</source>
            <translation>Le compte a été supprimé avant que ceci puisse être envoyé.</translation>
        </message>
        <message>
            <source>The account was removed while this was being sent; check on the platform whether it went out.</source>
            <translation>Le compte a été supprimé pendant l'envoi ; vérifiez sur la plateforme si le message est parti.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ChangeFeed</name>
        <message>
            <source>The team database did not accept the subscription to changes.</source>
            <translation>La base d’équipe n’a pas accepté l’abonnement aux changements.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>La connexion à la base d’équipe a été perdue.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationActions</name>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Cette conversation n'existe plus.</translation>
        </message>
        <message>
            <source>%1 has already taken this conversation.</source>
            <translation>%1 a déjà pris cette conversation.</translation>
        </message>
        <message>
            <source>Ask them, or have a lead reassign it.</source>
            <translation>Demandez-lui, ou faites-la réassigner par un responsable.</translation>
        </message>
        <message>
            <source>Hiding a customer's message needs a reason.</source>
            <translation>Masquer un message du client nécessite un motif.</translation>
        </message>
        <message>
            <source>Say why, for example: abusive language, or personal data posted in public.</source>
            <translation>Indiquez pourquoi, par exemple : propos injurieux, ou données personnelles publiées.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>Il n'y a aucun message public visible du client à masquer.</translation>
        </message>
        <message>
            <source>There is nothing to send.</source>
            <translation>Il n'y a rien à envoyer.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 n'est pas une adresse e-mail.</translation>
        </message>
        <message>
            <source>Give the colleague's or department's address, e.g. escalations@example.com.</source>
            <translation>Indiquez l'adresse du collègue ou du service, par ex. escalations@example.com.</translation>
        </message>
        <message>
            <source>Account %1 is not an e-mail account.</source>
            <translation>Le compte %1 n'est pas un compte e-mail.</translation>
        </message>
        <message>
            <source>Connect a support mailbox with careconsole account add email.</source>
            <translation>Connectez une boîte aux lettres de support avec careconsole account add email.</translation>
        </message>
        <message>
            <source>Transcript sent by e-mail to %1.</source>
            <translation>Transcription envoyée par e-mail à %1.</translation>
        </message>
        <message>
            <source>Choose a colleague or the team, not yourself.</source>
            <translation>Choisissez un collègue ou l’équipe, pas vous-même.</translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Transcription de la conversation %1</translation>
        </message>
        <message>
            <source>The transcript could not be written as a PDF.</source>
            <translation>L’historique n’a pas pu être écrit en PDF.</translation>
        </message>
        <message>
            <source>This customer has not given e-mail as their preferred contact, with an address.</source>
            <translation>Ce client n’a pas indiqué l’e-mail, avec une adresse, comme contact préféré.</translation>
        </message>
        <message>
            <source>Record their e-mail address and preference in the customer card first.</source>
            <translation>Enregistrez d’abord son adresse e-mail et sa préférence dans la fiche client.</translation>
        </message>
        <message>
            <source>Nothing was sent. Try again; if it keeps failing, export the transcript and attach it yourself.</source>
            <translation>Rien n’a été envoyé. Réessayez ; si l’échec persiste, exportez l’historique et joignez-le vous-même.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Rien de ce que le client a écrit ici n’est masqué.</translation>
        </message>
        <message>
            <source>The customer's comment is shown again on %1.</source>
            <translation>Le commentaire du client est de nouveau affiché sur %1.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Ce message est privé ou déjà masqué ; seul un message public visible du client peut être masqué.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Ce message n’est pas masqué.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationFactsQuery</name>
        <message>
            <source>There is no conversation %1.</source>
            <translation>Il n’y a pas de conversation %1.</translation>
        </message>
        <message>
            <source>Message %1 is not one of the customer's messages in conversation %2.</source>
            <translation>Le message %1 n’est pas un des messages du client dans la conversation %2.</translation>
        </message>
        <message>
            <source>Leave out --message to act on the customer's latest message, as the console does.</source>
            <translation>Omettez --message pour agir sur le dernier message du client, comme le fait la console.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CsatRepository</name>
        <message>
            <source>The satisfaction question is missing from this build.</source>
            <translation>La question de satisfaction est absente de cette version.</translation>
        </message>
        <message>
            <source>Reinstall Care Console.</source>
            <translation>Réinstallez Care Console.</translation>
        </message>
        <message>
            <source>The satisfaction question in this build cannot be read.</source>
            <translation>La question de satisfaction de cette version ne peut pas être lue.</translation>
        </message>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Cette conversation n'existe plus.</translation>
        </message>
        <message>
            <source>The satisfaction question was already sent on %1 and is waiting for the customer's answer.</source>
            <translation>La question de satisfaction a déjà été envoyée le %1 et attend la réponse du client.</translation>
        </message>
        <message>
            <source>Wait for the answer, or record the score by hand if the customer gave it another way.</source>
            <translation>Attendez la réponse, ou enregistrez la note à la main si le client l'a donnée autrement.</translation>
        </message>
        <message>
            <source>A satisfaction score is a number from 1 to 5, not %1.</source>
            <translation>Une note de satisfaction est un nombre de 1 à 5, pas %1.</translation>
        </message>
        <message>
            <source>Choose 1 (poor) to 5 (great).</source>
            <translation>Choisissez de 1 (mauvais) à 5 (excellent).</translation>
        </message>
        <message>
            <source>A score recorded by hand needs the agent who recorded it.</source>
            <translation>Une note saisie à la main nécessite l'agent qui l'a enregistrée.</translation>
        </message>
        <message>
            <source>Sign in as an agent, then record the score again.</source>
            <translation>Connectez-vous en tant qu'agent, puis enregistrez de nouveau la note.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CustomerRepository</name>
        <message>
            <source>These are already the same customer.</source>
            <translation>Il s'agit déjà du même client.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Database</name>
        <message>
            <source>The team database at %1 refused the sign-in for user “%2”.</source>
            <translation>La base de données d'équipe sur %1 a refusé la connexion de l'utilisateur « %2 ».</translation>
        </message>
        <message>
            <source>Check the user name and password in the database URL, or ask your administrator to grant this login access.</source>
            <translation>Vérifiez le nom d'utilisateur et le mot de passe dans l'URL de la base de données, ou demandez à votre administrateur d'autoriser cet identifiant.</translation>
        </message>
        <message>
            <source>The server at %1:%2 has no database named “%3”.</source>
            <translation>Le serveur %1:%2 n'a pas de base de données nommée « %3 ».</translation>
        </message>
        <message>
            <source>Check the database name at the end of the URL, or ask your administrator to create it.</source>
            <translation>Vérifiez le nom de la base de données à la fin de l'URL, ou demandez à votre administrateur de la créer.</translation>
        </message>
        <message>
            <source>The database host “%1” could not be found.</source>
            <translation>L'hôte de base de données « %1 » est introuvable.</translation>
        </message>
        <message>
            <source>Check the host name in the database URL.</source>
            <translation>Vérifiez le nom d'hôte dans l'URL de la base de données.</translation>
        </message>
        <message>
            <source>Nothing answered at %1:%2 — the team database is not reachable.</source>
            <translation>Rien n'a répondu sur %1:%2 – la base de données d'équipe est injoignable.</translation>
        </message>
        <message>
            <source>Check the host and port in the database URL, that the database server is running, and that your network allows the connection.</source>
            <translation>Vérifiez l'hôte et le port dans l'URL de la base de données, que le serveur de base de données tourne, et que votre réseau autorise la connexion.</translation>
        </message>
        <message>
            <source>The program at %1:%2 did not answer like a PostgreSQL server.</source>
            <translation>Le programme sur %1:%2 n'a pas répondu comme un serveur PostgreSQL.</translation>
        </message>
        <message>
            <source>Check the port in the database URL: it may point at another service.</source>
            <translation>Vérifiez le port dans l'URL de la base de données : il désigne peut-être un autre service.</translation>
        </message>
        <message>
            <source>The team database at %1 could not be opened.</source>
            <translation>La base de données d'équipe sur %1 n'a pas pu être ouverte.</translation>
        </message>
        <message>
            <source>Check the database URL and the server.</source>
            <translation>Vérifiez l'URL de la base de données et le serveur.</translation>
        </message>
        <message>
            <source>This store was written by a newer version of Care Console (store version %1; this version understands up to %2). It was not opened and nothing in it was changed.</source>
            <translation>Cette base a été écrite par une version plus récente de Care Console (version de base %1 ; cette version comprend jusqu'à %2). Elle n'a pas été ouverte et rien n'y a été modifié.</translation>
        </message>
        <message>
            <source>Install the newer version of Care Console to open it.</source>
            <translation>Installez la version plus récente de Care Console pour l'ouvrir.</translation>
        </message>
        <message>
            <source>This store uses an older layout (version %1) and cannot be upgraded while it is open read-only.</source>
            <translation>Cette base utilise un format plus ancien (version %1) et ne peut pas être mise à niveau tant qu'elle est ouverte en lecture seule.</translation>
        </message>
        <message>
            <source>Open it normally once so it can be upgraded.</source>
            <translation>Ouvrez-la une fois normalement pour qu'elle puisse être mise à niveau.</translation>
        </message>
        <message>
            <source>There is no store at %1.</source>
            <translation>Il n'y a pas de base à l'emplacement %1.</translation>
        </message>
        <message>
            <source>Check the path, or start a new store.</source>
            <translation>Vérifiez le chemin, ou créez une nouvelle base.</translation>
        </message>
        <message>
            <source>The folder %1 could not be created for the store.</source>
            <translation>Le dossier %1 n'a pas pu être créé pour la base.</translation>
        </message>
        <message>
            <source>Check that you may write there, or choose another place.</source>
            <translation>Vérifiez que vous pouvez y écrire, ou choisissez un autre emplacement.</translation>
        </message>
        <message>
            <source>%1 is a folder, not a store file.</source>
            <translation>%1 est un dossier, pas un fichier de base.</translation>
        </message>
        <message>
            <source>Give the path of a store file.</source>
            <translation>Indiquez le chemin d'un fichier de base.</translation>
        </message>
        <message>
            <source>The store %1 could not be opened.</source>
            <translation>La base %1 n'a pas pu être ouverte.</translation>
        </message>
        <message>
            <source>Check that the file is readable and writable.</source>
            <translation>Vérifiez que le fichier est accessible en lecture et en écriture.</translation>
        </message>
        <message>
            <source>%1 is not a Care Console store (it is not an SQLite database).</source>
            <translation>%1 n'est pas une base Care Console (ce n'est pas une base de données SQLite).</translation>
        </message>
        <message>
            <source>Choose the right file, or start a new store elsewhere.</source>
            <translation>Choisissez le bon fichier, ou créez une nouvelle base ailleurs.</translation>
        </message>
        <message>
            <source>The store %1 is damaged.</source>
            <translation>La base %1 est endommagée.</translation>
        </message>
        <message>
            <source>It was left untouched. You can open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>Elle n'a pas été modifiée. Vous pouvez ouvrir une copie en lecture seule pour sauver ce qui est lisible, ou créer une nouvelle base ailleurs.</translation>
        </message>
        <message>
            <source>The store %1 could not be read.</source>
            <translation>La base %1 n'a pas pu être lue.</translation>
        </message>
        <message>
            <source>Check that the file is readable.</source>
            <translation>Vérifiez que le fichier est accessible en lecture.</translation>
        </message>
        <message>
            <source>The PostgreSQL driver for Qt is not installed.</source>
            <translation>Le pilote PostgreSQL pour Qt n'est pas installé.</translation>
        </message>
        <message>
            <source>Install the Qt PostgreSQL driver (Debian: libqt6sql6-psql).</source>
            <translation>Installez le pilote PostgreSQL de Qt (Debian : libqt6sql6-psql).</translation>
        </message>
        <message>
            <source>The store could not start a transaction.</source>
            <translation>La base n'a pas pu démarrer de transaction.</translation>
        </message>
        <message>
            <source>The store could not save the change.</source>
            <translation>La base n'a pas pu enregistrer la modification.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>La connexion à la base d’équipe a été perdue.</translation>
        </message>
        <message>
            <source>Care Console keeps your work and reconnects by itself.</source>
            <translation>Care Console conserve votre travail et se reconnecte toute seule.</translation>
        </message>
        <message>
            <source>Open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>Ouvrez une copie en lecture seule pour sauver ce qui est lisible, ou créez une nouvelle base ailleurs.</translation>
        </message>
        <message>
            <source>The store could not complete an operation.</source>
            <translation>La base n'a pas pu terminer une opération.</translation>
        </message>
        <message>
            <source>The store could not be opened again.</source>
            <translation>La base n'a pas pu être rouverte.</translation>
        </message>
        <message>
            <source>Row %1 in %2 points at a missing %3.</source>
            <translation>La ligne %1 de %2 pointe vers un %3 manquant.</translation>
        </message>
        <message>
            <source>The search index does not match the messages: %1</source>
            <translation>L'index de recherche ne correspond pas aux messages : %1</translation>
        </message>
        <message>
            <source>%1 messages belong to no conversation.</source>
            <translation>%1 messages n'appartiennent à aucune conversation.</translation>
        </message>
        <message>
            <source>The bundled off-hours acknowledgement is missing.</source>
            <translation>L'accusé de réception fourni pour les heures de fermeture est absent.</translation>
        </message>
        <message>
            <source>The team database does not allow your login (%1) to do this.</source>
            <translation>La base d’équipe n’autorise pas votre identifiant (%1) à faire cela.</translation>
        </message>
        <message>
            <source>Leads change policies and service levels, administrators accounts and people; ask one of them if this needs doing.</source>
            <translation>Les responsables modifient les règles et les niveaux de service, les administrateurs les comptes et les personnes ; demandez-le à l’un d’eux si nécessaire.</translation>
        </message>
        <message>
            <source>The team database uses an older layout (version %1) than this Care Console (version %2), and your login (%3) may not upgrade it.</source>
            <translation>La base d’équipe utilise une structure plus ancienne (version %1) que cette Care Console (version %2), et votre identifiant (%3) ne peut pas la mettre à jour.</translation>
        </message>
        <message>
            <source>Ask the database's owner to run: careconsole --database postgresql://OWNER@HOST/DB team setup</source>
            <translation>Demandez au propriétaire de la base d’exécuter : careconsole --database postgresql://PROPRIÉTAIRE@HÔTE/BASE team setup</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DatabaseLocation</name>
        <message>
            <source>No database was given.</source>
            <translation>Aucune base de données n'a été indiquée.</translation>
        </message>
        <message>
            <source>Give a PostgreSQL URL such as postgresql://agent@db.example/care, or a file path.</source>
            <translation>Indiquez une URL PostgreSQL comme postgresql://agent@db.example/care, ou un chemin de fichier.</translation>
        </message>
        <message>
            <source>The SQLite URL names no file.</source>
            <translation>L'URL SQLite n'indique aucun fichier.</translation>
        </message>
        <message>
            <source>Write it as sqlite:///full/path/to/store.sqlite.</source>
            <translation>Écrivez-la sous la forme sqlite:///chemin/complet/vers/base.sqlite.</translation>
        </message>
        <message>
            <source>“%1” is not a database URL Care Console understands.</source>
            <translation>« %1 » n'est pas une URL de base de données que Care Console comprend.</translation>
        </message>
        <message>
            <source>Use postgresql://user@host:port/database for a team database, or the path of an SQLite file.</source>
            <translation>Utilisez postgresql://utilisateur@hôte:port/base pour une base de données d'équipe, ou le chemin d'un fichier SQLite.</translation>
        </message>
        <message>
            <source>The database URL is not valid: %1</source>
            <translation>L'URL de la base de données n'est pas valide : %1</translation>
        </message>
        <message>
            <source>Write it as postgresql://user:password@host:port/database.</source>
            <translation>Écrivez-la sous la forme postgresql://utilisateur:motdepasse@hôte:port/base.</translation>
        </message>
        <message>
            <source>The database URL names no database.</source>
            <translation>L'URL de la base de données n'indique aucune base.</translation>
        </message>
        <message>
            <source>Add the database name after the host, e.g. postgresql://%1/care.</source>
            <translation>Ajoutez le nom de la base après l'hôte, p. ex. postgresql://%1/care.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DemoWorkspace</name>
        <message>
            <source>The demo workspace is not valid: %1</source>
            <translation>L'espace de démonstration n'est pas valide : %1</translation>
        </message>
        <message>
            <source>the bundled file is missing</source>
            <translation>le fichier fourni est absent</translation>
        </message>
        <message>
            <source>an agent has no id</source>
            <translation>un agent n'a pas d'identifiant</translation>
        </message>
        <message>
            <source>unknown platform “%1”</source>
            <translation>plateforme inconnue « %1 »</translation>
        </message>
        <message>
            <source>unknown identity platform</source>
            <translation>plateforme d'identité inconnue</translation>
        </message>
        <message>
            <source>customer “%1” has no identity</source>
            <translation>le client « %1 » n'a pas d'identité</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown account</source>
            <translation>la conversation %1 désigne un compte inconnu</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown customer</source>
            <translation>la conversation %1 désigne un client inconnu</translation>
        </message>
        <message>
            <source>conversation %1 has no messages</source>
            <translation>la conversation %1 n'a aucun message</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::EmailAnswerTarget</name>
        <message>
            <source>About your article found on %1</source>
            <translation>À propos de votre article trouvé sur %1</translation>
        </message>
        <message>
            <source>Your message to %1 on %2</source>
            <translation>Votre message à %1 sur %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MessageRepository</name>
        <message>
            <source>A message without an id, thread or time cannot be stored.</source>
            <translation>Un message sans identifiant, fil ou heure ne peut pas être enregistré.</translation>
        </message>
        <message>
            <source>The account %1 does not exist.</source>
            <translation>Le compte %1 n'existe pas.</translation>
        </message>
        <message>
            <source>A new conversation needs the customer's platform identity.</source>
            <translation>Une nouvelle conversation nécessite l'identité du client sur la plateforme.</translation>
        </message>
        <message>
            <source>Suggested acknowledgement (the customer wrote outside staffed hours):
%1</source>
            <translation>Accusé de réception suggéré (le client a écrit en dehors des heures de service) :
%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCache</name>
        <message>
            <source>The kept figures are newer than the instant asked for.</source>
            <translation>Les chiffres conservés sont plus récents que l'instant demandé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCsv</name>
        <message>
            <source>The report could not be written.</source>
            <translation>Le rapport n'a pas pu être écrit.</translation>
        </message>
        <message>
            <source>The file is not open for writing.</source>
            <translation>Le fichier n'est pas ouvert en écriture.</translation>
        </message>
        <message>
            <source>Check that there is space left and that you may write there.</source>
            <translation>Vérifiez qu'il reste de la place et que vous pouvez y écrire.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsQuery</name>
        <message>
            <source>A report needs the instant it is made (now).</source>
            <translation>Un rapport nécessite l'instant où il est établi (maintenant).</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::OutboxRepository</name>
        <message>
            <source>That reply is no longer in the outbox.</source>
            <translation>Cette réponse n'est plus dans la boîte d'envoi.</translation>
        </message>
        <message>
            <source>That message was never queued for delivery.</source>
            <translation>Ce message n'a jamais été mis en file pour l'envoi.</translation>
        </message>
        <message>
            <source>Sending was interrupted; checking whether it went out.</source>
            <translation>L'envoi a été interrompu ; vérification en cours pour savoir s'il est parti.</translation>
        </message>
        <message>
            <source>Cancelled by the agent.</source>
            <translation>Annulée par l'agent.</translation>
        </message>
        <message>
            <source>This reply has changed state meanwhile (it may have been sent or cancelled).</source>
            <translation>Cette réponse a changé d'état entre-temps (elle a peut-être été envoyée ou annulée).</translation>
        </message>
        <message>
            <source>The transcript shows where it is now.</source>
            <translation>La transcription montre où elle en est.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ScheduledPostRepository</name>
        <message>
            <source>A scheduled post needs an account, a text and a time.</source>
            <translation>Une publication planifiée nécessite un compte, un texte et une heure.</translation>
        </message>
        <message>
            <source>A scheduled post needs a text and a time.</source>
            <translation>Une publication planifiée nécessite un texte et une heure.</translation>
        </message>
        <message>
            <source>Not posted: its time had passed before it could go out (no sync then).</source>
            <translation>Non publiée : son heure était passée avant qu'elle puisse partir (aucune synchronisation à ce moment-là).</translation>
        </message>
        <message>
            <source>That post is no longer scheduled: it was posted, cancelled or expired.</source>
            <translation>Cette publication n'est plus planifiée : elle a été publiée, annulée ou a expiré.</translation>
        </message>
        <message>
            <source>Posting was interrupted; trying again with the same key.</source>
            <translation>La publication a été interrompue ; nouvelle tentative avec la même clé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::SchemaMigrator</name>
        <message>
            <source>%1 holds other data and is not a Care Console store. Nothing was changed.</source>
            <translation>%1 contient d'autres données et n'est pas une base Care Console. Rien n'a été modifié.</translation>
        </message>
        <message>
            <source>Choose an empty database or an existing Care Console store.</source>
            <translation>Choisissez une base de données vide ou une base Care Console existante.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Store</name>
        <message>
            <source>No store is open.</source>
            <translation>Aucune base n'est ouverte.</translation>
        </message>
        <message>
            <source>Connected to the team database again.</source>
            <translation>De nouveau connecté à la base de données d'équipe.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::StoreCopier</name>
        <message>
            <source>The table %1 is missing from one of the stores.</source>
            <translation>La table %1 manque dans l’une des bases.</translation>
        </message>
        <message>
            <source>Open both stores with this version of Care Console once, so both are up to date.</source>
            <translation>Ouvrez une fois les deux bases avec cette version de Care Console pour les mettre à jour.</translation>
        </message>
        <message>
            <source>The copy is incomplete: %1 has %2 rows in the workspace but %3 in the team database.</source>
            <translation>La copie est incomplète : %1 a %2 lignes dans l’espace de travail mais %3 dans la base d’équipe.</translation>
        </message>
        <message>
            <source>Run the same command again; it continues where it stopped.</source>
            <translation>Relancez la même commande ; elle reprend là où elle s’est arrêtée.</translation>
        </message>
        <message>
            <source>Rows of %1 are missing from the team database after the copy.</source>
            <translation>Après la copie, des lignes de %1 manquent dans la base d’équipe.</translation>
        </message>
        <message>
            <source>Message %1 differs between the workspace and the team database.</source>
            <translation>Le message %1 diffère entre l’espace de travail et la base d’équipe.</translation>
        </message>
        <message>
            <source>The team database already held other data with the same ids. Copy into an empty team database.</source>
            <translation>La base d’équipe contenait déjà d’autres données avec les mêmes identifiants. Copiez dans une base d’équipe vide.</translation>
        </message>
        <message>
            <source>The workspace to copy from must be an SQLite store file.</source>
            <translation>L’espace de travail à copier doit être un fichier de base SQLite.</translation>
        </message>
        <message>
            <source>Give the path of the single-user store, e.g. ~/.local/share/CareConsole/care.sqlite.</source>
            <translation>Indiquez le chemin de la base individuelle, p. ex. ~/.local/share/CareConsole/care.sqlite.</translation>
        </message>
        <message>
            <source>The workspace is at schema version %1 and the team database at %2.</source>
            <translation>L’espace de travail est à la version de schéma %1 et la base d’équipe à la %2.</translation>
        </message>
        <message>
            <source>Open both with this version of Care Console once, so both are up to date.</source>
            <translation>Ouvrez les deux une fois avec cette version de Care Console pour les mettre à jour.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TeamRoles</name>
        <message>
            <source>Team roles need a team database (PostgreSQL).</source>
            <translation>Les rôles d’équipe nécessitent une base d’équipe (PostgreSQL).</translation>
        </message>
        <message>
            <source>Use --database postgresql://owner@host/care with the database owner's login.</source>
            <translation>Utilisez --database postgresql://proprietaire@hote/care avec l’identifiant du propriétaire de la base.</translation>
        </message>
        <message>
            <source>"%1" cannot be a login name.</source>
            <translation>« %1 » ne peut pas être un identifiant.</translation>
        </message>
        <message>
            <source>Use lower-case letters, digits and underscores, starting with a letter (for example ann_lee), and not starting with care_.</source>
            <translation>Utilisez des minuscules, des chiffres et des tirets bas, en commençant par une lettre (par exemple ann_lee) et pas par care_.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TranscriptMail</name>
        <message>
            <source>Transcript of conversation %1 with %2, sent by %3 on %4.</source>
            <translation>Transcription de la conversation %1 avec %2, envoyée par %3 le %4.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels follows, oldest first; please do not ask them to repeat it.</source>
            <translation>Voici tout l'historique du client sur tous les canaux, du plus ancien au plus récent ; merci de ne pas lui demander de le répéter.</translation>
        </message>
        <message>
            <source>Customer: %1</source>
            <translation>Client : %1</translation>
        </message>
        <message>
            <source>Prefers to be contacted by: %1 %2</source>
            <translation>Préfère être contacté par : %1 %2</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Étiquettes : %1</translation>
        </message>
        <message>
            <source>Only the newest %1 messages are included.</source>
            <translation>Seuls les %1 messages les plus récents sont inclus.</translation>
        </message>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Accusé de réception automatique</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (équipe)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Note interne de %1</translation>
        </message>
        <message>
            <source>internal</source>
            <translation>interne</translation>
        </message>
        <message>
            <source>public</source>
            <translation>publique</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privée</translation>
        </message>
        <message>
            <source> · conversation %1</source>
            <translation> · conversation %1</translation>
        </message>
        <message>
            <source>(deleted by the author)</source>
            <translation>(supprimé par l'auteur)</translation>
        </message>
        <message>
            <source>Conversation %1 with %2: %3, %4.</source>
            <translation>Conversation %1 avec %2 : %3, %4.</translation>
        </message>
        <message>
            <source>unassigned</source>
            <translation>non attribuée</translation>
        </message>
        <message>
            <source>assigned to %1</source>
            <translation>attribuée à %1</translation>
        </message>
        <message>
            <source>(hidden from public view on %1, not from the console)</source>
            <translation>(masqué au public sur %1, pas depuis la console)</translation>
        </message>
        <message>
            <source>(hidden from public view by %1: %2)</source>
            <translation>(masqué au public par %1 : %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspacePackTransfer</name>
        <message>
            <source>title “%1” → “%2”</source>
            <translation>titre « %1 » → « %2 »</translation>
        </message>
        <message>
            <source>tags %1 → %2</source>
            <translation>étiquettes %1 → %2</translation>
        </message>
        <message>
            <source>values</source>
            <translation>valeurs</translation>
        </message>
        <message numerus="yes">
            <source>text (%n lines)</source>
            <translation>
                <numerusform>texte (%n ligne)</numerusform>
                <numerusform>texte (%n lignes)</numerusform>
            </translation>
        </message>
        <message>
            <source>text</source>
            <translation>texte</translation>
        </message>
        <message>
            <source>add</source>
            <translation>ajouter</translation>
        </message>
        <message>
            <source>update</source>
            <translation>mettre à jour</translation>
        </message>
        <message>
            <source>replace</source>
            <translation>remplacer</translation>
        </message>
        <message>
            <source>keep (not in the pack)</source>
            <translation>conserver (absent du paquet)</translation>
        </message>
        <message numerus="yes">
            <source>%n entries of the pack are already the same here.</source>
            <translation>
                <numerusform>%n entrée du paquet est déjà identique ici.</numerusform>
                <numerusform>%n entrées du paquet sont déjà identiques ici.</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing would change.</source>
            <translation>Rien ne changerait.</translation>
        </message>
        <message>
            <source>SLA policies</source>
            <translation>Politiques SLA</translation>
        </message>
        <message>
            <source>%1 → %2 policies</source>
            <translation>%1 → %2 politiques</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>calendrier de l'équipe</translation>
        </message>
        <message>
            <source>triage rules</source>
            <translation>règles de tri</translation>
        </message>
        <message numerus="yes">
            <source>%n languages</source>
            <translation>
                <numerusform>%n langue</numerusform>
                <numerusform>%n langues</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspaceSettings</name>
        <message>
            <source>The bundled file %1 is missing.</source>
            <translation>Le fichier fourni %1 est absent.</translation>
        </message>
        <message>
            <source>There are no triage rules.</source>
            <translation>Il n'y a pas de règles de tri.</translation>
        </message>
        <message>
            <source>rule set %1</source>
            <translation>jeu de règles %1</translation>
        </message>
        <message>
            <source>The acknowledgement mode must be send, propose or off.</source>
            <translation>Le mode d'accusé de réception doit être send, propose ou off.</translation>
        </message>
        <message>
            <source>The file %1 your administrator set (%2) cannot be read.</source>
            <translation>Le fichier %1 défini par votre administrateur (%2) ne peut pas être lu.</translation>
        </message>
        <message>
            <source>Ask your administrator to check the system-wide settings.</source>
            <translation>Demandez à votre administrateur de vérifier les paramètres du système.</translation>
        </message>
        <message>
            <source>The %1 is set by your administrator and cannot be changed here.</source>
            <translation>Le %1 est défini par votre administrateur et ne peut pas être modifié ici.</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>calendrier de l'équipe</translation>
        </message>
        <message>
            <source>set of SLA policies</source>
            <translation>jeu de politiques SLA</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyAccountSetup</name>
        <message>
            <source>Give the account's handle, e.g. acme.bsky.social.</source>
            <translation>Indiquez l'identifiant du compte, p. ex. acme.bsky.social.</translation>
        </message>
        <message>
            <source>The app password is empty.</source>
            <translation>Le mot de passe d'application est vide.</translation>
        </message>
        <message>
            <source>Create one in Bluesky: Settings → Privacy and security → App passwords.</source>
            <translation>Créez-en un dans Bluesky : Paramètres → Confidentialité et sécurité → Mots de passe d'application.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatClient</name>
        <message>
            <source>Bluesky chat</source>
            <translation>Chat Bluesky</translation>
        </message>
        <message>
            <source>This app password does not allow direct messages on Bluesky.</source>
            <translation>Ce mot de passe d'application ne permet pas les messages privés sur Bluesky.</translation>
        </message>
        <message>
            <source>In Bluesky, open Settings → Privacy and security → App passwords, create one with “Allow access to your direct messages” ticked, and connect the account again with it.</source>
            <translation>Dans Bluesky, ouvrez Paramètres → Confidentialité et sécurité → Mots de passe d'application, créez-en un en cochant « Autoriser l'accès à vos messages privés », puis reconnectez le compte avec celui-ci.</translation>
        </message>
        <message>
            <source>Bluesky chat sent a conversation without the customer in it.</source>
            <translation>Le chat Bluesky a envoyé une conversation sans le client.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>Shared post: %1</source>
            <translation>Publication partagée : %1</translation>
        </message>
        <message>
            <source>There is no Bluesky customer to write to privately.</source>
            <translation>Il n'y a aucun client Bluesky à qui écrire en privé.</translation>
        </message>
        <message>
            <source>Bluesky does not know the customer %1 (any more).</source>
            <translation>Bluesky ne connaît pas (ou plus) le client %1.</translation>
        </message>
        <message>
            <source>The account may have been deleted or suspended.</source>
            <translation>Le compte a peut-être été supprimé ou suspendu.</translation>
        </message>
        <message>
            <source>%1 and the brand block each other on Bluesky: a private message cannot reach them.</source>
            <translation>%1 et la marque se bloquent mutuellement sur Bluesky : un message privé ne peut pas lui parvenir.</translation>
        </message>
        <message>
            <source>%1 does not accept direct messages on Bluesky.</source>
            <translation>%1 n'accepte pas les messages privés sur Bluesky.</translation>
        </message>
        <message>
            <source>Reply publicly instead; they can write to the brand privately if they prefer.</source>
            <translation>Répondez plutôt en public ; le client peut écrire à la marque en privé s'il le préfère.</translation>
        </message>
        <message>
            <source>This customer only accepts messages from accounts they follow, and %1 does not follow the brand.</source>
            <translation>Ce client n'accepte que les messages des comptes qu'il suit, et %1 ne suit pas la marque.</translation>
        </message>
        <message>
            <source>Reply publicly, or ask them to follow the brand's account or to message it first.</source>
            <translation>Répondez en public, ou demandez-lui de suivre le compte de la marque ou de lui écrire en premier.</translation>
        </message>
        <message>
            <source>Bluesky chat carries private messages only.</source>
            <translation>Le chat Bluesky ne transporte que des messages privés.</translation>
        </message>
        <message>
            <source>Too long for a Bluesky direct message (%1 of %2 graphemes, %3 of %4 bytes).</source>
            <translation>Trop long pour un message privé Bluesky (%1 graphèmes sur %2, %3 octets sur %4).</translation>
        </message>
        <message>
            <source>Shorten it, or split it into two messages.</source>
            <translation>Raccourcissez-le, ou répartissez-le sur deux messages.</translation>
        </message>
        <message>
            <source>Bluesky chat sent an answer that could not be read.</source>
            <translation>Le chat Bluesky a envoyé une réponse illisible.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatJson</name>
        <message>
            <source>Unexpected chat data: %1</source>
            <translation>Données de chat inattendues : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>The Bluesky account is not signed in.</source>
            <translation>Le compte Bluesky n'est pas connecté.</translation>
        </message>
        <message>
            <source>Connect it again with an app password.</source>
            <translation>Reconnectez-le avec un mot de passe d'application.</translation>
        </message>
        <message>
            <source>(quoting %1)</source>
            <translation>(citant %1)</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Cette publication a été supprimée.)</translation>
        </message>
        <message>
            <source>The post this replies to is no longer on Bluesky (deleted, or its author blocked the brand).</source>
            <translation>La publication à laquelle ceci répond n'est plus sur Bluesky (supprimée, ou son auteur a bloqué la marque).</translation>
        </message>
        <message>
            <source>Cancel the reply, or send it as a new conversation.</source>
            <translation>Annulez la réponse, ou envoyez-la comme nouvelle conversation.</translation>
        </message>
        <message>
            <source>Care Console cannot send Bluesky direct messages yet.</source>
            <translation>Care Console ne sait pas encore envoyer de messages privés Bluesky.</translation>
        </message>
        <message>
            <source>Answer publicly, or write to the customer from the Bluesky app.</source>
            <translation>Répondez en public, ou écrivez au client depuis l'application Bluesky.</translation>
        </message>
        <message>
            <source>Care Console cannot hide Bluesky replies.</source>
            <translation>Care Console ne peut pas masquer les réponses Bluesky.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>Le message n'est masqué que dans la console.</translation>
        </message>
        <message>
            <source>Another post already has this reply's record key.</source>
            <translation>Une autre publication a déjà la clé d'enregistrement de cette réponse.</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Les publications qui citent « %1 »</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Les messages privés</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskySession</name>
        <message>
            <source>The Bluesky account's sign-in is missing or damaged.</source>
            <translation>La connexion du compte Bluesky est absente ou endommagée.</translation>
        </message>
        <message>
            <source>Connect the account again with an app password.</source>
            <translation>Reconnectez le compte avec un mot de passe d'application.</translation>
        </message>
        <message>
            <source>Give the Bluesky server's address, e.g. https://bsky.social.</source>
            <translation>Indiquez l'adresse du serveur Bluesky, p. ex. https://bsky.social.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the app password would travel in the clear.</source>
            <translation>%1 n'est pas chiffré : le mot de passe d'application circulerait en clair.</translation>
        </message>
        <message>
            <source>Use the https:// address of the server.</source>
            <translation>Utilisez l'adresse https:// du serveur.</translation>
        </message>
        <message>
            <source>Bluesky no longer accepts the sign-in of %1 — reconnect the account.</source>
            <translation>Bluesky n'accepte plus la connexion de %1 – reconnectez le compte.</translation>
        </message>
        <message>
            <source>Create a new app password in Bluesky's settings (Privacy and security → App passwords) and connect the account again.</source>
            <translation>Créez un nouveau mot de passe d'application dans les paramètres de Bluesky (Confidentialité et sécurité → Mots de passe d'application) et reconnectez le compte.</translation>
        </message>
        <message>
            <source>%1 sent a sign-in answer that could not be read.</source>
            <translation>%1 a envoyé une réponse de connexion illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>This app password belongs to another Bluesky account (%1).</source>
            <translation>Ce mot de passe d'application appartient à un autre compte Bluesky (%1).</translation>
        </message>
        <message>
            <source>Connect the account again with its own app password.</source>
            <translation>Reconnectez le compte avec son propre mot de passe d'application.</translation>
        </message>
        <message>
            <source>Bluesky did not accept this handle and app password.</source>
            <translation>Bluesky n'a pas accepté cet identifiant et ce mot de passe d'application.</translation>
        </message>
        <message>
            <source>Check the handle, and use an app password (Settings → Privacy and security → App passwords), not the account password.</source>
            <translation>Vérifiez l'identifiant, et utilisez un mot de passe d'application (Paramètres → Confidentialité et sécurité → Mots de passe d'application), pas le mot de passe du compte.</translation>
        </message>
        <message>
            <source>The Bluesky session has no refresh token.</source>
            <translation>La session Bluesky n'a pas de jeton d'actualisation.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::CurlTransfer</name>
        <message>
            <source>The mail library could not start.</source>
            <translation>La bibliothèque de messagerie n'a pas pu démarrer.</translation>
        </message>
        <message>
            <source>An e-mail on %1 is too large to read.</source>
            <translation>Un e-mail sur %1 est trop volumineux pour être lu.</translation>
        </message>
        <message>
            <source>%1 refused the e-mail.</source>
            <translation>%1 a refusé l'e-mail.</translation>
        </message>
        <message>
            <source>The server said: %1</source>
            <translation>Le serveur a répondu : %1</translation>
        </message>
        <message>
            <source>%1 cannot take the e-mail right now.</source>
            <translation>%1 ne peut pas accepter l'e-mail pour le moment.</translation>
        </message>
        <message>
            <source>It is sent again automatically.</source>
            <translation>Il sera renvoyé automatiquement.</translation>
        </message>
        <message>
            <source>%1 refused the user name or password of %2.</source>
            <translation>%1 a refusé le nom d'utilisateur ou le mot de passe de %2.</translation>
        </message>
        <message>
            <source>Check them and connect the account again.</source>
            <translation>Vérifiez-les et reconnectez le compte.</translation>
        </message>
        <message>
            <source>%1 does not offer an encrypted connection.</source>
            <translation>%1 ne propose pas de connexion chiffrée.</translation>
        </message>
        <message>
            <source>Use the server's TLS address (imaps:// or smtps://); a server on this computer may be allowed plain text when the account is added.</source>
            <translation>Utilisez l'adresse TLS du serveur (imaps:// ou smtps://) ; un serveur sur cet ordinateur peut être autorisé en clair lors de l'ajout du compte.</translation>
        </message>
        <message>
            <source>The encrypted connection to %1 failed.</source>
            <translation>La connexion chiffrée à %1 a échoué.</translation>
        </message>
        <message>
            <source>Check the server's address and its certificate.</source>
            <translation>Vérifiez l'adresse du serveur et son certificat.</translation>
        </message>
        <message>
            <source>%1 is unreachable.</source>
            <translation>%1 est injoignable.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 n'a pas répondu à temps.</translation>
        </message>
        <message>
            <source>The mailbox or message is gone on %1.</source>
            <translation>La boîte aux lettres ou le message n'existe plus sur %1.</translation>
        </message>
        <message>
            <source>%1 refused access to the mailbox.</source>
            <translation>%1 a refusé l'accès à la boîte aux lettres.</translation>
        </message>
        <message>
            <source>Check the account's rights on the server.</source>
            <translation>Vérifiez les droits du compte sur le serveur.</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 a envoyé une réponse illisible.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAccountSetup</name>
        <message>
            <source>%1 is not a %2:// or %3:// address.</source>
            <translation>%1 n'est pas une adresse %2:// ou %3://.</translation>
        </message>
        <message>
            <source>For example %1://mail.example.com</source>
            <translation>Par exemple %1://mail.example.com</translation>
        </message>
        <message>
            <source>Plain text without TLS is allowed only for a server on this computer, not %1.</source>
            <translation>Le texte en clair sans TLS n'est autorisé que pour un serveur sur cet ordinateur, pas pour %1.</translation>
        </message>
        <message>
            <source>Give the mailbox's user name.</source>
            <translation>Indiquez le nom d'utilisateur de la boîte aux lettres.</translation>
        </message>
        <message>
            <source>The password is empty.</source>
            <translation>Le mot de passe est vide.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 n'est pas une adresse e-mail.</translation>
        </message>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>Le nom de boîte aux lettres « %1 » ne peut pas être utilisé.</translation>
        </message>
        <message>
            <source>The e-mail account %1 has no server addresses.</source>
            <translation>Le compte e-mail %1 n'a pas d'adresses de serveur.</translation>
        </message>
        <message>
            <source>Add it again with careconsole account add email.</source>
            <translation>Ajoutez-le à nouveau avec careconsole account add email.</translation>
        </message>
        <message>
            <source>Leave plain text off (--allow-plain): the password must not cross the network unencrypted.</source>
            <translation>Laissez le texte en clair désactivé (--allow-plain) : le mot de passe ne doit pas traverser le réseau en clair.</translation>
        </message>
        <message>
            <source>Give the mailbox's address (--address), e.g. support@example.com.</source>
            <translation>Indiquez l’adresse de la boîte (--address), p. ex. support@example.com.</translation>
        </message>
        <message>
            <source>Check the server's address and port, and that this computer can reach it. Nothing was added.</source>
            <translation>Vérifiez l’adresse et le port du serveur, et que cet ordinateur peut l’atteindre. Rien n’a été ajouté.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAttachments</name>
        <message>
            <source>There is no customer message %1.</source>
            <translation>Il n’y a pas de message client %1.</translation>
        </message>
        <message>
            <source>Message %1 is not an e-mail.</source>
            <translation>Le message %1 n’est pas un e-mail.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailConnector</name>
        <message numerus="yes">
            <source>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</source>
            <translation>
                <numerusform>(Cet e-mail dépasse %n Mo et n'a pas été téléchargé ; ouvrez-le dans la boîte aux lettres.)</numerusform>
                <numerusform>(Cet e-mail dépasse %n Mo et n'a pas été téléchargé ; ouvrez-le dans la boîte aux lettres.)</numerusform>
            </translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Transcription de la conversation %1</translation>
        </message>
        <message>
            <source>Your e-mail</source>
            <translation>Votre e-mail</translation>
        </message>
        <message>
            <source>An e-mail cannot be hidden; it stays in the mailbox.</source>
            <translation>Un e-mail ne peut pas être masqué ; il reste dans la boîte aux lettres.</translation>
        </message>
        <message>
            <source>The e-mail is no longer in the mailbox %1.</source>
            <translation>L'e-mail n'est plus dans la boîte aux lettres %1.</translation>
        </message>
        <message>
            <source>It may have been moved to another folder with a mail program.</source>
            <translation>Il a peut-être été déplacé dans un autre dossier avec un logiciel de messagerie.</translation>
        </message>
        <message>
            <source>Your message</source>
            <translation>Votre message</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailMapping</name>
        <message>
            <source>Subject: %1</source>
            <translation>Objet : %1</translation>
        </message>
        <message>
            <source>(no text)</source>
            <translation>(pas de texte)</translation>
        </message>
        <message>
            <source>(The e-mail is longer; the rest is in the mailbox.)</source>
            <translation>(L'e-mail est plus long ; la suite est dans la boîte aux lettres.)</translation>
        </message>
        <message>
            <source>(Sent as HTML and shown as text; nothing was loaded from the web.)</source>
            <translation>(Envoyé en HTML et affiché en texte ; rien n'a été chargé depuis le web.)</translation>
        </message>
        <message>
            <source>Attachments (not opened; they stay in the mailbox):</source>
            <translation>Pièces jointes (non ouvertes ; elles restent dans la boîte aux lettres) :</translation>
        </message>
        <message numerus="yes">
            <source>… and %n more</source>
            <translation>
                <numerusform>… et %n autre</numerusform>
                <numerusform>… et %n autres</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookAccountSetup</name>
        <message>
            <source>The Graph API address must start with https://.</source>
            <translation>L'adresse de la Graph API doit commencer par https://.</translation>
        </message>
        <message>
            <source>Give the Page's numeric id, e.g. 104233445566.</source>
            <translation>Indiquez l'identifiant numérique de la Page, p. ex. 104233445566.</translation>
        </message>
        <message>
            <source>It is under the Page's About → Page transparency, or in Meta Business Suite → Settings.</source>
            <translation>Il se trouve sur la Page sous À propos → Transparence de la Page, ou dans Meta Business Suite → Paramètres.</translation>
        </message>
        <message>
            <source>The Page access token is empty or not a token.</source>
            <translation>Le jeton d'accès de la Page est vide ou n'est pas un jeton.</translation>
        </message>
        <message>
            <source>Paste the whole token, made for the Page (not a user token).</source>
            <translation>Collez le jeton en entier, créé pour la Page (pas un jeton d'utilisateur).</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Facebook says this access token is not valid.</source>
            <translation>Facebook indique que ce jeton d'accès n'est pas valide.</translation>
        </message>
        <message>
            <source>Make a new Page access token and paste it.</source>
            <translation>Créez un nouveau jeton d'accès de Page et collez-le.</translation>
        </message>
        <message>
            <source>This is a user access token, not a Page access token.</source>
            <translation>Il s'agit d'un jeton d'accès d'utilisateur, pas d'un jeton d'accès de Page.</translation>
        </message>
        <message>
            <source>Make a token for the Page itself (for example for a system user in Meta Business Suite), so replies are written as the Page.</source>
            <translation>Créez un jeton pour la Page elle-même (par exemple pour un utilisateur système dans Meta Business Suite), afin que les réponses soient écrites au nom de la Page.</translation>
        </message>
        <message>
            <source>This token belongs to another Page (%1), not to %2.</source>
            <translation>Ce jeton appartient à une autre Page (%1), pas à %2.</translation>
        </message>
        <message>
            <source>Paste the token made for this Page, or give that Page's id.</source>
            <translation>Collez le jeton créé pour cette Page, ou indiquez l'identifiant de cette autre Page.</translation>
        </message>
        <message>
            <source>The Page access token lacks these permissions: %1.</source>
            <translation>Il manque au jeton d'accès de la Page ces autorisations : %1.</translation>
        </message>
        <message>
            <source>Make a new Page access token that includes them (the app must have them approved), then paste it again. To go without Messenger, untick it (or use --without-messenger).</source>
            <translation>Créez un nouveau jeton d'accès de Page qui les inclut (l'application doit les avoir fait approuver), puis collez-le à nouveau. Pour vous passer de Messenger, décochez-le (ou utilisez --without-messenger).</translation>
        </message>
        <message>
            <source>The token expires on %1; paste a new one before then.</source>
            <translation>Le jeton expire le %1 ; collez-en un nouveau avant cette date.</translation>
        </message>
        <message>
            <source>Facebook did not let Care Console check the token's permissions (%1); a missing permission will be named when it is first needed.</source>
            <translation>Facebook n'a pas laissé Care Console vérifier les autorisations du jeton (%1) ; une autorisation manquante sera nommée dès qu'elle sera nécessaire.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookConnector</name>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>Facebook user</source>
            <translation>Utilisateur Facebook</translation>
        </message>
        <message>
            <source>(a post that tags the Page: %1)</source>
            <translation>(une publication qui identifie la Page : %1)</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookGraphClient</name>
        <message>
            <source>read the Page's posts and comments</source>
            <translation>lire les publications et commentaires de la Page</translation>
        </message>
        <message>
            <source>read what people write on the Page: comments, visitor posts and tags</source>
            <translation>lire ce que les gens écrivent sur la Page : commentaires, publications de visiteurs et identifications</translation>
        </message>
        <message>
            <source>reply to comments and hide them</source>
            <translation>répondre aux commentaires et les masquer</translation>
        </message>
        <message>
            <source>read and answer Messenger conversations</source>
            <translation>lire les conversations Messenger et y répondre</translation>
        </message>
        <message>
            <source>find the Page among the token's Pages</source>
            <translation>trouver la Page parmi les Pages du jeton</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>Paste a new Page access token: Accounts → Connect Facebook Page…, or careconsole account add facebook --page-id ID --token-stdin.</source>
            <translation>Collez un nouveau jeton d'accès de Page : Comptes → Connecter une Page Facebook…, ou careconsole account add facebook --page-id ID --token-stdin.</translation>
        </message>
        <message>
            <source>The Facebook Page access token has expired.</source>
            <translation>Le jeton d'accès de la Page Facebook a expiré.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the password of the person who made it changed.</source>
            <translation>Le jeton d'accès de la Page Facebook ne fonctionne plus car le mot de passe de la personne qui l'a créé a changé.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the app was removed from the person's or the Page's settings.</source>
            <translation>Le jeton d'accès de la Page Facebook ne fonctionne plus car l'application a été retirée des paramètres de la personne ou de la Page.</translation>
        </message>
        <message>
            <source>Facebook asks the person who made the Page access token to log in to facebook.com and confirm their account first.</source>
            <translation>Facebook demande à la personne qui a créé le jeton d'accès de la Page de se connecter d'abord à facebook.com et de confirmer son compte.</translation>
        </message>
        <message>
            <source>The Facebook Page access token is no longer valid (revoked, or the person who made it is no longer an admin of the Page).</source>
            <translation>Le jeton d'accès de la Page Facebook n'est plus valide (révoqué, ou la personne qui l'a créé n'est plus administratrice de la Page).</translation>
        </message>
        <message>
            <source>Facebook is limiting requests for this Page for now — syncing resumes in %1.</source>
            <translation>Facebook limite pour l'instant les requêtes de cette Page — la synchronisation reprend dans %1.</translation>
        </message>
        <message>
            <source>Facebook refused the message: more than 24 hours have passed since the customer's last Messenger message.</source>
            <translation>Facebook a refusé le message : plus de 24 heures se sont écoulées depuis le dernier message Messenger du client.</translation>
        </message>
        <message>
            <source>Ask the customer to write to the Page again, or answer through another channel they prefer.</source>
            <translation>Demandez au client d'écrire à nouveau à la Page, ou répondez par un autre canal qu'il préfère.</translation>
        </message>
        <message>
            <source>Facebook refused this for lack of a permission.</source>
            <translation>Facebook a refusé cela faute d'une autorisation.</translation>
        </message>
        <message>
            <source>Check the Page access token's permissions, then paste a new token.</source>
            <translation>Vérifiez les autorisations du jeton d'accès de la Page, puis collez un nouveau jeton.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1.</source>
            <translation>Il manque au jeton d'accès de la Page l'autorisation %1.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1 (to %2).</source>
            <translation>Il manque au jeton d'accès de la Page l'autorisation %1 (pour %2).</translation>
        </message>
        <message>
            <source>Make a new token that includes it, then paste it: Accounts → Connect Facebook Page…</source>
            <translation>Créez un nouveau jeton qui l'inclut, puis collez-le : Comptes → Connecter une Page Facebook…</translation>
        </message>
        <message>
            <source>Facebook had a temporary problem.</source>
            <translation>Facebook a eu un problème passager.</translation>
        </message>
        <message>
            <source>This person isn't available on Messenger right now.</source>
            <translation>Cette personne n'est pas joignable sur Messenger pour le moment.</translation>
        </message>
        <message>
            <source>Answer through another channel they prefer.</source>
            <translation>Répondez par un autre canal qu'elle préfère.</translation>
        </message>
        <message>
            <source>Facebook refused the comment as a duplicate of one just posted.</source>
            <translation>Facebook a refusé le commentaire comme doublon d'un commentaire tout juste publié.</translation>
        </message>
        <message>
            <source>Change the wording, or cancel it if it is already there.</source>
            <translation>Changez la formulation, ou annulez-le s'il est déjà publié.</translation>
        </message>
        <message>
            <source>Facebook has temporarily blocked this Page from doing this (a policy restriction).</source>
            <translation>Facebook a temporairement interdit cette action à la Page (une restriction de ses règles).</translation>
        </message>
        <message>
            <source>Check the Page's quality and notifications in Meta Business Suite.</source>
            <translation>Vérifiez la qualité et les notifications de la Page dans Meta Business Suite.</translation>
        </message>
        <message>
            <source>That post, comment or message is no longer on Facebook, or the Page cannot see it.</source>
            <translation>Cette publication, ce commentaire ou ce message n'est plus sur Facebook, ou la Page ne peut pas le voir.</translation>
        </message>
        <message>
            <source>Facebook refused the request: %1</source>
            <translation>Facebook a refusé la requête : %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookOutbox</name>
        <message>
            <source>There is no Facebook comment or message to answer in this conversation.</source>
            <translation>Il n'y a dans cette conversation aucun commentaire ni message Facebook auquel répondre.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side.</source>
            <translation>Une conversation Messenger n'a pas de côté public.</translation>
        </message>
        <message>
            <source>Send the reply as a private message.</source>
            <translation>Envoyez la réponse en message privé.</translation>
        </message>
        <message>
            <source>Facebook no longer allows a private reply to this comment: the Page has already answered it privately once, or the comment is more than 7 days old.</source>
            <translation>Facebook n'autorise plus de réponse privée à ce commentaire : la Page y a déjà répondu en privé une fois, ou le commentaire date de plus de 7 jours.</translation>
        </message>
        <message>
            <source>Reply publicly and invite the customer to message the Page, or use another channel they prefer.</source>
            <translation>Répondez publiquement et invitez le client à écrire à la Page, ou utilisez un autre canal qu'il préfère.</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Facebook lets a Page answer on Messenger only within 24 hours of the customer's last message; this customer last wrote %1 ago.</source>
            <translation>Facebook ne permet à une Page de répondre sur Messenger que dans les 24 heures suivant le dernier message du client ; ce client a écrit pour la dernière fois il y a %1.</translation>
        </message>
        <message>
            <source>Even the human agent tag allows only 7 days. Reach the customer through another channel they prefer, or wait until they write again.</source>
            <translation>Même le tag d'agent humain n'autorise que 7 jours. Joignez le client par un autre canal qu'il préfère, ou attendez qu'il écrive à nouveau.</translation>
        </message>
        <message>
            <source>Reach the customer through another channel they prefer, or wait until they write again. Pages that Meta approved for the human agent tag can answer for 7 days: turn it on for the account.</source>
            <translation>Joignez le client par un autre canal qu'il préfère, ou attendez qu'il écrive à nouveau. Les Pages que Meta a approuvées pour le tag d'agent humain peuvent répondre pendant 7 jours : activez-le pour le compte.</translation>
        </message>
        <message>
            <source>Facebook did not hide the comment (it may not allow hiding this one).</source>
            <translation>Facebook n'a pas masqué le commentaire (il ne permet peut-être pas de masquer celui-ci).</translation>
        </message>
        <message>
            <source>Send it through an e-mail account.</source>
            <translation>Envoyez-la par un compte e-mail.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment.</source>
            <translation>Facebook ne permet pas à la Page de masquer ce commentaire.</translation>
        </message>
        <message>
            <source>It stays hidden in the console only; answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Il reste masqué dans la console seulement ; répondez-y, ou signalez-le sur Facebook s'il enfreint les règles.</translation>
        </message>
        <message>
            <source>A Facebook Page cannot send an e-mail.</source>
            <translation>Une Page Facebook ne peut pas envoyer d’e-mail.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page show this comment again.</source>
            <translation>Facebook ne permet pas à la Page d’afficher de nouveau ce commentaire.</translation>
        </message>
        <message>
            <source>It is shown in the console only; check it on Facebook.</source>
            <translation>Il n’est affiché que dans la console ; vérifiez-le sur Facebook.</translation>
        </message>
        <message>
            <source>Facebook did not show the comment again.</source>
            <translation>Facebook n’a pas affiché de nouveau le commentaire.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedAccountSetup</name>
        <message>
            <source>Give the feed's address.</source>
            <translation>Indiquez l’adresse du flux.</translation>
        </message>
        <message>
            <source>For example https://blog.example/feed or https://news.example/index.xml.</source>
            <translation>Par exemple https://blog.example/feed ou https://news.example/index.xml.</translation>
        </message>
        <message>
            <source>“%1” is not the address of a feed.</source>
            <translation>« %1 » n’est pas l’adresse d’un flux.</translation>
        </message>
        <message>
            <source>Give the whole address, for example https://blog.example/feed.</source>
            <translation>Indiquez l’adresse complète, par exemple https://blog.example/feed.</translation>
        </message>
        <message>
            <source>Feeds are read at most every %1 s, so the site is not asked too often.</source>
            <translation>Les flux sont lus au plus toutes les %1 s, pour ne pas solliciter le site trop souvent.</translation>
        </message>
        <message>
            <source>Leave the interval out for the default of 15 minutes.</source>
            <translation>Omettez l’intervalle pour la valeur par défaut de 15 minutes.</translation>
        </message>
        <message>
            <source>Nothing was added. Check the address in a browser, then try again.</source>
            <translation>Rien n’a été ajouté. Vérifiez l’adresse dans un navigateur, puis réessayez.</translation>
        </message>
        <message>
            <source>0 takes only articles published from now on; leave it out for the last %1 days.</source>
            <translation>0 ne reprend que les articles publiés à partir de maintenant ; sans valeur, ceux des %1 derniers jours.</translation>
        </message>
        <message>
            <source>Earlier articles can be taken from at most %1 days back, not %2.</source>
            <translation>Les articles antérieurs peuvent être repris jusqu’à %1 jours en arrière au plus, pas %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedConnector</name>
        <message>
            <source>%1 asked Care Console to wait — the feed is read again in %2.</source>
            <translation>%1 a demandé à Care Console d’attendre — le flux sera relu dans %2.</translation>
        </message>
        <message>
            <source>Open %1 in a browser to check it; Care Console tries again later.</source>
            <translation>Ouvrez %1 dans un navigateur pour le vérifier ; Care Console réessaiera plus tard.</translation>
        </message>
        <message>
            <source>%1 answered with a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>%1 a répondu par une page web, pas par un flux. Utilisez l’adresse du flux RSS ou Atom du site (elle se termine souvent par /feed, /rss ou /index.xml).</translation>
        </message>
        <message>
            <source>%1 answered with “%2”, not an RSS or Atom feed.</source>
            <translation>%1 a répondu avec « %2 », pas avec un flux RSS ou Atom.</translation>
        </message>
        <message>
            <source>The feed at %1 is larger than %2 MB; Care Console reads feeds up to that size.</source>
            <translation>Le flux de %1 dépasse %2 Mo ; Care Console lit les flux jusqu’à cette taille.</translation>
        </message>
        <message>
            <source>Use a smaller feed of the site (one section or category), if it has one.</source>
            <translation>Utilisez un flux plus petit du site (une rubrique ou une catégorie), s’il en a un.</translation>
        </message>
        <message>
            <source>There is no feed at %1 (HTTP %2).</source>
            <translation>Il n’y a pas de flux à %1 (HTTP %2).</translation>
        </message>
        <message>
            <source>Check the address; the site may have moved its feed. Remove the feed and add it with the new address.</source>
            <translation>Vérifiez l’adresse ; le site a peut-être déplacé son flux. Retirez le flux et ajoutez-le avec la nouvelle adresse.</translation>
        </message>
        <message>
            <source>The feed at %1 is not public (HTTP %2).</source>
            <translation>Le flux de %1 n’est pas public (HTTP %2).</translation>
        </message>
        <message>
            <source>Care Console reads public feeds only.</source>
            <translation>Care Console ne lit que les flux publics.</translation>
        </message>
        <message>
            <source>Replies to blog and news posts are not posted.</source>
            <translation>Les réponses aux articles de blogs et d’actualités ne sont pas publiées.</translation>
        </message>
        <message>
            <source>Contact the author through another channel, or add an internal note.</source>
            <translation>Contactez l’auteur par un autre canal ou ajoutez une note interne.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedXml</name>
        <message>
            <source>The feed declares its own XML entities, which Care Console refuses (a way to make a reader expand a small file into gigabytes).</source>
            <translation>Le flux déclare ses propres entités XML, ce que Care Console refuse (un moyen de faire gonfler un petit fichier en gigaoctets à la lecture).</translation>
        </message>
        <message>
            <source>The address gives a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>L’adresse donne une page web, pas un flux. Utilisez l’adresse du flux RSS ou Atom du site (elle se termine souvent par /feed, /rss ou /index.xml).</translation>
        </message>
        <message>
            <source>The address does not give an RSS or Atom feed.</source>
            <translation>L’adresse ne donne pas de flux RSS ou Atom.</translation>
        </message>
        <message>
            <source>The feed is empty.</source>
            <translation>Le flux est vide.</translation>
        </message>
        <message>
            <source>The feed nests its elements more than %1 deep, which no feed needs.</source>
            <translation>Le flux imbrique ses éléments sur plus de %1 niveaux, ce dont aucun flux n’a besoin.</translation>
        </message>
        <message>
            <source>An item in the feed is larger than %1 MB; Care Console reads items up to that size.</source>
            <translation>Un article du flux dépasse %1 Mo ; Care Console lit les articles jusqu’à cette taille.</translation>
        </message>
        <message>
            <source>The feed has more than %1 items; Care Console reads feeds up to that many.</source>
            <translation>Le flux contient plus de %1 articles ; Care Console lit les flux jusqu’à ce nombre.</translation>
        </message>
        <message>
            <source>The feed ends in the middle of the document (it may have been cut off).</source>
            <translation>Le flux s’arrête au milieu du document (il a peut-être été tronqué).</translation>
        </message>
        <message>
            <source>The feed is not well-formed XML (line %1).</source>
            <translation>Le flux n’est pas du XML bien formé (ligne %1).</translation>
        </message>
        <message>
            <source>The feed is larger than %1 MB; Care Console reads feeds up to that size.</source>
            <translation>Le flux dépasse %1 Mo ; Care Console lit les flux jusqu’à cette taille.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FileSecretStore</name>
        <message>
            <source>The secrets file %1 can be read by other users, so it was not used.</source>
            <translation>Le fichier de secrets %1 est lisible par d'autres utilisateurs ; il n'a donc pas été utilisé.</translation>
        </message>
        <message>
            <source>Make it private with: chmod 600 %1</source>
            <translation>Rendez-le privé avec : chmod 600 %1</translation>
        </message>
        <message>
            <source>The folder for the secrets file %1 does not exist.</source>
            <translation>Le dossier du fichier de secrets %1 n'existe pas.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be read: %2</source>
            <translation>Le fichier de secrets %1 ne peut pas être lu : %2</translation>
        </message>
        <message>
            <source>The secrets file %1 is damaged and was not changed.</source>
            <translation>Le fichier de secrets %1 est endommagé et n'a pas été modifié.</translation>
        </message>
        <message>
            <source>Restore it from a backup or remove it and connect the accounts again.</source>
            <translation>Restaurez-le depuis une sauvegarde, ou supprimez-le et reconnectez les comptes.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be written: %2</source>
            <translation>Le fichier de secrets %1 ne peut pas être écrit : %2</translation>
        </message>
        <message>
            <source>The secrets file holds no token for %1.</source>
            <translation>Le fichier de secrets ne contient aucun jeton pour %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Reconnectez le compte.</translation>
        </message>
        <message>
            <source>The secrets file %1 is busy (another Care Console is writing it).</source>
            <translation>Le fichier de secrets %1 est occupé (une autre Care Console est en train de l'écrire).</translation>
        </message>
        <message>
            <source>Try again in a moment.</source>
            <translation>Réessayez dans un instant.</translation>
        </message>
        <message>
            <source>the secrets file %1</source>
            <translation>le fichier de secrets %1</translation>
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
            <translation>La synchronisation avec %1 s'est arrêtée car Care Console se fermait.</translation>
        </message>
        <message>
            <source>It carries on at the next start; nothing is lost.</source>
            <translation>Elle reprend au prochain démarrage ; rien n'est perdu.</translation>
        </message>
        <message>
            <source>%1 redirected the request to another server; it was not followed, so the account's token stays with %1.</source>
            <translation>%1 a redirigé la requête vers un autre serveur ; la redirection n'a pas été suivie, le jeton du compte reste donc chez %1.</translation>
        </message>
        <message>
            <source>Check the account's server address.</source>
            <translation>Vérifiez l'adresse du serveur du compte.</translation>
        </message>
        <message>
            <source>a few minutes</source>
            <translation>quelques minutes</translation>
        </message>
        <message>
            <source>%1's request limit is used up for now — syncing resumes in %2.</source>
            <translation>La limite de requêtes de %1 est épuisée pour l'instant – la synchronisation reprend dans %2.</translation>
        </message>
        <message>
            <source>%1 did not allow this (HTTP 403): the account's token may lack a permission.</source>
            <translation>%1 ne l'a pas autorisé (HTTP 403) : il manque peut-être une autorisation au jeton du compte.</translation>
        </message>
        <message>
            <source>Connect the account again and allow read and write access.</source>
            <translation>Reconnectez le compte et autorisez l'accès en lecture et en écriture.</translation>
        </message>
        <message>
            <source>Token revoked or expired on %1 — reconnect the account.</source>
            <translation>Jeton révoqué ou expiré sur %1 – reconnectez le compte.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Reconnectez-le dans Fichier → Comptes, ou avec `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 rencontre des problèmes (HTTP %2).</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>%1 refused the request (HTTP %2).</source>
            <translation>%1 a refusé la requête (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused the request: %2</source>
            <translation>%1 a refusé la requête : %2</translation>
        </message>
        <message>
            <source>%1 could not be found — check the address or the network.</source>
            <translation>%1 est introuvable – vérifiez l'adresse ou le réseau.</translation>
        </message>
        <message>
            <source>%1 is unreachable (connection refused).</source>
            <translation>%1 est injoignable (connexion refusée).</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>La connexion sécurisée à %1 n'a pas pu être vérifiée ; rien n'a donc été envoyé.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before connecting again.</source>
            <translation>Le certificat du serveur n'est pas approuvé (ou quelque chose intercepte la connexion). Consultez le service informatique avant de vous reconnecter.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 n'a pas répondu à temps.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>La connexion à %1 a échoué.</translation>
        </message>
        <message>
            <source>%1 answered with something other than data (perhaps a maintenance page).</source>
            <translation>%1 a répondu autre chose que des données (peut-être une page de maintenance).</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 a envoyé une réponse illisible.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ImapClient</name>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>Le nom de boîte aux lettres « %1 » ne peut pas être utilisé.</translation>
        </message>
        <message>
            <source>Use a folder name in plain letters, such as INBOX.</source>
            <translation>Utilisez un nom de dossier en lettres simples, comme INBOX.</translation>
        </message>
        <message>
            <source>%1 did not say where the mailbox %2 stands.</source>
            <translation>%1 n'a pas indiqué l'état de la boîte aux lettres %2.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::KeychainSecretStore</name>
        <message>
            <source>No system keychain is available here.</source>
            <translation>Aucun trousseau système n'est disponible ici.</translation>
        </message>
        <message>
            <source>On a server without one, an administrator can choose a secrets file with --secrets-file PATH (readable only by its owner).</source>
            <translation>Sur un serveur qui n'en a pas, un administrateur peut choisir un fichier de secrets avec --secrets-file CHEMIN (lisible uniquement par son propriétaire).</translation>
        </message>
        <message>
            <source>The keychain refused access to the account's token.</source>
            <translation>Le trousseau a refusé l'accès au jeton du compte.</translation>
        </message>
        <message>
            <source>Unlock the keychain and try again.</source>
            <translation>Déverrouillez le trousseau et réessayez.</translation>
        </message>
        <message>
            <source>The system keychain could not be used.</source>
            <translation>Le trousseau système n'a pas pu être utilisé.</translation>
        </message>
        <message>
            <source>Check that the keychain is unlocked and running, then try again.</source>
            <translation>Vérifiez que le trousseau est déverrouillé et actif, puis réessayez.</translation>
        </message>
        <message>
            <source>The keychain holds no token for %1.</source>
            <translation>Le trousseau ne contient aucun jeton pour %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Reconnectez le compte.</translation>
        </message>
        <message>
            <source>the system keychain</source>
            <translation>le trousseau système</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonAccountSetup</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Indiquez l'adresse de l'instance, p. ex. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the token would travel in the clear.</source>
            <translation>%1 n'est pas chiffré : le jeton circulerait en clair.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Utilisez l'adresse https:// de l'instance.</translation>
        </message>
        <message>
            <source>The access token is empty.</source>
            <translation>Le jeton d'accès est vide.</translation>
        </message>
        <message>
            <source>Create one in the instance's settings: Preferences → Development → New application.</source>
            <translation>Créez-en un dans les paramètres de l'instance : Préférences → Développement → Nouvelle application.</translation>
        </message>
        <message>
            <source>%1 did not accept this access token.</source>
            <translation>%1 n'a pas accepté ce jeton d'accès.</translation>
        </message>
        <message>
            <source>Check that it was copied whole and that the application has the read and write scopes.</source>
            <translation>Vérifiez qu'il a été copié en entier et que l'application dispose des autorisations read et write.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>Content warning: %1

%2</source>
            <translation>Avertissement de contenu : %1

%2</translation>
        </message>
        <message>
            <source>Mastodon cannot hide a reply from public view.</source>
            <translation>Mastodon ne peut pas masquer une réponse au public.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only; report it on the instance if it breaks its rules.</source>
            <translation>Le message n'est masqué que dans la console ; signalez-le sur l'instance s'il enfreint ses règles.</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Les messages privés</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Les publications qui citent « %1 »</translation>
        </message>
        <message>
            <source>Posts tagged #%1</source>
            <translation>Les publications avec #%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonOAuth</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Indiquez l'adresse de l'instance, p. ex. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so signing in would travel in the clear.</source>
            <translation>%1 n'est pas chiffré : la connexion circulerait en clair.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Utilisez l'adresse https:// de l'instance.</translation>
        </message>
        <message>
            <source>Signing in to %1 was not finished within %2, so it was stopped.</source>
            <translation>La connexion à %1 ne s'est pas terminée dans les %2 ; elle a donc été interrompue.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Recommencez, et autorisez Care Console sur la page qui s'ouvre dans le navigateur.</translation>
        </message>
        <message>
            <source>Care Console has no way to open the sign-in page.</source>
            <translation>Care Console n'a aucun moyen d'ouvrir la page de connexion.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console ne peut pas recevoir la réponse du navigateur : le port %1 de cet ordinateur est déjà utilisé.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another Care Console sign-in) and try again.</source>
            <translation>Fermez le programme qui l'utilise (peut-être une autre connexion Care Console) et réessayez.</translation>
        </message>
        <message>
            <source>Care Console received the instance's answer. You can close this page and return to Care Console.</source>
            <translation>Care Console a reçu la réponse de l'instance. Vous pouvez fermer cette page et revenir à Care Console.</translation>
        </message>
        <message>
            <source>Check the instance's address and the network connection, then try again.</source>
            <translation>Vérifiez l'adresse de l'instance et la connexion réseau, puis réessayez.</translation>
        </message>
        <message>
            <source>%1 could not be found.</source>
            <translation>%1 est introuvable.</translation>
        </message>
        <message>
            <source>Care Console could not reach %1 (connection refused).</source>
            <translation>Care Console n'a pas pu joindre %1 (connexion refusée).</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 n'a pas répondu à temps.</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>La connexion sécurisée à %1 n'a pas pu être vérifiée ; rien n'a donc été envoyé.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before trying again.</source>
            <translation>Le certificat du serveur n'est pas approuvé (ou quelque chose intercepte la connexion). Consultez le service informatique avant de réessayer.</translation>
        </message>
        <message>
            <source>%1 redirected Care Console to another server; it was not followed.</source>
            <translation>%1 a redirigé Care Console vers un autre serveur ; la redirection n'a pas été suivie.</translation>
        </message>
        <message>
            <source>Check the instance's address.</source>
            <translation>Vérifiez l'adresse de l'instance.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>La connexion à %1 a échoué.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 rencontre des problèmes (HTTP %2).</translation>
        </message>
        <message>
            <source>Try again in a few minutes.</source>
            <translation>Réessayez dans quelques minutes.</translation>
        </message>
        <message>
            <source>%1 names sign-in addresses on another server, so Care Console stopped.</source>
            <translation>%1 indique des adresses de connexion sur un autre serveur ; Care Console s'est donc arrêté.</translation>
        </message>
        <message>
            <source>%1 asks Care Console to wait before trying again.</source>
            <translation>%1 demande à Care Console d'attendre avant de réessayer.</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console (HTTP %2).</source>
            <translation>%1 a refusé d'enregistrer Care Console (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console: %2</source>
            <translation>%1 a refusé d'enregistrer Care Console : %2</translation>
        </message>
        <message>
            <source>Check that the address is a Mastodon instance; if it is, its admins may have restricted new apps.</source>
            <translation>Vérifiez que l'adresse est une instance Mastodon ; si c'est le cas, ses administrateurs ont peut-être restreint les nouvelles applications.</translation>
        </message>
        <message>
            <source>%1 answered in a way Care Console cannot read. Is it a Mastodon instance?</source>
            <translation>%1 a répondu d'une façon que Care Console ne peut pas lire. Est-ce une instance Mastodon ?</translation>
        </message>
        <message>
            <source>%1 refused the sign-in: %2</source>
            <translation>%1 a refusé la connexion : %2</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Recommencez la connexion.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on %1.</source>
            <translation>Vous n'avez pas autorisé Care Console sur %1.</translation>
        </message>
        <message>
            <source>To connect the account, start again and choose Authorize on the instance's page.</source>
            <translation>Pour connecter le compte, recommencez et choisissez Autoriser sur la page de l'instance.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>La réponse revenue du navigateur n'appartient pas à cette connexion ; Care Console l'a donc refusée.</translation>
        </message>
        <message>
            <source>Start signing in again and finish it in the browser page Care Console opens.</source>
            <translation>Recommencez la connexion et terminez-la dans la page du navigateur que Care Console ouvre.</translation>
        </message>
        <message>
            <source>%1 sent the browser back without an authorization code.</source>
            <translation>%1 a renvoyé le navigateur sans code d'autorisation.</translation>
        </message>
        <message>
            <source>HTTP %1</source>
            <translation>HTTP %1</translation>
        </message>
        <message>
            <source>The instance no longer knows Care Console's registration. Forget the stored registration for this instance and sign in again.</source>
            <translation>L'instance ne connaît plus l'enregistrement de Care Console. Oubliez l'enregistrement conservé pour cette instance et reconnectez-vous.</translation>
        </message>
        <message>
            <source>%1 answered the sign-in in a way Care Console cannot read.</source>
            <translation>%1 a répondu à la connexion d'une façon que Care Console ne peut pas lire.</translation>
        </message>
        <message>
            <source>%1 did not send an access token.</source>
            <translation>%1 n'a pas envoyé de jeton d'accès.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonStream</name>
        <message>
            <source>The live connection to %1 could not be opened — retrying in %2.</source>
            <translation>La connexion en direct à %1 n'a pas pu être ouverte – nouvelle tentative dans %2.</translation>
        </message>
        <message>
            <source>%1 did not answer the live connection in time — retrying in %2.</source>
            <translation>%1 n'a pas répondu à temps à la connexion en direct – nouvelle tentative dans %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 dropped — reconnecting in %2.</source>
            <translation>La connexion en direct à %1 a été coupée – reconnexion dans %2.</translation>
        </message>
        <message>
            <source>%1 closed the live connection — reconnecting in %2.</source>
            <translation>%1 a fermé la connexion en direct – reconnexion dans %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 stopped answering — reconnecting in %2.</source>
            <translation>La connexion en direct à %1 ne répond plus – reconnexion dans %2.</translation>
        </message>
        <message>
            <source>Nothing is lost: messages that arrive meanwhile are fetched by the regular sync.</source>
            <translation>Rien n'est perdu : les messages qui arrivent entre-temps sont récupérés par la synchronisation normale.</translation>
        </message>
        <message>
            <source>%1 refused the live connection: the account's token is invalid or was revoked — reconnect the account.</source>
            <translation>%1 a refusé la connexion en direct : le jeton du compte n'est pas valide ou a été révoqué – reconnectez le compte.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Reconnectez-le dans Fichier → Comptes, ou avec `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 offers no live connection (HTTP %2) — new messages arrive with the regular sync instead.</source>
            <translation>%1 ne propose pas de connexion en direct (HTTP %2) – les nouveaux messages arrivent avec la synchronisation normale.</translation>
        </message>
        <message>
            <source>The live connection is tried again in %1.</source>
            <translation>La connexion en direct sera retentée dans %1.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeBuilder</name>
        <message>
            <source>The e-mail address %1 cannot be written to.</source>
            <translation>Impossible d'écrire à l'adresse e-mail %1.</translation>
        </message>
        <message>
            <source>Correct the address and send it again.</source>
            <translation>Corrigez l'adresse et renvoyez-le.</translation>
        </message>
        <message>
            <source>The e-mail could not be given a message id.</source>
            <translation>Impossible d'attribuer un identifiant de message à l'e-mail.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeParser</name>
        <message>
            <source>(parts nested too deeply to read)</source>
            <translation>(parties trop imbriquées pour être lues)</translation>
        </message>
        <message>
            <source>(forwarded message)</source>
            <translation>(message transféré)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(sans nom)</translation>
        </message>
        <message>
            <source>An e-mail could not be read.</source>
            <translation>Un e-mail n'a pas pu être lu.</translation>
        </message>
        <message>
            <source>It stays in the mailbox; open it with a mail program.</source>
            <translation>Il reste dans la boîte aux lettres ; ouvrez-le avec un logiciel de messagerie.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ScheduledPostDelivery</name>
        <message>
            <source>No answer came after posting; trying again with the same key.</source>
            <translation>Aucune réponse après la publication ; nouvelle tentative avec la même clé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SecretStore</name>
        <message>
            <source>No system keychain is available here, so account tokens cannot be kept safely.</source>
            <translation>Aucun trousseau système n'est disponible ici : les jetons des comptes ne peuvent pas être conservés en sécurité.</translation>
        </message>
        <message>
            <source>On a server without a keychain, an administrator can choose a secrets file with --secrets-file PATH; it must be readable only by its owner (chmod 600).</source>
            <translation>Sur un serveur sans trousseau, un administrateur peut choisir un fichier de secrets avec --secrets-file CHEMIN ; seul son propriétaire doit pouvoir le lire (chmod 600).</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SupplementaryStreams</name>
        <message>
            <source>%1 were not read: %2</source>
            <translation>%1 n’ont pas été lus : %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncEngine</name>
        <message>
            <source>1 new message</source>
            <translation>1 nouveau message</translation>
        </message>
        <message>
            <source>%1 new messages</source>
            <translation>%1 nouveaux messages</translation>
        </message>
        <message>
            <source>1 reply delivered</source>
            <translation>1 réponse remise</translation>
        </message>
        <message>
            <source>%1 replies delivered</source>
            <translation>%1 réponses remises</translation>
        </message>
        <message>
            <source>1 held for confirmation</source>
            <translation>1 en attente de confirmation</translation>
        </message>
        <message>
            <source>%1 held for confirmation</source>
            <translation>%1 en attente de confirmation</translation>
        </message>
        <message>
            <source>1 refused by the platform</source>
            <translation>1 refusée par la plateforme</translation>
        </message>
        <message>
            <source>%1 refused by the platform</source>
            <translation>%1 refusées par la plateforme</translation>
        </message>
        <message>
            <source>1 still in the outbox</source>
            <translation>1 encore dans la boîte d'envoi</translation>
        </message>
        <message>
            <source>%1 still in the outbox</source>
            <translation>%1 encore dans la boîte d'envoi</translation>
        </message>
        <message>
            <source>Care Console cannot sync %1 accounts yet.</source>
            <translation>Care Console ne sait pas encore synchroniser les comptes %1.</translation>
        </message>
        <message>
            <source>store</source>
            <translation>base</translation>
        </message>
        <message>
            <source>1 new message so far</source>
            <translation>1 nouveau message pour l'instant</translation>
        </message>
        <message>
            <source>%1 new messages so far</source>
            <translation>%1 nouveaux messages pour l'instant</translation>
        </message>
        <message>
            <source>Care Console could not confirm whether this reply went out. Check the account's posts on the platform, then retry or cancel it.</source>
            <translation>Care Console n'a pas pu confirmer si cette réponse est partie. Vérifiez les publications du compte sur la plateforme, puis réessayez ou annulez-la.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (1 newer message). Read it, then send the reply anyway or cancel it.</source>
            <translation>La conversation a avancé après la rédaction de cette réponse (1 message plus récent). Lisez-le, puis envoyez quand même la réponse ou annulez-la.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (%1 newer messages). Read them, then send the reply anyway or cancel it.</source>
            <translation>La conversation a avancé après la rédaction de cette réponse (%1 messages plus récents). Lisez-les, puis envoyez quand même la réponse ou annulez-la.</translation>
        </message>
        <message>
            <source>No answer came after sending; checking whether it went out.</source>
            <translation>Aucune réponse après l'envoi ; vérification en cours pour savoir si elle est partie.</translation>
        </message>
        <message>
            <source>%1 — retrying in %2</source>
            <translation>%1 – nouvelle tentative dans %2</translation>
        </message>
        <message>
            <source>Syncing less often (every %1): the platform reports that most of its request budget is used.</source>
            <translation>Synchronisation moins fréquente (toutes les %1) : la plateforme indique que l'essentiel de son quota de requêtes est utilisé.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncWorker</name>
        <message>
            <source>The store cannot be opened for syncing.</source>
            <translation>La base ne peut pas être ouverte pour la synchronisation.</translation>
        </message>
        <message>
            <source>Only an X account has an API budget.</source>
            <translation>Seul un compte X a un budget API.</translation>
        </message>
        <message>
            <source>The store cannot be opened.</source>
            <translation>La base de données ne peut pas être ouverte.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XAccountSetup</name>
        <message>
            <source>%1 is not an https:// address (http:// only on this computer, for tests).</source>
            <translation>%1 n’est pas une adresse https:// (http:// uniquement sur cet ordinateur, pour des tests).</translation>
        </message>
        <message>
            <source>The X sign-in did not say which account it is.</source>
            <translation>La connexion X n’a pas indiqué de quel compte il s’agit.</translation>
        </message>
        <message>
            <source>Account %1 is not a connected X account; only X accounts have poll intervals to set.</source>
            <translation>Le compte %1 n’est pas un compte X connecté ; seuls les comptes X ont des intervalles d’interrogation à définir.</translation>
        </message>
        <message>
            <source>Mentions every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Mentions toutes les %1 s : choisissez 0 (désactivé) ou de %2 à %3 secondes.</translation>
        </message>
        <message>
            <source>Keyword listening every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Écoute par mots-clés toutes les %1 s : choisissez 0 (désactivé) ou de %2 à %3 secondes.</translation>
        </message>
        <message>
            <source>Direct messages every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Messages directs toutes les %1 s : choisissez 0 (désactivé) ou de %2 à %3 secondes.</translation>
        </message>
        <message>
            <source>A poll interval cannot be negative.</source>
            <translation>Un intervalle d’interrogation ne peut pas être négatif.</translation>
        </message>
        <message>
            <source>X allows a user 300 mention and 300 search requests, and only 15 direct-message reads, every 15 minutes.</source>
            <translation>X autorise pour un utilisateur 300 requêtes de mentions et 300 de recherche, et seulement 15 lectures de messages directs, toutes les 15 minutes.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XConnector</name>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X a envoyé une réponse illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
        <message>
            <source>Keyword listening on X needs at least one brand term.</source>
            <translation>L’écoute par mots-clés sur X nécessite au moins un terme de marque.</translation>
        </message>
        <message>
            <source>Add the brand's and products' names with --keyword.</source>
            <translation>Ajoutez les noms de la marque et des produits avec --keyword.</translation>
        </message>
        <message>
            <source>The X search query is %1 characters long; X allows %2.</source>
            <translation>La requête de recherche X fait %1 caractères ; X en autorise %2.</translation>
        </message>
        <message>
            <source>Use fewer or shorter brand terms.</source>
            <translation>Utilisez des termes de marque moins nombreux ou plus courts.</translation>
        </message>
        <message>
            <source>The X account is not signed in.</source>
            <translation>Le compte X n’est pas connecté.</translation>
        </message>
        <message>
            <source>Connect it with `careconsole account add x`.</source>
            <translation>Connectez-le avec `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X account's id is not known.</source>
            <translation>L’identifiant du compte X n’est pas connu.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Reconnectez-le avec `careconsole account add x`.</translation>
        </message>
        <message>
            <source>(quoting post %1)</source>
            <translation>(cite la publication %1)</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>Le message n'est masqué que dans la console.</translation>
        </message>
        <message>
            <source>X refused this reply as a duplicate of a post already on the account, so it was not posted again.</source>
            <translation>X a refusé cette réponse comme doublon d’une publication déjà présente sur le compte ; elle n’a donc pas été republiée.</translation>
        </message>
        <message>
            <source>Check the account's recent posts; to say it again, change the wording.</source>
            <translation>Vérifiez les publications récentes du compte ; pour le redire, changez la formulation.</translation>
        </message>
        <message>
            <source>X did not let the brand write to %1 privately (they may not accept messages from accounts they do not follow).</source>
            <translation>X n’a pas laissé la marque écrire en privé à %1 (cette personne n’accepte peut-être pas les messages de comptes qu’elle ne suit pas).</translation>
        </message>
        <message>
            <source>Answer publicly and ask them to write to the brand first.</source>
            <translation>Répondez publiquement et demandez-lui d’écrire d’abord à la marque.</translation>
        </message>
        <message>
            <source>X cannot deliver this kind of message.</source>
            <translation>X ne peut pas remettre ce type de message.</translation>
        </message>
        <message>
            <source>Send it from an e-mail account.</source>
            <translation>Envoyez-le depuis un compte e-mail.</translation>
        </message>
        <message>
            <source>X lets the brand hide only replies in conversations the brand started.</source>
            <translation>X ne permet à la marque de masquer que les réponses dans les conversations qu’elle a lancées.</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Cette publication a été supprimée.)</translation>
        </message>
        <message>
            <source>X did not show the reply again.</source>
            <translation>X n’a pas affiché de nouveau la réponse.</translation>
        </message>
        <message>
            <source>It is shown in the console; check it on X.</source>
            <translation>Elle est affichée dans la console ; vérifiez-la sur X.</translation>
        </message>
        <message>
            <source>Posts found by listening</source>
            <translation>Les publications trouvées par l’écoute</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Les messages privés</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSession</name>
        <message>
            <source>The stored sign-in of this X account is incomplete.</source>
            <translation>La connexion enregistrée de ce compte X est incomplète.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x`.</source>
            <translation>Reconnectez le compte avec `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X sign-in of @%1 has run out and cannot be renewed.</source>
            <translation>La connexion X de @%1 a expiré et ne peut pas être renouvelée.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x` (it asks for offline access so that this does not happen every two hours).</source>
            <translation>Reconnectez le compte avec `careconsole account add x` (il demande l’accès hors ligne pour que cela n’arrive pas toutes les deux heures).</translation>
        </message>
        <message>
            <source>X no longer accepts the sign-in of @%1 — reconnect the account.</source>
            <translation>X n’accepte plus la connexion de @%1 — reconnectez le compte.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Reconnectez-le avec `careconsole account add x`.</translation>
        </message>
        <message>
            <source>X sent a sign-in answer that could not be read.</source>
            <translation>X a envoyé une réponse de connexion illisible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>Rien n'est perdu ; une nouvelle tentative a lieu automatiquement.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSignIn</name>
        <message>
            <source>Give the X app's OAuth 2.0 client id.</source>
            <translation>Indiquez l’identifiant client OAuth 2.0 de l’app X.</translation>
        </message>
        <message>
            <source>It is on the app's "Keys and tokens" page in the X developer console.</source>
            <translation>Il figure sur la page « Keys and tokens » de l’app dans la console développeur X.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console ne peut pas recevoir la réponse du navigateur : le port %1 de cet ordinateur est déjà utilisé.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another sign-in) and try again.</source>
            <translation>Fermez le programme qui l’utilise (peut-être une autre connexion) et réessayez.</translation>
        </message>
        <message>
            <source>Care Console received X's answer. You can close this page.</source>
            <translation>Care Console a reçu la réponse de X. Vous pouvez fermer cette page.</translation>
        </message>
        <message>
            <source>Signing in to X was not finished within %1, so it was stopped.</source>
            <translation>La connexion à X n’a pas été terminée en %1, elle a donc été arrêtée.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Recommencez, et autorisez Care Console sur la page qui s'ouvre dans le navigateur.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on X.</source>
            <translation>Vous n’avez pas autorisé Care Console sur X.</translation>
        </message>
        <message>
            <source>X refused the sign-in: %1</source>
            <translation>X a refusé la connexion : %1</translation>
        </message>
        <message>
            <source>Start again and choose Authorize app on X's page.</source>
            <translation>Recommencez et choisissez « Authorize app » sur la page de X.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>La réponse revenue du navigateur n'appartient pas à cette connexion ; Care Console l'a donc refusée.</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Recommencez la connexion.</translation>
        </message>
        <message>
            <source>Check that the client id is the app's OAuth 2.0 client id, that the app is a native app (public client), and that %1 is one of its callback URLs.</source>
            <translation>Vérifiez que l’identifiant client est celui OAuth 2.0 de l’app, que l’app est une app native (client public) et que %1 fait partie de ses URL de rappel.</translation>
        </message>
        <message>
            <source>X answered the sign-in in a way Care Console cannot read.</source>
            <translation>X a répondu à la connexion d’une manière que Care Console ne sait pas lire.</translation>
        </message>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X a envoyé une réponse illisible.</translation>
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
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Affichage</translation>
        </message>
        <message>
            <source>&amp;Conversation</source>
            <translation>&amp;Conversation</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Aide</translation>
        </message>
        <message>
            <source>Use a &amp;team database…</source>
            <translation>Utiliser une base de données d'&amp;équipe…</translation>
        </message>
        <message>
            <source>Open a fresh &amp;demo workspace</source>
            <translation>Ouvrir un nouvel espace de &amp;démonstration</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Paramètres…</translation>
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation>Ctrl+,</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>Ctrl+Q</source>
            <translation>Ctrl+Q</translation>
        </message>
        <message>
            <source>&amp;Search messages</source>
            <translation>&amp;Rechercher des messages</translation>
        </message>
        <message>
            <source>/</source>
            <translation>/</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>A&amp;ctualiser</translation>
        </message>
        <message>
            <source>F5</source>
            <translation>F5</translation>
        </message>
        <message>
            <source>&amp;About Care Console</source>
            <translation>À &amp;propos de Care Console</translation>
        </message>
    </context>
</TS>
