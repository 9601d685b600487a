// The X connector, session and sign-in against the scripted X server (tests/support/fake_x):
// OAuth 2.0 with PKCE through a real loopback listener (the server checks the code_verifier
// against the challenge), refresh on a 401 and before expiry, mentions paged with since_id,
// thread context and partial errors, keyword listening, direct messages in and out (a probe
// of one event per quiet poll), public replies, 429 with its reset, and exactly once: a
// connection dropped after X stored the post is read back (no second post), and X's
// duplicate-content refusal is taken as sent.

#include "FakeX.h"

#include "sync/HttpClient.h"
#include "MemorySecrets.h"
#include "sync/SecretStore.h"
#include "sync/XConnector.h"
#include "sync/XSession.h"
#include "sync/XSignIn.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QtTest>

using namespace Care;
using Care::Tests::FakeX;

namespace {

using Tests::MemorySecrets;

const QString kKey = QStringLiteral("x/@acme");
const QString kCarol = QStringLiteral("2001");

} // namespace

class TestXConnector : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeX> m_x;
    std::unique_ptr<Sync::HttpClient> m_http;
    MemorySecrets m_secrets;
    QHash<QString, QString> m_cursors;
    QList<Core::IncomingMessage> m_messages;

    Sync::XCredentials credentials(const QString &access, int expiresInSecs = 7200)
    {
        Sync::XCredentials c;
        c.clientId = QStringLiteral("client-1");
        c.accessToken = access;
        c.refreshToken = m_x->currentRefreshToken();
        c.expiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresInSecs);
        c.userId = QString::fromLatin1(FakeX::kBrandId);
        c.username = QString::fromLatin1(FakeX::kBrandName);
        c.tokenUrl = QUrl(m_x->base().toString() + QStringLiteral("/2/oauth2/token"));
        return c;
    }

    std::unique_ptr<Sync::XConnector> connector(const Sync::XCredentials &c, Sync::XConnector::Config config = {})
    {
        m_secrets.values.insert(kKey, c.toSecret());
        auto session = std::make_unique<Sync::XSession>(*m_http, m_x->base(), &m_secrets, kKey);
        session->setCredentials(c);
        config.accountId = 1;
        config.userId = c.userId;
        config.username = c.username;
        config.plan.direct = 60;
        return std::make_unique<Sync::XConnector>(*m_http, std::move(session), config);
    }

    std::unique_ptr<Sync::XConnector> signedIn(Sync::XConnector::Config config = {})
    {
        return connector(credentials(m_x->issueTokens()), std::move(config));
    }

    Core::Status fetch(Sync::XConnector &c)
    {
        return c.fetch(m_cursors, [this](const Sync::FetchBatch &batch) -> Core::Status {
            m_messages << batch.messages;
            m_cursors.insert(batch.stream, batch.cursor);
            return {};
        });
    }

    // Polls again at once: every stream is due.
    void makeDue()
    {
        for (auto it = m_cursors.begin(); it != m_cursors.end(); ++it) {
            if (it.key() != QLatin1String("usage"))
                it.value() = QStringLiteral("0;") + it.value().section(QLatin1Char(';'), 1);
        }
    }

    Core::OutboxItem reply(const QString &to, const QString &text)
    {
        Core::OutboxItem item;
        item.id = 7;
        item.accountId = 1;
        item.kind = Core::OutboxKind::PublicReply;
        item.replyTo = to;
        item.body = text;
        item.createdAt = QDateTime::currentDateTimeUtc();
        return item;
    }

