<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
    <context>
        <name>Care::App::AccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Give the instance's address with --instance, e.g. --instance https://social.example</source>
            <translation>Indica la dirección de la instancia con --instance, p. ej. --instance https://social.example</translation>
        </message>
        <message>
            <source>No token arrived on standard input.</source>
            <translation>No ha llegado ningún token por la entrada estándar.</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Abre esta dirección en un navegador de este equipo y autoriza a Care Console:</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Esperando hasta 5 minutos…</translation>
        </message>
        <message>
            <source>Added account %1: Mastodon %2 (token kept in %3).</source>
            <translation>Cuenta %1 añadida: Mastodon %2 (token guardado en %3).</translation>
        </message>
        <message>
            <source>never synced</source>
            <translation>nunca sincronizada</translation>
        </message>
        <message>
            <source>last sync %1</source>
            <translation>última sincronización %1</translation>
        </message>
        <message>
            <source>%1 undelivered</source>
            <translation>%1 sin entregar</translation>
        </message>
        <message>
            <source>No accounts are connected. Add one with: careconsole account add mastodon --instance URL --token-stdin</source>
            <translation>No hay ninguna cuenta conectada. Añade una con: careconsole account add mastodon --instance URL --token-stdin</translation>
        </message>
        <message>
            <source>Give the account's number, e.g. account remove 3.</source>
            <translation>Indica el número de la cuenta, p. ej. account remove 3.</translation>
        </message>
        <message>
            <source>Removed account %1 (%2). Its conversations stay in the store.</source>
            <translation>Cuenta %1 (%2) eliminada. Sus conversaciones se conservan en el almacén.</translation>
        </message>
        <message>
            <source>Say which platform, e.g. account add mastodon.</source>
            <translation>Indica la plataforma, p. ej. account add mastodon.</translation>
        </message>
        <message>
            <source>Care Console cannot connect %1 accounts yet.</source>
            <translation>Care Console aún no puede conectar cuentas de %1.</translation>
        </message>
        <message>
            <source>Use account add, account list, account cost, account set or account remove.</source>
            <translation>Use account add, account list, account cost, account set o account remove.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::AgentCommand</name>
        <message>
            <source>Usage: careconsole agent list
       careconsole agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin] [--team TEAM]
An empty --team "" takes the agent out of their team.</source>
            <translation>Uso: careconsole agent list
     careconsole agent set ID [--name NOMBRE] [--signature TEXTO] [--role agent|lead|admin] [--team EQUIPO]
