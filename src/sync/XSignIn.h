#pragma once

#include "core/Result.h"
#include "sync/XSession.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <functional>

namespace Care::Sync {

class HttpClient;

struct XSignInOptions
{
    QString clientId;                 // the X app's OAuth 2.0 client id (public client: no secret)
    QUrl authBase = QUrl(QStringLiteral("https://x.com"));     // the authorization page: <authBase>/i/oauth2/authorize
    QUrl apiBase = XSession::defaultApiBase();                 // tokens: <apiBase>/2/oauth2/token
    // The loopback address the browser is sent back to, http://127.0.0.1:PORT/callback. X
    // compares it with the app's registered callback URLs exactly, so keep it fixed and
    // register that very address in the X developer console.
    quint16 port = 53683;
    int timeoutMs = 5 * 60 * 1000;
};

// Signs an X account in through the browser: OAuth 2.0 authorization code with PKCE (S256) as
// a public native-app client, scopes() including offline.access (for a refresh token), and a
// loopback redirect. QtNetworkAuth 6.4 has no PKCE (it came in 6.8) and its refresh always adds
// a client_secret, so the flow is Care Console's own: QOAuthHttpServerReplyHandler listens on
// the loopback, the authorization URL (state, code_challenge) is built here, the state is
// checked, and the code is exchanged with its code_verifier and the client id only. Then
// GET /2/users/me names the account. Nothing logged carries a token, code or verifier.
// Blocking on a local event loop: the CLI, or a worker thread.
class XSignIn
{
public:
    static QString scopes();
    static QString redirectUri(quint16 port);
    // PKCE: the S256 challenge of a verifier (base64url without padding).
    static QString challengeOf(const QByteArray &verifier);

    static Core::Result<XCredentials> signIn(HttpClient &http, const XSignInOptions &options,
                                             const std::function<void(const QUrl &)> &openBrowser);
};

} // namespace Care::Sync
