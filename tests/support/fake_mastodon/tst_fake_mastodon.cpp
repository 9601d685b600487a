// Self-test of the scripted Mastodon instance, driven from the client side with
// QNetworkAccessManager and QWebSocket the way the connector talks to a real server.

#include "FakeMastodon.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <QtWebSockets/QWebSocket>

#include <memory>

using Care::Tests::FakeMastodon;
using Care::Tests::LoggedRequest;

namespace {

struct Reply
{
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QJsonDocument json(QJsonParseError *parseError = nullptr) const { return QJsonDocument::fromJson(body, parseError); }
    QJsonArray array() const { return json().array(); }
    QJsonObject object() const { return json().object(); }
    QString errorText() const { return object().value(QStringLiteral("error")).toString(); }
};

// Mastodon Link header → rel → URL.
QHash<QString, QUrl> parseLinks(const QByteArray &header)
{
    QHash<QString, QUrl> links;
    static const QRegularExpression pattern(QStringLiteral("<([^>]*)>\\s*;\\s*rel=\"([^\"]+)\""));
    for (auto it = pattern.globalMatch(QString::fromLatin1(header)); it.hasNext();) {
        const auto match = it.next();
        links.insert(match.captured(2), QUrl(match.captured(1)));
    }
    return links;
}

QStringList ids(const QJsonArray &array)
{
    QStringList result;
    for (const QJsonValue &value : array)
        result.append(value.toObject().value(QStringLiteral("id")).toString());
    return result;
}

// Qt 6.4: QWebSocket::error is both the getter and the signal.
const auto WebSocketError = QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error);

const QRegularExpression IsoMs(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));

} // namespace