private slots:
    void init()
    {
        m_x = std::make_unique<FakeX>();
        QVERIFY(m_x->listen());
        m_x->addUser(kCarol, QStringLiteral("kettle_fan"), QStringLiteral("Carol"));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setRetries(0);
        m_secrets.values.clear();
        m_cursors.clear();
        m_messages.clear();
    }

    void signInWithPkceThroughTheLoopback()
    {
        Sync::XSignInOptions options;
        options.clientId = QStringLiteral("client-1");
        options.authBase = m_x->base();
        options.apiBase = m_x->base();
        options.port = 0; // replaced below with a free one
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        options.port = probe.serverPort();
        probe.close();
        m_x->registerClient(options.clientId, Sync::XSignIn::redirectUri(options.port));

        QNetworkAccessManager browser; // follows X's redirect to the loopback, as a browser would
        QUrl opened;
        auto result = Sync::XSignIn::signIn(*m_http, options, [&](const QUrl &url) {
            opened = url;
            QNetworkRequest request(url);
            request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
            browser.get(request);
        });
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message + QLatin1Char(' ') + result.error().detail));
        const QUrlQuery asked(opened);
        QCOMPARE(asked.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        QVERIFY(asked.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded).contains(QLatin1String("offline.access")));
        QVERIFY(m_x->lastExchangeHadVerifier());
        QVERIFY(!m_x->sawClientSecret()); // a public client sends none
        QCOMPARE(result->userId, QString::fromLatin1(FakeX::kBrandId));
        QCOMPARE(result->username, QStringLiteral("acme"));
        QVERIFY(!result->refreshToken.isEmpty());
        QVERIFY(result->expiresAt > QDateTime::currentDateTimeUtc().addSecs(7000));
    }

    void signInRefusedWhenTheCallbackIsNotRegistered()
    {
        Sync::XSignInOptions options;
        options.clientId = QStringLiteral("client-1");
        options.authBase = m_x->base();
        options.apiBase = m_x->base();
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        options.port = probe.serverPort();
        probe.close();
        options.timeoutMs = 1500;
        m_x->registerClient(options.clientId, QStringLiteral("http://127.0.0.1:1/callback"));
        QNetworkAccessManager browser;
        auto result = Sync::XSignIn::signIn(*m_http, options, [&](const QUrl &url) { browser.get(QNetworkRequest(url)); });
        QVERIFY(!result); // X shows an error page; nothing comes back within the time
        QCOMPARE(result.error().code, Core::Error::Code::NetworkError);
    }

    void refreshesOnA401AndKeepsTheRotatedToken()
    {
        m_x->issueTokens(QStringLiteral("refresh-a"));
        auto c = connector(credentials(QStringLiteral("stale-token")));
        m_x->addMention(kCarol, QStringLiteral("@acme hello"));
        QVERIFY(fetch(*c));
        QCOMPARE(c->session().refreshCount(), 1);
        QCOMPARE(m_messages.size(), 1);
        QVERIFY(m_x->currentRefreshToken() != QLatin1String("refresh-a"));
        auto stored = Sync::XCredentials::fromSecret(m_secrets.values.value(kKey));
        QVERIFY(stored);
        QCOMPARE(stored->refreshToken, m_x->currentRefreshToken()); // kept in the secret store at once
        QVERIFY(m_x->sawClientSecret() == false);
    }

    void refreshesBeforeTheTwoHoursRunOut()
    {
        m_x->issueTokens(QStringLiteral("refresh-b"));
        auto c = connector(credentials(m_x->issueTokens(QStringLiteral("refresh-b")), 120)); // two minutes left
        QVERIFY(fetch(*c));
        QCOMPARE(c->session().refreshCount(), 1);
        for (const FakeX::Call &call : m_x->calls(QStringLiteral("/2/users")))
            QVERIFY(!call.authorization.isEmpty());
        QCOMPARE(m_x->calls(QStringLiteral("/2/oauth2/token")).size(), 1);
    }

    void revokedRefreshTokenAsksForReconnect()
    {
        m_x->issueTokens(QStringLiteral("refresh-c"));
        Sync::XCredentials c = credentials(QStringLiteral("stale"));
        c.refreshToken = QStringLiteral("revoked");
        auto conn = connector(c);
        const Core::Status s = fetch(*conn);
        QVERIFY(!s);
        QCOMPARE(s.error().code, Core::Error::Code::TokenRevoked);
    }

    void mentionsPagedWithSinceId()
    {
        Sync::XConnector::Config config;
        config.pageSize = 100;
        auto c = signedIn(config);
        for (int i = 0; i < 130; ++i)
            m_x->addMention(kCarol, QStringLiteral("@acme old %1").arg(i));
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 100); // a new account takes the newest page only
        QCOMPARE(m_x->mentionsPageSize, 100);
        QVERIFY(!m_messages.first().foundByListening); // a mention addresses the brand
        const QString newest = m_cursors.value(QStringLiteral("mentions")).section(QLatin1Char(';'), 1);
        QVERIFY(!newest.isEmpty());

        m_messages.clear();
        for (int i = 0; i < 150; ++i)
            m_x->addMention(kCarol, QStringLiteral("@acme new %1").arg(i));
        makeDue();
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 150); // two pages down to since_id, nothing twice
        QCOMPARE(m_messages.first().body, QStringLiteral("@acme new 0")); // oldest first
        QCOMPARE(m_messages.last().body, QStringLiteral("@acme new 149"));
        const auto calls = m_x->calls(QStringLiteral("/2/users/1000/mentions"));
        QCOMPARE(calls.last().query.queryItemValue(QStringLiteral("since_id")), newest);
        QVERIFY(calls.last().query.hasQueryItem(QStringLiteral("pagination_token")));

        // Not due yet: no request at all (each poll interval is kept).
        const int before = m_x->calls().size();
        QVERIFY(fetch(*c));
        QCOMPARE(m_x->calls().size(), before);
    }

    void threadContextAndPartialErrors()
    {
        auto c = signedIn();
        const QString brandPost = m_x->addBrandPost(QStringLiteral("Spring range is live"));
        const QString first = m_x->addMention(kCarol, QStringLiteral("@acme mine arrived cracked & leaking"), brandPost);
        const QString gone = m_x->addMention(kCarol, QStringLiteral("@acme hello?"));
        m_x->deleteTweet(gone);
        m_x->addMention(kCarol, QStringLiteral("@acme answering a deleted post"), gone);
        QVERIFY(fetch(*c));
        // brand post (context, outbound) + 2 mentions + the deleted parent (a partial error), marked deleted
        QCOMPARE(m_messages.size(), 4);
        QCOMPARE(m_messages.at(2).platformMessageId, gone);
        QVERIFY(m_messages.at(2).deletedAt.isValid());
        QCOMPARE(m_messages.at(2).direction, Core::Direction::Inbound);
        QCOMPARE(m_messages.at(0).platformMessageId, brandPost);
        QCOMPARE(m_messages.at(0).direction, Core::Direction::Outbound);
        QCOMPARE(m_messages.at(1).platformMessageId, first);
        QCOMPARE(m_messages.at(1).body, QStringLiteral("@acme mine arrived cracked & leaking")); // &amp; decoded
        QCOMPARE(m_messages.at(1).threadKey, brandPost + QLatin1Char(':') + kCarol);
        QCOMPARE(m_messages.at(0).threadKey, m_messages.at(1).threadKey);
        QCOMPARE(m_messages.at(1).customerHandle, QStringLiteral("@kettle_fan"));
    }

    void deletedPostAnsweredIsMarkedDeleted()
    {
        auto c = signedIn();
        const QString brandPost = m_x->addBrandPost(QStringLiteral("Our statement about the recall"));
        const QString answer = m_x->addMention(kCarol, QStringLiteral("@acme why was this deleted?"), brandPost);
        m_x->deleteTweet(brandPost);
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 2);
        const Core::IncomingMessage &gone = m_messages.at(0);
        QCOMPARE(gone.platformMessageId, brandPost);
        QVERIFY(gone.deletedAt.isValid());
        QCOMPARE(gone.direction, Core::Direction::Outbound); // in_reply_to_user_id says it was the brand's
        QCOMPARE(gone.threadKey, m_messages.at(1).threadKey);
        QCOMPARE(m_messages.at(1).platformMessageId, answer);
    }

    void editedMentionUpdatesTheSameMessage()
    {
        auto c = signedIn();
        const QString original = m_x->addMention(kCarol, QStringLiteral("@acme teh lid"));
        QVERIFY(fetch(*c));
        m_x->editTweet(original, QStringLiteral("@acme the lid"));
        makeDue();
        m_messages.clear();
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 1);
        QCOMPARE(m_messages.first().platformMessageId, original);
        QCOMPARE(m_messages.first().body, QStringLiteral("@acme the lid"));
        QVERIFY(m_messages.first().editedAt.isValid());
    }

    void keywordListeningShowsItsQuery()
    {
        Sync::XConnector::Config config;
        config.keywords = {QStringLiteral("acme"), QStringLiteral("acme kettle")};
        auto c = signedIn(config);
        m_x->addSearchHit(kCarol, QStringLiteral("my acme kettle whistles"));
        QVERIFY(fetch(*c));
        const auto calls = m_x->calls(QStringLiteral("/2/tweets/search/recent"));
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.first().query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
                 QStringLiteral("(acme OR \"acme kettle\") -from:acme -@acme -is:retweet"));
        QCOMPARE(m_messages.size(), 1);
        QCOMPARE(m_messages.first().body, QStringLiteral("my acme kettle whistles"));
        QVERIFY(m_messages.first().foundByListening);
    }

    void directMessagesInWithAProbeOfOne()
    {
        auto c = signedIn();
        m_x->addDm(kCarol, QString::fromLatin1(FakeX::kBrandId), QStringLiteral("order 4471 never came"));
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 1);
        QCOMPARE(m_messages.first().visibility, Core::Visibility::Private);
        QCOMPARE(m_messages.first().customerPlatformUserId, kCarol);
        QCOMPARE(m_messages.first().customerHandle, QStringLiteral("@kettle_fan"));
        QVERIFY(m_messages.first().threadKey.startsWith(QLatin1String("dm:")));

        // Nothing new: one request for one event.
        m_messages.clear();
        makeDue();
        const int before = m_x->calls(QStringLiteral("/2/dm_events")).size();
        QVERIFY(fetch(*c));
        const auto calls = m_x->calls(QStringLiteral("/2/dm_events"));
        QCOMPARE(calls.size(), before + 1);
        QCOMPARE(calls.last().query.queryItemValue(QStringLiteral("max_results")), QStringLiteral("1"));
        QVERIFY(m_messages.isEmpty());

        // Something new: the probe sees it, a page brings it.
        m_x->addDm(kCarol, QString::fromLatin1(FakeX::kBrandId), QStringLiteral("hello?"));
        makeDue();
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 1);
        QCOMPARE(m_messages.first().body, QStringLiteral("hello?"));
    }

    void refusedProbeFallsBackToAPage()
    {
        auto c = signedIn();
        m_x->addDm(kCarol, QString::fromLatin1(FakeX::kBrandId), QStringLiteral("first"));
        QVERIFY(fetch(*c));
        m_x->dmMinResults = 5; // should X not take max_results=1
        m_x->addDm(kCarol, QString::fromLatin1(FakeX::kBrandId), QStringLiteral("second"));
        makeDue();
        m_messages.clear();
        QVERIFY(fetch(*c));
        QCOMPARE(m_messages.size(), 1);
        QCOMPARE(m_messages.first().body, QStringLiteral("second"));
    }

    void directMessageOut()
    {
        auto c = signedIn();
        Core::OutboxItem item = reply({}, QStringLiteral("Sorry about that — could you send the order number?"));
        item.kind = Core::OutboxKind::PrivateMessage;
        item.recipient = QStringLiteral("@kettle_fan");
        const Sync::DeliveryOutcome out = c->deliver(item);
        QCOMPARE(out.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_x->dmEvents().size(), 1);
        QCOMPARE(out.platformId, QStringLiteral("dm:") + m_x->dmEvents().first().id);
        QCOMPARE(m_x->dmEvents().first().text, item.body);
    }

    void publicReplyOut()
    {
        auto c = signedIn();
        const QString mention = m_x->addMention(kCarol, QStringLiteral("@acme broken"));
        const Sync::DeliveryOutcome out = c->deliver(reply(mention, QStringLiteral("@kettle_fan We're sorry! DM us?")));
        QCOMPARE(out.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_x->brandPosts().size(), 1);
        QCOMPARE(m_x->brandPosts().first().repliedToId, mention);
        QCOMPARE(out.platformId, m_x->brandPosts().first().id);
    }

    void hidesRepliesInTheBrandsConversations()
    {
        auto c = signedIn();
        QVERIFY(c->capabilities().platform.hide);
        const QString brandPost = m_x->addBrandPost(QStringLiteral("Spring range is live"));
        const QString rude = m_x->addMention(kCarol, QStringLiteral("@acme rude words"), brandPost);
        Core::OutboxItem item = reply(rude, {});
        item.kind = Core::OutboxKind::Hide;
        const Sync::DeliveryOutcome hidden = c->deliver(item);
        QCOMPARE(hidden.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(hidden.platformId, rude); // the message keeps its id
        QVERIFY(m_x->isHidden(rude));
        QCOMPARE(m_x->calls(QStringLiteral("/2/tweets/") + rude).first().method, QByteArray("PUT"));
        // Shown again: the same request with hidden false.
        Core::OutboxItem unhide = item;
        unhide.kind = Core::OutboxKind::Unhide;
        const Sync::DeliveryOutcome shown = c->deliver(unhide);
        QCOMPARE(shown.kind, Sync::DeliveryOutcome::Kind::Sent);
        QVERIFY(!m_x->isHidden(rude));
        QCOMPARE(m_x->calls(QStringLiteral("/2/tweets/") + rude).size(), 2);
        // A mention that began its own conversation cannot be hidden by the brand.
        item.replyTo = m_x->addMention(kCarol, QStringLiteral("@acme standalone"));
        const Sync::DeliveryOutcome refused = c->deliver(item);
        QCOMPARE(refused.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(refused.error.message.contains(QLatin1String("conversations the brand started")));
        QVERIFY(!m_x->isHidden(item.replyTo));
    }

    // X lets the brand hide only replies in conversations its own post began. Who began one is
    // known without another (paid) read for a post that began it (never hideable) and for one
    // that answers that first post (in_reply_to_user_id); deeper in the thread it stays unknown.
    void whetherAReplyCanBeHiddenIsKnownWhenItAnswersTheFirstPost()
    {
        m_x->addUser(QStringLiteral("2002"), QStringLiteral("dan"), QStringLiteral("Dan"));
        m_x->addUser(QStringLiteral("3001"), QStringLiteral("viral"), QStringLiteral("Viral"));
        const QString brandPost = m_x->addBrandPost(QStringLiteral("Spring sale is live"));
        const QString direct = m_x->addMention(kCarol, QStringLiteral("@acme when does it end?"), brandPost);
        const QString brandReply = m_x->addBrandPost(QStringLiteral("@kettle_fan Sunday"), direct);
        const QString deep = m_x->addMention(QStringLiteral("2002"), QStringLiteral("@acme does it include lids?"), brandReply);
        const QString other = m_x->addSearchHit(QStringLiteral("3001"), QStringLiteral("kettles are overrated"));
        const QString elsewhere = m_x->addMention(QStringLiteral("2002"), QStringLiteral("@viral @acme mine works"), other);
        const QString fresh = m_x->addMention(kCarol, QStringLiteral("@acme my lid cracked"));
        auto c = signedIn();
        QVERIFY(fetch(*c));
        const auto canHide = [this](const QString &id) -> std::optional<std::optional<bool>> {
            for (const Core::IncomingMessage &m : std::as_const(m_messages))
                if (m.platformMessageId == id && m.direction == Core::Direction::Inbound)
                    return m.canHide;
            return std::nullopt;
        };
        QCOMPARE(canHide(direct), std::optional<std::optional<bool>>(true));
        QCOMPARE(canHide(deep), std::optional<std::optional<bool>>(std::optional<bool>()));
        QCOMPARE(canHide(elsewhere), std::optional<std::optional<bool>>(false));
        QCOMPARE(canHide(fresh), std::optional<std::optional<bool>>(false));
    }

    void rateLimitedWithItsReset()
    {
        auto c = signedIn();
        m_x->setRemaining(QStringLiteral("GET /2/users/:id/mentions"), 0, 600);
        const Core::Status s = fetch(*c);
        QVERIFY(!s);
        QCOMPARE(s.error().code, Core::Error::Code::RateLimited);
        const QDateTime reset = c->rateResetAt();
        QVERIFY(reset.isValid());
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(reset) - 600) < 5);
    }

    void eachEndpointHasItsOwnBudget()
    {
        auto c = signedIn();
        // Direct-message reads are spent (15 a quarter hour); mentions are not.
        m_x->setRemaining(QStringLiteral("GET /2/dm_events"), 0, 600);
        m_x->addMention(kCarol, QStringLiteral("@acme first"));
        const Core::Status first = fetch(*c);
        QVERIFY(!first);
        QCOMPARE(first.error().code, Core::Error::Code::RateLimited);
        QCOMPARE(m_messages.size(), 1); // mentions came in before
        const int dmCalls = m_x->calls(QStringLiteral("/2/dm_events")).size();
        m_x->addMention(kCarol, QStringLiteral("@acme second"));
        makeDue();
        QVERIFY(!fetch(*c));
        QCOMPARE(m_messages.size(), 2); // the spent DM budget did not hold mentions back
        QCOMPARE(m_x->calls(QStringLiteral("/2/dm_events")).size(), dmCalls); // DMs wait locally for the reset
    }

    void droppedConnectionIsReadBackNotRepeated()
    {
        auto c = signedIn();
        const QString mention = m_x->addMention(kCarol, QStringLiteral("@acme broken"));
        const Core::OutboxItem item = reply(mention, QStringLiteral("We're on it: https://acme.example/help"));
        m_x->dropNextWrite(); // X stores the post, then the connection drops before the answer
        const Sync::DeliveryOutcome out = c->deliver(item);
        QCOMPARE(out.kind, Sync::DeliveryOutcome::Kind::Unknown);
        QCOMPARE(m_x->calls(QStringLiteral("/2/tweets")).size(), 1); // Qt did not send it again by itself
        const Sync::ReconcileOutcome found = c->reconcile(item);
        QCOMPARE(found.kind, Sync::ReconcileOutcome::Kind::Found);
        QCOMPARE(m_x->brandPosts().size(), 1);
        QCOMPARE(found.platformId, m_x->brandPosts().first().id);
        // A reply that never went out is not "found".
        QCOMPARE(c->reconcile(reply(mention, QStringLiteral("something else"))).kind, Sync::ReconcileOutcome::Kind::NotFound);
    }

    void duplicateContentRefusalIsAlreadySent()
    {
        auto c = signedIn();
        const QString mention = m_x->addMention(kCarol, QStringLiteral("@acme broken"));
        const Core::OutboxItem item = reply(mention, QStringLiteral("Thanks, we're on it."));
        QCOMPARE(c->deliver(item).kind, Sync::DeliveryOutcome::Kind::Sent);
        const QString first = m_x->brandPosts().first().id;
        // The same item again (its first answer was lost): X refuses the duplicate.
        const Sync::DeliveryOutcome again = c->deliver(item);
        QCOMPARE(again.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(again.platformId, first);
        QCOMPARE(m_x->brandPosts().size(), 1);
        // The same text to another post is refused for good, not retried.
        const QString other = m_x->addMention(kCarol, QStringLiteral("@acme also"));
        const Sync::DeliveryOutcome refused = c->deliver(reply(other, QStringLiteral("Thanks, we're on it.")));
        QCOMPARE(refused.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(refused.error.message.contains(QLatin1String("duplicate")));
    }

    void usageIsCountedForTheCostMeter()
    {
        auto c = signedIn();
        m_x->addMention(kCarol, QStringLiteral("@acme one"));
        m_x->addMention(kCarol, QStringLiteral("@acme two"));
        QVERIFY(fetch(*c));
        const Sync::XUsage usage = Sync::XUsage::fromCursor(m_cursors.value(QStringLiteral("usage")), QDateTime::currentDateTimeUtc());
        QCOMPARE(usage.streams.value(QStringLiteral("mentions")).posts, 2);
        QCOMPARE(usage.streams.value(QStringLiteral("mentions")).users, 1);
        QVERIFY(qAbs(usage.monthSpent - (2 * 0.005 + 0.010)) < 1e-9);
    }

    void spentBudgetPausesListening()
    {
        Sync::XConnector::Config config;
        config.keywords = {QStringLiteral("acme")};
        config.monthlyBudget = 1.0;
        auto c = signedIn(config);
        Sync::XUsage usage = Sync::XUsage::fromCursor({}, QDateTime::currentDateTimeUtc());
        usage.monthSpent = 1.5;
        m_cursors.insert(QStringLiteral("usage"), usage.toCursor());
        m_x->addSearchHit(kCarol, QStringLiteral("acme is great"));
        QVERIFY(fetch(*c));
        QVERIFY(m_x->calls(QStringLiteral("/2/tweets/search/recent")).isEmpty());
        QVERIFY(c->lastPlan().overBudget);
        QCOMPARE(c->lastPlan().plan.search, 0);
    }
};

QTEST_GUILESS_MAIN(TestXConnector)
#include "tst_x_connector.moc"
