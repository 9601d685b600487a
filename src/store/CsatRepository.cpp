#include "store/CsatRepository.h"

#include "core/AuditEvent.h"
#include "core/CsatParser.h"
#include "core/Platform.h"
#include "core/PlatformCapabilities.h"
#include "store/AuditRepository.h"
#include "store/ConversationActions.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;
using Core::Status;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::CsatRepository)
};

const QString kCustomerActor = QStringLiteral("customer");

} // namespace

QString csatSourceId(CsatSource source)
{
    return source == CsatSource::Agent ? QStringLiteral("agent") : QStringLiteral("customer");
}

Core::Result<QString> CsatRepository::questionText(const QString &language)
{
    static const Core::Result<QJsonObject> questions = []() -> Core::Result<QJsonObject> {
        QFile file(QStringLiteral(":/csat/questions.json"));
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Code::NotFound, Strings::tr("The satisfaction question is missing from this build."),
                Strings::tr("Reinstall Care Console."));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (!doc.isObject() || !doc.object().value(QLatin1String("en")).isString())
            return Error::make(Error::Code::BadResponse, Strings::tr("The satisfaction question in this build cannot be read."),
                Strings::tr("Reinstall Care Console."), error.errorString());
        return doc.object();
    }();
    if (!questions)
        return questions.error();
    const QString code = language.left(2).toLower();
    const QJsonValue text = questions->value(code);
    if (text.isString() && !text.toString().trimmed().isEmpty())
        return text.toString();
    return questions->value(QLatin1String("en")).toString();
}

Core::Result<Core::Visibility> CsatRepository::defaultVisibility()
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT value FROM workspace_settings WHERE key = :key"));
    q.bindValue(QStringLiteral(":key"), visibilitySettingKey());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("csat visibility"));
    const bool isPublic = q.next() && q.value(0).toString() == QLatin1String("public");
    return isPublic ? Core::Visibility::Public : Core::Visibility::Private;
}

Status CsatRepository::setDefaultVisibility(Core::Visibility visibility, const QString &editor)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                             "(:key, :value, :by, :at) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                             "updated_by = excluded.updated_by, updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":key"), visibilitySettingKey());
    q.bindValue(QStringLiteral(":value"),
        visibility == Core::Visibility::Public ? QStringLiteral("public") : QStringLiteral("private"));
    q.bindValue(QStringLiteral(":by"), text(editor));
    q.bindValue(QStringLiteral(":at"), m_db.now().toMSecsSinceEpoch());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("csat visibility setting"));
    Core::AuditEvent event; // as WorkspaceSettings writes every setting
    event.actor = editor;
    event.action = QStringLiteral("settings.") + visibilitySettingKey();
    event.subjectType = QStringLiteral("settings");
    event.detail = q.boundValue(QStringLiteral(":value")).toString();
    return AuditRepository(m_db).append(event);
}

Core::Result<qint64> CsatRepository::ask(qint64 conversationId, const QString &agentId)
{
    auto visibility = defaultVisibility();
    if (!visibility)
        return visibility.error();
    return ask(conversationId, agentId, visibility.value());
}

