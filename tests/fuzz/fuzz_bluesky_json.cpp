// libFuzzer target: every Bluesky parser (app view, PDS, chat) gets the same bytes. The answers
// come from servers we do not control; a crash, a sanitizer report or a broken invariant below is
// a finding. Build and run: tests/fuzz/run.sh

#include "sync/BlueskyChatJson.h"
#include "sync/BlueskyJson.h"

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
