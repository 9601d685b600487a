// libFuzzer target: every X API v2 parser (posts with expansions and partial errors, DM events,
// users, tokens, created posts and messages, error bodies), the cost meter's price file and usage
// cursor get the same bytes. The answers come from a server we do not control; a crash, a
// sanitizer report or a broken invariant below is a finding. Build and run: tests/fuzz/run.sh

#include "sync/XCostMeter.h"
#include "sync/XJson.h"

#include "FuzzChecks.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace Care::Fuzz;

bool digits(const QString &id)
{
    for (const QChar c : id) {
        if (!c.isDigit())
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    namespace X = Care::Sync::X;
    const auto page = X::parseTweetPage(bytes);
    checkResult(page);
    if (page) {
        for (const X::Tweet &t : page->tweets) {
            // Ids are never rounded numbers or free text: the transcript keys on them.
            check(!t.id.isEmpty() && digits(t.id), "a post id is digits");
            check(!t.originalId().isEmpty(), "a post has an original id");
            check(!X::newerId(t.id, t.id), "an id is not newer than itself");
        }
        for (auto it = page->users.cbegin(); it != page->users.cend(); ++it)
            check(!it->username.isEmpty() && digits(it->id), "an expanded user has an id and a username");
        check(page->resultCount >= 0, "result_count is not negative");
    }
    const auto dms = X::parseDmPage(bytes);
    checkResult(dms);
    if (dms) {
        for (const X::DmEvent &e : dms->events)
            check(!e.eventType.isEmpty() && digits(e.id), "a DM event has a type and an id");
    }
    checkResult(X::parseUser(bytes));
    checkResult(X::parseToken(bytes));
    checkResult(X::parseCreatedTweet(bytes));
    checkResult(X::parseSentDm(bytes));
    (void)X::parseError(bytes).isDuplicateContent();

    const QString text = QString::fromUtf8(bytes);
    (void)X::decodeEntities(text);
    const auto prices = Care::Sync::XPrices::parse(bytes);
    const QDateTime now = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
    const Care::Sync::XUsage usage = Care::Sync::XUsage::fromCursor(text, now);
    check(usage.monthSpent >= 0 && usage.since <= now, "usage read from any cursor is sane");
    if (prices) {
        Care::Sync::XPollPlan plan;
        const auto e = Care::Sync::XCostMeter::planWithin(prices.value(), usage, plan, 10.0, now);
        check(!std::isnan(e.total()) && e.total() >= 0, "an estimate is a non-negative number");
        check(e.plan.direct == 0 || e.plan.direct >= plan.direct, "a budget never shortens an interval");
    }
    return 0;
}
