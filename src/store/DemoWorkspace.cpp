#include "store/DemoWorkspace.h"

#include "core/IncomingMessage.h"
#include "core/PolicyDocument.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/CannedReplyRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/PolicyRepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;
using Core::Status;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::DemoWorkspace)
};

Error invalid(const QString &what)
{
    return Error::make(Error::Code::InvalidInput, Strings::tr("The demo workspace is not valid: %1").arg(what));
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

struct CustomerRecord
{
    qint64 id = 0;
    QString name;
    QHash<Core::Platform, Core::CustomerIdentity> identities;
};

} // namespace

Status DemoWorkspace::load(Database &db, const QDateTime &now)
{
    QFile file(QStringLiteral(":/demo/workspace.json"));
    if (!file.open(QIODevice::ReadOnly))
        return invalid(Strings::tr("the bundled file is missing"));
    if (Status s = loadJson(db, file.readAll(), now); !s)
        return s;
    return loadDefaultPolicies(db);
}

Status DemoWorkspace::loadDefaultPolicies(Database &db)
{
    PolicyRepository policies(db);
    const QDir dir(QStringLiteral(":/policies"));
    const auto files = dir.entryInfoList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    for (const QFileInfo &info : files) {
        if (info.baseName().compare(QLatin1String("README"), Qt::CaseInsensitive) == 0)
            continue;
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto doc = Core::PolicyDocument::fromMarkdown(info.baseName(), QString::fromUtf8(file.readAll()));
        if (auto saved = policies.save(doc, QStringLiteral("system")); !saved)
            return saved.error();
    }
    return {};
}

