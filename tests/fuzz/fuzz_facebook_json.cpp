// libFuzzer target: every Facebook Graph API parser (lists, nodes, debug_token, the Send API's
// answer, error objects, the usage headers) gets the same bytes. The answers come from a server
// we do not control; a crash, a sanitizer report or a broken invariant below is a finding.
// Build and run: tests/fuzz/run.sh

#include "sync/FacebookJson.h"

#include "FuzzChecks.h"

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Care::Fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    namespace F = Care::Sync::Facebook;
    auto posts = F::parsePostPage(bytes);
    checkResult(posts);
    if (posts) {
        for (const F::Post &post : posts->posts) {
            check(!post.id.isEmpty(), "a post has an id");
            check(post.createdTime.isValid() && post.updatedTime.isValid(), "a post has its times");
        }
    }
    auto comments = F::parseCommentPage(bytes);
    checkResult(comments);
    if (comments) {
        for (const F::Comment &comment : comments->comments)
            check(!comment.id.isEmpty() && comment.createdTime.isValid(), "a comment has an id and a time");
    }
    checkResult(F::parseComment(bytes));
    auto conversations = F::parseConversationPage(bytes);
    checkResult(conversations);
    if (conversations) {
        for (const F::Conversation &conversation : conversations->conversations) {
            if (conversation.messages) {
                for (const F::Message &message : conversation.messages->messages)
                    check(!message.from.id.isEmpty(), "a message has a sender");
            }
        }
    }
    checkResult(F::parseMessagePage(bytes));
    checkResult(F::parseMessage(bytes));
    checkResult(F::parseTokenInfo(bytes, QStringLiteral("104233445566")));
    checkResult(F::parsePage(bytes));
    checkResult(F::parseCreatedId(bytes));
    checkResult(F::parseSendResult(bytes));
    checkResult(F::parseSuccess(bytes));
    (void)F::parseError(bytes);

    // The same bytes as each usage header, and as a time stamp.
    const F::Usage usage = F::parseUsage({{QByteArrayLiteral("X-Business-Use-Case-Usage"), bytes},
                                          {QByteArrayLiteral("x-app-usage"), bytes},
                                          {QByteArrayLiteral("X-Page-Usage"), bytes}});
    check(usage.percent >= 0 && usage.percent <= 100000, "usage is a bounded percentage");
    check(usage.regainMinutes >= 0 && usage.regainMinutes <= 24 * 60, "regain time is at most a day");
    const QDateTime time = F::parseTime(QString::fromUtf8(bytes.left(64)));
    check(!time.isValid() || time.timeSpec() == Qt::UTC, "times are UTC");
    return 0;
}
