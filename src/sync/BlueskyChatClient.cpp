#include "sync/BlueskyChatClient.h"

#include "core/ReplyLengthCounter.h"
#include "sync/BlueskySession.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <algorithm>

Q_LOGGING_CATEGORY(lcBlueskyChat, "care.sync.bluesky.chat")

namespace Care::Sync {

namespace {

using Core::Error;

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::BlueskyChatClient)
};

// A parser's complaint is the service's fault: the sync retries later, the cursor unmoved.
template<typename T>
Core::Result<T> readable(Core::Result<T> parsed)
{
    if (parsed || parsed.error().code != Error::Code::InvalidInput)
        return parsed;
    return Error::make(Error::Code::BadResponse, Strings::tr("Bluesky chat sent an answer that could not be read."),
                       Strings::tr("Nothing is lost; it is retried automatically."),
                       QString(parsed.error().message + QLatin1Char(' ') + parsed.error().detail));
}

// What a failure before anything was sent means for the outbox item.
DeliveryOutcome notSent(const Error &error)
{
    DeliveryOutcome outcome;
    outcome.error = error;
    switch (error.code) {
    case Error::Code::TokenRevoked:
        outcome.kind = DeliveryOutcome::Kind::Reconnect;
        break;
    case Error::Code::Rejected:
    case Error::Code::InvalidInput:
    case Error::Code::NotFound:
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        break;
    default:
        outcome.kind = DeliveryOutcome::Kind::Retry;
        break;
    }
    return outcome;
}

QString didOfAtUri(const QString &uri)
{
    // at://did:plc:abc/app.bsky.feed.post/rkey
    if (!uri.startsWith(QLatin1String("at://did:")))
        return {};
    return uri.mid(5).section(QLatin1Char('/'), 0, 0);
}

} // namespace

BlueskyChatClient::BlueskyChatClient(BlueskySession &session, Config config)
    : m_session(session)
    , m_config(config)
{
}

QString BlueskyChatClient::service() const
{
    return Strings::tr("Bluesky chat");
}

HttpResponse BlueskyChatClient::chatGet(const QString &nsid, const QList<QPair<QString, QString>> &query)
{
    return m_session.get(nsid, query, {qMakePair(QByteArray(kProxyHeader), QByteArray(kProxyTarget))});
}

Core::Error BlueskyChatClient::describe(const HttpResponse &response) const
{
    const BlueskyChat::XrpcError xrpc = BlueskyChat::parseError(response.body);
    // An app password made without "Allow access to your direct messages" reaches the PDS
    // but not the chat service.
    if (xrpc.message.contains(QLatin1String("scope"), Qt::CaseInsensitive))
        return Error::make(Error::Code::Rejected, Strings::tr("This app password does not allow direct messages on Bluesky."),
                           Strings::tr("In Bluesky, open Settings → Privacy and security → App passwords, create one with "
                              "“Allow access to your direct messages” ticked, and connect the account again with it."),
                           QStringLiteral("HTTP %1 %2: %3").arg(response.status).arg(xrpc.name, xrpc.message));
    if (BlueskySession::isTokenProblem(response))
        return m_session.describe(response);
    return describeHttpFailure(response, service(), xrpc.message.isEmpty() ? xrpc.name : xrpc.message);
}

Core::Result<QByteArray> BlueskyChatClient::chatRead(const QString &nsid, const QList<QPair<QString, QString>> &query)
{
    const HttpResponse response = chatGet(nsid, query);
    if (!response.ok() || !response.isJson())
        return describe(response);
    return response.body;
}

void BlueskyChatClient::remember(const BlueskyChat::Convo &convo)
{
    for (const BlueskyChat::Member &member : convo.members) {
        if (member.did != m_session.did()) {
            m_customers.insert(convo.id, member);
            return;
        }
    }
}

Core::Result<BlueskyChat::Member> BlueskyChatClient::customerOf(const QString &convoId)
{
    if (!m_customers.contains(convoId)) {
        auto body = chatRead(QStringLiteral("chat.bsky.convo.getConvo"), {{QStringLiteral("convoId"), convoId}});
        if (!body)
            return body.error();
        auto convo = readable(BlueskyChat::parseConvoEnvelope(body.value()));
        if (!convo)
            return convo.error();
        remember(convo.value());
    }
    if (!m_customers.contains(convoId))
        return Error::make(Error::Code::BadResponse, Strings::tr("Bluesky chat sent a conversation without the customer in it."),
                           Strings::tr("Nothing is lost; it is retried automatically."), convoId);
    return m_customers.value(convoId);
}

