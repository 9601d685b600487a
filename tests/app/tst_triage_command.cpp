#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// Drives the real `careconsole triage` the way a lead does: JSON Lines through a pipe.
class TestTriageCommand : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run run(const QStringList &arguments, const QByteArray &input)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // No display on purpose: triage must not need one.
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        process.start(
            qEnvironmentVariable("CARE_CONSOLE_BINARY"), QStringList { QStringLiteral("triage") } + arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
    }

    static QList<QJsonObject> objects(const QByteArray &out)
    {
        QList<QJsonObject> result;
        for (const QByteArray &line : out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonDocument document = QJsonDocument::fromJson(line);
            result << (document.isObject() ? document.object()
                                           : QJsonObject { { QStringLiteral("unparsable"), true } });
        }
        return result;
    }

    QTemporaryDir m_home;

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")),
            "CARE_CONSOLE_BINARY must point at careconsole");
    }

    void classifiesEveryLineAndReportsMalformedOnes()
    {
        const QByteArray input = "{\"text\": \"My flight is at 7am tomorrow and I can't log in to check in\", "
                                 "\"created_at\": \"2024-05-01T18:00:00Z\"}\n"
                                 "{\"text\": \"this line is broken\n"
                                 "{\"text\": \"Thank you so much, the crew were amazing \xe2\x9d\xa4\xef\xb8\x8f\"}\n";
        const Run r = run({}, input);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QList<QJsonObject> lines = objects(r.out);
        QCOMPARE(lines.size(), 3);

        const QJsonObject &urgent = lines.at(0);
        QCOMPARE(urgent.value(QStringLiteral("line")).toInt(), 1);
        QCOMPARE(urgent.value(QStringLiteral("urgency")).toString(), QStringLiteral("urgent"));
        QCOMPARE(urgent.value(QStringLiteral("sentiment")).toString(), QStringLiteral("negative"));
        QVERIFY(urgent.value(QStringLiteral("time_sensitive")).isBool());
        QCOMPARE(urgent.value(QStringLiteral("time_sensitive")).toBool(), true);
        QVERIFY(urgent.value(QStringLiteral("reasons")).isArray());
        const QJsonArray reasons = urgent.value(QStringLiteral("reasons")).toArray();
        QVERIFY(!reasons.isEmpty());
        for (const QJsonValue &reason : reasons)
            QVERIFY(reason.isString());
        QVERIFY2(reasons.contains(QStringLiteral("time-sensitive: \"flight is at 7am tomorrow\"")),
            QJsonDocument(reasons).toJson().constData());

        const QJsonObject &broken = lines.at(1);
        QCOMPARE(broken.value(QStringLiteral("line")).toInt(), 2);
        QVERIFY(broken.value(QStringLiteral("error")).isString());
        QVERIFY(broken.value(QStringLiteral("error")).toString().contains(QStringLiteral("not valid JSON")));
        QVERIFY(!broken.contains(QStringLiteral("urgency")));

        const QJsonObject &praise = lines.at(2);
        QCOMPARE(praise.value(QStringLiteral("line")).toInt(), 3);
        QCOMPARE(praise.value(QStringLiteral("urgency")).toString(), QStringLiteral("normal"));
        QCOMPARE(praise.value(QStringLiteral("sentiment")).toString(), QStringLiteral("positive"));
        QCOMPARE(praise.value(QStringLiteral("time_sensitive")).toBool(), false);
        QCOMPARE(praise.value(QStringLiteral("praise")).toBool(), true);
    }

    void emptyInputGivesEmptyOutput()
    {
        const Run r = run({}, {});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
    }

    void unknownArgumentIsAUsageError()
    {
        const Run r = run({ QStringLiteral("--frobnicate") }, {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--frobnicate"));
        QVERIFY(r.err.contains("Usage: careconsole triage"));
    }

    void editedRulesCanBeTried()
    {
        QFile rules(m_home.filePath(QStringLiteral("rules-en.json")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("{\"format\": \"care-triage-rules\", \"version\": 1, \"language\": \"en\", \"signals\": "
                    "{\"service_loss\": [{\"id\": \"kiosk\", \"pattern\": \"kiosk (is )?broken\"}]}}");
        rules.close();
        const Run r = run({ QStringLiteral("--rules"), rules.fileName() }, "{\"text\": \"the kiosk is broken\"}\n");
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> lines = objects(r.out);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).value(QStringLiteral("urgency")).toString(), QStringLiteral("high"));
        QCOMPARE(lines.at(0).value(QStringLiteral("rules")).toArray().first().toString(), QStringLiteral("en/kiosk"));

        QVERIFY(rules.open(QIODevice::WriteOnly | QIODevice::Truncate));
        rules.write("{\"format\": \"care-triage-rules\", \"version\": 1, \"language\": \"en\", \"signals\": "
                    "{\"negative\": [{\"id\": \"bad-one\", \"pattern\": \"(unclosed\"}]}}");
        rules.close();
        const Run bad = run({ QStringLiteral("--rules"), rules.fileName() }, "{\"text\": \"hi\"}\n");
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("rule \"bad-one\""), bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTriageCommand)
#include "tst_triage_command.moc"
