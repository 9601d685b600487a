// Touches every headless layer so the linker keeps them: core, store and sync.
#include "core/SearchQuery.h"
#include "store/DatabaseLocation.h"
#include "sync/Backoff.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const auto query = Care::Core::SearchQuery::parse(QStringLiteral("refund -spam"));
    const auto location = Care::Store::DatabaseLocation::parse(QStringLiteral("postgresql://care@127.0.0.1/care"));
    const qint64 delay = Care::Sync::Backoff().delayMs(2, 0.5);
    QTextStream(stdout) << "query " << (query.ok() ? "ok" : "error") << ", location " << location->displayName()
                        << ", backoff " << delay << " ms" << Qt::endl;
    return query.ok() && location.ok() && delay > 0 ? 0 : 1;
}