Core::IncomingMessage BlueskyChatClient::toMessage(const BlueskyChat::Message &message,
                                                   const BlueskyChat::Member &customer) const
{
    Core::IncomingMessage m;
    m.accountId = m_config.accountId;
    m.platformMessageId = message.id;
    m.threadKey = QStringLiteral("dm:") + customer.did;
    const bool own = message.senderDid == m_session.did();
    m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
    m.visibility = Core::Visibility::Private;
    m.customerPlatformUserId = customer.did;
    m.customerHandle = customer.handle.isEmpty() ? customer.did : QString(QLatin1Char('@') + customer.handle);
    m.customerName = customer.displayName;
    m.authorName = own ? m_session.handle() : customer.displayName;
    m.body = message.text;
    if (const QString shared = BlueskyChat::postWebUrl(message.embedUri); !shared.isEmpty())
        m.body += (m.body.isEmpty() ? QString() : QStringLiteral("\n\n")) + Strings::tr("Shared post: %1").arg(shared);
    m.createdAt = message.sentAt;
    if (own)
        m.deliveryState = Core::DeliveryState::Sent;
    return m;
}

Core::Status BlueskyChatClient::fetch(const QHash<QString, QString> &cursors,
                                      const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const QString cursor = cursors.value(streamName());
    return cursor.isEmpty() ? fetchInitial(commit) : fetchLog(cursor, commit);
}

Core::Status BlueskyChatClient::fetchInitial(const std::function<Core::Status(const FetchBatch &)> &commit)
{
    // The log's position first: whatever arrives while the conversations are read is in the
    // log after it and comes with the next fetch (ingest is idempotent).
    auto logBody = chatRead(QStringLiteral("chat.bsky.convo.getLog"), {});
    if (!logBody)
        return logBody.error();
    auto log = readable(BlueskyChat::parseLogPage(logBody.value()));
    if (!log)
        return log.error();
    QString position = log->cursor;

    QString pageCursor;
    int read = 0;
    while (read < m_config.initialConvos) {
        QList<QPair<QString, QString>> query{{QStringLiteral("limit"), QString::number(m_config.pageSize)}};
        if (!pageCursor.isEmpty())
            query << qMakePair(QStringLiteral("cursor"), pageCursor);
        auto body = chatRead(QStringLiteral("chat.bsky.convo.listConvos"), query);
        if (!body)
            return body.error();
        auto page = readable(BlueskyChat::parseConvoPage(body.value()));
        if (!page)
            return page.error();
        for (const BlueskyChat::Convo &convo : std::as_const(page->convos)) {
            ++read;
            remember(convo);
            if (log->cursor.isEmpty() && convo.rev > position)
                position = convo.rev; // a service that gives no log position: the newest revision
            if (!convo.lastMessage || !m_customers.contains(convo.id))
                continue;
            auto messagesBody = chatRead(QStringLiteral("chat.bsky.convo.getMessages"),
                                         {{QStringLiteral("convoId"), convo.id},
                                          {QStringLiteral("limit"), QString::number(m_config.pageSize)}});
            if (!messagesBody)
                return messagesBody.error();
            auto messages = readable(BlueskyChat::parseMessagePage(messagesBody.value()));
            if (!messages)
                return messages.error();
            FetchBatch batch; // no position yet: a crash now starts the fill again
            batch.stream = streamName();
            for (auto it = messages->messages.crbegin(); it != messages->messages.crend(); ++it) {
                if (!it->deleted)
                    batch.messages << toMessage(*it, m_customers.value(convo.id));
            }
            if (!batch.messages.isEmpty()) {
                if (Core::Status s = commit(batch); !s)
                    return s;
            }
        }
        pageCursor = page->cursor;
        if (pageCursor.isEmpty() || page->convos.isEmpty())
            break;
    }
    if (position.isEmpty())
        return {}; // no conversations and no log yet: the next fetch looks again
    FetchBatch done;
    done.stream = streamName();
    done.cursor = position;
    return commit(done);
}

Core::Status BlueskyChatClient::fetchLog(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit)
{
    QString position = cursor;
    for (int page = 0; page < m_config.maxLogPages; ++page) {
        auto body = chatRead(QStringLiteral("chat.bsky.convo.getLog"), {{QStringLiteral("cursor"), position}});
        if (!body)
            return body.error();
        auto log = readable(BlueskyChat::parseLogPage(body.value()));
        if (!log)
            return log.error();
        FetchBatch batch;
        batch.stream = streamName();
        QString next = log->cursor;
        for (const BlueskyChat::LogEntry &entry : std::as_const(log->logs)) {
            if (next.isEmpty() || entry.rev > next)
                next = entry.rev;
            // Deletions in the log are the brand's own "delete for me" in another app: the
            // customer still has the message, so the transcript keeps it.
            if (entry.kind != BlueskyChat::LogEntry::Kind::CreateMessage || !entry.message || entry.message->deleted)
                continue;
            auto customer = customerOf(entry.convoId);
            if (!customer)
                return customer.error();
            batch.messages << toMessage(*entry.message, customer.value());
        }
        if (log->logs.isEmpty() || next.isEmpty() || next == position)
            return {};
        batch.cursor = next;
        if (Core::Status s = commit(batch); !s)
            return s;
        position = next;
    }
    qCInfo(lcBlueskyChat) << "the chat log has more; the rest comes with the next sync";
    return {};
}

