#include "store/WorkspaceSettings.h"

#include "core/AuditEvent.h"
#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;

namespace {

const char *const kCalendarKey = "calendar";
const char *const kSlaKey = "sla_policies";

Core::Result<QByteArray> bundled(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::NotFound,
                           QCoreApplication::translate("Care::Store::WorkspaceSettings", "The bundled file %1 is missing.")
                               .arg(path));
    return file.readAll();
}

} // namespace

Core::Result<Core::BusinessCalendar> WorkspaceSettings::defaultCalendar()
{
    auto text = bundled(QStringLiteral(":/calendar/default-calendar.json"));
    if (!text)
        return text.error();
    return Core::BusinessCalendar::fromJsonText(text.value());
}

Core::Result<QList<Core::SlaPolicy>> WorkspaceSettings::defaultSlaPolicies()
{
    auto text = bundled(QStringLiteral(":/sla/default-policies.json"));
    if (!text)
        return text.error();
    return Core::SlaPolicy::listFromJson(text.value());
}

Core::Result<QString> WorkspaceSettings::value(const QString &key)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT value FROM workspace_settings WHERE key = :key"));
    q.bindValue(QStringLiteral(":key"), key);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("workspace setting"));
    return q.next() ? q.value(0).toString() : QString();
}

Core::Status WorkspaceSettings::setValue(const QString &key, const QString &value, const QString &editor)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                             "(:key, :value, :by, :at) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                             "updated_by = excluded.updated_by, updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":key"), key);
    q.bindValue(QStringLiteral(":value"), text(value));
    q.bindValue(QStringLiteral(":by"), text(editor));
    q.bindValue(QStringLiteral(":at"), nowMs());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("save workspace setting"));
    Core::AuditEvent event;
    event.actor = editor;
    event.action = QStringLiteral("settings.") + key;
    event.subjectType = QStringLiteral("settings");
    event.detail = value.left(2000);
    return AuditRepository(m_db).append(event);
}

Core::Result<Core::BusinessCalendar> WorkspaceSettings::calendar()
{
    auto stored = value(QLatin1String(kCalendarKey));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return defaultCalendar();
    return Core::BusinessCalendar::fromJsonText(stored->toUtf8());
}

Core::Result<QList<Core::SlaPolicy>> WorkspaceSettings::slaPolicies()
{
    auto stored = value(QLatin1String(kSlaKey));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return defaultSlaPolicies();
    return Core::SlaPolicy::listFromJson(stored->toUtf8());
}

Core::Status WorkspaceSettings::setCalendar(const Core::BusinessCalendar &calendar, const QString &editor)
{
    return m_db.transaction([&]() -> Core::Status {
        const QString json = QString::fromUtf8(QJsonDocument(calendar.toJson()).toJson(QJsonDocument::Compact));
        if (Core::Status s = setValue(QLatin1String(kCalendarKey), json, editor); !s)
            return s;
        m_db.invalidateSlaContext();
        return MessageRepository(m_db).recomputeOpenConversations();
    });
}

Core::Status WorkspaceSettings::setSlaPolicies(const QList<Core::SlaPolicy> &policies, const QString &editor)
{
    return m_db.transaction([&]() -> Core::Status {
        if (Core::Status s = setValue(QLatin1String(kSlaKey), QString::fromUtf8(Core::SlaPolicy::listToJson(policies)), editor); !s)
            return s;
        m_db.invalidateSlaContext();
        return MessageRepository(m_db).recomputeOpenConversations();
    });
}

Core::Result<QString> WorkspaceSettings::acknowledgementMode()
{
    auto stored = value(QStringLiteral("acknowledgement_mode"));
    if (!stored)
        return stored.error();
    return stored->isEmpty() ? QStringLiteral("send") : stored.value();
}

Core::Status WorkspaceSettings::setAcknowledgementMode(const QString &mode, const QString &editor)
{
    if (mode != QLatin1String("send") && mode != QLatin1String("propose") && mode != QLatin1String("off"))
        return Error::make(Error::Code::InvalidInput,
                           QCoreApplication::translate("Care::Store::WorkspaceSettings",
                                                       "The acknowledgement mode must be send, propose or off."));
    return setValue(QStringLiteral("acknowledgement_mode"), mode, editor);
}

} // namespace Care::Store
