// Workspace packs (Core::WorkspacePack, Store::WorkspacePackTransfer) on SQLite: export → import
// into a fresh store gives the same workspace; the dry run lists exactly what would change and
// changes nothing; a second import changes nothing; a malformed or hostile pack (wrong types,
// huge file, path traversal in names, control characters, an unknown version, broken calendar,
// SLA or triage sections) is refused with a report that names the problem, and the store is
// unchanged; an import that fails half-way (a locked calendar) leaves nothing behind.
#include "core/ManagedSettings.h"
#include "core/WorkspacePack.h"
#include "store/CannedReplyRepository.h"
#include "store/Database.h"
#include "store/PolicyRepository.h"
#include "store/WorkspacePackTransfer.h"
#include "store/WorkspaceSettings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <memory>

using namespace Care;
using Store::WorkspacePackTransfer;

#define QVERIFY_OK(result)                                                                                             \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(result_.error().fullText() + result_.error().detail));   \
    } while (false)

class TestWorkspacePack : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_stores = 0;

    std::unique_ptr<Store::Database> openStore()
    {
        auto db = Store::Database::open(
            Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store%1.sqlite").arg(++m_stores))));
        if (!db) {
            qWarning() << db.error().fullText();
            return nullptr;
        }
        return std::move(db).value();
    }

    // A lead's workspace: a policy, two replies, an SLA policy, a calendar in Berlin, the triage rules.
    static Core::Status fillLeadWorkspace(Store::Database &db)
    {
        Core::PolicyDocument refunds;
        refunds.slug = QStringLiteral("refunds");
        refunds.title = QStringLiteral("Returns and refunds");
        refunds.tags = QStringList{QStringLiteral("refund"), QStringLiteral("return")};
        refunds.values.insert(QStringLiteral("refund_days"), QStringLiteral("30"));
        refunds.body = QStringLiteral("# Refunds\n\nWithin {policy.refund_days} days, no questions asked.\n");
        if (auto saved = Store::PolicyRepository(db).save(refunds, QStringLiteral("aisha")); !saved)
            return saved.error();
        Store::CannedReplyRepository replies(db);
        Core::CannedReply sorry;
        sorry.shortcode = QStringLiteral("sorry");
        sorry.title = QStringLiteral("We are sorry");
        sorry.body = QStringLiteral("We are very sorry to hear about your problem, {customer.name}.");
        sorry.tags = QStringList{QStringLiteral("complaint")};
        if (Core::Status s = replies.upsert(sorry); !s)
            return s;
        Core::CannedReply thanks;
        thanks.shortcode = QStringLiteral("thanks");
        thanks.title = QStringLiteral("Thank you");
        thanks.body = QStringLiteral("Thank you for the kind words!");
        if (Core::Status s = replies.upsert(thanks); !s)
            return s;
        Store::WorkspaceSettings settings(db);
        Core::SlaPolicy urgent;
        urgent.name = QStringLiteral("Urgent");
        urgent.priority = Core::Priority::Urgent;
        urgent.firstResponseSeconds = 15 * 60;
        urgent.countStaffedHoursOnly = false;
        if (Core::Status s = settings.setSlaPolicies({urgent}, QStringLiteral("aisha")); !s)
            return s;
        return settings.setCalendar(Core::BusinessCalendar::twentyFourSeven(QTimeZone("Europe/Berlin")),
                                    QStringLiteral("aisha"));
    }

    // The workspace as a pack, without the export's date and author, for comparing two stores.
    static QByteArray content(Store::Database &db)
    {
        auto pack = WorkspacePackTransfer(db).exportPack(QStringLiteral("test"));
        if (!pack)
            return "export failed: " + pack.error().fullText().toUtf8();
        QJsonObject json = QJsonDocument::fromJson(pack->toJson()).object();
        json.remove(QStringLiteral("exported_at"));
        json.remove(QStringLiteral("exported_by"));
        return QJsonDocument(json).toJson(QJsonDocument::Compact);
    }

    QByteArray leadPackJson()
    {
        auto lead = openStore();
        if (!lead || !fillLeadWorkspace(*lead))
            return {};
        auto pack = WorkspacePackTransfer(*lead).exportPack(QStringLiteral("aisha"));
        return pack ? pack->toJson() : QByteArray();
    }

    // The lead's pack with one change made to its JSON.
    QByteArray edited(const std::function<void(QJsonObject &)> &edit)
    {
        QJsonObject json = QJsonDocument::fromJson(leadPackJson()).object();
        edit(json);
        return QJsonDocument(json).toJson();
    }

    static QString joined(const QStringList &lines) { return lines.join(QLatin1Char('\n')); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTripGivesTheSameWorkspace()
    {
        auto lead = openStore();
        QVERIFY(lead);
        QVERIFY_OK(fillLeadWorkspace(*lead));
        auto exported = WorkspacePackTransfer(*lead).exportPack(QStringLiteral("aisha"));
        QVERIFY_OK(exported);
        const QString path = m_dir.filePath(QStringLiteral("team.careconsole-pack.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported->toJson());
        file.close();

        const Core::WorkspacePack::Reading reading = Core::WorkspacePack::fromFile(path);
        QVERIFY2(reading.pack, qPrintable(joined(reading.problems)));
        QCOMPARE(reading.pack->exportedBy, QStringLiteral("aisha"));

        auto staff = openStore();
        QVERIFY(staff);
        const QByteArray before = content(*staff);
        QVERIFY(before != content(*lead));

        // The dry run says exactly what would change, and changes nothing.
        WorkspacePackTransfer transfer(*staff);
        auto plan = transfer.plan(*reading.pack);
        QVERIFY_OK(plan);
        const QString report = joined(plan->lines());
        QVERIFY2(report.contains(QStringLiteral("add policy refunds: Returns and refunds")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("add reply sorry: We are sorry")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("add reply thanks: Thank you")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("replace sla SLA policies")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("replace calendar team calendar: Europe/Berlin")), qPrintable(report));
        QVERIFY(plan->changesSomething());
        QCOMPARE(content(*staff), before);

        auto applied = transfer.apply(*reading.pack, QStringLiteral("ben"));
        QVERIFY_OK(applied);
        QCOMPARE(applied->lines(), plan->lines());
        QCOMPARE(content(*staff), content(*lead));

        // Importing the same pack again changes nothing and says so.
        auto again = transfer.plan(*reading.pack);
        QVERIFY_OK(again);
        QVERIFY(!again->changesSomething());
        QVERIFY2(joined(again->lines()).contains(QStringLiteral("Nothing would change.")), qPrintable(joined(again->lines())));
        QCOMPARE(again->unchanged, 1 + 2 + 1 + 1 + 1); // policy, two replies, SLA, calendar, triage
    }

    void updatesAreListedAndPoliciesNotInThePackAreKept()
    {
        auto staff = openStore();
        QVERIFY(staff);
        const auto pack = Core::WorkspacePack::fromJson(leadPackJson());
        QVERIFY2(pack.pack, qPrintable(joined(pack.problems)));
        QVERIFY_OK(WorkspacePackTransfer(*staff).apply(*pack.pack, QStringLiteral("ben")));
        Core::PolicyDocument local;
        local.slug = QStringLiteral("local-only");
        local.title = QStringLiteral("Our own note");
        local.body = QStringLiteral("Kept.");
        QVERIFY_OK(Store::PolicyRepository(*staff).save(local, QStringLiteral("ben")));

        Core::WorkspacePack changed = *pack.pack;
        (*changed.policies)[0].title = QStringLiteral("Refunds (new)");
        for (Core::CannedReply &reply : *changed.cannedReplies) {
            if (reply.shortcode == QLatin1String("sorry"))
                reply.body = QStringLiteral("Sorry!");
        }
        auto plan = WorkspacePackTransfer(*staff).plan(changed);
        QVERIFY_OK(plan);
        const QString report = joined(plan->lines());
        QVERIFY2(report.contains(QStringLiteral("update policy refunds: title “Returns and refunds” → “Refunds (new)”")),
                 qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("update reply sorry: text")), qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("keep (not in the pack) policy local-only: Our own note")), qPrintable(report));
        QVERIFY_OK(WorkspacePackTransfer(*staff).apply(changed, QStringLiteral("ben")));
        auto policies = Store::PolicyRepository(*staff).list();
        QVERIFY_OK(policies);
        QCOMPARE(policies->size(), 2);
        for (const Core::PolicyDocument &p : policies.value()) {
            if (p.slug == QLatin1String("refunds")) {
                QCOMPARE(p.title, QStringLiteral("Refunds (new)"));
                QCOMPARE(p.version, 2); // a new version, the earlier one kept
            }
        }
    }

    void hostilePacksAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");

        QTest::newRow("not JSON") << QByteArray("{\"format\": \"care-workspace-pack\", ") << QStringLiteral("not valid JSON");
        QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("must be a JSON object");
        QTest::newRow("another format") << QByteArray(R"({"format": "something-else", "version": 1})")
                                        << QStringLiteral("not a Care Console workspace pack");
        QTest::newRow("newer version") << QByteArray(R"({"format": "care-workspace-pack", "version": 2})")
                                       << QStringLiteral("has version 2; this Care Console reads version 1 only");
        QTest::newRow("version as text") << QByteArray(R"({"format": "care-workspace-pack", "version": "1"})")
                                         << QStringLiteral("version: must be a whole number");
        QTest::newRow("policies not a list") << edited([](QJsonObject &j) { j.insert(QStringLiteral("policies"), 5); })
                                             << QStringLiteral("policies: must be a list");
        QTest::newRow("title a number") << edited([](QJsonObject &j) {
            QJsonArray a = j.value(QStringLiteral("policies")).toArray();
            QJsonObject p = a.at(0).toObject();
            p.insert(QStringLiteral("title"), 42);
            a[0] = p;
            j.insert(QStringLiteral("policies"), a);
        }) << QStringLiteral("policies[0].title: must be text");
        QTest::newRow("path traversal in a slug") << edited([](QJsonObject &j) {
            QJsonArray a = j.value(QStringLiteral("policies")).toArray();
            QJsonObject p = a.at(0).toObject();
            p.insert(QStringLiteral("slug"), QStringLiteral("../../etc/passwd"));
            a[0] = p;
            j.insert(QStringLiteral("policies"), a);
        }) << QStringLiteral("policies[0].slug: “../../etc/passwd” is not a plain name");
        QTest::newRow("absolute path as shortcode") << edited([](QJsonObject &j) {
            QJsonArray a = j.value(QStringLiteral("canned_replies")).toArray();
            QJsonObject r = a.at(0).toObject();
            r.insert(QStringLiteral("shortcode"), QStringLiteral("/tmp/x"));
            a[0] = r;
            j.insert(QStringLiteral("canned_replies"), a);
        }) << QStringLiteral("canned_replies[0].shortcode: “/tmp/x” is not a plain name");
        QTest::newRow("control characters") << edited([](QJsonObject &j) {
            QJsonArray a = j.value(QStringLiteral("canned_replies")).toArray();
            QJsonObject r = a.at(0).toObject();
            r.insert(QStringLiteral("body"), QStringLiteral("Hello\u001b[31m"));
            a[0] = r;
            j.insert(QStringLiteral("canned_replies"), a);
        }) << QStringLiteral("canned_replies[0].body: contains control characters");
        QTest::newRow("duplicate shortcode") << edited([](QJsonObject &j) {
            QJsonArray a = j.value(QStringLiteral("canned_replies")).toArray();
            a.append(a.at(0));
            j.insert(QStringLiteral("canned_replies"), a);
        }) << QStringLiteral("canned_replies[2].shortcode: “thanks” appears twice"); // exported by title
        QTest::newRow("unknown entry") << edited([](QJsonObject &j) { j.insert(QStringLiteral("macros"), QJsonArray()); })
                                       << QStringLiteral("pack: unknown entry “macros”");
        QTest::newRow("broken calendar") << edited([](QJsonObject &j) {
            j.insert(QStringLiteral("calendar"), QJsonObject{{QStringLiteral("time_zone"), QStringLiteral("Mars/Olympus")}});
        }) << QStringLiteral("calendar: ");
        QTest::newRow("broken SLA policies") << edited([](QJsonObject &j) {
            j.insert(QStringLiteral("sla_policies"), QJsonObject{{QStringLiteral("policies"), QStringLiteral("fast")}});
        }) << QStringLiteral("sla_policies: ");
        QTest::newRow("triage rules of another format") << edited([](QJsonObject &j) {
            j.insert(QStringLiteral("triage_rules"), QJsonArray{QJsonObject{{QStringLiteral("format"), QStringLiteral("nonsense")}}});
        }) << QStringLiteral("triage_rules[0]: ");
        QTest::newRow("huge") << QByteArray(Core::WorkspacePack::kMaxBytes + 10, ' ')
                              << QStringLiteral("packs larger than 8 MB are refused");
    }

    void hostilePacksAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QVERIFY(!json.isEmpty());
        auto staff = openStore();
        QVERIFY(staff);
        const QByteArray before = content(*staff);

        const QString path = m_dir.filePath(QStringLiteral("hostile.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(json);
        file.close();
        const Core::WorkspacePack::Reading reading = Core::WorkspacePack::fromFile(path);
        QVERIFY(!reading.pack);
        QVERIFY(!reading.problems.isEmpty());
        QVERIFY2(joined(reading.problems).contains(expected), qPrintable(joined(reading.problems)));
        QCOMPARE(content(*staff), before);
    }

    void aFailedImportLeavesNothingBehind()
    {
        // The administrator locked the calendar on this machine: the import's calendar change is
        // refused after its policies and replies were written — and those are rolled back too.
        QTemporaryDir system;
        QVERIFY(system.isValid());
        QDir().mkpath(system.filePath(QStringLiteral("CareConsole")));
        QFile conf(system.filePath(QStringLiteral("CareConsole/tst_workspacepack.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[General]\nlocked=workspace/calendarFile\n");
        conf.close();
        const QByteArray leadPack = leadPackJson(); // the lead's machine has no lock
        QCoreApplication::setOrganizationName(QStringLiteral("CareConsole"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_workspacepack"));
        qputenv("XDG_CONFIG_DIRS", system.path().toUtf8());
        QVERIFY(Core::ManagedSettings().isLocked(QStringLiteral("workspace/calendarFile")));

        auto staff = openStore();
        QVERIFY(staff);
        const QByteArray before = content(*staff);
        const auto reading = Core::WorkspacePack::fromJson(leadPack);
        QVERIFY2(reading.pack, qPrintable(joined(reading.problems)));
        auto applied = WorkspacePackTransfer(*staff).apply(*reading.pack, QStringLiteral("ben"));
        qunsetenv("XDG_CONFIG_DIRS");
        QVERIFY(!applied);
        QVERIFY2(applied.error().message.contains(QStringLiteral("set by your administrator")),
                 qPrintable(applied.error().message));
        QCOMPARE(content(*staff), before);
        auto policies = Store::PolicyRepository(*staff).list();
        QVERIFY_OK(policies);
        QVERIFY(policies->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkspacePack)
#include "tst_workspacepack.moc"