QString BlueskyChatClient::recipientActor(const Core::OutboxItem &item)
{
    if (const QString did = didOfAtUri(item.replyTo); !did.isEmpty())
        return did;
    QString actor = item.recipient.trimmed();
    if (actor.startsWith(QLatin1Char('@')))
        actor.remove(0, 1);
    return actor;
}

QJsonArray BlueskyChatClient::linkFacets(const QString &text)
{
    static const QRegularExpression url(QStringLiteral("https?://[^\\s<>\"]+"), QRegularExpression::CaseInsensitiveOption);
    QJsonArray facets;
    auto it = url.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString link = match.captured();
        while (!link.isEmpty() && QStringLiteral(".,;:!?)'").contains(link.back())
               && !(link.back() == QLatin1Char(')') && link.count(QLatin1Char('(')) >= link.count(QLatin1Char(')'))))
            link.chop(1);
        const int start = int(text.left(match.capturedStart()).toUtf8().size());
        facets.append(QJsonObject{
            {QStringLiteral("index"), QJsonObject{{QStringLiteral("byteStart"), start},
                                                  {QStringLiteral("byteEnd"), start + int(link.toUtf8().size())}}},
            {QStringLiteral("features"), QJsonArray{QJsonObject{{QStringLiteral("$type"), QStringLiteral("app.bsky.richtext.facet#link")},
                                                                {QStringLiteral("uri"), link}}}}});
    }
    return facets;
}

Core::Result<BlueskyChatAvailability> BlueskyChatClient::availability(const QString &actor)
{
    QString who = actor.trimmed();
    if (who.startsWith(QLatin1Char('@')))
        who.remove(0, 1);
    if (who.isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("There is no Bluesky customer to write to privately."));
    // The profile comes from the app view through the PDS: no chat proxy.
    const HttpResponse response = m_session.get(QStringLiteral("app.bsky.actor.getProfile"), {{QStringLiteral("actor"), who}});
    if (!response.ok() || !response.isJson()) {
        const BlueskyChat::XrpcError xrpc = BlueskyChat::parseError(response.body);
        if (response.status == 400 && !BlueskySession::isTokenProblem(response))
            return Error::make(Error::Code::NotFound,
                               Strings::tr("Bluesky does not know the customer %1 (any more).")
                                   .arg(who.startsWith(QLatin1String("did:")) ? who : QString(QLatin1Char('@') + who)),
                               Strings::tr("The account may have been deleted or suspended."),
                               QString(xrpc.name + QLatin1Char(' ') + xrpc.message));
        return m_session.describe(response);
    }
    auto profile = readable(BlueskyChat::parseChatProfile(response.body));
    if (!profile)
        return profile.error();
    BlueskyChatAvailability a;
    a.did = profile->did;
    a.allowIncoming = profile->allowIncoming;
    const QString name = profile->handle.isEmpty() ? profile->did : QString(QLatin1Char('@') + profile->handle);
    if (profile->blocked) {
        a.reason = Error::make(Error::Code::Rejected, Strings::tr("%1 and the brand block each other on Bluesky: a private message "
                                                         "cannot reach them.").arg(name));
    } else if (a.allowIncoming == QLatin1String("none")) {
        a.reason = Error::make(Error::Code::Rejected, Strings::tr("%1 does not accept direct messages on Bluesky.").arg(name),
                               Strings::tr("Reply publicly instead; they can write to the brand privately if they prefer."));
    } else if (a.allowIncoming == QLatin1String("all")) {
        a.allowed = true;
    } else if (profile->followsViewer) { // "following", and Bluesky's default when unset
        a.allowed = true;
    } else {
        a.reason = Error::make(Error::Code::Rejected,
                               Strings::tr("This customer only accepts messages from accounts they follow, and %1 does not "
                                  "follow the brand.").arg(name),
                               Strings::tr("Reply publicly, or ask them to follow the brand's account or to message it first."));
    }
    return a;
}

Core::Result<BlueskyChat::Convo> BlueskyChatClient::convoWith(const QString &did)
{
    auto body = chatRead(QStringLiteral("chat.bsky.convo.getConvoForMembers"), {{QStringLiteral("members"), did}});
    if (!body)
        return body.error();
    auto convo = readable(BlueskyChat::parseConvoEnvelope(body.value()));
    if (convo)
        remember(convo.value());
    return convo;
}

