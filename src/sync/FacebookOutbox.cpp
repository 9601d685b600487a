#include "sync/FacebookOutbox.h"

#include "sync/FacebookGraphClient.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FacebookOutbox)
};

using Code = Core::Error::Code;
using Kind = DeliveryOutcome::Kind;

constexpr qint64 kWindowSecs = 24 * 60 * 60;
constexpr qint64 kHumanAgentSecs = 7 * 24 * 60 * 60;
// A message or comment written this long before the item was queued is not the item.
constexpr qint64 kClockSlackSecs = 5 * 60;

QString normalised(const QString &text)
{
    return text.trimmed().replace(QLatin1String("\r\n"), QLatin1String("\n"));
}

} // namespace

FacebookOutbox::FacebookOutbox(FacebookGraphClient &graph, Config config)
    : m_graph(graph)
    , m_config(std::move(config))
{
}

DeliveryOutcome FacebookOutbox::failed(const Core::Error &error) const
{
    DeliveryOutcome outcome;
    outcome.error = error;
    switch (error.code) {
    case Code::TokenRevoked: outcome.kind = Kind::Reconnect; break;
    case Code::Rejected:
    case Code::InvalidInput: outcome.kind = Kind::Rejected; break;
    default: outcome.kind = Kind::Retry; break; // nothing was written: a read failed
    }
    if (error.code == Code::RateLimited && m_graph.regainAt().isValid())
        outcome.retryAfterMs = std::max<qint64>(1000, QDateTime::currentDateTimeUtc().msecsTo(m_graph.regainAt()));
    return outcome;
}

DeliveryOutcome FacebookOutbox::outcomeOf(const HttpResponse &response, const QString &permission) const
{
    DeliveryOutcome outcome;
    outcome.error = m_graph.describe(response, permission);
    if (outcome.error.code == Code::TokenRevoked)
        outcome.kind = Kind::Reconnect;
    else if (outcome.error.code == Code::RateLimited || response.neverSent() || response.skipped)
        outcome.kind = Kind::Retry;
    else if (response.status == 0 || response.status >= 500 || outcome.error.code == Code::ServerError)
        outcome.kind = Kind::Unknown; // it may have been written: read back first
    else
        outcome.kind = Kind::Rejected;
    if (outcome.kind == Kind::Retry)
        outcome.retryAfterMs = response.retryAfterMs.value_or(0);
    if (outcome.error.code == Code::RateLimited && m_graph.regainAt().isValid())
        outcome.retryAfterMs = std::max<qint64>(1000, QDateTime::currentDateTimeUtc().msecsTo(m_graph.regainAt()));
    return outcome;
}

DeliveryOutcome FacebookOutbox::deliver(const Core::OutboxItem &item)
{
    if (item.replyTo.isEmpty())
        return failed(Core::Error::make(Code::Rejected, Strings::tr("There is no Facebook comment or message to answer in "
                                                                    "this conversation.")));
    switch (item.kind) {
    case Core::OutboxKind::Hide: return hide(item);
    case Core::OutboxKind::Unhide: return unhide(item);
    case Core::OutboxKind::PrivateMessage: return isMessengerId(item.replyTo) ? messengerReply(item) : privateReply(item);
    case Core::OutboxKind::Transcript: // an e-mail account's job
    case Core::OutboxKind::EmailAnswer:
        return failed(Core::Error::make(Code::Rejected, Strings::tr("A Facebook Page cannot send an e-mail."),
                                        Strings::tr("Send it through an e-mail account.")));
    case Core::OutboxKind::PublicReply: break;
    }
    if (isMessengerId(item.replyTo))
        return failed(Core::Error::make(Code::Rejected, Strings::tr("A Messenger conversation has no public side."),
                                        Strings::tr("Send the reply as a private message.")));
    return publicReply(item);
}

