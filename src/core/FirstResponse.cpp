#include "core/FirstResponse.h"

#include <algorithm>

namespace Care::Core {

std::optional<FirstResponse> FirstResponse::compute(QList<Message> messages)
{
    std::stable_sort(messages.begin(), messages.end(),
                     [](const Message &a, const Message &b) { return a.createdAt < b.createdAt; });
    std::optional<FirstResponse> result;
    for (const Message &m : messages) {
        if (!result) {
            if (m.direction == Direction::Inbound) {
                result = FirstResponse{};
                result->firstInboundAt = m.createdAt;
            }
            continue;
        }
        if (m.countsAsResponse()) {
            result->respondedAt = m.createdAt;
            result->respondingAgent = m.agentId;
            break;
        }
    }
    return result;
}

} // namespace Care::Core
