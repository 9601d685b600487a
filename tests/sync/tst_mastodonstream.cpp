// MastodonStream against the scripted local instance (tests/support/fake_mastodon): events
// parsed twice and reported once, a connection cut in the middle of an event, a wrong token,
// an instance without streaming, the back-off and its reset. Connection attempts are counted
// by a small TCP relay in front of the instance's streaming port, independently of the code
// under test.
#include "FakeMastodon.h"

#include "sync/MastodonStream.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace Care;
using Sync::MastodonStream;
using Tests::FakeMastodon;

namespace {

QStringList *s_logged = nullptr;
QtMessageHandler s_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (s_logged)
        s_logged->append(QString(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ')
                                 + message));
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

const QString WrongToken = QStringLiteral("wrong-token-6f1d0c");

} // namespace

class TestMastodonStream : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeMastodon> m_server;
    QStringList m_logged;
    // The relay: counts TCP connections; aborts each one at once while m_relayRefuses.
    std::unique_ptr<QTcpServer> m_relay;
    int m_relayConnections = 0;
    bool m_relayRefuses = false;

    std::unique_ptr<MastodonStream> makeStream(const QUrl &base, const QString &token)
    {
        auto stream = std::make_unique<MastodonStream>(base, token);
        stream->setBackoff(Sync::Backoff(40, 400));
        return stream;
    }

    QUrl startRelay()
    {
        m_relay = std::make_unique<QTcpServer>();
        if (!m_relay->listen(QHostAddress::LocalHost))
            return {};
        const quint16 upstreamPort = quint16(m_server->streamingUrl().port());
        connect(m_relay.get(), &QTcpServer::newConnection, this, [this, upstreamPort] {
            while (QTcpSocket *client = m_relay->nextPendingConnection()) {
                ++m_relayConnections;
                if (m_relayRefuses) {
                    client->abort();
                    client->deleteLater();
                    continue;
                }
                auto *upstream = new QTcpSocket(client);
                connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
                connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
                connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
                connect(client, &QTcpSocket::disconnected, client, [client, upstream] {
                    upstream->disconnectFromHost();
                    client->deleteLater();
                });
                upstream->connectToHost(QHostAddress::LocalHost, upstreamPort);
                if (client->bytesAvailable() > 0)
                    upstream->write(client->readAll());
            }
        });
        return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_relay->serverPort()));
    }

    QString mention(const QString &text)
    {
        return m_server->addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Customer One"),
                                    QString(QLatin1String("<p>") + m_server->brandMentionHtml() + QLatin1Char(' ') + text
                                            + QLatin1String("</p>")));
    }

    bool logged(const QString &part) const
    {
        for (const QString &line : m_logged) {
            if (line.contains(part))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("care.sync.stream.debug=true"));
        s_logged = &m_logged;
        s_previousHandler = qInstallMessageHandler(recordMessage);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(s_previousHandler);
        s_logged = nullptr;
    }

    void init()
    {
        m_logged.clear();
        m_relayConnections = 0;
        m_relayRefuses = false;
        m_server = std::make_unique<FakeMastodon>();
        QVERIFY(m_server->listen());
    }

    void cleanup()
    {
        // Never the token, whatever happened: not in logs, not in warnings, not in debug output.
        QVERIFY(!m_logged.isEmpty()); // the stream logs at least its opening, so this check sees something
        for (const QString &line : std::as_const(m_logged)) {
            QVERIFY2(!line.contains(m_server->token()), qPrintable(line));
            QVERIFY2(!line.contains(WrongToken), qPrintable(line));
        }
        m_relay.reset();
        m_server.reset();
    }

    void receivesMentionAfterConnect()
    {
        auto stream = makeStream(m_server->streamingUrl(), m_server->token());
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy gaps(stream.get(), &MastodonStream::gapPossible);
        QSignalSpy notifications(stream.get(), &MastodonStream::notificationArrived);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        QSignalSpy unavailable(stream.get(), &MastodonStream::unavailable);

        // The token travels in the Authorization header only (the instance accepts both).
        QCOMPARE(stream->endpoint().path(), QStringLiteral("/api/v1/streaming"));
        QVERIFY(!stream->endpoint().toString().contains(m_server->token()));
        QCOMPARE(stream->state(), MastodonStream::State::Stopped);

        stream->start();
        QCOMPARE(stream->state(), MastodonStream::State::Connecting);
        QVERIFY(connected.wait(5000));
        QCOMPARE(gaps.count(), 1);
        QVERIFY(stream->isLive());
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QCOMPARE(m_server->streamClients(), 1);
        QTest::qWait(150); // the "user" subscription too, so the instance sends the mention twice

        const QString statusId = mention(QStringLiteral("lid cracked on order 4471"));
        QTRY_COMPARE(notifications.count(), 1);
        const auto notification = notifications.at(0).at(0).value<Sync::Mastodon::Notification>();
        QCOMPARE(notification.type, QStringLiteral("mention"));
        QCOMPARE(notification.id, m_server->notificationIds().last());
        QCOMPARE(notification.account.acct, QStringLiteral("kettle_fan@social.example"));
        QCOMPARE(notification.account.displayName, QStringLiteral("Customer One"));
        QVERIFY(notification.status.has_value());
        QCOMPARE(notification.status->id, statusId);
        QCOMPARE(notification.status->text, QStringLiteral("@acme lid cracked on order 4471"));
        QCOMPARE(notification.status->account.acct, QStringLiteral("kettle_fan@social.example"));

        // Sent on "user" and on "user:notification": reported once.
        QTest::qWait(200);
        QCOMPARE(notifications.count(), 1);
        QCOMPARE(drops.count(), 0);
        QCOMPARE(unavailable.count(), 0);
        QCOMPARE(connected.count(), 1);
    }

    void editAndDelete()
    {
        auto stream = makeStream(m_server->streamingUrl(), m_server->token());
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy notifications(stream.get(), &MastodonStream::notificationArrived);
        QSignalSpy edits(stream.get(), &MastodonStream::statusEdited);
        QSignalSpy deletions(stream.get(), &MastodonStream::statusDeleted);
        stream->start();
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QTest::qWait(150);

        const QString statusId = mention(QStringLiteral("lid cracked"));
        QTRY_COMPARE(notifications.count(), 1);

        m_server->editStatus(statusId, QStringLiteral("<p>lid replaced, thanks!</p>"));
        QTRY_COMPARE(edits.count(), 1);
        const auto edited = edits.at(0).at(0).value<Sync::Mastodon::Status>();
        QCOMPARE(edited.id, statusId);
        QCOMPARE(edited.text, QStringLiteral("lid replaced, thanks!"));
        QVERIFY(edited.editedAt.isValid());
        QCOMPARE(edited.account.acct, QStringLiteral("kettle_fan@social.example"));

        m_server->deleteStatus(statusId);
        QTRY_COMPARE(deletions.count(), 1);
        QCOMPARE(deletions.at(0).at(0).toString(), statusId);

        // Each was sent on both streams: reported once.
        QTest::qWait(200);
        QCOMPARE(edits.count(), 1);
        QCOMPARE(deletions.count(), 1);
        QCOMPARE(notifications.count(), 1);
    }

    void dropMidEventReconnects()
    {
        auto stream = makeStream(m_server->streamingUrl(), m_server->token());
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy gaps(stream.get(), &MastodonStream::gapPossible);
        QSignalSpy notifications(stream.get(), &MastodonStream::notificationArrived);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        QSignalSpy unavailable(stream.get(), &MastodonStream::unavailable);
        stream->start();
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);

        m_server->dropStreamMidEvent();
        mention(QStringLiteral("lost in transit"));
        QTRY_COMPARE(drops.count(), 1);
        const auto error = drops.at(0).at(0).value<Core::Error>();
        QCOMPARE(error.code, Core::Error::Code::NetworkError);
        QVERIFY2(error.message.startsWith(QStringLiteral("The live connection to 127.0.0.1 dropped — reconnecting in ")),
                 qPrintable(error.message));
        QVERIFY(!error.hint.isEmpty());
        QCOMPARE(notifications.count(), 0); // the half event was not taken for one
        QVERIFY(logged(QStringLiteral("ignored an unreadable event")));

        // Back by itself, and the owner is told to fill the gap.
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 5000);
        QCOMPARE(gaps.count(), 2);
        QVERIFY(stream->isLive());
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        mention(QStringLiteral("whole again"));
        QTRY_COMPARE(notifications.count(), 1);
        QCOMPARE(notifications.at(0).at(0).value<Sync::Mastodon::Notification>().status->text,
                 QStringLiteral("@acme whole again"));
        QCOMPARE(drops.count(), 1);
        QCOMPARE(unavailable.count(), 0);
    }

    void wrongTokenIsRefusedWithoutRetrying()
    {
        const QUrl relay = startRelay();
        QVERIFY(relay.isValid());
        auto stream = makeStream(relay, WrongToken);
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        QSignalSpy unavailable(stream.get(), &MastodonStream::unavailable);
        stream->start();
        QVERIFY(unavailable.wait(5000));
        const auto error = unavailable.at(0).at(0).value<Core::Error>();
        QCOMPARE(error.code, Core::Error::Code::TokenRevoked);
        QVERIFY2(error.message.contains(QStringLiteral("token is invalid or was revoked — reconnect the account")),
                 qPrintable(error.message));
        QVERIFY(error.detail.contains(QLatin1String("401")));
        QCOMPARE(stream->state(), MastodonStream::State::Stopped);

        // No reconnect loop: one attempt in a second, even with a back-off of a few ms.
        QTest::qWait(1000);
        QCOMPARE(m_relayConnections, 1);
        QCOMPARE(unavailable.count(), 1);
        QCOMPARE(drops.count(), 0);
        QCOMPARE(connected.count(), 0);
        QCOMPARE(m_server->streamClients(), 0);
    }

    void instanceWithoutStreaming()
    {
        const QUrl relay = startRelay();
        QVERIFY(relay.isValid());
        auto stream = makeStream(relay, m_server->token());
        stream->setUnavailableRetryMs(1500);
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy gaps(stream.get(), &MastodonStream::gapPossible);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        QSignalSpy unavailable(stream.get(), &MastodonStream::unavailable);
        stream->start();
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamSubscribers(), 1);

        // The instance closes the stream and refuses the next handshake with 404.
        m_server->setStreamingAvailable(false);
        QVERIFY(unavailable.wait(5000));
        QCOMPARE(drops.count(), 1); // the close, retried once
        QVERIFY2(drops.at(0).at(0).value<Core::Error>().message.contains(QLatin1String("127.0.0.1")),
                 qPrintable(drops.at(0).at(0).value<Core::Error>().message));
        const auto error = unavailable.at(0).at(0).value<Core::Error>();
        QCOMPARE(error.code, Core::Error::Code::Rejected);
        QVERIFY2(error.message.contains(QLatin1String("offers no live connection (HTTP 404)")), qPrintable(error.message));
        QVERIFY2(error.hint.contains(QLatin1String("tried again in 2 s")), qPrintable(error.hint));
        QCOMPARE(stream->state(), MastodonStream::State::Unavailable);
        QCOMPARE(stream->pendingRetryMs(), 1500);
        QCOMPARE(m_relayConnections, 2);

        // Left alone for the retry interval, not hammered.
        QTest::qWait(700);
        QCOMPARE(m_relayConnections, 2);
        QCOMPARE(unavailable.count(), 1);
        QCOMPARE(drops.count(), 1);

        // When the instance streams again, the next (late) attempt connects.
        m_server->setStreamingAvailable(true);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 5000);
        QCOMPARE(gaps.count(), 2);
        QCOMPARE(m_relayConnections, 3);
    }

    void backoffGrowsAndResetsWhenStable()
    {
        const QUrl relay = startRelay();
        QVERIFY(relay.isValid());
        auto stream = makeStream(relay, m_server->token());
        stream->setBackoff(Sync::Backoff(20, 100000)); // attempt n waits 10·2^n .. 20·2^n ms
        stream->setStableAfterMs(150);
        QList<qint64> delays;
        connect(stream.get(), &MastodonStream::disconnected, this,
                [&delays, &stream] { delays.append(stream->pendingRetryMs()); });
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        QSignalSpy unavailable(stream.get(), &MastodonStream::unavailable);

        m_relayRefuses = true;
        stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(delays.size() >= 4, 5000);
        m_relayRefuses = false;
        for (int n = 0; n < 4; ++n) {
            QVERIFY2(delays.at(n) >= 10 << n && delays.at(n) <= 20 << n,
                     qPrintable(QStringLiteral("attempt %1 waited %2 ms").arg(n).arg(delays.at(n))));
        }
        QVERIFY2(drops.at(0).at(0).value<Core::Error>().message.contains(QStringLiteral("could not be opened — retrying in")),
                 qPrintable(drops.at(0).at(0).value<Core::Error>().message));
        QVERIFY(m_relayConnections >= 4);

        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 5000);
        QTRY_COMPARE(m_server->streamSubscribers(), 1);
        QTest::qWait(300); // longer than stable

        const qsizetype before = delays.size();
        m_server->dropStreamMidEvent();
        mention(QStringLiteral("cut"));
        QTRY_COMPARE(delays.size(), before + 1);
        QVERIFY2(delays.last() >= 10 && delays.last() <= 20, qPrintable(QString::number(delays.last())));
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 5000);
        QCOMPARE(unavailable.count(), 0);
    }

    void stopClosesAndStaysClosed()
    {
        auto stream = makeStream(m_server->streamingUrl(), m_server->token());
        QSignalSpy connected(stream.get(), &MastodonStream::connected);
        QSignalSpy drops(stream.get(), &MastodonStream::disconnected);
        stream->start();
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamClients(), 1);
        stream->stop();
        QCOMPARE(stream->state(), MastodonStream::State::Stopped);
        QTRY_COMPARE(m_server->streamClients(), 0);
        QTest::qWait(300);
        QCOMPARE(m_server->streamClients(), 0);
        QCOMPARE(connected.count(), 1);
        QCOMPARE(drops.count(), 0);

        stream->start();
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streamClients(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMastodonStream)
#include "tst_mastodonstream.moc"
