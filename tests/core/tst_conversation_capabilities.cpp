// The rules of Core::ConversationCapabilities per platform: what the brand may do in one
// conversation, and why not when it may not.
#include "core/ConversationCapabilities.h"

#include <QTest>

using namespace Care;
using Core::ConversationCapabilities;
using Core::ConversationFacts;
using Core::Platform;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);

ConversationFacts facts(Platform platform, const QString &threadKey)
{
    ConversationFacts f;
    f.platform = platform;
    f.threadKey = threadKey;
    f.hasVisiblePublicInbound = true;
    f.lastInboundAt = kNow.addSecs(-3600);
    return f;
}

} // namespace

class TestConversationCapabilities : public QObject
{
    Q_OBJECT

private slots:
    void xHidesRepliesOnlyInTheBrandsOwnConversations()
    {
        ConversationFacts customerStarted = facts(Platform::X, QStringLiteral("1900:42"));
        QVERIFY(ConversationCapabilities::of(customerStarted, kNow).hide); // not known: X decides
        customerStarted.brandStartedThread = false;
        auto c = ConversationCapabilities::of(customerStarted, kNow);
        QVERIFY(!c.hide);
        QVERIFY(c.hide.reason.contains(QLatin1String("its own post started")));
        QVERIFY(c.publicReply);
        QVERIFY(c.privateMessage);

        ConversationFacts brandStarted = customerStarted;
        brandStarted.brandStartedThread = true;
        c = ConversationCapabilities::of(brandStarted, kNow);
        QVERIFY(c.hide);
        QVERIFY(c.hide.reason.isEmpty());

        brandStarted.hasVisiblePublicInbound = false; // all of it hidden already, or only DMs
        QVERIFY(!ConversationCapabilities::of(brandStarted, kNow).hide);
    }

    // The post that began the conversation is not in the store: the customer's post's can_hide
    // (known when it answers that post) decides; when that is unknown too, X does, and the
    // tooltip says so.
    void xWithoutTheFirstPostAsksTheReplysCanHide()
    {
        ConversationFacts deep = facts(Platform::X, QStringLiteral("1800:43"));
        auto c = ConversationCapabilities::of(deep, kNow);
        QVERIFY(c.hide);
        QVERIFY2(c.hide.reason.contains(QLatin1String("so X decides")), qPrintable(c.hide.reason));
        deep.latestCanHide = false; // it answers a post somebody else wrote
        c = ConversationCapabilities::of(deep, kNow);
        QVERIFY(!c.hide);
        QVERIFY(c.hide.reason.contains(QLatin1String("its own post started")));
        deep.latestCanHide = true; // it answers the brand's post
        c = ConversationCapabilities::of(deep, kNow);
        QVERIFY(c.hide);
        QVERIFY(c.hide.reason.isEmpty());
        deep.brandStartedThread = false; // what the store holds wins
        QVERIFY(!ConversationCapabilities::of(deep, kNow).hide);
        ConversationFacts demo = facts(Platform::X, QStringLiteral("t"));
        QVERIFY(ConversationCapabilities::of(demo, kNow).hide.reason.isEmpty()); // not the connector's: no X rule to quote
    }

    void xAndBlueskyDirectThreadsHaveNoPublicSide()
    {
        for (Platform p : {Platform::X, Platform::Bluesky}) {
            ConversationFacts dm = facts(p, QStringLiteral("dm:42"));
            dm.hasVisiblePublicInbound = false;
            auto c = ConversationCapabilities::of(dm, kNow);
            QVERIFY(!c.publicReply);
            QVERIFY(c.publicReply.reason.contains(QLatin1String("direct-message")));
            QVERIFY(c.privateMessage);
            QVERIFY(!c.hide);
        }
    }

    void facebookHidesOnlyWhereCanHide()
    {
        ConversationFacts comment = facts(Platform::Facebook, QStringLiteral("post:1_2:77"));
        QVERIFY(ConversationCapabilities::of(comment, kNow).hide); // not said: Facebook decides
        comment.latestCanHide = true;
        QVERIFY(ConversationCapabilities::of(comment, kNow).hide);
        comment.latestCanHide = false;
        auto c = ConversationCapabilities::of(comment, kNow);
        QVERIFY(!c.hide);
        QVERIFY(c.hide.reason.contains(QLatin1String("Facebook does not let the Page hide")));
        QVERIFY(c.publicReply);
    }

