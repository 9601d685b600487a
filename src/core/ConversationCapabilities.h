#pragma once

#include "core/Platform.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// What the store knows about one conversation that decides what the brand may do in it.
// Read by Store::ConversationFactsQuery; kept free of the store so the rules are tested alone.
struct ConversationFacts
{
    Platform platform = Platform::X;
    QString threadKey; // the connector's ("post:…", "messenger:…", "dm:…", "<X conversation>:<customer>")
    bool foundByListening = false;
    // The customer's latest public message that is not hidden: what "Hide" acts on.
    bool hasVisiblePublicInbound = false;
    std::optional<bool> latestCanHide; // Facebook's can_hide for that message; unknown when not said
    bool hasHiddenInbound = false;     // something of the customer's is hidden: what "Unhide" acts on
    // Hide and Unhide act on one given message (the command line's --message), not the latest:
    // the two above are that message's (visible and public; hidden).
    bool oneMessage = false;
    // X: the post that began the X conversation is the brand's own (X allows hiding replies only
    // there). Unknown when the store does not hold that post (X then decides; the customer's
    // post's latestCanHide may know), and for a conversation the X connector did not make.
    std::optional<bool> brandStartedThread;
    QDateTime lastInboundAt;   // the customer's latest message (not deleted)
    int privateRepliesSent = 0; // the brand's private messages in this conversation
    bool humanAgentTag = false; // Facebook: the Page may use the HUMAN_AGENT tag (7 days on Messenger)
};

// One action: allowed, or why not and what to do instead (for a tooltip or the status bar).
struct Capability
{
    bool allowed = false;
    QString reason;
    explicit operator bool() const { return allowed; }
};

// What the brand may do in one conversation, by the platform's rules and the conversation's
// facts. The composer, the conversation actions and the command line all ask this, so the
// console offers exactly what the platform will accept. (Bluesky's chat setting is the
// customer's and is asked of Bluesky itself when the composer opens.)
struct ConversationCapabilities
{
    Capability publicReply;
    Capability privateMessage;
    Capability hide;
    Capability unhide;

    static ConversationCapabilities of(const ConversationFacts &facts,
                                       const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace Care::Core
