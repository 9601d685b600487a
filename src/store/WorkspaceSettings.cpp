#include "store/WorkspaceSettings.h"

#include "core/AuditEvent.h"
#include "core/ManagedSettings.h"
#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;

namespace {

const char *const kCalendarKey = "calendar";
const char *const kSlaKey = "sla_policies";
const char *const kTriageKey = "triage_rules";

Core::Result<QByteArray> bundled(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::NotFound,
                           QCoreApplication::translate("Care::Store::WorkspaceSettings", "The bundled file %1 is missing.")
                               .arg(path));
    return file.readAll();
}

// An administrator's preset file (ManagedSettings) in place of a bundled default, when set.
Core::Result<QByteArray> presetOr(const char *key, const QString &bundledPath)
{
    const QString preset = Core::ManagedSettings().preset(QLatin1String(key)).toString();
    if (preset.isEmpty())
        return bundled(bundledPath);
    QFile file(preset);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::NotFound,
                           QCoreApplication::translate("Care::Store::WorkspaceSettings",
                                                       "The file %1 your administrator set (%2) cannot be read.")
                               .arg(preset, QLatin1String(key)),
                           QCoreApplication::translate("Care::Store::WorkspaceSettings",
                                                       "Ask your administrator to check the system-wide settings."));
    return file.readAll();
}

// Refuses a change the administrator has locked.
Core::Status unlessLocked(const char *key, const QString &what)
{
    const Core::ManagedSettings managed;
    if (!managed.isLocked(QLatin1String(key)))
        return {};
    return Error::make(Error::Code::ReadOnly,
                       QCoreApplication::translate("Care::Store::WorkspaceSettings",
                                                   "The %1 is set by your administrator and cannot be changed here.")
                           .arg(what),
                       managed.source());
}

} // namespace

Core::Result<Core::BusinessCalendar> WorkspaceSettings::defaultCalendar()
{
    auto text = presetOr(Core::ManagedSettings::kCalendarFile, QStringLiteral(":/calendar/default-calendar.json"));
    if (!text)
        return text.error();
    return Core::BusinessCalendar::fromJsonText(text.value());
}

Core::Result<QList<QByteArray>> WorkspaceSettings::defaultTriageRuleDocuments()
{
    const QDir dir(Core::TriageRules::defaultDirectory());
    QList<QByteArray> documents;
    for (const QString &name : dir.entryList({QStringLiteral("rules-*.json")}, QDir::Files, QDir::Name)) {
        auto text = bundled(dir.filePath(name));
        if (!text)
            return text.error();
        documents << text.value();
    }
    return documents;
}

Core::Result<Core::TriageRules> WorkspaceSettings::rulesFromDocuments(const QList<QByteArray> &documents)
{
    if (documents.isEmpty())
        return Error::make(Error::Code::InvalidInput,
                           QCoreApplication::translate("Care::Store::WorkspaceSettings", "There are no triage rules."));
    Core::TriageRules rules;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        auto one = Core::TriageRules::fromJson(
            documents.at(i), QCoreApplication::translate("Care::Store::WorkspaceSettings", "rule set %1").arg(i + 1));
        if (!one)
            return one.error();
        if (Core::Status merged = rules.merge(one.value()); !merged)
            return merged.error();
    }
    return rules;
}

Core::Result<QList<Core::SlaPolicy>> WorkspaceSettings::defaultSlaPolicies()
{
    auto text = presetOr(Core::ManagedSettings::kSlaPoliciesFile, QStringLiteral(":/sla/default-policies.json"));
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
    if (Core::ManagedSettings().isLocked(QLatin1String(Core::ManagedSettings::kCalendarFile)))
        return defaultCalendar();
    auto stored = value(QLatin1String(kCalendarKey));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return defaultCalendar();
    return Core::BusinessCalendar::fromJsonText(stored->toUtf8());
}

Core::Result<QList<Core::SlaPolicy>> WorkspaceSettings::slaPolicies()
{
    if (Core::ManagedSettings().isLocked(QLatin1String(Core::ManagedSettings::kSlaPoliciesFile)))
        return defaultSlaPolicies();
    auto stored = value(QLatin1String(kSlaKey));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return defaultSlaPolicies();
    return Core::SlaPolicy::listFromJson(stored->toUtf8());
}

Core::Status WorkspaceSettings::setCalendar(const Core::BusinessCalendar &calendar, const QString &editor)
{
    if (Core::Status locked = unlessLocked(Core::ManagedSettings::kCalendarFile,
                                           QCoreApplication::translate("Care::Store::WorkspaceSettings", "team calendar"));
        !locked)
        return locked;
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
    if (Core::Status locked = unlessLocked(Core::ManagedSettings::kSlaPoliciesFile,
                                           QCoreApplication::translate("Care::Store::WorkspaceSettings", "set of SLA policies"));
        !locked)
        return locked;
    return m_db.transaction([&]() -> Core::Status {
        if (Core::Status s = setValue(QLatin1String(kSlaKey), QString::fromUtf8(Core::SlaPolicy::listToJson(policies)), editor); !s)
            return s;
        m_db.invalidateSlaContext();
        return MessageRepository(m_db).recomputeOpenConversations();
    });
}

Core::Result<QList<QByteArray>> WorkspaceSettings::triageRuleDocuments()
{
    auto stored = value(QLatin1String(kTriageKey));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return defaultTriageRuleDocuments();
    QList<QByteArray> documents;
    const QJsonArray array = QJsonDocument::fromJson(stored->toUtf8()).array();
    for (const QJsonValue &document : array)
        documents << document.toString().toUtf8();
    return documents;
}

Core::Result<Core::TriageRules> WorkspaceSettings::triageRules()
{
    auto documents = triageRuleDocuments();
    if (!documents)
        return documents.error();
    return rulesFromDocuments(documents.value());
}

Core::Status WorkspaceSettings::setTriageRuleDocuments(const QList<QByteArray> &documents, const QString &editor)
{
    QString stored; // empty: the bundled rules
    if (!documents.isEmpty()) {
        if (auto rules = rulesFromDocuments(documents); !rules)
            return rules.error();
        auto defaults = defaultTriageRuleDocuments();
        if (!defaults || defaults.value() != documents) {
            QJsonArray array;
            for (const QByteArray &document : documents)
                array.append(QString::fromUtf8(document));
            stored = QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
        }
    }
    if (Core::Status s = setValue(QLatin1String(kTriageKey), stored, editor); !s)
        return s;
    m_db.invalidateClassifier();
    return {};
}

Core::Result<Core::CrisisMode> WorkspaceSettings::crisis()
{
    auto stored = value(QStringLiteral("crisis"));
    if (!stored)
        return stored.error();
    return Core::CrisisMode::fromJson(stored->toUtf8());
}

Core::Status WorkspaceSettings::setCrisis(const Core::CrisisMode &crisis, const QString &editor)
{
    return setValue(QStringLiteral("crisis"), QString::fromUtf8(crisis.toJson()), editor);
}

Core::Result<Core::Roster> WorkspaceSettings::roster()
{
    auto team = calendar();
    if (!team)
        return team.error();
    auto stored = value(QStringLiteral("roster"));
    if (!stored)
        return stored.error();
    return Core::Roster::fromJson(stored->toUtf8(), team.value());
}

Core::Status WorkspaceSettings::setRoster(const Core::Roster &roster, const QString &editor)
{
    return setValue(QStringLiteral("roster"), QString::fromUtf8(roster.toJson()), editor);
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
