#pragma once

// The state behind FakeMastodon, shared by FakeMastodon.cpp (request pipeline, seeding, state
// file, public API) and Endpoints.cpp (routing and the REST endpoints). Internal.

#include "FakeMastodon.h"
#include "FakeStore.h"
#include "HttpFront.h"
#include "StreamingFront.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpSocket>

#include <optional>

class QHttpServerRequest;

namespace Care::Tests {

namespace Fake {
inline const QString FixedToken = QStringLiteral("fake-mastodon-token-7Qm2xVb9KpL4sWd8");
inline const QString StreamUser = QStringLiteral("user");
inline const QString StreamNotification = QStringLiteral("user:notification");
} // namespace Fake

struct FakeMastodon::Private
{
    struct PendingFault
    {
        Fault fault;
        QString pathPrefix;
        int remaining;
    };

    FakeMastodon *q;
    Fake::FakeStore store;
    Fake::HttpFront *http = nullptr;
    Fake::StreamingFront *streaming = nullptr;
    quint16 httpPort = 0;
    bool tokenRevoked = false;
    int maxCharacters = 500;
    bool singleItemWithoutLimit = true;

    int rateLimit = 300;
    int rateWindowSeconds = 300;
    int rateRemaining = 300;
    QDateTime rateReset;

    QList<PendingFault> faults;
    QList<LoggedRequest> requests;
    QList<QPointer<QTcpSocket>> hung;
    QList<QJsonObject> posted;
    QHash<QString, quint64> idempotency;
    QString stateFile;

    // OAuth: registered apps and issued authorization codes.
    struct OAuthApp
    {
        QJsonObject json; // as answered at registration
        QString clientId;
        QString clientSecret;
        QStringList redirectUris;
        QStringList scopes;
    };
    struct OAuthCode
    {
        QString clientId;
        QString redirectUri;
        QString scope;
        QString challenge; // empty: the authorization request carried none
        bool used = false;
    };
    QList<OAuthApp> oauthApps;
    QHash<QString, OAuthCode> oauthCodes;
    bool denyAuthorization = false;
    bool oauthDiscoveryAvailable = true;
    int authorizationRequestCount = 0;
    int tokenRequestCount = 0;
    int tokensIssuedCount = 0;
    QStringList oauthRefusalReasons;

    explicit Private(FakeMastodon *owner) : q(owner) {}

    QString baseUrlString() const { return store.baseUrl.toString(); }

    // ---- request pipeline ----
    void handle(const QHttpServerRequest &request, QTcpSocket *socket);
    std::optional<Fault> takeFault(const QString &path, const QByteArray &method);
    QString tokenError(const QString &token) const;
    void refreshRateWindow();
    QList<QPair<QByteArray, QByteArray>> rateHeaders() const;
    Fake::HttpReply route(const LoggedRequest &request, const Fake::Params &params);

    // ---- endpoints ----
    Fake::HttpReply instance() const;
    Fake::HttpReply notifications(const LoggedRequest &request, const Fake::Params &params) const;
    Fake::HttpReply conversations(const LoggedRequest &request, const Fake::Params &params) const;
    Fake::HttpReply accountStatuses(const LoggedRequest &request, const Fake::Params &params, const QString &accountId) const;
    Fake::HttpReply tagTimeline(const LoggedRequest &request, const Fake::Params &params, const QString &tag) const;
    Fake::HttpReply search(const Fake::Params &params) const;
    Fake::HttpReply context(const Fake::StatusRec &status) const;
    Fake::HttpReply postStatus(const LoggedRequest &request, const Fake::Params &params);
    // OAuth (no token needed)
    static bool isOAuthEndpoint(const QByteArray &method, const QString &path);
    Fake::HttpReply routeOAuth(const LoggedRequest &request, const Fake::Params &params);
    Fake::HttpReply oauthDiscovery() const;
    Fake::HttpReply registerApp(const Fake::Params &params);
    Fake::HttpReply authorize(const Fake::Params &params);
    Fake::HttpReply issueToken(const LoggedRequest &request, const Fake::Params &params);
    const OAuthApp *oauthApp(const QString &clientId) const;

    // ---- helpers ----
    QString addStatusFrom(const QString &fromAcct, const QString &fromName, const QString &html,
                          const QString &inReplyToId, const QString &visibility, const QStringList &tags, bool mention);
    void saveState() const;
    bool loadState(const QString &path, QString *error);
};

} // namespace Care::Tests
