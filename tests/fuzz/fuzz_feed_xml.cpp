// libFuzzer target: the RSS/Atom feed parser (QXmlStreamReader, with HTML descriptions through
// htmlToPlainText) and the brand-term matcher over what it reads. A crash, a sanitizer report,
// a hang or a broken invariant below is a finding. Build and run: tests/fuzz/run.sh

#include "core/TermMatcher.h"
#include "sync/FeedXml.h"

#include "FuzzChecks.h"

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace Care::Fuzz;
using namespace Care::Sync;
using Care::Core::Error;

void checkDocument(const Care::Core::Result<Feed::Document> &doc, const Feed::Limits &limits)
{
    if (!doc) {
        // A refused feed is always a BadResponse with words for the lead and a detail for the log.
        check(doc.error().code == Error::Code::BadResponse, "error code is BadResponse");
        check(!doc.error().message.isEmpty(), "error message is not empty");
        check(!doc.error().detail.isEmpty(), "error detail is not empty");
        return;
    }
    check(doc->items.size() <= limits.maxItems, "no more items than the cap");
    static const Care::Core::TermMatcher matcher({QStringLiteral("Acme"), QStringLiteral("Acme kettle")});
    for (const Feed::Item &item : doc->items) {
        checkText(item.title);
        checkText(item.summary);
        checkText(item.content);
        check(!item.title.contains(QLatin1Char('\n')), "a title is one line");
        check(item.key().isEmpty() == (item.id.isEmpty() && item.link.isEmpty() && item.title.isEmpty()),
              "an item has a key when it has an id, link or title");
        check(!item.published.isValid() || item.published.timeSpec() == Qt::UTC, "dates are UTC");
        const QString text = item.title + QLatin1Char('\n') + item.summary + QLatin1Char('\n') + item.content;
        check(matcher.matches(text) == !matcher.find(text).isEmpty(), "matches() agrees with find()");
        check(matcher.matches(text) == (matcher.firstMatch(text) >= 0), "matches() agrees with firstMatch()");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Feed::Limits defaults;
    checkDocument(Feed::parse(bytes, defaults), defaults);
    // Tight caps, so the size and count checks are reached by small inputs too.
    Feed::Limits tight;
    tight.maxDocumentBytes = 4096;
    tight.maxItemBytes = 256;
    tight.maxItems = 3;
    tight.maxDepth = 8;
    checkDocument(Feed::parse(bytes, tight), tight);
    return 0;
}
