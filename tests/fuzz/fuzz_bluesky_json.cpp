// libFuzzer target: every Bluesky parser (app view, PDS, chat) gets the same bytes. The answers
// come from servers we do not control; a crash, a sanitizer report or a broken invariant below is
// a finding. Build and run: tests/fuzz/run.sh

#include "sync/BlueskyChatJson.h"
#include "sync/BlueskyJson.h"

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using Care::Core::Error;

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

// Unreadable input is always InvalidInput, with words for the user.
template<typename T> void checkResult(const Care::Core::Result<T> &result)
{
    if (!result) {
        check(result.error().code == Error::Code::InvalidInput, "error code is InvalidInput");
        check(!result.error().message.isEmpty(), "error message is not empty");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    namespace B = Care::Sync::Bluesky;
    namespace C = Care::Sync::BlueskyChat;
    checkResult(B::parseSession(bytes));
    checkResult(B::parseNotifications(bytes));
    checkResult(B::parseThread(bytes));
    checkResult(B::parseSearchPosts(bytes));
    checkResult(B::parsePosts(bytes));
    checkResult(B::parseStrongRef(bytes));
    checkResult(B::parseRecord(bytes));
    checkResult(B::parseResolvedDid(bytes));
    checkResult(C::parseConvoPage(bytes));
    checkResult(C::parseConvoEnvelope(bytes));
    checkResult(C::parseMessagePage(bytes));
    checkResult(C::parseMessage(bytes));
    checkResult(C::parseLogPage(bytes));
    checkResult(C::parseChatProfile(bytes));
    return 0;
}
