#include "core/TriageJson.h"

#include "core/UrgencyClassifier.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Care::Core {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QJsonObject TriageJson::toJson(const Triage &triage)
{
    QJsonObject object;
    object.insert(QStringLiteral("urgency"), priorityId(triage.urgency));
    object.insert(QStringLiteral("sentiment"), sentimentId(triage.sentiment));
    object.insert(QStringLiteral("angry"), triage.angry);
    object.insert(QStringLiteral("time_sensitive"), triage.timeSensitive);
    object.insert(QStringLiteral("service_loss"), triage.serviceLoss);
    object.insert(QStringLiteral("praise"), triage.praise);
    object.insert(QStringLiteral("sarcasm"), triage.sarcasm);
    object.insert(QStringLiteral("no_action"), triage.noAction);
    object.insert(QStringLiteral("language"), triage.language);
    object.insert(QStringLiteral("reasons"), QJsonArray::fromStringList(triage.reasons));
    object.insert(QStringLiteral("rules"), QJsonArray::fromStringList(triage.matchedRules));
    return object;
}

QJsonObject TriageJson::errorObject(int lineNumber, const QString &message)
{
    QJsonObject object;
    object.insert(QStringLiteral("line"), lineNumber);
    object.insert(QStringLiteral("error"), message);
    return object;
}

QByteArray TriageJson::processLine(const UrgencyClassifier &classifier, const QByteArray &line, int lineNumber)
{
    QByteArray bytes = line.trimmed();
    if (lineNumber == 1 && bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.mid(3); // a byte order mark from editors on Windows
    if (bytes.isEmpty())
        return compact(errorObject(lineNumber, QStringLiteral("empty line: expected a JSON object with \"text\"")));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return compact(errorObject(lineNumber,
            QStringLiteral("not valid JSON: %1 at character %2")
                .arg(parseError.errorString())
                .arg(parseError.offset + 1)));
    if (!document.isObject())
        return compact(errorObject(lineNumber, QStringLiteral("expected a JSON object with \"text\"")));
    const QJsonObject input = document.object();

    const QJsonValue text = input.value(QStringLiteral("text"));
    if (text.isUndefined())
        return compact(errorObject(lineNumber, QStringLiteral("missing \"text\"")));
    if (!text.isString())
        return compact(errorObject(lineNumber, QStringLiteral("\"text\" must be a string")));

    QDateTime createdAt;
    const QJsonValue created = input.value(QStringLiteral("created_at"));
    if (!created.isUndefined() && !created.isNull()) {
        createdAt = QDateTime::fromString(created.toString(), Qt::ISODateWithMs);
        if (!created.isString() || !createdAt.isValid())
            return compact(errorObject(lineNumber,
                QStringLiteral("\"created_at\" must be an ISO 8601 date-time such as "
                               "2024-05-01T09:30:00Z")));
    }

    QJsonObject output;
    output.insert(QStringLiteral("line"), lineNumber);
    const QJsonValue id = input.value(QStringLiteral("id"));
    if (id.isString() || id.isDouble())
        output.insert(QStringLiteral("id"), id);
    const QJsonObject triage = toJson(classifier.classify(text.toString(), createdAt));
    for (auto it = triage.constBegin(); it != triage.constEnd(); ++it)
        output.insert(it.key(), it.value());
    return compact(output);
}

} // namespace Care::Core
