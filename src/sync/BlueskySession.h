#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Care::Sync {

class HttpClient;
class SecretStore;
struct HttpRequest;
struct HttpResponse;

// What is kept in the secret store for one Bluesky account (as JSON, under the account's
// secret key "bluesky/<handle>"): the app password (only to sign in again when the refresh
// token itself has expired) and the current session.
struct BlueskyCredentials
{
    QString identifier;  // the handle (or e-mail) signed in with
    QString appPassword; // xxxx-xxxx-xxxx-xxxx
    QString did;         // the account's DID, from the session
    QString handle;      // its handle, from the session
    QString accessJwt;   // ~2 h
    QString refreshJwt;  // ~90 days; rotated by every refresh

    QString toSecret() const; // compact JSON for SecretStore::write
    // An empty or unreadable secret is an error naming the account, never a crash.
    static Core::Result<BlueskyCredentials> fromSecret(const QString &secret);
};

// A signed-in Bluesky session on a PDS (or the entryway, https://bsky.social). Synchronous,
// through the shared HttpClient, like the connectors.
//
// Session creation is rate-limited (as few as 100 a day), so a session is created once
// (`signIn`), kept in the secret store and refreshed (`refresh`) when the access token
// expires — never re-created at every start. Expired or invalid tokens arrive as HTTP 400
// with an error name (`ExpiredToken`, `InvalidToken`) as well as 401; `send` handles both:
// it refreshes once and repeats the request. Only when the refresh token itself is no longer
// accepted does it sign in again with the stored app password; when that fails too, the
// error is TokenRevoked (the account must be reconnected).
//
// Before refreshing it re-reads the secret store, so two processes (the console and
// `careconsole sync --once`) sharing an account do not spend each other's refresh token.
class BlueskySession
{
public:
    // `secrets` and `secretKey` may be empty/null (a sign-in check that stores nothing).
    BlueskySession(HttpClient &http, QUrl service, SecretStore *secrets = nullptr, QString secretKey = {});

    // The default service, where accounts on the main network sign in.
    static QUrl defaultService() { return QUrl(QStringLiteral("https://bsky.social")); }
    // https required; http only on loopback (a local test network).
    static Core::Result<QUrl> checkedService(const QString &service);

    // com.atproto.server.createSession with an app password (identifier = handle or e-mail).
    // On success the credentials are saved (when a secret store was given).
    Core::Status signIn(const QString &identifier, const QString &appPassword);
    // Takes over a stored session (e.g. the secret the sync engine read). No network.
    Core::Status restore(const QString &secret);
    // com.atproto.server.refreshSession (Bearer = refresh token); saves the new pair.
    Core::Status refresh();

    // Sends `request` with the access token; on an expired/invalid token (400 or 401)
    // refreshes (or signs in again with the app password) and repeats it once. A request
    // whose token was refused never reached the repository, so repeating a write is safe.
    HttpResponse send(HttpRequest request);
    // Convenience: an XRPC GET/POST on the service ("/xrpc/<nsid>").
    HttpResponse get(const QString &nsid, const QList<QPair<QString, QString>> &query,
                     const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    HttpResponse post(const QString &nsid, const QJsonObject &body,
                      const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    QUrl xrpcUrl(const QString &nsid) const;

    bool isSignedIn() const { return !m_credentials.accessJwt.isEmpty(); }
    const BlueskyCredentials &credentials() const { return m_credentials; }
    QString did() const { return m_credentials.did; }
    QString handle() const { return m_credentials.handle; }
    QUrl service() const { return m_service; }
    QString serviceName() const { return m_service.host(); }
    int refreshCount() const { return m_refreshes; }  // for tests and logs
    int signInCount() const { return m_signIns; }     // ditto: each one spends the daily budget

    // The XRPC error name of a failed answer ("ExpiredToken", "RecordNotFound"...).
    static QString errorName(const HttpResponse &response);
    static bool isTokenProblem(const HttpResponse &response);
    // A failed exchange as an error a person can act on (token problems: TokenRevoked).
    Core::Error describe(const HttpResponse &response) const;

private:
    Core::Status adoptSession(const HttpResponse &response, const QString &what);
    Core::Status save();
    Core::Status recover(); // refresh, else sign in again with the app password

    HttpClient &m_http;
    QUrl m_service;
    SecretStore *m_secrets = nullptr;
    QString m_secretKey;
    BlueskyCredentials m_credentials;
    int m_refreshes = 0;
    int m_signIns = 0;
};

} // namespace Care::Sync