Un --team "" vacío saca al agente de su equipo.</translation>
        </message>
        <message>
            <source>(no team)</source>
            <translation>(sin equipo)</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead or admin.</source>
            <translation>%1 no es un rol: elige agent, lead o admin.</translation>
        </message>
        <message>
            <source>An agent needs a name.</source>
            <translation>Un agente necesita un nombre.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in no team.</source>
            <translation>%1 (%2, %3), sin equipo.</translation>
        </message>
        <message>
            <source>%1 (%2, %3), in team %4.</source>
            <translation>%1 (%2, %3), en el equipo %4.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::BlueskyAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Give the account's handle with --handle, e.g. --handle acme.bsky.social</source>
            <translation>Indica el usuario de la cuenta con --handle, p. ej. --handle acme.bsky.social</translation>
        </message>
        <message>
            <source>Give an app password on standard input with --app-password-stdin (create one in Bluesky: Settings → Privacy and security → App passwords).</source>
            <translation>Indica una contraseña de aplicación por la entrada estándar con --app-password-stdin (crea una en Bluesky: Ajustes → Privacidad y seguridad → Contraseñas de aplicación).</translation>
        </message>
        <message>
            <source>No app password arrived on standard input.</source>
            <translation>No ha llegado ninguna contraseña de aplicación por la entrada estándar.</translation>
        </message>
        <message>
            <source>Added account %1: Bluesky %2 (session kept in %3).</source>
            <translation>Cuenta %1 añadida: Bluesky %2 (sesión guardada en %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::CommandLine</name>
        <message>
            <source>Open this store: a team database URL (postgresql://user@host:5432/care) or the path of an SQLite file.</source>
            <translation>Abrir este almacén: la URL de una base de datos de equipo (postgresql://user@host:5432/care) o la ruta de un archivo SQLite.</translation>
        </message>
        <message>
            <source>Open a fresh demo workspace. Your own data is not touched.</source>
            <translation>Abrir un espacio de demostración nuevo. Tus propios datos no se tocan.</translation>
        </message>
        <message>
            <source>Keep account tokens in this file instead of the system keychain (for machines without one); it must be readable only by its owner.</source>
            <translation>Guardar los tokens de las cuentas en este archivo en lugar del llavero del sistema (para equipos que no lo tienen); solo su propietario debe poder leerlo.</translation>
        </message>
        <message>
            <source>--demo and --database cannot be used together.</source>
            <translation>--demo y --database no se pueden usar juntos.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
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
            <translation>Care Console: responde a los clientes de todas las redes sociales desde una sola bandeja de entrada.

Sin opciones, la consola abre tu almacén integrado o, mientras no haya ninguna cuenta conectada, el espacio de demostración.

Comandos:
  triage   clasifica JSON Lines de la entrada estándar (consulta la documentación)
  account  añade, lista o elimina cuentas de plataformas (careconsole account --help)
  sync     sincroniza las cuentas y entrega la bandeja de salida una vez: sync --once [--account ID]
  send     pone en cola una respuesta: send --conversation ID (--public|--private) --text-stdin
  workspace  exporta o importa un paquete de espacio de trabajo: workspace export ARCHIVO, workspace import ARCHIVO [--dry-run]</translation>
        </message>
    </context>
    <context>
        <name>Care::App::ConversationCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>No e-mail account is connected; add one with careconsole account add email.</source>
            <translation>No hay ninguna cuenta de correo conectada; añada una con careconsole account add email.</translation>
        </message>
        <message>
            <source>Several e-mail accounts are connected; choose one with --account ID.</source>
            <translation>Hay varias cuentas de correo conectadas; elija una con --account ID.</translation>
        </message>
        <message>
            <source>send-transcript takes the conversation's number.</source>
            <translation>send-transcript espera el número de la conversación.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Say where the transcript goes with --to ADDRESS.</source>
            <translation>Indique con --to DIRECCIÓN adónde va la transcripción.</translation>
        </message>
        <message>
            <source>Queued the transcript of conversation %1 to %2; it goes out with the running console or the next sync.</source>
            <translation>La transcripción de la conversación %1 para %2 está en cola; saldrá con la consola en marcha o con la próxima sincronización.</translation>
        </message>
        <message>
            <source>%1 takes the conversation's number.</source>
            <translation>%1 necesita el número de la conversación.</translation>
        </message>
        <message>
            <source>--message takes the message's number.</source>
            <translation>--message necesita el número del mensaje.</translation>
        </message>
        <message>
            <source>Say why with --reason TEXT (for example: abusive language, or personal data posted in public); the audit log keeps it.</source>
            <translation>Indique el motivo con --reason TEXTO (por ejemplo: lenguaje ofensivo o datos personales publicados en público); el registro de auditoría lo conserva.</translation>
        </message>
        <message>
            <source>Hid message %1 of conversation %2; your name, the time and the reason are in the audit log. It is hidden on the platform with the running console or the next sync.</source>
            <translation>Mensaje %1 de la conversación %2 ocultado; su nombre, la hora y el motivo constan en el registro de auditoría. Se oculta en la plataforma con la consola en marcha o la próxima sincronización.</translation>
        </message>
        <message>
            <source>Message %1 of conversation %2 is shown again, and on the platform with the running console or the next sync where it was hidden there; the audit log has it.</source>
            <translation>El mensaje %1 de la conversación %2 vuelve a mostrarse, y también en la plataforma con la consola en marcha o la próxima sincronización si allí estaba oculto; el registro de auditoría lo recoge.</translation>
        </message>
        <message>
            <source>show takes the conversation's number.</source>
            <translation>show necesita el número de la conversación.</translation>
        </message>
        <message>
            <source>Use conversation show ID, conversation send-transcript ID --to ADDRESS, conversation hide ID [--message ID] --reason TEXT, or conversation unhide ID [--message ID].</source>
            <translation>Use conversation show ID, conversation send-transcript ID --to DIRECCIÓN, conversation hide ID [--message ID] --reason TEXTO o conversation unhide ID [--message ID].</translation>
        </message>
    </context>
    <context>
        <name>Care::App::EmailAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>account add email needs --imap URL, --smtp URL and --user NAME, e.g. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</source>
            <translation>account add email necesita --imap URL, --smtp URL y --user NOMBRE, p. ej. --imap imaps://mail.example.com --smtp smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>Give the mailbox's password on standard input with --password-stdin.</source>
            <translation>Indique la contraseña del buzón por la entrada estándar con --password-stdin.</translation>
        </message>
        <message>
            <source>No password arrived on standard input.</source>
            <translation>No llegó ninguna contraseña por la entrada estándar.</translation>
        </message>
        <message>
            <source>Added account %1: e-mail %2 (password kept in %3).</source>
            <translation>Cuenta %1 añadida: correo %2 (contraseña guardada en %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FacebookAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Give the Page's numeric id with --page-id, e.g. --page-id 104233445566</source>
            <translation>Indica el id numérico de la página con --page-id, p. ej. --page-id 104233445566</translation>
        </message>
        <message>
            <source>Give the Page access token on standard input with --token-stdin (a long-lived Page token, or one made for a system user).</source>
            <translation>Pasa el token de acceso de la página por la entrada estándar con --token-stdin (un token de página de larga duración, o uno creado para un usuario del sistema).</translation>
        </message>
        <message>
            <source>No Page access token arrived on standard input.</source>
            <translation>No ha llegado ningún token de acceso de la página por la entrada estándar.</translation>
        </message>
        <message>
            <source>Added account %1: Facebook Page %2 (token kept in %3).</source>
            <translation>Cuenta %1 añadida: página de Facebook %2 (token guardado en %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::FeedAccountCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Give the feed's address with --url, e.g. --url https://blog.example/feed</source>
            <translation>Indique la dirección del feed con --url, p. ej. --url https://blog.example/feed</translation>
        </message>
        <message>
            <source>The interval is a number of seconds, e.g. --interval 1800.</source>
            <translation>El intervalo es un número de segundos, p. ej. --interval 1800.</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (every item is taken).</source>
            <translation>Feed %1 añadido: %2 (se toman todas las entradas).</translation>
        </message>
        <message>
            <source>Added feed %1: %2 (items naming %3).</source>
            <translation>Feed %1 añadido: %2 (entradas que nombran %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MessageCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>Use message attachments ID [--save FOLDER].</source>
            <translation>Use message attachments ID [--save CARPETA].</translation>
        </message>
        <message>
            <source>attachments takes the message's number.</source>
            <translation>attachments espera el número del mensaje.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Message %1 has no attachments.</source>
            <translation>El mensaje %1 no tiene adjuntos.</translation>
        </message>
        <message>
            <source>The folder %1 cannot be created.</source>
            <translation>No se puede crear la carpeta %1.</translation>
        </message>
        <message>
            <source>%1 could not be written.</source>
            <translation>No se pudo escribir %1.</translation>
        </message>
        <message>
            <source>Saved %1 (%2, %3).</source>
            <translation>Guardado %1 (%2, %3).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::MigrateCommand</name>
        <message>
            <source>Usage: careconsole migrate --from SQLITE_FILE --to postgresql://OWNER@HOST/DB
Copies a single-user workspace into a team database. Safe to run again: rows already copied are skipped, so an interrupted copy continues.</source>
            <translation>Uso: careconsole migrate --from ARCHIVO_SQLITE --to postgresql://PROPIETARIO@HOST/BD
Copia un espacio de trabajo individual a una base de datos de equipo. Se puede repetir: las filas ya copiadas se omiten, así que una copia interrumpida continúa.</translation>
        </message>
        <message>
            <source>%1: %2 of %3 rows</source>
            <translation>%1: %2 de %3 filas</translation>
        </message>
        <message>
            <source>%1	%2 in the workspace	%3 newly copied	%4 in the team database</source>
            <translation>%1	%2 en el espacio de trabajo	%3 copiadas ahora	%4 en la base de datos del equipo</translation>
        </message>
        <message>
            <source>Checked: every row is in the team database; %1 messages compared field by field. %2 rows copied in %3 s.</source>
            <translation>Comprobado: todas las filas están en la base de datos del equipo; %1 mensajes comparados campo por campo. %2 filas copiadas en %3 s.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::StartupFlow</name>
        <message>
            <source>Use a team database</source>
            <translation>Usar una base de datos de equipo</translation>
        </message>
        <message>
            <source>Care Console cannot open the store</source>
            <translation>Care Console no puede abrir el almacén</translation>
        </message>
        <message>
            <source>Open a read-only copy</source>
            <translation>Abrir una copia de solo lectura</translation>
        </message>
        <message>
            <source>Start a new store elsewhere…</source>
            <translation>Crear un almacén nuevo en otro lugar…</translation>
        </message>
        <message>
            <source>New store</source>
            <translation>Almacén nuevo</translation>
        </message>
        <message>
            <source>Care Console store (*.sqlite)</source>
            <translation>Almacén de Care Console (*.sqlite)</translation>
        </message>
        <message>
            <source>Your administrator has set the team database for this computer (%1); it cannot be changed here.</source>
            <translation>Tu administrador ha fijado la base de datos del equipo para este equipo (%1); no se puede cambiar aquí.</translation>
        </message>
        <message>
            <source>The URL of your team's PostgreSQL database, for example
postgresql://jane@care-db.example.com/care
Leave it empty to work in the store on this computer again.</source>
            <translation>La URL de la base de datos PostgreSQL de tu equipo, por ejemplo
postgresql://jane@care-db.example.com/care
Déjala vacía para volver a trabajar con el almacén de este ordenador.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::SyncCommand</name>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source> (%1 undelivered)</source>
            <translation> (%1 sin entregar)</translation>
        </message>
        <message>
            <source>Syncing every connected account; stop with Ctrl+C.</source>
            <translation>Sincronizando todas las cuentas conectadas; detén con Ctrl+C.</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>Detenido.</translation>
        </message>
        <message>
            <source>--account takes the account's number.</source>
            <translation>--account requiere el número de la cuenta.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>There is no connected account %1; see careconsole account list.</source>
            <translation>No hay ninguna cuenta conectada %1; consulta careconsole account list.</translation>
        </message>
        <message>
            <source>No accounts are connected; nothing to sync.</source>
            <translation>No hay ninguna cuenta conectada; no hay nada que sincronizar.</translation>
        </message>
        <message>
            <source>Choose one of --public and --private.</source>
            <translation>Elige entre --public y --private.</translation>
        </message>
        <message>
            <source>No reply text arrived on standard input.</source>
            <translation>No ha llegado ningún texto de respuesta por la entrada estándar.</translation>
        </message>
        <message>
            <source>Queued reply %1 in conversation %2; it goes out with the running console or the next sync.</source>
            <translation>Respuesta %1 en cola en la conversación %2; se envía con la consola en ejecución o en la próxima sincronización.</translation>
        </message>
        <message>
            <source>There is no agent %1 to sign with; add one with careconsole agent set.</source>
            <translation>No existe el agente %1 para firmar; añádalo con careconsole agent set.</translation>
        </message>
        <message>
            <source>Choose one of --public, --private and --email.</source>
            <translation>Elija una de las opciones --public, --private y --email.</translation>
        </message>
        <message>
            <source>send needs --conversation ID, --public, --private or --email, and --text-stdin.</source>
            <translation>send necesita --conversation ID, --public, --private o --email, y --text-stdin.</translation>
        </message>
    </context>
    <context>
        <name>Care::App::TeamCommand</name>
        <message>
            <source>Usage: careconsole --database postgresql://OWNER@HOST/DB team setup
       careconsole --database postgresql://OWNER@HOST/DB team add LOGIN --role agent|lead|admin|sync [--name NAME] [--password-stdin]
       careconsole --database URL team list | whoami</source>
            <translation>Uso: careconsole --database postgresql://PROPIETARIO@HOST/BD team setup
     careconsole --database postgresql://PROPIETARIO@HOST/BD team add USUARIO --role agent|lead|admin|sync [--name NOMBRE] [--password-stdin]
     careconsole --database URL team list | whoami</translation>
        </message>
        <message>
            <source>Team roles are set up: care_agent, care_lead, care_admin and care_sync. Add each person with: careconsole team add LOGIN --role ROLE --password-stdin</source>
            <translation>Los roles del equipo están creados: care_agent, care_lead, care_admin y care_sync. Añade a cada persona con: careconsole team add USUARIO --role ROL --password-stdin</translation>
        </message>
        <message>
            <source>No password on standard input.</source>
            <translation>No hay contraseña en la entrada estándar.</translation>
        </message>
        <message>
            <source>%1 is no role: choose agent, lead, admin or sync.</source>
            <translation>%1 no es un rol: elige agent, lead, admin o sync.</translation>
        </message>
        <message>
            <source>Say which role with --role agent, lead, admin or sync.</source>
            <translation>Indica el rol con --role agent, lead, admin o sync.</translation>
        </message>
        <message>
            <source>%1 can sign in to the team database as %2.</source>
            <translation>%1 puede entrar en la base de datos del equipo como %2.</translation>
        </message>
        <message>
            <source>This login has no team role (a single-user store, or the database owner).</source>
            <translation>Este usuario no tiene rol de equipo (un almacén individual o el propietario de la base de datos).</translation>
        </message>
    </context>
    <context>
        <name>Care::App::WorkspaceCommand</name>
        <message>
            <source>Usage: careconsole workspace export FILE
       careconsole workspace import [FILE] [--dry-run]
Without FILE, import reads the pack your administrator set (workspace/packLocation).</source>
            <translation>Uso: careconsole workspace export ARCHIVO
     careconsole workspace import [ARCHIVO] [--dry-run]
Sin ARCHIVO, import lee el paquete que fijó tu administrador (workspace/packLocation).</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>No se pudo escribir %1: %2</translation>
        </message>
        <message>
            <source>Wrote %1: %2 policies, %3 approved replies, %4 SLA policies, the team calendar and the triage rules for %5 languages.</source>
            <translation>%1 escrito: %2 políticas, %3 respuestas aprobadas, %4 políticas de SLA, el calendario del equipo y las reglas de triaje de %5 idiomas.</translation>
        </message>
        <message>
            <source>%1 was refused; nothing was changed:</source>
            <translation>%1 se rechazó; no se ha cambiado nada:</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed.</source>
            <translation>%1 no se importó; no se ha cambiado nada.</translation>
        </message>
        <message>
            <source>Importing %1 would:</source>
            <translation>Importar %1 haría lo siguiente:</translation>
        </message>
        <message>
            <source>Imported %1:</source>
            <translation>%1 importado:</translation>
        </message>
        <message>
            <source>Dry run: nothing was changed.</source>
            <translation>Simulación: no se ha cambiado nada.</translation>
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
            <translation>cada %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>desactivado</translation>
        </message>
        <message>
            <source>Cannot read the price file %1.</source>
            <translation>No se puede leer el archivo de precios %1.</translation>
        </message>
        <message>
            <source>Unexpected argument: %1</source>
            <translation>Argumento inesperado: %1</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id with --client-id (X developer console → the app → Keys and tokens).</source>
            <translation>Indique el ID de cliente OAuth 2.0 de la app de X con --client-id (consola de desarrolladores de X → la app → Keys and tokens).</translation>
        </message>
        <message>
            <source>Keyword listening will search X for (BRAND is the account's own name):</source>
            <translation>La escucha por palabras clave buscará en X (BRAND es el nombre de la propia cuenta):</translation>
        </message>
        <message>
            <source>The X app must list %1 as a callback URL and be a native app (public client).</source>
            <translation>La app de X debe tener %1 como URL de devolución de llamada y ser una app nativa (cliente público).</translation>
        </message>
        <message>
            <source>Open this address in a browser on this computer and allow Care Console:</source>
            <translation>Abre esta dirección en un navegador de este equipo y autoriza a Care Console:</translation>
        </message>
        <message>
            <source>Waiting up to 5 minutes…</source>
            <translation>Esperando hasta 5 minutos…</translation>
        </message>
        <message>
            <source>Added account %1: X %2 (tokens kept in %3).</source>
            <translation>Cuenta %1 añadida: X %2 (tokens guardados en %3).</translation>
        </message>
        <message>
            <source>Listening query: %1</source>
            <translation>Consulta de escucha: %1</translation>
        </message>
        <message>
            <source>Say which account the budget is for with --account ID.</source>
            <translation>Indique con --account ID a qué cuenta se aplica el presupuesto.</translation>
        </message>
        <message>
            <source>No X account is connected.</source>
            <translation>No hay ninguna cuenta de X conectada.</translation>
        </message>
        <message>
            <source>Try careconsole --help.</source>
            <translation>Consulta careconsole --help.</translation>
        </message>
        <message>
            <source>account set takes the account's number (careconsole account list).</source>
            <translation>account set necesita el número de la cuenta (careconsole account list).</translation>
        </message>
        <message>
            <source>%1 takes a number of seconds (0: off).</source>
            <translation>%1 necesita un número de segundos (0: desactivado).</translation>
        </message>
        <message>
            <source>Say what to change: --poll-mentions S, --poll-search S or --poll-direct S.</source>
            <translation>Indique qué cambiar: --poll-mentions S, --poll-search S o --poll-direct S.</translation>
        </message>
        <message>
            <source>Account %1 polls mentions %2, keyword listening %3 and direct messages %4 from the next sync.</source>
            <translation>La cuenta %1 consulta las menciones %2, la escucha por palabras clave %3 y los mensajes directos %4 a partir de la próxima sincronización.</translation>
        </message>
        <message>
            <source>Account %1: X %2 — estimated monthly API cost (prices of %3, an upper bound):</source>
            <translation>Cuenta %1: X %2 — coste mensual estimado de la API (precios del %3, un límite superior):</translation>
        </message>
        <message>
            <source>mentions, polled %1: %2</source>
            <translation>menciones, consultadas %1: %2</translation>
        </message>
        <message>
            <source>keyword listening, polled %1: %2</source>
            <translation>escucha por palabras clave, consultada %1: %2</translation>
        </message>
        <message>
            <source>direct messages, polled %1: %2</source>
            <translation>mensajes directos, consultados %1: %2</translation>
        </message>
        <message>
            <source>replies and messages sent: %1</source>
            <translation>respuestas y mensajes enviados: %1</translation>
        </message>
        <message>
            <source>total: %1</source>
            <translation>total: %1</translation>
        </message>
        <message>
            <source>spent this month so far: %1</source>
            <translation>gastado este mes hasta ahora: %1</translation>
        </message>
        <message>
            <source>Less than an hour of traffic was measured: the figures use the price file's assumptions.</source>
            <translation>Se ha medido menos de una hora de tráfico: las cifras usan las suposiciones del archivo de precios.</translation>
        </message>
        <message>
            <source>budget: %1 a month</source>
            <translation>presupuesto: %1 al mes</translation>
        </message>
        <message>
            <source>Direct messages are polled %1 instead of %2 to stay within it.</source>
            <translation>Los mensajes directos se consultan %1 en lugar de %2 para no superarlo.</translation>
        </message>
        <message>
            <source>The traffic itself costs more than the budget: keyword listening is paused. Raise the budget or narrow the brand terms.</source>
            <translation>El propio tráfico cuesta más que el presupuesto: la escucha por palabras clave está en pausa. Aumente el presupuesto o acote los términos de marca.</translation>
        </message>
        <message>
            <source>listening query: %1</source>
            <translation>consulta de escucha: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::BusinessCalendar</name>
        <message>
            <source>Each range of %1 must be a pair of times.</source>
            <translation>Cada franja de %1 debe ser un par de horas.</translation>
        </message>
        <message>
            <source>For example ["07:00", "22:00"]; ["22:00", "02:00"] runs past midnight.</source>
            <translation>Por ejemplo ["07:00", "22:00"]; ["22:00", "02:00"] pasa de la medianoche.</translation>
        </message>
        <message>
            <source>“%1” in the hours of %2 is not a time of day.</source>
            <translation>«%1» en el horario de %2 no es una hora del día.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Escribe HH:MM de 00:00 a 23:59; una franja puede terminar a las 24:00.</translation>
        </message>
        <message>
            <source>The calendar has an unknown entry “%1”.</source>
            <translation>El calendario tiene una entrada desconocida: «%1».</translation>
        </message>
        <message>
            <source>Known entries are time_zone, always_open, hours, closures and special_hours.</source>
            <translation>Las entradas conocidas son time_zone, always_open, hours, closures y special_hours.</translation>
        </message>
        <message>
            <source>The calendar has no time zone.</source>
            <translation>El calendario no tiene zona horaria.</translation>
        </message>
        <message>
            <source>Add "time_zone", e.g. "Europe/Berlin".</source>
            <translation>Añade "time_zone", p. ej. "Europe/Berlin".</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Zona horaria desconocida: «%1».</translation>
        </message>
        <message>
            <source>Use an IANA name such as Europe/Berlin. If the name is right, the system's time-zone data (the tzdata package) is missing.</source>
            <translation>Usa un nombre IANA como Europe/Berlin. Si el nombre es correcto, faltan los datos de zonas horarias del sistema (el paquete tzdata).</translation>
        </message>
        <message>
            <source>"always_open" must be true or false.</source>
            <translation>"always_open" debe ser true o false.</translation>
        </message>
        <message>
            <source>"hours" must map weekdays to lists of ranges.</source>
            <translation>"hours" debe asignar listas de franjas a los días de la semana.</translation>
        </message>
        <message>
            <source>For example {"mon": [["07:00", "22:00"]]}.</source>
            <translation>Por ejemplo {"mon": [["07:00", "22:00"]]}.</translation>
        </message>
        <message>
            <source>Unknown weekday “%1” in the hours.</source>
            <translation>Día de la semana desconocido en el horario: «%1».</translation>
        </message>
        <message>
            <source>Use mon, tue, wed, thu, fri, sat or sun.</source>
            <translation>Usa mon, tue, wed, thu, fri, sat o sun.</translation>
        </message>
        <message>
            <source>The hours of %1 must be a list of ranges.</source>
            <translation>El horario de %1 debe ser una lista de franjas.</translation>
        </message>
        <message>
            <source>For example [["08:00", "12:00"], ["13:00", "20:00"]]; [] means closed.</source>
            <translation>Por ejemplo [["08:00", "12:00"], ["13:00", "20:00"]]; [] significa cerrado.</translation>
        </message>
        <message>
            <source>"closures" must be a list.</source>
            <translation>"closures" debe ser una lista.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-25", "name": "Christmas Day"}].</source>
            <translation>Por ejemplo [{"date": "2026-12-25", "name": "Navidad"}].</translation>
        </message>
        <message>
            <source>The closure date “%1” is not a date.</source>
            <translation>La fecha de cierre «%1» no es una fecha.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-25.</source>
            <translation>Escribe las fechas como AAAA-MM-DD, p. ej. 2026-12-25.</translation>
        </message>
        <message>
            <source>The closure date %1 is listed twice.</source>
            <translation>La fecha de cierre %1 aparece dos veces.</translation>
        </message>
        <message>
            <source>"special_hours" must be a list.</source>
            <translation>"special_hours" debe ser una lista.</translation>
        </message>
        <message>
            <source>For example [{"date": "2026-12-24", "name": "Christmas Eve", "hours": [["08:00", "14:00"]]}].</source>
            <translation>Por ejemplo [{"date": "2026-12-24", "name": "Nochebuena", "hours": [["08:00", "14:00"]]}].</translation>
        </message>
        <message>
            <source>The special-hours date “%1” is not a date.</source>
            <translation>La fecha de horario especial «%1» no es una fecha.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Escribe las fechas como AAAA-MM-DD, p. ej. 2026-12-24.</translation>
        </message>
        <message>
            <source>The date %1 is listed twice among closures and special hours.</source>
            <translation>La fecha %1 aparece dos veces entre los cierres y los horarios especiales.</translation>
        </message>
        <message>
            <source>The special hours of %1 must be a list of ranges.</source>
            <translation>El horario especial de %1 debe ser una lista de franjas.</translation>
        </message>
        <message>
            <source>For example [["08:00", "14:00"]]; a day without hours is a closure.</source>
            <translation>Por ejemplo [["08:00", "14:00"]]; un día sin horario es un cierre.</translation>
        </message>
        <message>
            <source>The calendar is not valid JSON.</source>
            <translation>El calendario no es un JSON válido.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Revisa el archivo cerca del carácter %1.</translation>
        </message>
        <message>
            <source>The calendar must be a JSON object.</source>
            <translation>El calendario debe ser un objeto JSON.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CalendarRangeText</name>
        <message>
            <source>“%1” is not a range of times.</source>
            <translation>«%1» no es una franja horaria.</translation>
        </message>
        <message>
            <source>Write start–end, e.g. 08:00–12:00; several ranges separated by commas.</source>
            <translation>Escribe inicio–fin, p. ej. 08:00–12:00; varias franjas separadas por comas.</translation>
        </message>
        <message>
            <source>“%1” is not a time of day.</source>
            <translation>«%1» no es una hora del día.</translation>
        </message>
        <message>
            <source>Write HH:MM from 00:00 to 23:59; a range may end at 24:00.</source>
            <translation>Escribe HH:MM de 00:00 a 23:59; una franja puede terminar a las 24:00.</translation>
        </message>
        <message>
            <source>“%1” starts and ends at the same time.</source>
            <translation>«%1» empieza y termina a la misma hora.</translation>
        </message>
        <message>
            <source>For a whole day write 00:00–24:00.</source>
            <translation>Para un día entero, escribe 00:00–24:00.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Conversation</name>
        <message>
            <source>Open</source>
            <translation>Abierta</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Esperando al cliente</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Pospuesta</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Resuelta</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Baja</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>High</source>
            <translation>Alta</translation>
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
            <translation>Las respuestas a publicaciones de blogs y noticias no se publican. Contacta con el autor por otro canal o añade una nota interna.</translation>
        </message>
        <message>
            <source>Replies are not posted on %1. Contact the author through another channel, or add an internal note.</source>
            <translation>En %1 no se publican respuestas. Contacte con el autor por otro canal o añada una nota interna.</translation>
        </message>
        <message>
            <source>E-mail answers are private.</source>
            <translation>Las respuestas por correo electrónico son privadas.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side: answer privately.</source>
            <translation>Una conversación de Messenger no tiene parte pública: responda en privado.</translation>
        </message>
        <message>
            <source>This is a direct-message conversation: answer privately.</source>
            <translation>Es una conversación por mensaje directo: responda en privado.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; even with the human agent tag Facebook lets the Page answer only within 7 days. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>El cliente escribió por última vez en Messenger hace %1; incluso con la etiqueta de agente humano, Facebook solo deja responder a la página en un plazo de 7 días. Contáctalo por otro canal que prefiera, o espera a que vuelva a escribir.</translation>
        </message>
        <message>
            <source>The customer last wrote on Messenger %1 ago; Facebook lets the Page answer there only within 24 hours. Reach them through another channel they prefer, or wait until they write again.</source>
            <translation>El cliente escribió por última vez en Messenger hace %1; Facebook solo deja responder a la página allí en un plazo de 24 horas. Contáctalo por otro canal que prefiera, o espera a que vuelva a escribir.</translation>
        </message>
        <message>
            <source>The Page has already answered this comment privately; Facebook allows one private reply per comment. Reply publicly and invite the customer to message the Page.</source>
            <translation>La página ya respondió a este comentario en privado; Facebook permite una respuesta privada por comentario. Responde en público e invita al cliente a escribir a la página.</translation>
        </message>
        <message>
            <source>The comment is more than 7 days old; Facebook no longer allows a private reply to it. Reply publicly and invite the customer to message the Page.</source>
            <translation>El comentario tiene más de 7 días; Facebook ya no permite responderlo en privado. Responde en público e invita al cliente a escribir a la página.</translation>
        </message>
        <message>
            <source>%1 has no private messages. Ask the customer to contact you another way.</source>
            <translation>%1 no tiene mensajes privados. Pide al cliente que te contacte de otra forma.</translation>
        </message>
        <message>
            <source>%1 does not let a brand hide comments. Nothing is ever deleted.</source>
            <translation>%1 no permite que una marca oculte comentarios. Nunca se elimina nada.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>No hay ningún mensaje público visible del cliente que ocultar.</translation>
        </message>
        <message>
            <source>X lets a brand hide replies only in conversations that its own post started; this one was started by someone else. Answer it, or report it on X if it breaks the rules.</source>
            <translation>X solo permite a una marca ocultar respuestas en conversaciones que empezó su propia publicación; esta la empezó otra persona. Respóndala o denúnciela en X si incumple las normas.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment (for example a comment on a post the Page did not write). Answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Facebook no permite a la página ocultar este comentario (por ejemplo, un comentario en una publicación que no escribió la página). Respóndalo o denúncielo en Facebook si incumple las normas.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Nada de lo que escribió el cliente aquí está oculto.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Este mensaje es privado o ya está oculto; solo se puede ocultar un mensaje público visible del cliente.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Este mensaje no está oculto.</translation>
        </message>
        <message>
            <source>The post that began this X conversation is not in the console, so X decides: if the brand did not write it, X refuses and the reply is hidden in the console only.</source>
            <translation>La publicación que inició esta conversación de X no está en la consola, así que X decide: si la marca no la escribió, X lo rechaza y la respuesta queda oculta solo en la consola.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::CrisisMode</name>
        <message>
            <source>The crisis settings are not valid JSON.</source>
            <translation>La configuración de crisis no es un JSON válido.</translation>
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
            <translation>%1 d</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 d %2 h</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Message</name>
        <message>
            <source>Queued</source>
            <translation>En cola</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Enviando</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>Enviada</translation>
        </message>
        <message>
            <source>Outcome unknown</source>
            <translation>Resultado desconocido</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Fallida</translation>
        </message>
        <message>
            <source>Waiting for your confirmation</source>
            <translation>Esperando tu confirmación</translation>
        </message>
        <message>
            <source>Cancelled, not sent</source>
            <translation>Cancelada, no enviada</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::OffHoursAcknowledgement</name>
        <message>
            <source>The acknowledgement templates are not valid JSON: %1</source>
            <translation>Las plantillas de acuse de recibo no son un JSON válido: %1</translation>
        </message>
        <message>
            <source>The acknowledgement for “%1” must be text that says when the team is back ({reopen}).</source>
            <translation>El acuse de recibo para «%1» debe ser un texto que diga cuándo vuelve el equipo ({reopen}).</translation>
        </message>
        <message>
            <source>The acknowledgement templates need an English one (en).</source>
            <translation>Las plantillas de acuse de recibo necesitan una en inglés (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::PersonalDataGuard</name>
        <message>
            <source>an e-mail address: '%1'</source>
            <translation>una dirección de correo electrónico: '%1'</translation>
        </message>
        <message>
            <source>an IBAN: '%1'</source>
            <translation>un IBAN: '%1'</translation>
        </message>
        <message>
            <source>a payment card number ending in %1</source>
            <translation>un número de tarjeta que termina en %1</translation>
        </message>
        <message>
            <source>a phone number: '%1'</source>
            <translation>un número de teléfono: '%1'</translation>
        </message>
        <message>
            <source>a postcode: '%1'</source>
            <translation>un código postal: '%1'</translation>
        </message>
        <message>
            <source>a postal address: '%1'</source>
            <translation>una dirección postal: '%1'</translation>
        </message>
        <message>
            <source>a booking reference</source>
            <translation>un localizador de reserva</translation>
        </message>
        <message>
            <source>an order number</source>
            <translation>un número de pedido</translation>
        </message>
        <message>
            <source>a ticket number</source>
            <translation>un número de billete</translation>
        </message>
        <message>
            <source>The reference pattern '%1' is not a valid regular expression.</source>
            <translation>El patrón de referencia '%1' no es una expresión regular válida.</translation>
        </message>
        <message>
            <source>Correct the pattern in the settings.</source>
            <translation>Corrige el patrón en la configuración.</translation>
        </message>
        <message>
            <source>%1: '%2'</source>
            <translation>%1: '%2'</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can sort out the payment details safely. Please never share card or bank details in a public post.</source>
            <translation>Le hemos enviado un mensaje privado para resolver los datos de pago de forma segura. Por favor, no comparta nunca datos de tarjetas ni bancarios en una publicación pública.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your booking details safely.</source>
            <translation>Le hemos enviado un mensaje privado para revisar los datos de su reserva de forma segura.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your order details safely.</source>
            <translation>Le hemos enviado un mensaje privado para revisar los datos de su pedido de forma segura.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can take your contact details there, away from public view.</source>
            <translation>Le hemos enviado un mensaje privado para recoger allí sus datos de contacto, lejos de la vista pública.</translation>
        </message>
        <message>
            <source>We've sent you a private message so we can look at your details safely.</source>
            <translation>Le hemos enviado un mensaje privado para revisar sus datos de forma segura.</translation>
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
            <translation>Correo</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs y noticias</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ReplyLengthCounter</name>
        <message>
            <source>graphemes</source>
            <translation>grafemas</translation>
        </message>
        <message>
            <source>characters</source>
            <translation>caracteres</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Roster</name>
        <message>
            <source>The roster is not valid JSON.</source>
            <translation>El cuadrante de turnos no es un JSON válido.</translation>
        </message>
        <message>
            <source>The shifts of %1: %2</source>
            <translation>Los turnos de %1: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ScheduledPost</name>
        <message>
            <source>Scheduled</source>
            <translation>Programada</translation>
        </message>
        <message>
            <source>Sending</source>
            <translation>Enviando</translation>
        </message>
        <message>
            <source>Posted</source>
            <translation>Publicada</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Fallida</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelada</translation>
        </message>
        <message>
            <source>Expired (not posted)</source>
            <translation>Caducada (no publicada)</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SearchQuery</name>
        <message>
            <source>A search needs at least one word to look for.</source>
            <translation>Una búsqueda necesita al menos una palabra que buscar.</translation>
        </message>
        <message>
            <source>Add a word without a minus sign, e.g. refund -spam.</source>
            <translation>Añade una palabra sin signo menos, p. ej. reembolso -spam.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::ShiftAnnouncements</name>
        <message>
            <source>The shift announcements are not valid JSON: %1</source>
            <translation>Los avisos de turno no son un JSON válido: %1</translation>
        </message>
        <message>
            <source>The shift announcements for “%1” need an opening text with {until} and a closing text with {back}.</source>
            <translation>Los avisos de turno para «%1» necesitan un texto de apertura con {until} y un texto de cierre con {back}.</translation>
        </message>
        <message>
            <source>The shift announcements need English ones (en).</source>
            <translation>Los avisos de turno necesitan versiones en inglés (en).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::Signature</name>
        <message>
            <source>The reply cannot be signed: %1 has no name or signature set.</source>
            <translation>La respuesta no se puede firmar: %1 no tiene nombre ni firma configurados.</translation>
        </message>
        <message>
            <source>Set a display name and signature in the agent settings.</source>
            <translation>Configura un nombre visible y una firma en los ajustes del agente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaMeasurement</name>
        <message>
            <source>Running</source>
            <translation>En curso</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>Cumplido</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>Incumplido</translation>
        </message>
        <message>
            <source>Running, already missed</source>
            <translation>En curso, ya incumplido</translation>
        </message>
        <message>
            <source>Ended without a response</source>
            <translation>Terminado sin respuesta</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SlaPolicy</name>
        <message>
            <source>First response</source>
            <translation>Primera respuesta</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Siguiente respuesta</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Resolución</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>Predeterminada</translation>
        </message>
        <message>
            <source>Unknown entry “%1”.</source>
            <translation>Entrada desconocida: «%1».</translation>
        </message>
        <message>
            <source>Known entries are %1.</source>
            <translation>Las entradas conocidas son %1.</translation>
        </message>
        <message>
            <source>The policy has no name.</source>
            <translation>La política no tiene nombre.</translation>
        </message>
        <message>
            <source>Add "name", e.g. "Default".</source>
            <translation>Añade "name", p. ej. "Default".</translation>
        </message>
        <message>
            <source>"match" must be an object.</source>
            <translation>"match" debe ser un objeto.</translation>
        </message>
        <message>
            <source>For example {"priority": "urgent"}; {} matches everything.</source>
            <translation>Por ejemplo {"priority": "urgent"}; {} coincide con todo.</translation>
        </message>
        <message>
            <source>Unknown platform “%1”.</source>
            <translation>Plataforma desconocida: «%1».</translation>
        </message>
        <message>
            <source>Use one of %1.</source>
            <translation>Usa una de estas: %1.</translation>
        </message>
        <message>
            <source>Unknown priority “%1”.</source>
            <translation>Prioridad desconocida: «%1».</translation>
        </message>
        <message>
            <source>Use low, normal, high or urgent.</source>
            <translation>Usa low, normal, high o urgent.</translation>
        </message>
        <message>
            <source>The tag to match is empty.</source>
            <translation>La etiqueta que debe coincidir está vacía.</translation>
        </message>
        <message>
            <source>Leave "tag" out to match any tag.</source>
            <translation>Omite "tag" para que coincida cualquier etiqueta.</translation>
        </message>
        <message>
            <source>Unknown criterion “%1” in "match".</source>
            <translation>Criterio desconocido «%1» en "match".</translation>
        </message>
        <message>
            <source>Use platform, priority and tag.</source>
            <translation>Usa platform, priority y tag.</translation>
        </message>
        <message>
            <source>"%1" must be a number of minutes, 0 or more.</source>
            <translation>"%1" debe ser un número de minutos, 0 o más.</translation>
        </message>
        <message>
            <source>Unknown counting mode “%1”.</source>
            <translation>Modo de cómputo desconocido: «%1».</translation>
        </message>
        <message>
            <source>Use staffed_hours or wall_clock.</source>
            <translation>Usa staffed_hours o wall_clock.</translation>
        </message>
        <message>
            <source>"pause_while_pending" must be true or false.</source>
            <translation>"pause_while_pending" debe ser true o false.</translation>
        </message>
        <message>
            <source>The SLA policies are not valid JSON.</source>
            <translation>Las políticas de SLA no son un JSON válido.</translation>
        </message>
        <message>
            <source>Check the file near character %1.</source>
            <translation>Revisa el archivo cerca del carácter %1.</translation>
        </message>
        <message>
            <source>The SLA policies file must be an object with a "policies" list.</source>
            <translation>El archivo de políticas de SLA debe ser un objeto con una lista "policies".</translation>
        </message>
        <message>
            <source>SLA policy %1</source>
            <translation>Política de SLA %1</translation>
        </message>
        <message>
            <source>SLA policy %1 (“%2”)</source>
            <translation>Política de SLA %1 («%2»)</translation>
        </message>
        <message>
            <source>%1 is not an object.</source>
            <translation>%1 no es un objeto.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::SpikeDetector</name>
        <message>
            <source>%1 negative messages in the last %2 min; usually %3 at this time of day.</source>
            <translation>Mensajes negativos en los últimos %2 min: %1; lo habitual a esta hora del día: %3.</translation>
        </message>
        <message>
            <source> (also %1)</source>
            <translation> (también %1)</translation>
        </message>
        <message>
            <source>%1 negative messages mention %2 in the last %3 min; usually %4 at this time of day.</source>
            <translation>Mensajes negativos que mencionan %2 en los últimos %3 min: %1; lo habitual a esta hora del día: %4.</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::StaffedHoursText</name>
        <message>
            <source>We answer around the clock.</source>
            <translation>Respondemos las 24 horas.</translation>
        </message>
        <message>
            <source>No staffed hours are set.</source>
            <translation>No hay horario de atención configurado.</translation>
        </message>
        <message>
            <source>We answer %1 (%2).</source>
            <translation>Respondemos %1 (%2).</translation>
        </message>
    </context>
    <context>
        <name>Care::Core::WorkspacePack</name>
        <message>
            <source>is missing</source>
            <translation>falta</translation>
        </message>
        <message>
            <source>must be text</source>
            <translation>debe ser texto</translation>
        </message>
        <message>
            <source>is empty</source>
            <translation>está vacío</translation>
        </message>
        <message>
            <source>is longer than %1 characters</source>
            <translation>tiene más de %1 caracteres</translation>
        </message>
        <message>
            <source>contains control characters</source>
            <translation>contiene caracteres de control</translation>
        </message>
        <message>
            <source>“%1” is not a plain name (lower-case letters, digits, - and _, at most 64)</source>
            <translation>«%1» no es un nombre simple (minúsculas, dígitos, - y _, como máximo 64)</translation>
        </message>
        <message>
            <source>must be a list of words</source>
            <translation>debe ser una lista de palabras</translation>
        </message>
        <message>
            <source>has more than %1 tags</source>
            <translation>tiene más de %1 etiquetas</translation>
        </message>
        <message>
            <source>every tag must be a short word without commas</source>
            <translation>cada etiqueta debe ser una palabra corta sin comas</translation>
        </message>
        <message>
            <source>unknown entry “%1”</source>
            <translation>entrada desconocida «%1»</translation>
        </message>
        <message>
            <source>must be a list</source>
            <translation>debe ser una lista</translation>
        </message>
        <message>
            <source>has %1 entries; at most %2 are accepted</source>
            <translation>tiene %1 entradas; se aceptan como máximo %2</translation>
        </message>
        <message>
            <source>must be an object</source>
            <translation>debe ser un objeto</translation>
        </message>
        <message>
            <source>“%1” appears twice</source>
            <translation>«%1» aparece dos veces</translation>
        </message>
        <message>
            <source>must be an object of at most %1 named values</source>
            <translation>debe ser un objeto con %1 valores con nombre como máximo</translation>
        </message>
        <message>
            <source>is not a plain name</source>
            <translation>no es un nombre simple</translation>
        </message>
        <message>
            <source>must be short text</source>
            <translation>debe ser un texto corto</translation>
        </message>
        <message>
            <source>The pack is %1 MB; packs larger than %2 MB are refused.</source>
            <translation>El paquete ocupa %1 MB; se rechazan los paquetes de más de %2 MB.</translation>
        </message>
        <message>
            <source>The pack is not valid JSON (at byte %1: %2).</source>
            <translation>El paquete no es un JSON válido (en el byte %1: %2).</translation>
        </message>
        <message>
            <source>The pack must be a JSON object.</source>
            <translation>El paquete debe ser un objeto JSON.</translation>
        </message>
        <message>
            <source>This is not a Care Console workspace pack (its format is not “%1”).</source>
            <translation>No es un paquete de espacio de trabajo de Care Console (su formato no es «%1»).</translation>
        </message>
        <message>
            <source>version: must be a whole number</source>
            <translation>version: debe ser un número entero</translation>
        </message>
        <message>
            <source>The pack has version %1; this Care Console reads version %2 only. %3</source>
            <translation>El paquete tiene la versión %1; esta Care Console solo lee la versión %2. %3</translation>
        </message>
        <message>
            <source>Install the newer Care Console that wrote it.</source>
            <translation>Instala la Care Console más reciente que lo escribió.</translation>
        </message>
        <message>
            <source>must be an object with a list of policies</source>
            <translation>debe ser un objeto con una lista de políticas</translation>
        </message>
        <message>
            <source>%1 could not be read.</source>
            <translation>No se pudo leer %1.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountConnectRequest</name>
        <message>
            <source>Connected %1.</source>
            <translation>%1 conectada.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AccountsDialog</name>
        <message>
            <source>Connected</source>
            <translation>Conectada</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>Esperando la primera sincronización</translation>
        </message>
        <message>
            <source>Syncing</source>
            <translation>Sincronizando</translation>
        </message>
        <message>
            <source>Paused (request limit)</source>
            <translation>En pausa (límite de solicitudes)</translation>
        </message>
        <message>
            <source>Retrying</source>
            <translation>Reintentando</translation>
        </message>
        <message>
            <source>Reconnect needed</source>
            <translation>Hay que volver a conectar</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>Detenida</translation>
        </message>
        <message>
            <source>&amp;Sync now</source>
            <translation>&amp;Sincronizar ahora</translation>
        </message>
        <message>
            <source>&amp;Remove…</source>
            <translation>&amp;Eliminar…</translation>
        </message>
        <message>
            <source>&amp;Listening…</source>
            <translation>&amp;Escucha…</translation>
        </message>
        <message>
            <source>Accounts</source>
            <translation>Cuentas</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Cuenta</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Estado</translation>
        </message>
        <message>
            <source>Last sync</source>
            <translation>Última sincronización</translation>
        </message>
        <message>
            <source>Next sync</source>
            <translation>Próxima sincronización</translation>
        </message>
        <message>
            <source>Requests left</source>
            <translation>Solicitudes restantes</translation>
        </message>
        <message>
            <source>Not delivered</source>
            <translation>Sin entregar</translation>
        </message>
        <message>
            <source>&amp;Connect Mastodon…</source>
            <translation>&amp;Conectar Mastodon…</translation>
        </message>
        <message>
            <source>The words and hashtags this account listens for: posts that name the brand without tagging it.</source>
            <translation>Las palabras y hashtags que escucha esta cuenta: publicaciones que nombran la marca sin etiquetarla.</translation>
        </message>
        <message>
            <source>Remove account</source>
            <translation>Eliminar cuenta</translation>
        </message>
        <message>
            <source>Disconnect %1? Its conversations stay in the console; replies not yet delivered are cancelled.</source>
            <translation>¿Desconectar %1? Sus conversaciones se quedan en la consola; las respuestas aún no entregadas se cancelan.</translation>
        </message>
        <message>
            <source>Listening — %1</source>
            <translation>Escucha: %1</translation>
        </message>
        <message>
            <source>Separate with commas. New words start from the newest posts; posts from before are not fetched.</source>
            <translation>Separa con comas. Las palabras nuevas empiezan por las publicaciones más recientes; las anteriores no se recuperan.</translation>
        </message>
        <message>
            <source>&amp;Words:</source>
            <translation>&amp;Palabras:</translation>
        </message>
        <message>
            <source>&amp;Hashtags:</source>
            <translation>&amp;Hashtags:</translation>
        </message>
        <message>
            <source>%1 of %2</source>
            <translation>%1 de %2</translation>
        </message>
        <message>
            <source>No platform account is connected yet. Connect one to bring its mentions, comments and direct messages into the inbox.</source>
            <translation>Aún no hay ninguna cuenta de plataforma conectada. Conecta una para traer sus menciones, comentarios y mensajes directos a la bandeja de entrada.</translation>
        </message>
        <message>
            <source>Listening for no words or hashtags (only mentions and messages).</source>
            <translation>No escucha ninguna palabra ni hashtag (solo menciones y mensajes).</translation>
        </message>
        <message>
            <source>Listening for: %1</source>
            <translation>Escucha: %1</translation>
        </message>
        <message>
            <source>Connect &amp;Bluesky…</source>
            <translation>Conectar &amp;Bluesky…</translation>
        </message>
        <message>
            <source>Connect &amp;Facebook Page…</source>
            <translation>Conectar una página de &amp;Facebook…</translation>
        </message>
        <message>
            <source>Add &amp;feed…</source>
            <translation>Añadir &amp;feed…</translation>
        </message>
        <message>
            <source>Listen to a blog or news site's feed for articles that name the brand.</source>
            <translation>Escuchar el feed de un blog o sitio de noticias en busca de artículos que nombren la marca.</translation>
        </message>
        <message>
            <source>Leads add blog and news feeds.</source>
            <translation>Los feeds de blogs y noticias los añaden los responsables de equipo.</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>Estimated X API cost: %1 a month (mentions %2, listening %3, direct messages %4, replies sent %5; an upper bound).</source>
            <translation>Coste estimado de la API de X: %1 al mes (menciones %2, escucha %3, mensajes directos %4, respuestas enviadas %5; un límite superior).</translation>
        </message>
        <message>
            <source>Based on assumed traffic until an hour has been measured.</source>
            <translation>Basado en un tráfico supuesto hasta que se haya medido una hora.</translation>
        </message>
        <message>
            <source>Budget %1 a month: over it, so keyword listening is paused.</source>
            <translation>Presupuesto de %1 al mes: superado, así que la escucha por palabras clave está en pausa.</translation>
        </message>
        <message numerus="yes">
            <source>Budget %1 a month: direct messages are read every %n min.</source>
            <translation>
                <numerusform>Presupuesto de %1 al mes: los mensajes directos se leen cada %n min.</numerusform>
                <numerusform>Presupuesto de %1 al mes: los mensajes directos se leen cada %n min.</numerusform>
            </translation>
        </message>
        <message>
            <source>X search query: %1</source>
            <translation>Consulta de búsqueda de X: %1</translation>
        </message>
        <message>
            <source>Connect &amp;X…</source>
            <translation>Conectar &amp;X…</translation>
        </message>
        <message>
            <source>This is a team database: the team's sync service (careconsole-syncd) connects and syncs the accounts, and keeps their sign-ins. To add or remove one, ask an administrator.</source>
            <translation>Esta es una base de datos de equipo: el servicio de sincronización del equipo (careconsole-syncd) conecta y sincroniza las cuentas y guarda sus credenciales. Para añadir o quitar una, pídeselo a un administrador.</translation>
        </message>
        <message>
            <source>Connect &amp;e-mail…</source>
            <translation>Conectar &amp;correo…</translation>
        </message>
        <message>
            <source>A support mailbox: customers' e-mails in, answers and transcripts out.</source>
            <translation>Un buzón de soporte: entran los correos de los clientes, salen respuestas e historiales.</translation>
        </message>
        <message numerus="yes">
            <source>Without the budget they would be read every %n min.</source>
            <translation>
                <numerusform>Sin el presupuesto se leerían cada %n minuto.</numerusform>
                <numerusform>Sin el presupuesto se leerían cada %n minutos.</numerusform>
            </translation>
        </message>
        <message>
            <source>Set &amp;budget</source>
            <translation>Fijar &amp;presupuesto</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>sin presupuesto</translation>
        </message>
        <message>
            <source>X API budget a &amp;month:</source>
            <translation>Presupuesto de la API de X al &amp;mes:</translation>
        </message>
        <message>
            <source>Polling slows to stay within it: direct messages are read less often, and keyword listening pauses when the traffic alone costs more.</source>
            <translation>Las consultas se espacian para no superarlo: los mensajes directos se leen con menos frecuencia y la escucha por palabras clave se pausa cuando el tráfico por sí solo cuesta más.</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change the budget.</source>
            <translation>Solo un responsable o un administrador puede cambiar el presupuesto.</translation>
        </message>
        <message>
            <source>Set &amp;intervals</source>
            <translation>Fijar &amp;intervalos</translation>
        </message>
        <message>
            <source>Poll X every:</source>
            <translation>Consultar X cada:</translation>
        </message>
        <message>
            <source>me&amp;ntions</source>
            <translation>me&amp;nciones</translation>
        </message>
        <message>
            <source>lis&amp;tening</source>
            <translation>&amp;escucha</translation>
        </message>
        <message>
            <source>&amp;direct messages</source>
            <translation>mensajes &amp;directos</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>off</source>
            <translation>desactivado</translation>
        </message>
        <message>
            <source>Only a lead or an administrator can change how often X is polled.</source>
            <translation>Solo un responsable o un administrador puede cambiar la frecuencia con que se consulta X.</translation>
        </message>
        <message>
            <source>Connected, see the note</source>
            <translation>Conectada, ver la nota</translation>
        </message>
        <message>
            <source>Each from %1 to %2 seconds (the sync's own pace and X's request limits); 0 turns one off.</source>
            <translation>Cada uno de %1 a %2 segundos (el ritmo de la sincronización y los límites de solicitudes de X); 0 desactiva uno.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AddFeedDialog</name>
        <message>
            <source>Add a blog or news feed</source>
            <translation>Añadir un feed de blog o de noticias</translation>
        </message>
        <message>
            <source>e.g. https://blog.example/feed</source>
            <translation>p. ej. https://blog.example/feed</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ej. Acme, hervidor Acme</translation>
        </message>
        <message>
            <source>Articles that name one of these (any case, whole words) come into the inbox. Leave it empty for a search feed, whose every item is about the brand already.</source>
            <translation>Los artículos que nombren alguna de estas palabras (sin distinguir mayúsculas, palabras completas) llegan a la bandeja de entrada. Déjelo vacío para un feed de búsqueda, cuyas entradas ya tratan todas de la marca.</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>How often the feed is read. Sites are asked only whether the feed changed, and never more often than every 5 minutes.</source>
            <translation>Con qué frecuencia se lee el feed. Al sitio solo se le pregunta si el feed ha cambiado, y nunca más de una vez cada 5 minutos.</translation>
        </message>
        <message>
            <source>People write about the brand on blogs and news sites without tagging it. Add the site's RSS or Atom feed (or a news search's feed) and the words to look for: each new article naming them becomes a conversation, with its link. Replies are not posted there; contact the author another way or add a note.</source>
            <translation>La gente escribe sobre la marca en blogs y sitios de noticias sin etiquetarla. Añada el feed RSS o Atom del sitio (o el feed de una búsqueda de noticias) y las palabras que buscar: cada artículo nuevo que las nombre se convierte en una conversación, con su enlace. Las respuestas no se publican allí; contacte con el autor por otra vía o añada una nota.</translation>
        </message>
        <message>
            <source>Feed &amp;address:</source>
            <translation>&amp;Dirección del feed:</translation>
        </message>
        <message>
            <source>Look for &amp;words:</source>
            <translation>Buscar &amp;palabras:</translation>
        </message>
        <message>
            <source>Read &amp;every:</source>
            <translation>&amp;Leer cada:</translation>
        </message>
        <message>
            <source>Add feed</source>
            <translation>Añadir feed</translation>
        </message>
        <message>
            <source>Reading %1…</source>
            <translation>Leyendo %1…</translation>
        </message>
        <message>
            <source> days</source>
            <translation> días</translation>
        </message>
        <message>
            <source>new articles only</source>
            <translation>solo artículos nuevos</translation>
        </message>
        <message>
            <source>Articles the feed already holds are taken only when they were published this many days before the feed is added; older ones never come into the inbox.</source>
            <translation>Los artículos que el feed ya contiene solo se toman si se publicaron como máximo estos días antes de añadirlo; los más antiguos nunca llegan a la bandeja de entrada.</translation>
        </message>
        <message>
            <source>Take articles from the &amp;last:</source>
            <translation>Tomar artículos de los ú&amp;ltimos:</translation>
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
            <translation>Care Console: %1 incumplidas o con vencimiento en menos de 15 minutos</translation>
        </message>
        <message>
            <source>Urgent: %1</source>
            <translation>Urgente: %1</translation>
        </message>
        <message>
            <source>Answer due in 5 minutes: %1</source>
            <translation>Respuesta pendiente en 5 minutos: %1</translation>
        </message>
        <message>
            <source>and %1 more</source>
            <translation>y %1 más</translation>
        </message>
        <message>
            <source>Click to open the conversation.</source>
            <translation>Haz clic para abrir la conversación.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AssignDialog</name>
        <message>
            <source>Assign conversation</source>
            <translation>Asignar conversación</translation>
        </message>
        <message>
            <source>Nobody (back to the team)</source>
            <translation>Nadie (vuelve al equipo)</translation>
        </message>
        <message>
            <source>What your colleague needs to know: what the customer asked, what you did, what is still open</source>
            <translation>Lo que necesita saber tu compañero: qué preguntó el cliente, qué hiciste y qué queda pendiente</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>Asignar</translation>
        </message>
        <message>
            <source>Assign to</source>
            <translation>Asignar a</translation>
        </message>
        <message>
            <source>Hand-off note</source>
            <translation>Nota de traspaso</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::AttachmentsDialog</name>
        <message>
            <source>Save…</source>
            <translation>Guardar…</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>Adjuntos</translation>
        </message>
        <message>
            <source>Attachments of the e-mail from %1. They are never opened here; save one and check it before you open it.</source>
            <translation>Adjuntos del correo de %1. Aquí nunca se abren; guarde uno y compruébelo antes de abrirlo.</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Tipo</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Tamaño</translation>
        </message>
        <message>
            <source>Reading the e-mail from the mailbox…</source>
            <translation>Leyendo el correo del buzón…</translation>
        </message>
        <message>
            <source>Sent as: %1</source>
            <translation>Enviado como: %1</translation>
        </message>
        <message>
            <source>The attachments could not be read: %1</source>
            <translation>No se pudieron leer los adjuntos: %1</translation>
        </message>
        <message>
            <source>This e-mail has no attachments.</source>
            <translation>Este correo no tiene adjuntos.</translation>
        </message>
        <message numerus="yes">
            <source>%n attachment(s) in this e-mail.</source>
            <translation>
                <numerusform>%n adjunto en este correo.</numerusform>
                <numerusform>%n adjuntos en este correo.</numerusform>
            </translation>
        </message>
        <message>
            <source>Save attachment</source>
            <translation>Guardar adjunto</translation>
        </message>
        <message>
            <source>Saving %1…</source>
            <translation>Guardando %1…</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>No se pudo escribir %1: %2</translation>
        </message>
        <message>
            <source>Saved to %1. It was not opened.</source>
            <translation>Guardado en %1. No se ha abierto.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CalendarEditor</name>
        <message>
            <source>Open around the clock (24/7) — dated exceptions still apply</source>
            <translation>Abierto las 24 horas (24/7); las excepciones por fecha siguen aplicándose</translation>
        </message>
        <message>
            <source>The zone the hours are in; daylight-saving changes are followed exactly.</source>
            <translation>La zona en la que están los horarios; los cambios de horario de verano se siguen con exactitud.</translation>
        </message>
        <message>
            <source>Weekly hours</source>
            <translation>Horario semanal</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>cerrado</translation>
        </message>
        <message>
            <source>Ranges separated by commas, e.g. 08:00–12:00, 13:00–18:00. A range that ends before it starts runs past midnight (22:00–02:00); 24:00 is midnight. Empty: closed.</source>
            <translation>Franjas separadas por comas, p. ej. 08:00–12:00, 13:00–18:00. Una franja que termina antes de empezar pasa de la medianoche (22:00–02:00); 24:00 es medianoche. Vacío: cerrado.</translation>
        </message>
        <message>
            <source>Holidays, closures and special hours</source>
            <translation>Festivos, cierres y horarios especiales</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Fecha</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <source>Hours (empty: closed all day)</source>
            <translation>Horario (vacío: cerrado todo el día)</translation>
        </message>
        <message>
            <source>&amp;Add date</source>
            <translation>&amp;Añadir fecha</translation>
        </message>
        <message>
            <source>&amp;Remove date</source>
            <translation>&amp;Quitar fecha</translation>
        </message>
        <message>
            <source>&amp;Time zone</source>
            <translation>&amp;Zona horaria</translation>
        </message>
        <message>
            <source>Unknown time zone “%1”.</source>
            <translation>Zona horaria desconocida: «%1».</translation>
        </message>
        <message>
            <source>Pick one from the list, e.g. Europe/Berlin.</source>
            <translation>Elige una de la lista, p. ej. Europe/Berlin.</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>“%1” is not a date.</source>
            <translation>«%1» no es una fecha.</translation>
        </message>
        <message>
            <source>Write dates as YYYY-MM-DD, e.g. 2026-12-24.</source>
            <translation>Escribe las fechas como AAAA-MM-DD, p. ej. 2026-12-24.</translation>
        </message>
        <message>
            <source>%1 is listed twice.</source>
            <translation>%1 aparece dos veces.</translation>
        </message>
        <message>
            <source>The team is never on duty with these hours.</source>
            <translation>Con este horario el equipo nunca está de servicio.</translation>
        </message>
        <message>
            <source>Give at least one weekday hours, or choose 24/7.</source>
            <translation>Da horario al menos a un día de la semana, o elige 24/7.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now, until %1.</source>
            <translation>Con este horario el equipo está de servicio ahora, hasta %1.</translation>
        </message>
        <message>
            <source>With these hours the team is on duty now.</source>
            <translation>Con este horario el equipo está de servicio ahora.</translation>
        </message>
        <message>
            <source>With these hours the team is off duty now and back %1.</source>
            <translation>Con este horario el equipo está fuera de servicio ahora y vuelve %1.</translation>
        </message>
        <message>
            <source>Profile bio: %1
%2</source>
            <translation>Biografía del perfil: %1
%2</translation>
        </message>
        <message>
            <source>Several ranges: 08:00–12:00, 13:00–18:00.
Past midnight: 22:00–02:00 (ends the next morning).
Until midnight: 18:00–24:00. Empty: closed.</source>
            <translation>Varias franjas: 08:00–12:00, 13:00–18:00.
Pasada la medianoche: 22:00–02:00 (termina a la mañana siguiente).
Hasta medianoche: 18:00–24:00. Vacío: cerrado.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ChartsPane</name>
        <message>
            <source>First response time: the first reply by a person (public or private) minus the first message of the customer. Internal notes and automatic acknowledgements do not count. Bars: median per day; line: 90th percentile; dashed: the one-hour target.</source>
            <translation>Tiempo de primera respuesta: la primera respuesta de una persona (pública o privada) menos el primer mensaje del cliente. Las notas internas y los acuses de recibo automáticos no cuentan. Barras: mediana por día; línea: percentil 90; discontinua: el objetivo de una hora.</translation>
        </message>
        <message>
            <source>First response time per day, last %1 days</source>
            <translation>Tiempo de primera respuesta por día, últimos %1 días</translation>
        </message>
        <message>
            <source>Median (minutes)</source>
            <translation>Mediana (minutos)</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>Percentil 90</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>Objetivo</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>minutos</translation>
        </message>
        <message>
            <source>%1 %2 (n=%3)</source>
            <translation>%1 %2 (n=%3)</translation>
        </message>
        <message>
            <source>First response over %1 days: median %2, 90th percentile %3, mean %4 — %5 answered, %6 still waiting.
Median by channel: %7</source>
            <translation>Primera respuesta en %1 días: mediana %2, percentil 90 %3, media %4; respondidas: %5, aún esperando: %6.
Mediana por canal: %7</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — 1 conversation still waiting.</source>
            <translation>Aún no hay primera respuesta en los últimos %1 días: 1 conversación sigue esperando.</translation>
        </message>
        <message>
            <source>No first response yet in the last %1 days — %2 conversations still waiting.</source>
            <translation>Aún no hay primera respuesta en los últimos %1 días: %2 conversaciones siguen esperando.</translation>
        </message>
        <message>
            <source>No conversations started in the last %1 days.</source>
            <translation>No ha empezado ninguna conversación en los últimos %1 días.</translation>
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
            <translation>Enviar en privado</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Enviar</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Deshacer</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Respuesta pública</translation>
        </message>
        <message>
            <source>Private message</source>
            <translation>Mensaje privado</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Nota interna</translation>
        </message>
        <message>
            <source>Send (Ctrl+Return)</source>
            <translation>Enviar (Ctrl+Intro)</translation>
        </message>
        <message>
            <source>Sending in %1 s …</source>
            <translation>Enviando en %1 s…</translation>
        </message>
        <message>
            <source>%1 does not allow that here.</source>
            <translation>%1 no permite eso aquí.</translation>
        </message>
        <message>
            <source>Fill in %1 before sending.</source>
            <translation>Completa %1 antes de enviar.</translation>
        </message>
        <message>
            <source>Internal notes are never sent to the customer.</source>
            <translation>Las notas internas nunca se envían al cliente.</translation>
        </message>
        <message>
            <source>Signed: %1</source>
            <translation>Firmado: %1</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Añadir nota</translation>
        </message>
        <message>
            <source>Send privately</source>
            <translation>Enviar en privado</translation>
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
            <translation>Demasiado largo para %1: acórtalo o envíalo como mensaje privado.</translation>
        </message>
        <message>
            <source>Fill in %1 first: it would reach the customer as it is.</source>
            <translation>Completa primero %1: llegaría al cliente tal como está.</translation>
        </message>
        <message>
            <source>Internal note for colleagues — never sent to the customer</source>
            <translation>Nota interna para los compañeros; nunca se envía al cliente</translation>
        </message>
        <message>
            <source>Private message to the customer</source>
            <translation>Mensaje privado al cliente</translation>
        </message>
        <message>
            <source>Public reply — everyone can read it. /shortcode + Tab inserts an approved reply</source>
            <translation>Respuesta pública: todo el mundo puede leerla. /atajo + Tab inserta una respuesta aprobada</translation>
        </message>
        <message>
            <source>The draft could not be saved: %1</source>
            <translation>No se pudo guardar el borrador: %1</translation>
        </message>
        <message>
            <source>This public reply contains personal data: %1. Send it as a private message instead, with a short public note that you continue in private?</source>
            <translation>Esta respuesta pública contiene datos personales: %1. ¿Enviarla como mensaje privado, con una breve nota pública de que sigues en privado?</translation>
        </message>
        <message>
            <source>Not sent. Your text is back in the editor.</source>
            <translation>No enviado. Tu texto vuelve a estar en el editor.</translation>
        </message>
        <message>
            <source>Not sent: %1</source>
            <translation>No enviado: %1</translation>
        </message>
        <message>
            <source>Note added.</source>
            <translation>Nota añadida.</translation>
        </message>
        <message>
            <source>Reply queued for delivery.</source>
            <translation>Respuesta en cola para su entrega.</translation>
        </message>
        <message>
            <source> · %1 / %2 bytes</source>
            <translation> · %1 / %2 bytes</translation>
        </message>
        <message>
            <source>Add a &amp;note</source>
            <translation>Añadir una &amp;nota</translation>
        </message>
        <message>
            <source>Contact the &amp;author another way…</source>
            <translation>Contactar con el &amp;autor por otra vía…</translation>
        </message>
        <message>
            <source>Record how to reach the author (e-mail, phone) in their contact details.</source>
            <translation>Anotar en sus datos de contacto cómo localizar al autor (correo electrónico, teléfono).</translation>
        </message>
        <message>
            <source>A colleague has answered</source>
            <translation>Un compañero ya ha respondido</translation>
        </message>
        <message>
            <source>%1 answered this customer at %2, while you were writing:

%3

Send your reply as well?</source>
            <translation>%1 respondió a este cliente a las %2 mientras escribías:

%3

¿Enviar también tu respuesta?</translation>
        </message>
        <message>
            <source>Send mine too</source>
            <translation>Enviar la mía también</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>Seguir editando</translation>
        </message>
        <message>
            <source>Answer by e-mail</source>
            <translation>Responder por correo</translation>
        </message>
        <message>
            <source>The support mailbox the e-mail goes out from</source>
            <translation>El buzón de soporte desde el que sale el correo</translation>
        </message>
        <message>
            <source>Goes by e-mail to %1, privately, with your signature; it shows here as sent by e-mail.</source>
            <translation>Se envía por correo a %1, en privado, con su firma; aquí aparece como enviada por correo.</translation>
        </message>
        <message>
            <source>Offered when the customer prefers e-mail and their address is in the customer card.</source>
            <translation>Disponible cuando el cliente prefiere el correo y su dirección figura en la ficha del cliente.</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>Send e-mail</source>
            <translation>Enviar correo</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>Correo a %1</translation>
        </message>
        <message>
            <source>E-mail queued for delivery.</source>
            <translation>Correo en cola para su envío.</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator adds one in File → Accounts… → Connect e-mail…, then the answer can go by e-mail.</source>
            <translation>No hay ningún buzón de soporte conectado. Un administrador añade uno en Archivo → Cuentas… → Conectar correo…, y entonces la respuesta puede ir por correo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectBlueskyDialog</name>
        <message>
            <source>Mark notifications as &amp;read on Bluesky after each sync</source>
            <translation>Marcar las notificaciones como &amp;leídas en Bluesky después de cada sincronización</translation>
        </message>
        <message>
            <source>Connect a Bluesky account</source>
            <translation>Conectar una cuenta de Bluesky</translation>
        </message>
        <message>
            <source>e.g. acme.bsky.social</source>
            <translation>p. ej. acme.bsky.social</translation>
        </message>
        <message>
            <source>Where the account lives. Leave https://bsky.social for accounts on Bluesky's own servers; give the address of a self-hosted server (PDS) otherwise.</source>
            <translation>Dónde está la cuenta. Deja https://bsky.social para las cuentas en los servidores de Bluesky; si no, indica la dirección de un servidor propio (PDS).</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle, #acmehelp</source>
            <translation>p. ej. Acme, hervidor Acme, #acmeayuda</translation>
        </message>
        <message>
            <source>The brand's own Bluesky app shares this read state: leave it off if people there rely on the unread count.</source>
            <translation>La aplicación de Bluesky de la propia marca comparte este estado de lectura: déjalo desactivado si alguien allí depende del contador de no leídas.</translation>
        </message>
        <message>
            <source>Care Console signs in with an app password — never the account's main password. Create one in Bluesky under Settings → Privacy and security → App passwords, and tick “Allow access to your direct messages” so that private replies work. The app password and the session are kept in the system keychain.</source>
            <translation>Care Console inicia sesión con una contraseña de aplicación, nunca con la contraseña principal de la cuenta. Crea una en Bluesky en Ajustes → Privacidad y seguridad → Contraseñas de aplicación y marca «Permitir el acceso a tus mensajes directos» para que funcionen las respuestas privadas. La contraseña de aplicación y la sesión se guardan en el llavero del sistema.</translation>
        </message>
        <message>
            <source>&amp;Handle:</source>
            <translation>&amp;Usuario:</translation>
        </message>
        <message>
            <source>&amp;App password:</source>
            <translation>&amp;Contraseña de aplicación:</translation>
        </message>
        <message>
            <source>&amp;Server:</source>
            <translation>&amp;Servidor:</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Escuchar &amp;palabras:</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Iniciar sesión</translation>
        </message>
        <message>
            <source>Both the handle and an app password are needed.</source>
            <translation>Se necesitan tanto el usuario como una contraseña de aplicación.</translation>
        </message>
        <message>
            <source>Give the server's address, e.g. https://bsky.social.</source>
            <translation>Indica la dirección del servidor, p. ej. https://bsky.social.</translation>
        </message>
        <message>
            <source>That does not look like an app password (four groups of four letters or digits, like abcd-efgh-ijkl-mnop). Never use the account's main password here: create an app password in Bluesky's settings.</source>
            <translation>Eso no parece una contraseña de aplicación (cuatro grupos de cuatro letras o cifras, como abcd-efgh-ijkl-mnop). No uses nunca aquí la contraseña principal de la cuenta: crea una contraseña de aplicación en los ajustes de Bluesky.</translation>
        </message>
        <message>
            <source>Signing in to %1 as %2…</source>
            <translation>Iniciando sesión en %1 como %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectEmailDialog</name>
        <message>
            <source>Allow plain text without TLS (a test server on this computer)</source>
            <translation>Permitir texto sin cifrar, sin TLS (un servidor de pruebas en este equipo)</translation>
        </message>
        <message>
            <source>Connect a support mailbox</source>
            <translation>Conectar un buzón de soporte</translation>
        </message>
        <message>
            <source>Customers' e-mails come in from the mailbox over IMAP; answers and transcripts go out over SMTP. Both servers are asked to accept the login before anything is kept; the password goes to the system keychain. Mail is never deleted or moved.</source>
            <translation>Los correos de los clientes llegan del buzón por IMAP; las respuestas y los historiales salen por SMTP. Ambos servidores deben aceptar el inicio de sesión antes de guardar nada; la contraseña va al llavero del sistema. Nunca se borra ni se mueve ningún correo.</translation>
        </message>
        <message>
            <source>imaps://mail.example.com</source>
            <translation>imaps://mail.example.com</translation>
        </message>
        <message>
            <source>imaps:// is encrypted from the start; imap:// is upgraded with STARTTLS.</source>
            <translation>imaps:// está cifrado desde el principio; imap:// se cifra con STARTTLS.</translation>
        </message>
        <message>
            <source>smtp://mail.example.com:587</source>
            <translation>smtp://mail.example.com:587</translation>
        </message>
        <message>
            <source>smtps:// (port 465) is encrypted from the start; smtp:// (port 587) is upgraded with STARTTLS.</source>
            <translation>smtps:// (puerto 465) está cifrado desde el principio; smtp:// (puerto 587) se cifra con STARTTLS.</translation>
        </message>
        <message>
            <source>support@example.com</source>
            <translation>support@example.com</translation>
        </message>
        <message>
            <source>the user name, when it is an address</source>
            <translation>el nombre de usuario, si es una dirección</translation>
        </message>
        <message>
            <source>e.g. Acme Support</source>
            <translation>p. ej., Acme Support</translation>
        </message>
        <message>
            <source>Only for a server on this computer: the password would otherwise cross the network unencrypted.</source>
            <translation>Solo para un servidor en este equipo: si no, la contraseña cruzaría la red sin cifrar.</translation>
        </message>
        <message>
            <source>&amp;IMAP server:</source>
            <translation>Servidor &amp;IMAP:</translation>
        </message>
        <message>
            <source>&amp;SMTP server:</source>
            <translation>Servidor &amp;SMTP:</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>Nombre de &amp;usuario:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Contraseña:</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>&amp;Dirección:</translation>
        </message>
        <message>
            <source>Shown &amp;name:</source>
            <translation>&amp;Nombre mostrado:</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Conectar</translation>
        </message>
        <message>
            <source>The IMAP and SMTP servers, the user name and the password are needed.</source>
            <translation>Se necesitan los servidores IMAP y SMTP, el nombre de usuario y la contraseña.</translation>
        </message>
        <message>
            <source>Signing in to %1…</source>
            <translation>Iniciando sesión en %1…</translation>
        </message>
        <message>
            <source>Signing in to %1 and %2…</source>
            <translation>Iniciando sesión en %1 y %2…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectFacebookDialog</name>
        <message>
            <source>Read and answer &amp;Messenger conversations (needs pages_messaging)</source>
            <translation>Leer y responder conversaciones de &amp;Messenger (requiere pages_messaging)</translation>
        </message>
        <message>
            <source>Meta has approved this Page for the &amp;human agent tag</source>
            <translation>Meta ha aprobado esta página para la etiqueta de &amp;agente humano</translation>
        </message>
        <message>
            <source>Connect a Facebook Page</source>
            <translation>Conectar una página de Facebook</translation>
        </message>
        <message>
            <source>e.g. 104233445566</source>
            <translation>p. ej. 104233445566</translation>
        </message>
        <message>
            <source>Paste the Page access token</source>
            <translation>Pega el token de acceso de la página</translation>
        </message>
        <message>
            <source>With the human agent tag, agents may answer a Messenger conversation for 7 days after the customer's last message instead of 24 hours. Tick it only if Meta approved the Page's app for it.</source>
            <translation>Con la etiqueta de agente humano, los agentes pueden responder una conversación de Messenger hasta 7 días después del último mensaje del cliente en lugar de 24 horas. Márcala solo si Meta aprobó la app de la página para ello.</translation>
        </message>
        <message>
            <source>Care Console works as the Page with a Page access token made by an administrator of the Page: a long-lived Page token, or one made for a system user in Meta Business Suite. It needs the permissions pages_read_engagement, pages_read_user_content, pages_manage_engagement and, for Messenger, pages_messaging. The token is checked with Facebook before anything is kept, and kept in the system keychain.</source>
            <translation>Care Console actúa como la página con un token de acceso de página creado por un administrador de la página: un token de página de larga duración, o uno creado para un usuario del sistema en Meta Business Suite. Necesita los permisos pages_read_engagement, pages_read_user_content, pages_manage_engagement y, para Messenger, pages_messaging. El token se comprueba con Facebook antes de guardar nada, y se guarda en el llavero del sistema.</translation>
        </message>
        <message>
            <source>&amp;Page ID:</source>
            <translation>ID de la &amp;página:</translation>
        </message>
        <message>
            <source>Page access &amp;token:</source>
            <translation>&amp;Token de acceso de la página:</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>Conectar</translation>
        </message>
        <message>
            <source>Give the Page's numeric ID: in Meta Business Suite under Settings, or on the Page under About → Page transparency.</source>
            <translation>Indica el ID numérico de la página: en Meta Business Suite, en Configuración, o en la página, en Información → Transparencia de la página.</translation>
        </message>
        <message>
            <source>Paste the whole Page access token (one long word, no spaces).</source>
            <translation>Pega el token de acceso de la página completo (una sola palabra larga, sin espacios).</translation>
        </message>
        <message>
            <source>Checking the token with Facebook…</source>
            <translation>Comprobando el token con Facebook…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectMastodonDialog</name>
        <message>
            <source>Connect a Mastodon account</source>
            <translation>Conectar una cuenta de Mastodon</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ej. Acme, hervidor Acme</translation>
        </message>
        <message>
            <source>e.g. acmehelp</source>
            <translation>p. ej. acmeayuda</translation>
        </message>
        <message>
            <source>Sign in with the browser: you allow Care Console on the brand's account and the console receives its token. Or, on the brand's account, open Preferences → Development → New application, allow read and write, and paste “Your access token” below. Either way the token is kept in the system keychain.</source>
            <translation>Inicia sesión con el navegador: autorizas a Care Console en la cuenta de la marca y la consola recibe su token. O bien, en la cuenta de la marca, abre Preferencias → Desarrollo → Nueva aplicación, permite lectura y escritura y pega abajo «Tu token de acceso». En ambos casos el token se guarda en el llavero del sistema.</translation>
        </message>
        <message>
            <source>&amp;Instance:</source>
            <translation>&amp;Instancia:</translation>
        </message>
        <message>
            <source>Access &amp;token:</source>
            <translation>&amp;Token de acceso:</translation>
        </message>
        <message>
            <source>Listen for &amp;words:</source>
            <translation>Escuchar &amp;palabras:</translation>
        </message>
        <message>
            <source>Listen for &amp;hashtags:</source>
            <translation>Escuchar &amp;hashtags:</translation>
        </message>
        <message>
            <source>Connect with token</source>
            <translation>Conectar con token</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Iniciar sesión con el &amp;navegador…</translation>
        </message>
        <message>
            <source>Allow Care Console on %1 in the browser, then come back here. If no browser opened, open this address:
%2</source>
            <translation>Autoriza a Care Console en %1 desde el navegador y vuelve aquí. Si no se abrió ningún navegador, abre esta dirección:
%2</translation>
        </message>
        <message>
            <source>Give the instance's address first, e.g. https://social.example.</source>
            <translation>Indica primero la dirección de la instancia, p. ej. https://social.example.</translation>
        </message>
        <message>
            <source>Preparing the sign-in with %1…</source>
            <translation>Preparando el inicio de sesión con %1…</translation>
        </message>
        <message>
            <source>Both the instance and the access token are needed.</source>
            <translation>Se necesitan tanto la instancia como el token de acceso.</translation>
        </message>
        <message>
            <source>Checking the token with %1…</source>
            <translation>Comprobando el token con %1…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ConnectXDialog</name>
        <message>
            <source>Connect an X account</source>
            <translation>Conectar una cuenta de X</translation>
        </message>
        <message>
            <source>e.g. Acme, Acme kettle</source>
            <translation>p. ej. Acme, hervidor Acme</translation>
        </message>
        <message>
            <source>no budget</source>
            <translation>sin presupuesto</translation>
        </message>
        <message>
            <source>In the X developer console, the app must be a native app (public client) with OAuth 2.0 on, and list %1 as a callback URL. Care Console keeps the tokens in the system keychain; X bills every post and message it reads, so set a budget: polling slows down to keep it.</source>
            <translation>En la consola de desarrolladores de X, la app debe ser una app nativa (cliente público) con OAuth 2.0 activado y tener %1 como URL de devolución de llamada. Care Console guarda los tokens en el llavero del sistema; X cobra cada publicación y mensaje que lee, así que fije un presupuesto: las consultas se ralentizan para respetarlo.</translation>
        </message>
        <message>
            <source>OAuth 2.0 &amp;client id:</source>
            <translation>ID de &amp;cliente OAuth 2.0:</translation>
        </message>
        <message>
            <source>Callback &amp;port:</source>
            <translation>&amp;Puerto de devolución de llamada:</translation>
        </message>
        <message>
            <source>Listen for &amp;brand terms:</source>
            <translation>Escuchar &amp;términos de marca:</translation>
        </message>
        <message>
            <source>Search query:</source>
            <translation>Consulta de búsqueda:</translation>
        </message>
        <message>
            <source>Monthly &amp;budget:</source>
            <translation>&amp;Presupuesto mensual:</translation>
        </message>
        <message>
            <source>Sign in with the &amp;browser…</source>
            <translation>Iniciar sesión con el &amp;navegador…</translation>
        </message>
        <message>
            <source>Allow Care Console on X in the browser, then come back here. If no browser opened, open this address:
%1</source>
            <translation>Autorice a Care Console en X en el navegador y luego vuelva aquí. Si no se abrió ningún navegador, abra esta dirección:
%1</translation>
        </message>
        <message>
            <source>No keyword listening (mentions and direct messages only).</source>
            <translation>Sin escucha por palabras clave (solo menciones y mensajes directos).</translation>
        </message>
        <message>
            <source>Give the X app's OAuth 2.0 client id first (X developer console → the app → Keys and tokens).</source>
            <translation>Indique primero el ID de cliente OAuth 2.0 de la app de X (consola de desarrolladores de X → la app → Keys and tokens).</translation>
        </message>
        <message>
            <source>Preparing the sign-in with X…</source>
            <translation>Preparando el inicio de sesión en X…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ContactPreferenceDialog</name>
        <message>
            <source>How %1 wants to be contacted</source>
            <translation>Cómo quiere %1 que le contacten</translation>
        </message>
        <message>
            <source>Not asked yet</source>
            <translation>Aún no se ha preguntado</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Teléfono</translation>
        </message>
        <message>
            <source>Address or number, if they gave one privately</source>
            <translation>Dirección o número, si lo dio en privado</translation>
        </message>
        <message>
            <source>Preferred channel</source>
            <translation>Canal preferido</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Contacto</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notas</translation>
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
            <translation>primera respuesta pendiente %1</translation>
        </message>
        <message>
            <source>next response due %1</source>
            <translation>siguiente respuesta pendiente %1</translation>
        </message>
        <message>
            <source>resolution due %1</source>
            <translation>resolución pendiente %1</translation>
        </message>
        <message>
            <source>Urgency %1: %2</source>
            <translation>Urgencia %1: %2</translation>
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
            <translation>Insertar comunicado provisional</translation>
        </message>
        <message>
            <source>Show conversations</source>
            <translation>Mostrar conversaciones</translation>
        </message>
        <message>
            <source>Start crisis mode…</source>
            <translation>Iniciar modo crisis…</translation>
        </message>
        <message>
            <source>End crisis</source>
            <translation>Terminar la crisis</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Descartar</translation>
        </message>
        <message>
            <source>Crisis: %1</source>
            <translation>Crisis: %1</translation>
        </message>
        <message>
            <source>Negative spike</source>
            <translation>Pico negativo</translation>
        </message>
        <message>
            <source>Spike: %1</source>
            <translation>Pico: %1</translation>
        </message>
        <message>
            <source>Holding statement: %1</source>
            <translation>Comunicado provisional: %1</translation>
        </message>
        <message>
            <source>Scheduled posts are paused.</source>
            <translation>Las publicaciones programadas están en pausa.</translation>
        </message>
        <message>
            <source>Update…</source>
            <translation>Actualizar…</translation>
        </message>
        <message>
            <source>Possible incident — %1</source>
            <translation>Posible incidente: %1</translation>
        </message>
        <message>
            <source>End “%1”? The banner goes for everyone and scheduled posts resume.</source>
            <translation>¿Terminar «%1»? El aviso desaparece para todos y las publicaciones programadas se reanudan.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CrisisDialog</name>
        <message>
            <source>Pause scheduled posts (shift announcements, promotions) until the crisis ends</source>
            <translation>Pausar las publicaciones programadas (avisos de turno, promociones) hasta que termine la crisis</translation>
        </message>
        <message>
            <source>Update crisis</source>
            <translation>Actualizar la crisis</translation>
        </message>
        <message>
            <source>Start crisis mode</source>
            <translation>Iniciar modo crisis</translation>
        </message>
        <message>
            <source>e.g. Payments outage</source>
            <translation>p. ej. Caída de los pagos</translation>
        </message>
        <message>
            <source>outage, #acmedown, payment failed</source>
            <translation>caída, #acmedown, pago fallido</translation>
        </message>
        <message>
            <source>Conversations whose customers use one of these words are grouped as the crisis's.</source>
            <translation>Las conversaciones cuyos clientes usan alguna de estas palabras se agrupan en la crisis.</translation>
        </message>
        <message>
            <source>The approved holding reply, e.g. “We know payments are failing and are working on it. We'll post an update by 15:00.”</source>
            <translation>La respuesta provisional aprobada, p. ej. «Sabemos que los pagos están fallando y estamos trabajando en ello. Publicaremos una actualización antes de las 15:00».</translation>
        </message>
        <message>
            <source>&amp;Update</source>
            <translation>&amp;Actualizar</translation>
        </message>
        <message>
            <source>&amp;Start crisis mode</source>
            <translation>&amp;Iniciar modo crisis</translation>
        </message>
        <message>
            <source>&amp;Incident</source>
            <translation>&amp;Incidente</translation>
        </message>
        <message>
            <source>&amp;Words</source>
            <translation>&amp;Palabras</translation>
        </message>
        <message>
            <source>&amp;Holding statement</source>
            <translation>&amp;Comunicado provisional</translation>
        </message>
        <message>
            <source>Every agent sees a banner with the holding statement; the crisis's conversations are grouped in the inbox.</source>
            <translation>Todos los agentes ven un aviso con el comunicado provisional; las conversaciones de la crisis se agrupan en la bandeja de entrada.</translation>
        </message>
        <message>
            <source>Name the incident and write the holding statement.</source>
            <translation>Pon nombre al incidente y escribe el comunicado provisional.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CsatDialog</name>
        <message>
            <source>Record satisfaction</source>
            <translation>Registrar la satisfacción</translation>
        </message>
        <message>
            <source>How satisfied was the customer, from 1 (poor) to 5 (great)? Record it here when they told you another way; their latest answer is the one that counts.</source>
            <translation>¿Qué tan satisfecho quedó el cliente, de 1 (mal) a 5 (excelente)? Regístralo aquí si te lo dijo por otra vía; cuenta su respuesta más reciente.</translation>
        </message>
        <message>
            <source>Satisfaction: loading…</source>
            <translation>Satisfacción: cargando…</translation>
        </message>
        <message>
            <source>poor</source>
            <translation>mal</translation>
        </message>
        <message>
            <source>below expectations</source>
            <translation>por debajo de lo esperado</translation>
        </message>
        <message>
            <source>all right</source>
            <translation>correcto</translation>
        </message>
        <message>
            <source>good</source>
            <translation>bien</translation>
        </message>
        <message>
            <source>great</source>
            <translation>excelente</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 – %2</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Registrar</translation>
        </message>
        <message>
            <source>Satisfaction: unknown (%1)</source>
            <translation>Satisfacción: desconocida (%1)</translation>
        </message>
        <message>
            <source>customer</source>
            <translation>cliente</translation>
        </message>
        <message>
            <source>recorded by %1</source>
            <translation>registrada por %1</translation>
        </message>
        <message>
            <source>Satisfaction: %1/5 (%2, %3)</source>
            <translation>Satisfacción: %1/5 (%2, %3)</translation>
        </message>
        <message>
            <source>Satisfaction: asked %1, no answer yet</source>
            <translation>Satisfacción: preguntada %1, aún sin respuesta</translation>
        </message>
        <message>
            <source>Satisfaction: not asked yet</source>
            <translation>Satisfacción: aún no preguntada</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::CustomerCard</name>
        <message>
            <source>not asked yet — ask how they want to be contacted</source>
            <translation>aún no se ha preguntado: pregunta cómo quiere que le contacten</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Teléfono</translation>
        </message>
        <message>
            <source>Contact &amp;&amp; notes…</source>
            <translation>Contacto y notas…</translation>
        </message>
        <message>
            <source>Merge…</source>
            <translation>Fusionar…</translation>
        </message>
        <message>
            <source>The same person wrote from another account: join the two records so the whole history shows in one transcript.</source>
            <translation>La misma persona escribió desde otra cuenta: une los dos registros para que todo el historial aparezca en una sola transcripción.</translation>
        </message>
        <message>
            <source>Undo merge</source>
            <translation>Deshacer la fusión</translation>
        </message>
        <message>
            <source>Prefers: %1</source>
            <translation>Prefiere: %1</translation>
        </message>
        <message>
            <source>Notes: %1</source>
            <translation>Notas: %1</translation>
        </message>
        <message>
            <source>Conversations: %1 (%2 open or waiting, %3 resolved)</source>
            <translation>Conversaciones: %1 (abiertas o en espera: %2; resueltas: %3)</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Etiquetas: %1</translation>
        </message>
        <message>
            <source>Separate %1 again</source>
            <translation>Volver a separar %1</translation>
        </message>
        <message>
            <source>The customers are separate again.</source>
            <translation>Los clientes vuelven a estar separados.</translation>
        </message>
        <message>
            <source>Saved how %1 wants to be contacted.</source>
            <translation>Se ha guardado cómo quiere %1 que le contacten.</translation>
        </message>
        <message>
            <source>Merged: one customer, one transcript.</source>
            <translation>Fusionados: un cliente, una transcripción.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardChartBuilder</name>
        <message>
            <source>hours</source>
            <translation>horas</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>minutos</translation>
        </message>
        <message>
            <source>Median</source>
            <translation>Mediana</translation>
        </message>
        <message>
            <source>90th percentile</source>
            <translation>Percentil 90</translation>
        </message>
        <message>
            <source>Target %1 min</source>
            <translation>Objetivo %1 min</translation>
        </message>
        <message>
            <source>median, %1</source>
            <translation>mediana, %1</translation>
        </message>
        <message>
            <source>Met rate</source>
            <translation>Tasa de cumplimiento</translation>
        </message>
        <message>
            <source>%1 of 5</source>
            <translation>%1 de 5</translation>
        </message>
        <message>
            <source>Mean score</source>
            <translation>Puntuación media</translation>
        </message>
        <message>
            <source>answers</source>
            <translation>respuestas</translation>
        </message>
        <message>
            <source>mean score</source>
            <translation>puntuación media</translation>
        </message>
        <message>
            <source>Customers waiting</source>
            <translation>Clientes esperando</translation>
        </message>
        <message>
            <source>conversations</source>
            <translation>conversaciones</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>Este periodo</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>Periodo anterior</translation>
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
            <translation>Tiempo de primera respuesta: desde el primer mensaje del cliente en un ciclo hasta el primer mensaje que una persona del equipo envía al cliente, público o privado. Las notas internas y los acuses de recibo automáticos no son respuestas. Si la conversación se marca como «no necesita respuesta», o se resuelve, antes de que nadie responda, el reloj se detiene sin respuesta: se cuenta como terminada sin respuesta, junto a las cifras, nunca dentro de ellas. Una espera que sigue abierta ahora se cuenta como aún esperando, también junto a las cifras.</translation>
        </message>
        <message>
            <source>Wall clock counts every real second. With "Staffed hours only", only the seconds within the team calendar's opening hours count.</source>
            <translation>El tiempo real cuenta cada segundo. Con «Solo horario de atención», solo cuentan los segundos dentro del horario del calendario del equipo.</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. The tooltip adds the mean (the sum divided by the count) and the count n.</source>
            <translation>Barras: la mediana; la mitad de los valores están en ella o por debajo; con un número par, la media de los dos valores centrales. Línea: el percentil 90; el valor más pequeño tal que el 90 % de los valores están en él o por debajo. La información emergente añade la media (la suma dividida por el número) y el número n.</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Primera respuesta</translation>
        </message>
        <message>
            <source>Next response</source>
            <translation>Siguiente respuesta</translation>
        </message>
        <message>
            <source>Customer waiting</source>
            <translation>Tiempo de espera del cliente</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Resolución</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfacción</translation>
        </message>
        <message>
            <source>Next response time per week</source>
            <translation>Tiempo de siguiente respuesta por semana</translation>
        </message>
        <message>
            <source>Next response time per day</source>
            <translation>Tiempo de siguiente respuesta por día</translation>
        </message>
        <message>
            <source>Customer waiting time per week</source>
            <translation>Tiempo de espera del cliente por semana</translation>
        </message>
        <message>
            <source>Customer waiting time per day</source>
            <translation>Tiempo de espera del cliente por día</translation>
        </message>
        <message>
            <source>Resolution time per week</source>
            <translation>Tiempo de resolución por semana</translation>
        </message>
        <message>
            <source>Resolution time per day</source>
            <translation>Tiempo de resolución por día</translation>
        </message>
        <message>
            <source>Next response time: each later customer message that arrives while the customer is not already waiting for us starts a new clock, which stops at the next message a person on the team sends the customer. Messages the customer adds while already waiting start no clock of their own. "No reply needed" and resolving stop it without a response: counted as ended without response, beside the figures. One value per next response; it counts for the local date of the first customer message of its cycle, not of the message it answers.</source>
            <translation>Tiempo de siguiente respuesta: cada mensaje posterior del cliente que llega cuando el cliente no está ya esperándonos pone en marcha un reloj nuevo, que se detiene con el siguiente mensaje que una persona del equipo envía al cliente. Los mensajes que el cliente añade mientras ya espera no ponen en marcha un reloj propio. «No necesita respuesta» y resolver lo detienen sin respuesta: se cuenta como terminada sin respuesta, junto a las cifras. Un valor por cada siguiente respuesta; cuenta para la fecha local del primer mensaje del cliente de su ciclo, no del mensaje al que responde.</translation>
        </message>
        <message>
            <source>Customer waiting time: how long the customer waited for an answer, from the first unanswered customer message to the answer, added up over the conversation — the first and next response times together. One value per conversation, counted for the local date of its first customer message. Waits that ended without a response are left out; a wait still open now is counted as still waiting, beside the figures.</source>
            <translation>Tiempo de espera del cliente: cuánto esperó el cliente una respuesta, desde el primer mensaje del cliente sin responder hasta la respuesta, sumado a lo largo de la conversación; los tiempos de primera y siguiente respuesta juntos. Un valor por conversación, contado para la fecha local de su primer mensaje del cliente. Las esperas terminadas sin respuesta se excluyen; una espera que sigue abierta ahora se cuenta como aún esperando, junto a las cifras.</translation>
        </message>
        <message>
            <source>Resolution time: from the start of a cycle (the conversation's creation, or a reopen) to "resolved". A reopened conversation gets a second resolution time for its new cycle. One value per resolved cycle, counted for the local date of the cycle's first customer message; cycles not resolved yet are counted beside the figures.</source>
            <translation>Tiempo de resolución: desde el inicio de un ciclo (la creación de la conversación o su reapertura) hasta «resuelta». Una conversación reabierta obtiene un segundo tiempo de resolución para su nuevo ciclo. Un valor por ciclo resuelto, contado para la fecha local del primer mensaje del cliente del ciclo; los ciclos aún sin resolver se cuentan junto a las cifras.</translation>
        </message>
        <message>
            <source>First response time per week</source>
            <translation>Tiempo de primera respuesta por semana</translation>
        </message>
        <message>
            <source>First response time per day</source>
            <translation>Tiempo de primera respuesta por día</translation>
        </message>
        <message>
            <source>First response by channel</source>
            <translation>Primera respuesta por canal</translation>
        </message>
        <message>
            <source>First response by agent</source>
            <translation>Primera respuesta por agente</translation>
        </message>
        <message>
            <source>SLA first response met, per week</source>
            <translation>SLA de primera respuesta cumplido, por semana</translation>
        </message>
        <message>
            <source>SLA first response met, per day</source>
            <translation>SLA de primera respuesta cumplido, por día</translation>
        </message>
        <message>
            <source>Customer messages by weekday and hour</source>
            <translation>Mensajes de clientes por día de la semana y hora</translation>
        </message>
        <message>
            <source>Customers waiting at the start of each day</source>
            <translation>Clientes esperando al inicio de cada día</translation>
        </message>
        <message>
            <source>Top tags vs the previous period</source>
            <translation>Etiquetas principales frente al periodo anterior</translation>
        </message>
        <message>
            <source>First response by account</source>
            <translation>Primera respuesta por cuenta</translation>
        </message>
        <message>
            <source>First response by tag</source>
            <translation>Primera respuesta por etiqueta</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per week</source>
            <translation>Satisfacción (CSAT) por semana</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT) per day</source>
            <translation>Satisfacción (CSAT) por día</translation>
        </message>
        <message>
            <source>Longest waits</source>
            <translation>Esperas más largas</translation>
        </message>
        <message>
            <source>Bars: the median — half of the values are at or below it; with an even count, the two middle values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at or below it. Dashed line: the first-response target of the default SLA policy. The tooltip adds the mean (the sum divided by the count) and the count n. One value per cycle in which the customer wrote; it counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).</source>
            <translation>Barras: la mediana; la mitad de los valores están en ella o por debajo; con un número par, la media de los dos valores centrales. Línea: el percentil 90; el valor más pequeño tal que el 90 % de los valores están en él o por debajo. Línea discontinua: el objetivo de primera respuesta de la política de SLA predeterminada. La información emergente añade la media (la suma dividida por el número) y el número n. Un valor por ciclo en el que escribió el cliente; cuenta para la fecha local, en la zona horaria del calendario del equipo, del primer mensaje del cliente del ciclo (las semanas van de lunes a domingo).</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each channel; n is the number of answered first responses behind it.</source>
            <translation>Barras: la mediana del tiempo de primera respuesta de cada canal; n es el número de primeras respuestas contestadas que la componen.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each agent, by who answered; n is the number of answered first responses behind it. A wait that ended without a response counts for whoever ended it, beside the figures.</source>
            <translation>Barras: la mediana del tiempo de primera respuesta de cada agente, según quién respondió; n es el número de primeras respuestas contestadas que la componen. Una espera terminada sin respuesta cuenta para quien la terminó, junto a las cifras.</translation>
        </message>
        <message>
            <source>SLA met rate of the first-response target: met ÷ (met + missed + running already missed). Each conversation's log runs through the same SLA clocks the inbox uses, under the SLA policy that applies to it, so pausing while pending, staffed hours or wall clock and the calendar follow the policy. A conversation has one first-response clock per cycle. Met: the response came by the due time. Missed: it came late, or the clock ended late without it. Clocks still running in time are not decided yet, and stopped clocks ("no reply needed", or resolved unanswered) had no promise left to keep: both are counted beside the rate, not in it. Snoozing never pauses an SLA clock.</source>
            <translation>Tasa de cumplimiento del SLA del objetivo de primera respuesta: cumplidos ÷ (cumplidos + incumplidos + en curso ya incumplidos). El registro de cada conversación pasa por los mismos relojes de SLA que usa la bandeja de entrada, con la política de SLA que le corresponde, así que la pausa mientras espera al cliente, el horario de atención o el tiempo real y el calendario siguen la política. Una conversación tiene un reloj de primera respuesta por ciclo. Cumplido: la respuesta llegó antes del vencimiento. Incumplido: llegó tarde, o el reloj terminó tarde sin ella. Los relojes que siguen en curso a tiempo aún no están decididos, y los relojes detenidos («no necesita respuesta», o resuelta sin responder) ya no tenían ninguna promesa que cumplir: ambos se cuentan junto a la tasa, no dentro de ella. Posponer nunca pausa un reloj de SLA.</translation>
        </message>
        <message>
            <source>Customer messages of the selected conversations in the period, counted by the weekday and hour they arrived, in the team calendar's time zone. Hatched cells are hours in which the team calendar has no staffed time (an hour with any staffed time counts as staffed). Closures (holidays) are not shown.</source>
            <translation>Mensajes de clientes de las conversaciones seleccionadas en el periodo, contados por el día de la semana y la hora en que llegaron, en la zona horaria del calendario del equipo. Las celdas rayadas son horas en las que el calendario del equipo no tiene horario de atención (una hora con algo de horario de atención cuenta como atendida). Los cierres (festivos) no se muestran.</translation>
        </message>
        <message>
            <source>Backlog: the number of conversations whose customer was waiting for us at the start of each day (00:00 in the team calendar's time zone). A customer is waiting from a customer message that is not answered yet until a person on the team replies (public or private), or until the wait ends without a response ("no reply needed", or resolving). Internal notes and automatic acknowledgements do not end a wait. Computed from each conversation's history, so a wait that began before the period counts too, and each day is counted again whenever the chart reloads. The channel, agent and tag filters apply; staffed hours do not.</source>
            <translation>Pendientes: el número de conversaciones cuyo cliente nos esperaba al inicio de cada día (00:00 en la zona horaria del calendario del equipo). Un cliente espera desde un mensaje suyo aún sin responder hasta que una persona del equipo responde (en público o en privado), o hasta que la espera termina sin respuesta («no necesita respuesta», o resolver). Las notas internas y los acuses de recibo automáticos no terminan una espera. Se calcula a partir del historial de cada conversación, de modo que también cuenta una espera que empezó antes del periodo, y cada día se vuelve a contar cada vez que se recarga el gráfico. Se aplican los filtros de canal, agente y etiqueta; el horario de atención no.</translation>
        </message>
        <message>
            <source>The 8 tags found on most of the period's conversations (those whose customer first wrote in the period), with how many conversations had the tag. The trend compares it with the previous period of the same length, just before: ▲ more, ▼ fewer, as a percentage of the previous count ("new" when the previous period had none). A conversation with several tags counts under each of them. The channel, agent and tag filters apply.</source>
            <translation>Las 8 etiquetas presentes en más conversaciones del periodo (aquellas cuyo cliente escribió por primera vez en el periodo), con cuántas conversaciones tenían la etiqueta. La tendencia la compara con el periodo anterior de la misma duración, justo antes: ▲ más, ▼ menos, como porcentaje del recuento anterior («nueva» si el periodo anterior no tenía ninguna). Una conversación con varias etiquetas cuenta en cada una de ellas. Se aplican los filtros de canal, agente y etiqueta.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of each connected account (the handle and channel the customer wrote to); n is the number of answered first responses behind it.</source>
            <translation>Barras: la mediana del tiempo de primera respuesta de cada cuenta conectada (el usuario y el canal al que escribió el cliente); n es el número de primeras respuestas contestadas que la componen.</translation>
        </message>
        <message>
            <source>Bars: the median first response time of the conversations with each tag; n is the number of answered first responses behind it. A conversation with several tags counts under each of them; one without tags under "no tag". The 10 tags with most answered first responses are shown.</source>
            <translation>Barras: la mediana del tiempo de primera respuesta de las conversaciones con cada etiqueta; n es el número de primeras respuestas contestadas que la componen. Una conversación con varias etiquetas cuenta en cada una; una sin etiquetas, en «sin etiqueta». Se muestran las 10 etiquetas con más primeras respuestas contestadas.</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT): the customer's answer from 1 (very unhappy) to 5 (very happy) to the satisfaction question, parsed from their reply or recorded by an agent. One value per cycle: the latest answer given during the cycle, including after it was resolved and before any reopen. It counts for the local date, in the team calendar's time zone, of the cycle's first customer message (weeks run Monday to Sunday).

Bars: the answers of each period, stacked by score. Line: the mean score (the sum of the scores divided by their count), on the axis at the right. The tooltip adds the median, the share of 4s and 5s (satisfied) and the count n. Staffed hours do not apply to satisfaction.</source>
            <translation>Satisfacción (CSAT): la respuesta del cliente de 1 (muy insatisfecho) a 5 (muy satisfecho) a la pregunta de satisfacción, leída de su respuesta o registrada por un agente. Un valor por ciclo: la respuesta más reciente dada durante el ciclo, incluso después de resolverlo y antes de cualquier reapertura. Cuenta para la fecha local, en la zona horaria del calendario del equipo, del primer mensaje del cliente del ciclo (las semanas van de lunes a domingo).

Barras: las respuestas de cada periodo, apiladas por puntuación. Línea: la puntuación media (la suma de las puntuaciones dividida por su número), en el eje de la derecha. La información emergente añade la mediana, la proporción de 4 y 5 (satisfechos) y el número n. El horario de atención no se aplica a la satisfacción.</translation>
        </message>
        <message>
            <source>The 10 conversations whose customer waited longest for us in the period: each wait runs from an unanswered customer message to the next message a person on the team sent (public or private), to "no reply needed" or resolving (ended without response), or to now while the customer is still waiting. First and next responses both count; a conversation is listed once, with its longest wait that began in the period. Double-click a row to open the conversation.</source>
            <translation>Las 10 conversaciones cuyo cliente más tiempo nos esperó en el periodo: cada espera va desde un mensaje del cliente sin responder hasta el siguiente mensaje que envió una persona del equipo (público o privado), hasta «no necesita respuesta» o resolver (terminada sin respuesta), o hasta ahora si el cliente sigue esperando. Cuentan tanto las primeras respuestas como las siguientes; cada conversación aparece una vez, con su espera más larga iniciada en el periodo. Haz doble clic en una fila para abrir la conversación.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DashboardPane</name>
        <message>
            <source>Which response time the chart shows</source>
            <translation>Qué tiempo de respuesta muestra el gráfico</translation>
        </message>
        <message>
            <source>Last %1 days</source>
            <translation>Últimos %1 días</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Todos los canales</translation>
        </message>
        <message>
            <source>All accounts</source>
            <translation>Todas las cuentas</translation>
        </message>
        <message>
            <source>All agents</source>
            <translation>Todos los agentes</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Cualquier etiqueta</translation>
        </message>
        <message>
            <source>Staffed hours only</source>
            <translation>Solo horario de atención</translation>
        </message>
        <message>
            <source>Count only the seconds within the team calendar's opening hours, instead of every real second (wall clock).</source>
            <translation>Contar solo los segundos dentro del horario del calendario del equipo, en lugar de cada segundo real (tiempo real).</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>Exportar CSV…</translation>
        </message>
        <message>
            <source>One row per conversation under the current filters.</source>
            <translation>Una fila por conversación con los filtros actuales.</translation>
        </message>
        <message>
            <source>Export chart…</source>
            <translation>Exportar gráfico…</translation>
        </message>
        <message>
            <source>Save the chart chosen beside it as a PNG image, an SVG drawing or a PDF document.</source>
            <translation>Guarda el gráfico elegido al lado como imagen PNG, dibujo SVG o documento PDF.</translation>
        </message>
        <message>
            <source>Period:</source>
            <translation>Periodo:</translation>
        </message>
        <message>
            <source>How is this computed?</source>
            <translation>¿Cómo se calcula?</translation>
        </message>
        <message>
            <source>Updating…</source>
            <translation>Actualizando…</translation>
        </message>
        <message>
            <source>%1 on %2</source>
            <translation>%1 el %2</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Nadie</translation>
        </message>
        <message>
            <source>Export response times</source>
            <translation>Exportar tiempos de respuesta</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>Archivos CSV (*.csv)</translation>
        </message>
        <message>
            <source>Export chart</source>
            <translation>Exportar gráfico</translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
            <translation>Imagen PNG (*.png);;Dibujo SVG (*.svg);;Documento PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>No se puede escribir %1: %2</translation>
        </message>
        <message>
            <source>last %1 days</source>
            <translation>últimos %1 días</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>etiqueta %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>solo horario de atención</translation>
        </message>
        <message>
            <source>%1 answered, %2 still waiting</source>
            <translation>respondidas: %1, aún esperando: %2</translation>
        </message>
        <message>
            <source>, %1 ended without response</source>
            <translation>, terminadas sin respuesta: %1</translation>
        </message>
        <message>
            <source>median %1, p90 %2, mean %3 (%4)</source>
            <translation>mediana %1, p90 %2, media %3 (%4)</translation>
        </message>
        <message>
            <source>no answered conversations (%1)</source>
            <translation>ninguna conversación respondida (%1)</translation>
        </message>
        <message>
            <source>SLA met %1%</source>
            <translation>SLA cumplido %1 %</translation>
        </message>
        <message>
            <source>SLA met: nothing decided yet</source>
            <translation>SLA cumplido: aún no hay nada decidido</translation>
        </message>
        <message>
            <source>CSAT %1 of 5 (n=%2)</source>
            <translation>CSAT %1 de 5 (n=%2)</translation>
        </message>
        <message>
            <source>no satisfaction answers</source>
            <translation>sin respuestas de satisfacción</translation>
        </message>
        <message>
            <source>First response, last %1 days: %2 · %3 · %4</source>
            <translation>Primera respuesta, últimos %1 días: %2 · %3 · %4</translation>
        </message>
        <message>
            <source> · staffed hours only</source>
            <translation> · solo horario de atención</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>new</source>
            <translation>(nueva)</translation>
        </message>
        <message>
            <source>= 0%</source>
            <translation>= 0 %</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
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
            <translation>sin etiqueta</translation>
        </message>
        <message>
            <source>%1, 00:00
Customers waiting: %2</source>
            <translation>%1, 00:00
Clientes esperando: %2</translation>
        </message>
        <message>
            <source>This period: %1 conversations</source>
            <translation>Conversaciones en este periodo: %1</translation>
        </message>
        <message>
            <source>Previous period (%1 – %2): %3</source>
            <translation>Periodo anterior (%1 – %2): %3</translation>
        </message>
        <message>
            <source>Change: %1%2%</source>
            <translation>Cambio: %1%2 %</translation>
        </message>
        <message>
            <source>No satisfaction answers</source>
            <translation>Sin respuestas de satisfacción</translation>
        </message>
        <message>
            <source>Mean %1 · median %2 · n = %3</source>
            <translation>Media %1 · mediana %2 · n = %3</translation>
        </message>
        <message>
            <source>Satisfied (4 or 5): %1%</source>
            <translation>Satisfechos (4 o 5): %1 %</translation>
        </message>
        <message>
            <source>Answers 1 to 5: %1 · %2 · %3 · %4 · %5</source>
            <translation>Respuestas de 1 a 5: %1 · %2 · %3 · %4 · %5</translation>
        </message>
        <message>
            <source>%1
Met %2 of %3 decided (%4%)
Missed %5, running and already missed %6
Not counted: %7 running in time, %8 stopped</source>
            <translation>%1
Cumplidos: %2 de %3 decididos (%4 %)
Incumplidos: %5; en curso y ya incumplidos: %6
No contados: en curso a tiempo %7; detenidos %8</translation>
        </message>
        <message>
            <source>Week of %1</source>
            <translation>Semana del %1</translation>
        </message>
        <message>
            <source>Median %1 · 90th percentile %2 · mean %3 · n = %4</source>
            <translation>Mediana %1 · percentil 90 %2 · media %3 · n = %4</translation>
        </message>
        <message>
            <source>No resolved cycle</source>
            <translation>Ningún ciclo resuelto</translation>
        </message>
        <message>
            <source>No answered first response</source>
            <translation>Ninguna primera respuesta contestada</translation>
        </message>
        <message>
            <source>No answered wait</source>
            <translation>Ninguna espera respondida</translation>
        </message>
        <message>
            <source>Beside the figures: %1 not resolved yet</source>
            <translation>Junto a las cifras: %1 aún sin resolver</translation>
        </message>
        <message>
            <source>Beside the figures: %1 still waiting, %2 ended without response</source>
            <translation>Junto a las cifras: aún esperando %1; terminadas sin respuesta %2</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>Customers waiting at the start of %1</source>
            <translation>Clientes esperando al inicio del %1</translation>
        </message>
        <message>
            <source>Tag %1, last %2 days</source>
            <translation>Etiqueta %1, últimos %2 días</translation>
        </message>
        <message>
            <source>First response, %1</source>
            <translation>Primera respuesta, %1</translation>
        </message>
        <message>
            <source>First response, answered by %1</source>
            <translation>Primera respuesta, respondida por %1</translation>
        </message>
        <message>
            <source>First-response SLA, %1</source>
            <translation>SLA de primera respuesta, %1</translation>
        </message>
        <message>
            <source>Satisfaction answers, %1</source>
            <translation>Respuestas de satisfacción, %1</translation>
        </message>
        <message>
            <source>Longest wait: %1, %2</source>
            <translation>Espera más larga: %1, %2</translation>
        </message>
        <message>
            <source>Customer messages, %1 %2:00–%3:00</source>
            <translation>Mensajes de clientes, %1 %2:00–%3:00</translation>
        </message>
        <message>
            <source>Weekly report</source>
            <translation>Informe semanal</translation>
        </message>
        <message>
            <source>A PDF for the week: headline figures against the week before, the main charts, the top tags and the longest waits, under the current filters.</source>
            <translation>Un PDF de la semana: cifras principales frente a la semana anterior, los gráficos principales, las etiquetas principales y las esperas más largas, con los filtros actuales.</translation>
        </message>
        <message>
            <source>Week %1: %2 – %3</source>
            <translation>Semana %1: %2 – %3</translation>
        </message>
        <message>
            <source>This week so far (%1)</source>
            <translation>Esta semana hasta ahora (%1)</translation>
        </message>
        <message>
            <source>Save weekly report</source>
            <translation>Guardar informe semanal</translation>
        </message>
        <message>
            <source>PDF document (*.pdf)</source>
            <translation>Documento PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Preparing the weekly report…</source>
            <translation>Preparando el informe semanal…</translation>
        </message>
        <message>
            <source>All teams</source>
            <translation>Todos los equipos</translation>
        </message>
        <message>
            <source>The conversations assigned to or answered by anyone in the team</source>
            <translation>Las conversaciones asignadas a alguien del equipo o respondidas por alguien del equipo</translation>
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
            <translation>Conectar una cuenta…</translation>
        </message>
        <message>
            <source>Use a team database…</source>
            <translation>Base de datos de equipo…</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Ocultar</translation>
        </message>
        <message>
            <source>Demo workspace — the customers and conversations here are examples, and nothing you do is sent anywhere. Your own data is untouched. Connect a platform account or your team's database to start answering real customers.</source>
            <translation>Espacio de demostración: los clientes y las conversaciones de aquí son ejemplos, y nada de lo que hagas se envía a ningún sitio. Tus propios datos no se tocan. Conecta una cuenta de plataforma o la base de datos de tu equipo para empezar a responder a clientes reales.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::DispositionDialog</name>
        <message>
            <source>No reply needed</source>
            <translation>No necesita respuesta</translation>
        </message>
        <message>
            <source>Why does this message need no reply? The customer's wait ends without a response, and the reason is reported.</source>
            <translation>¿Por qué este mensaje no necesita respuesta? La espera del cliente termina sin respuesta y el motivo se incluye en los informes.</translation>
        </message>
        <message>
            <source>Spam or a bot</source>
            <translation>Spam o un bot</translation>
        </message>
        <message>
            <source>Praise, acknowledged with a like</source>
            <translation>Elogio, agradecido con un «me gusta»</translation>
        </message>
        <message>
            <source>Answered in another channel</source>
            <translation>Respondido en otro canal</translation>
        </message>
        <message>
            <source>Monitored only (no question asked)</source>
            <translation>Solo seguimiento (no hay pregunta)</translation>
        </message>
        <message>
            <source>Optional note</source>
            <translation>Nota opcional</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::HandOffDialog</name>
        <message>
            <source>Hand off my conversations</source>
            <translation>Traspasar mis conversaciones</translation>
        </message>
        <message>
            <source>Counting your open conversations…</source>
            <translation>Contando tus conversaciones abiertas…</translation>
        </message>
        <message>
            <source>What the next person needs to know, e.g. "Waiting for the courier; promised an update by 18:00."</source>
            <translation>Lo que necesita saber la siguiente persona, p. ej. «Esperando al mensajero; prometida una actualización antes de las 18:00».</translation>
        </message>
        <message>
            <source>Hand off</source>
            <translation>Traspasar</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;Para:</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Nota:</translation>
        </message>
        <message>
            <source>The team (unassigned, for whoever is on duty)</source>
            <translation>El equipo (sin asignar, para quien esté de turno)</translation>
        </message>
        <message>
            <source>You have 1 open conversation. It keeps its history; the note is added to its transcript.</source>
            <translation>Tienes 1 conversación abierta. Conserva su historial; la nota se añade a su transcripción.</translation>
        </message>
        <message>
            <source>You have %1 open conversations. Each keeps its history; the note is added to every transcript.</source>
            <translation>Tienes %1 conversaciones abiertas. Cada una conserva su historial; la nota se añade a cada transcripción.</translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to the team.</source>
            <translation>
                <numerusform>%n conversación traspasada al equipo.</numerusform>
                <numerusform>%n conversaciones traspasadas al equipo.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Handed %n conversation(s) to %1.</source>
            <translation>
                <numerusform>%n conversación traspasada a %1.</numerusform>
                <numerusform>%n conversaciones traspasadas a %1.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxModel</name>
        <message>
            <source>in %1</source>
            <translation>en %1</translation>
        </message>
        <message>
            <source>%1 over</source>
            <translation>%1 de retraso</translation>
        </message>
        <message>
            <source>Answer due %1 (one-hour response target)</source>
            <translation>Respuesta pendiente %1 (objetivo de respuesta de una hora)</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Latest message</source>
            <translation>Último mensaje</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Espera</translation>
        </message>
        <message>
            <source>Answer due</source>
            <translation>Respuesta pendiente</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgencia</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Asignada a</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Estado</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Etiquetas</translation>
        </message>
        <message>
            <source>%1 · found</source>
            <translation>%1 · encontrado</translation>
        </message>
        <message>
            <source>Found by listening: the author named the brand without tagging it.</source>
            <translation>Encontrado por escucha: el autor nombró la marca sin etiquetarla.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxPane</name>
        <message>
            <source>Save view…</source>
            <translation>Guardar vista…</translation>
        </message>
        <message>
            <source>Search every message (/)</source>
            <translation>Buscar en todos los mensajes (/)</translation>
        </message>
        <message>
            <source>Words must all appear. Use "quotes" for a phrase, OR for either word, -word to exclude, and word* for words starting with it.</source>
            <translation>Deben aparecer todas las palabras. Usa "comillas" para una frase, OR para una u otra palabra, -palabra para excluir y palabra* para palabras que empiezan así.</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>Todos los canales</translation>
        </message>
        <message>
            <source>Answer due first</source>
            <translation>Por vencimiento</translation>
        </message>
        <message>
            <source>Longest waiting</source>
            <translation>Las que más esperan</translation>
        </message>
        <message>
            <source>Newest</source>
            <translation>Más recientes</translation>
        </message>
        <message>
            <source>Oldest</source>
            <translation>Más antiguas</translation>
        </message>
        <message>
            <source>Any tag</source>
            <translation>Cualquier etiqueta</translation>
        </message>
        <message>
            <source>Anyone</source>
            <translation>Cualquiera</translation>
        </message>
        <message>
            <source>Any urgency</source>
            <translation>Cualquier urgencia</translation>
        </message>
        <message>
            <source>Any answer time</source>
            <translation>Cualquier plazo</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Vencidas</translation>
        </message>
        <message>
            <source>Due within 15 min</source>
            <translation>Vencen en 15 min</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>A tiempo</translation>
        </message>
        <message>
            <source>Any time</source>
            <translation>Cualquier fecha</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Hoy</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Últimos 7 días</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Últimos 30 días</translation>
        </message>
        <message>
            <source>Keep this combination of filters as a named view</source>
            <translation>Guardar esta combinación de filtros como vista con nombre</translation>
        </message>
        <message>
            <source>Blogs and news</source>
            <translation>Blogs y noticias</translation>
        </message>
        <message>
            <source>Urgency</source>
            <translation>Urgencia</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Asignada a</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Resuelta</translation>
        </message>
        <message>
            <source>Back to the view</source>
            <translation>Volver a la vista</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Guardar vista</translation>
        </message>
        <message>
            <source>A name for this combination of filters:</source>
            <translation>Un nombre para esta combinación de filtros:</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Guardar</translation>
        </message>
        <message>
            <source>Conversations in this view: %1</source>
            <translation>Conversaciones en esta vista: %1</translation>
        </message>
        <message>
            <source>1 conversation behind “%1” (any status).</source>
            <translation>1 conversación detrás de «%1» (cualquier estado).</translation>
        </message>
        <message>
            <source>%1 conversations behind “%2” (any status).</source>
            <translation>%1 conversaciones detrás de «%2» (cualquier estado).</translation>
        </message>
        <message>
            <source>Conversations in this view: more than %1, counting…</source>
            <translation>Conversaciones en esta vista: más de %1, contando…</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::InboxViews</name>
        <message>
            <source>Mine</source>
            <translation>Mías</translation>
        </message>
        <message>
            <source>Unassigned</source>
            <translation>Sin asignar</translation>
        </message>
        <message>
            <source>All open</source>
            <translation>Todas las abiertas</translation>
        </message>
        <message>
            <source>Breached or due in 15 min</source>
            <translation>Incumplidas o ≤ 15 min</translation>
        </message>
        <message>
            <source>Unanswered, any status</source>
            <translation>Sin responder (todas)</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Esperando al cliente</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Pospuesta</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Resuelta</translation>
        </message>
        <message>
            <source>Everything</source>
            <translation>Todo</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::LongestWaitsTable</name>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Desde</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Espera</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Resultado</translation>
        </message>
        <message>
            <source>answered by %1</source>
            <translation>respondida por %1</translation>
        </message>
        <message>
            <source>ended without response</source>
            <translation>terminada sin respuesta</translation>
        </message>
        <message>
            <source>still waiting</source>
            <translation>aún esperando</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Double-click to open the conversation</source>
            <translation>Haz doble clic para abrir la conversación</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MainWindow</name>
        <message>
            <source>Care Console — demo workspace</source>
            <translation>Care Console: espacio de demostración</translation>
        </message>
        <message>
            <source>Care Console</source>
            <translation>Care Console</translation>
        </message>
        <message>
            <source>Demo workspace</source>
            <translation>Espacio de demostración</translation>
        </message>
        <message>
            <source>The conversation is in All open.</source>
            <translation>La conversación está en «Todas las abiertas».</translation>
        </message>
        <message>
            <source>Response-time &amp;dashboard</source>
            <translation>&amp;Panel de tiempos de respuesta</translation>
        </message>
        <message>
            <source>Response times — Care Console</source>
            <translation>Tiempos de respuesta – Care Console</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1 guardado.</translation>
        </message>
        <message>
            <source>&amp;Accounts…</source>
            <translation>&amp;Cuentas…</translation>
        </message>
        <message>
            <source>Connected %1; syncing now.</source>
            <translation>%1 conectada; sincronizando ahora.</translation>
        </message>
        <message>
            <source>Offline: %1 Care Console keeps what you typed and reconnects by itself.</source>
            <translation>Sin conexión: %1 Care Console conserva lo que has escrito y se vuelve a conectar sola.</translation>
        </message>
        <message>
            <source>Offline — reconnecting…</source>
            <translation>Sin conexión: reconectando…</translation>
        </message>
        <message>
            <source>About Care Console</source>
            <translation>Acerca de Care Console</translation>
        </message>
        <message>
            <source>Care Console %1
A native console for social customer care.

Store: %2</source>
            <translation>Care Console %1
Una consola nativa para la atención al cliente en redes sociales.

Almacén: %2</translation>
        </message>
        <message>
            <source>demo workspace</source>
            <translation>espacio de demostración</translation>
        </message>
        <message>
            <source>Service &amp;levels…</source>
            <translation>&amp;Niveles de servicio…</translation>
        </message>
        <message>
            <source>Staffed hours, SLA policies and triage rules</source>
            <translation>Horario de atención, políticas de SLA y reglas de triaje</translation>
        </message>
        <message>
            <source>Service levels saved; due times recomputed.</source>
            <translation>Niveles de servicio guardados; vencimientos recalculados.</translation>
        </message>
        <message>
            <source>Scheduled &amp;posts…</source>
            <translation>&amp;Publicaciones programadas…</translation>
        </message>
        <message>
            <source>Shift announcements and other posts waiting for their time</source>
            <translation>Avisos de turno y otras publicaciones que esperan su momento</translation>
        </message>
        <message>
            <source>&amp;Who's on duty…</source>
            <translation>&amp;Quién está de servicio…</translation>
        </message>
        <message>
            <source>Who is on duty now, when the next shifts start, and each agent's weekly shifts</source>
            <translation>Quién está de servicio ahora, cuándo empiezan los próximos turnos y los turnos semanales de cada agente</translation>
        </message>
        <message>
            <source>Possible incident</source>
            <translation>Posible incidente</translation>
        </message>
        <message>
            <source>Add blog or news &amp;feed…</source>
            <translation>Añadir &amp;feed de blog o de noticias…</translation>
        </message>
        <message>
            <source>%1 · signed in as %2 (%3)</source>
            <translation>%1 · conectado como %2 (%3)</translation>
        </message>
        <message>
            <source>&amp;Hand off my conversations…</source>
            <translation>&amp;Traspasar mis conversaciones…</translation>
        </message>
        <message>
            <source>Going off shift: give your open conversations to a colleague or the team, with a note</source>
            <translation>Fin de turno: pasa tus conversaciones abiertas a un compañero o al equipo, con una nota</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::MergeCustomerDialog</name>
        <message>
            <source>Merge with another customer</source>
            <translation>Fusionar con otro cliente</translation>
        </message>
        <message>
            <source>Find the other record of %1 — for example their e-mail address or another platform's handle. Their conversations join this customer's transcript; the merge can be undone.</source>
            <translation>Busca el otro registro de %1, por ejemplo su dirección de correo electrónico o su usuario en otra plataforma. Sus conversaciones se unen a la transcripción de este cliente; la fusión se puede deshacer.</translation>
        </message>
        <message>
            <source>Name, handle or e-mail address</source>
            <translation>Nombre, usuario o correo electrónico</translation>
        </message>
        <message>
            <source>Merge</source>
            <translation>Fusionar</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::OutboxBar</name>
        <message>
            <source>Hiding the customer's message</source>
            <translation>Ocultar el mensaje del cliente</translation>
        </message>
        <message>
            <source>Private reply</source>
            <translation>Respuesta privada</translation>
        </message>
        <message>
            <source>Public reply</source>
            <translation>Respuesta pública</translation>
        </message>
        <message>
            <source>%1 “%2”</source>
            <translation>%1 «%2»</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent.</source>
            <translation>%1: pendiente de envío.</translation>
        </message>
        <message>
            <source>%1 — waiting to be sent: %2</source>
            <translation>%1: pendiente de envío: %2</translation>
        </message>
        <message>
            <source>%1 — sending now.</source>
            <translation>%1: enviando ahora.</translation>
        </message>
        <message>
            <source>%1 — the connection dropped while sending; checking whether it went out before trying again.</source>
            <translation>%1: la conexión se cortó durante el envío; se comprueba si salió antes de volver a intentarlo.</translation>
        </message>
        <message>
            <source>%1 — held: %2</source>
            <translation>%1: retenida: %2</translation>
        </message>
        <message>
            <source>%1 — not sent: %2</source>
            <translation>%1: no enviada: %2</translation>
        </message>
        <message>
            <source>Send anyway</source>
            <translation>Enviar de todos modos</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Reintentar</translation>
        </message>
        <message>
            <source>Cancel reply</source>
            <translation>Cancelar la respuesta</translation>
        </message>
        <message>
            <source>The reply was cancelled; it will not be sent.</source>
            <translation>La respuesta se ha cancelado; no se enviará.</translation>
        </message>
        <message>
            <source>Transcript to %1</source>
            <translation>Transcripción para %1</translation>
        </message>
        <message>
            <source>E-mail to %1</source>
            <translation>Correo a %1</translation>
        </message>
        <message>
            <source>Showing the customer's message again</source>
            <translation>Se vuelve a mostrar el mensaje del cliente</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicyEditorDialog</name>
        <message>
            <source>Edit policy: %1</source>
            <translation>Editar política: %1</translation>
        </message>
        <message>
            <source>Named values replies can use as {policy.NAME}, e.g. refund_days=30</source>
            <translation>Valores con nombre que las respuestas pueden usar como {policy.NAME}, p. ej. refund_days=30</translation>
        </message>
        <message>
            <source>Version %1, last changed %2 by %3. Saving creates version %4; the earlier text is kept.</source>
            <translation>Versión %1, modificada por última vez %2 por %3. Al guardar se crea la versión %4; el texto anterior se conserva.</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Título</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Etiquetas</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>Valores</translation>
        </message>
        <message>
            <source>Text (Markdown)</source>
            <translation>Texto (Markdown)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PolicySidebar</name>
        <message>
            <source>Quote into reply</source>
            <translation>Citar en la respuesta</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Editar…</translation>
        </message>
        <message>
            <source>Insert reply</source>
            <translation>Insertar respuesta</translation>
        </message>
        <message>
            <source>Search policies and replies</source>
            <translation>Buscar políticas y respuestas</translation>
        </message>
        <message>
            <source>Adds the selected passage (or the whole text) to the reply you are writing</source>
            <translation>Añade el pasaje seleccionado (o todo el texto) a la respuesta que estás escribiendo</translation>
        </message>
        <message>
            <source>Policies</source>
            <translation>Políticas</translation>
        </message>
        <message>
            <source>Approved replies</source>
            <translation>Respuestas aprobadas</translation>
        </message>
        <message>
            <source>%1 — updated</source>
            <translation>%1: actualizada</translation>
        </message>
        <message>
            <source>Suggested for this conversation</source>
            <translation>Sugeridas para esta conversación</translation>
        </message>
        <message>
            <source>All policies</source>
            <translation>Todas las políticas</translation>
        </message>
        <message>
            <source>Version %1, updated %2 by %3</source>
            <translation>Versión %1, actualizada %2 por %3</translation>
        </message>
        <message>
            <source>Saved “%1”, version %2.</source>
            <translation>«%1» guardada, versión %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::PresenceBar</name>
        <message>
            <source>%1 is typing a reply</source>
            <translation>%1 está escribiendo una respuesta</translation>
        </message>
        <message>
            <source>%1 is viewing this conversation</source>
            <translation>%1 está viendo esta conversación</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ReasonDialog</name>
        <message>
            <source>Reason (required)</source>
            <translation>Motivo (obligatorio)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::RosterDialog</name>
        <message>
            <source>Who's on duty</source>
            <translation>Quién está de servicio</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agente</translation>
        </message>
        <message>
            <source>Now</source>
            <translation>Ahora</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone: 07:00–15:00; split shifts with a comma; 22:00–02:00 runs past midnight; empty: off. Team closures apply to everyone. Agents get desktop notifications only on duty when they have shifts.</source>
            <translation>Turnos en la zona horaria del equipo: 07:00–15:00; turnos partidos con una coma; 22:00–02:00 pasa de la medianoche; vacío: libre. Los cierres del equipo se aplican a todos. Los agentes con turnos solo reciben avisos de escritorio estando de servicio.</translation>
        </message>
        <message>
            <source>Shifts in the team's time zone; team closures apply to everyone.</source>
            <translation>Turnos en la zona horaria del equipo; los cierres del equipo se aplican a todos.</translation>
        </message>
        <message>
            <source>no shifts</source>
            <translation>sin turnos</translation>
        </message>
        <message>
            <source>on duty until %1</source>
            <translation>de servicio hasta %1</translation>
        </message>
        <message>
            <source>on duty</source>
            <translation>de servicio</translation>
        </message>
        <message>
            <source>off — next shift %1</source>
            <translation>libre: próximo turno %1</translation>
        </message>
        <message>
            <source>off</source>
            <translation>libre</translation>
        </message>
        <message>
            <source>No agents yet.</source>
            <translation>Aún no hay agentes.</translation>
        </message>
        <message>
            <source>%1 of %2 agents on duty now (%3).</source>
            <translation>De servicio ahora: %1 de %2 agentes (%3).</translation>
        </message>
        <message>
            <source>Not saved — %1, %2: %3</source>
            <translation>No guardado: %1, %2: %3</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>No guardado: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ScheduledPostsDialog</name>
        <message>
            <source>On duty</source>
            <translation>Inicio del turno</translation>
        </message>
        <message>
            <source>Off duty</source>
            <translation>Fin del turno</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Publicación</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Editar…</translation>
        </message>
        <message>
            <source>&amp;Cancel post</source>
            <translation>&amp;Cancelar publicación</translation>
        </message>
        <message>
            <source>Scheduled posts</source>
            <translation>Publicaciones programadas</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Cuándo</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Cuenta</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Tipo</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texto</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Estado</translation>
        </message>
        <message>
            <source>&amp;Plan shift announcements…</source>
            <translation>&amp;Planificar avisos de turno…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Cerrar</translation>
        </message>
        <message>
            <source>Posted by the console that syncs the account, once, at their time. A post whose time passed while no console was syncing is skipped (expired), never posted late. While a crisis is on, announcements wait.</source>
            <translation>Las publica la consola que sincroniza la cuenta, una sola vez, a su hora. Una publicación cuya hora pasó sin que ninguna consola sincronizara se omite (caducada), nunca se publica tarde. Mientras dura una crisis, los avisos esperan.</translation>
        </message>
        <message>
            <source>%1 announcements scheduled.</source>
            <translation>Avisos programados: %1.</translation>
        </message>
        <message>
            <source>When (%1)</source>
            <translation>Cuándo (%1)</translation>
        </message>
        <message>
            <source>Nothing scheduled. Plan shift announcements to tell customers when the team is there.</source>
            <translation>No hay nada programado. Planifica avisos de turno para decir a los clientes cuándo está el equipo.</translation>
        </message>
        <message>
            <source>Edit scheduled post</source>
            <translation>Editar publicación programada</translation>
        </message>
        <message>
            <source>&amp;Post at (%1)</source>
            <translation>&amp;Publicar a las (%1)</translation>
        </message>
        <message>
            <source>&amp;Text</source>
            <translation>&amp;Texto</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SendTranscriptDialog</name>
        <message>
            <source>Send transcript by e-mail</source>
            <translation>Enviar transcripción por correo</translation>
        </message>
        <message>
            <source>escalations@example.com</source>
            <translation>escalaciones@example.com</translation>
        </message>
        <message>
            <source>To:</source>
            <translation>Para:</translation>
        </message>
        <message>
            <source>Send from:</source>
            <translation>Enviar desde:</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Enviar</translation>
        </message>
        <message>
            <source>%1 &lt;%2&gt;</source>
            <translation>%1 &lt;%2&gt;</translation>
        </message>
        <message>
            <source>No support mailbox is connected. An administrator connects one with careconsole account add email.</source>
            <translation>No hay ningún buzón de soporte conectado. Un administrador conecta uno con careconsole account add email.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels goes as a plain-text e-mail with a PDF copy attached, oldest message first, so the colleague can help without asking the customer again.</source>
            <translation>Todo el historial del cliente en todos los canales se envía como correo de texto sin formato con una copia en PDF adjunta, del mensaje más antiguo al más reciente, para que el compañero pueda ayudar sin volver a preguntar al cliente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ServiceLevelsDialog</name>
        <message>
            <source>Service levels</source>
            <translation>Niveles de servicio</translation>
        </message>
        <message>
            <source>Staffed &amp;hours</source>
            <translation>&amp;Horario de atención</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Cargando…</translation>
        </message>
        <message>
            <source>Could not load the service levels: %1</source>
            <translation>No se pudieron cargar los niveles de servicio: %1</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>No guardado: %1</translation>
        </message>
        <message>
            <source>Saving — recomputing the due times of open conversations…</source>
            <translation>Guardando; recalculando los vencimientos de las conversaciones abiertas…</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>Guardado.</translation>
        </message>
        <message>
            <source>SLA p&amp;olicies</source>
            <translation>P&amp;olíticas de SLA</translation>
        </message>
        <message>
            <source>Tria&amp;ge rules</source>
            <translation>Reglas de tria&amp;je</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SettingsDialog</name>
        <message>
            <source>Notify me of new urgent conversations and answers about to fall due</source>
            <translation>Avisarme de conversaciones urgentes nuevas y de respuestas a punto de vencer</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Configuración</translation>
        </message>
        <message>
            <source>Your first name</source>
            <translation>Tu nombre de pila</translation>
        </message>
        <message>
            <source>How replies are signed. {agent.signature} is the name above, {agent.name} your full name, {initials} your initials: for example “– {agent.signature}” or “^{initials}”.</source>
            <translation>Cómo se firman las respuestas. {agent.signature} es el nombre de arriba, {agent.name} tu nombre completo, {initials} tus iniciales: por ejemplo «– {agent.signature}» o «^{initials}».</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>No notifications between these times; the same time twice means none.</source>
            <translation>No hay avisos entre estas horas; la misma hora dos veces significa ninguno.</translation>
        </message>
        <message>
            <source>System language (%1)</source>
            <translation>Idioma del sistema (%1)</translation>
        </message>
        <message>
            <source>The language of the console, and of dates, times and numbers. Applies when Care Console is started again.</source>
            <translation>El idioma de la consola y de las fechas, horas y números. Se aplica al volver a iniciar Care Console.</translation>
        </message>
        <message>
            <source>Urgency comes from what customers write and when they need an answer — never from follower counts, verification badges or other signs of influence.</source>
            <translation>La urgencia depende de lo que escriben los clientes y de cuándo necesitan una respuesta, nunca del número de seguidores, las insignias de verificación ni otras señales de influencia.</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Tu nombre</translation>
        </message>
        <message>
            <source>Sign replies as</source>
            <translation>Firmar las respuestas como</translation>
        </message>
        <message>
            <source>Signature form</source>
            <translation>Formato de la firma</translation>
        </message>
        <message>
            <source>Take back a sent reply within</source>
            <translation>Recuperar una respuesta enviada durante</translation>
        </message>
        <message>
            <source>to</source>
            <translation>a</translation>
        </message>
        <message>
            <source>Quiet hours</source>
            <translation>Horas de silencio</translation>
        </message>
        <message>
            <source>Language (after a restart)</source>
            <translation>Idioma (tras reiniciar)</translation>
        </message>
        <message>
            <source>Stable releases</source>
            <translation>Versiones estables</translation>
        </message>
        <message>
            <source>Beta releases (earlier, less tested)</source>
            <translation>Versiones beta (antes, menos probadas)</translation>
        </message>
        <message>
            <source>Updates</source>
            <translation>Actualizaciones</translation>
        </message>
        <message>
            <source>Set by your administrator; it cannot be changed here.</source>
            <translation>Fijado por tu administrador; no se puede cambiar aquí.</translation>
        </message>
        <message>
            <source>%1 (set by your administrator)</source>
            <translation>%1 (fijado por tu administrador)</translation>
        </message>
        <message>
            <source>Settings marked “set by your administrator” come from %1 and cannot be changed here; ask your administrator to change them.</source>
            <translation>Los ajustes marcados «fijado por tu administrador» vienen de %1 y no se pueden cambiar aquí; pide a tu administrador que los cambie.</translation>
        </message>
        <message>
            <source>Only while I'm on duty (when the roster has my shifts)</source>
            <translation>Solo mientras estoy de servicio (cuando el cuadrante tiene mis turnos)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShiftPlanDialog</name>
        <message>
            <source>When the team comes on duty (“we're here until 18:00”)</source>
            <translation>Cuando el equipo empieza el turno («estamos aquí hasta las 18:00»)</translation>
        </message>
        <message>
            <source>When the team goes off duty (“we're back tomorrow at 08:00”)</source>
            <translation>Cuando el equipo termina el turno («volvemos mañana a las 08:00»)</translation>
        </message>
        <message>
            <source>Plan shift announcements</source>
            <translation>Planificar avisos de turno</translation>
        </message>
        <message>
            <source> days</source>
            <translation> días</translation>
        </message>
        <message>
            <source>Posted at</source>
            <translation>Se publica a las</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texto</translation>
        </message>
        <message>
            <source>&amp;Account</source>
            <translation>&amp;Cuenta</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Idioma</translation>
        </message>
        <message>
            <source>&amp;For the next</source>
            <translation>&amp;Durante los próximos</translation>
        </message>
        <message>
            <source>&amp;Schedule</source>
            <translation>&amp;Programar</translation>
        </message>
        <message>
            <source>Connect an account first: announcements are posted from an account.</source>
            <translation>Conecta primero una cuenta: los avisos se publican desde una cuenta.</translation>
        </message>
        <message>
            <source>Nothing to announce: the team never comes on or goes off duty in this period.</source>
            <translation>Nada que anunciar: el equipo no empieza ni termina ningún turno en este periodo.</translation>
        </message>
        <message>
            <source>%1 posts from %2, in %3. Scheduling replaces this account's shift announcements planned from now on; each is skipped if its time passes while no console syncs.</source>
            <translation>Publicaciones: %1, desde %2, en %3. Al programar se sustituyen los avisos de turno de esta cuenta planificados a partir de ahora; cada uno se omite si su hora pasa sin que ninguna consola sincronice.</translation>
        </message>
        <message>
            <source>Not scheduled: %1</source>
            <translation>No programado: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ShortcutsDialog</name>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Atajos de teclado</translation>
        </message>
        <message>
            <source>Click a shortcut and press the keys you want instead. / searches the inbox.</source>
            <translation>Haz clic en un atajo y pulsa las teclas que quieras en su lugar. / busca en la bandeja de entrada.</translation>
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
            <translation>Sin objetivo</translation>
        </message>
        <message>
            <source>Pause the clock while the conversation waits on the customer (pending)</source>
            <translation>Pausar el reloj mientras la conversación espera al cliente (pendiente)</translation>
        </message>
        <message>
            <source>Any platform</source>
            <translation>Cualquier plataforma</translation>
        </message>
        <message>
            <source>Any priority</source>
            <translation>Cualquier prioridad</translation>
        </message>
        <message>
            <source>any tag</source>
            <translation>cualquier etiqueta</translation>
        </message>
        <message>
            <source>Staffed hours only (the team calendar)</source>
            <translation>Solo horario de atención (el calendario del equipo)</translation>
        </message>
        <message>
            <source>Wall-clock time (every hour counts)</source>
            <translation>Tiempo real (cuenta cada hora)</translation>
        </message>
        <message>
            <source>Staffed hours: a message at 21:00 after closing is due an hour after the next opening. Wall clock: it is due at 22:00.</source>
            <translation>Horario de atención: un mensaje a las 21:00, tras el cierre, vence una hora después de la siguiente apertura. Tiempo real: vence a las 22:00.</translation>
        </message>
        <message>
            <source>&amp;Name</source>
            <translation>&amp;Nombre</translation>
        </message>
        <message>
            <source>Applies to conversations matching all of:</source>
            <translation>Se aplica a las conversaciones que cumplen todo lo siguiente:</translation>
        </message>
        <message>
            <source>&amp;Platform</source>
            <translation>&amp;Plataforma</translation>
        </message>
        <message>
            <source>P&amp;riority</source>
            <translation>P&amp;rioridad</translation>
        </message>
        <message>
            <source>&amp;Tag</source>
            <translation>&amp;Etiqueta</translation>
        </message>
        <message>
            <source>&amp;First response within</source>
            <translation>Primera &amp;respuesta en</translation>
        </message>
        <message>
            <source>Ne&amp;xt response within</source>
            <translation>Siguiente res&amp;puesta en</translation>
        </message>
        <message>
            <source>&amp;Counting</source>
            <translation>&amp;Cómputo</translation>
        </message>
        <message>
            <source>&amp;Add</source>
            <translation>&amp;Añadir</translation>
        </message>
        <message>
            <source>D&amp;uplicate</source>
            <translation>D&amp;uplicar</translation>
        </message>
        <message>
            <source>Re&amp;move</source>
            <translation>&amp;Quitar</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Subir</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Bajar</translation>
        </message>
        <message>
            <source>Alt+Up: among equally specific policies the higher one wins.</source>
            <translation>Alt+Flecha arriba: entre políticas igual de específicas gana la que está más arriba.</translation>
        </message>
        <message>
            <source>Alt+Down</source>
            <translation>Alt+Down</translation>
        </message>
        <message>
            <source>The most specific matching policy applies (platform, priority and tag each count); among equally specific ones the higher in the list. Conversations no policy matches get an hour to first response in staffed hours. Saving recomputes the due times of every open conversation.</source>
            <translation>Se aplica la política coincidente más específica (plataforma, prioridad y etiqueta cuentan cada una); entre las igual de específicas, la que está más arriba en la lista. Las conversaciones que no coinciden con ninguna política tienen una hora hasta la primera respuesta en horario de atención. Al guardar se recalculan los vencimientos de todas las conversaciones abiertas.</translation>
        </message>
        <message>
            <source>New policy</source>
            <translation>Política nueva</translation>
        </message>
        <message>
            <source>%1 (copy)</source>
            <translation>%1 (copia)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(sin nombre)</translation>
        </message>
        <message>
            <source>Policy %1 has no name.</source>
            <translation>La política %1 no tiene nombre.</translation>
        </message>
        <message>
            <source>Two policies are called “%1”.</source>
            <translation>Dos políticas se llaman «%1».</translation>
        </message>
        <message>
            <source>“%1” has no target: give it at least one.</source>
            <translation>«%1» no tiene objetivo: indica al menos uno.</translation>
        </message>
        <message>
            <source>“%1” matches the same conversations as “%2” above it, so it would never apply.</source>
            <translation>«%1» coincide con las mismas conversaciones que «%2», que está encima, así que nunca se aplicaría.</translation>
        </message>
        <message>
            <source>Resolution &amp;within</source>
            <translation>Resolución &amp;en</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::StaffingLabel</name>
        <message>
            <source>Copy staffed hours for profile bios</source>
            <translation>Copiar el horario de atención para biografías de perfil</translation>
        </message>
        <message>
            <source>Staffed hours unknown</source>
            <translation>Horario de atención desconocido</translation>
        </message>
        <message>
            <source>Team on duty around the clock</source>
            <translation>Equipo de servicio las 24 horas</translation>
        </message>
        <message>
            <source>Team on duty until %1</source>
            <translation>Equipo de servicio hasta %1</translation>
        </message>
        <message>
            <source>Team on duty</source>
            <translation>Equipo de servicio</translation>
        </message>
        <message>
            <source>Team off duty — back %1</source>
            <translation>Equipo fuera de servicio; vuelve %1</translation>
        </message>
        <message>
            <source>Team off duty</source>
            <translation>Equipo fuera de servicio</translation>
        </message>
        <message>
            <source>Staffed hours in %1. Response times count staffed hours where the SLA policy says so.
For profile bios (right-click to copy): %2</source>
            <translation>Horario de atención en %1. Los tiempos de respuesta cuentan el horario de atención donde lo indica la política de SLA.
Para biografías de perfil (clic derecho para copiar): %2</translation>
        </message>
        <message>
            <source>%1 until %2</source>
            <translation>%1 hasta %2</translation>
        </message>
        <message>
            <source>%1 from %2</source>
            <translation>%1 desde %2</translation>
        </message>
        <message numerus="yes">
            <source>%n on duty</source>
            <translation>
                <numerusform>%n de servicio</numerusform>
                <numerusform>%n de servicio</numerusform>
            </translation>
        </message>
        <message>
            <source>On duty: %1</source>
            <translation>De servicio: %1</translation>
        </message>
        <message>
            <source>Next: %1</source>
            <translation>Siguiente: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::SyncStatusButton</name>
        <message>
            <source>synced %1</source>
            <translation>sincronizada %1</translation>
        </message>
        <message>
            <source>not synced yet</source>
            <translation>aún sin sincronizar</translation>
        </message>
        <message>
            <source>, next %1</source>
            <translation>, próxima %1</translation>
        </message>
        <message>
            <source>syncing now</source>
            <translation>sincronizando ahora</translation>
        </message>
        <message>
            <source>syncing now, %1</source>
            <translation>sincronizando ahora, %1</translation>
        </message>
        <message>
            <source> (%1 of %2 requests left)</source>
            <translation> (quedan %1 de %2 solicitudes)</translation>
        </message>
        <message>
            <source> — 1 reply not delivered yet</source>
            <translation>: 1 respuesta aún sin entregar</translation>
        </message>
        <message>
            <source> — %1 replies not delivered yet</source>
            <translation>: %1 respuestas aún sin entregar</translation>
        </message>
        <message>
            <source>Connect a platform account to bring its mentions and messages in.</source>
            <translation>Conecta una cuenta de plataforma para traer sus menciones y mensajes.</translation>
        </message>
        <message>
            <source>No accounts connected</source>
            <translation>No hay cuentas conectadas</translation>
        </message>
        <message>
            <source>Syncing… %1</source>
            <translation>Sincronizando… %1</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>Sincronizando…</translation>
        </message>
        <message>
            <source>Synced %1</source>
            <translation>Sincronizado %1</translation>
        </message>
        <message>
            <source>Waiting for the first sync</source>
            <translation>Esperando la primera sincronización</translation>
        </message>
        <message>
            <source>Sync status: %1</source>
            <translation>Estado de sincronización: %1</translation>
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
            <translation>No se pudo escribir %1: %2</translation>
        </message>
        <message>
            <source>Choose a folder you can write to.</source>
            <translation>Elige una carpeta en la que puedas escribir.</translation>
        </message>
        <message>
            <source>Check the free space and try again.</source>
            <translation>Comprueba el espacio libre y vuelve a intentarlo.</translation>
        </message>
        <message>
            <source>The PDF %1 could not be written.</source>
            <translation>No se pudo escribir el PDF %1.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TranscriptView</name>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Acuse de recibo automático</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (equipo)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Nota interna de %1</translation>
        </message>
        <message>
            <source>never sent</source>
            <translation>nunca enviada</translation>
        </message>
        <message>
            <source>public</source>
            <translation>pública</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privada</translation>
        </message>
        <message>
            <source>edited</source>
            <translation>editado</translation>
        </message>
        <message>
            <source>deleted by the author</source>
            <translation>eliminado por el autor</translation>
        </message>
        <message>
            <source>Hidden from public view by %1, %2: %3</source>
            <translation>Ocultado de la vista pública por %1, %2: %3</translation>
        </message>
        <message>
            <source>Earlier version, until %1:</source>
            <translation>Versión anterior, hasta %1:</translation>
        </message>
        <message>
            <source>Scroll up for earlier messages</source>
            <translation>Desplázate hacia arriba para ver mensajes anteriores</translation>
        </message>
        <message>
            <source>This conversation</source>
            <translation>Esta conversación</translation>
        </message>
        <message>
            <source>Other conversation</source>
            <translation>Otra conversación</translation>
        </message>
        <message>
            <source>internal note</source>
            <translation>nota interna</translation>
        </message>
        <message>
            <source>ddd d MMM yyyy, HH:mm</source>
            <comment>date format</comment>
            <translation>ddd d MMM yyyy, HH:mm</translation>
        </message>
        <message>
            <source>d MMM, HH:mm</source>
            <comment>date format</comment>
            <translation>d MMM, HH:mm</translation>
        </message>
        <message>
            <source>e-mail to a colleague</source>
            <translation>correo a un compañero</translation>
        </message>
        <message>
            <source>Save attachments…</source>
            <translation>Guardar adjuntos…</translation>
        </message>
        <message>
            <source>Hidden from public view on %1, not from this console (seen %2)</source>
            <translation>Ocultado de la vista pública en %1, no desde esta consola (visto %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::TriageReasonText</name>
        <message>
            <source>low: no words to act on</source>
            <translation>baja: no hay palabras sobre las que actuar</translation>
        </message>
        <message>
            <source>normal: no triage rules loaded</source>
            <translation>normal: no hay reglas de triaje cargadas</translation>
        </message>
        <message>
            <source>not time-sensitive: praise that asks for nothing</source>
            <translation>sin urgencia temporal: un elogio que no pide nada</translation>
        </message>
        <message>
            <source>low: no action needed</source>
            <translation>baja: no hace falta hacer nada</translation>
        </message>
        <message>
            <source>urgent: time-sensitive and service loss</source>
            <translation>urgente: urgencia temporal y servicio perdido</translation>
        </message>
        <message>
            <source>high: time-sensitive</source>
            <translation>alta: urgencia temporal</translation>
        </message>
        <message>
            <source>high: service loss</source>
            <translation>alta: servicio perdido</translation>
        </message>
        <message>
            <source>normal: praise deserves a reply</source>
            <translation>normal: un elogio merece respuesta</translation>
        </message>
        <message>
            <source>normal: needs a reply, nothing time-sensitive or lost</source>
            <translation>normal: necesita respuesta, sin urgencia temporal ni servicio perdido</translation>
        </message>
        <message>
            <source>angry: written in capitals</source>
            <translation>enfadado: escrito en mayúsculas</translation>
        </message>
        <message>
            <source>time-sensitive</source>
            <translation>urgencia temporal</translation>
        </message>
        <message>
            <source>service loss</source>
            <translation>servicio perdido</translation>
        </message>
        <message>
            <source>negative</source>
            <translation>negativo</translation>
        </message>
        <message>
            <source>angry</source>
            <translation>enfadado</translation>
        </message>
        <message>
            <source>praise</source>
            <translation>elogio</translation>
        </message>
        <message>
            <source>sarcasm</source>
            <translation>sarcasmo</translation>
        </message>
        <message>
            <source>no action</source>
            <translation>sin acción</translation>
        </message>
        <message>
            <source>urgent: rule %1 (%2)</source>
            <translation>urgente: regla %1 (%2)</translation>
        </message>
        <message>
            <source>not counted as %1: %2</source>
            <translation>no contado como %1: %2</translation>
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
            <translation>Conjunto de reglas %1</translation>
        </message>
        <message>
            <source>Try a message, e.g. “my flight leaves tonight and I can't log in”</source>
            <translation>Prueba un mensaje, p. ej. «mi vuelo sale esta noche y no puedo iniciar sesión»</translation>
        </message>
        <message>
            <source>Add &amp;language</source>
            <translation>Añadir &amp;idioma</translation>
        </message>
        <message>
            <source>Remove language</source>
            <translation>Quitar idioma</translation>
        </message>
        <message>
            <source>Restore &amp;bundled rules</source>
            <translation>Restaurar las reglas &amp;incluidas</translation>
        </message>
        <message>
            <source>L&amp;anguage</source>
            <translation>Idio&amp;ma</translation>
        </message>
        <message>
            <source>Patterns are regular expressions matched as whole words. Follower counts, verification badges and other signs of influence never raise urgency: rules that would are refused. New rules apply to messages arriving after saving.</source>
            <translation>Los patrones son expresiones regulares que se comparan como palabras completas. El número de seguidores, las insignias de verificación y otras señales de influencia nunca aumentan la urgencia: las reglas que lo harían se rechazan. Las reglas nuevas se aplican a los mensajes que lleguen después de guardar.</translation>
        </message>
        <message>
            <source>&amp;Try</source>
            <translation>&amp;Probar</translation>
        </message>
        <message>
            <source>Restore bundled rules</source>
            <translation>Restaurar las reglas incluidas</translation>
        </message>
        <message>
            <source>Replace every language's rules with the bundled ones? Your edits are lost.</source>
            <translation>¿Sustituir las reglas de todos los idiomas por las incluidas? Se perderán tus cambios.</translation>
        </message>
        <message>
            <source>Fix the rules to try them.</source>
            <translation>Corrige las reglas para probarlas.</translation>
        </message>
        <message>
            <source>Urgency: %1 · sentiment: %2 · language: %3</source>
            <translation>Urgencia: %1 · sentimiento: %2 · idioma: %3</translation>
        </message>
        <message>
            <source>Rules: %1</source>
            <translation>Reglas: %1</translation>
        </message>
        <message>
            <source>All valid: %1 rules; languages %2.</source>
            <translation>Todas válidas: %1 reglas; idiomas %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::ViewsPane</name>
        <message>
            <source>Saved views</source>
            <translation>Vistas guardadas</translation>
        </message>
        <message>
            <source>Delete the view “%1”</source>
            <translation>Eliminar la vista «%1»</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::VolumeHeatmap</name>
        <message>
            <source>outside staffed hours · darker: more customer messages · click a cell to open them</source>
            <translation>fuera del horario de atención · más oscuro: más mensajes de clientes · haz clic en una celda para abrirlos</translation>
        </message>
        <message>
            <source>%1 %2:00–%3:00: %4 customer messages%5</source>
            <translation>%1 %2:00–%3:00: %4 mensaje(s) de clientes%5</translation>
        </message>
        <message>
            <source> (outside staffed hours)</source>
            <translation> (fuera del horario de atención)</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WeeklyReport</name>
        <message>
            <source>The week of %1 has not started yet.</source>
            <translation>La semana del %1 aún no ha empezado.</translation>
        </message>
        <message>
            <source>Choose this week or an earlier one.</source>
            <translation>Elige esta semana o una anterior.</translation>
        </message>
        <message>
            <source>week in progress: figures as at %1</source>
            <translation>semana en curso: cifras a %1</translation>
        </message>
        <message>
            <source>generated %1</source>
            <translation>generado %1</translation>
        </message>
        <message>
            <source>Headline figures</source>
            <translation>Cifras principales</translation>
        </message>
        <message>
            <source>This week</source>
            <translation>Esta semana</translation>
        </message>
        <message>
            <source>Previous week</source>
            <translation>Semana anterior</translation>
        </message>
        <message>
            <source>First response</source>
            <translation>Primera respuesta</translation>
        </message>
        <message>
            <source>First-response SLA met</source>
            <translation>SLA de primera respuesta cumplido</translation>
        </message>
        <message>
            <source>New conversations</source>
            <translation>Conversaciones nuevas</translation>
        </message>
        <message>
            <source>Customer messages</source>
            <translation>Mensajes de clientes</translation>
        </message>
        <message>
            <source>… of new conversations, in hours nobody was on duty</source>
            <translation>… de conversaciones nuevas, en horas sin nadie de servicio</translation>
        </message>
        <message>
            <source>Replies by the team</source>
            <translation>Respuestas del equipo</translation>
        </message>
        <message>
            <source>Still waiting at the end</source>
            <translation>Aún esperando al final</translation>
        </message>
        <message>
            <source>Ended without response</source>
            <translation>Terminadas sin respuesta</translation>
        </message>
        <message>
            <source>Satisfaction (CSAT)</source>
            <translation>Satisfacción (CSAT)</translation>
        </message>
        <message>
            <source>What customers wrote about most</source>
            <translation>De qué escribieron más los clientes</translation>
        </message>
        <message>
            <source>No tagged conversations this week.</source>
            <translation>No hay conversaciones etiquetadas esta semana.</translation>
        </message>
        <message>
            <source>Tag</source>
            <translation>Etiqueta</translation>
        </message>
        <message>
            <source>The week's longest waits</source>
            <translation>Las esperas más largas de la semana</translation>
        </message>
        <message>
            <source>No customer waited this week.</source>
            <translation>Ningún cliente esperó esta semana.</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Canal</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Desde</translation>
        </message>
        <message>
            <source>Wait</source>
            <translation>Espera</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Resultado</translation>
        </message>
        <message>
            <source>How these figures are computed: first response time runs from the customer's first message in a cycle to the first message a person on the team sent them; median, 90th percentile (p90) and mean are of answered first responses, with their count n. Waits still open and waits ended without a response are counted beside the figures, never in them. The SLA met rate is met ÷ (met + missed + running already missed) of first-response clocks. Satisfaction is the latest answer (1–5) of each cycle. Days and weeks are in the team calendar's time zone (%1). The full definitions are in the product's documentation (docs/metrics.md).</source>
            <translation>Cómo se calculan estas cifras: el tiempo de primera respuesta va desde el primer mensaje del cliente en un ciclo hasta el primer mensaje que le envió una persona del equipo; la mediana, el percentil 90 (p90) y la media son de las primeras respuestas contestadas, con su número n. Las esperas aún abiertas y las terminadas sin respuesta se cuentan junto a las cifras, nunca dentro de ellas. La tasa de cumplimiento del SLA es cumplidos ÷ (cumplidos + incumplidos + en curso ya incumplidos) de los relojes de primera respuesta. La satisfacción es la respuesta más reciente (1–5) de cada ciclo. Los días y las semanas están en la zona horaria del calendario del equipo (%1). Las definiciones completas están en la documentación del producto (docs/metrics.md).</translation>
        </message>
        <message>
            <source>Nobody</source>
            <translation>Nadie</translation>
        </message>
        <message>
            <source>%1 (n=%2)</source>
            <translation>%1 (n=%2)</translation>
        </message>
        <message>
            <source>Weekly response report, week %1: %2 – %3</source>
            <translation>Informe semanal de respuesta, semana %1: %2 – %3</translation>
        </message>
        <message>
            <source>no answered first response</source>
            <translation>ninguna primera respuesta contestada</translation>
        </message>
        <message>
            <source>median %1 · p90 %2 · mean %3 · n = %4</source>
            <translation>mediana %1 · p90 %2 · media %3 · n = %4</translation>
        </message>
        <message>
            <source>%1%</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>nothing decided</source>
            <translation>nada decidido</translation>
        </message>
        <message>
            <source>no answers</source>
            <translation>sin respuestas</translation>
        </message>
        <message>
            <source>%1 of 5 (n = %2)</source>
            <translation>%1 de 5 (n = %2)</translation>
        </message>
        <message>
            <source>all channels</source>
            <translation>todos los canales</translation>
        </message>
        <message>
            <source>account %1</source>
            <translation>cuenta %1</translation>
        </message>
        <message>
            <source>agent %1</source>
            <translation>agente %1</translation>
        </message>
        <message>
            <source>team %1</source>
            <translation>equipo %1</translation>
        </message>
        <message>
            <source>tag %1</source>
            <translation>etiqueta %1</translation>
        </message>
        <message>
            <source>staffed hours only</source>
            <translation>solo horario de atención</translation>
        </message>
        <message>
            <source>wall clock</source>
            <translation>tiempo real</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkflowController</name>
        <message>
            <source>Next conversation</source>
            <translation>Conversación siguiente</translation>
        </message>
        <message>
            <source>Previous conversation</source>
            <translation>Conversación anterior</translation>
        </message>
        <message>
            <source>Open conversation</source>
            <translation>Abrir conversación</translation>
        </message>
        <message>
            <source>Reply publicly</source>
            <translation>Responder en público</translation>
        </message>
        <message>
            <source>Reply privately</source>
            <translation>Responder en privado</translation>
        </message>
        <message>
            <source>Internal note</source>
            <translation>Nota interna</translation>
        </message>
        <message>
            <source>Resolve</source>
            <translation>Resolver</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Asignar…</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Posponer</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>Durante 1 hora</translation>
        </message>
        <message>
            <source>For 3 hours</source>
            <translation>Durante 3 horas</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>Hasta mañana</translation>
        </message>
        <message>
            <source>For a week</source>
            <translation>Durante una semana</translation>
        </message>
        <message>
            <source>Take it (claim)</source>
            <translation>Quedármela</translation>
        </message>
        <message>
            <source>Waiting on customer</source>
            <translation>Esperando al cliente</translation>
        </message>
        <message>
            <source>No reply needed…</source>
            <translation>No necesita respuesta…</translation>
        </message>
        <message>
            <source>Hide comment…</source>
            <translation>Ocultar comentario…</translation>
        </message>
        <message>
            <source>Tags…</source>
            <translation>Etiquetas…</translation>
        </message>
        <message>
            <source>Ask for satisfaction (1–5)</source>
            <translation>Preguntar por la satisfacción (1–5)</translation>
        </message>
        <message>
            <source>Record satisfaction…</source>
            <translation>Registrar la satisfacción…</translation>
        </message>
        <message>
            <source>Export transcript…</source>
            <translation>Exportar transcripción…</translation>
        </message>
        <message>
            <source>Print transcript…</source>
            <translation>Imprimir transcripción…</translation>
        </message>
        <message>
            <source>Keyboard shortcuts…</source>
            <translation>Atajos de teclado…</translation>
        </message>
        <message>
            <source>Select a conversation first.</source>
            <translation>Selecciona primero una conversación.</translation>
        </message>
        <message>
            <source>Resolved.</source>
            <translation>Resuelta.</translation>
        </message>
        <message>
            <source>Snoozed until %1.</source>
            <translation>Pospuesta hasta %1.</translation>
        </message>
        <message>
            <source>Waiting on the customer.</source>
            <translation>Esperando al cliente.</translation>
        </message>
        <message>
            <source>It is yours now.</source>
            <translation>Ahora es tuya.</translation>
        </message>
        <message>
            <source>Assigned.</source>
            <translation>Asignada.</translation>
        </message>
        <message>
            <source>Marked as needing no reply.</source>
            <translation>Marcada como que no necesita respuesta.</translation>
        </message>
        <message>
            <source>Transcript: %1 — exported %2 by %3</source>
            <translation>Transcripción: %1, exportada %2 por %3</translation>
        </message>
        <message>
            <source>Open a conversation first.</source>
            <translation>Abre primero una conversación.</translation>
        </message>
        <message>
            <source>Export transcript</source>
            <translation>Exportar transcripción</translation>
        </message>
        <message>
            <source>PDF (*.pdf);;Plain text (*.txt)</source>
            <translation>PDF (*.pdf);;Texto sin formato (*.txt)</translation>
        </message>
        <message>
            <source>Transcript saved to %1 — attach it to the escalation.</source>
            <translation>Transcripción guardada en %1: adjúntala a la escalada.</translation>
        </message>
        <message>
            <source>Hide comment</source>
            <translation>Ocultar comentario</translation>
        </message>
        <message>
            <source>The customer's latest public comment will be hidden from public view on %1 — not deleted. Your name, the time and the reason are recorded.</source>
            <translation>El comentario público más reciente del cliente se ocultará de la vista pública en %1, no se eliminará. Se registran tu nombre, la hora y el motivo.</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Ocultar</translation>
        </message>
        <message>
            <source>Hidden, with your reason in the audit log.</source>
            <translation>Ocultado, con tu motivo en el registro de auditoría.</translation>
        </message>
        <message>
            <source>The satisfaction question is on its way; the customer's answer is recorded when it arrives.</source>
            <translation>La pregunta de satisfacción está en camino; la respuesta del cliente se registra cuando llegue.</translation>
        </message>
        <message>
            <source>Satisfaction %1/5 recorded.</source>
            <translation>Satisfacción %1/5 registrada.</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Etiquetas</translation>
        </message>
        <message>
            <source>Tags for this conversation, separated by commas (e.g. check-in, refund):</source>
            <translation>Etiquetas para esta conversación, separadas por comas (p. ej. check-in, reembolso):</translation>
        </message>
        <message>
            <source>Tags saved.</source>
            <translation>Etiquetas guardadas.</translation>
        </message>
        <message>
            <source>Send transcript by e-mail…</source>
            <translation>Enviar transcripción por correo…</translation>
        </message>
        <message>
            <source>The transcript is on its way to %1.</source>
            <translation>La transcripción va de camino a %1.</translation>
        </message>
        <message>
            <source>Unhide comment</source>
            <translation>Mostrar de nuevo el comentario</translation>
        </message>
        <message>
            <source>Still reading what %1 allows here; try again in a moment.</source>
            <translation>Aún se está leyendo lo que %1 permite aquí; vuelva a intentarlo en un momento.</translation>
        </message>
        <message>
            <source>Shown again; the audit log has it.</source>
            <translation>Se muestra de nuevo; queda en el registro de auditoría.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackActions</name>
        <message>
            <source>E&amp;xport workspace pack…</source>
            <translation>E&amp;xportar paquete de espacio de trabajo…</translation>
        </message>
        <message>
            <source>&amp;Import workspace pack…</source>
            <translation>&amp;Importar paquete de espacio de trabajo…</translation>
        </message>
        <message>
            <source>Save the team's policies, approved replies, SLA policies, calendar and triage rules as one file for other consoles</source>
            <translation>Guarda las políticas, las respuestas aprobadas, las políticas de SLA, el calendario y las reglas de triaje del equipo en un solo archivo para otras consolas</translation>
        </message>
        <message>
            <source>Check a workspace pack, see what it would change, then import it</source>
            <translation>Comprueba un paquete de espacio de trabajo, mira qué cambiaría y luego impórtalo</translation>
        </message>
        <message>
            <source>Export workspace pack</source>
            <translation>Exportar paquete de espacio de trabajo</translation>
        </message>
        <message>
            <source>Workspace packs (*.json)</source>
            <translation>Paquetes de espacio de trabajo (*.json)</translation>
        </message>
        <message>
            <source>%1 could not be written: %2</source>
            <translation>No se pudo escribir %1: %2</translation>
        </message>
        <message>
            <source>Saved the workspace pack %1.</source>
            <translation>Paquete de espacio de trabajo %1 guardado.</translation>
        </message>
        <message>
            <source>Import workspace pack</source>
            <translation>Importar paquete de espacio de trabajo</translation>
        </message>
        <message>
            <source>Workspace packs (*.json);;All files (*)</source>
            <translation>Paquetes de espacio de trabajo (*.json);;Todos los archivos (*)</translation>
        </message>
        <message>
            <source>%1 was not imported; nothing was changed: %2</source>
            <translation>%1 no se importó; no se ha cambiado nada: %2</translation>
        </message>
        <message>
            <source>Imported the workspace pack %1.</source>
            <translation>Paquete de espacio de trabajo %1 importado.</translation>
        </message>
    </context>
    <context>
        <name>Care::Gui::WorkspacePackDialog</name>
        <message>
            <source>Import workspace pack</source>
            <translation>Importar paquete de espacio de trabajo</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importar</translation>
        </message>
        <message>
            <source>Importing %1 would make these changes. Nothing has changed yet; Import makes all of them at once.</source>
            <translation>Importar %1 haría estos cambios. Todavía no ha cambiado nada; Importar los aplica todos a la vez.</translation>
        </message>
        <message>
            <source>%1 holds nothing that is not already here.</source>
            <translation>%1 no contiene nada que no esté ya aquí.</translation>
        </message>
        <message>
            <source>%1 cannot be imported; nothing was changed. What is wrong with it:</source>
            <translation>%1 no se puede importar; no se ha cambiado nada. Qué tiene de incorrecto:</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Cerrar</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::AccountRepository</name>
        <message>
            <source>There is no account %1.</source>
            <translation>No existe la cuenta %1.</translation>
        </message>
        <message>
            <source>`careconsole account list` shows the accounts and their numbers.</source>
            <translation>`careconsole account list` muestra las cuentas y sus números.</translation>
        </message>
        <message>
            <source>The account was removed before this could be sent.</source>
            <translation>La cuenta se eliminó antes de que esto pudiera enviarse.</translation>
        </message>
        <message>
            <source>The account was removed while this was being sent; check on the platform whether it went out.</source>
            <translation>La cuenta se eliminó mientras esto se enviaba; comprueba en la plataforma si llegó a salir.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ChangeFeed</name>
        <message>
            <source>The team database did not accept the subscription to changes.</source>
            <translation>La base de datos del equipo no aceptó la suscripción a los cambios.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>Se perdió la conexión con la base de datos del equipo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationActions</name>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Esta conversación ya no existe.</translation>
        </message>
        <message>
            <source>%1 has already taken this conversation.</source>
            <translation>%1 ya se ha quedado esta conversación.</translation>
        </message>
        <message>
            <source>Ask them, or have a lead reassign it.</source>
            <translation>Pregúntale o pide a un responsable que la reasigne.</translation>
        </message>
        <message>
            <source>Hiding a customer's message needs a reason.</source>
            <translation>Para ocultar un mensaje del cliente hace falta un motivo.</translation>
        </message>
        <message>
            <source>Say why, for example: abusive language, or personal data posted in public.</source>
            <translation>Indica por qué, por ejemplo: lenguaje ofensivo o datos personales publicados.</translation>
        </message>
        <message>
            <source>There is no visible public message from the customer to hide.</source>
            <translation>No hay ningún mensaje público visible del cliente que ocultar.</translation>
        </message>
        <message>
            <source>There is nothing to send.</source>
            <translation>No hay nada que enviar.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 no es una dirección de correo.</translation>
        </message>
        <message>
            <source>Give the colleague's or department's address, e.g. escalations@example.com.</source>
            <translation>Indique la dirección del compañero o del departamento, p. ej. escalations@example.com.</translation>
        </message>
        <message>
            <source>Account %1 is not an e-mail account.</source>
            <translation>La cuenta %1 no es una cuenta de correo.</translation>
        </message>
        <message>
            <source>Connect a support mailbox with careconsole account add email.</source>
            <translation>Conecte un buzón de soporte con careconsole account add email.</translation>
        </message>
        <message>
            <source>Transcript sent by e-mail to %1.</source>
            <translation>Transcripción enviada por correo a %1.</translation>
        </message>
        <message>
            <source>Choose a colleague or the team, not yourself.</source>
            <translation>Elige a un compañero o al equipo, no a ti.</translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Transcripción de la conversación %1</translation>
        </message>
        <message>
            <source>The transcript could not be written as a PDF.</source>
            <translation>No se pudo generar el PDF del historial.</translation>
        </message>
        <message>
            <source>This customer has not given e-mail as their preferred contact, with an address.</source>
            <translation>Este cliente no ha indicado el correo, con una dirección, como contacto preferido.</translation>
        </message>
        <message>
            <source>Record their e-mail address and preference in the customer card first.</source>
            <translation>Registre primero su dirección de correo y su preferencia en la ficha del cliente.</translation>
        </message>
        <message>
            <source>Nothing was sent. Try again; if it keeps failing, export the transcript and attach it yourself.</source>
            <translation>No se ha enviado nada. Vuelva a intentarlo; si sigue fallando, exporte el historial y adjúntelo usted mismo.</translation>
        </message>
        <message>
            <source>Nothing the customer wrote here is hidden.</source>
            <translation>Nada de lo que escribió el cliente aquí está oculto.</translation>
        </message>
        <message>
            <source>The customer's comment is shown again on %1.</source>
            <translation>El comentario del cliente vuelve a mostrarse en %1.</translation>
        </message>
        <message>
            <source>This message is private or hidden already; only a visible public message from the customer can be hidden.</source>
            <translation>Este mensaje es privado o ya está oculto; solo se puede ocultar un mensaje público visible del cliente.</translation>
        </message>
        <message>
            <source>This message is not hidden.</source>
            <translation>Este mensaje no está oculto.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ConversationFactsQuery</name>
        <message>
            <source>There is no conversation %1.</source>
            <translation>No existe la conversación %1.</translation>
        </message>
        <message>
            <source>Message %1 is not one of the customer's messages in conversation %2.</source>
            <translation>El mensaje %1 no es uno de los mensajes del cliente en la conversación %2.</translation>
        </message>
        <message>
            <source>Leave out --message to act on the customer's latest message, as the console does.</source>
            <translation>Omita --message para actuar sobre el último mensaje del cliente, como hace la consola.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CsatRepository</name>
        <message>
            <source>The satisfaction question is missing from this build.</source>
            <translation>Falta la pregunta de satisfacción en esta compilación.</translation>
        </message>
        <message>
            <source>Reinstall Care Console.</source>
            <translation>Vuelve a instalar Care Console.</translation>
        </message>
        <message>
            <source>The satisfaction question in this build cannot be read.</source>
            <translation>No se puede leer la pregunta de satisfacción de esta compilación.</translation>
        </message>
        <message>
            <source>This conversation no longer exists.</source>
            <translation>Esta conversación ya no existe.</translation>
        </message>
        <message>
            <source>The satisfaction question was already sent on %1 and is waiting for the customer's answer.</source>
            <translation>La pregunta de satisfacción ya se envió el %1 y está esperando la respuesta del cliente.</translation>
        </message>
        <message>
            <source>Wait for the answer, or record the score by hand if the customer gave it another way.</source>
            <translation>Espera la respuesta o registra la puntuación a mano si el cliente la dio por otra vía.</translation>
        </message>
        <message>
            <source>A satisfaction score is a number from 1 to 5, not %1.</source>
            <translation>Una puntuación de satisfacción es un número del 1 al 5, no %1.</translation>
        </message>
        <message>
            <source>Choose 1 (poor) to 5 (great).</source>
            <translation>Elige de 1 (mal) a 5 (excelente).</translation>
        </message>
        <message>
            <source>A score recorded by hand needs the agent who recorded it.</source>
            <translation>Una puntuación registrada a mano necesita el agente que la registró.</translation>
        </message>
        <message>
            <source>Sign in as an agent, then record the score again.</source>
            <translation>Inicia sesión como agente y vuelve a registrar la puntuación.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::CustomerRepository</name>
        <message>
            <source>These are already the same customer.</source>
            <translation>Ya son el mismo cliente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Database</name>
        <message>
            <source>The team database at %1 refused the sign-in for user “%2”.</source>
            <translation>La base de datos del equipo en %1 rechazó el inicio de sesión del usuario «%2».</translation>
        </message>
        <message>
            <source>Check the user name and password in the database URL, or ask your administrator to grant this login access.</source>
            <translation>Comprueba el usuario y la contraseña en la URL de la base de datos, o pide a tu administrador que conceda acceso a este inicio de sesión.</translation>
        </message>
        <message>
            <source>The server at %1:%2 has no database named “%3”.</source>
            <translation>El servidor en %1:%2 no tiene ninguna base de datos llamada «%3».</translation>
        </message>
        <message>
            <source>Check the database name at the end of the URL, or ask your administrator to create it.</source>
            <translation>Comprueba el nombre de la base de datos al final de la URL, o pide a tu administrador que la cree.</translation>
        </message>
        <message>
            <source>The database host “%1” could not be found.</source>
            <translation>No se encontró el servidor de base de datos «%1».</translation>
        </message>
        <message>
            <source>Check the host name in the database URL.</source>
            <translation>Comprueba el nombre del servidor en la URL de la base de datos.</translation>
        </message>
        <message>
            <source>Nothing answered at %1:%2 — the team database is not reachable.</source>
            <translation>Nada respondió en %1:%2: la base de datos del equipo no está accesible.</translation>
        </message>
        <message>
            <source>Check the host and port in the database URL, that the database server is running, and that your network allows the connection.</source>
            <translation>Comprueba el servidor y el puerto en la URL de la base de datos, que el servidor de base de datos esté en marcha y que tu red permita la conexión.</translation>
        </message>
        <message>
            <source>The program at %1:%2 did not answer like a PostgreSQL server.</source>
            <translation>El programa en %1:%2 no respondió como un servidor PostgreSQL.</translation>
        </message>
        <message>
            <source>Check the port in the database URL: it may point at another service.</source>
            <translation>Comprueba el puerto en la URL de la base de datos: puede que apunte a otro servicio.</translation>
        </message>
        <message>
            <source>The team database at %1 could not be opened.</source>
            <translation>No se pudo abrir la base de datos del equipo en %1.</translation>
        </message>
        <message>
            <source>Check the database URL and the server.</source>
            <translation>Comprueba la URL de la base de datos y el servidor.</translation>
        </message>
        <message>
            <source>This store was written by a newer version of Care Console (store version %1; this version understands up to %2). It was not opened and nothing in it was changed.</source>
            <translation>Este almacén lo escribió una versión más reciente de Care Console (versión de almacén %1; esta versión entiende hasta la %2). No se ha abierto y no se ha cambiado nada en él.</translation>
        </message>
        <message>
            <source>Install the newer version of Care Console to open it.</source>
            <translation>Instala la versión más reciente de Care Console para abrirlo.</translation>
        </message>
        <message>
            <source>This store uses an older layout (version %1) and cannot be upgraded while it is open read-only.</source>
            <translation>Este almacén usa un formato anterior (versión %1) y no se puede actualizar mientras esté abierto en solo lectura.</translation>
        </message>
        <message>
            <source>Open it normally once so it can be upgraded.</source>
            <translation>Ábrelo una vez de forma normal para que se pueda actualizar.</translation>
        </message>
        <message>
            <source>There is no store at %1.</source>
            <translation>No hay ningún almacén en %1.</translation>
        </message>
        <message>
            <source>Check the path, or start a new store.</source>
            <translation>Comprueba la ruta o crea un almacén nuevo.</translation>
        </message>
        <message>
            <source>The folder %1 could not be created for the store.</source>
            <translation>No se pudo crear la carpeta %1 para el almacén.</translation>
        </message>
        <message>
            <source>Check that you may write there, or choose another place.</source>
            <translation>Comprueba que puedes escribir allí o elige otro lugar.</translation>
        </message>
        <message>
            <source>%1 is a folder, not a store file.</source>
            <translation>%1 es una carpeta, no un archivo de almacén.</translation>
        </message>
        <message>
            <source>Give the path of a store file.</source>
            <translation>Indica la ruta de un archivo de almacén.</translation>
        </message>
        <message>
            <source>The store %1 could not be opened.</source>
            <translation>No se pudo abrir el almacén %1.</translation>
        </message>
        <message>
            <source>Check that the file is readable and writable.</source>
            <translation>Comprueba que el archivo se pueda leer y escribir.</translation>
        </message>
        <message>
            <source>%1 is not a Care Console store (it is not an SQLite database).</source>
            <translation>%1 no es un almacén de Care Console (no es una base de datos SQLite).</translation>
        </message>
        <message>
            <source>Choose the right file, or start a new store elsewhere.</source>
            <translation>Elige el archivo correcto o crea un almacén nuevo en otro lugar.</translation>
        </message>
        <message>
            <source>The store %1 is damaged.</source>
            <translation>El almacén %1 está dañado.</translation>
        </message>
        <message>
            <source>It was left untouched. You can open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>No se ha tocado. Puedes abrir una copia de solo lectura para rescatar lo que se pueda leer, o crear un almacén nuevo en otro lugar.</translation>
        </message>
        <message>
            <source>The store %1 could not be read.</source>
            <translation>No se pudo leer el almacén %1.</translation>
        </message>
        <message>
            <source>Check that the file is readable.</source>
            <translation>Comprueba que el archivo se pueda leer.</translation>
        </message>
        <message>
            <source>The PostgreSQL driver for Qt is not installed.</source>
            <translation>El controlador PostgreSQL para Qt no está instalado.</translation>
        </message>
        <message>
            <source>Install the Qt PostgreSQL driver (Debian: libqt6sql6-psql).</source>
            <translation>Instala el controlador PostgreSQL de Qt (Debian: libqt6sql6-psql).</translation>
        </message>
        <message>
            <source>The store could not start a transaction.</source>
            <translation>El almacén no pudo iniciar una transacción.</translation>
        </message>
        <message>
            <source>The store could not save the change.</source>
            <translation>El almacén no pudo guardar el cambio.</translation>
        </message>
        <message>
            <source>The connection to the team database was lost.</source>
            <translation>Se perdió la conexión con la base de datos del equipo.</translation>
        </message>
        <message>
            <source>Care Console keeps your work and reconnects by itself.</source>
            <translation>Care Console conserva tu trabajo y se vuelve a conectar sola.</translation>
        </message>
        <message>
            <source>Open a read-only copy to rescue what is readable, or start a new store elsewhere.</source>
            <translation>Abre una copia de solo lectura para rescatar lo que se pueda leer, o crea un almacén nuevo en otro lugar.</translation>
        </message>
        <message>
            <source>The store could not complete an operation.</source>
            <translation>El almacén no pudo completar una operación.</translation>
        </message>
        <message>
            <source>The store could not be opened again.</source>
            <translation>No se pudo volver a abrir el almacén.</translation>
        </message>
        <message>
            <source>Row %1 in %2 points at a missing %3.</source>
            <translation>La fila %1 de %2 apunta a un %3 que falta.</translation>
        </message>
        <message>
            <source>The search index does not match the messages: %1</source>
            <translation>El índice de búsqueda no coincide con los mensajes: %1</translation>
        </message>
        <message>
            <source>%1 messages belong to no conversation.</source>
            <translation>%1 mensajes no pertenecen a ninguna conversación.</translation>
        </message>
        <message>
            <source>The bundled off-hours acknowledgement is missing.</source>
            <translation>Falta el acuse de recibo incluido para fuera del horario de atención.</translation>
        </message>
        <message>
            <source>The team database does not allow your login (%1) to do this.</source>
            <translation>La base de datos del equipo no permite esto a tu usuario (%1).</translation>
        </message>
        <message>
            <source>Leads change policies and service levels, administrators accounts and people; ask one of them if this needs doing.</source>
            <translation>Los responsables cambian las políticas y los niveles de servicio, los administradores las cuentas y las personas; pídeselo a uno de ellos si hace falta.</translation>
        </message>
        <message>
            <source>The team database uses an older layout (version %1) than this Care Console (version %2), and your login (%3) may not upgrade it.</source>
            <translation>La base de datos del equipo usa un formato más antiguo (versión %1) que esta Care Console (versión %2), y tu usuario (%3) no puede actualizarla.</translation>
        </message>
        <message>
            <source>Ask the database's owner to run: careconsole --database postgresql://OWNER@HOST/DB team setup</source>
            <translation>Pide al propietario de la base de datos que ejecute: careconsole --database postgresql://PROPIETARIO@HOST/BD team setup</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DatabaseLocation</name>
        <message>
            <source>No database was given.</source>
            <translation>No se ha indicado ninguna base de datos.</translation>
        </message>
        <message>
            <source>Give a PostgreSQL URL such as postgresql://agent@db.example/care, or a file path.</source>
            <translation>Indica una URL de PostgreSQL como postgresql://agent@db.example/care, o una ruta de archivo.</translation>
        </message>
        <message>
            <source>The SQLite URL names no file.</source>
            <translation>La URL de SQLite no indica ningún archivo.</translation>
        </message>
        <message>
            <source>Write it as sqlite:///full/path/to/store.sqlite.</source>
            <translation>Escríbela como sqlite:///ruta/completa/al/almacen.sqlite.</translation>
        </message>
        <message>
            <source>“%1” is not a database URL Care Console understands.</source>
            <translation>«%1» no es una URL de base de datos que Care Console entienda.</translation>
        </message>
        <message>
            <source>Use postgresql://user@host:port/database for a team database, or the path of an SQLite file.</source>
            <translation>Usa postgresql://usuario@servidor:puerto/base para una base de datos de equipo, o la ruta de un archivo SQLite.</translation>
        </message>
        <message>
            <source>The database URL is not valid: %1</source>
            <translation>La URL de la base de datos no es válida: %1</translation>
        </message>
        <message>
            <source>Write it as postgresql://user:password@host:port/database.</source>
            <translation>Escríbela como postgresql://usuario:contraseña@servidor:puerto/base.</translation>
        </message>
        <message>
            <source>The database URL names no database.</source>
            <translation>La URL de la base de datos no indica ninguna base de datos.</translation>
        </message>
        <message>
            <source>Add the database name after the host, e.g. postgresql://%1/care.</source>
            <translation>Añade el nombre de la base de datos después del servidor, p. ej. postgresql://%1/care.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::DemoWorkspace</name>
        <message>
            <source>The demo workspace is not valid: %1</source>
            <translation>El espacio de demostración no es válido: %1</translation>
        </message>
        <message>
            <source>the bundled file is missing</source>
            <translation>falta el archivo incluido</translation>
        </message>
        <message>
            <source>an agent has no id</source>
            <translation>un agente no tiene id</translation>
        </message>
        <message>
            <source>unknown platform “%1”</source>
            <translation>plataforma desconocida «%1»</translation>
        </message>
        <message>
            <source>unknown identity platform</source>
            <translation>plataforma de identidad desconocida</translation>
        </message>
        <message>
            <source>customer “%1” has no identity</source>
            <translation>el cliente «%1» no tiene identidad</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown account</source>
            <translation>la conversación %1 indica una cuenta desconocida</translation>
        </message>
        <message>
            <source>conversation %1 names an unknown customer</source>
            <translation>la conversación %1 indica un cliente desconocido</translation>
        </message>
        <message>
            <source>conversation %1 has no messages</source>
            <translation>la conversación %1 no tiene mensajes</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::EmailAnswerTarget</name>
        <message>
            <source>About your article found on %1</source>
            <translation>Sobre su artículo encontrado en %1</translation>
        </message>
        <message>
            <source>Your message to %1 on %2</source>
            <translation>Su mensaje a %1 en %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MessageRepository</name>
        <message>
            <source>A message without an id, thread or time cannot be stored.</source>
            <translation>No se puede guardar un mensaje sin id, hilo u hora.</translation>
        </message>
        <message>
            <source>The account %1 does not exist.</source>
            <translation>La cuenta %1 no existe.</translation>
        </message>
        <message>
            <source>A new conversation needs the customer's platform identity.</source>
            <translation>Una conversación nueva necesita la identidad del cliente en la plataforma.</translation>
        </message>
        <message>
            <source>Suggested acknowledgement (the customer wrote outside staffed hours):
%1</source>
            <translation>Acuse de recibo sugerido (el cliente escribió fuera del horario de atención):
%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCache</name>
        <message>
            <source>The kept figures are newer than the instant asked for.</source>
            <translation>Las cifras guardadas son más recientes que el momento solicitado.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsCsv</name>
        <message>
            <source>The report could not be written.</source>
            <translation>No se pudo escribir el informe.</translation>
        </message>
        <message>
            <source>The file is not open for writing.</source>
            <translation>El archivo no está abierto para escritura.</translation>
        </message>
        <message>
            <source>Check that there is space left and that you may write there.</source>
            <translation>Comprueba que quede espacio libre y que puedas escribir allí.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::MetricsQuery</name>
        <message>
            <source>A report needs the instant it is made (now).</source>
            <translation>Un informe necesita el instante en que se genera (ahora).</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::OutboxRepository</name>
        <message>
            <source>That reply is no longer in the outbox.</source>
            <translation>Esa respuesta ya no está en la bandeja de salida.</translation>
        </message>
        <message>
            <source>That message was never queued for delivery.</source>
            <translation>Ese mensaje nunca se puso en cola para su entrega.</translation>
        </message>
        <message>
            <source>Sending was interrupted; checking whether it went out.</source>
            <translation>El envío se interrumpió; se comprueba si salió.</translation>
        </message>
        <message>
            <source>Cancelled by the agent.</source>
            <translation>Cancelada por el agente.</translation>
        </message>
        <message>
            <source>This reply has changed state meanwhile (it may have been sent or cancelled).</source>
            <translation>Esta respuesta ha cambiado de estado entretanto (puede que se haya enviado o cancelado).</translation>
        </message>
        <message>
            <source>The transcript shows where it is now.</source>
            <translation>La transcripción muestra en qué punto está ahora.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::ScheduledPostRepository</name>
        <message>
            <source>A scheduled post needs an account, a text and a time.</source>
            <translation>Una publicación programada necesita una cuenta, un texto y una hora.</translation>
        </message>
        <message>
            <source>A scheduled post needs a text and a time.</source>
            <translation>Una publicación programada necesita un texto y una hora.</translation>
        </message>
        <message>
            <source>Not posted: its time had passed before it could go out (no sync then).</source>
            <translation>No publicada: su hora había pasado antes de que pudiera salir (no hubo sincronización entonces).</translation>
        </message>
        <message>
            <source>That post is no longer scheduled: it was posted, cancelled or expired.</source>
            <translation>Esa publicación ya no está programada: se publicó, se canceló o caducó.</translation>
        </message>
        <message>
            <source>Posting was interrupted; trying again with the same key.</source>
            <translation>La publicación se interrumpió; se reintenta con la misma clave.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::SchemaMigrator</name>
        <message>
            <source>%1 holds other data and is not a Care Console store. Nothing was changed.</source>
            <translation>%1 contiene otros datos y no es un almacén de Care Console. No se ha cambiado nada.</translation>
        </message>
        <message>
            <source>Choose an empty database or an existing Care Console store.</source>
            <translation>Elige una base de datos vacía o un almacén de Care Console existente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::Store</name>
        <message>
            <source>No store is open.</source>
            <translation>No hay ningún almacén abierto.</translation>
        </message>
        <message>
            <source>Connected to the team database again.</source>
            <translation>Conectado de nuevo a la base de datos del equipo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::StoreCopier</name>
        <message>
            <source>The table %1 is missing from one of the stores.</source>
            <translation>Falta la tabla %1 en uno de los almacenes.</translation>
        </message>
        <message>
            <source>Open both stores with this version of Care Console once, so both are up to date.</source>
            <translation>Abre ambos almacenes una vez con esta versión de Care Console para que estén actualizados.</translation>
        </message>
        <message>
            <source>The copy is incomplete: %1 has %2 rows in the workspace but %3 in the team database.</source>
            <translation>La copia está incompleta: %1 tiene %2 filas en el espacio de trabajo pero %3 en la base de datos del equipo.</translation>
        </message>
        <message>
            <source>Run the same command again; it continues where it stopped.</source>
            <translation>Ejecuta de nuevo el mismo comando; continúa donde se detuvo.</translation>
        </message>
        <message>
            <source>Rows of %1 are missing from the team database after the copy.</source>
            <translation>Tras la copia faltan filas de %1 en la base de datos del equipo.</translation>
        </message>
        <message>
            <source>Message %1 differs between the workspace and the team database.</source>
            <translation>El mensaje %1 difiere entre el espacio de trabajo y la base de datos del equipo.</translation>
        </message>
        <message>
            <source>The team database already held other data with the same ids. Copy into an empty team database.</source>
            <translation>La base de datos del equipo ya tenía otros datos con los mismos identificadores. Copia en una base de datos de equipo vacía.</translation>
        </message>
        <message>
            <source>The workspace to copy from must be an SQLite store file.</source>
            <translation>El espacio de trabajo de origen debe ser un archivo de almacén SQLite.</translation>
        </message>
        <message>
            <source>Give the path of the single-user store, e.g. ~/.local/share/CareConsole/care.sqlite.</source>
            <translation>Indica la ruta del almacén individual, p. ej. ~/.local/share/CareConsole/care.sqlite.</translation>
        </message>
        <message>
            <source>The workspace is at schema version %1 and the team database at %2.</source>
            <translation>El espacio de trabajo está en la versión de esquema %1 y la base de datos del equipo en la %2.</translation>
        </message>
        <message>
            <source>Open both with this version of Care Console once, so both are up to date.</source>
            <translation>Abre ambos una vez con esta versión de Care Console para que estén actualizados.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TeamRoles</name>
        <message>
            <source>Team roles need a team database (PostgreSQL).</source>
            <translation>Los roles de equipo necesitan una base de datos de equipo (PostgreSQL).</translation>
        </message>
        <message>
            <source>Use --database postgresql://owner@host/care with the database owner's login.</source>
            <translation>Usa --database postgresql://propietario@host/care con el usuario propietario de la base de datos.</translation>
        </message>
        <message>
            <source>"%1" cannot be a login name.</source>
            <translation>«%1» no puede ser un nombre de usuario.</translation>
        </message>
        <message>
            <source>Use lower-case letters, digits and underscores, starting with a letter (for example ann_lee), and not starting with care_.</source>
            <translation>Usa minúsculas, dígitos y guiones bajos, empezando por una letra (por ejemplo ann_lee) y sin empezar por care_.</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::TranscriptMail</name>
        <message>
            <source>Transcript of conversation %1 with %2, sent by %3 on %4.</source>
            <translation>Transcripción de la conversación %1 con %2, enviada por %3 el %4.</translation>
        </message>
        <message>
            <source>The customer's whole history across channels follows, oldest first; please do not ask them to repeat it.</source>
            <translation>A continuación, todo el historial del cliente en todos los canales, del más antiguo al más reciente; por favor, no le pida que lo repita.</translation>
        </message>
        <message>
            <source>Customer: %1</source>
            <translation>Cliente: %1</translation>
        </message>
        <message>
            <source>Prefers to be contacted by: %1 %2</source>
            <translation>Prefiere el contacto por: %1 %2</translation>
        </message>
        <message>
            <source>Tags: %1</source>
            <translation>Etiquetas: %1</translation>
        </message>
        <message>
            <source>Only the newest %1 messages are included.</source>
            <translation>Solo se incluyen los %1 mensajes más recientes.</translation>
        </message>
        <message>
            <source>Automatic acknowledgement</source>
            <translation>Acuse de recibo automático</translation>
        </message>
        <message>
            <source>%1 (team)</source>
            <translation>%1 (equipo)</translation>
        </message>
        <message>
            <source>Internal note by %1</source>
            <translation>Nota interna de %1</translation>
        </message>
        <message>
            <source>internal</source>
            <translation>interno</translation>
        </message>
        <message>
            <source>public</source>
            <translation>pública</translation>
        </message>
        <message>
            <source>private</source>
            <translation>privada</translation>
        </message>
        <message>
            <source> · conversation %1</source>
            <translation> · conversación %1</translation>
        </message>
        <message>
            <source>(deleted by the author)</source>
            <translation>(eliminado por el autor)</translation>
        </message>
        <message>
            <source>Conversation %1 with %2: %3, %4.</source>
            <translation>Conversación %1 con %2: %3, %4.</translation>
        </message>
        <message>
            <source>unassigned</source>
            <translation>sin asignar</translation>
        </message>
        <message>
            <source>assigned to %1</source>
            <translation>asignada a %1</translation>
        </message>
        <message>
            <source>(hidden from public view on %1, not from the console)</source>
            <translation>(ocultado de la vista pública en %1, no desde la consola)</translation>
        </message>
        <message>
            <source>(hidden from public view by %1: %2)</source>
            <translation>(ocultado de la vista pública por %1: %2)</translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspacePackTransfer</name>
        <message>
            <source>title “%1” → “%2”</source>
            <translation>título «%1» → «%2»</translation>
        </message>
        <message>
            <source>tags %1 → %2</source>
            <translation>etiquetas %1 → %2</translation>
        </message>
        <message>
            <source>values</source>
            <translation>valores</translation>
        </message>
        <message numerus="yes">
            <source>text (%n lines)</source>
            <translation>
                <numerusform>texto (%n línea)</numerusform>
                <numerusform>texto (%n líneas)</numerusform>
            </translation>
        </message>
        <message>
            <source>text</source>
            <translation>texto</translation>
        </message>
        <message>
            <source>add</source>
            <translation>añadir</translation>
        </message>
        <message>
            <source>update</source>
            <translation>actualizar</translation>
        </message>
        <message>
            <source>replace</source>
            <translation>sustituir</translation>
        </message>
        <message>
            <source>keep (not in the pack)</source>
            <translation>conservar (no está en el paquete)</translation>
        </message>
        <message numerus="yes">
            <source>%n entries of the pack are already the same here.</source>
            <translation>
                <numerusform>%n entrada del paquete ya es igual aquí.</numerusform>
                <numerusform>%n entradas del paquete ya son iguales aquí.</numerusform>
            </translation>
        </message>
        <message>
            <source>Nothing would change.</source>
            <translation>No cambiaría nada.</translation>
        </message>
        <message>
            <source>SLA policies</source>
            <translation>Políticas de SLA</translation>
        </message>
        <message>
            <source>%1 → %2 policies</source>
            <translation>%1 → %2 políticas</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>calendario del equipo</translation>
        </message>
        <message>
            <source>triage rules</source>
            <translation>reglas de triaje</translation>
        </message>
        <message numerus="yes">
            <source>%n languages</source>
            <translation>
                <numerusform>%n idioma</numerusform>
                <numerusform>%n idiomas</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Store::WorkspaceSettings</name>
        <message>
            <source>The bundled file %1 is missing.</source>
            <translation>Falta el archivo incluido %1.</translation>
        </message>
        <message>
            <source>There are no triage rules.</source>
            <translation>No hay reglas de triaje.</translation>
        </message>
        <message>
            <source>rule set %1</source>
            <translation>conjunto de reglas %1</translation>
        </message>
        <message>
            <source>The acknowledgement mode must be send, propose or off.</source>
            <translation>El modo de acuse de recibo debe ser send, propose u off.</translation>
        </message>
        <message>
            <source>The file %1 your administrator set (%2) cannot be read.</source>
            <translation>No se puede leer el archivo %1 que fijó tu administrador (%2).</translation>
        </message>
        <message>
            <source>Ask your administrator to check the system-wide settings.</source>
            <translation>Pide a tu administrador que revise los ajustes de todo el sistema.</translation>
        </message>
        <message>
            <source>The %1 is set by your administrator and cannot be changed here.</source>
            <translation>El %1 lo ha fijado tu administrador y no se puede cambiar aquí.</translation>
        </message>
        <message>
            <source>team calendar</source>
            <translation>calendario del equipo</translation>
        </message>
        <message>
            <source>set of SLA policies</source>
            <translation>conjunto de políticas de SLA</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyAccountSetup</name>
        <message>
            <source>Give the account's handle, e.g. acme.bsky.social.</source>
            <translation>Indica el usuario de la cuenta, p. ej. acme.bsky.social.</translation>
        </message>
        <message>
            <source>The app password is empty.</source>
            <translation>La contraseña de aplicación está vacía.</translation>
        </message>
        <message>
            <source>Create one in Bluesky: Settings → Privacy and security → App passwords.</source>
            <translation>Crea una en Bluesky: Ajustes → Privacidad y seguridad → Contraseñas de aplicación.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatClient</name>
        <message>
            <source>Bluesky chat</source>
            <translation>Chat de Bluesky</translation>
        </message>
        <message>
            <source>This app password does not allow direct messages on Bluesky.</source>
            <translation>Esta contraseña de aplicación no permite mensajes directos en Bluesky.</translation>
        </message>
        <message>
            <source>In Bluesky, open Settings → Privacy and security → App passwords, create one with “Allow access to your direct messages” ticked, and connect the account again with it.</source>
            <translation>En Bluesky, abre Ajustes → Privacidad y seguridad → Contraseñas de aplicación, crea una con «Permitir el acceso a tus mensajes directos» marcado y vuelve a conectar la cuenta con ella.</translation>
        </message>
        <message>
            <source>Bluesky chat sent a conversation without the customer in it.</source>
            <translation>El chat de Bluesky envió una conversación en la que no está el cliente.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>Shared post: %1</source>
            <translation>Publicación compartida: %1</translation>
        </message>
        <message>
            <source>There is no Bluesky customer to write to privately.</source>
            <translation>No hay ningún cliente de Bluesky al que escribir en privado.</translation>
        </message>
        <message>
            <source>Bluesky does not know the customer %1 (any more).</source>
            <translation>Bluesky no conoce (ya) al cliente %1.</translation>
        </message>
        <message>
            <source>The account may have been deleted or suspended.</source>
            <translation>Puede que la cuenta se haya eliminado o suspendido.</translation>
        </message>
        <message>
            <source>%1 and the brand block each other on Bluesky: a private message cannot reach them.</source>
            <translation>%1 y la marca se bloquean mutuamente en Bluesky: un mensaje privado no puede llegarle.</translation>
        </message>
        <message>
            <source>%1 does not accept direct messages on Bluesky.</source>
            <translation>%1 no acepta mensajes directos en Bluesky.</translation>
        </message>
        <message>
            <source>Reply publicly instead; they can write to the brand privately if they prefer.</source>
            <translation>Responde en público; el cliente puede escribir a la marca en privado si lo prefiere.</translation>
        </message>
        <message>
            <source>This customer only accepts messages from accounts they follow, and %1 does not follow the brand.</source>
            <translation>Este cliente solo acepta mensajes de cuentas a las que sigue, y %1 no sigue a la marca.</translation>
        </message>
        <message>
            <source>Reply publicly, or ask them to follow the brand's account or to message it first.</source>
            <translation>Responde en público, o pídele que siga la cuenta de la marca o que le escriba primero.</translation>
        </message>
        <message>
            <source>Bluesky chat carries private messages only.</source>
            <translation>El chat de Bluesky solo transmite mensajes privados.</translation>
        </message>
        <message>
            <source>Too long for a Bluesky direct message (%1 of %2 graphemes, %3 of %4 bytes).</source>
            <translation>Demasiado largo para un mensaje directo de Bluesky (%1 de %2 grafemas, %3 de %4 bytes).</translation>
        </message>
        <message>
            <source>Shorten it, or split it into two messages.</source>
            <translation>Acórtalo o divídelo en dos mensajes.</translation>
        </message>
        <message>
            <source>Bluesky chat sent an answer that could not be read.</source>
            <translation>El chat de Bluesky envió una respuesta que no se pudo leer.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyChatJson</name>
        <message>
            <source>Unexpected chat data: %1</source>
            <translation>Datos de chat inesperados: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskyConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 envió una respuesta que no se pudo leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>The Bluesky account is not signed in.</source>
            <translation>La cuenta de Bluesky no ha iniciado sesión.</translation>
        </message>
        <message>
            <source>Connect it again with an app password.</source>
            <translation>Vuelve a conectarla con una contraseña de aplicación.</translation>
        </message>
        <message>
            <source>(quoting %1)</source>
            <translation>(citando a %1)</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Esta publicación se eliminó).</translation>
        </message>
        <message>
            <source>The post this replies to is no longer on Bluesky (deleted, or its author blocked the brand).</source>
            <translation>La publicación a la que responde ya no está en Bluesky (se eliminó o su autor bloqueó a la marca).</translation>
        </message>
        <message>
            <source>Cancel the reply, or send it as a new conversation.</source>
            <translation>Cancela la respuesta o envíala como conversación nueva.</translation>
        </message>
        <message>
            <source>Care Console cannot send Bluesky direct messages yet.</source>
            <translation>Care Console aún no puede enviar mensajes directos de Bluesky.</translation>
        </message>
        <message>
            <source>Answer publicly, or write to the customer from the Bluesky app.</source>
            <translation>Responde en público o escribe al cliente desde la aplicación de Bluesky.</translation>
        </message>
        <message>
            <source>Care Console cannot hide Bluesky replies.</source>
            <translation>Care Console no puede ocultar respuestas de Bluesky.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>El mensaje solo está oculto en la consola.</translation>
        </message>
        <message>
            <source>Another post already has this reply's record key.</source>
            <translation>Otra publicación ya tiene la clave de registro de esta respuesta.</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Las publicaciones que mencionan «%1»</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Los mensajes directos</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::BlueskySession</name>
        <message>
            <source>The Bluesky account's sign-in is missing or damaged.</source>
            <translation>El inicio de sesión de la cuenta de Bluesky falta o está dañado.</translation>
        </message>
        <message>
            <source>Connect the account again with an app password.</source>
            <translation>Vuelve a conectar la cuenta con una contraseña de aplicación.</translation>
        </message>
        <message>
            <source>Give the Bluesky server's address, e.g. https://bsky.social.</source>
            <translation>Indica la dirección del servidor de Bluesky, p. ej. https://bsky.social.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the app password would travel in the clear.</source>
            <translation>%1 no está cifrado, así que la contraseña de aplicación viajaría sin cifrar.</translation>
        </message>
        <message>
            <source>Use the https:// address of the server.</source>
            <translation>Usa la dirección https:// del servidor.</translation>
        </message>
        <message>
            <source>Bluesky no longer accepts the sign-in of %1 — reconnect the account.</source>
            <translation>Bluesky ya no acepta el inicio de sesión de %1: vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>Create a new app password in Bluesky's settings (Privacy and security → App passwords) and connect the account again.</source>
            <translation>Crea una contraseña de aplicación nueva en los ajustes de Bluesky (Privacidad y seguridad → Contraseñas de aplicación) y vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>%1 sent a sign-in answer that could not be read.</source>
            <translation>%1 envió una respuesta de inicio de sesión que no se pudo leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>This app password belongs to another Bluesky account (%1).</source>
            <translation>Esta contraseña de aplicación pertenece a otra cuenta de Bluesky (%1).</translation>
        </message>
        <message>
            <source>Connect the account again with its own app password.</source>
            <translation>Vuelve a conectar la cuenta con su propia contraseña de aplicación.</translation>
        </message>
        <message>
            <source>Bluesky did not accept this handle and app password.</source>
            <translation>Bluesky no aceptó este usuario y contraseña de aplicación.</translation>
        </message>
        <message>
            <source>Check the handle, and use an app password (Settings → Privacy and security → App passwords), not the account password.</source>
            <translation>Comprueba el usuario y usa una contraseña de aplicación (Ajustes → Privacidad y seguridad → Contraseñas de aplicación), no la contraseña de la cuenta.</translation>
        </message>
        <message>
            <source>The Bluesky session has no refresh token.</source>
            <translation>La sesión de Bluesky no tiene token de actualización.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::CurlTransfer</name>
        <message>
            <source>The mail library could not start.</source>
            <translation>No se pudo iniciar la biblioteca de correo.</translation>
        </message>
        <message>
            <source>An e-mail on %1 is too large to read.</source>
            <translation>Un correo en %1 es demasiado grande para leerlo.</translation>
        </message>
        <message>
            <source>%1 refused the e-mail.</source>
            <translation>%1 rechazó el correo.</translation>
        </message>
        <message>
            <source>The server said: %1</source>
            <translation>El servidor respondió: %1</translation>
        </message>
        <message>
            <source>%1 cannot take the e-mail right now.</source>
            <translation>%1 no puede aceptar el correo en este momento.</translation>
        </message>
        <message>
            <source>It is sent again automatically.</source>
            <translation>Se volverá a enviar automáticamente.</translation>
        </message>
        <message>
            <source>%1 refused the user name or password of %2.</source>
            <translation>%1 rechazó el nombre de usuario o la contraseña de %2.</translation>
        </message>
        <message>
            <source>Check them and connect the account again.</source>
            <translation>Compruébelos y vuelva a conectar la cuenta.</translation>
        </message>
        <message>
            <source>%1 does not offer an encrypted connection.</source>
            <translation>%1 no ofrece una conexión cifrada.</translation>
        </message>
        <message>
            <source>Use the server's TLS address (imaps:// or smtps://); a server on this computer may be allowed plain text when the account is added.</source>
            <translation>Use la dirección TLS del servidor (imaps:// o smtps://); a un servidor en este equipo se le puede permitir texto sin cifrar al añadir la cuenta.</translation>
        </message>
        <message>
            <source>The encrypted connection to %1 failed.</source>
            <translation>Falló la conexión cifrada con %1.</translation>
        </message>
        <message>
            <source>Check the server's address and its certificate.</source>
            <translation>Compruebe la dirección del servidor y su certificado.</translation>
        </message>
        <message>
            <source>%1 is unreachable.</source>
            <translation>%1 no está accesible.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 no respondió a tiempo.</translation>
        </message>
        <message>
            <source>The mailbox or message is gone on %1.</source>
            <translation>El buzón o el mensaje ya no está en %1.</translation>
        </message>
        <message>
            <source>%1 refused access to the mailbox.</source>
            <translation>%1 denegó el acceso al buzón.</translation>
        </message>
        <message>
            <source>Check the account's rights on the server.</source>
            <translation>Compruebe los permisos de la cuenta en el servidor.</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 envió una respuesta que no se pudo leer.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAccountSetup</name>
        <message>
            <source>%1 is not a %2:// or %3:// address.</source>
            <translation>%1 no es una dirección %2:// o %3://.</translation>
        </message>
        <message>
            <source>For example %1://mail.example.com</source>
            <translation>Por ejemplo %1://mail.example.com</translation>
        </message>
        <message>
            <source>Plain text without TLS is allowed only for a server on this computer, not %1.</source>
            <translation>El texto sin cifrar (sin TLS) solo se permite para un servidor en este equipo, no para %1.</translation>
        </message>
        <message>
            <source>Give the mailbox's user name.</source>
            <translation>Indique el nombre de usuario del buzón.</translation>
        </message>
        <message>
            <source>The password is empty.</source>
            <translation>La contraseña está vacía.</translation>
        </message>
        <message>
            <source>%1 is not an e-mail address.</source>
            <translation>%1 no es una dirección de correo.</translation>
        </message>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>No se puede usar el nombre de buzón «%1».</translation>
        </message>
        <message>
            <source>The e-mail account %1 has no server addresses.</source>
            <translation>La cuenta de correo %1 no tiene direcciones de servidor.</translation>
        </message>
        <message>
            <source>Add it again with careconsole account add email.</source>
            <translation>Vuelva a añadirla con careconsole account add email.</translation>
        </message>
        <message>
            <source>Leave plain text off (--allow-plain): the password must not cross the network unencrypted.</source>
            <translation>Deje desactivado el texto sin cifrar (--allow-plain): la contraseña no debe cruzar la red sin cifrar.</translation>
        </message>
        <message>
            <source>Give the mailbox's address (--address), e.g. support@example.com.</source>
            <translation>Indique la dirección del buzón (--address), p. ej., support@example.com.</translation>
        </message>
        <message>
            <source>Check the server's address and port, and that this computer can reach it. Nothing was added.</source>
            <translation>Compruebe la dirección y el puerto del servidor, y que este equipo puede alcanzarlo. No se ha añadido nada.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailAttachments</name>
        <message>
            <source>There is no customer message %1.</source>
            <translation>No hay ningún mensaje de cliente %1.</translation>
        </message>
        <message>
            <source>Message %1 is not an e-mail.</source>
            <translation>El mensaje %1 no es un correo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailConnector</name>
        <message numerus="yes">
            <source>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</source>
            <translation>
                <numerusform>(Este correo supera %n MB y no se descargó; ábralo en el buzón.)</numerusform>
                <numerusform>(Este correo supera %n MB y no se descargó; ábralo en el buzón.)</numerusform>
            </translation>
        </message>
        <message>
            <source>Transcript of conversation %1</source>
            <translation>Transcripción de la conversación %1</translation>
        </message>
        <message>
            <source>Your e-mail</source>
            <translation>Su correo</translation>
        </message>
        <message>
            <source>An e-mail cannot be hidden; it stays in the mailbox.</source>
            <translation>Un correo no se puede ocultar; permanece en el buzón.</translation>
        </message>
        <message>
            <source>The e-mail is no longer in the mailbox %1.</source>
            <translation>El correo ya no está en el buzón %1.</translation>
        </message>
        <message>
            <source>It may have been moved to another folder with a mail program.</source>
            <translation>Puede que se haya movido a otra carpeta con un programa de correo.</translation>
        </message>
        <message>
            <source>Your message</source>
            <translation>Su mensaje</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::EmailMapping</name>
        <message>
            <source>Subject: %1</source>
            <translation>Asunto: %1</translation>
        </message>
        <message>
            <source>(no text)</source>
            <translation>(sin texto)</translation>
        </message>
        <message>
            <source>(The e-mail is longer; the rest is in the mailbox.)</source>
            <translation>(El correo es más largo; el resto está en el buzón.)</translation>
        </message>
        <message>
            <source>(Sent as HTML and shown as text; nothing was loaded from the web.)</source>
            <translation>(Enviado como HTML y mostrado como texto; no se cargó nada de la web.)</translation>
        </message>
        <message>
            <source>Attachments (not opened; they stay in the mailbox):</source>
            <translation>Adjuntos (sin abrir; permanecen en el buzón):</translation>
        </message>
        <message numerus="yes">
            <source>… and %n more</source>
            <translation>
                <numerusform>… y %n más</numerusform>
                <numerusform>… y %n más</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookAccountSetup</name>
        <message>
            <source>The Graph API address must start with https://.</source>
            <translation>La dirección de la Graph API debe empezar por https://.</translation>
        </message>
        <message>
            <source>Give the Page's numeric id, e.g. 104233445566.</source>
            <translation>Indica el id numérico de la página, p. ej. 104233445566.</translation>
        </message>
        <message>
            <source>It is under the Page's About → Page transparency, or in Meta Business Suite → Settings.</source>
            <translation>Está en la página, en Información → Transparencia de la página, o en Meta Business Suite → Configuración.</translation>
        </message>
        <message>
            <source>The Page access token is empty or not a token.</source>
            <translation>El token de acceso de la página está vacío o no es un token.</translation>
        </message>
        <message>
            <source>Paste the whole token, made for the Page (not a user token).</source>
            <translation>Pega el token completo, creado para la página (no un token de usuario).</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook ha enviado una respuesta que no se ha podido leer.</translation>
        </message>
        <message>
            <source>Facebook says this access token is not valid.</source>
            <translation>Facebook dice que este token de acceso no es válido.</translation>
        </message>
        <message>
            <source>Make a new Page access token and paste it.</source>
            <translation>Crea un nuevo token de acceso de la página y pégalo.</translation>
        </message>
        <message>
            <source>This is a user access token, not a Page access token.</source>
            <translation>Este es un token de acceso de usuario, no de página.</translation>
        </message>
        <message>
            <source>Make a token for the Page itself (for example for a system user in Meta Business Suite), so replies are written as the Page.</source>
            <translation>Crea un token para la propia página (por ejemplo para un usuario del sistema en Meta Business Suite), para que las respuestas se escriban como la página.</translation>
        </message>
        <message>
            <source>This token belongs to another Page (%1), not to %2.</source>
            <translation>Este token pertenece a otra página (%1), no a %2.</translation>
        </message>
        <message>
            <source>Paste the token made for this Page, or give that Page's id.</source>
            <translation>Pega el token creado para esta página, o indica el id de aquella página.</translation>
        </message>
        <message>
            <source>The Page access token lacks these permissions: %1.</source>
            <translation>Al token de acceso de la página le faltan estos permisos: %1.</translation>
        </message>
        <message>
            <source>Make a new Page access token that includes them (the app must have them approved), then paste it again. To go without Messenger, untick it (or use --without-messenger).</source>
            <translation>Crea un nuevo token de acceso de la página que los incluya (la app debe tenerlos aprobados) y vuelve a pegarlo. Para prescindir de Messenger, desmárcalo (o usa --without-messenger).</translation>
        </message>
        <message>
            <source>The token expires on %1; paste a new one before then.</source>
            <translation>El token caduca el %1; pega uno nuevo antes.</translation>
        </message>
        <message>
            <source>Facebook did not let Care Console check the token's permissions (%1); a missing permission will be named when it is first needed.</source>
            <translation>Facebook no ha permitido que Care Console compruebe los permisos del token (%1); un permiso que falte se indicará la primera vez que se necesite.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookConnector</name>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook ha enviado una respuesta que no se ha podido leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>Facebook user</source>
            <translation>Usuario de Facebook</translation>
        </message>
        <message>
            <source>(a post that tags the Page: %1)</source>
            <translation>(una publicación que etiqueta a la página: %1)</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookGraphClient</name>
        <message>
            <source>read the Page's posts and comments</source>
            <translation>leer las publicaciones y comentarios de la página</translation>
        </message>
        <message>
            <source>read what people write on the Page: comments, visitor posts and tags</source>
            <translation>leer lo que la gente escribe en la página: comentarios, publicaciones de visitantes y etiquetas</translation>
        </message>
        <message>
            <source>reply to comments and hide them</source>
            <translation>responder a comentarios y ocultarlos</translation>
        </message>
        <message>
            <source>read and answer Messenger conversations</source>
            <translation>leer y responder conversaciones de Messenger</translation>
        </message>
        <message>
            <source>find the Page among the token's Pages</source>
            <translation>encontrar la página entre las páginas del token</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook ha enviado una respuesta que no se ha podido leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>Paste a new Page access token: Accounts → Connect Facebook Page…, or careconsole account add facebook --page-id ID --token-stdin.</source>
            <translation>Pega un nuevo token de acceso de la página: Cuentas → Conectar una página de Facebook…, o careconsole account add facebook --page-id ID --token-stdin.</translation>
        </message>
        <message>
            <source>The Facebook Page access token has expired.</source>
            <translation>El token de acceso de la página de Facebook ha caducado.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the password of the person who made it changed.</source>
            <translation>El token de acceso de la página de Facebook ha dejado de funcionar porque cambió la contraseña de la persona que lo creó.</translation>
        </message>
        <message>
            <source>The Facebook Page access token stopped working because the app was removed from the person's or the Page's settings.</source>
            <translation>El token de acceso de la página de Facebook ha dejado de funcionar porque la app se quitó de la configuración de la persona o de la página.</translation>
        </message>
        <message>
            <source>Facebook asks the person who made the Page access token to log in to facebook.com and confirm their account first.</source>
            <translation>Facebook pide a la persona que creó el token de acceso de la página que inicie sesión en facebook.com y confirme primero su cuenta.</translation>
        </message>
        <message>
            <source>The Facebook Page access token is no longer valid (revoked, or the person who made it is no longer an admin of the Page).</source>
            <translation>El token de acceso de la página de Facebook ya no es válido (revocado, o la persona que lo creó ya no es administradora de la página).</translation>
        </message>
        <message>
            <source>Facebook is limiting requests for this Page for now — syncing resumes in %1.</source>
            <translation>Facebook está limitando por ahora las solicitudes de esta página: la sincronización se reanuda en %1.</translation>
        </message>
        <message>
            <source>Facebook refused the message: more than 24 hours have passed since the customer's last Messenger message.</source>
            <translation>Facebook ha rechazado el mensaje: han pasado más de 24 horas desde el último mensaje de Messenger del cliente.</translation>
        </message>
        <message>
            <source>Ask the customer to write to the Page again, or answer through another channel they prefer.</source>
            <translation>Pide al cliente que vuelva a escribir a la página, o responde por otro canal que prefiera.</translation>
        </message>
        <message>
            <source>Facebook refused this for lack of a permission.</source>
            <translation>Facebook ha rechazado esto por falta de un permiso.</translation>
        </message>
        <message>
            <source>Check the Page access token's permissions, then paste a new token.</source>
            <translation>Revisa los permisos del token de acceso de la página y pega un token nuevo.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1.</source>
            <translation>Al token de acceso de la página le falta el permiso %1.</translation>
        </message>
        <message>
            <source>The Page access token lacks the permission %1 (to %2).</source>
            <translation>Al token de acceso de la página le falta el permiso %1 (para %2).</translation>
        </message>
        <message>
            <source>Make a new token that includes it, then paste it: Accounts → Connect Facebook Page…</source>
            <translation>Crea un token nuevo que lo incluya y pégalo: Cuentas → Conectar una página de Facebook…</translation>
        </message>
        <message>
            <source>Facebook had a temporary problem.</source>
            <translation>Facebook ha tenido un problema temporal.</translation>
        </message>
        <message>
            <source>This person isn't available on Messenger right now.</source>
            <translation>Esta persona no está disponible en Messenger en este momento.</translation>
        </message>
        <message>
            <source>Answer through another channel they prefer.</source>
            <translation>Responde por otro canal que prefiera.</translation>
        </message>
        <message>
            <source>Facebook refused the comment as a duplicate of one just posted.</source>
            <translation>Facebook ha rechazado el comentario por ser un duplicado de uno recién publicado.</translation>
        </message>
        <message>
            <source>Change the wording, or cancel it if it is already there.</source>
            <translation>Cambia la redacción, o cancélalo si ya está publicado.</translation>
        </message>
        <message>
            <source>Facebook has temporarily blocked this Page from doing this (a policy restriction).</source>
            <translation>Facebook ha bloqueado temporalmente esta acción para la página (una restricción de sus políticas).</translation>
        </message>
        <message>
            <source>Check the Page's quality and notifications in Meta Business Suite.</source>
            <translation>Revisa la calidad y las notificaciones de la página en Meta Business Suite.</translation>
        </message>
        <message>
            <source>That post, comment or message is no longer on Facebook, or the Page cannot see it.</source>
            <translation>Esa publicación, comentario o mensaje ya no está en Facebook, o la página no puede verlo.</translation>
        </message>
        <message>
            <source>Facebook refused the request: %1</source>
            <translation>Facebook ha rechazado la solicitud: %1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FacebookOutbox</name>
        <message>
            <source>There is no Facebook comment or message to answer in this conversation.</source>
            <translation>No hay ningún comentario ni mensaje de Facebook que responder en esta conversación.</translation>
        </message>
        <message>
            <source>A Messenger conversation has no public side.</source>
            <translation>Una conversación de Messenger no tiene parte pública.</translation>
        </message>
        <message>
            <source>Send the reply as a private message.</source>
            <translation>Envía la respuesta como mensaje privado.</translation>
        </message>
        <message>
            <source>Facebook no longer allows a private reply to this comment: the Page has already answered it privately once, or the comment is more than 7 days old.</source>
            <translation>Facebook ya no permite una respuesta privada a este comentario: la página ya lo respondió en privado una vez, o el comentario tiene más de 7 días.</translation>
        </message>
        <message>
            <source>Reply publicly and invite the customer to message the Page, or use another channel they prefer.</source>
            <translation>Responde en público e invita al cliente a escribir a la página, o usa otro canal que prefiera.</translation>
        </message>
        <message>
            <source>Facebook sent an answer that could not be read.</source>
            <translation>Facebook ha enviado una respuesta que no se ha podido leer.</translation>
        </message>
        <message>
            <source>Facebook lets a Page answer on Messenger only within 24 hours of the customer's last message; this customer last wrote %1 ago.</source>
            <translation>Facebook solo permite a una página responder en Messenger en las 24 horas siguientes al último mensaje del cliente; este cliente escribió por última vez hace %1.</translation>
        </message>
        <message>
            <source>Even the human agent tag allows only 7 days. Reach the customer through another channel they prefer, or wait until they write again.</source>
            <translation>Incluso la etiqueta de agente humano solo permite 7 días. Contacta al cliente por otro canal que prefiera, o espera a que vuelva a escribir.</translation>
        </message>
        <message>
            <source>Reach the customer through another channel they prefer, or wait until they write again. Pages that Meta approved for the human agent tag can answer for 7 days: turn it on for the account.</source>
            <translation>Contacta al cliente por otro canal que prefiera, o espera a que vuelva a escribir. Las páginas que Meta aprobó para la etiqueta de agente humano pueden responder durante 7 días: actívala para la cuenta.</translation>
        </message>
        <message>
            <source>Facebook did not hide the comment (it may not allow hiding this one).</source>
            <translation>Facebook no ha ocultado el comentario (puede que no permita ocultar este).</translation>
        </message>
        <message>
            <source>Send it through an e-mail account.</source>
            <translation>Envíala a través de una cuenta de correo electrónico.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page hide this comment.</source>
            <translation>Facebook no permite a la página ocultar este comentario.</translation>
        </message>
        <message>
            <source>It stays hidden in the console only; answer it, or report it on Facebook if it breaks the rules.</source>
            <translation>Queda oculto solo en la consola; respóndelo, o denúncialo en Facebook si incumple las normas.</translation>
        </message>
        <message>
            <source>A Facebook Page cannot send an e-mail.</source>
            <translation>Una página de Facebook no puede enviar correos.</translation>
        </message>
        <message>
            <source>Facebook does not let the Page show this comment again.</source>
            <translation>Facebook no permite a la página volver a mostrar este comentario.</translation>
        </message>
        <message>
            <source>It is shown in the console only; check it on Facebook.</source>
            <translation>Solo se muestra en la consola; compruébelo en Facebook.</translation>
        </message>
        <message>
            <source>Facebook did not show the comment again.</source>
            <translation>Facebook no volvió a mostrar el comentario.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedAccountSetup</name>
        <message>
            <source>Give the feed's address.</source>
            <translation>Indique la dirección del feed.</translation>
        </message>
        <message>
            <source>For example https://blog.example/feed or https://news.example/index.xml.</source>
            <translation>Por ejemplo https://blog.example/feed o https://news.example/index.xml.</translation>
        </message>
        <message>
            <source>“%1” is not the address of a feed.</source>
            <translation>«%1» no es la dirección de un feed.</translation>
        </message>
        <message>
            <source>Give the whole address, for example https://blog.example/feed.</source>
            <translation>Indique la dirección completa, por ejemplo https://blog.example/feed.</translation>
        </message>
        <message>
            <source>Feeds are read at most every %1 s, so the site is not asked too often.</source>
            <translation>Los feeds se leen como mucho cada %1 s, para no preguntar al sitio demasiado a menudo.</translation>
        </message>
        <message>
            <source>Leave the interval out for the default of 15 minutes.</source>
            <translation>Omita el intervalo para usar el valor predeterminado de 15 minutos.</translation>
        </message>
        <message>
            <source>Nothing was added. Check the address in a browser, then try again.</source>
            <translation>No se ha añadido nada. Compruebe la dirección en un navegador y vuelva a intentarlo.</translation>
        </message>
        <message>
            <source>0 takes only articles published from now on; leave it out for the last %1 days.</source>
            <translation>0 toma solo los artículos publicados a partir de ahora; sin indicarlo, los de los últimos %1 días.</translation>
        </message>
        <message>
            <source>Earlier articles can be taken from at most %1 days back, not %2.</source>
            <translation>Los artículos anteriores se pueden tomar de hasta %1 días atrás, no %2.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedConnector</name>
        <message>
            <source>%1 asked Care Console to wait — the feed is read again in %2.</source>
            <translation>%1 ha pedido a Care Console que espere: el feed se volverá a leer dentro de %2.</translation>
        </message>
        <message>
            <source>Open %1 in a browser to check it; Care Console tries again later.</source>
            <translation>Abra %1 en un navegador para comprobarlo; Care Console lo volverá a intentar más tarde.</translation>
        </message>
        <message>
            <source>%1 answered with a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>%1 ha respondido con una página web, no con un feed. Use la dirección del feed RSS o Atom del sitio (suele terminar en /feed, /rss o /index.xml).</translation>
        </message>
        <message>
            <source>%1 answered with “%2”, not an RSS or Atom feed.</source>
            <translation>%1 ha respondido con «%2», no con un feed RSS o Atom.</translation>
        </message>
        <message>
            <source>The feed at %1 is larger than %2 MB; Care Console reads feeds up to that size.</source>
            <translation>El feed de %1 ocupa más de %2 MB; Care Console lee feeds de hasta ese tamaño.</translation>
        </message>
        <message>
            <source>Use a smaller feed of the site (one section or category), if it has one.</source>
            <translation>Use un feed más pequeño del sitio (una sección o categoría), si lo tiene.</translation>
        </message>
        <message>
            <source>There is no feed at %1 (HTTP %2).</source>
            <translation>No hay ningún feed en %1 (HTTP %2).</translation>
        </message>
        <message>
            <source>Check the address; the site may have moved its feed. Remove the feed and add it with the new address.</source>
            <translation>Compruebe la dirección; puede que el sitio haya movido su feed. Quite el feed y añádalo con la dirección nueva.</translation>
        </message>
        <message>
            <source>The feed at %1 is not public (HTTP %2).</source>
            <translation>El feed de %1 no es público (HTTP %2).</translation>
        </message>
        <message>
            <source>Care Console reads public feeds only.</source>
            <translation>Care Console solo lee feeds públicos.</translation>
        </message>
        <message>
            <source>Replies to blog and news posts are not posted.</source>
            <translation>Las respuestas a entradas de blogs y noticias no se publican.</translation>
        </message>
        <message>
            <source>Contact the author through another channel, or add an internal note.</source>
            <translation>Contacte con el autor por otro canal o añada una nota interna.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FeedXml</name>
        <message>
            <source>The feed declares its own XML entities, which Care Console refuses (a way to make a reader expand a small file into gigabytes).</source>
            <translation>El feed declara sus propias entidades XML, que Care Console rechaza (una forma de hacer que un lector convierta un archivo pequeño en gigabytes).</translation>
        </message>
        <message>
            <source>The address gives a web page, not a feed. Use the address of the site's RSS or Atom feed (often ending in /feed, /rss or /index.xml).</source>
            <translation>La dirección devuelve una página web, no un feed. Use la dirección del feed RSS o Atom del sitio (suele terminar en /feed, /rss o /index.xml).</translation>
        </message>
        <message>
            <source>The address does not give an RSS or Atom feed.</source>
            <translation>La dirección no devuelve un feed RSS o Atom.</translation>
        </message>
        <message>
            <source>The feed is empty.</source>
            <translation>El feed está vacío.</translation>
        </message>
        <message>
            <source>The feed nests its elements more than %1 deep, which no feed needs.</source>
            <translation>El feed anida sus elementos a más de %1 niveles, algo que ningún feed necesita.</translation>
        </message>
        <message>
            <source>An item in the feed is larger than %1 MB; Care Console reads items up to that size.</source>
            <translation>Una entrada del feed ocupa más de %1 MB; Care Console lee entradas de hasta ese tamaño.</translation>
        </message>
        <message>
            <source>The feed has more than %1 items; Care Console reads feeds up to that many.</source>
            <translation>El feed tiene más de %1 entradas; Care Console lee feeds de hasta esa cantidad.</translation>
        </message>
        <message>
            <source>The feed ends in the middle of the document (it may have been cut off).</source>
            <translation>El feed termina en mitad del documento (puede que se haya cortado).</translation>
        </message>
        <message>
            <source>The feed is not well-formed XML (line %1).</source>
            <translation>El feed no es XML bien formado (línea %1).</translation>
        </message>
        <message>
            <source>The feed is larger than %1 MB; Care Console reads feeds up to that size.</source>
            <translation>El feed ocupa más de %1 MB; Care Console lee feeds de hasta ese tamaño.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::FileSecretStore</name>
        <message>
            <source>The secrets file %1 can be read by other users, so it was not used.</source>
            <translation>El archivo de secretos %1 lo pueden leer otros usuarios, así que no se ha usado.</translation>
        </message>
        <message>
            <source>Make it private with: chmod 600 %1</source>
            <translation>Hazlo privado con: chmod 600 %1</translation>
        </message>
        <message>
            <source>The folder for the secrets file %1 does not exist.</source>
            <translation>La carpeta del archivo de secretos %1 no existe.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be read: %2</source>
            <translation>No se puede leer el archivo de secretos %1: %2</translation>
        </message>
        <message>
            <source>The secrets file %1 is damaged and was not changed.</source>
            <translation>El archivo de secretos %1 está dañado y no se ha modificado.</translation>
        </message>
        <message>
            <source>Restore it from a backup or remove it and connect the accounts again.</source>
            <translation>Restáuralo desde una copia de seguridad, o elimínalo y vuelve a conectar las cuentas.</translation>
        </message>
        <message>
            <source>The secrets file %1 cannot be written: %2</source>
            <translation>No se puede escribir el archivo de secretos %1: %2</translation>
        </message>
        <message>
            <source>The secrets file holds no token for %1.</source>
            <translation>El archivo de secretos no contiene ningún token para %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>The secrets file %1 is busy (another Care Console is writing it).</source>
            <translation>El archivo de secretos %1 está ocupado (otra Care Console lo está escribiendo).</translation>
        </message>
        <message>
            <source>Try again in a moment.</source>
            <translation>Vuelve a intentarlo dentro de un momento.</translation>
        </message>
        <message>
            <source>the secrets file %1</source>
            <translation>el archivo de secretos %1</translation>
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
            <translation>La sincronización con %1 se detuvo porque Care Console se estaba cerrando.</translation>
        </message>
        <message>
            <source>It carries on at the next start; nothing is lost.</source>
            <translation>Continúa en el próximo inicio; no se pierde nada.</translation>
        </message>
        <message>
            <source>%1 redirected the request to another server; it was not followed, so the account's token stays with %1.</source>
            <translation>%1 redirigió la solicitud a otro servidor; no se siguió, así que el token de la cuenta se queda en %1.</translation>
        </message>
        <message>
            <source>Check the account's server address.</source>
            <translation>Comprueba la dirección del servidor de la cuenta.</translation>
        </message>
        <message>
            <source>a few minutes</source>
            <translation>unos minutos</translation>
        </message>
        <message>
            <source>%1's request limit is used up for now — syncing resumes in %2.</source>
            <translation>El límite de solicitudes de %1 se ha agotado por ahora; la sincronización se reanuda en %2.</translation>
        </message>
        <message>
            <source>%1 did not allow this (HTTP 403): the account's token may lack a permission.</source>
            <translation>%1 no lo permitió (HTTP 403): puede que al token de la cuenta le falte un permiso.</translation>
        </message>
        <message>
            <source>Connect the account again and allow read and write access.</source>
            <translation>Vuelve a conectar la cuenta y permite el acceso de lectura y escritura.</translation>
        </message>
        <message>
            <source>Token revoked or expired on %1 — reconnect the account.</source>
            <translation>Token revocado o caducado en %1: vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Vuelve a conectarla en Archivo → Cuentas, o con `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 tiene problemas (HTTP %2).</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>%1 refused the request (HTTP %2).</source>
            <translation>%1 rechazó la solicitud (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused the request: %2</source>
            <translation>%1 rechazó la solicitud: %2</translation>
        </message>
        <message>
            <source>%1 could not be found — check the address or the network.</source>
            <translation>No se encontró %1: comprueba la dirección o la red.</translation>
        </message>
        <message>
            <source>%1 is unreachable (connection refused).</source>
            <translation>%1 no está accesible (conexión rechazada).</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>No se pudo verificar la conexión segura con %1, así que no se envió nada.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before connecting again.</source>
            <translation>El certificado del servidor no es de confianza (o algo intercepta la conexión). Consulta con el departamento de TI antes de volver a conectar.</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 no respondió a tiempo.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>Falló la conexión con %1.</translation>
        </message>
        <message>
            <source>%1 answered with something other than data (perhaps a maintenance page).</source>
            <translation>%1 respondió con algo que no son datos (quizá una página de mantenimiento).</translation>
        </message>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 envió una respuesta que no se pudo leer.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ImapClient</name>
        <message>
            <source>The mailbox name "%1" cannot be used.</source>
            <translation>No se puede usar el nombre de buzón «%1».</translation>
        </message>
        <message>
            <source>Use a folder name in plain letters, such as INBOX.</source>
            <translation>Use un nombre de carpeta con letras simples, como INBOX.</translation>
        </message>
        <message>
            <source>%1 did not say where the mailbox %2 stands.</source>
            <translation>%1 no indicó el estado del buzón %2.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::KeychainSecretStore</name>
        <message>
            <source>No system keychain is available here.</source>
            <translation>Aquí no hay ningún llavero del sistema disponible.</translation>
        </message>
        <message>
            <source>On a server without one, an administrator can choose a secrets file with --secrets-file PATH (readable only by its owner).</source>
            <translation>En un servidor sin llavero, un administrador puede elegir un archivo de secretos con --secrets-file RUTA (que solo pueda leer su propietario).</translation>
        </message>
        <message>
            <source>The keychain refused access to the account's token.</source>
            <translation>El llavero denegó el acceso al token de la cuenta.</translation>
        </message>
        <message>
            <source>Unlock the keychain and try again.</source>
            <translation>Desbloquea el llavero y vuelve a intentarlo.</translation>
        </message>
        <message>
            <source>The system keychain could not be used.</source>
            <translation>No se pudo usar el llavero del sistema.</translation>
        </message>
        <message>
            <source>Check that the keychain is unlocked and running, then try again.</source>
            <translation>Comprueba que el llavero esté desbloqueado y en funcionamiento, y vuelve a intentarlo.</translation>
        </message>
        <message>
            <source>The keychain holds no token for %1.</source>
            <translation>El llavero no contiene ningún token para %1.</translation>
        </message>
        <message>
            <source>Connect the account again.</source>
            <translation>Vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>the system keychain</source>
            <translation>el llavero del sistema</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonAccountSetup</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Indica la dirección de la instancia, p. ej. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so the token would travel in the clear.</source>
            <translation>%1 no está cifrado, así que el token viajaría sin cifrar.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Usa la dirección https:// de la instancia.</translation>
        </message>
        <message>
            <source>The access token is empty.</source>
            <translation>El token de acceso está vacío.</translation>
        </message>
        <message>
            <source>Create one in the instance's settings: Preferences → Development → New application.</source>
            <translation>Crea uno en los ajustes de la instancia: Preferencias → Desarrollo → Nueva aplicación.</translation>
        </message>
        <message>
            <source>%1 did not accept this access token.</source>
            <translation>%1 no aceptó este token de acceso.</translation>
        </message>
        <message>
            <source>Check that it was copied whole and that the application has the read and write scopes.</source>
            <translation>Comprueba que se copió entero y que la aplicación tiene los permisos read y write.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonConnector</name>
        <message>
            <source>%1 sent an answer that could not be read.</source>
            <translation>%1 envió una respuesta que no se pudo leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>Content warning: %1

%2</source>
            <translation>Advertencia de contenido: %1

%2</translation>
        </message>
        <message>
            <source>Mastodon cannot hide a reply from public view.</source>
            <translation>Mastodon no puede ocultar una respuesta de la vista pública.</translation>
        </message>
        <message>
            <source>The message is hidden in the console only; report it on the instance if it breaks its rules.</source>
            <translation>El mensaje solo está oculto en la consola; denúncialo en la instancia si incumple sus normas.</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Los mensajes directos</translation>
        </message>
        <message>
            <source>Posts naming “%1”</source>
            <translation>Las publicaciones que mencionan «%1»</translation>
        </message>
        <message>
            <source>Posts tagged #%1</source>
            <translation>Las publicaciones con #%1</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonOAuth</name>
        <message>
            <source>Give the instance's address, e.g. https://social.example.</source>
            <translation>Indica la dirección de la instancia, p. ej. https://social.example.</translation>
        </message>
        <message>
            <source>%1 is not encrypted, so signing in would travel in the clear.</source>
            <translation>%1 no está cifrado, así que el inicio de sesión viajaría sin cifrar.</translation>
        </message>
        <message>
            <source>Use the https:// address of the instance.</source>
            <translation>Usa la dirección https:// de la instancia.</translation>
        </message>
        <message>
            <source>Signing in to %1 was not finished within %2, so it was stopped.</source>
            <translation>El inicio de sesión en %1 no terminó en %2, así que se detuvo.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Vuelve a empezar y autoriza a Care Console en la página que se abre en el navegador.</translation>
        </message>
        <message>
            <source>Care Console has no way to open the sign-in page.</source>
            <translation>Care Console no tiene forma de abrir la página de inicio de sesión.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console no puede recibir la respuesta del navegador: el puerto %1 de este equipo ya está en uso.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another Care Console sign-in) and try again.</source>
            <translation>Cierra el programa que lo usa (quizá otro inicio de sesión de Care Console) y vuelve a intentarlo.</translation>
        </message>
        <message>
            <source>Care Console received the instance's answer. You can close this page and return to Care Console.</source>
            <translation>Care Console ha recibido la respuesta de la instancia. Puedes cerrar esta página y volver a Care Console.</translation>
        </message>
        <message>
            <source>Check the instance's address and the network connection, then try again.</source>
            <translation>Comprueba la dirección de la instancia y la conexión de red, y vuelve a intentarlo.</translation>
        </message>
        <message>
            <source>%1 could not be found.</source>
            <translation>No se encontró %1.</translation>
        </message>
        <message>
            <source>Care Console could not reach %1 (connection refused).</source>
            <translation>Care Console no pudo conectar con %1 (conexión rechazada).</translation>
        </message>
        <message>
            <source>%1 did not answer in time.</source>
            <translation>%1 no respondió a tiempo.</translation>
        </message>
        <message>
            <source>The secure connection to %1 could not be verified, so nothing was sent.</source>
            <translation>No se pudo verificar la conexión segura con %1, así que no se envió nada.</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted (or something intercepts the connection). Ask IT before trying again.</source>
            <translation>El certificado del servidor no es de confianza (o algo intercepta la conexión). Consulta con el departamento de TI antes de volver a intentarlo.</translation>
        </message>
        <message>
            <source>%1 redirected Care Console to another server; it was not followed.</source>
            <translation>%1 redirigió a Care Console a otro servidor; no se siguió.</translation>
        </message>
        <message>
            <source>Check the instance's address.</source>
            <translation>Comprueba la dirección de la instancia.</translation>
        </message>
        <message>
            <source>The connection to %1 failed.</source>
            <translation>Falló la conexión con %1.</translation>
        </message>
        <message>
            <source>%1 is having trouble (HTTP %2).</source>
            <translation>%1 tiene problemas (HTTP %2).</translation>
        </message>
        <message>
            <source>Try again in a few minutes.</source>
            <translation>Vuelve a intentarlo dentro de unos minutos.</translation>
        </message>
        <message>
            <source>%1 names sign-in addresses on another server, so Care Console stopped.</source>
            <translation>%1 indica direcciones de inicio de sesión en otro servidor, así que Care Console se detuvo.</translation>
        </message>
        <message>
            <source>%1 asks Care Console to wait before trying again.</source>
            <translation>%1 pide a Care Console que espere antes de volver a intentarlo.</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console (HTTP %2).</source>
            <translation>%1 rechazó registrar Care Console (HTTP %2).</translation>
        </message>
        <message>
            <source>%1 refused to register Care Console: %2</source>
            <translation>%1 rechazó registrar Care Console: %2</translation>
        </message>
        <message>
            <source>Check that the address is a Mastodon instance; if it is, its admins may have restricted new apps.</source>
            <translation>Comprueba que la dirección sea una instancia de Mastodon; si lo es, puede que sus administradores hayan restringido las aplicaciones nuevas.</translation>
        </message>
        <message>
            <source>%1 answered in a way Care Console cannot read. Is it a Mastodon instance?</source>
            <translation>%1 respondió de una forma que Care Console no puede leer. ¿Es una instancia de Mastodon?</translation>
        </message>
        <message>
            <source>%1 refused the sign-in: %2</source>
            <translation>%1 rechazó el inicio de sesión: %2</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Vuelve a iniciar sesión desde el principio.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on %1.</source>
            <translation>No autorizaste a Care Console en %1.</translation>
        </message>
        <message>
            <source>To connect the account, start again and choose Authorize on the instance's page.</source>
            <translation>Para conectar la cuenta, vuelve a empezar y elige Autorizar en la página de la instancia.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>La respuesta que volvió del navegador no pertenece a este inicio de sesión, así que Care Console la rechazó.</translation>
        </message>
        <message>
            <source>Start signing in again and finish it in the browser page Care Console opens.</source>
            <translation>Vuelve a iniciar sesión y termina en la página del navegador que abre Care Console.</translation>
        </message>
        <message>
            <source>%1 sent the browser back without an authorization code.</source>
            <translation>%1 devolvió el navegador sin código de autorización.</translation>
        </message>
        <message>
            <source>HTTP %1</source>
            <translation>HTTP %1</translation>
        </message>
        <message>
            <source>The instance no longer knows Care Console's registration. Forget the stored registration for this instance and sign in again.</source>
            <translation>La instancia ya no reconoce el registro de Care Console. Olvida el registro guardado para esta instancia y vuelve a iniciar sesión.</translation>
        </message>
        <message>
            <source>%1 answered the sign-in in a way Care Console cannot read.</source>
            <translation>%1 respondió al inicio de sesión de una forma que Care Console no puede leer.</translation>
        </message>
        <message>
            <source>%1 did not send an access token.</source>
            <translation>%1 no envió ningún token de acceso.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MastodonStream</name>
        <message>
            <source>The live connection to %1 could not be opened — retrying in %2.</source>
            <translation>No se pudo abrir la conexión en directo con %1; se reintenta en %2.</translation>
        </message>
        <message>
            <source>%1 did not answer the live connection in time — retrying in %2.</source>
            <translation>%1 no respondió a tiempo a la conexión en directo; se reintenta en %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 dropped — reconnecting in %2.</source>
            <translation>La conexión en directo con %1 se cortó; se reconecta en %2.</translation>
        </message>
        <message>
            <source>%1 closed the live connection — reconnecting in %2.</source>
            <translation>%1 cerró la conexión en directo; se reconecta en %2.</translation>
        </message>
        <message>
            <source>The live connection to %1 stopped answering — reconnecting in %2.</source>
            <translation>La conexión en directo con %1 dejó de responder; se reconecta en %2.</translation>
        </message>
        <message>
            <source>Nothing is lost: messages that arrive meanwhile are fetched by the regular sync.</source>
            <translation>No se pierde nada: los mensajes que lleguen entretanto los recupera la sincronización normal.</translation>
        </message>
        <message>
            <source>%1 refused the live connection: the account's token is invalid or was revoked — reconnect the account.</source>
            <translation>%1 rechazó la conexión en directo: el token de la cuenta no es válido o se revocó; vuelve a conectar la cuenta.</translation>
        </message>
        <message>
            <source>Connect it again in File → Accounts, or with `careconsole account add`.</source>
            <translation>Vuelve a conectarla en Archivo → Cuentas, o con `careconsole account add`.</translation>
        </message>
        <message>
            <source>%1 offers no live connection (HTTP %2) — new messages arrive with the regular sync instead.</source>
            <translation>%1 no ofrece conexión en directo (HTTP %2); los mensajes nuevos llegan con la sincronización normal.</translation>
        </message>
        <message>
            <source>The live connection is tried again in %1.</source>
            <translation>La conexión en directo se reintenta en %1.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeBuilder</name>
        <message>
            <source>The e-mail address %1 cannot be written to.</source>
            <translation>No se puede escribir a la dirección %1.</translation>
        </message>
        <message>
            <source>Correct the address and send it again.</source>
            <translation>Corrija la dirección y vuelva a enviarlo.</translation>
        </message>
        <message>
            <source>The e-mail could not be given a message id.</source>
            <translation>No se pudo asignar un identificador de mensaje al correo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::MimeParser</name>
        <message>
            <source>(parts nested too deeply to read)</source>
            <translation>(partes anidadas demasiado profundamente para leerlas)</translation>
        </message>
        <message>
            <source>(forwarded message)</source>
            <translation>(mensaje reenviado)</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(sin nombre)</translation>
        </message>
        <message>
            <source>An e-mail could not be read.</source>
            <translation>No se pudo leer un correo.</translation>
        </message>
        <message>
            <source>It stays in the mailbox; open it with a mail program.</source>
            <translation>Permanece en el buzón; ábralo con un programa de correo.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::ScheduledPostDelivery</name>
        <message>
            <source>No answer came after posting; trying again with the same key.</source>
            <translation>No llegó respuesta tras publicar; se reintenta con la misma clave.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SecretStore</name>
        <message>
            <source>No system keychain is available here, so account tokens cannot be kept safely.</source>
            <translation>Aquí no hay ningún llavero del sistema, así que los tokens de las cuentas no se pueden guardar de forma segura.</translation>
        </message>
        <message>
            <source>On a server without a keychain, an administrator can choose a secrets file with --secrets-file PATH; it must be readable only by its owner (chmod 600).</source>
            <translation>En un servidor sin llavero, un administrador puede elegir un archivo de secretos con --secrets-file RUTA; solo su propietario debe poder leerlo (chmod 600).</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SupplementaryStreams</name>
        <message>
            <source>%1 were not read: %2</source>
            <translation>%1 no se leyeron: %2</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncEngine</name>
        <message>
            <source>1 new message</source>
            <translation>1 mensaje nuevo</translation>
        </message>
        <message>
            <source>%1 new messages</source>
            <translation>%1 mensajes nuevos</translation>
        </message>
        <message>
            <source>1 reply delivered</source>
            <translation>1 respuesta entregada</translation>
        </message>
        <message>
            <source>%1 replies delivered</source>
            <translation>%1 respuestas entregadas</translation>
        </message>
        <message>
            <source>1 held for confirmation</source>
            <translation>1 retenida a la espera de confirmación</translation>
        </message>
        <message>
            <source>%1 held for confirmation</source>
            <translation>%1 retenidas a la espera de confirmación</translation>
        </message>
        <message>
            <source>1 refused by the platform</source>
            <translation>1 rechazada por la plataforma</translation>
        </message>
        <message>
            <source>%1 refused by the platform</source>
            <translation>%1 rechazadas por la plataforma</translation>
        </message>
        <message>
            <source>1 still in the outbox</source>
            <translation>1 aún en la bandeja de salida</translation>
        </message>
        <message>
            <source>%1 still in the outbox</source>
            <translation>%1 aún en la bandeja de salida</translation>
        </message>
        <message>
            <source>Care Console cannot sync %1 accounts yet.</source>
            <translation>Care Console aún no puede sincronizar cuentas de %1.</translation>
        </message>
        <message>
            <source>store</source>
            <translation>almacén</translation>
        </message>
        <message>
            <source>1 new message so far</source>
            <translation>1 mensaje nuevo hasta ahora</translation>
        </message>
        <message>
            <source>%1 new messages so far</source>
            <translation>%1 mensajes nuevos hasta ahora</translation>
        </message>
        <message>
            <source>Care Console could not confirm whether this reply went out. Check the account's posts on the platform, then retry or cancel it.</source>
            <translation>Care Console no pudo confirmar si esta respuesta salió. Comprueba las publicaciones de la cuenta en la plataforma y luego reinténtala o cancélala.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (1 newer message). Read it, then send the reply anyway or cancel it.</source>
            <translation>La conversación avanzó después de escribir esta respuesta (1 mensaje más reciente). Léelo y luego envía la respuesta de todos modos o cancélala.</translation>
        </message>
        <message>
            <source>The conversation moved on after this reply was written (%1 newer messages). Read them, then send the reply anyway or cancel it.</source>
            <translation>La conversación avanzó después de escribir esta respuesta (%1 mensajes más recientes). Léelos y luego envía la respuesta de todos modos o cancélala.</translation>
        </message>
        <message>
            <source>No answer came after sending; checking whether it went out.</source>
            <translation>No llegó respuesta tras el envío; se comprueba si salió.</translation>
        </message>
        <message>
            <source>%1 — retrying in %2</source>
            <translation>%1: se reintenta en %2</translation>
        </message>
        <message>
            <source>Syncing less often (every %1): the platform reports that most of its request budget is used.</source>
            <translation>Sincronizando con menos frecuencia (cada %1): la plataforma indica que ha consumido la mayor parte de su cupo de solicitudes.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::SyncWorker</name>
        <message>
            <source>The store cannot be opened for syncing.</source>
            <translation>No se puede abrir el almacén para sincronizar.</translation>
        </message>
        <message>
            <source>Only an X account has an API budget.</source>
            <translation>Solo una cuenta de X tiene presupuesto de API.</translation>
        </message>
        <message>
            <source>The store cannot be opened.</source>
            <translation>No se puede abrir el almacén de datos.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XAccountSetup</name>
        <message>
            <source>%1 is not an https:// address (http:// only on this computer, for tests).</source>
            <translation>%1 no es una dirección https:// (http:// solo en este equipo, para pruebas).</translation>
        </message>
        <message>
            <source>The X sign-in did not say which account it is.</source>
            <translation>El inicio de sesión de X no indicó de qué cuenta se trata.</translation>
        </message>
        <message>
            <source>Account %1 is not a connected X account; only X accounts have poll intervals to set.</source>
            <translation>La cuenta %1 no es una cuenta de X conectada; solo las cuentas de X tienen intervalos de consulta que fijar.</translation>
        </message>
        <message>
            <source>Mentions every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Menciones cada %1 s: elija 0 (desactivado) o de %2 a %3 segundos.</translation>
        </message>
        <message>
            <source>Keyword listening every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Escucha por palabras clave cada %1 s: elija 0 (desactivado) o de %2 a %3 segundos.</translation>
        </message>
        <message>
            <source>Direct messages every %1 s: choose 0 (off) or from %2 to %3 seconds.</source>
            <translation>Mensajes directos cada %1 s: elija 0 (desactivado) o de %2 a %3 segundos.</translation>
        </message>
        <message>
            <source>A poll interval cannot be negative.</source>
            <translation>Un intervalo de consulta no puede ser negativo.</translation>
        </message>
        <message>
            <source>X allows a user 300 mention and 300 search requests, and only 15 direct-message reads, every 15 minutes.</source>
            <translation>X permite a un usuario 300 solicitudes de menciones y 300 de búsqueda, y solo 15 lecturas de mensajes directos, cada 15 minutos.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XConnector</name>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X envió una respuesta que no se pudo leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
        <message>
            <source>Keyword listening on X needs at least one brand term.</source>
            <translation>La escucha por palabras clave en X necesita al menos un término de marca.</translation>
        </message>
        <message>
            <source>Add the brand's and products' names with --keyword.</source>
            <translation>Añada los nombres de la marca y de los productos con --keyword.</translation>
        </message>
        <message>
            <source>The X search query is %1 characters long; X allows %2.</source>
            <translation>La consulta de búsqueda de X tiene %1 caracteres; X permite %2.</translation>
        </message>
        <message>
            <source>Use fewer or shorter brand terms.</source>
            <translation>Use menos términos de marca o más cortos.</translation>
        </message>
        <message>
            <source>The X account is not signed in.</source>
            <translation>La cuenta de X no ha iniciado sesión.</translation>
        </message>
        <message>
            <source>Connect it with `careconsole account add x`.</source>
            <translation>Conéctela con `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X account's id is not known.</source>
            <translation>No se conoce el ID de la cuenta de X.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Vuelva a conectarla con `careconsole account add x`.</translation>
        </message>
        <message>
            <source>(quoting post %1)</source>
            <translation>(cita la publicación %1)</translation>
        </message>
        <message>
            <source>The message is hidden in the console only.</source>
            <translation>El mensaje solo está oculto en la consola.</translation>
        </message>
        <message>
            <source>X refused this reply as a duplicate of a post already on the account, so it was not posted again.</source>
            <translation>X rechazó esta respuesta por ser un duplicado de una publicación que ya está en la cuenta, así que no se publicó de nuevo.</translation>
        </message>
        <message>
            <source>Check the account's recent posts; to say it again, change the wording.</source>
            <translation>Revise las publicaciones recientes de la cuenta; para repetirlo, cambie la redacción.</translation>
        </message>
        <message>
            <source>X did not let the brand write to %1 privately (they may not accept messages from accounts they do not follow).</source>
            <translation>X no permitió que la marca escribiera a %1 en privado (quizá no acepte mensajes de cuentas a las que no sigue).</translation>
        </message>
        <message>
            <source>Answer publicly and ask them to write to the brand first.</source>
            <translation>Responda en público y pídale que escriba primero a la marca.</translation>
        </message>
        <message>
            <source>X cannot deliver this kind of message.</source>
            <translation>X no puede entregar este tipo de mensaje.</translation>
        </message>
        <message>
            <source>Send it from an e-mail account.</source>
            <translation>Envíelo desde una cuenta de correo electrónico.</translation>
        </message>
        <message>
            <source>X lets the brand hide only replies in conversations the brand started.</source>
            <translation>X solo permite a la marca ocultar respuestas en conversaciones que la propia marca inició.</translation>
        </message>
        <message>
            <source>(This post was deleted.)</source>
            <translation>(Esta publicación se eliminó).</translation>
        </message>
        <message>
            <source>X did not show the reply again.</source>
            <translation>X no volvió a mostrar la respuesta.</translation>
        </message>
        <message>
            <source>It is shown in the console; check it on X.</source>
            <translation>Se muestra en la consola; compruébela en X.</translation>
        </message>
        <message>
            <source>Posts found by listening</source>
            <translation>Las publicaciones halladas por escucha</translation>
        </message>
        <message>
            <source>Direct messages</source>
            <translation>Los mensajes directos</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSession</name>
        <message>
            <source>The stored sign-in of this X account is incomplete.</source>
            <translation>El inicio de sesión guardado de esta cuenta de X está incompleto.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x`.</source>
            <translation>Vuelva a conectar la cuenta con `careconsole account add x`.</translation>
        </message>
        <message>
            <source>The X sign-in of @%1 has run out and cannot be renewed.</source>
            <translation>El inicio de sesión de X de @%1 ha caducado y no se puede renovar.</translation>
        </message>
        <message>
            <source>Connect the account again with `careconsole account add x` (it asks for offline access so that this does not happen every two hours).</source>
            <translation>Vuelva a conectar la cuenta con `careconsole account add x` (pide acceso sin conexión para que esto no ocurra cada dos horas).</translation>
        </message>
        <message>
            <source>X no longer accepts the sign-in of @%1 — reconnect the account.</source>
            <translation>X ya no acepta el inicio de sesión de @%1: vuelva a conectar la cuenta.</translation>
        </message>
        <message>
            <source>Connect it again with `careconsole account add x`.</source>
            <translation>Vuelva a conectarla con `careconsole account add x`.</translation>
        </message>
        <message>
            <source>X sent a sign-in answer that could not be read.</source>
            <translation>X envió una respuesta de inicio de sesión que no se pudo leer.</translation>
        </message>
        <message>
            <source>Nothing is lost; it is retried automatically.</source>
            <translation>No se pierde nada; se reintenta automáticamente.</translation>
        </message>
    </context>
    <context>
        <name>Care::Sync::XSignIn</name>
        <message>
            <source>Give the X app's OAuth 2.0 client id.</source>
            <translation>Indique el ID de cliente OAuth 2.0 de la app de X.</translation>
        </message>
        <message>
            <source>It is on the app's "Keys and tokens" page in the X developer console.</source>
            <translation>Está en la página «Keys and tokens» de la app en la consola de desarrolladores de X.</translation>
        </message>
        <message>
            <source>Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.</source>
            <translation>Care Console no puede recibir la respuesta del navegador: el puerto %1 de este equipo ya está en uso.</translation>
        </message>
        <message>
            <source>Close the program that uses it (perhaps another sign-in) and try again.</source>
            <translation>Cierre el programa que lo usa (quizá otro inicio de sesión) e inténtelo de nuevo.</translation>
        </message>
        <message>
            <source>Care Console received X's answer. You can close this page.</source>
            <translation>Care Console recibió la respuesta de X. Puede cerrar esta página.</translation>
        </message>
        <message>
            <source>Signing in to X was not finished within %1, so it was stopped.</source>
            <translation>El inicio de sesión en X no terminó en %1, así que se detuvo.</translation>
        </message>
        <message>
            <source>Start again, and allow Care Console on the page that opens in the browser.</source>
            <translation>Vuelve a empezar y autoriza a Care Console en la página que se abre en el navegador.</translation>
        </message>
        <message>
            <source>You did not allow Care Console on X.</source>
            <translation>No autorizó a Care Console en X.</translation>
        </message>
        <message>
            <source>X refused the sign-in: %1</source>
            <translation>X rechazó el inicio de sesión: %1</translation>
        </message>
        <message>
            <source>Start again and choose Authorize app on X's page.</source>
            <translation>Empiece de nuevo y elija «Authorize app» en la página de X.</translation>
        </message>
        <message>
            <source>The answer that came back from the browser does not belong to this sign-in, so Care Console refused it.</source>
            <translation>La respuesta que volvió del navegador no pertenece a este inicio de sesión, así que Care Console la rechazó.</translation>
        </message>
        <message>
            <source>Start signing in again.</source>
            <translation>Vuelve a iniciar sesión desde el principio.</translation>
        </message>
        <message>
            <source>Check that the client id is the app's OAuth 2.0 client id, that the app is a native app (public client), and that %1 is one of its callback URLs.</source>
            <translation>Compruebe que el ID de cliente es el ID de cliente OAuth 2.0 de la app, que la app es nativa (cliente público) y que %1 es una de sus URL de devolución de llamada.</translation>
        </message>
        <message>
            <source>X answered the sign-in in a way Care Console cannot read.</source>
            <translation>X respondió al inicio de sesión de una forma que Care Console no puede leer.</translation>
        </message>
        <message>
            <source>X sent an answer that could not be read.</source>
            <translation>X envió una respuesta que no se pudo leer.</translation>
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
            <translation>&amp;Archivo</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Ver</translation>
        </message>
        <message>
            <source>&amp;Conversation</source>
            <translation>&amp;Conversación</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>Ay&amp;uda</translation>
        </message>
        <message>
            <source>Use a &amp;team database…</source>
            <translation>Usar una base de datos de &amp;equipo…</translation>
        </message>
        <message>
            <source>Open a fresh &amp;demo workspace</source>
            <translation>Abrir un espacio de &amp;demostración nuevo</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Configuración…</translation>
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation>Ctrl+,</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Salir</translation>
        </message>
        <message>
            <source>Ctrl+Q</source>
            <translation>Ctrl+Q</translation>
        </message>
        <message>
            <source>&amp;Search messages</source>
            <translation>&amp;Buscar mensajes</translation>
        </message>
        <message>
            <source>/</source>
            <translation>/</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>Actuali&amp;zar</translation>
        </message>
        <message>
            <source>F5</source>
            <translation>F5</translation>
        </message>
        <message>
            <source>&amp;About Care Console</source>
            <translation>&amp;Acerca de Care Console</translation>
        </message>
    </context>
</TS>