DeliveryOutcome FacebookOutbox::publicReply(const Core::OutboxItem &item)
{
    const HttpResponse response =
        m_graph.postForm(item.replyTo + QStringLiteral("/comments"), {{QStringLiteral("message"), item.body}});
    if (!response.ok())
        return outcomeOf(response, QStringLiteral("pages_manage_engagement"));
    auto id = Facebook::parseCreatedId(response.body);
    DeliveryOutcome outcome;
    if (!id) { // written, but the answer is unreadable
        outcome.kind = Kind::Unknown;
        outcome.error = m_graph.describe(response);
        return outcome;
    }
    outcome.kind = Kind::Sent;
    outcome.platformId = id.value();
    return outcome;
}

DeliveryOutcome FacebookOutbox::send(const QJsonObject &request)
{
    const HttpResponse response = m_graph.postJson(m_config.pageId + QStringLiteral("/messages"), request);
    if (!response.ok())
        return outcomeOf(response, QStringLiteral("pages_messaging"));
    auto sent = Facebook::parseSendResult(response.body);
    DeliveryOutcome outcome;
    if (!sent) {
        outcome.kind = Kind::Unknown;
        outcome.error = m_graph.describe(response);
        return outcome;
    }
    outcome.kind = Kind::Sent;
    outcome.platformId = sent->messageId;
    return outcome;
}

DeliveryOutcome FacebookOutbox::privateReply(const Core::OutboxItem &item)
{
    // Once per comment, within 7 days: Facebook says whether it still may through can_reply_privately.
    const HttpResponse check = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,can_reply_privately")}});
    QString recipientKey = QStringLiteral("comment_id");
    if (check.ok()) {
        auto comment = Facebook::parseComment(check.body);
        if (comment && !comment->canReplyPrivately)
            return failed(Core::Error::make(
                Code::Rejected,
                Strings::tr("Facebook no longer allows a private reply to this comment: the Page has already answered it "
                            "privately once, or the comment is more than 7 days old."),
                Strings::tr("Reply publicly and invite the customer to message the Page, or use another channel they "
                            "prefer.")));
    } else {
        const auto graph = Facebook::parseError(check.body);
        if (!graph || graph->code != 100)
            return failed(m_graph.describe(check, QStringLiteral("pages_read_engagement")));
        recipientKey = QStringLiteral("post_id"); // not a comment: a visitor post that tags the Page
    }
    return send(QJsonObject{{QStringLiteral("recipient"), QJsonObject{{recipientKey, item.replyTo}}},
                            {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), item.body}}}});
}

DeliveryOutcome FacebookOutbox::messengerReply(const Core::OutboxItem &item)
{
    // The message answered is the customer's newest: its time opens or closes the window.
    const HttpResponse response = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,from")}});
    if (!response.ok())
        return failed(m_graph.describe(response, QStringLiteral("pages_messaging")));
    auto answered = Facebook::parseMessage(response.body);
    if (!answered)
        return failed(Core::Error::make(Code::BadResponse, Strings::tr("Facebook sent an answer that could not be read."),
                                        {}, answered.error().detail));
    const qint64 age = answered->createdTime.secsTo(QDateTime::currentDateTimeUtc());
    QJsonObject request{{QStringLiteral("recipient"), QJsonObject{{QStringLiteral("id"), answered->from.id}}},
                        {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), item.body}}},
                        {QStringLiteral("messaging_type"), QStringLiteral("RESPONSE")}};
    if (age > kWindowSecs) {
        if (!m_config.humanAgentTag || age > kHumanAgentSecs)
            return failed(Core::Error::make(
                Code::Rejected,
                Strings::tr("Facebook lets a Page answer on Messenger only within 24 hours of the customer's last "
                            "message; this customer last wrote %1 ago.")
                    .arg(describeWait(age * 1000)),
                m_config.humanAgentTag
                    ? Strings::tr("Even the human agent tag allows only 7 days. Reach the customer through another "
                                  "channel they prefer, or wait until they write again.")
                    : Strings::tr("Reach the customer through another channel they prefer, or wait until they write "
                                  "again. Pages that Meta approved for the human agent tag can answer for 7 days: turn "
                                  "it on for the account.")));
        request.insert(QStringLiteral("messaging_type"), QStringLiteral("MESSAGE_TAG"));
        request.insert(QStringLiteral("tag"), QStringLiteral("HUMAN_AGENT"));
    }
    return send(request);
}

