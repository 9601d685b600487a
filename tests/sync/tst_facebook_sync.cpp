// The Facebook Page connector through the whole sync (account setup, engine, store, outbox)
// against the scripted Graph API in tests/support/fake_graph: connecting names missing
// permissions; comments with nested replies and paging; posts that tag the Page; Messenger in
// and out; the 24-hour window; a token revoked mid-sync; usage headers and throttling; and
// exactly-once delivery when the connection drops after Facebook accepted a send.
#include "FakeGraph.h"
#include "StoreTestBackend.h"

#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/FacebookReplyWindow.h"
#include "store/ConversationFactsQuery.h"
#include "sync/FileSecretStore.h"
#include "sync/HttpClient.h"
#include "sync/SyncEngine.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;
using Tests::FakeGraph;

namespace {
const QString kAnna = QStringLiteral("7012345678901234");
const QString kBen = QStringLiteral("7012345678905678");
const QString kAnnaPsid = QStringLiteral("2468013579");
} // namespace

class TestFacebookSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_folder;
    std::unique_ptr<FakeGraph> m_graph;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::FileSecretStore> m_secrets;
    std::unique_ptr<Sync::HttpClient> m_http;
    std::unique_ptr<Sync::SyncEngine> m_engine;
    Core::Account m_account;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    QString text(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0).toString();
    }

    Sync::FacebookPageConnect input() const
    {
        Sync::FacebookPageConnect in;
        in.pageId = m_graph->pageId();
        in.token = m_graph->token();
        in.graphBase = m_graph->baseUrl().toString();
        return in;
    }

    Sync::AccountSyncReport sync() { return m_engine->syncAccount(m_account); }

    qint64 conversation(const QString &threadKey)
    {
        return count(QStringLiteral("SELECT id FROM conversations WHERE thread_key = '%1'").arg(threadKey));
    }

    qint64 reply(const QString &threadKey, Core::Visibility visibility, const QString &body)
    {
        auto id = Store::ConversationActions(*m_db, QStringLiteral("aisha")).queueReply(conversation(threadKey), visibility, body);
        return id ? id.value() : -1;
    }

    void setSetting(const QString &key, const QJsonValue &value)
    {
        m_account.settings.insert(key, value);
        QVERIFY(Store::AccountRepository(*m_db).updateSettings(m_account.id, m_account.settings));
    }

