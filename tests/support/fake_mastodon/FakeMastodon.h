#pragma once

// A scripted local Mastodon instance for the sync tests, built from the documented shapes
// (docs.joinmastodon.org: Status, Notification, Account, Conversation, Instance v2).
//
// HTTP on a QAbstractHttpServer (Qt 6.4) and streaming on a QWebSocketServer, both on
// 127.0.0.1 with ports chosen by the OS. Single-threaded: the server runs on the event loop of
// the thread that owns it, so a test drives it with QSignalSpy / QTRY_* like any async client.
//
// Order in which a request is handled:
//   1. logged (requests(), requestReceived);
//   2. a pending fault that matches is taken; ServerError500, ServiceUnavailable503,
//      MalformedJson, HtmlContentType, Hang and DropConnection act here, before
//      authentication (they play a proxy or a crashed worker) and use no rate budget;
//   3. authentication: every endpoint except GET /api/v2/instance and the OAuth endpoints
//      (see "OAuth" below) needs "Authorization: Bearer <token()>" (401 {"error":"The access
//      token is invalid"}, or "... was revoked" after revokeToken());
//   4. rate limit: each request that got past 3 uses one unit (the token-less instance and
//      OAuth requests too); 429 when none is left;
//   5. the endpoint; TruncatedJson then cuts the body in half, AcceptThenDrop aborts the
//      socket instead of answering (the request took effect).
// Every HTTP answer (faults with a body included) carries X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset.
//
// Parameters are read like Rails reads them: query string plus body (form-urlencoded, '+'
// being a space, or JSON), "types[]=a&types[]=b" as a list.
//
// Qt 6.4 client caveat (observed, see tst_fake_mastodon): QNetworkAccessManager silently
// resends a request ONCE when the connection closes before any answer byte, POST included.
// So failNext(DropConnection/AcceptThenDrop, prefix, 1) is usually invisible to a QNAM client
// (the resend succeeds; for AcceptThenDrop without Idempotency-Key that means TWO statuses);
// pass count 2 to make the client see RemoteHostClosedError.
//
// Streaming differs from Mastodon in one way: status.update and delete go to "user:notification"
// subscribers too (Mastodon sends them on "user" only). "update" (own posts) goes to "user" only.

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

namespace Care::Tests {

struct LoggedRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;      // decoded, without the query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names; repeated headers joined with ", "
    QByteArray body;
};

class FakeMastodon : public QObject
{
    Q_OBJECT

public:
    enum class Fault {
        ServerError500,        // 500 {"error":"Internal Server Error"}
        ServiceUnavailable503, // 503 with Retry-After: 1
        MalformedJson,         // 200 application/json, body {"id": "1", "broken
        TruncatedJson,         // the real answer (the request takes effect), body cut to its first half,
                               // Content-Length of the cut body
        HtmlContentType,       // 200 text/html <html><body>Maintenance</body></html>
        Hang,                  // no answer ever; the socket stays open until the client gives up
        DropConnection,        // the socket is aborted (RST) before anything is answered
        AcceptThenDrop,        // only POST/PUT/PATCH/DELETE: the request takes effect (POST
                               // /api/v1/statuses creates the status), then the socket is aborted
                               // without an answer
    };
    Q_ENUM(Fault)

    explicit FakeMastodon(QObject *parent = nullptr);
    ~FakeMastodon() override;

    // ---- server ----
    bool listen(quint16 port = 0); // HTTP on `port` (0: any); streaming always on an OS-chosen port
    QUrl baseUrl() const;          // http://127.0.0.1:PORT (empty before listen)
    QUrl streamingUrl() const;     // ws://127.0.0.1:PORT2, as in configuration.urls.streaming
    QString token() const;         // fixed, the same in every instance and process
    void revokeToken();            // the token stops working (401 "The access token was revoked")

    // ---- own account ----
    void setOwnAccount(const QString &id, const QString &username); // default "1", "acme"
    QString ownAccountId() const;
    QString ownUsername() const;
    QString brandMentionHtml() const; // the h-card Mastodon renders for "@acme"

    // ---- seeding (each returns the new status id) ----
    // A status by fromAcct (account created when new) mentioning the own account, and its
    // mention notification (streamed). visibility "direct" also records the conversation.
    QString addMention(const QString &fromAcct, const QString &fromName, const QString &html,
                       const QString &inReplyToId = {}, const QString &visibility = QStringLiteral("public"));
    // addMention with visibility "direct": a mention notification AND a conversation.
    QString addDirectMessage(const QString &fromAcct, const QString &fromName, const QString &html,
                             const QString &inReplyToId = {});
    // A public status not mentioning the brand, found by /api/v2/search and the tag timelines.
    QString addPublicPost(const QString &fromAcct, const QString &fromName, const QString &html,
                          const QStringList &hashtags = {});
    void editStatus(const QString &id, const QString &newHtml);   // edited_at, history, stream status.update
    void deleteStatus(const QString &id);                          // gone everywhere, stream delete
    // The `--seed demo` data: a mention, a direct message and a public keyword/hashtag hit.
    void seedDemo();