DeliveryOutcome FacebookOutbox::hide(const Core::OutboxItem &item)
{
    return setHidden(item, true);
}

DeliveryOutcome FacebookOutbox::unhide(const Core::OutboxItem &item)
{
    return setHidden(item, false);
}

DeliveryOutcome FacebookOutbox::setHidden(const Core::OutboxItem &item, bool hidden)
{
    // Only where Facebook allows it (can_hide: not the Page's own comments, not everywhere); a
    // comment already as wanted (another app, or an earlier attempt whose answer was lost) is done.
    const HttpResponse check = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,can_hide,is_hidden")}});
    if (!check.ok())
        return failed(m_graph.describe(check, QStringLiteral("pages_read_engagement")));
    auto comment = Facebook::parseComment(check.body);
    const QString done = item.replyTo + (hidden ? QStringLiteral(":hidden") : QStringLiteral(":shown"));
    if (comment && comment->isHidden == hidden) {
        DeliveryOutcome already;
        already.kind = Kind::Sent;
        already.platformId = done;
        return already;
    }
    if (comment && !comment->canHide)
        return failed(hidden ? Core::Error::make(Code::Rejected, Strings::tr("Facebook does not let the Page hide this comment."),
                                                 Strings::tr("It stays hidden in the console only; answer it, or report it on "
                                                             "Facebook if it breaks the rules."))
                             : Core::Error::make(Code::Rejected, Strings::tr("Facebook does not let the Page show this "
                                                                             "comment again."),
                                                 Strings::tr("It is shown in the console only; check it on Facebook.")));
    const HttpResponse response =
        m_graph.postForm(item.replyTo, {{QStringLiteral("is_hidden"), hidden ? QStringLiteral("true") : QStringLiteral("false")}});
    if (!response.ok())
        return outcomeOf(response, QStringLiteral("pages_manage_engagement"));
    DeliveryOutcome outcome;
    auto success = Facebook::parseSuccess(response.body);
    if (!success || !success.value()) {
        outcome.kind = success ? Kind::Rejected : Kind::Unknown;
        outcome.error = Core::Error::make(Code::Rejected, hidden ? Strings::tr("Facebook did not hide the comment (it may not "
                                                                               "allow hiding this one).")
                                                                 : Strings::tr("Facebook did not show the comment again."));
        return outcome;
    }
    outcome.kind = Kind::Sent;
    outcome.platformId = done;
    return outcome;
}

ReconcileOutcome FacebookOutbox::findComment(const Core::OutboxItem &item, const QString &target)
{
    ReconcileOutcome outcome;
    const HttpResponse response = m_graph.get(target + QStringLiteral("/comments"),
                                              {{QStringLiteral("filter"), QStringLiteral("stream")},
                                               {QStringLiteral("order"), QStringLiteral("reverse_chronological")},
                                               {QStringLiteral("limit"), QStringLiteral("100")},
                                               {QStringLiteral("fields"), QStringLiteral("id,message,created_time,from,parent{id}")}});
    if (!response.ok()) {
        outcome.error = m_graph.describe(response, QStringLiteral("pages_read_user_content"));
        return outcome;
    }
    auto page = Facebook::parseCommentPage(response.body);
    if (!page) {
        outcome.error = page.error();
        return outcome;
    }
    const QDateTime earliest = item.createdAt.isValid() ? item.createdAt.addSecs(-kClockSlackSecs) : QDateTime();
    for (const Facebook::Comment &c : std::as_const(page->comments)) {
        if (c.from && c.from->id == m_config.pageId && normalised(c.message) == normalised(item.body)
            && (!earliest.isValid() || c.createdTime >= earliest)) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = c.id;
            return outcome;
        }
    }
    outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