Core::Result<qint64> CsatRepository::ask(qint64 conversationId, const QString &agentId, Core::Visibility visibility)
{
    Core::Result<qint64> messageId = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        QSqlQuery about(m_db.connection());
        about.prepare(QStringLiteral(
            "SELECT a.platform, (SELECT m.language FROM messages m WHERE m.conversation_id = c.id AND "
            "m.direction = 'inbound' AND m.language <> '' ORDER BY m.created_at DESC, m.id DESC LIMIT 1) "
            "FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = :id"));
        about.bindValue(QStringLiteral(":id"), conversationId);
        if (!about.exec())
            return m_db.queryError(about, QStringLiteral("csat conversation"));
        if (!about.next())
            return Error::make(Error::Code::NotFound, Strings::tr("This conversation no longer exists."));
        const auto platform = Core::platformFromId(about.value(0).toString());
        const QString language = about.value(1).toString();
        about.finish();

        const QDateTime now = m_db.now();
        auto open = openQuestion(conversationId, now);
        if (!open)
            return open.error();
        if (open.value())
            return Error::make(Error::Code::Conflict,
                Strings::tr("The satisfaction question was already sent on %1 and is waiting for the "
                   "customer's answer.")
                    .arg(QLocale().toString(open.value()->toLocalTime(), QLocale::ShortFormat)),
                Strings::tr("Wait for the answer, or record the score by hand if the customer gave it "
                   "another way."));

        // As the setting says where the platform allows it; the other kind where it does not.
        Core::Visibility chosen = visibility;
        if (platform) {
            const auto can = Core::PlatformCapabilities::of(*platform);
            if (chosen == Core::Visibility::Private && !can.privateMessage && can.publicReply)
                chosen = Core::Visibility::Public;
            else if (chosen == Core::Visibility::Public && !can.publicReply && can.privateMessage)
                chosen = Core::Visibility::Private;
        }
        auto question = questionText(language);
        if (!question)
            return question.error();

        messageId = ConversationActions(m_db, agentId).queueReply(conversationId, chosen, question.value());
        if (!messageId)
            return messageId.error();
        // A survey, not a response: it must not count as the team's answer in the metrics.
        QSqlQuery automatic(m_db.connection());
        automatic.prepare(QStringLiteral("UPDATE messages SET automatic = 1 WHERE id = :id"));
        automatic.bindValue(QStringLiteral(":id"), messageId.value());
        if (!automatic.exec())
            return m_db.queryError(automatic, QStringLiteral("csat question automatic"));

        QSqlQuery event(m_db.connection());
        event.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                                     "VALUES (:conversation, :at, 'csat-asked', :actor, :detail)"));
        event.bindValue(QStringLiteral(":conversation"), conversationId);
        event.bindValue(QStringLiteral(":at"), toDb(now));
        event.bindValue(QStringLiteral(":actor"), text(agentId));
        event.bindValue(QStringLiteral(":detail"), QString::number(messageId.value()));
        if (!event.exec())
            return m_db.queryError(event, QStringLiteral("csat asked"));
        return MessageRepository(m_db).refreshConversation(conversationId);
    });
    if (!status)
        return status.error();
    return messageId;
}

Status CsatRepository::record(
    qint64 conversationId, int score, CsatSource source, const QString &agentId, const QDateTime &at)
{
    if (score < 1 || score > 5)
        return Error::make(Error::Code::InvalidInput,
            Strings::tr("A satisfaction score is a number from 1 to 5, not %1.").arg(score),
            Strings::tr("Choose 1 (poor) to 5 (great)."));
    if (source == CsatSource::Agent && agentId.trimmed().isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("A score recorded by hand needs the agent who recorded it."),
            Strings::tr("Sign in as an agent, then record the score again."));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                             "SELECT id, :at, 'csat', :actor, :detail FROM conversations WHERE id = :conversation"));
    q.bindValue(QStringLiteral(":at"), toDb(at.isValid() ? at : m_db.now()));
    q.bindValue(QStringLiteral(":actor"), source == CsatSource::Customer ? kCustomerActor : agentId.trimmed());
    q.bindValue(QStringLiteral(":detail"), QString::number(score));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("csat answer"));
    if (q.numRowsAffected() != 1)
        return Error::make(Error::Code::NotFound, Strings::tr("This conversation no longer exists."));
    return {};
}

Core::Result<std::optional<CsatAnswer>> CsatRepository::latest(const QString &where)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT e.conversation_id, e.detail, e.actor, e.at FROM conversation_events e ") + where
            + QStringLiteral(" AND e.kind IN ('csat', 'csat_answer') ORDER BY e.at DESC, e.id DESC")))
        return m_db.queryError(q, QStringLiteral("latest csat"));
    while (q.next()) {
        bool ok = false;
        const int score = q.value(1).toString().trimmed().toInt(&ok);
        if (!ok || score < 1 || score > 5)
            continue; // as the metrics: out of range or unreadable is ignored
        CsatAnswer answer;
        answer.conversationId = q.value(0).toLongLong();
        answer.score = score;
        const QString actor = q.value(2).toString();
        answer.source = actor == kCustomerActor ? CsatSource::Customer : CsatSource::Agent;
        if (answer.source == CsatSource::Agent)
            answer.agentId = actor;
        answer.at = timeFromDb(q.value(3));
        return std::optional<CsatAnswer>(answer);
    }
    return std::optional<CsatAnswer>();
}

