#include "core/Account.h"
#include "core/Conversation.h"
#include "core/DurationFormat.h"
#include "core/Message.h"
#include "core/Platform.h"

#include <QSet>
#include <QTest>

using namespace Care::Core;

namespace {

// Checks that every value maps to a distinct, non-empty, lower-case id that maps back to it.
template<typename Enum, typename ToId, typename FromId>
bool roundTrips(const QList<Enum> &all, ToId toId, FromId fromId, QString *failure)
{
    QSet<QString> seen;
    for (Enum value : all) {
        const QString id = toId(value);
        if (id.isEmpty() || id != id.toLower() || id.trimmed() != id) {
            *failure = QStringLiteral("bad id \"%1\"").arg(id);
            return false;
        }
        if (seen.contains(id)) {
            *failure = QStringLiteral("duplicate id \"%1\"").arg(id);
            return false;
        }
        seen.insert(id);
        const auto back = fromId(id);
        if (!back.has_value() || *back != value) {
            *failure = QStringLiteral("id \"%1\" does not map back").arg(id);
            return false;
        }
    }
    return true;
}

const QStringList kUnknownIds{QString(), QStringLiteral(" "), QStringLiteral("bogus"), QStringLiteral("0")};

} // namespace

class TestDomain : public QObject
{
    Q_OBJECT

private slots:
    void platformIds()
    {
        const QList<Platform> all{Platform::X,       Platform::Facebook, Platform::Mastodon,
                                  Platform::Bluesky, Platform::Email,    Platform::Blog};
        QCOMPARE(allPlatforms(), all);
        QString failure;
        QVERIFY2(roundTrips(all, platformId, platformFromId, &failure), qPrintable(failure));
        QCOMPARE(platformId(Platform::X), QStringLiteral("x"));
        QCOMPARE(platformId(Platform::Email), QStringLiteral("email"));
        for (Platform p : all)
            QVERIFY(!platformDisplayName(p).isEmpty());
    }

    void platformUnknownIds()
    {
        for (const QString &id : kUnknownIds)
            QVERIFY2(!platformFromId(id).has_value(), qPrintable(id));
        // Ids are exact: no case folding, no display names.
        QVERIFY(!platformFromId(QStringLiteral("X")).has_value());
        QVERIFY(!platformFromId(QStringLiteral("Mastodon")).has_value());
        QVERIFY(!platformFromId(platformDisplayName(Platform::Email)).has_value());
    }

    // Lists show a Facebook Page and a feed by name: their handle is the Page's number or the
    // feed's address. The others by handle.
    void accountLabels()
    {
        Account page;
        page.platform = Platform::Facebook;
        page.handle = QStringLiteral("104233445566");
        page.name = QStringLiteral("Acme Kitchen");
        QCOMPARE(accountLabel(page), QStringLiteral("Facebook Acme Kitchen"));
        page.name.clear();
        QCOMPARE(accountLabel(page), QStringLiteral("Facebook 104233445566"));
        Account x;
        x.platform = Platform::X;
        x.handle = QStringLiteral("@acme");
        x.name = QStringLiteral("Acme on X");
        QCOMPARE(accountLabel(x), QStringLiteral("X @acme"));
        Account feed;
        feed.platform = Platform::Blog;
        feed.handle = QStringLiteral("gadgets.example/feed");
        feed.name = QStringLiteral("Kitchen Gadget Reviews");
        QCOMPARE(accountLabel(feed), platformDisplayName(Platform::Blog) + QStringLiteral(" Kitchen Gadget Reviews"));
    }

    void statusIds()
    {
        const QList<ConversationStatus> all{ConversationStatus::Open, ConversationStatus::Pending,
                                            ConversationStatus::Snoozed, ConversationStatus::Resolved};
        QString failure;
        QVERIFY2(roundTrips(all, statusId, statusFromId, &failure), qPrintable(failure));
        for (auto s : all)
            QVERIFY(!statusDisplayName(s).isEmpty());
        for (const QString &id : kUnknownIds)
            QVERIFY(!statusFromId(id).has_value());
        QVERIFY(!statusFromId(QStringLiteral("OPEN")).has_value());
        QVERIFY(!statusFromId(QStringLiteral("closed")).has_value());
    }

    void priorityIds()
    {
        const QList<Priority> all{Priority::Low, Priority::Normal, Priority::High, Priority::Urgent};
        QString failure;
        QVERIFY2(roundTrips(all, priorityId, priorityFromId, &failure), qPrintable(failure));
        for (auto p : all)
            QVERIFY(!priorityDisplayName(p).isEmpty());
        for (const QString &id : kUnknownIds)
            QVERIFY(!priorityFromId(id).has_value());
        QVERIFY(!priorityFromId(QStringLiteral("critical")).has_value());
    }