    QJsonObject statusJson(const QString &id) const; // current shape; empty when unknown
    QStringList notificationIds() const;             // oldest first

    // ---- behaviour ----
    void setMaxCharacters(int maxCharacters); // default 500
    int maxCharacters() const;
    // false: configuration.urls.streaming disappears, handshakes get 404, clients are closed.
    void setStreamingAvailable(bool available);
    // Notifications without `limit` answer one item (as some compatible servers do). Default true.
    void setSingleItemWithoutLimit(bool enabled);

    // Budget of `limit` requests per window (default 300 per 300 s); the budget is full again
    // after this call, after resetRateLimit() and when the window ends.
    void setRateLimit(int limit, int windowSeconds = 300);
    void resetRateLimit();
    int rateLimitRemaining() const;

    // The next `count` requests whose path starts with pathPrefix (every path when empty) get
    // `fault`. Faults are taken in the order they were added.
    void failNext(Fault fault, const QString &pathPrefix = {}, int count = 1);
    void clearFaults();
    int pendingFaults() const; // sum of the remaining counts

    // ---- observation ----
    QList<LoggedRequest> requests() const;
    void clearRequests();
    // Every status created by POST /api/v1/statuses, in order, as answered at creation
    // (idempotent replays add nothing; statuses loaded from the state file included).
    QList<QJsonObject> postedStatuses() const;

    // Loads `path` when it exists (posted statuses and idempotency keys of an earlier run), then
    // rewrites it atomically after every created status. Seed BEFORE calling this so that seeded
    // ids are the same in every run. Returns false (and sets *error) when the file is unreadable.
    bool setStateFile(const QString &path, QString *error = nullptr);

    // ---- OAuth (no token needed) ----
    // POST /api/v1/apps registers an app (client_name, redirect_uris, scopes, website; 422 when
    // one is missing or invalid) and answers id, name, website, scopes, redirect_uri(s),
    // client_id and client_secret. GET /.well-known/oauth-authorization-server describes the
    // endpoints as Mastodon 4.3 does (code_challenge_methods_supported ["S256"]); 404 after
    // setOAuthDiscoveryAvailable(false), like servers before 4.3. GET /oauth/authorize shows no
    // login page: a valid request (known client_id, a registered redirect_uri, scopes the app
    // has, code_challenge_method S256 when a code_challenge is given) is answered with a 302 to
    // redirect_uri?code=...&state=... (a single-use code remembering client, redirect_uri, scope
    // and challenge), or ?error=access_denied&error_description=...&state=... after
    // setDenyAuthorization(true); an unknown client or redirect_uri gets a 400 HTML page, as in
    // a browser. POST /oauth/token (grant_type=authorization_code, code, redirect_uri, client_id,
    // client_secret in the body or as HTTP Basic, code_verifier) checks all of them, the
    // verifier against the code's challenge (base64url(SHA-256(verifier)), no padding) included,
    // and answers {"access_token": token(), "token_type":"Bearer","scope":...,"created_at":...},
    // or 400 {"error":"invalid_grant","error_description":...} (401 invalid_client for a wrong
    // client) as Doorkeeper does.
    void setDenyAuthorization(bool deny);
    void setOAuthDiscoveryAvailable(bool available);
    QList<QJsonObject> registeredApps() const; // as answered by POST /api/v1/apps, oldest first
    int authorizationRequests() const;         // GET /oauth/authorize requests that got past the rate limit
    int tokenRequests() const;                 // POST /oauth/token requests that got past the rate limit
    int tokensIssued() const;                  // of those, the ones answered with the token
    QStringList oauthRefusals() const;         // why OAuth requests were refused, in order (for tests)

    // ---- streaming ----
    // Arms a cut: the NEXT streamed event is sent to each subscribed client as one text message
    // holding the first half of the event's JSON (not valid JSON), then that client's TCP
    // connection is aborted without a close frame. A Qt 6.4 QWebSocket client sees the text
    // message, then error(RemoteHostClosedError) and disconnected(); its closeCode() stays 1000.
    // The data itself stays available through the REST API.
    void dropStreamMidEvent();
    int streamClients() const;     // connected, authenticated WebSocket clients
    int streamSubscribers() const; // of those, subscribed to user or user:notification

Q_SIGNALS:
    void requestReceived(const Care::Tests::LoggedRequest &request);
    void statusPosted(const QJsonObject &status);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Care::Tests

Q_DECLARE_METATYPE(Care::Tests::LoggedRequest)