Core::Result<std::optional<CsatAnswer>> CsatRepository::latestForConversation(qint64 conversationId)
{
    return latest(QStringLiteral("WHERE e.conversation_id = %1").arg(conversationId));
}

Core::Result<std::optional<CsatAnswer>> CsatRepository::latestForCustomer(qint64 customerId)
{
    auto group = CustomerRepository(m_db).mergedGroup(customerId);
    if (!group)
        return group.error();
    return latestForCustomers(group.value());
}

QString CsatRepository::customersWhere(const QList<qint64> &customerIds)
{
    QStringList ids;
    for (qint64 id : customerIds)
        ids << QString::number(id); // numbers only: safe to write into the statement
    return QStringLiteral("JOIN conversations c ON c.id = e.conversation_id WHERE c.customer_id IN (")
        + ids.join(QLatin1Char(',')) + QStringLiteral(")");
}

Core::Result<std::optional<CsatAnswer>> CsatRepository::latestForCustomers(const QList<qint64> &customerIds)
{
    if (customerIds.isEmpty())
        return std::optional<CsatAnswer>();
    return latest(customersWhere(customerIds));
}

Core::Result<QDateTime> CsatRepository::lastAsked(const QString &where)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT max(e.at) FROM conversation_events e ") + where
            + QStringLiteral(" AND e.kind = 'csat-asked'")))
        return m_db.queryError(q, QStringLiteral("last csat question"));
    if (!q.next() || q.value(0).isNull())
        return QDateTime();
    return timeFromDb(q.value(0));
}

Core::Result<CsatSummary> CsatRepository::summaryForCustomers(const QList<qint64> &customerIds)
{
    if (customerIds.isEmpty())
        return CsatSummary();
    auto answer = latest(customersWhere(customerIds));
    if (!answer)
        return answer.error();
    auto asked = lastAsked(customersWhere(customerIds));
    if (!asked)
        return asked.error();
    return CsatSummary { answer.value(), asked.value() };
}

Core::Result<CsatSummary> CsatRepository::summaryForConversation(qint64 conversationId)
{
    const QString where = QStringLiteral("WHERE e.conversation_id = %1").arg(conversationId);
    auto answer = latest(where);
    if (!answer)
        return answer.error();
    auto asked = lastAsked(where);
    if (!asked)
        return asked.error();
    return CsatSummary { answer.value(), asked.value() };
}

Core::Result<std::optional<QDateTime>> CsatRepository::openQuestion(qint64 conversationId, const QDateTime &at)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // Served by conversation_events (conversation_id, at).
    q.prepare(QStringLiteral(
        "SELECT e.at, e.detail FROM conversation_events e WHERE e.conversation_id = :conversation AND "
        "e.kind = 'csat-asked' AND e.at >= :since AND e.at <= :at AND NOT EXISTS (SELECT 1 FROM "
        "conversation_events a WHERE a.conversation_id = :conversation2 AND a.kind IN ('csat', 'csat_answer') "
        "AND a.at >= e.at) ORDER BY e.at DESC, e.id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":since"), at.toMSecsSinceEpoch() - kAnswerWindowSeconds * 1000);
    q.bindValue(QStringLiteral(":at"), at.toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":conversation2"), conversationId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("open csat question"));
    if (!q.next())
        return std::optional<QDateTime>();
    const QDateTime askedAt = timeFromDb(q.value(0));
    const qint64 messageId = q.value(1).toString().toLongLong();
    q.finish();
    // A question that failed or was cancelled never reached the customer: nothing is waiting.
    QSqlQuery sent(m_db.connection());
    sent.prepare(QStringLiteral("SELECT delivery_state FROM messages WHERE id = :id"));
    sent.bindValue(QStringLiteral(":id"), messageId);
    if (!sent.exec())
        return m_db.queryError(sent, QStringLiteral("csat question delivery"));
    if (sent.next()) {
        const QString state = sent.value(0).toString();
        if (state == QLatin1String("failed") || state == QLatin1String("cancelled"))
            return std::optional<QDateTime>();
    }
    return std::optional<QDateTime>(askedAt);
}