    void directionIds()
    {
        const QList<Direction> all{Direction::Inbound, Direction::Outbound, Direction::Note};
        QString failure;
        QVERIFY2(roundTrips(all, directionId, directionFromId, &failure), qPrintable(failure));
        for (const QString &id : kUnknownIds)
            QVERIFY(!directionFromId(id).has_value());
        QVERIFY(!directionFromId(QStringLiteral("Inbound")).has_value());
    }

    void visibilityIds()
    {
        const QList<Visibility> all{Visibility::Public, Visibility::Private};
        QString failure;
        QVERIFY2(roundTrips(all, visibilityId, visibilityFromId, &failure), qPrintable(failure));
        for (const QString &id : kUnknownIds)
            QVERIFY(!visibilityFromId(id).has_value());
        QVERIFY(!visibilityFromId(QStringLiteral("PUBLIC")).has_value());
    }

    void deliveryStateIds()
    {
        const QList<DeliveryState> all{DeliveryState::NotApplicable, DeliveryState::Queued, DeliveryState::Sending,
                                       DeliveryState::Sent,          DeliveryState::Unknown, DeliveryState::Failed};
        QString failure;
        QVERIFY2(roundTrips(all, deliveryStateId, deliveryStateFromId, &failure), qPrintable(failure));
        for (const QString &id : kUnknownIds)
            QVERIFY(!deliveryStateFromId(id).has_value());
        QVERIFY(!deliveryStateFromId(QStringLiteral("delivered")).has_value());
        // Only the brand's own messages show a delivery state.
        QVERIFY(deliveryStateDisplayName(DeliveryState::NotApplicable).isEmpty());
        for (auto s : all) {
            if (s != DeliveryState::NotApplicable)
                QVERIFY(!deliveryStateDisplayName(s).isEmpty());
        }
    }

    void messageCountsAsResponse()
    {
        Message m;
        m.direction = Direction::Outbound;
        QVERIFY(m.countsAsResponse());
        m.visibility = Visibility::Private;
        QVERIFY(m.countsAsResponse());
        m.automatic = true;
        QVERIFY(!m.countsAsResponse());
        m.automatic = false;
        m.direction = Direction::Note;
        QVERIFY(!m.countsAsResponse());
        m.direction = Direction::Inbound;
        QVERIFY(!m.countsAsResponse());
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        const QString minus = QStringLiteral("\u2212");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0 s");
        QTest::newRow("45 s") << qint64(45) << QStringLiteral("45 s");
        QTest::newRow("59 s") << qint64(59) << QStringLiteral("59 s");
        QTest::newRow("1 min") << qint64(60) << QStringLiteral("1 min");
        QTest::newRow("12 min") << qint64(12 * 60) << QStringLiteral("12 min");
        QTest::newRow("12 min 59 s rounds down") << qint64(12 * 60 + 59) << QStringLiteral("12 min");
        QTest::newRow("59 min") << qint64(3599) << QStringLiteral("59 min");
        QTest::newRow("1 h") << qint64(3600) << QStringLiteral("1 h");
        QTest::newRow("3 h 5 min") << qint64(3 * 3600 + 5 * 60) << QStringLiteral("3 h 5 min");
        QTest::newRow("3 h 5 min 30 s") << qint64(3 * 3600 + 5 * 60 + 30) << QStringLiteral("3 h 5 min");
        QTest::newRow("23 h 59 min") << qint64(86399) << QStringLiteral("23 h 59 min");
        QTest::newRow("1 d") << qint64(86400) << QStringLiteral("1 d");
        QTest::newRow("2 d 4 h") << qint64(2 * 86400 + 4 * 3600) << QStringLiteral("2 d 4 h");
        QTest::newRow("2 d 4 h 59 min") << qint64(2 * 86400 + 4 * 3600 + 59 * 60) << QStringLiteral("2 d 4 h");
        QTest::newRow("40 d") << qint64(40 * 86400) << QStringLiteral("40 d");
        QTest::newRow("negative 45 s") << qint64(-45) << QString(minus + QStringLiteral("45 s"));
        QTest::newRow("negative 3 h 5 min") << qint64(-(3 * 3600 + 5 * 60)) << QString(minus + QStringLiteral("3 h 5 min"));
        QTest::newRow("negative 2 d 4 h") << qint64(-(2 * 86400 + 4 * 3600)) << QString(minus + QStringLiteral("2 d 4 h"));
    }

    void formatDuration()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(Care::Core::formatDuration(seconds), expected);
    }

    void negativeIsPositiveWithASign()
    {
        for (qint64 s : {1LL, 61LL, 3661LL, 90061LL}) {
            const QString positive = Care::Core::formatDuration(s);
            const QString negative = Care::Core::formatDuration(-s);
            QVERIFY(!positive.startsWith(QChar(0x2212)));
            QCOMPARE(negative, QString(QChar(0x2212) + positive));
        }
    }
};

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