ReconcileOutcome FacebookOutbox::findMessage(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    const HttpResponse answered = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,from")}});
    auto message = answered.ok() ? Facebook::parseMessage(answered.body)
                                 : Core::Result<Facebook::Message>(m_graph.describe(answered, QStringLiteral("pages_messaging")));
    if (!message) {
        outcome.error = message.error();
        return outcome;
    }
    const HttpResponse response =
        m_graph.get(m_config.pageId + QStringLiteral("/conversations"),
                    {{QStringLiteral("platform"), QStringLiteral("messenger")},
                     {QStringLiteral("user_id"), message->from.id},
                     {QStringLiteral("fields"), QStringLiteral("id,updated_time,messages.limit(50){id,message,from,created_time}")}});
    if (!response.ok()) {
        outcome.error = m_graph.describe(response, QStringLiteral("pages_messaging"));
        return outcome;
    }
    auto page = Facebook::parseConversationPage(response.body);
    if (!page) {
        outcome.error = page.error();
        return outcome;
    }
    const QDateTime earliest = item.createdAt.isValid() ? item.createdAt.addSecs(-kClockSlackSecs) : QDateTime();
    for (const Facebook::Conversation &conversation : std::as_const(page->conversations)) {
        if (!conversation.messages)
            continue;
        for (const Facebook::Message &m : std::as_const(conversation.messages->messages)) {
            if (m.from.id == m_config.pageId && normalised(m.text) == normalised(item.body)
                && (!earliest.isValid() || m.createdTime >= earliest)) {
                outcome.kind = ReconcileOutcome::Kind::Found;
                outcome.platformId = m.id;
                return outcome;
            }
        }
    }
    outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

ReconcileOutcome FacebookOutbox::reconcile(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    if (Core::isModeration(item.kind)) { // hidden (or shown again) as asked?
        const bool hidden = item.kind == Core::OutboxKind::Hide;
        const HttpResponse response = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,is_hidden")}});
        auto comment = response.ok() ? Facebook::parseComment(response.body)
                                     : Core::Result<Facebook::Comment>(m_graph.describe(response));
        if (!comment) {
            outcome.error = comment.error();
            return outcome;
        }
        outcome.kind = comment->isHidden == hidden ? ReconcileOutcome::Kind::Found : ReconcileOutcome::Kind::NotFound;
        outcome.platformId = item.replyTo + (hidden ? QStringLiteral(":hidden") : QStringLiteral(":shown"));
        return outcome;
    }
    if (item.kind == Core::OutboxKind::PrivateMessage) {
        if (isMessengerId(item.replyTo))
            return findMessage(item);
        // A private reply to a comment: Facebook allows one, so a comment that no longer
        // allows it (and is younger than 7 days) has had it.
        const HttpResponse response =
            m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,can_reply_privately")}});
        auto comment = response.ok() ? Facebook::parseComment(response.body)
                                     : Core::Result<Facebook::Comment>(m_graph.describe(response));
        if (!comment) {
            outcome.error = comment.error();
            return outcome;
        }
        if (comment->canReplyPrivately) {
            outcome.kind = ReconcileOutcome::Kind::NotFound;
        } else if (comment->createdTime.secsTo(QDateTime::currentDateTimeUtc()) < kHumanAgentSecs) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = QStringLiteral("private-reply:") + item.replyTo;
        }
        return outcome; // older than 7 days: cannot tell, the agent decides
    }
    // A public reply lands under the comment answered, or under its parent when that comment is
    // itself a reply (Facebook threads one level deep).
    outcome = findComment(item, item.replyTo);
    if (outcome.kind != ReconcileOutcome::Kind::NotFound)
        return outcome;
    const HttpResponse response = m_graph.get(item.replyTo, {{QStringLiteral("fields"), QStringLiteral("id,created_time,parent{id}")}});
    auto comment = response.ok() ? Facebook::parseComment(response.body) : Core::Result<Facebook::Comment>(m_graph.describe(response));
    if (!comment) { // cannot tell where else it could be
        ReconcileOutcome unclear;
        unclear.error = comment.error();
        return unclear;
    }
    if (comment->parentId.isEmpty())
        return outcome;
    return findComment(item, comment->parentId);
}

} // namespace Care::Sync