Core::Result<bool> CsatRepository::considerReply(qint64 conversationId, const QString &messageText, const QDateTime &at)
{
    Core::Result<bool> recorded = false;
    const Status status = m_db.transaction([&]() -> Status {
        recorded = considerReplyInTransaction(conversationId, messageText, at.isValid() ? at : m_db.now());
        return recorded ? Status() : Status(recorded.error());
    });
    if (!status)
        return status.error();
    return recorded;
}

Core::Result<bool> CsatRepository::considerReplyInTransaction(
    qint64 conversationId, const QString &messageText, const QDateTime &at)
{
    // Most messages are not a score: they cost no query at all.
    const auto answer = Core::CsatParser::parse(messageText);
    if (!answer || !at.isValid())
        return false;
    auto open = openQuestion(conversationId, at);
    if (!open)
        return open.error();
    if (!open.value())
        return false;
    if (Status s = record(conversationId, answer->score, CsatSource::Customer, {}, at); !s)
        return s.error();
    if (answer->onlyRating) {
        // Only an answer: not a new request (no wait, no new cycle), and no reopen.
        QSqlQuery mark(m_db.connection());
        mark.prepare(QStringLiteral("UPDATE messages SET rating_only = 1 WHERE conversation_id = :conversation AND "
                                    "direction = 'inbound' AND created_at = :at AND body = :body"));
        mark.bindValue(QStringLiteral(":conversation"), conversationId);
        mark.bindValue(QStringLiteral(":at"), at.toMSecsSinceEpoch());
        mark.bindValue(QStringLiteral(":body"), messageText);
        if (!mark.exec())
            return m_db.queryError(mark, QStringLiteral("mark rating-only reply"));
        if (Status s = keepResolved(conversationId, at); !s)
            return s.error();
    }
    return true;
}

// docs/metrics.md: "A CSAT answer never reopens a conversation." Ingest reopens a resolved
// conversation when the customer writes; for an answer and nothing else, that is taken back.
Status CsatRepository::keepResolved(qint64 conversationId, const QDateTime &at)
{
    QSqlQuery reopen(m_db.connection());
    reopen.prepare(QStringLiteral("SELECT id FROM conversation_events WHERE conversation_id = :conversation AND "
                                  "kind = 'reopened' AND actor = 'customer' AND at = :at ORDER BY id DESC LIMIT 1"));
    reopen.bindValue(QStringLiteral(":conversation"), conversationId);
    reopen.bindValue(QStringLiteral(":at"), at.toMSecsSinceEpoch());
    if (!reopen.exec())
        return m_db.queryError(reopen, QStringLiteral("csat reopen"));
    if (!reopen.next())
        return {};
    const qint64 reopenId = reopen.value(0).toLongLong();
    reopen.finish();
    QSqlQuery before(m_db.connection());
    before.prepare(QStringLiteral("SELECT kind FROM conversation_events WHERE conversation_id = :conversation AND "
                                  "id < :reopen AND kind IN ('open', 'pending', 'snoozed', 'resolved', 'reopened') "
                                  "ORDER BY id DESC LIMIT 1"));
    before.bindValue(QStringLiteral(":conversation"), conversationId);
    before.bindValue(QStringLiteral(":reopen"), reopenId);
    if (!before.exec())
        return m_db.queryError(before, QStringLiteral("csat status before"));
    if (!before.next() || before.value(0).toString() != QLatin1String("resolved"))
        return {}; // it was pending or snoozed: the customer writing brings it back, as always
    before.finish();
    QSqlQuery restore(m_db.connection());
    restore.prepare(QStringLiteral("UPDATE conversations SET status = 'resolved' WHERE id = :id AND status = 'open'"));
    restore.bindValue(QStringLiteral(":id"), conversationId);
    if (!restore.exec())
        return m_db.queryError(restore, QStringLiteral("csat keep resolved"));
    if (restore.numRowsAffected() != 1)
        return {};
    QSqlQuery undo(m_db.connection());
    undo.prepare(QStringLiteral("DELETE FROM conversation_events WHERE id = :id"));
    undo.bindValue(QStringLiteral(":id"), reopenId);
    if (!undo.exec())
        return m_db.queryError(undo, QStringLiteral("csat undo reopen"));
    return {};
}

} // namespace Care::Store