class TestFakeMastodon : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeMastodon> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;

    QUrl url(const QString &path, const QString &query = {}) const
    {
        QUrl result = m_server->baseUrl();
        result.setPath(path);
        if (!query.isEmpty())
            result.setQuery(query);
        return result;
    }

    Reply send(QNetworkRequest request, const QByteArray &verb = "GET", const QByteArray &body = {},
               const QString &token = QStringLiteral("default"), int timeoutMs = 5000)
    {
        const QString bearer = token == QLatin1String("default") ? m_server->token() : token;
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", QByteArray("Bearer " + bearer.toUtf8()));
        QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
        if (!reply->isFinished())
            loop.exec();
        Reply result;
        result.finished = reply->isFinished();
        if (!result.finished) {
            reply->abort();
            reply->deleteLater();
            return result;
        }
        result.error = reply->error();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen()) // a timed-out reply is closed
            result.body = reply->readAll();
        for (const auto &header : reply->rawHeaderPairs())
            result.headers.insert(header.first.toLower(), header.second);
        reply->deleteLater();
        return result;
    }

    Reply get(const QString &path, const QString &query = {}, const QString &token = QStringLiteral("default"))
    {
        return send(QNetworkRequest(url(path, query)), "GET", {}, token);
    }

    Reply get(const QUrl &absolute)
    {
        return send(QNetworkRequest(absolute));
    }

    Reply postForm(const QByteArray &form, const QByteArray &idempotencyKey = {})
    {
        QNetworkRequest request(url(QStringLiteral("/api/v1/statuses")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        if (!idempotencyKey.isEmpty())
            request.setRawHeader("Idempotency-Key", idempotencyKey);
        return send(request, "POST", form);
    }

    Reply postJson(const QJsonObject &object, const QByteArray &idempotencyKey = {})
    {
        QNetworkRequest request(url(QStringLiteral("/api/v1/statuses")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!idempotencyKey.isEmpty())
            request.setRawHeader("Idempotency-Key", idempotencyKey);
        return send(request, "POST", QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

    QString mention(const QString &text)
    {
        return m_server->addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
                                    QString(QLatin1String("<p>") + m_server->brandMentionHtml() + QLatin1Char(' ')
                                            + text + QLatin1String("</p>")));
    }

    std::unique_ptr<QWebSocket> openStream(const QString &query, const QByteArray &authorization = {})
    {
        auto socket = std::make_unique<QWebSocket>();
        QUrl streamUrl = m_server->streamingUrl();
        streamUrl.setPath(QStringLiteral("/api/v1/streaming"));
        streamUrl.setQuery(query);
        QNetworkRequest request(streamUrl);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        socket->open(request);
        return socket;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeMastodon>();
        QVERIFY(m_server->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        m_network.reset();
        m_server.reset();
    }

    void listensOnLoopbackWithOsChosenPorts()
    {
        QCOMPARE(m_server->baseUrl().scheme(), QStringLiteral("http"));
        QCOMPARE(m_server->baseUrl().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_server->baseUrl().port() > 0);
        QCOMPARE(m_server->streamingUrl().scheme(), QStringLiteral("ws"));
        QVERIFY(m_server->streamingUrl().port() > 0);
        QVERIFY(m_server->streamingUrl().port() != m_server->baseUrl().port());
        FakeMastodon second;
        QVERIFY(second.listen());
        QVERIFY(second.baseUrl().port() != m_server->baseUrl().port());
        QCOMPARE(second.token(), m_server->token());
    }

    void instanceV2()
    {
        Reply reply = get(QStringLiteral("/api/v2/instance"), {}, QString());
        QCOMPARE(reply.status, 200);
        QJsonObject instance = reply.object();
        QCOMPARE(instance.value(QStringLiteral("version")).toString(), QStringLiteral("4.3.0"));
        QCOMPARE(instance.value(QStringLiteral("domain")).toString(),
                 QString(QLatin1String("127.0.0.1:") + QString::number(m_server->baseUrl().port())));
        QJsonObject configuration = instance.value(QStringLiteral("configuration")).toObject();
        QCOMPARE(configuration.value(QStringLiteral("urls")).toObject().value(QStringLiteral("streaming")).toString(),
                 m_server->streamingUrl().toString());
        QCOMPARE(configuration.value(QStringLiteral("statuses")).toObject().value(QStringLiteral("max_characters")).toInt(), 500);
        QCOMPARE(configuration.value(QStringLiteral("statuses")).toObject().value(QStringLiteral("characters_reserved_per_url")).toInt(),
                 23);

        m_server->setMaxCharacters(280);
        m_server->setStreamingAvailable(false);
        reply = get(QStringLiteral("/api/v2/instance"));
        QCOMPARE(reply.status, 200);
        configuration = reply.object().value(QStringLiteral("configuration")).toObject();
        QCOMPARE(configuration.value(QStringLiteral("statuses")).toObject().value(QStringLiteral("max_characters")).toInt(), 280);
        QVERIFY(configuration.contains(QStringLiteral("urls")));
        QVERIFY(!configuration.value(QStringLiteral("urls")).toObject().contains(QStringLiteral("streaming")));
    }

    void verifyCredentials()
    {
        Reply reply = get(QStringLiteral("/api/v1/accounts/verify_credentials"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("id")).toString(), QStringLiteral("1"));
        QCOMPARE(reply.object().value(QStringLiteral("username")).toString(), QStringLiteral("acme"));
        QCOMPARE(reply.object().value(QStringLiteral("acct")).toString(), QStringLiteral("acme"));

        m_server->setOwnAccount(QStringLiteral("4242"), QStringLiteral("brand"));
        reply = get(QStringLiteral("/api/v1/accounts/verify_credentials"));
        QCOMPARE(reply.object().value(QStringLiteral("id")).toString(), QStringLiteral("4242"));
        QCOMPARE(reply.object().value(QStringLiteral("acct")).toString(), QStringLiteral("brand"));
        QCOMPARE(reply.object().value(QStringLiteral("url")).toString(),
                 QString(m_server->baseUrl().toString() + QLatin1String("/@brand")));
    }

    void tokenIsRequiredAndRevocable()
    {
        Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=5"), QString());
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorText(), QStringLiteral("The access token is invalid"));
        QCOMPARE(reply.error, QNetworkReply::AuthenticationRequiredError);

        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=5"), QStringLiteral("not-the-token"));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorText(), QStringLiteral("The access token is invalid"));

        reply = get(QStringLiteral("/api/v2/instance"), {}, QStringLiteral("not-the-token"));
        QCOMPARE(reply.status, 401);

        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=5"));
        QCOMPARE(reply.status, 200);

        m_server->revokeToken();
        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=5"));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorText(), QStringLiteral("The access token was revoked"));
        QVERIFY(reply.headers.value("www-authenticate").contains("invalid_token"));
    }

    void mentionNotificationShape()
    {
        const QString statusId = mention(QStringLiteral("my kettle &lt;lid&gt; cracked"));
        Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=mention&limit=40"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("application/json"));
        const QJsonArray notifications = reply.array();
        QCOMPARE(notifications.size(), 1);
        const QJsonObject notification = notifications.at(0).toObject();
        QCOMPARE(notification.value(QStringLiteral("id")).toString(), m_server->notificationIds().value(0));
        QCOMPARE(notification.value(QStringLiteral("type")).toString(), QStringLiteral("mention"));
        QVERIFY(IsoMs.match(notification.value(QStringLiteral("created_at")).toString()).hasMatch());
        QCOMPARE(notification.value(QStringLiteral("account")).toObject().value(QStringLiteral("acct")).toString(),
                 QStringLiteral("kettle_fan@social.example"));

        const QJsonObject status = notification.value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("id")).toString(), statusId);
        QVERIFY(statusId.size() >= 18);
        QVERIFY(IsoMs.match(status.value(QStringLiteral("created_at")).toString()).hasMatch());
        QVERIFY(status.value(QStringLiteral("in_reply_to_id")).isNull());
        QVERIFY(status.value(QStringLiteral("in_reply_to_account_id")).isNull());
        QVERIFY(status.value(QStringLiteral("edited_at")).isNull());
        QCOMPARE(status.value(QStringLiteral("visibility")).toString(), QStringLiteral("public"));
        QCOMPARE(status.value(QStringLiteral("language")).toString(), QStringLiteral("en"));
        QCOMPARE(status.value(QStringLiteral("spoiler_text")).toString(), QString());
        QVERIFY(status.value(QStringLiteral("content")).toString().contains(QLatin1String("my kettle &lt;lid&gt; cracked")));
        QCOMPARE(status.value(QStringLiteral("url")).toString(),
                 QString(QLatin1String("https://social.example/@kettle_fan/") + statusId));
        const QJsonObject account = status.value(QStringLiteral("account")).toObject();
        QCOMPARE(account.value(QStringLiteral("username")).toString(), QStringLiteral("kettle_fan"));
        QCOMPARE(account.value(QStringLiteral("display_name")).toString(), QStringLiteral("Kettle Fan"));
        QCOMPARE(account.value(QStringLiteral("url")).toString(), QStringLiteral("https://social.example/@kettle_fan"));
        QVERIFY(!account.value(QStringLiteral("id")).toString().isEmpty());
        const QJsonArray mentions = status.value(QStringLiteral("mentions")).toArray();
        QCOMPARE(mentions.size(), 1);
        QCOMPARE(mentions.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("1"));
        QCOMPARE(mentions.at(0).toObject().value(QStringLiteral("acct")).toString(), QStringLiteral("acme"));
        QVERIFY(status.value(QStringLiteral("tags")).isArray());

        // The same author is one account.
        const QString second = mention(QStringLiteral("again"));
        QCOMPARE(m_server->statusJson(second).value(QStringLiteral("account")).toObject().value(QStringLiteral("id")),
                 account.value(QStringLiteral("id")));
        QVERIFY(second.toULongLong() > statusId.toULongLong());

        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=follow&limit=40"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.array().size(), 0);
        QVERIFY(!reply.headers.contains("link"));
    }

    void notificationPaging()
    {
        for (int i = 1; i <= 5; ++i)
            mention(QString(QLatin1String("message ") + QString::number(i)));
        const QStringList n = m_server->notificationIds(); // oldest first
        QCOMPARE(n.size(), 5);
        for (int i = 1; i < 5; ++i)
            QCOMPARE(n.at(i).toULongLong(), n.at(i - 1).toULongLong() + 1);

        // Newest first, Link next (max_id = oldest shown) and prev (min_id = newest shown).
        Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=mention&limit=2"));
        QCOMPARE(ids(reply.array()), (QStringList{n[4], n[3]}));
        QHash<QString, QUrl> links = parseLinks(reply.headers.value("link"));
        QCOMPARE(QUrlQuery(links.value(QStringLiteral("next"))).queryItemValue(QStringLiteral("max_id")), n[3]);
        QCOMPARE(QUrlQuery(links.value(QStringLiteral("prev"))).queryItemValue(QStringLiteral("min_id")), n[4]);
        QCOMPARE(QUrlQuery(links.value(QStringLiteral("next"))).queryItemValue(QStringLiteral("limit")), QStringLiteral("2"));
        // Like Rails, the brackets are percent-encoded: types%5B%5D=mention.
        QVERIFY(links.value(QStringLiteral("next")).query(QUrl::FullyEncoded).contains(QLatin1String("types%5B%5D=mention")));
        QCOMPARE(links.value(QStringLiteral("next")).path(), QStringLiteral("/api/v1/notifications"));

        // Following next walks backwards; the last, partial page has no next.
        reply = get(links.value(QStringLiteral("next")));
        QCOMPARE(ids(reply.array()), (QStringList{n[2], n[1]}));
        reply = get(parseLinks(reply.headers.value("link")).value(QStringLiteral("next")));
        QCOMPARE(ids(reply.array()), QStringList{n[0]});
        QVERIFY(!parseLinks(reply.headers.value("link")).contains(QStringLiteral("next")));
        QVERIFY(parseLinks(reply.headers.value("link")).contains(QStringLiteral("prev")));

        // min_id: the `limit` items immediately newer than min_id, newest first.
        reply = get(QStringLiteral("/api/v1/notifications"), QString(QLatin1String("limit=2&min_id=") + n[0]));
        QCOMPARE(ids(reply.array()), (QStringList{n[2], n[1]}));
        links = parseLinks(reply.headers.value("link"));
        QCOMPARE(QUrlQuery(links.value(QStringLiteral("prev"))).queryItemValue(QStringLiteral("min_id")), n[2]);
        reply = get(links.value(QStringLiteral("prev")));
        QCOMPARE(ids(reply.array()), (QStringList{n[4], n[3]}));
        reply = get(parseLinks(reply.headers.value("link")).value(QStringLiteral("prev")));
        QCOMPARE(reply.array().size(), 0);
        QVERIFY(!reply.headers.contains("link"));

        // since_id: the newest items above since_id (a gap stays a gap).
        reply = get(QStringLiteral("/api/v1/notifications"), QString(QLatin1String("limit=2&since_id=") + n[0]));
        QCOMPARE(ids(reply.array()), (QStringList{n[4], n[3]}));

        // max_id
        reply = get(QStringLiteral("/api/v1/notifications"), QString(QLatin1String("limit=40&max_id=") + n[2]));
        QCOMPARE(ids(reply.array()), (QStringList{n[1], n[0]}));

        // Without limit: a single item, like some compatible servers.
        reply = get(QStringLiteral("/api/v1/notifications"));
        QCOMPARE(ids(reply.array()), QStringList{n[4]});
        QVERIFY(!QUrlQuery(parseLinks(reply.headers.value("link")).value(QStringLiteral("next")))
                     .hasQueryItem(QStringLiteral("limit")));
        m_server->setSingleItemWithoutLimit(false);
        reply = get(QStringLiteral("/api/v1/notifications"));
        QCOMPARE(reply.array().size(), 5);

        // limit is capped at 80
        for (int i = 0; i < 80; ++i)
            mention(QStringLiteral("bulk"));
        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=200"));
        QCOMPARE(reply.array().size(), 80);
    }

    void directMessageIsMentionAndConversation()
    {
        const QString dm = m_server->addDirectMessage(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"),
                                                      QStringLiteral("<p>private question</p>"));
        mention(QStringLiteral("public one"));
        Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=mention&limit=40"));
        const QJsonArray notifications = reply.array();
        QCOMPARE(notifications.size(), 2);
        const QJsonObject dmStatus = notifications.at(1).toObject().value(QStringLiteral("status")).toObject();
        QCOMPARE(dmStatus.value(QStringLiteral("id")).toString(), dm);
        QCOMPARE(dmStatus.value(QStringLiteral("visibility")).toString(), QStringLiteral("direct"));

        reply = get(QStringLiteral("/api/v1/conversations"), QStringLiteral("limit=20"));
        QCOMPARE(reply.status, 200);
        const QJsonArray conversations = reply.array();
        QCOMPARE(conversations.size(), 1);
        const QJsonObject conversation = conversations.at(0).toObject();
        QVERIFY(!conversation.value(QStringLiteral("id")).toString().isEmpty());
        QCOMPARE(conversation.value(QStringLiteral("unread")).toBool(), true);
        QCOMPARE(conversation.value(QStringLiteral("accounts")).toArray().size(), 1);
        QCOMPARE(conversation.value(QStringLiteral("accounts")).toArray().at(0).toObject().value(QStringLiteral("acct")).toString(),
                 QStringLiteral("jo@mastodon.example"));
        QCOMPARE(conversation.value(QStringLiteral("last_status")).toObject().value(QStringLiteral("id")).toString(), dm);
        QVERIFY(parseLinks(reply.headers.value("link")).contains(QStringLiteral("prev")));

        // Our direct reply moves the conversation's last status and marks it read.
        reply = postForm(QByteArray("status=%40jo%40mastodon.example+thanks&visibility=direct&in_reply_to_id=" + dm.toUtf8()));
        QCOMPARE(reply.status, 200);
        const QString replyId = reply.object().value(QStringLiteral("id")).toString();
        QCOMPARE(reply.object().value(QStringLiteral("mentions")).toArray().at(0).toObject().value(QStringLiteral("acct")).toString(),
                 QStringLiteral("jo@mastodon.example"));
        reply = get(QStringLiteral("/api/v1/conversations"), QStringLiteral("limit=20"));
        QCOMPARE(reply.array().size(), 1);
        QCOMPARE(reply.array().at(0).toObject().value(QStringLiteral("last_status")).toObject().value(QStringLiteral("id")).toString(),
                 replyId);
        QCOMPARE(reply.array().at(0).toObject().value(QStringLiteral("unread")).toBool(), false);
    }

    void statusContextHistoryAndDelete()
    {
        const QString root = mention(QStringLiteral("root"));
        Reply reply = postForm(QByteArray("status=%40kettle_fan%40social.example+sorry&in_reply_to_id=" + root.toUtf8()));
        QCOMPARE(reply.status, 200);
        const QString ours = reply.object().value(QStringLiteral("id")).toString();
        QCOMPARE(reply.object().value(QStringLiteral("in_reply_to_id")).toString(), root);
        QVERIFY(!reply.object().value(QStringLiteral("in_reply_to_account_id")).toString().isEmpty());
        const QString followUp = m_server->addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
                                                      QStringLiteral("<p>thanks</p>"), ours);

        reply = get(QString(QLatin1String("/api/v1/statuses/") + ours));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("account")).toObject().value(QStringLiteral("id")).toString(),
                 QStringLiteral("1"));
        reply = get(QString(QLatin1String("/api/v1/statuses/") + ours + QLatin1String("/context")));
        QCOMPARE(reply.status, 200);
        QCOMPARE(ids(reply.object().value(QStringLiteral("ancestors")).toArray()), QStringList{root});
        QCOMPARE(ids(reply.object().value(QStringLiteral("descendants")).toArray()), QStringList{followUp});
        reply = get(QString(QLatin1String("/api/v1/statuses/") + root + QLatin1String("/context")));
        QCOMPARE(ids(reply.object().value(QStringLiteral("descendants")).toArray()), (QStringList{ours, followUp}));

        // edit: edited_at, history oldest first
        reply = get(QString(QLatin1String("/api/v1/statuses/") + root + QLatin1String("/history")));
        QCOMPARE(reply.array().size(), 1);
        m_server->editStatus(root, QStringLiteral("<p>root, edited</p>"));
        reply = get(QString(QLatin1String("/api/v1/statuses/") + root));
        QVERIFY(IsoMs.match(reply.object().value(QStringLiteral("edited_at")).toString()).hasMatch());
        QCOMPARE(reply.object().value(QStringLiteral("content")).toString(), QStringLiteral("<p>root, edited</p>"));
        reply = get(QString(QLatin1String("/api/v1/statuses/") + root + QLatin1String("/history")));
        const QJsonArray history = reply.array();
        QCOMPARE(history.size(), 2);
        QVERIFY(history.at(0).toObject().value(QStringLiteral("content")).toString().contains(QLatin1String("root</p>")));
        QCOMPARE(history.at(1).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("<p>root, edited</p>"));

        // delete: gone from statuses and notifications
        const int before = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=40")).array().size();
        m_server->deleteStatus(root);
        reply = get(QString(QLatin1String("/api/v1/statuses/") + root));
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.errorText(), QStringLiteral("Record not found"));
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=40")).array().size(), before - 1);
    }

    void accounts()
    {
        mention(QStringLiteral("hello"));
        Reply reply = get(QStringLiteral("/api/v1/accounts/lookup"), QStringLiteral("acct=kettle_fan@social.example"));
        QCOMPARE(reply.status, 200);
        const QString id = reply.object().value(QStringLiteral("id")).toString();
        QCOMPARE(reply.object().value(QStringLiteral("acct")).toString(), QStringLiteral("kettle_fan@social.example"));
        reply = get(QString(QLatin1String("/api/v1/accounts/") + id));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("display_name")).toString(), QStringLiteral("Kettle Fan"));
        QCOMPARE(get(QStringLiteral("/api/v1/accounts/lookup"), QStringLiteral("acct=nobody@x.example")).status, 404);
        QCOMPARE(get(QStringLiteral("/api/v1/accounts/999")).status, 404);

        // Own statuses, newest first, paged: how an unknown send is reconciled.
        QStringList posted;
        for (int i = 0; i < 3; ++i) {
            reply = postForm(QByteArray("status=reply+" + QByteArray::number(i)));
            QCOMPARE(reply.status, 200);
            posted.append(reply.object().value(QStringLiteral("id")).toString());
        }
        reply = get(QStringLiteral("/api/v1/accounts/1/statuses"), QStringLiteral("limit=2"));
        QCOMPARE(ids(reply.array()), (QStringList{posted[2], posted[1]}));
        QCOMPARE(QUrlQuery(parseLinks(reply.headers.value("link")).value(QStringLiteral("next")))
                     .queryItemValue(QStringLiteral("max_id")),
                 posted[1]);
        reply = get(QStringLiteral("/api/v1/accounts/1/statuses"), QString(QLatin1String("limit=5&min_id=") + posted[0]));
        QCOMPARE(ids(reply.array()), (QStringList{posted[2], posted[1]}));
    }

    void searchAndTagTimeline()
    {
        const QString hit = m_server->addPublicPost(QStringLiteral("tea@fosstodon.example"), QStringLiteral("Tea"),
                                                    QStringLiteral("<p>My ACME Kettle leaks <a href=\"x\">#AcmeKettle</a></p>"),
                                                    {QStringLiteral("AcmeKettle")});
        m_server->addPublicPost(QStringLiteral("other@fosstodon.example"), QStringLiteral("Other"),
                                QStringLiteral("<p>nothing to see</p>"), {QStringLiteral("tea")});
        m_server->addDirectMessage(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"),
                                   QStringLiteral("<p>private acme kettle question</p>"));

        Reply reply = get(QStringLiteral("/api/v2/search"), QStringLiteral("q=acme%20kettle&type=statuses"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(ids(reply.object().value(QStringLiteral("statuses")).toArray()), QStringList{hit});
        QVERIFY(reply.object().value(QStringLiteral("accounts")).toArray().isEmpty());
        QCOMPARE(reply.object().value(QStringLiteral("statuses")).toArray().at(0).toObject().value(QStringLiteral("mentions")).toArray().size(),
                 0);
        reply = get(QStringLiteral("/api/v2/search"), QStringLiteral("q=nomatch&type=statuses"));
        QCOMPARE(reply.object().value(QStringLiteral("statuses")).toArray().size(), 0);

        reply = get(QStringLiteral("/api/v1/timelines/tag/acmekettle"), QStringLiteral("limit=20"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(ids(reply.array()), QStringList{hit});
        QCOMPARE(reply.array().at(0).toObject().value(QStringLiteral("tags")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("acmekettle"));
        QCOMPARE(get(QStringLiteral("/api/v1/timelines/tag/other"), QStringLiteral("limit=20")).array().size(), 0);
    }

    void postStatusFormAndJson()
    {
        QSignalSpy posted(m_server.get(), &FakeMastodon::statusPosted);
        // Form: '+' is a space, %2B a plus.
        Reply reply = postForm(QByteArrayLiteral("status=1%2B1+is+2&visibility=unlisted&language=de"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("content")).toString(), QStringLiteral("<p>1+1 is 2</p>"));
        QCOMPARE(reply.object().value(QStringLiteral("visibility")).toString(), QStringLiteral("unlisted"));
        QCOMPARE(reply.object().value(QStringLiteral("language")).toString(), QStringLiteral("de"));
        QCOMPARE(posted.count(), 1);

        // JSON body, HTML escaped in the rendered content
        reply = postJson(QJsonObject{{QStringLiteral("status"), QStringLiteral("a <b>bold</b> claim #Kettle")},
                                     {QStringLiteral("visibility"), QStringLiteral("public")}});
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.object().value(QStringLiteral("content")).toString().contains(QLatin1String("a &lt;b&gt;bold&lt;/b&gt; claim")));
        QCOMPARE(reply.object().value(QStringLiteral("tags")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("kettle"));
        QCOMPARE(m_server->postedStatuses().size(), 2);
        QCOMPARE(m_server->postedStatuses().at(1).value(QStringLiteral("id")), reply.object().value(QStringLiteral("id")));

        // in_reply_to_id must exist
        reply = postForm(QByteArrayLiteral("status=hello&in_reply_to_id=110999999999999999"));
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.errorText(), QStringLiteral("Record not found"));
        QCOMPARE(m_server->postedStatuses().size(), 2);

        // Empty text
        QCOMPARE(postForm(QByteArrayLiteral("status=")).status, 422);
    }

    void postStatusLength()
    {
        Reply reply = postForm(QByteArray("status=" + QByteArray(501, 'a')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorText(), QStringLiteral("Validation failed: Text character limit of 500 exceeded"));
        QCOMPARE(m_server->postedStatuses().size(), 0);

        QCOMPARE(postForm(QByteArray("status=" + QByteArray(500, 'a'))).status, 200);

        // A URL counts as 23 characters, whatever its length: 470 + 1 + 23 = 494.
        const QByteArray url = QByteArray("https%3A%2F%2Fexample.com%2F" + QByteArray(100, 'x'));
        QCOMPARE(postForm(QByteArray("status=" + QByteArray(470, 'b') + "+" + url)).status, 200);
        // Emoji count as one character each (grapheme clusters).
        const char32_t teacup = 0x1F375;
        const QByteArray kettle = QUrl::toPercentEncoding(QString::fromUcs4(&teacup, 1));
        QCOMPARE(kettle.size(), 12); // 4 UTF-8 bytes, 2 UTF-16 units: still one character
        QCOMPARE(postForm(QByteArray("status=" + kettle.repeated(500))).status, 200);
        QCOMPARE(postForm(QByteArray("status=" + kettle.repeated(501))).status, 422);

        m_server->setMaxCharacters(100);
        reply = postForm(QByteArray("status=" + QByteArray(101, 'c')));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorText(), QStringLiteral("Validation failed: Text character limit of 100 exceeded"));
        QCOMPARE(m_server->postedStatuses().size(), 3);
    }

    void idempotencyKey()
    {
        QSignalSpy posted(m_server.get(), &FakeMastodon::statusPosted);
        Reply first = postForm(QByteArrayLiteral("status=once"), QByteArrayLiteral("key-1"));
        QCOMPARE(first.status, 200);
        Reply second = postForm(QByteArrayLiteral("status=once+more"), QByteArrayLiteral("key-1"));
        QCOMPARE(second.status, 200);
        QCOMPARE(second.object().value(QStringLiteral("id")).toString(), first.object().value(QStringLiteral("id")).toString());
        QCOMPARE(second.object().value(QStringLiteral("content")).toString(), QStringLiteral("<p>once</p>"));
        QCOMPARE(m_server->postedStatuses().size(), 1);
        QCOMPARE(posted.count(), 1);
        QCOMPARE(get(QStringLiteral("/api/v1/accounts/1/statuses"), QStringLiteral("limit=40")).array().size(), 1);

        Reply third = postForm(QByteArrayLiteral("status=once"), QByteArrayLiteral("key-2"));
        QVERIFY(third.object().value(QStringLiteral("id")).toString() != first.object().value(QStringLiteral("id")).toString());
        QCOMPARE(m_server->postedStatuses().size(), 2);
    }

    void rateLimit()
    {
        Reply reply = get(QStringLiteral("/api/v2/instance"));
        QCOMPARE(reply.headers.value("x-ratelimit-limit"), QByteArrayLiteral("300"));
        QCOMPARE(reply.headers.value("x-ratelimit-remaining"), QByteArrayLiteral("299"));
        const QDateTime reset = QDateTime::fromString(QString::fromLatin1(reply.headers.value("x-ratelimit-reset")), Qt::ISODateWithMs);
        QVERIFY(reset.isValid());
        QVERIFY(reset > QDateTime::currentDateTimeUtc().addSecs(240));

        m_server->setRateLimit(2);
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).headers.value("x-ratelimit-remaining"),
                 QByteArrayLiteral("1"));
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).headers.value("x-ratelimit-remaining"),
                 QByteArrayLiteral("0"));
        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1"));
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.errorText(), QStringLiteral("Too many requests"));
        QVERIFY(reply.headers.value("retry-after").toInt() > 0);
        QVERIFY(reply.headers.value("retry-after").toInt() <= 300);
        QCOMPARE(reply.headers.value("x-ratelimit-remaining"), QByteArrayLiteral("0"));
        QCOMPARE(postForm(QByteArrayLiteral("status=blocked")).status, 429);
        QCOMPARE(m_server->postedStatuses().size(), 0);

        m_server->resetRateLimit();
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);

        // A short window refills by itself.
        m_server->setRateLimit(1, 1);
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 429);
        QTest::qWait(1100);
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);
    }

    void faultsAnsweredWithBodies()
    {
        mention(QStringLiteral("x"));
        const QString path = QStringLiteral("/api/v1/notifications");
        const QByteArray normal = get(path, QStringLiteral("limit=40")).body;
        QVERIFY(normal.size() > 100);

        m_server->failNext(FakeMastodon::Fault::ServerError500, path);
        Reply reply = get(path, QStringLiteral("limit=40"));
        QCOMPARE(reply.status, 500);
        QCOMPARE(reply.error, QNetworkReply::InternalServerError);
        QVERIFY(reply.headers.contains("x-ratelimit-remaining"));

        m_server->failNext(FakeMastodon::Fault::ServiceUnavailable503, path);
        reply = get(path, QStringLiteral("limit=40"));
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.headers.value("retry-after"), QByteArrayLiteral("1"));

        m_server->failNext(FakeMastodon::Fault::MalformedJson, path);
        reply = get(path, QStringLiteral("limit=40"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArrayLiteral("{\"id\": \"1\", \"broken"));
        QJsonParseError parseError;
        reply.json(&parseError);
        QVERIFY(parseError.error != QJsonParseError::NoError);

        m_server->failNext(FakeMastodon::Fault::TruncatedJson, path);
        reply = get(path, QStringLiteral("limit=40"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, normal.left(normal.size() / 2));
        reply.json(&parseError);
        QVERIFY(parseError.error != QJsonParseError::NoError);

        m_server->failNext(FakeMastodon::Fault::HtmlContentType, path);
        reply = get(path, QStringLiteral("limit=40"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/html"));
        QCOMPARE(reply.body, QByteArrayLiteral("<html><body>Maintenance</body></html>"));

        // Faults are used up; the next request is normal again.
        QCOMPARE(m_server->pendingFaults(), 0);
        QCOMPARE(get(path, QStringLiteral("limit=40")).body, normal);
    }

    void faultsMatchPathPrefixAndCount()
    {
        m_server->failNext(FakeMastodon::Fault::ServerError500, QStringLiteral("/api/v1/conversations"), 2);
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);
        QCOMPARE(m_server->pendingFaults(), 2);
        QCOMPARE(get(QStringLiteral("/api/v1/conversations")).status, 500);
        QCOMPARE(get(QStringLiteral("/api/v1/conversations")).status, 500);
        QCOMPARE(get(QStringLiteral("/api/v1/conversations")).status, 200);
    }

    void hangKeepsTheSocketOpen()
    {
        m_server->failNext(FakeMastodon::Fault::Hang, QStringLiteral("/api/v1/notifications"));
        QNetworkRequest request(url(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")));
        Reply reply = send(request, "GET", {}, QStringLiteral("default"), 800);
        QVERIFY(!reply.finished);
        QCOMPARE(reply.status, 0);
        QCOMPARE(m_server->requests().size(), 1);
        // A request with a transfer timeout gives up with OperationCanceledError.
        m_server->failNext(FakeMastodon::Fault::Hang, QStringLiteral("/api/v1/notifications"));
        request.setTransferTimeout(300);
        reply = send(request);
        QVERIFY(reply.finished);
        QCOMPARE(reply.error, QNetworkReply::OperationCanceledError);
        // The server still answers other connections.
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);
    }

    void dropConnectionIsANetworkError()
    {
        // Qt 6.4's HTTP client resends a request ONCE, silently, when the connection closes
        // before any answer byte (POST included): one dropped attempt looks like success.
        m_server->failNext(FakeMastodon::Fault::DropConnection, QStringLiteral("/api/v1/notifications"), 1);
        Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1"));
        const int attempts = int(m_server->requests().size());
        QCOMPARE(m_server->pendingFaults(), 0);
        QVERIFY(attempts == 1 || attempts == 2);
        // Either the client resent (and the second attempt succeeded) or it reported the drop.
        QCOMPARE(reply.status == 200, attempts == 2);
        if (attempts == 2)
            qInfo("QNetworkAccessManager resent the dropped GET once by itself");

        // Dropping every attempt makes the failure visible to the client.
        m_server->clearRequests();
        m_server->failNext(FakeMastodon::Fault::DropConnection, QStringLiteral("/api/v1/notifications"), 2);
        reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1"));
        QVERIFY(reply.finished);
        QCOMPARE(reply.status, 0);
        QCOMPARE(reply.error, QNetworkReply::RemoteHostClosedError);
        QVERIFY(reply.body.isEmpty());
        QVERIFY(m_server->requests().size() >= 1);
        m_server->clearFaults();
        QCOMPARE(get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=1")).status, 200);
    }

    void acceptThenDropCreatesWithoutAnswer()
    {
        // GETs do not take this fault.
        m_server->failNext(FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"), 2);
        const QString root = mention(QStringLiteral("root"));
        QCOMPARE(get(QString(QLatin1String("/api/v1/statuses/") + root)).status, 200);
        QCOMPARE(m_server->pendingFaults(), 2);

        // Two drops: the first attempt and Qt 6.4's silent resend. The key makes the resend a
        // replay, so exactly one status exists and the client sees only a network error.
        QSignalSpy posted(m_server.get(), &FakeMastodon::statusPosted);
        m_server->clearRequests();
        Reply reply = postForm(QByteArrayLiteral("status=did+it+arrive"), QByteArrayLiteral("key-drop"));
        QVERIFY(reply.finished);
        QCOMPARE(reply.status, 0);
        QCOMPARE(reply.error, QNetworkReply::RemoteHostClosedError);
        QVERIFY(reply.body.isEmpty());
        QCOMPARE(m_server->postedStatuses().size(), 1);
        QCOMPARE(posted.count(), 1);
        // The status is there for a client that reads back its own posts.
        const Reply own = get(QStringLiteral("/api/v1/accounts/1/statuses"), QStringLiteral("limit=5"));
        QCOMPARE(ids(own.array()), QStringList{m_server->postedStatuses().at(0).value(QStringLiteral("id")).toString()});
        // The retry with the same key creates nothing new.
        m_server->clearFaults();
        reply = postForm(QByteArrayLiteral("status=did+it+arrive"), QByteArrayLiteral("key-drop"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("id")), m_server->postedStatuses().at(0).value(QStringLiteral("id")));
        QCOMPARE(m_server->postedStatuses().size(), 1);
    }

    void acceptThenDropWithoutKeyCreatesOnePerAttempt()
    {
        // Without Idempotency-Key, every POST that reaches the server creates a status, including
        // the one Qt resends by itself after the drop: the client may see success with TWO posts.
        m_server->failNext(FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"), 1);
        const Reply reply = postForm(QByteArrayLiteral("status=no+key"));
        const int attempts = int(m_server->requests().size());
        QVERIFY(attempts == 1 || attempts == 2);
        QCOMPARE(int(m_server->postedStatuses().size()), attempts);
        QCOMPARE(reply.status == 200, attempts == 2);
        if (attempts == 2)
            qInfo("QNetworkAccessManager resent the dropped POST once by itself: two statuses, client saw 200");
    }

    void requestLog()
    {
        QSignalSpy received(m_server.get(), &FakeMastodon::requestReceived);
        postForm(QByteArrayLiteral("status=logged"), QByteArrayLiteral("key-log"));
        get(QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=mention&limit=7"));
        const QList<LoggedRequest> log = m_server->requests();
        QCOMPARE(log.size(), 2);
        QCOMPARE(received.count(), 2);
        QCOMPARE(log.at(0).method, QByteArrayLiteral("POST"));
        QCOMPARE(log.at(0).path, QStringLiteral("/api/v1/statuses"));
        QCOMPARE(log.at(0).body, QByteArrayLiteral("status=logged"));
        QCOMPARE(log.at(0).headers.value("idempotency-key"), QByteArrayLiteral("key-log"));
        QCOMPARE(log.at(0).headers.value("authorization"), QByteArray("Bearer " + m_server->token().toUtf8()));
        QCOMPARE(log.at(1).method, QByteArrayLiteral("GET"));
        QCOMPARE(log.at(1).query.queryItemValue(QStringLiteral("limit")), QStringLiteral("7"));
        QCOMPARE(received.at(1).at(0).value<LoggedRequest>().path, QStringLiteral("/api/v1/notifications"));
        m_server->clearRequests();
        QCOMPARE(m_server->requests().size(), 0);
    }

    void streamingEventsParseTwice()
    {
        auto socket = openStream(QString(QLatin1String("access_token=") + m_server->token()));
        QSignalSpy connected(socket.get(), &QWebSocket::connected);
        QVERIFY(connected.wait(5000));
        QSignalSpy messages(socket.get(), &QWebSocket::textMessageReceived);
        socket->sendTextMessage(QStringLiteral(R"({"type":"subscribe","stream":"user:notification"})"));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QCOMPARE(m_server->streamClients(), 1);

        const QString statusId = mention(QStringLiteral("streamed"));
        QTRY_COMPARE(messages.count(), 1);
        QJsonObject event = QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object();
        QCOMPARE(event.value(QStringLiteral("stream")).toArray(), (QJsonArray{QStringLiteral("user:notification")}));
        QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("notification"));
        QVERIFY(event.value(QStringLiteral("payload")).isString());
        QJsonObject payload = QJsonDocument::fromJson(event.value(QStringLiteral("payload")).toString().toUtf8()).object();
        QCOMPARE(payload.value(QStringLiteral("type")).toString(), QStringLiteral("mention"));
        QCOMPARE(payload.value(QStringLiteral("id")).toString(), m_server->notificationIds().last());
        QCOMPARE(payload.value(QStringLiteral("status")).toObject().value(QStringLiteral("id")).toString(), statusId);

        m_server->editStatus(statusId, QStringLiteral("<p>edited</p>"));
        QTRY_COMPARE(messages.count(), 2);
        event = QJsonDocument::fromJson(messages.at(1).at(0).toString().toUtf8()).object();
        QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("status.update"));
        payload = QJsonDocument::fromJson(event.value(QStringLiteral("payload")).toString().toUtf8()).object();
        QCOMPARE(payload.value(QStringLiteral("id")).toString(), statusId);
        QCOMPARE(payload.value(QStringLiteral("content")).toString(), QStringLiteral("<p>edited</p>"));

        m_server->deleteStatus(statusId);
        QTRY_COMPARE(messages.count(), 3);
        event = QJsonDocument::fromJson(messages.at(2).at(0).toString().toUtf8()).object();
        QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("delete"));
        QCOMPARE(event.value(QStringLiteral("payload")).toString(), statusId);

        // A post of our own is no notification.
        QCOMPARE(postForm(QByteArrayLiteral("status=ours")).status, 200);
        QTest::qWait(100);
        QCOMPARE(messages.count(), 3);

        socket->close();
        QTRY_COMPARE(m_server->streamClients(), 0);
    }

    void streamingWithBearerHeaderAndQueryStream()
    {
        auto socket = openStream(QStringLiteral("stream=user:notification"), QByteArray("Bearer " + m_server->token().toUtf8()));
        QSignalSpy connected(socket.get(), &QWebSocket::connected);
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QSignalSpy messages(socket.get(), &QWebSocket::textMessageReceived);
        m_server->addDirectMessage(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"), QStringLiteral("<p>dm</p>"));
        QTRY_COMPARE(messages.count(), 1);
        const QJsonObject event = QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object();
        const QJsonObject payload = QJsonDocument::fromJson(event.value(QStringLiteral("payload")).toString().toUtf8()).object();
        QCOMPARE(payload.value(QStringLiteral("status")).toObject().value(QStringLiteral("visibility")).toString(),
                 QStringLiteral("direct"));
    }

    void streamingRefusesBadTokenAndWhenUnavailable()
    {
        auto wrong = openStream(QStringLiteral("access_token=wrong&stream=user:notification"));
        QSignalSpy wrongError(wrong.get(), WebSocketError);
        QSignalSpy wrongConnected(wrong.get(), &QWebSocket::connected);
        QVERIFY(wrongError.wait(5000));
        QCOMPARE(wrongConnected.count(), 0);
        QCOMPARE(m_server->streamClients(), 0);

        auto missing = openStream(QStringLiteral("stream=user:notification"));
        QSignalSpy missingError(missing.get(), WebSocketError);
        QVERIFY(missingError.wait(5000));
        QCOMPARE(m_server->streamClients(), 0);

        // Before revoking, a good token connects ...
        auto good = openStream(QString(QLatin1String("access_token=") + m_server->token()));
        QSignalSpy goodConnected(good.get(), &QWebSocket::connected);
        QVERIFY(goodConnected.wait(5000));
        QTRY_COMPARE(m_server->streamClients(), 1);
        // ... and unavailability closes it and refuses the next one.
        QSignalSpy goodDisconnected(good.get(), &QWebSocket::disconnected);
        m_server->setStreamingAvailable(false);
        QVERIFY(goodDisconnected.count() > 0 || goodDisconnected.wait(5000));
        QTRY_COMPARE(m_server->streamClients(), 0);
        auto refused = openStream(QString(QLatin1String("access_token=") + m_server->token()));
        QSignalSpy refusedError(refused.get(), WebSocketError);
        QSignalSpy refusedConnected(refused.get(), &QWebSocket::connected);
        QVERIFY(refusedError.wait(5000));
        QCOMPARE(refusedConnected.count(), 0);
    }

    void streamDroppedMidEvent()
    {
        auto socket = openStream(QString(QLatin1String("access_token=") + m_server->token() + QLatin1String("&stream=user:notification")));
        QSignalSpy connected(socket.get(), &QWebSocket::connected);
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QSignalSpy messages(socket.get(), &QWebSocket::textMessageReceived);
        QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
        QSignalSpy wsErrors(socket.get(), WebSocketError);

        m_server->dropStreamMidEvent();
        QTest::qWait(50);
        QCOMPARE(messages.count(), 0); // armed, nothing sent yet
        const QString statusId = mention(QStringLiteral("lost in transit"));
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(messages.count(), 1);
        QJsonParseError parseError;
        QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8(), &parseError);
        QVERIFY(parseError.error != QJsonParseError::NoError);
        QVERIFY(messages.at(0).at(0).toString().startsWith(QLatin1String("{")));
        // No close frame: Qt 6.4 reports the loss as error RemoteHostClosedError (closeCode()
        // stays 1000, so it cannot tell a drop from a clean close by the code).
        QCOMPARE(wsErrors.count(), 1);
        QCOMPARE(wsErrors.at(0).at(0).value<QAbstractSocket::SocketError>(), QAbstractSocket::RemoteHostClosedError);
        QTRY_COMPARE(m_server->streamClients(), 0);
        // The mention itself is not lost: polling finds it.
        const Reply reply = get(QStringLiteral("/api/v1/notifications"), QStringLiteral("limit=40"));
        QCOMPARE(reply.array().at(0).toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("id")).toString(),
                 statusId);

        // The cut happens once: a new client gets the next event whole.
        auto again = openStream(QString(QLatin1String("access_token=") + m_server->token() + QLatin1String("&stream=user:notification")));
        QSignalSpy againConnected(again.get(), &QWebSocket::connected);
        QVERIFY(againConnected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QSignalSpy againMessages(again.get(), &QWebSocket::textMessageReceived);
        mention(QStringLiteral("whole"));
        QTRY_COMPARE(againMessages.count(), 1);
        QVERIFY(QJsonDocument::fromJson(againMessages.at(0).at(0).toString().toUtf8()).isObject());
    }

    void stateFileSurvivesRestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString state = dir.filePath(QStringLiteral("state.json"));
        QStringList firstIds;
        {
            m_server->seedDemo();
            QVERIFY(m_server->setStateFile(state));
            for (int i = 0; i < 2; ++i) {
                const Reply reply = postForm(QByteArray("status=run+one+" + QByteArray::number(i)),
                                             QByteArray("restart-key-" + QByteArray::number(i)));
                QCOMPARE(reply.status, 200);
                firstIds.append(reply.object().value(QStringLiteral("id")).toString());
            }
            QVERIFY(QFile::exists(state));
        }
        cleanup();
        init();
        m_server->seedDemo();
        QString error;
        QVERIFY2(m_server->setStateFile(state, &error), qPrintable(error));
        QCOMPARE(m_server->postedStatuses().size(), 2);
        QCOMPARE(ids(get(QStringLiteral("/api/v1/accounts/1/statuses"), QStringLiteral("limit=40")).array()),
                 (QStringList{firstIds[1], firstIds[0]}));
        // A retry with a key of the first run answers the status of the first run.
        Reply reply = postForm(QByteArrayLiteral("status=run+one+0"), QByteArrayLiteral("restart-key-0"));
        QCOMPARE(reply.object().value(QStringLiteral("id")).toString(), firstIds[0]);
        QCOMPARE(m_server->postedStatuses().size(), 2);
        // New ids continue above the loaded ones.
        reply = postForm(QByteArrayLiteral("status=run+two"));
        QVERIFY(reply.object().value(QStringLiteral("id")).toString().toULongLong() > firstIds[1].toULongLong());
        QCOMPARE(m_server->postedStatuses().size(), 3);

        QFile broken(dir.filePath(QStringLiteral("broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ not json");
        broken.close();
        FakeMastodon other;
        QVERIFY(!other.setStateFile(broken.fileName(), &error));
        QVERIFY(!error.isEmpty());
    }

    void executableServesSeedAndRemembersPosts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString state = dir.filePath(QStringLiteral("state.json"));
        auto start = [&](QProcess &process) -> QUrl {
            process.start(QStringLiteral(CARE_FAKE_MASTODON_EXE),
                          {QStringLiteral("--seed"), QStringLiteral("demo"), QStringLiteral("--state"), state});
            if (!process.waitForStarted(5000))
                return {};
            while (!process.canReadLine() && process.waitForReadyRead(5000)) {
            }
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            static const QRegularExpression pattern(QStringLiteral("^listening (http://127\\.0\\.0\\.1:\\d+) token (\\S+)$"));
            const auto match = pattern.match(line);
            if (!match.hasMatch() || match.captured(2) != m_server->token())
                return {};
            return QUrl(match.captured(1));
        };
        auto getFrom = [&](const QUrl &base, const QString &path, const QString &query) {
            QUrl target = base;
            target.setPath(path);
            target.setQuery(query);
            return send(QNetworkRequest(target));
        };

        QProcess first;
        const QUrl firstUrl = start(first);
        QVERIFY2(firstUrl.isValid() && firstUrl.port() > 0, first.readAllStandardError().constData());
        Reply reply = getFrom(firstUrl, QStringLiteral("/api/v1/notifications"), QStringLiteral("types[]=mention&limit=40"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.array().size(), 2);
        QCOMPARE(reply.array().at(0).toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("visibility")).toString(),
                 QStringLiteral("direct"));
        reply = getFrom(firstUrl, QStringLiteral("/api/v2/search"), QStringLiteral("q=leaking%20lid&type=statuses"));
        QCOMPARE(reply.object().value(QStringLiteral("statuses")).toArray().size(), 1);
        const QString hitId =
            reply.object().value(QStringLiteral("statuses")).toArray().at(0).toObject().value(QStringLiteral("id")).toString();

        QNetworkRequest post(QUrl(firstUrl.toString() + QLatin1String("/api/v1/statuses")));
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = send(post, "POST", QByteArrayLiteral("status=before+the+crash"));
        QCOMPARE(reply.status, 200);
        const QString postedId = reply.object().value(QStringLiteral("id")).toString();
        first.kill();
        QVERIFY(first.waitForFinished(5000));

        QProcess second;
        const QUrl secondUrl = start(second);
        QVERIFY(secondUrl.isValid());
        reply = getFrom(secondUrl, QStringLiteral("/api/v1/accounts/1/statuses"), QStringLiteral("limit=40"));
        QCOMPARE(ids(reply.array()), QStringList{postedId});
        // Seeded ids are the same in every run.
        reply = getFrom(secondUrl, QStringLiteral("/api/v2/search"), QStringLiteral("q=leaking%20lid&type=statuses"));
        QCOMPARE(ids(reply.object().value(QStringLiteral("statuses")).toArray()), QStringList{hitId});
        second.kill();
        QVERIFY(second.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(TestFakeMastodon)
#include "tst_fake_mastodon.moc"
