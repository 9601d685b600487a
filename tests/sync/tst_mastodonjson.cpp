#include "MastodonFixtures.h"
#include "sync/MastodonJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <ctime>

using namespace Care::Sync::Mastodon;
using Care::Core::Error;
using namespace MastodonFixtures;

namespace {

// A minimal valid status whose text is "post <id>".
QByteArray status(const QByteArray &id)
{
    const QJsonObject account { { QStringLiteral("id"), QStringLiteral("1") },
        { QStringLiteral("username"), QStringLiteral("u") } };
    const QJsonObject object { { QStringLiteral("id"), QString::fromLatin1(id) },
        { QStringLiteral("created_at"), QStringLiteral("2025-03-11T09:00:00.000Z") },
        { QStringLiteral("content"),
            QString(QStringLiteral("<p>post ") + QString::fromLatin1(id) + QStringLiteral("</p>")) },
        { QStringLiteral("account"), account } };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Replaces one member of a JSON object text, for the malformed cases.
QByteArray withMember(const QByteArray &objectJson, const QString &key, const QJsonValue &value)
{
    QJsonObject object = QJsonDocument::fromJson(objectJson).object();
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray firstNotification()
{
    return QJsonDocument(QJsonDocument::fromJson(kMentionNotification).array().at(0).toObject())
        .toJson(QJsonDocument::Compact);
}

// The mention notification with one member replaced (or removed), as a one-element list.
QByteArray notificationWith(const QString &key, const QJsonValue &value)
{
    return '[' + withMember(firstNotification(), key, value) + ']';
}

void verifyInvalidInput(const Error &error)
{
    QCOMPARE(error.code, Error::Code::InvalidInput);
    QVERIFY(!error.message.isEmpty());
    QVERIFY(error.hint.isEmpty());
    QVERIFY(!error.detail.isEmpty());
}

const QString kNotJson = QStringLiteral("The server's answer was not valid JSON (it may have been cut off).");

} // namespace

class TestMastodonJson : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Far from UTC, so that a time read as local time instead of UTC shows.
        qputenv("TZ", "Pacific/Auckland");
        tzset();
    }

