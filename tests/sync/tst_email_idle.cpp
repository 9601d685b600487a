// IMAP IDLE against the real Dovecot of the email_servers fixture: the server offers it; a mail
// delivered through OpenSMTPD while idling is announced within seconds; a quiet mailbox ends the
// wait at its time limit; stopping ends it at once.
#include "MailServersFixture.h"
#include "sync/CurlTransfer.h"
#include "sync/ImapClient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QtTest>
#include <thread>

using namespace Care;

class TestEmailIdle : public QObject
{
    Q_OBJECT

private:
    QHash<QString, QString> m_ports;

    Sync::MailServer server(const char *scheme, const QString &port, const QString &user, const QString &password) const
    {
        Sync::MailServer s;
        s.url = QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(QLatin1String(scheme), port));
        s.user = user;
        s.password = password;
        s.allowPlain = true;
        return s;
    }
    Sync::MailServer imap() const
    {
        return server("imap", m_ports.value(QStringLiteral("IMAP_PORT")), QStringLiteral("support"), QStringLiteral("s3cret"));
    }

    bool sendMail(const QByteArray &subject) const
    {
        Sync::CurlTransfer smtp(server("smtp", m_ports.value(QStringLiteral("SMTP_PORT")), QString(), QString()));
        const QByteArray message = "From: idle@example.com\r\nTo: support@care.test\r\nSubject: " + subject
                                   + "\r\nMessage-ID: <" + subject + "@example.com>\r\n\r\nHello.\r\n";
        bool reached = false;
        return smtp.sendMail("idle@example.com", {"support@care.test"}, message, &reached).ok();
    }

private slots:
    void initTestCase()
    {
        m_ports = Tests::mailServerPorts();
        QVERIFY2(!m_ports.isEmpty(), "needs the email_servers fixture (CARE_MAIL_SERVERS)");
    }

    void theServerOffersIdle()
    {
        Sync::ImapClient client(imap());
        auto offered = client.offersIdle();
        QVERIFY2(offered.ok(), offered.ok() ? "" : qPrintable(offered.error().fullText()));
        QVERIFY(offered.value());
    }

    void aQuietMailboxEndsAtTheTimeLimit()
    {
        Sync::ImapClient client(imap());
        QElapsedTimer timer;
        timer.start();
        auto news = client.idle(QStringLiteral("INBOX"), 2, nullptr);
        QVERIFY2(news.ok(), news.ok() ? "" : qPrintable(news.error().fullText()));
        QVERIFY(!news.value());
        QVERIFY2(timer.elapsed() >= 1900 && timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
    }

    void newMailIsAnnouncedWithinSeconds()
    {
        Sync::ImapClient client(imap());
        std::thread sender([this] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1000));
            QVERIFY(sendMail("idle-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch())));
        });
        QElapsedTimer timer;
        timer.start();
        auto news = client.idle(QStringLiteral("INBOX"), 30, nullptr);
        const qint64 elapsed = timer.elapsed();
        sender.join();
        QVERIFY2(news.ok(), news.ok() ? "" : qPrintable(news.error().fullText()));
        QVERIFY(news.value());
        qInfo("new mail announced after %lld ms (sent after 1000 ms)", elapsed);
        QVERIFY2(elapsed >= 1000 && elapsed < 10000, qPrintable(QString::number(elapsed)));
        // The client works on after hanging up on IDLE.
        QVERIFY(client.status(QStringLiteral("INBOX")).ok());
    }

    void stoppingEndsTheWaitAtOnce()
    {
        Sync::ImapClient client(imap());
        std::atomic_bool stop{false};
        std::thread stopper([&stop] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            stop = true;
        });
        QElapsedTimer timer;
        timer.start();
        auto news = client.idle(QStringLiteral("INBOX"), 30, &stop);
        stopper.join();
        QVERIFY(news.ok());
        QVERIFY(!news.value());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestEmailIdle)
#include "tst_email_idle.moc"
