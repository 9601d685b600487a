#include "store/TranscriptMail.h"

#include "store/AgentRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/MessageRepository.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>

namespace Care::Store {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Store::TranscriptMail)
};

QString utc(const QDateTime &at)
{
    return QLocale::c().toString(at.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

} // namespace

Core::Result<QString> TranscriptMail::text(Database &db, qint64 conversationId, const QString &sentBy)
{
    return compose(db, conversationId, sentBy, false);
}

Core::Result<QString> TranscriptMail::listing(Database &db, qint64 conversationId)
{
    return compose(db, conversationId, {}, true);
}

Core::Result<QString> TranscriptMail::compose(Database &db, qint64 conversationId, const QString &sentBy, bool listing)
{
    auto conversation = ConversationRepository(db).get(conversationId);
    if (!conversation)
        return conversation.error();
    CustomerRepository customers(db);
    auto customer = customers.get(conversation->customerId);
    if (!customer)
        return customer.error();
    auto group = customers.mergedGroup(conversation->customerId);
    if (!group)
        return group.error();
    auto identities = customers.identities(conversation->customerId);
    if (!identities)
        return identities.error();
    auto entries = MessageRepository(db).transcript(group.value(), kMaxMessages);
    if (!entries)
        return entries.error();
    QHash<QString, QString> agentNames;
    if (auto agents = AgentRepository(db).list())
        for (const Core::Agent &agent : agents.value())
            agentNames.insert(agent.id, agent.name.isEmpty() ? agent.id : agent.name);

    QStringList lines;
    if (listing) {
        lines << Strings::tr("Conversation %1 with %2: %3, %4.")
                     .arg(conversationId)
                     .arg(customer->name, Core::statusDisplayName(conversation->status),
                          conversation->assignee.isEmpty() ? Strings::tr("unassigned")
                                                           : Strings::tr("assigned to %1").arg(agentNames.value(
                                                                 conversation->assignee, conversation->assignee)));
    } else {
        lines << Strings::tr("Transcript of conversation %1 with %2, sent by %3 on %4.")
                     .arg(conversationId)
                     .arg(customer->name, agentNames.value(sentBy, sentBy), utc(QDateTime::currentDateTimeUtc()));
        lines << Strings::tr("The customer's whole history across channels follows, oldest first; please do not ask "
                             "them to repeat it.");
    }
    lines << QString();
    lines << Strings::tr("Customer: %1").arg(customer->name);
    for (const Core::CustomerIdentity &identity : identities.value())
        lines << QStringLiteral("  %1: %2").arg(Core::platformDisplayName(identity.platform),
                                                identity.handle.isEmpty() ? identity.platformUserId : identity.handle);
    if (!customer->preferredChannel.isEmpty())
        lines << Strings::tr("Prefers to be contacted by: %1 %2").arg(customer->preferredChannel, customer->preferredContact).trimmed();
    if (!conversation->tags.isEmpty())
        lines << Strings::tr("Tags: %1").arg(conversation->tags.join(QStringLiteral(", ")));
    if (entries->size() >= kMaxMessages)
        lines << Strings::tr("Only the newest %1 messages are included.").arg(kMaxMessages);
    for (const TranscriptEntry &entry : entries.value()) {
        const Core::Message &m = entry.message;
        QString who;
        switch (m.direction) {
        case Core::Direction::Inbound: who = m.authorName.isEmpty() ? m.authorHandle : m.authorName; break;
        case Core::Direction::Outbound:
            who = m.automatic ? Strings::tr("Automatic acknowledgement")
                              : Strings::tr("%1 (team)").arg(agentNames.value(m.agentId, m.agentId));
            break;
        case Core::Direction::Note: who = Strings::tr("Internal note by %1").arg(agentNames.value(m.agentId, m.agentId)); break;
        }
        const QString where = m.direction == Core::Direction::Note ? Strings::tr("internal")
                              : m.visibility == Core::Visibility::Public ? Strings::tr("public")
                                                                         : Strings::tr("private");
        lines << QString();
        lines << QStringLiteral("--- %1%2 · %3 · %4 · %5%6")
                     .arg(listing ? QStringLiteral("#%1 · ").arg(m.id) : QString(), utc(m.createdAt), who,
                          Core::platformDisplayName(entry.platform), where,
                          m.conversationId == conversationId ? QString() : Strings::tr(" · conversation %1").arg(m.conversationId));
        lines << m.body;
        if (m.isDeleted())
            lines << Strings::tr("(deleted by the author)");
        if (m.isHiddenOnPlatform())
            lines << Strings::tr("(hidden from public view on %1, not from the console)").arg(Core::platformDisplayName(entry.platform));
        else if (m.isHidden())
            lines << Strings::tr("(hidden from public view by %1: %2)").arg(agentNames.value(m.hiddenBy, m.hiddenBy), m.hiddenReason);
    }
    return QString(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

} // namespace Care::Store
