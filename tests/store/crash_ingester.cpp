// Child process for tst_crash_safety: ingests numbered batches into an SQLite store, one
// transaction per batch, and reports each commit on stdout. The test kills it at random
// moments and then checks the store.
//
//   crash_ingester STORE [BATCHES]
//
// Every run starts again at batch 0: re-ingesting what is already stored must change nothing.

#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

using namespace Care;

namespace {

constexpr int kMessagesPerBatch = 50;
constexpr int kThreads = 6;

void fail(const char *what, const Core::Error &error)
{
    std::fprintf(stderr, "crash_ingester: %s: %s (%s)\n", what, qPrintable(error.fullText()), qPrintable(error.detail));
}

QList<Core::IncomingMessage> batchFor(qint64 accountId, int batch)
{
    const QDateTime base(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    QList<Core::IncomingMessage> messages;
    for (int i = 0; i < kMessagesPerBatch; ++i) {
        const int thread = (batch * kMessagesPerBatch + i) % kThreads;
        Core::IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = QStringLiteral("b%1-m%2").arg(batch).arg(i);
        in.threadKey = QStringLiteral("thread-%1").arg(thread);
        in.customerPlatformUserId = QStringLiteral("customer-%1").arg(thread);
        in.customerHandle = QStringLiteral("@customer%1").arg(thread);
        in.customerName = QStringLiteral("Customer %1").arg(thread);
        in.direction = i % 5 == 4 ? Core::Direction::Outbound : Core::Direction::Inbound;
        if (in.direction == Core::Direction::Outbound) {
            in.agentId = QStringLiteral("agent");
            in.deliveryState = Core::DeliveryState::Sent;
        }
        in.body = QStringLiteral("Batch %1, message %2: my suitcase went to Oslo instead of Lisbon, "
                                 "reference %3. Crème brûlée in the lounge was cold.")
                      .arg(batch)
                      .arg(i)
                      .arg(batch * 1000 + i);
        in.createdAt = base.addSecs(qint64(batch) * kMessagesPerBatch + i);
        messages << in;
    }
    return messages;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: crash_ingester STORE [BATCHES]\n");
        return 2;
    }
    const int batches = args.size() > 2 ? args.at(2).toInt() : 200;

    auto opened = Store::Database::open(Store::DatabaseLocation::sqliteFile(args.at(1)));
    if (!opened) {
        fail("open", opened.error());
        return 1;
    }
    Store::Database &db = *opened.value();

    Core::Account account;
    account.platform = Core::Platform::X;
    account.handle = QStringLiteral("@crashtest");
    account.name = QStringLiteral("Crash test");
    auto accountId = Store::AccountRepository(db).ensure(account);
    if (!accountId) {
        fail("account", accountId.error());
        return 1;
    }

    Store::MessageRepository messages(db);
    for (int batch = 0; batch < batches; ++batch) {
        auto report = messages.ingest(batchFor(accountId.value(), batch));
        if (!report) {
            fail("ingest", report.error());
            return 1;
        }
        if (report->inserted + report->unchanged != kMessagesPerBatch) {
            std::fprintf(stderr, "crash_ingester: batch %d: %d inserted + %d unchanged\n", batch, report->inserted,
                         report->unchanged);
            return 1;
        }
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
    return 0;
}