    void mentionNotification()
    {
        const auto result = parseNotifications(kMentionNotification);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(result->size(), 1);
        const Notification &notification = result->at(0);
        QCOMPARE(notification.id, QStringLiteral("88120455"));
        QCOMPARE(notification.type, QStringLiteral("mention"));
        QCOMPARE(notification.createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27, 512), Qt::UTC));
        QCOMPARE(notification.createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(notification.account.id, QStringLiteral("1099231"));
        QCOMPARE(notification.account.username, QStringLiteral("kettle_fan"));
        QCOMPARE(notification.account.acct, QStringLiteral("kettle_fan@social.example"));
        QCOMPARE(notification.account.displayName, QStringLiteral("Customer One"));
        QVERIFY(notification.status.has_value());
        const Status &status = *notification.status;
        QCOMPARE(status.id, QStringLiteral("114002318822190331"));
        QVERIFY(status.inReplyToId.isEmpty());
        QCOMPARE(status.visibility, QStringLiteral("public"));
        QVERIFY(!status.editedAt.isValid());
        QCOMPARE(status.createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27), Qt::UTC));
        QCOMPARE(status.text, QStringLiteral("@acme lid cracked on order 4471"));
        QCOMPARE(status.account.id, QStringLiteral("1099231"));
        QCOMPARE(status.mentions.size(), 1);
        QCOMPARE(status.mentions.at(0).id, QStringLiteral("2001"));
        QCOMPARE(status.mentions.at(0).username, QStringLiteral("acme"));
        QCOMPARE(status.mentions.at(0).acct, QStringLiteral("acme"));
    }

    void documentedExampleAsTrimmedIsRejected()
    {
        // The trimmed example's status has no created_at: a real server never sends that.
        const auto result = parseNotifications(kDocumentedExample);
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QCOMPARE(result.error().message, QStringLiteral("The server sent a post without a creation date."));
        QCOMPARE(result.error().detail, QStringLiteral("$[0].status.created_at: missing"));
    }

    void anEmptyCreationDateIsNoDate()
    {
        // Found by the fuzzer: "" was taken as "no date" even where a date is required.
        const QByteArray json = R"([{"id":"1","created_at":"","visibility":"public","content":"<p>hi</p>",
            "account":{"id":"2","username":"a","acct":"a"}}])";
        const auto statuses = parseStatuses(json);
        QVERIFY(!statuses.ok());
        QCOMPARE(statuses.error().code, Error::Code::InvalidInput);
        QVERIFY2(statuses.error().message.contains(QStringLiteral("creation date")), qPrintable(statuses.error().message));
    }

    void anEmptyEventNameIsNoEvent()
    {
        // Found by the fuzzer: a stream event with "event": "" was accepted.
        const auto event = parseStreamEvent(R"({"stream":["user"],"event":""})");
        QVERIFY(!event.ok());
        QCOMPARE(event.error().code, Error::Code::InvalidInput);
    }

    void singleNotification()
    {
        const auto result = parseNotification(firstNotification());
        QVERIFY(result.ok());
        QCOMPARE(result->id, QStringLiteral("88120455"));
        QCOMPARE(result->status->text, QStringLiteral("@acme lid cracked on order 4471"));
        QVERIFY(!parseNotification(kMentionNotification).ok()); // an array is not one notification
    }

    void otherNotificationTypesMayLackAStatus()
    {
        const auto result = parseNotifications(
            R"([{"id":"1","type":"follow","created_at":"2025-03-11T09:14:27.512Z","account":{"id":"7","username":"new"}},)"
            R"({"id":"2","type":"favourite","created_at":"2025-03-11T09:14:28.000Z","account":{"id":"7"},"status":null}])");
        QVERIFY(result.ok());
        QCOMPARE(result->size(), 2);
        QVERIFY(!result->at(0).status.has_value());
        QVERIFY(!result->at(1).status.has_value());
        QCOMPARE(result->at(0).account.displayName, QStringLiteral("new")); // falls back to the username
    }

    void mentionWithoutStatusIsRejected()
    {
        for (const char *type : { "mention", "status", "update" }) {
            const auto result = parseNotifications(
                notificationWith(QStringLiteral("type"), QLatin1String(type)).replace("\"status\":", "\"statux\":"));
            QVERIFY2(!result.ok(), type);
            QCOMPARE(result.error().message, QStringLiteral("The server sent a notification without a post."));
        }
    }

    void directStatus()
    {
        const auto result = parseStatus(kDirectStatus);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(result->visibility, QStringLiteral("direct"));
        QCOMPARE(result->inReplyToId, QStringLiteral("114002318822190999"));
        QCOMPARE(result->language, QStringLiteral("en"));
        QCOMPARE(result->spoilerText, QStringLiteral("order details"));
        QCOMPARE(result->url, QStringLiteral("https://social.example/@kettle_fan/114002400000000001"));
        QCOMPARE(result->createdAt, QDateTime(QDate(2025, 3, 11), QTime(10, 2, 3, 4), Qt::UTC));
        QCOMPARE(result->text, QStringLiteral("@acme my address is 1 Main St\n\nthanks & bye"));
        QCOMPARE(result->account.displayName, QStringLiteral("kettle_fan")); // empty display_name
        QCOMPARE(result->account.url, QStringLiteral("https://social.example/@kettle_fan"));
    }

    void editedStatus()
    {
        const auto result = parseStatus(kEditedStatus);
        QVERIFY(result.ok());
        QCOMPARE(result->editedAt, QDateTime(QDate(2025, 3, 11), QTime(9, 20, 0, 250), Qt::UTC));
        QVERIFY(result->editedAt > result->createdAt);
        QCOMPARE(result->text, QStringLiteral("lid cracked (edited)"));
        QVERIFY(result->mentions.isEmpty());
    }

    void datesWithOffsetsBecomeUtc()
    {
        const auto result = parseStatus(
            withMember(kEditedStatus, QStringLiteral("created_at"), QStringLiteral("2025-03-11T11:14:27.512+02:00")));
        QVERIFY(result.ok());
        QCOMPARE(result->createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(result->createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27, 512), Qt::UTC));

        // Microseconds (some compatible servers) are cut to milliseconds; no zone means UTC.
        const auto micro = parseStatus(
            withMember(kEditedStatus, QStringLiteral("created_at"), QStringLiteral("2025-03-11T09:14:27.512345Z")));
        QVERIFY(micro.ok());
        QCOMPARE(micro->createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27, 512), Qt::UTC));
        const auto noZone = parseStatus(
            withMember(kEditedStatus, QStringLiteral("created_at"), QStringLiteral("2025-03-11T09:14:27")));
        QVERIFY(noZone.ok());
        QCOMPARE(noZone->createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(noZone->createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27), Qt::UTC));
    }

    void numericIdsAreAccepted()
    {
        const auto result
            = parseStatus(R"({"id":114002318822190331,"in_reply_to_id":42,)"
                          R"("created_at":"2025-03-11T09:14:27Z","content":"x","account":{"id":1099231}})");
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(result->id, QStringLiteral("114002318822190331"));
        QCOMPARE(result->inReplyToId, QStringLiteral("42"));
        QCOMPARE(result->account.id, QStringLiteral("1099231"));
    }

    void statusList()
    {
        const auto result = parseStatuses('[' + status("1") + ',' + status("2") + ']');
        QVERIFY(result.ok());
        QCOMPARE(result->size(), 2);
        QCOMPARE(result->at(1).text, QStringLiteral("post 2"));
        const auto empty = parseStatuses("[]");
        QVERIFY(empty.ok());
        QVERIFY(empty->isEmpty());
    }

    void conversations()
    {
        const auto result = parseConversations(
            R"([)"
            R"({"id":"418450","unread":true,"accounts":[{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example"}],)"
            R"("last_status":)"
            + kDirectStatus
            + R"(},)"
              R"({"id":"418451","unread":false,"accounts":[],"last_status":null}])");
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(result->size(), 2);
        const Conversation &first = result->at(0);
        QCOMPARE(first.id, QStringLiteral("418450"));
        QVERIFY(first.unread);
        QCOMPARE(first.accounts.size(), 1);
        QCOMPARE(first.accounts.at(0).acct, QStringLiteral("kettle_fan@social.example"));
        QVERIFY(first.lastStatus.has_value());
        QCOMPARE(first.lastStatus->visibility, QStringLiteral("direct"));
        QVERIFY(!result->at(1).unread);
        QVERIFY(!result->at(1).lastStatus.has_value());
    }

    void context()
    {
        const auto result = parseContext(
            R"({"ancestors":[)" + status("1") + R"(],"descendants":[)" + status("3") + ',' + status("4") + "]}");
        QVERIFY(result.ok());
        QCOMPARE(result->ancestors.size(), 1);
        QCOMPARE(result->ancestors.at(0).id, QStringLiteral("1"));
        QCOMPARE(result->descendants.size(), 2);
        QCOMPARE(result->descendants.at(1).text, QStringLiteral("post 4"));

        const auto missing = parseContext(R"({"ancestors":[]})");
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, QStringLiteral("The server sent a thread without a list of replies."));
    }

    void instance()
    {
        const auto result = parseInstance(kInstanceV2);
        QVERIFY(result.ok());
        QCOMPARE(result->domain, QStringLiteral("social.example"));
        QCOMPARE(result->version, QStringLiteral("4.3.0"));
        QCOMPARE(result->maxCharacters, 1000);
        QCOMPARE(result->charactersReservedPerUrl, 23);
        QCOMPARE(result->streamingUrl, QStringLiteral("wss://social.example"));
    }

    void instanceWithoutConfiguration()
    {
        const auto result = parseInstance(R"({"domain":"small.example","version":"3.5.0"})");
        QVERIFY(result.ok());
        QCOMPARE(result->domain, QStringLiteral("small.example"));
        QCOMPARE(result->maxCharacters, 500);
        QCOMPARE(result->charactersReservedPerUrl, 23);
        QVERIFY(result->streamingUrl.isEmpty());
    }

    void instanceWithInvalidLimits_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("text") << QByteArray(R"({"configuration":{"statuses":{"max_characters":"lots"}}})");
        QTest::newRow("zero") << QByteArray(R"({"configuration":{"statuses":{"max_characters":0}}})");
        QTest::newRow("fraction") << QByteArray(R"({"configuration":{"statuses":{"max_characters":500.5}}})");
        QTest::newRow("huge") << QByteArray(R"({"configuration":{"statuses":{"max_characters":1e30}}})");
        QTest::newRow("negative url") << QByteArray(
            R"({"configuration":{"statuses":{"characters_reserved_per_url":-1}}})");
        QTest::newRow("configuration array") << QByteArray(R"({"configuration":[]})");
        QTest::newRow("streaming number") << QByteArray(R"({"configuration":{"urls":{"streaming":1}}})");
    }

    void instanceWithInvalidLimits()
    {
        QFETCH(QByteArray, json);
        const auto result = parseInstance(json);
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QVERIFY(
            result.error().message.startsWith(QLatin1String("The server sent a server description with an invalid")));
    }

    void search()
    {
        const auto result = parseSearchStatuses(R"({"accounts":[],"statuses":[)" + status("9") + R"(],"hashtags":[]})");
        QVERIFY(result.ok());
        QCOMPARE(result->size(), 1);
        QCOMPARE(result->at(0).id, QStringLiteral("9"));
        QVERIFY(!parseSearchStatuses(R"({"accounts":[]})").ok());
        QVERIFY(!parseSearchStatuses('[' + status("9") + ']').ok());
    }

    void streamEvent()
    {
        const QByteArray payload = firstNotification();
        QJsonObject event;
        event.insert(QStringLiteral("stream"), QJsonArray { QStringLiteral("user:notification") });
        event.insert(QStringLiteral("event"), QStringLiteral("notification"));
        event.insert(QStringLiteral("payload"), QString::fromUtf8(payload));
        const auto result = parseStreamEvent(QJsonDocument(event).toJson(QJsonDocument::Compact));
        QVERIFY(result.ok());
        QCOMPARE(result->event, QStringLiteral("notification"));
        QCOMPARE(result->stream, QStringLiteral("user:notification"));
        QCOMPARE(result->payload, payload);
        // The payload is JSON inside the string: parse it a second time.
        const auto notification = parseNotification(result->payload);
        QVERIFY(notification.ok());
        QCOMPARE(notification->status->text, QStringLiteral("@acme lid cracked on order 4471"));
    }

    void streamDeleteAndOtherShapes()
    {
        const auto deleted
            = parseStreamEvent(R"({"stream":["hashtag","kettle"],"event":"delete","payload":"114002318822190331"})");
        QVERIFY(deleted.ok());
        QCOMPARE(deleted->stream, QStringLiteral("hashtag:kettle"));
        QCOMPARE(deleted->payload, QByteArray("114002318822190331"));

        const auto noPayload = parseStreamEvent(R"({"stream":"user","event":"filters_changed"})");
        QVERIFY(noPayload.ok());
        QCOMPARE(noPayload->stream, QStringLiteral("user"));
        QVERIFY(noPayload->payload.isEmpty());

        const auto noEvent = parseStreamEvent(R"({"error":"Missing access token"})");
        QVERIFY(!noEvent.ok());
        QCOMPARE(noEvent.error().message, QStringLiteral("The server sent a streaming event without an event name."));
        QVERIFY(!parseStreamEvent(R"({"event":"update","payload":{"id":"1"}})").ok());
        QVERIFY(!parseStreamEvent(R"({"event":"update","stream":[1]})").ok());
    }

    void errorMessages()
    {
        QCOMPARE(errorMessage(
                     R"({"error":"invalid_grant","error_description":"The provided authorization grant is invalid"})"),
            QStringLiteral("invalid_grant: The provided authorization grant is invalid"));
        QCOMPARE(errorMessage(R"({"error":"Record not found"})"), QStringLiteral("Record not found"));
        QCOMPARE(errorMessage(R"({"error":"Record not found","error_description":null})"),
            QStringLiteral("Record not found"));
        QVERIFY(errorMessage("<html>502 Bad Gateway</html>").isEmpty());
        QVERIFY(errorMessage(R"(["error"])").isEmpty());
        QVERIFY(errorMessage(R"({"error":42})").isEmpty());
        QVERIFY(errorMessage(QByteArray()).isEmpty());
    }

    // Malformed answers.

    void notJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("text") << QByteArray("hello");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << kMentionNotification.left(kMentionNotification.size() / 2);
        QTest::newRow("truncated at the end") << kMentionNotification.chopped(1);
        QTest::newRow("html page") << QByteArray("<html><head><title>502 Bad Gateway</title></head>"
                                                 "<body><h1>502 Bad Gateway</h1></body></html>");
        QTest::newRow("trailing garbage") << QByteArray("[] x");
        QTest::newRow("scalar") << QByteArray("\"just a string\"");
    }

    void notJson()
    {
        QFETCH(QByteArray, body);
        const QList<std::optional<Error>> errors = {
            errorOf(parseAccount(body)),
            errorOf(parseStatus(body)),
            errorOf(parseStatuses(body)),
            errorOf(parseNotifications(body)),
            errorOf(parseNotification(body)),
            errorOf(parseConversations(body)),
            errorOf(parseContext(body)),
            errorOf(parseInstance(body)),
            errorOf(parseSearchStatuses(body)),
            errorOf(parseStreamEvent(body)),
        };
        for (const auto &error : errors) {
            QVERIFY(error.has_value());
            verifyInvalidInput(*error);
            QCOMPARE(error->message, kNotJson);
            QVERIFY2(error->detail.contains(QLatin1String("at offset")), qPrintable(error->detail));
        }
    }

    void htmlBodyIsNamedInTheDetail()
    {
        const auto result = parseNotifications("\n<html><body>Maintenance</body></html>");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, kNotJson);
        QVERIFY2(result.error().detail.contains(QLatin1String("HTML")), qPrintable(result.error().detail));
    }

    void objectWhereArrayExpected()
    {
        const auto notifications = parseNotifications(R"({"id":"1"})");
        QVERIFY(!notifications.ok());
        verifyInvalidInput(notifications.error());
        QCOMPARE(notifications.error().message,
            QStringLiteral("The server sent something other than a list of notifications."));
        QCOMPARE(notifications.error().detail, QStringLiteral("$: expected an array, got object"));
        QVERIFY(!parseStatuses("{}").ok());
        QVERIFY(!parseConversations("{}").ok());
        const auto status = parseStatus("[]");
        QVERIFY(!status.ok());
        QCOMPARE(status.error().detail, QStringLiteral("$: expected an object, got array"));
    }

    void missingId()
    {
        const auto result = parseNotifications(notificationWith(QStringLiteral("id"), QJsonValue::Undefined));
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QCOMPARE(result.error().message, QStringLiteral("The server sent a notification without an id."));
        QCOMPARE(result.error().detail, QStringLiteral("$[0].id: missing"));

        QVERIFY(!parseNotifications(notificationWith(QStringLiteral("id"), QJsonValue::Null)).ok());
        QVERIFY(!parseNotifications(notificationWith(QStringLiteral("id"), QString())).ok());
    }

    void idOfWrongType_data()
    {
        QTest::addColumn<QJsonValue>("id");
        QTest::newRow("bool") << QJsonValue(true);
        QTest::newRow("object") << QJsonValue(QJsonObject {});
        QTest::newRow("array") << QJsonValue(QJsonArray { QStringLiteral("1") });
        QTest::newRow("fraction") << QJsonValue(1.5);
        QTest::newRow("negative") << QJsonValue(-3);
        QTest::newRow("too large") << QJsonValue(1e300);
    }

    void idOfWrongType()
    {
        QFETCH(QJsonValue, id);
        const auto result = parseNotifications(notificationWith(QStringLiteral("id"), id));
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QCOMPARE(result.error().message, QStringLiteral("The server sent a notification with an invalid id."));
        QVERIFY2(
            result.error().detail.startsWith(QLatin1String("$[0].id: expected a string or a non-negative integer")),
            qPrintable(result.error().detail));
    }

    void statusWithoutAccount()
    {
        const auto result = parseStatus(withMember(kDirectStatus, QStringLiteral("account"), QJsonValue::Undefined));
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QCOMPARE(result.error().message, QStringLiteral("The server sent a post without an account."));
        QCOMPARE(result.error().detail, QStringLiteral("$.account: missing"));

        const auto wrong = parseStatus(withMember(kDirectStatus, QStringLiteral("account"), QStringLiteral("1099231")));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().detail, QStringLiteral("$.account: expected an object, got string"));
    }

    void accountWithoutId()
    {
        const auto result = parseAccount(R"({"username":"u"})");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, QStringLiteral("The server sent an account without an id."));
        const auto ok = parseAccount(R"({"id":"3","username":"u","display_name":"U","url":null})");
        QVERIFY(ok.ok());
        QCOMPARE(ok->displayName, QStringLiteral("U"));
    }

    void wrongFieldTypes_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("detail");
        QTest::newRow("content number") << QStringLiteral("content") << QJsonValue(3) << QStringLiteral("$.content");
        QTest::newRow("created_at invalid") << QStringLiteral("created_at") << QJsonValue(QStringLiteral("yesterday"))
                                            << QStringLiteral("$.created_at");
        QTest::newRow("created_at missing")
            << QStringLiteral("created_at") << QJsonValue(QJsonValue::Undefined) << QStringLiteral("$.created_at");
        QTest::newRow("edited_at invalid")
            << QStringLiteral("edited_at") << QJsonValue(QStringLiteral("2025-13-45T99:00:00Z"))
            << QStringLiteral("$.edited_at");
        QTest::newRow("mentions object") << QStringLiteral("mentions") << QJsonValue(QJsonObject {})
                                         << QStringLiteral("$.mentions");
        QTest::newRow("mention without id")
            << QStringLiteral("mentions")
            << QJsonValue(QJsonArray { QJsonObject { { QStringLiteral("acct"), QStringLiteral("a") } } })
            << QStringLiteral("$.mentions[0].id");
        QTest::newRow("mention not an object")
            << QStringLiteral("mentions") << QJsonValue(QJsonArray { 1 }) << QStringLiteral("$.mentions[0]");
        QTest::newRow("visibility bool") << QStringLiteral("visibility") << QJsonValue(false)
                                         << QStringLiteral("$.visibility");
    }

    void wrongFieldTypes()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, detail);
        const auto result = parseStatus(withMember(kDirectStatus, key, value));
        QVERIFY(!result.ok());
        verifyInvalidInput(result.error());
        QVERIFY2(result.error().detail.startsWith(detail), qPrintable(result.error().detail));
        QVERIFY(result.error().message.startsWith(QLatin1String("The server sent ")));
    }

    void oneInvalidElementFailsTheList()
    {
        // Skipping it would let the connector move its cursor past a notification it never stored.
        const auto statuses = parseStatuses('[' + status("1") + R"(,{"id":"2"},)" + status("3") + ']');
        QVERIFY(!statuses.ok());
        QVERIFY2(statuses.error().detail.startsWith(QLatin1String("$[1].")), qPrintable(statuses.error().detail));

        const auto notScalar = parseNotifications(R"([1])");
        QVERIFY(!notScalar.ok());
        QCOMPARE(
            notScalar.error().message, QStringLiteral("The server sent a notification that is not a JSON object."));

        const auto context = parseContext(R"({"ancestors":[],"descendants":[)" + status("1") + R"(,null]})");
        QVERIFY(!context.ok());
        QCOMPARE(context.error().detail, QStringLiteral("$.descendants[1]: expected an object, got null"));

        const auto conversation = parseConversations(R"([{"id":"1","accounts":[{"username":"x"}]}])");
        QVERIFY(!conversation.ok());
        QCOMPARE(conversation.error().detail, QStringLiteral("$[0].accounts[0].id: missing"));
    }

private:
    template<typename T> static std::optional<Error> errorOf(const Care::Core::Result<T> &result)
    {
        if (result.ok())
            return std::nullopt;
        return result.error();
    }
};

QTEST_GUILESS_MAIN(TestMastodonJson)
#include "tst_mastodonjson.moc"