private slots:
    void init()
    {
        static int round = 0;
        m_folder = m_dir.filePath(QString::number(++round));
        QVERIFY(QDir().mkpath(m_folder));
        m_graph = std::make_unique<FakeGraph>();
        QVERIFY(m_graph->listen());
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(m_folder + QStringLiteral("/store.sqlite")));
        QVERIFY(db);
        m_db = std::move(db.value());
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_secrets = std::make_unique<Sync::FileSecretStore>(m_folder + QStringLiteral("/secrets.json"));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setBackoff(Sync::Backoff(10, 20));
        m_http->setTimeoutMs(3000);
        QStringList warnings;
        auto account = Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, input(), &warnings);
        QVERIFY2(account, account ? "" : qPrintable(account.error().fullText()));
        m_account = account.value();
        m_engine = std::make_unique<Sync::SyncEngine>(*m_db, *m_secrets, *m_http);
    }

    void cleanup()
    {
        m_engine.reset();
        m_http.reset();
        m_db.reset();
        m_graph.reset();
    }

    void connectingNamesEveryMissingPermissionAndStoresNothing()
    {
        QCOMPARE(m_account.name, QStringLiteral("Acme"));
        QCOMPARE(m_account.externalId, m_graph->pageId());
        QCOMPARE(m_secrets->read(Sync::SyncEngine::secretKey(m_account)).value(), m_graph->token());
        // The token was checked with debug_token, sent in a header, never in a URL.
        QVERIFY(m_graph->requestCount(QStringLiteral("/debug_token")) >= 1);
        for (const Tests::LoggedRequest &r : m_graph->requests()) {
            QVERIFY(!r.query.toString().contains(QStringLiteral("access_token")));
            QVERIFY(r.headers.value("authorization").startsWith("Bearer "));
        }

        // A second Page whose token lacks two permissions: refused, both named with their purpose.
        Store::AccountRepository(*m_db).remove(m_account.id);
        m_secrets->remove(Sync::SyncEngine::secretKey(m_account));
        m_graph->setScopes({QStringLiteral("pages_show_list"), QStringLiteral("pages_read_engagement"),
                            QStringLiteral("pages_read_user_content")});
        auto refused = Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, input());
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("pages_manage_engagement")), qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("pages_messaging")));
        QVERIFY(refused.error().message.contains(QStringLiteral("Messenger")));
        QVERIFY(!refused.error().message.contains(QStringLiteral("pages_read_engagement")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE connected = 1")), qint64(0));
        QVERIFY(!m_secrets->read(Sync::SyncEngine::secretKey(m_account)));

        // Without Messenger, pages_messaging is not needed.
        Sync::FacebookPageConnect noMessenger = input();
        noMessenger.messenger = false;
        m_graph->setScopes({QStringLiteral("pages_read_engagement"), QStringLiteral("pages_read_user_content"),
                            QStringLiteral("pages_manage_engagement")});
        QVERIFY(Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, noMessenger));

        // Another Page's token, a user token, a revoked token: refused with what to do.
        m_graph->setTokenType(QStringLiteral("PAGE"), QStringLiteral("999999999999"));
        auto other = Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, noMessenger);
        QVERIFY(!other && other.error().message.contains(QStringLiteral("another Page")));
        m_graph->setTokenType(QStringLiteral("USER"));
        auto user = Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, noMessenger);
        QVERIFY(!user && user.error().message.contains(QStringLiteral("user access token")));
        m_graph->revokeToken(463);
        auto expired = Sync::connectFacebookPage(*m_db, *m_secrets, *m_http, noMessenger);
        QVERIFY(!expired);
        QCOMPARE(expired.error().code, Core::Error::Code::TokenRevoked);
        QVERIFY(expired.error().message.contains(QStringLiteral("expired")));
        QVERIFY(expired.error().hint.contains(QStringLiteral("Paste a new Page access token")));
    }

    void commentsWithNestedRepliesArriveAcrossPages()
    {
        setSetting(QStringLiteral("pageSize"), 3);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString post = m_graph->addPost(QStringLiteral("Spring range is live!"), now.addSecs(-3600));
        const QString first = m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Mine arrived with a cracked lid"),
                                                  {}, now.addSecs(-1800));
        // Seven more comments from Ben (more than two pages of three), and replies to Anna's.
        for (int i = 0; i < 7; ++i)
            m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Question %1").arg(i), {},
                                now.addSecs(-1700 + i * 10));
        m_graph->addComment(post, m_graph->pageId(), QStringLiteral("Acme"), QStringLiteral("Sorry Anna, we'll fix it"), first,
                            now.addSecs(-1000));
        m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Thanks, order 4471"), first, now.addSecs(-900));
        // Nine posts more, so the feed itself pages too; older than the first sync reads, one by Anna.
        for (int i = 0; i < 9; ++i)
            m_graph->addPost(QStringLiteral("Post %1").arg(i), now.addSecs(-7200 - i * 60));

        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 10);
        const QString annaThread = QStringLiteral("post:%1:%2").arg(post, kAnna);
        QVERIFY(conversation(annaThread) > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1").arg(conversation(annaThread))),
                 qint64(3));
        // The Page's own reply sits in Anna's conversation as sent.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1 AND direction = 'outbound' "
                                      "AND delivery_state = 'sent'").arg(conversation(annaThread))),
                 qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1")
                           .arg(conversation(QStringLiteral("post:%1:%2").arg(post, kBen)))),
                 qint64(7));
        // Replies were asked for (filter=stream), and paging went on through `next`.
        bool stream = true;
        for (const Tests::LoggedRequest &r : m_graph->requests()) {
            if (r.path.endsWith(QLatin1String("/feed")) && !r.query.hasQueryItem(QStringLiteral("until"))) // not the sweep
                stream = stream && r.query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded).contains(QStringLiteral("filter(stream)"));
            if (r.path.endsWith(QLatin1String("/comments")))
                stream = stream && r.query.queryItemValue(QStringLiteral("filter")) == QLatin1String("stream");
        }
        QVERIFY(stream);
        QVERIFY(m_graph->requestCount(QStringLiteral("GET /v26.0/%1/comments").arg(post)) >= 2);
        QVERIFY(m_graph->requestCount(QStringLiteral("/feed")) >= 4);

        // Nothing new: stored once; the posts without new comments are not read again.
        m_graph->clearRequests();
        report = sync();
        QCOMPARE(report.newMessages, 0);
        QCOMPARE(m_graph->requestCount(QStringLiteral("/comments")), 0);
        // An idle pass: the Page, the feed (ten posts at three a page here: four pages; one page
        // with the default 25), the tagged posts and the conversations. Nothing else.
        QCOMPARE(m_graph->requests().size(), 1 + 4 + 1 + 1);
        // A new reply on the old post arrives, and only that.
        m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Any news?"), first);
        report = sync();
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(11));
    }

    void aPublicReplyIsAComment_andAHiddenCommentIsHidden()
    {
        const QString post = m_graph->addPost(QStringLiteral("New kettle"), QDateTime::currentDateTimeUtc().addSecs(-600));
        const QString anna = m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Lid cracked"));
        QVERIFY(sync().ok());
        QVERIFY(reply(QStringLiteral("post:%1:%2").arg(post, kAnna), Core::Visibility::Public, QStringLiteral("Sorry Anna! — Aisha")) > 0);
        Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.delivered, 1);
        QCOMPARE(m_graph->pageCommentCount(), 1);
        const FakeGraph::Comment answer = m_graph->comments(post).last();
        QCOMPARE(answer.parentId, anna);
        QCOMPARE(answer.message, QStringLiteral("Sorry Anna! — Aisha"));
        QCOMPARE(text(QStringLiteral("SELECT platform_id FROM outbox")), answer.id);
        // Read back at the next sync: the same message, not a second one.
        QVERIFY(sync().ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'outbound'")), qint64(1));

        // Hiding needs a reason (audit log), and Facebook hides it.
        auto hidden = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                          .hideInbound(conversation(QStringLiteral("post:%1:%2").arg(post, kAnna)), QStringLiteral("abusive"));
        QVERIFY(hidden);
        QVERIFY(sync().ok());
        QVERIFY(m_graph->comment(anna).hidden);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide' AND state = 'sent'")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide' AND detail LIKE '%abusive%'")),
                 qint64(1));

        // A comment Facebook does not let the Page hide (can_hide false): refused in words, nothing sent.
        const QString page = m_graph->addComment(post, m_graph->pageId(), QStringLiteral("Acme"), QStringLiteral("Our own note"));
        const QString ben = m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Rude words"));
        QVERIFY(sync().ok());
        m_graph->setCannotHide(ben);
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                    .hideInbound(conversation(QStringLiteral("post:%1:%2").arg(post, kBen)), QStringLiteral("abusive")));
        const Sync::AccountSyncReport report2 = sync();
        QCOMPARE(report2.failed, 1);
        QVERIFY(text(QStringLiteral("SELECT error FROM outbox WHERE kind = 'hide' AND state = 'failed'"))
                    .contains(QStringLiteral("does not let the Page hide")));
        QVERIFY(!m_graph->comment(ben).hidden);
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(ben)), 0);
        Q_UNUSED(page);
    }

    // Unhide: POST /{comment} is_hidden=false through the outbox, exactly once — when the answer is
    // lost, the comment's is_hidden is read back instead of sending again. A comment Facebook does
    // not let the Page hide (can_hide false at sync) is not offered Hide at all.
    void aHiddenCommentIsShownAgainExactlyOnce()
    {
        const QString post = m_graph->addPost(QStringLiteral("New kettle"), QDateTime::currentDateTimeUtc().addSecs(-600));
        const QString anna = m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Call me on 0170 555"));
        const QString ben = m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Rude words"));
        m_graph->setCannotHide(ben);
        QVERIFY(sync().ok());
        const qint64 annas = conversation(QStringLiteral("post:%1:%2").arg(post, kAnna));
        const qint64 bens = conversation(QStringLiteral("post:%1:%2").arg(post, kBen));
        Store::ConversationFactsQuery facts(*m_db);
        QVERIFY(facts.capabilities(annas)->hide);
        const Core::Capability notBen = facts.capabilities(bens)->hide;
        QVERIFY(!notBen);
        QVERIFY(notBen.reason.contains(QStringLiteral("Facebook does not let the Page hide")));

        Store::ConversationActions aisha(*m_db, QStringLiteral("aisha"));
        QVERIFY(aisha.hideInbound(annas, QStringLiteral("personal data")));
        QVERIFY(sync().ok());
        QVERIFY(m_graph->comment(anna).hidden);
        QVERIFY(facts.capabilities(annas)->unhide);

        QVERIFY(aisha.unhideInbound(annas));
        m_graph->failNext(FakeGraph::Fault::AcceptThenDrop, QStringLiteral("POST /v26.0/%1").arg(anna));
        Sync::AccountSyncReport report = sync();
        QCOMPARE(report.delivered, 1); // found shown again by reading it back
        QVERIFY(!m_graph->comment(anna).hidden);
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(anna)), 2); // one hide, one unhide
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide' AND state = 'sent'")), qint64(1));
        QVERIFY(sync().ok());
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(anna)), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide' AND actor = 'aisha'"
                                      " AND detail = 'personal data'")),
                 qint64(1));
        // The transcript: the comment carries no hidden mark, and a note says it was shown again (sent).
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1' AND hidden_at IS NULL").arg(anna)),
                 qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'note' AND delivery_state = 'sent'"
                                      " AND body LIKE '%shown again on Facebook%'")),
                 qint64(1));
        QVERIFY(facts.capabilities(annas)->hide); // and it can be hidden again
    }

    // A customer writes under whatever post is at hand, also a month-old one beyond the 14-day
    // watch: the hourly sweep of older posts (90 days) brings it in. Comments there from before
    // the first sync's two days stay out; within the hour the sweep is not repeated, after it a
    // new comment under the old post arrives.
    void aCommentUnderAMonthOldPostArrivesThroughTheSweep()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString old = m_graph->addPost(QStringLiteral("Autumn sale"), now.addDays(-30));
        m_graph->addComment(old, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Is the sale on?"), {}, now.addDays(-29));
        m_graph->addComment(old, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("My order from this sale never came"),
                            {}, now.addSecs(-600));
        const QString ancient = m_graph->addPost(QStringLiteral("Last year's news"), now.addDays(-200));
        m_graph->addComment(ancient, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Hello?"), {}, now.addSecs(-300));

        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QVERIFY(conversation(QStringLiteral("post:%1:%2").arg(old, kAnna)) > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE body = 'Is the sale on?'")), qint64(0));
        // The sweep asked for the older posts by id and time only, not with their comments.
        int sweeps = 0;
        for (const Tests::LoggedRequest &r : m_graph->requests()) {
            if (!r.path.endsWith(QLatin1String("/feed")) || !r.query.hasQueryItem(QStringLiteral("until")))
                continue;
            ++sweeps;
            QVERIFY(!r.query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded).contains(QStringLiteral("comments")));
        }
        QCOMPARE(sweeps, 1);

        // Within the hour: not swept again.
        m_graph->addComment(old, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Anyone there?"));
        m_graph->clearRequests();
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 0);
        for (const Tests::LoggedRequest &r : m_graph->requests())
            QVERIFY(!r.query.hasQueryItem(QStringLiteral("until")));

        // An hour later (the last sweep's time moved back): Ben's new comment arrives, once.
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("UPDATE sync_cursors SET position = :c WHERE account_id = :a AND stream = 'older'"));
        q.bindValue(QStringLiteral(":c"), QString::number(now.addSecs(-3700).toSecsSinceEpoch()));
        q.bindValue(QStringLiteral(":a"), m_account.id);
        QVERIFY(q.exec());
        QCOMPARE(q.numRowsAffected(), 1);
        report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE body = 'Anyone there?'")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE body = 'Hello?'")), qint64(0)); // beyond 90 days

        // olderDays 0 turns the sweep off.
        setSetting(QStringLiteral("olderDays"), 0);
        q.bindValue(QStringLiteral(":c"), QString::number(now.addSecs(-7200).toSecsSinceEpoch()));
        q.bindValue(QStringLiteral(":a"), m_account.id);
        QVERIFY(q.exec());
        m_graph->clearRequests();
        QVERIFY(sync().ok());
        for (const Tests::LoggedRequest &r : m_graph->requests())
            QVERIFY(!r.query.hasQueryItem(QStringLiteral("until")));
    }

    // A Page admin hides a comment in Facebook's own pages, or shows it again: the transcript
    // follows at the next sync — also for comments older than the cursor, from the feed's nested
    // page — with the comment stored once, nobody in the console named and nothing audited as if
    // an agent had done it. Unhide is offered for it and goes to Facebook once; while it waits,
    // a sync that still reads it hidden does not hide it again.
    void aCommentHiddenOrShownOnFacebookIsFollowed()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString post = m_graph->addPost(QStringLiteral("New kettle"), now.addSecs(-900));
        const QString anna = m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Call me on 0170 555"),
                                                 {}, now.addSecs(-300));
        const QString ben = m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Lovely kettle"), {},
                                                now.addSecs(-200));
        // The newest comment sets the cursor: Anna's and Ben's are older than it at the next syncs.
        m_graph->addComment(post, QStringLiteral("7012345678909999"), QStringLiteral("Cleo"), QStringLiteral("Mine too"), {},
                            now.addSecs(-100));
        m_graph->setHiddenOnFacebook(anna, true); // hidden from the start
        QVERIFY(sync().ok());
        const qint64 annas = conversation(QStringLiteral("post:%1:%2").arg(post, kAnna));
        const qint64 bens = conversation(QStringLiteral("post:%1:%2").arg(post, kBen));
        const auto stored = [this](const QString &id) {
            return count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1'").arg(id));
        };
        const auto hiddenOnFacebook = [this](const QString &id) {
            return count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1' AND hidden_at IS NOT NULL"
                                        " AND hidden_by = '' AND hidden_reason = ''")
                             .arg(id));
        };
        const auto visible = [this](const QString &id) {
            return count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1' AND hidden_at IS NULL").arg(id));
        };
        QCOMPARE(stored(anna), qint64(1));
        QCOMPARE(hiddenOnFacebook(anna), qint64(1));
        QCOMPARE(visible(ben), qint64(1));
        auto transcript = Store::MessageRepository(*m_db).forConversation(annas);
        QVERIFY(transcript && transcript->size() == 1);
        QVERIFY(transcript->first().isHiddenOnPlatform());
        Store::ConversationFactsQuery facts(*m_db);
        QVERIFY(facts.capabilities(annas)->unhide); // offered for it
        QVERIFY(!facts.capabilities(annas)->hide);

        // Shown again on Facebook: visible at the next sync, still stored once.
        m_graph->setHiddenOnFacebook(anna, false);
        QVERIFY(sync().ok());
        QCOMPARE(visible(anna), qint64(1));
        QCOMPARE(stored(anna), qint64(1));
        QVERIFY(!facts.capabilities(annas)->unhide);

        // The reverse: Ben's comment, visible so far, is hidden on Facebook.
        m_graph->setHiddenOnFacebook(ben, true);
        QVERIFY(sync().ok());
        QCOMPARE(hiddenOnFacebook(ben), qint64(1));
        QCOMPARE(stored(ben), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(3));
        // Nobody in the console did any of it.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action LIKE 'message.%'")), qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind IN ('hidden', 'unhidden')")), qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), qint64(0));
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(ben)), 0);

        // Unhide from the console: Facebook shows it again, once. Its first delivery fails, and
        // the sync that still reads it hidden leaves it shown in the console.
        Store::ConversationActions aisha(*m_db, QStringLiteral("aisha"));
        QVERIFY(facts.capabilities(bens)->unhide);
        QVERIFY(aisha.unhideInbound(bens));
        QCOMPARE(visible(ben), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide' AND reply_to = '%1'").arg(ben)), qint64(1));
        m_graph->failNext(FakeGraph::Fault::DropConnection, QStringLiteral("POST /v26.0/%1").arg(ben));
        QCOMPARE(sync().waiting, 1);
        QVERIFY(m_graph->comment(ben).hidden);
        QCOMPARE(visible(ben), qint64(1)); // read hidden before the delivery, not hidden again
        QCOMPARE(sync().delivered, 1);
        QVERIFY(!m_graph->comment(ben).hidden);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide' AND state = 'sent'")), qint64(1));
        const int posts = m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(ben));
        QVERIFY(sync().ok());
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1").arg(ben)), posts);
        QCOMPARE(visible(ben), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide' AND actor = 'aisha'")),
                 qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'inbound'")), qint64(3));
    }

    void taggedPostsBecomeConversations()
    {
        const QString tagged = m_graph->addTaggedPost(kBen, QStringLiteral("Ben Okafor"), QStringLiteral("@Acme my kettle whistles"),
                                                      QDateTime::currentDateTimeUtc().addSecs(-300));
        Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 1);
        const QString thread = QStringLiteral("post:%1:%2").arg(tagged, kBen);
        QVERIFY(conversation(thread) > 0);
        QVERIFY(text(QStringLiteral("SELECT body FROM messages")).startsWith(QStringLiteral("@Acme my kettle whistles")));
        QVERIFY(reply(thread, Core::Visibility::Public, QStringLiteral("That's the steam valve — Aisha")) > 0);
        QCOMPARE(sync().delivered, 1);
        QCOMPARE(m_graph->comments(tagged).size(), 1);
    }

    void messengerInAndOut_andThePrivateReplyToACommentGoesOnce()
    {
        m_graph->customerMessages(kAnnaPsid, QStringLiteral("Anna Berg"), QStringLiteral("Where is order 4471?"));
        Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 1);
        const QString thread = QStringLiteral("messenger:") + kAnnaPsid;
        QCOMPARE(text(QStringLiteral("SELECT visibility FROM messages")), QStringLiteral("private"));
        QVERIFY(reply(thread, Core::Visibility::Private, QStringLiteral("It ships today — Aisha")) > 0);
        report = sync();
        QCOMPARE(report.delivered, 1);
        QCOMPARE(m_graph->messagesWith(kAnnaPsid).last().text, QStringLiteral("It ships today — Aisha"));
        const QJsonObject sent = QJsonDocument::fromJson(m_graph->requests().last().body).object();
        QCOMPARE(sent.value(QStringLiteral("messaging_type")).toString(), QStringLiteral("RESPONSE"));
        QCOMPARE(sent.value(QStringLiteral("recipient")).toObject().value(QStringLiteral("id")).toString(), kAnnaPsid);
        // The reply comes back through the conversation as the same message.
        QVERIFY(sync().ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1").arg(conversation(thread))), qint64(2));

        // A private reply to a comment: delivered once; Facebook allows no second one.
        const QString post = m_graph->addPost(QStringLiteral("Sale"), QDateTime::currentDateTimeUtc().addSecs(-60));
        const QString comment = m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("My address is wrong"));
        QVERIFY(sync().ok());
        const QString benThread = QStringLiteral("post:%1:%2").arg(post, kBen);
        QVERIFY(reply(benThread, Core::Visibility::Private, QStringLiteral("Send us the new address here — Aisha")) > 0);
        QCOMPARE(sync().delivered, 1);
        QVERIFY(m_graph->comment(comment).privatelyReplied);
        QVERIFY(reply(benThread, Core::Visibility::Private, QStringLiteral("And the flat number?")) > 0);
        report = sync();
        QCOMPARE(report.failed, 1);
        QVERIFY(text(QStringLiteral("SELECT error FROM outbox WHERE state = 'failed'")).contains(QStringLiteral("7 days")));
    }

    void outsideTheWindowTheReplyIsRefusedBeforeSending()
    {
        m_graph->customerMessages(kAnnaPsid, QStringLiteral("Anna Berg"), QStringLiteral("Hello?"),
                                  QDateTime::currentDateTimeUtc().addSecs(-30 * 3600));
        setSetting(QStringLiteral("watchDays"), 14);
        // The first sync reads two days back: the 30-hour-old message is there.
        QVERIFY(sync().ok());
        QVERIFY(reply(QStringLiteral("messenger:") + kAnnaPsid, Core::Visibility::Private, QStringLiteral("Sorry for the wait")) > 0);
        const Sync::AccountSyncReport report = sync();
        QCOMPARE(report.failed, 1);
        const QString why = text(QStringLiteral("SELECT error FROM outbox"));
        QVERIFY2(why.contains(QStringLiteral("24 hours")), qPrintable(why));
        QVERIFY(why.contains(QStringLiteral("another channel")));
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1/messages").arg(m_graph->pageId())), 0);
        QCOMPARE(m_graph->pageMessageCount(), 0);

        // With the human agent tag (approved by Meta) the Page may answer for 7 days.
        setSetting(QStringLiteral("humanAgentTag"), true);
        QVERIFY(reply(QStringLiteral("messenger:") + kAnnaPsid, Core::Visibility::Private, QStringLiteral("Sorry for the wait!")) > 0);
        QCOMPARE(sync().delivered, 1);
        const QJsonObject sent = QJsonDocument::fromJson(m_graph->requests().last().body).object();
        QCOMPARE(sent.value(QStringLiteral("messaging_type")).toString(), QStringLiteral("MESSAGE_TAG"));
        QCOMPARE(sent.value(QStringLiteral("tag")).toString(), QStringLiteral("HUMAN_AGENT"));
    }

    void theComposerLearnsTheReplyWindowsFromTheStore()
    {
        m_graph->customerMessages(kAnnaPsid, QStringLiteral("Anna Berg"), QStringLiteral("Hello?"),
                                  QDateTime::currentDateTimeUtc().addSecs(-30 * 3600));
        const QString post = m_graph->addPost(QStringLiteral("Sale"), QDateTime::currentDateTimeUtc().addSecs(-60));
        m_graph->addComment(post, kBen, QStringLiteral("Ben Okafor"), QStringLiteral("Price?"));
        QVERIFY(sync().ok());
        const QString messenger = QStringLiteral("messenger:") + kAnnaPsid;
        auto window = Sync::facebookPrivateReplyWindow(*m_db, m_account, messenger);
        QVERIFY(window);
        QVERIFY(!window->allowed);
        QVERIFY2(window->reason.contains(QStringLiteral("24 hours")), qPrintable(window->reason));
        QVERIFY2(window->reason.contains(QStringLiteral("1 d 6 h ago")), qPrintable(window->reason)); // rounded up
        // Six hours later by the customer's clock it would still be closed; an hour after her message, open.
        QVERIFY(Sync::facebookPrivateReplyWindow(*m_db, m_account, messenger, QDateTime::currentDateTimeUtc().addSecs(-29 * 3600))->allowed);
        // With the human agent tag: 7 days.
        Core::Account tagged = m_account;
        tagged.settings.insert(QStringLiteral("humanAgentTag"), true);
        QVERIFY(Sync::facebookPrivateReplyWindow(*m_db, tagged, messenger)->allowed);

        // A comment: one private reply; after it is queued, no second.
        const QString comments = QStringLiteral("post:%1:%2").arg(post, kBen);
        QVERIFY(Sync::facebookPrivateReplyWindow(*m_db, m_account, comments)->allowed);
        QVERIFY(reply(comments, Core::Visibility::Private, QStringLiteral("Sent you the price")) > 0);
        window = Sync::facebookPrivateReplyWindow(*m_db, m_account, comments);
        QVERIFY(!window->allowed);
        QVERIFY(window->reason.contains(QStringLiteral("one private reply")));
        QVERIFY(!Sync::facebookPrivateReplyWindow(*m_db, m_account, comments, QDateTime::currentDateTimeUtc().addDays(8))->allowed);
    }

    void aTokenRevokedMidSyncSaysSoAndLosesNothing()
    {
        const QString post = m_graph->addPost(QStringLiteral("Hello"), QDateTime::currentDateTimeUtc().addSecs(-60));
        m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Hi"));
        m_graph->customerMessages(kAnnaPsid, QStringLiteral("Anna Berg"), QStringLiteral("Private question"));
        m_graph->failNext(FakeGraph::Fault::Revoke, QStringLiteral("/conversations"));
        Sync::AccountSyncReport report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::TokenRevoked);
        QCOMPARE(report.status.state, Core::SyncState::NeedsReconnect);
        QVERIFY(report.error->hint.contains(QStringLiteral("Paste a new Page access token")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(1)); // the comment was kept

        // A new token is pasted: the Messenger message comes, nothing twice.
        m_graph->restoreToken();
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(2));
    }

    void usageHeadersSlowPollingAndThrottlingWaits()
    {
        m_engine->setPollIntervalMs(60 * 1000);
        m_graph->setUsage(80);
        Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        const qint64 next = QDateTime::currentDateTimeUtc().secsTo(report.status.nextSyncAt);
        QVERIFY2(next >= 235 && next <= 240, qPrintable(QString::number(next))); // 4 x the minute at 80 %
        QVERIFY(report.status.message.contains(QStringLiteral("4 min")));
        QCOMPARE(report.status.rateRemaining, 20);

        m_graph->setUsage(20);
        report = sync();
        QVERIFY(QDateTime::currentDateTimeUtc().secsTo(report.status.nextSyncAt) <= 60);

        // Throttled (Graph error 32, not HTTP 429): waits the 7 minutes Facebook estimated.
        m_graph->setUsage(-1);
        m_graph->failNext(FakeGraph::Fault::Throttled, QStringLiteral("/feed"));
        report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::RateLimited);
        QCOMPARE(report.status.state, Core::SyncState::RateLimited);
        const qint64 wait = QDateTime::currentDateTimeUtc().secsTo(report.status.nextSyncAt);
        QVERIFY2(wait >= 410 && wait <= 420, qPrintable(QString::number(wait)));
    }

    void aDroppedConnectionAfterTheSendIsReadBackNotSentTwice()
    {
        const QString post = m_graph->addPost(QStringLiteral("New kettle"), QDateTime::currentDateTimeUtc().addSecs(-600));
        const QString anna = m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Lid cracked"));
        m_graph->customerMessages(kAnnaPsid, QStringLiteral("Anna Berg"), QStringLiteral("And by DM?"));
        QVERIFY(sync().ok());
        QVERIFY(reply(QStringLiteral("post:%1:%2").arg(post, kAnna), Core::Visibility::Public, QStringLiteral("On its way — Aisha")) > 0);
        QVERIFY(reply(QStringLiteral("messenger:") + kAnnaPsid, Core::Visibility::Private, QStringLiteral("Tracking: 123 — Aisha")) > 0);
        m_graph->failNext(FakeGraph::Fault::AcceptThenDrop, QStringLiteral("POST /v26.0/%1/comments").arg(anna));
        m_graph->failNext(FakeGraph::Fault::AcceptThenDrop, QStringLiteral("POST /v26.0/%1/messages").arg(m_graph->pageId()));
        Sync::AccountSyncReport report = sync();
        QCOMPARE(report.delivered, 2); // both found by reading back
        QCOMPARE(m_graph->pageCommentCount(), 1);
        QCOMPARE(m_graph->pageMessageCount(), 1);
        QCOMPARE(m_graph->requestCount(QStringLiteral("POST /v26.0/%1/comments").arg(anna)), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), qint64(2));
        QVERIFY(sync().ok());
        QCOMPARE(m_graph->pageCommentCount(), 1);
        QCOMPARE(m_graph->pageMessageCount(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'outbound'")), qint64(2));

        // Dropped before Facebook took it: read back, not there, sent once on the next pass.
        QVERIFY(reply(QStringLiteral("post:%1:%2").arg(post, kAnna), Core::Visibility::Public, QStringLiteral("One more thing")) > 0);
        m_graph->failNext(FakeGraph::Fault::DropConnection, QStringLiteral("POST /v26.0/%1/comments").arg(anna));
        report = sync();
        QCOMPARE(report.waiting, 1);
        QCOMPARE(m_graph->pageCommentCount(), 1);
        report = sync();
        QCOMPARE(report.delivered, 1);
        QCOMPARE(m_graph->pageCommentCount(), 2);
    }

    void aMalformedAnswerIsRetriedWithTheCursorUnmoved()
    {
        const QString post = m_graph->addPost(QStringLiteral("Hi"), QDateTime::currentDateTimeUtc().addSecs(-60));
        m_graph->addComment(post, kAnna, QStringLiteral("Anna Berg"), QStringLiteral("Hello"));
        m_graph->failNext(FakeGraph::Fault::Malformed, QStringLiteral("/feed"));
        Sync::AccountSyncReport report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::BadResponse);
        QCOMPARE(report.status.state, Core::SyncState::Retrying);
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 1);
    }
};

QTEST_GUILESS_MAIN(TestFacebookSync)
#include "tst_facebook_sync.moc"
