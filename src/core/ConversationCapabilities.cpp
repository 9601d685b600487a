#include "core/ConversationCapabilities.h"

#include "core/DurationFormat.h"
#include "core/PlatformCapabilities.h"

#include <QCoreApplication>

namespace Care::Core {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Core::ConversationCapabilities)
};

constexpr qint64 kDaySecs = 24 * 60 * 60;

Capability yes()
{
    return {true, {}};
}

Capability no(const QString &reason)
{
    return {false, reason};
}

bool isMessenger(const ConversationFacts &facts)
{
    return facts.platform == Platform::Facebook && facts.threadKey.startsWith(QLatin1String("messenger:"));
}

bool isDirectThread(const ConversationFacts &facts)
{
    return (facts.platform == Platform::X || facts.platform == Platform::Bluesky)
           && facts.threadKey.startsWith(QLatin1String("dm:"));
}

QString notPostedReason(Platform platform)
{
    if (platform == Platform::Blog)
        return Strings::tr("Replies to blog and news posts are not posted. Contact the author through another channel, "
                           "or add an internal note.");
    return Strings::tr("Replies are not posted on %1. Contact the author through another channel, or add an internal "
                       "note.").arg(platformDisplayName(platform));
}

Capability rulePublicReply(const ConversationFacts &facts)
{
    if (facts.platform == Platform::Email)
        return no(Strings::tr("E-mail answers are private."));
    if (!PlatformCapabilities::of(facts.platform).publicReply)
        return no(notPostedReason(facts.platform));
    if (isMessenger(facts))
        return no(Strings::tr("A Messenger conversation has no public side: answer privately."));
    if (isDirectThread(facts))
        return no(Strings::tr("This is a direct-message conversation: answer privately."));
    return yes();
}

// Facebook's windows: Messenger within 24 hours of the customer's last message (7 days with the
// human agent tag); a private reply to a comment once, within 7 days of the comment.
Capability facebookPrivate(const ConversationFacts &facts, const QDateTime &now)
{
    if (!facts.lastInboundAt.isValid())
        return yes(); // nothing from the customer yet: Facebook decides
    const qint64 age = std::max<qint64>(0, facts.lastInboundAt.secsTo(now));
    if (isMessenger(facts)) {
        const qint64 limit = facts.humanAgentTag ? 7 * kDaySecs : kDaySecs;
        if (age <= limit)
            return yes();
        return no(facts.humanAgentTag
                      ? Strings::tr("The customer last wrote on Messenger %1 ago; even with the human agent tag "
                                    "Facebook lets the Page answer only within 7 days. Reach them through another "
                                    "channel they prefer, or wait until they write again.")
                            .arg(formatDuration(age))
                      : Strings::tr("The customer last wrote on Messenger %1 ago; Facebook lets the Page answer there "
                                    "only within 24 hours. Reach them through another channel they prefer, or wait "
                                    "until they write again.")
                            .arg(formatDuration(age)));
    }
    if (!facts.threadKey.startsWith(QLatin1String("post:")))
        return yes(); // not a conversation the connector made (the demo workspace's): Facebook decides
    if (facts.privateRepliesSent > 0)
        return no(Strings::tr("The Page has already answered this comment privately; Facebook allows one private "
                              "reply per comment. Reply publicly and invite the customer to message the Page."));
    if (age > 7 * kDaySecs)
        return no(Strings::tr("The comment is more than 7 days old; Facebook no longer allows a private reply to it. "
                              "Reply publicly and invite the customer to message the Page."));
    return yes();
}

Capability rulePrivateMessage(const ConversationFacts &facts, const QDateTime &now)
{
    if (!PlatformCapabilities::of(facts.platform).privateMessage)
        return no(facts.platform == Platform::Blog
                      ? notPostedReason(facts.platform)
                      : Strings::tr("%1 has no private messages. Ask the customer to contact you another way.")
                            .arg(platformDisplayName(facts.platform)));
    if (facts.platform == Platform::Facebook)
        return facebookPrivate(facts, now);
    return yes();
}

Capability ruleHide(const ConversationFacts &facts)
{
    if (!PlatformCapabilities::of(facts.platform).hide)
        return no(Strings::tr("%1 does not let a brand hide comments. Nothing is ever deleted.")
                      .arg(platformDisplayName(facts.platform)));
    if (!facts.hasVisiblePublicInbound)
        return no(facts.oneMessage ? Strings::tr("This message is private or hidden already; only a visible public "
                                                 "message from the customer can be hidden.")
                                   : Strings::tr("There is no visible public message from the customer to hide."));
    if (facts.platform == Platform::X
        && (facts.brandStartedThread == false || (!facts.brandStartedThread && facts.latestCanHide == false)))
        return no(Strings::tr("X lets a brand hide replies only in conversations that its own post started; this one "
                              "was started by someone else. Answer it, or report it on X if it breaks the rules."));
    if (facts.platform == Platform::X && !facts.brandStartedThread && !facts.latestCanHide
        && facts.threadKey.contains(QLatin1Char(':')))
        return {true, Strings::tr("The post that began this X conversation is not in the console, so X decides: if the "
                                  "brand did not write it, X refuses and the reply is hidden in the console only.")};
    if (facts.platform == Platform::Facebook && facts.latestCanHide == false)
        return no(Strings::tr("Facebook does not let the Page hide this comment (for example a comment on a post the "
                              "Page did not write). Answer it, or report it on Facebook if it breaks the rules."));
    return yes();
}

Capability ruleUnhide(const ConversationFacts &facts)
{
    if (!facts.hasHiddenInbound)
        return no(facts.oneMessage ? Strings::tr("This message is not hidden.")
                                   : Strings::tr("Nothing the customer wrote here is hidden."));
    return yes();
}

} // namespace

ConversationCapabilities ConversationCapabilities::of(const ConversationFacts &facts, const QDateTime &now)
{
    ConversationCapabilities c;
    c.publicReply = rulePublicReply(facts);
    c.privateMessage = rulePrivateMessage(facts, now);
    c.hide = ruleHide(facts);
    c.unhide = ruleUnhide(facts);
    return c;
}

} // namespace Care::Core