Status DemoWorkspace::loadJson(Database &db, const QByteArray &json, const QDateTime &now)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull() || !document.isObject())
        return invalid(parseError.errorString());
    const QJsonObject root = document.object();

    return db.transaction([&]() -> Status {
        AgentRepository agents(db);
        for (const QJsonValue &v : root.value(QLatin1String("agents")).toArray()) {
            const QJsonObject a = v.toObject();
            Core::Agent agent { a.value(QLatin1String("id")).toString(), a.value(QLatin1String("name")).toString(),
                a.value(QLatin1String("signature")).toString(), a.value(QLatin1String("role")).toString(),
                a.value(QLatin1String("team")).toString() };
            if (agent.id.isEmpty())
                return invalid(Strings::tr("an agent has no id"));
            if (Status s = agents.upsert(agent); !s)
                return s;
        }

        AccountRepository accounts(db);
        QHash<QString, qint64> accountIds;
        QHash<QString, Core::Platform> accountPlatforms;
        for (const QJsonValue &v : root.value(QLatin1String("accounts")).toArray()) {
            const QJsonObject a = v.toObject();
            const auto platform = Core::platformFromId(a.value(QLatin1String("platform")).toString());
            if (!platform)
                return invalid(Strings::tr("unknown platform “%1”").arg(a.value(QLatin1String("platform")).toString()));
            Core::Account account;
            account.platform = *platform;
            account.handle = a.value(QLatin1String("handle")).toString();
            account.name = a.value(QLatin1String("name")).toString();
            account.demo = true;
            auto id = accounts.ensure(account);
            if (!id)
                return id.error();
            const QString key = a.value(QLatin1String("key")).toString();
            accountIds.insert(key, id.value());
            accountPlatforms.insert(key, *platform);
        }

        CustomerRepository customers(db);
        QHash<QString, CustomerRecord> customerRecords;
        for (const QJsonValue &v : root.value(QLatin1String("customers")).toArray()) {
            const QJsonObject c = v.toObject();
            CustomerRecord record;
            record.name = c.value(QLatin1String("name")).toString();
            for (const QJsonValue &iv : c.value(QLatin1String("identities")).toArray()) {
                const QJsonObject i = iv.toObject();
                const auto platform = Core::platformFromId(i.value(QLatin1String("platform")).toString());
                if (!platform)
                    return invalid(Strings::tr("unknown identity platform"));
                Core::CustomerIdentity identity;
                identity.platform = *platform;
                identity.handle = i.value(QLatin1String("handle")).toString();
                identity.platformUserId = i.value(QLatin1String("user_id")).toString();
                if (identity.platformUserId.isEmpty())
                    identity.platformUserId = identity.handle;
                identity.displayName = record.name;
                if (record.id == 0) {
                    auto id = customers.ensureForIdentity(identity);
                    if (!id)
                        return id.error();
                    record.id = id.value();
                } else if (auto added = customers.addIdentity(record.id, identity); !added) {
                    return added.error();
                }
                record.identities.insert(*platform, identity);
            }
            if (record.id == 0)
                return invalid(Strings::tr("customer “%1” has no identity").arg(record.name));
            auto customer = customers.get(record.id);
            if (!customer)
                return customer.error();
            Core::Customer updated = customer.value();
            updated.name = record.name;
            updated.preferredChannel = c.value(QLatin1String("preferred_channel")).toString();
            updated.notes = c.value(QLatin1String("notes")).toString();
            if (Status s = customers.update(updated); !s)
                return s;
            customerRecords.insert(c.value(QLatin1String("key")).toString(), record);
        }

        MessageRepository messages(db);
        ConversationRepository conversations(db);
        for (const QJsonValue &v : root.value(QLatin1String("conversations")).toArray()) {
            const QJsonObject c = v.toObject();
            const QString key = c.value(QLatin1String("key")).toString();
            const QString accountKey = c.value(QLatin1String("account")).toString();
            if (!accountIds.contains(accountKey))
                return invalid(Strings::tr("conversation %1 names an unknown account").arg(key));
            auto record = customerRecords.find(c.value(QLatin1String("customer")).toString());
            if (record == customerRecords.end())
                return invalid(Strings::tr("conversation %1 names an unknown customer").arg(key));
            const Core::Platform platform = accountPlatforms.value(accountKey);
            if (!record->identities.contains(platform)) {
                // Known to us only through this channel so far: give them an identity there.
                Core::CustomerIdentity identity;
                identity.platform = platform;
                identity.platformUserId = QStringLiteral("demo-") + key;
                identity.handle = record->name;
                identity.displayName = record->name;
                if (auto added = customers.addIdentity(record->id, identity); !added)
                    return added.error();
                record->identities.insert(platform, identity);
            }
            const Core::CustomerIdentity identity = record->identities.value(platform);

            QList<Core::IncomingMessage> batch;
            int index = 0;
            for (const QJsonValue &mv : c.value(QLatin1String("messages")).toArray()) {
                const QJsonObject m = mv.toObject();
                Core::IncomingMessage in;
                in.accountId = accountIds.value(accountKey);
                in.platformMessageId = QStringLiteral("demo-%1-%2").arg(key).arg(++index);
                in.threadKey = QStringLiteral("demo-") + key;
                in.direction = Core::directionFromId(m.value(QLatin1String("direction")).toString())
                                   .value_or(Core::Direction::Inbound);
                in.visibility = Core::visibilityFromId(m.value(QLatin1String("visibility")).toString())
                                    .value_or(Core::Visibility::Public);
                in.customerPlatformUserId = identity.platformUserId;
                in.customerHandle = identity.handle;
                in.customerName = record->name;
                in.agentId = m.value(QLatin1String("agent")).toString();
                in.body = m.value(QLatin1String("text")).toString();
                in.createdAt = now.addSecs(-60 * m.value(QLatin1String("minutes_ago")).toInteger());
                in.automatic = m.value(QLatin1String("automatic")).toBool();
                if (in.direction == Core::Direction::Outbound)
                    in.deliveryState = Core::DeliveryState::Sent;
                batch << in;
            }
            if (batch.isEmpty())
                return invalid(Strings::tr("conversation %1 has no messages").arg(key));
            auto report = messages.ingestInTransaction(batch);
            if (!report)
                return report.error();
            const qint64 conversationId = *report->conversations.cbegin();
            const auto status = Core::statusFromId(c.value(QLatin1String("status")).toString())
                                    .value_or(Core::ConversationStatus::Open);
            const QDateTime snoozedUntil = now.addSecs(60 * c.value(QLatin1String("snoozed_minutes")).toInteger(60));
            // The status change is logged a minute after the last message, as an agent's would be.
            if (status != Core::ConversationStatus::Open) {
                if (Status s = conversations.setStatus(conversationId, status, snoozedUntil,
                                                       batch.last().createdAt.addSecs(60));
                    !s)
                    return s;
            }
            const auto priority = Core::priorityFromId(c.value(QLatin1String("priority")).toString())
                                      .value_or(Core::Priority::Normal);
            if (Status s = conversations.setPriority(conversationId, priority); !s)
                return s;
            if (Status s = conversations.assign(conversationId, c.value(QLatin1String("assignee")).toString()); !s)
                return s;
            if (Status s = conversations.setTags(conversationId, stringList(c.value(QLatin1String("tags")))); !s)
                return s;
            if (Status s = messages.refreshConversation(conversationId); !s)
                return s;
        }

        CannedReplyRepository canned(db);
        for (const QJsonValue &v : root.value(QLatin1String("canned_replies")).toArray()) {
            const QJsonObject r = v.toObject();
            Core::CannedReply reply;
            reply.shortcode = r.value(QLatin1String("shortcode")).toString();
            reply.title = r.value(QLatin1String("title")).toString();
            reply.body = r.value(QLatin1String("body")).toString();
            reply.tags = stringList(r.value(QLatin1String("tags")));
            if (Status s = canned.upsert(reply); !s)
                return s;
        }
        return {};
    });
}

} // namespace Care::Store
