// SupplementaryStreams: a supplementary stream's failure is skipped and kept in words for the
// account's status; what must stop the pass (rate limit, token, connection, store) is passed on.
#include "sync/SupplementaryStreams.h"

#include <QLoggingCategory>
#include <QTest>

using namespace Care;
using Code = Core::Error::Code;

Q_LOGGING_CATEGORY(lcTest, "care.test.supplementary")

class TestSupplementaryStreams : public QObject
{
    Q_OBJECT

private slots:
    void aRefusedStreamIsSkippedAndSaid()
    {
        Sync::SupplementaryStreams streams(lcTest());
        QVERIFY(streams.take({}, QStringLiteral("search:acme"), QStringLiteral("Posts naming “acme”")));
        QCOMPARE(streams.leftOut(), QString());
        const Core::Status refused = Core::Error::make(Code::Rejected, QStringLiteral("This app password does not allow direct messages."),
                                                       QStringLiteral("Create one with direct-message access."));
        QVERIFY(streams.take(refused, QStringLiteral("direct"), QStringLiteral("Direct messages")));
        QVERIFY(streams.take(Core::Error::make(Code::BadResponse, QStringLiteral("search.example answered 502.")),
                             QStringLiteral("search:acme"), QStringLiteral("Posts naming “acme”")));
        QCOMPARE(streams.leftOut(),
                 QStringLiteral("Direct messages were not read: This app password does not allow direct messages.\n"
                                "Create one with direct-message access.\n"
                                "Posts naming “acme” were not read: search.example answered 502."));
        streams.clear();
        QCOMPARE(streams.leftOut(), QString());
    }

    void whatMustStopThePassIsPassedOn_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("rate limited") << int(Code::RateLimited);
        QTest::newRow("token revoked") << int(Code::TokenRevoked);
        QTest::newRow("store failed") << int(Code::QueryFailed);
        QTest::newRow("connection lost") << int(Code::ConnectionLost);
    }

    void whatMustStopThePassIsPassedOn()
    {
        QFETCH(int, code);
        Sync::SupplementaryStreams streams(lcTest());
        const Core::Status s = streams.take(Core::Error::make(Code(code), QStringLiteral("stop")), QStringLiteral("direct"),
                                            QStringLiteral("Direct messages"));
        QVERIFY(!s);
        QCOMPARE(int(s.error().code), code);
        QCOMPARE(streams.leftOut(), QString());
    }
};

QTEST_GUILESS_MAIN(TestSupplementaryStreams)
#include "tst_supplementarystreams.moc"