    void facebookPrivateReplyOnceWithinSevenDays()
    {
        ConversationFacts comment = facts(Platform::Facebook, QStringLiteral("post:1_2:77"));
        QVERIFY(ConversationCapabilities::of(comment, kNow).privateMessage);
        comment.lastInboundAt = kNow.addDays(-7).addSecs(60); // 6 days 23:59 old
        QVERIFY(ConversationCapabilities::of(comment, kNow).privateMessage);
        comment.lastInboundAt = kNow.addDays(-7).addSecs(-60);
        auto late = ConversationCapabilities::of(comment, kNow).privateMessage;
        QVERIFY(!late);
        QVERIFY(late.reason.contains(QLatin1String("more than 7 days old")));
        comment.lastInboundAt = kNow.addSecs(-60);
        comment.privateRepliesSent = 1;
        auto twice = ConversationCapabilities::of(comment, kNow).privateMessage;
        QVERIFY(!twice);
        QVERIFY(twice.reason.contains(QLatin1String("one private reply per comment")));
    }

    void messengerWithin24HoursOrSevenDaysWithTheHumanAgentTag()
    {
        ConversationFacts messenger = facts(Platform::Facebook, QStringLiteral("messenger:77"));
        messenger.hasVisiblePublicInbound = false;
        auto c = ConversationCapabilities::of(messenger, kNow);
        QVERIFY(!c.publicReply);
        QVERIFY(c.publicReply.reason.contains(QLatin1String("no public side")));
        QVERIFY(c.privateMessage);
        messenger.lastInboundAt = kNow.addSecs(-30 * 3600);
        c = ConversationCapabilities::of(messenger, kNow);
        QVERIFY(!c.privateMessage);
        QVERIFY(c.privateMessage.reason.contains(QLatin1String("1 d 6 h ago")));
        QVERIFY(c.privateMessage.reason.contains(QLatin1String("another channel")));
        messenger.humanAgentTag = true;
        QVERIFY(ConversationCapabilities::of(messenger, kNow).privateMessage);
        messenger.lastInboundAt = kNow.addDays(-8);
        c = ConversationCapabilities::of(messenger, kNow);
        QVERIFY(!c.privateMessage);
        QVERIFY(c.privateMessage.reason.contains(QLatin1String("human agent tag")));
    }

    void blogFindsAreNeverAnsweredOnTheBlog()
    {
        ConversationFacts article = facts(Platform::Blog, QStringLiteral("https://blog.example/post-1"));
        article.foundByListening = true;
        auto c = ConversationCapabilities::of(article, kNow);
        QVERIFY(!c.publicReply);
        QVERIFY(!c.privateMessage);
        QVERIFY(!c.hide);
        QVERIFY(c.privateMessage.reason.contains(QLatin1String("another channel")));
        QVERIFY(c.privateMessage.reason.contains(QLatin1String("internal note")));
    }

    void emailIsPrivateOnly()
    {
        auto c = ConversationCapabilities::of(facts(Platform::Email, QStringLiteral("<a@b>")), kNow);
        QVERIFY(!c.publicReply);
        QCOMPARE(c.publicReply.reason, QStringLiteral("E-mail answers are private."));
        QVERIFY(c.privateMessage);
        QVERIFY(!c.hide);
        QVERIFY(c.hide.reason.contains(QLatin1String("E-mail")));
    }

    void mastodonAndBlueskyReplyButCannotHide()
    {
        for (Platform p : {Platform::Mastodon, Platform::Bluesky}) {
            auto c = ConversationCapabilities::of(facts(p, QStringLiteral("root:42")), kNow);
            QVERIFY(c.publicReply);
            QVERIFY(c.privateMessage); // Bluesky: the customer's chat setting is asked separately
            QVERIFY(!c.hide);
            QVERIFY(c.hide.reason.contains(QLatin1String("does not let a brand hide")));
        }
    }

    void unhideOnlyWhatIsHidden()
    {
        ConversationFacts f = facts(Platform::Facebook, QStringLiteral("post:1_2:77"));
        auto c = ConversationCapabilities::of(f, kNow);
        QVERIFY(!c.unhide);
        QVERIFY(!c.unhide.reason.isEmpty());
        f.hasHiddenInbound = true;
        QVERIFY(ConversationCapabilities::of(f, kNow).unhide);
    }
};

QTEST_GUILESS_MAIN(TestConversationCapabilities)
#include "tst_conversation_capabilities.moc"
