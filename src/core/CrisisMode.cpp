#include "core/CrisisMode.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::CrisisMode)
};

} // namespace

bool CrisisMode::matches(const QString &text) const
{
    for (QString term : terms) {
        term = term.trimmed();
        if (term.startsWith(QLatin1Char('#')))
            term.remove(0, 1);
        if (term.isEmpty())
            continue;
        const QRegularExpression pattern(QStringLiteral("(?<![\\w])#?") + QRegularExpression::escape(term)
                                             + QStringLiteral("(?![\\w])"),
                                         QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
        if (pattern.match(text).hasMatch())
            return true;
    }
    return false;
}

QByteArray CrisisMode::toJson() const
{
    QJsonObject json{
        {QStringLiteral("active"), active},
        {QStringLiteral("title"), title},
        {QStringLiteral("terms"), QJsonArray::fromStringList(terms)},
        {QStringLiteral("holding_statement"), holdingStatement},
        {QStringLiteral("pause_scheduled_posts"), pauseScheduledPosts},
        {QStringLiteral("started_by"), startedBy},
    };
    if (startedAt.isValid())
        json.insert(QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs));
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Result<CrisisMode> CrisisMode::fromJson(const QByteArray &json)
{
    CrisisMode crisis;
    if (json.trimmed().isEmpty())
        return crisis;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The crisis settings are not valid JSON."), {},
                           error.errorString());
    const QJsonObject object = document.object();
    crisis.active = object.value(QStringLiteral("active")).toBool();
    crisis.title = object.value(QStringLiteral("title")).toString();
    for (const QJsonValue &term : object.value(QStringLiteral("terms")).toArray())
        crisis.terms << term.toString();
    crisis.holdingStatement = object.value(QStringLiteral("holding_statement")).toString();
    crisis.pauseScheduledPosts = object.value(QStringLiteral("pause_scheduled_posts")).toBool(true);
    crisis.startedBy = object.value(QStringLiteral("started_by")).toString();
    crisis.startedAt = QDateTime::fromString(object.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    return crisis;
}

} // namespace Care::Core
