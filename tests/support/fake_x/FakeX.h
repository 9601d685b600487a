#pragma once

// A scripted local X API v2 server for the X connector's tests, built from the documented
// shapes only (docs.x.com: OAuth 2.0 authorization code with PKCE, users/:id/mentions,
// tweets/search/recent, users/:id/tweets, POST /2/tweets, dm_events, dm_conversations): ids are
// strings, lists are {data, includes, meta{result_count,newest_id,oldest_id,next_token}},
// partial errors are `errors[]` beside `data` in a 200, failures are problem details
// ({title, detail, type, status}), every answer carries x-rate-limit-limit/remaining/reset for
// its endpoint and 429 when that is spent. What the real X does beyond its documentation (the
// text it stores for a URL, its spam rules) is not imitated.

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>
#include <memory>

class QHttpServerRequest;
class QTcpSocket;

namespace Care::Tests {

namespace Fake {
class HttpFront;
}

class FakeX : public QObject
{
    Q_OBJECT

public:
    struct Tweet
    {
        QString id;
        QString text;
        QString authorId;
        QString conversationId;
        QString repliedToId;
        QString inReplyToUserId;
        QStringList editHistory;
        QDateTime createdAt;
        bool mentionsBrand = false;
        bool searchable = false;
    };
    struct DmEvent
    {
        QString id;
        QString senderId;
        QString conversationId;
        QString text;
        QDateTime createdAt;
    };
    struct Call
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QByteArray authorization;
        QByteArray body;
    };

    static constexpr const char *kBrandId = "1000";
    static constexpr const char *kBrandName = "acme";

    explicit FakeX(QObject *parent = nullptr);
    ~FakeX() override;
    bool listen();
    QUrl base() const;

    // OAuth: a registered public client and its exact callback URL.
    void registerClient(const QString &clientId, const QString &redirectUri);
    // A signed-in brand (skips the browser): returns the access token; its refresh token is `refresh`.
    QString issueTokens(const QString &refresh = QStringLiteral("refresh-1"), int expiresInSecs = 7200);
    void revokeAccessTokens() { m_access.clear(); } // every access token now answers 401
    QString currentRefreshToken() const { return m_refreshToken; }
    bool lastExchangeHadVerifier() const { return m_exchangeHadVerifier; }
    bool sawClientSecret() const { return m_sawClientSecret; }

    void addUser(const QString &id, const QString &username, const QString &name);
    QString addMention(const QString &authorId, const QString &text, const QString &repliedToId = {});
    QString addBrandPost(const QString &text, const QString &repliedToId = {});
    QString addSearchHit(const QString &authorId, const QString &text);
    void deleteTweet(const QString &id);
    QString editTweet(const QString &id, const QString &newText); // returns the new version's id
    QString addDm(const QString &senderId, const QString &otherId, const QString &text);

    // Scripting
    void setRemaining(const QString &endpoint, int remaining, int resetInSecs); // "GET /2/users/:id/mentions"
    void dropNextWrite() { m_dropNextWrite = true; } // store the post or message, then close without answering
    void setPartialErrorFor(const QString &tweetId) { m_partialErrors << tweetId; }

    // Inspection
    QList<Call> calls(const QString &pathPrefix = {}) const;
    QList<Tweet> brandPosts() const;
    QList<DmEvent> dmEvents() const { return m_dms; }
    bool isHidden(const QString &id) const { return m_hidden.contains(id); }
    int mentionsPageSize = 0; // the max_results the last mentions request asked for
    int dmMinResults = 1;     // the smallest max_results dm_events accepts

private:
    struct Reply;
    void handle(const QHttpServerRequest &request, QTcpSocket *socket);
    Reply route(const Call &call, const QHash<QString, QString> &form);
    Reply authorize(const Call &call);
    Reply token(const QHash<QString, QString> &form);
    Reply tweetList(const Call &call, QList<Tweet> tweets);
    Reply dmList(const Call &call, QList<DmEvent> events);
    Reply createTweet(const QByteArray &body);
    Reply createDm(const QString &participant, const QByteArray &body);
    Reply hideReply(const QString &id, const QByteArray &body);
    QString endpointOf(const QByteArray &method, const QString &path) const;
    QString nextId();

    std::unique_ptr<Fake::HttpFront> m_http;
    quint16 m_port = 0;
    qint64 m_sequence = 1500000000000000000LL;
    QHash<QString, QString> m_clients; // client id -> redirect URI
    struct Code
    {
        QString clientId;
        QString redirectUri;
        QString challenge;
    };
    QHash<QString, Code> m_codes;
    QSet<QString> m_access;
    QString m_refreshToken;
    bool m_exchangeHadVerifier = false;
    bool m_sawClientSecret = false;
    QHash<QString, QStringList> m_users; // id -> {username, name}
    QList<Tweet> m_tweets;
    QList<DmEvent> m_dms;
    QSet<QString> m_deleted;
    QSet<QString> m_partialErrors;
    QSet<QString> m_hidden;
    struct Budget
    {
        int limit = 0;
        int remaining = 0;
        qint64 reset = 0;
    };
    QHash<QString, Budget> m_budgets;
    bool m_dropNextWrite = false;
    QList<Call> m_calls;
};

} // namespace Care::Tests
