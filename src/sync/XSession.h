#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Care::Sync {

class HttpClient;
class SecretStore;
struct HttpRequest;
struct HttpResponse;

namespace X {
struct Token;
}

// What is kept in the secret store for one X account (JSON, under "x/@handle"). X apps that
// run on a person's computer are public clients: there is no client secret, only the client
// id, which is not a secret but is kept with the tokens so a refresh needs nothing else.
struct XCredentials
{
    QString clientId;
    QString accessToken;  // two hours
    QString refreshToken; // with offline.access; rotated by every refresh
    QDateTime expiresAt;
    QString userId;   // the brand account's id
    QString username; // without '@'
    QUrl tokenUrl;    // https://api.x.com/2/oauth2/token (or a test server's)

    QString toSecret() const;
    static Core::Result<XCredentials> fromSecret(const QString &secret);
    void take(const X::Token &token, const QDateTime &now); // a token answer: new pair and expiry
};

// A signed-in X account: sends requests with its user access token and keeps the token fresh.
// Synchronous, through the shared HttpClient, like the connectors.
//
// Access tokens last two hours. Before each request the session refreshes a token that expires
// within `refreshMarginSecs` (the sync's own timer runs every poll interval, so a token is
// renewed before it runs out rather than after a failure), and a 401 refreshes and repeats the
// request once: X refused it before doing anything, so repeating even a write is safe. The
// refresh request carries the client id and never a client secret (public client). Each
// refresh rotates the refresh token; the new pair is written to the secret store at once, and
// the store is read again first, so two processes sharing the account do not spend each other's
// refresh token. When X no longer accepts the refresh token, the error is TokenRevoked.
class XSession
{
public:
    XSession(HttpClient &http, QUrl apiBase, SecretStore *secrets = nullptr, QString secretKey = {});

    static QUrl defaultApiBase() { return QUrl(QStringLiteral("https://api.x.com")); }

    Core::Status restore(const QString &secret);
    void setCredentials(const XCredentials &credentials) { m_credentials = credentials; }
    Core::Status refresh();

    // GET/POST on the API ("/2/..."), with the token; `budget` names the endpoint's rate budget.
    HttpResponse get(const QString &path, const QList<QPair<QString, QString>> &query, const QString &budget);
    HttpResponse postJson(const QString &path, const QByteArray &json, const QString &budget, bool neverRepeat);
    HttpResponse sendJson(const QByteArray &method, const QString &path, const QByteArray &json, const QString &budget,
                          bool neverRepeat);
    HttpResponse send(HttpRequest request);

    // An error a person can act on for a failed exchange (X's own words when it gave some).
    Core::Error describe(const HttpResponse &response) const;

    const XCredentials &credentials() const { return m_credentials; }
    QUrl apiBase() const { return m_apiBase; }
    QUrl url(const QString &path) const;
    void setRefreshMarginSecs(int secs) { m_refreshMarginSecs = secs; }
    int refreshCount() const { return m_refreshes; }

private:
    HttpClient &m_http;
    QUrl m_apiBase;
    SecretStore *m_secrets;
    QString m_secretKey;
    XCredentials m_credentials;
    int m_refreshMarginSecs = 10 * 60;
    int m_refreshes = 0;
};

} // namespace Care::Sync