DeliveryOutcome BlueskyChatClient::deliver(const Core::OutboxItem &item)
{
    if (item.kind != Core::OutboxKind::PrivateMessage)
        return notSent(Error::make(Error::Code::Rejected, Strings::tr("Bluesky chat carries private messages only.")));
    const Core::LengthCheck length =
        Core::ReplyLengthCounter::check(Core::ReplyLengthCounter::blueskyDirectMessageRule(), item.body);
    if (length.over)
        return notSent(Error::make(Error::Code::Rejected,
                                   Strings::tr("Too long for a Bluesky direct message (%1 of %2 graphemes, %3 of %4 bytes).")
                                       .arg(length.used).arg(length.limit).arg(length.utf8Bytes).arg(length.utf8ByteLimit),
                                   Strings::tr("Shorten it, or split it into two messages.")));
    auto who = availability(recipientActor(item));
    if (!who)
        return notSent(who.error());
    // A customer who wrote to the brand in chat already has a conversation with it: the
    // chat service decides whether the reply may go; everyone else is checked first.
    const bool answersChat = !item.replyTo.isEmpty() && !item.replyTo.startsWith(QLatin1String("at://"));
    if (!who->allowed && !answersChat)
        return notSent(who->reason);
    auto convo = convoWith(who->did);
    if (!convo)
        return notSent(convo.error());

    QJsonObject message{{QStringLiteral("text"), item.body}};
    if (const QJsonArray facets = linkFacets(item.body); !facets.isEmpty())
        message.insert(QStringLiteral("facets"), facets);
    const QJsonObject body{{QStringLiteral("convoId"), convo->id}, {QStringLiteral("message"), message}};
    // A message sent twice reaches the customer twice: Qt must not repeat it by itself.
    HttpRequest request;
    request.method = "POST";
    request.url = m_session.xrpcUrl(QStringLiteral("chat.bsky.convo.sendMessage"));
    request.retryable = false;
    request.neverRepeat = true;
    request.headers << qMakePair(QByteArray(kProxyHeader), QByteArray(kProxyTarget))
                    << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const HttpResponse response = m_session.send(request);
    DeliveryOutcome outcome;
    if (response.ok()) {
        auto sent = readable(BlueskyChat::parseMessage(response.body));
        if (sent) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = sent->id;
        } else {
            outcome.kind = DeliveryOutcome::Kind::Unknown; // accepted, answer unreadable: read back
            outcome.error = sent.error();
        }
        return outcome;
    }
    outcome.error = describe(response);
    outcome.retryAfterMs = response.retryAfterMs.value_or(0);
    if (BlueskySession::isTokenProblem(response) && outcome.error.code == Error::Code::TokenRevoked)
        outcome.kind = DeliveryOutcome::Kind::Reconnect;
    else if (response.status == 429 || response.neverSent())
        outcome.kind = DeliveryOutcome::Kind::Retry;
    else if (response.status >= 500 || response.status == 0)
        outcome.kind = DeliveryOutcome::Kind::Unknown; // it may have been sent before the failure
    else
        outcome.kind = DeliveryOutcome::Kind::Rejected;
    return outcome;
}

ReconcileOutcome BlueskyChatClient::reconcile(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    QString did = recipientActor(item);
    if (!did.startsWith(QLatin1String("did:"))) {
        auto who = availability(did);
        if (!who) {
            outcome.error = who.error();
            return outcome;
        }
        did = who->did;
    }
    auto convo = convoWith(did);
    if (!convo) {
        outcome.error = convo.error();
        return outcome;
    }
    auto body = chatRead(QStringLiteral("chat.bsky.convo.getMessages"),
                         {{QStringLiteral("convoId"), convo->id}, {QStringLiteral("limit"), QString::number(m_config.pageSize)}});
    if (!body) {
        outcome.error = body.error();
        return outcome;
    }
    auto page = readable(BlueskyChat::parseMessagePage(body.value()));
    if (!page) {
        outcome.error = page.error();
        return outcome;
    }
    const QString wanted = item.body.trimmed();
    const QDateTime since = item.createdAt.isValid() ? item.createdAt.addSecs(-60) : QDateTime();
    // Newest first: of two identical messages, this item's would be the later one (items go
    // out in order); the engine never takes one already recorded for another reply.
    for (auto it = page->messages.cbegin(); it != page->messages.cend(); ++it) {
        if (it->deleted || it->senderDid != m_session.did() || it->text.trimmed() != wanted)
            continue;
        if (since.isValid() && it->sentAt < since)
            continue;
        outcome.kind = ReconcileOutcome::Kind::Found;
        outcome.platformId = it->id;
        return outcome;
    }
    const bool reachesBack = page->messages.size() < m_config.pageSize || !item.createdAt.isValid()
                             || page->messages.last().sentAt <= item.createdAt;
    outcome.kind = reachesBack ? ReconcileOutcome::Kind::NotFound : ReconcileOutcome::Kind::CannotTell;
    return outcome;
}

} // namespace Care::Sync
