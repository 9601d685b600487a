#include "core/ReplyTemplate.h"

#include <QRegularExpression>
#include <utility>

namespace Care::Core {

namespace {

const QRegularExpression &variablePattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\{([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)\})"));
    return pattern;
}

} // namespace

ReplyTemplate::ReplyTemplate(QString body)
    : m_body(std::move(body))
{
}

ReplyTemplate ReplyTemplate::fromCannedReply(const CannedReply &reply)
{
    return ReplyTemplate(reply.body);
}

FilledTemplate ReplyTemplate::fill(const QHash<QString, QString> &context) const
{
    return fill(m_body, context);
}

FilledTemplate ReplyTemplate::fill(const QString &text, const QHash<QString, QString> &context)
{
    FilledTemplate result;
    qsizetype pos = 0;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        result.text += QStringView(text).mid(pos, m.capturedStart() - pos);
        const QString name = m.captured(1);
        const QString value = context.value(name);
        if (value.isEmpty()) {
            result.text += m.captured();
            if (!result.unfilled.contains(name))
                result.unfilled.append(name);
        } else {
            result.text += value;
        }
        pos = m.capturedEnd();
    }
    result.text += QStringView(text).mid(pos);
    return result;
}

QHash<QString, QString> ReplyTemplate::makeContext(
    const Customer &customer, const Agent &agent, const QList<PolicyDocument> &policies, const QString &teamHours)
{
    QHash<QString, QString> context;
    context.insert(QStringLiteral("customer.name"), customer.name.trimmed());
    context.insert(QStringLiteral("customer.first_name"), firstName(customer.name));
    context.insert(QStringLiteral("agent.name"), agent.name.trimmed());
    context.insert(QStringLiteral("agent.first_name"), firstName(agent.name));
    context.insert(QStringLiteral("agent.signature"), agent.signature.trimmed());
    context.insert(QStringLiteral("agent.initials"), initials(agent.name));
    context.insert(QStringLiteral("team.hours"), teamHours.trimmed());
    for (const PolicyDocument &policy : policies) {
        for (auto it = policy.values.cbegin(); it != policy.values.cend(); ++it) {
            const QString key = QString(QStringLiteral("policy.") + it.key());
            if (!context.contains(key))
                context.insert(key, it.value());
        }
    }
    return context;
}

QStringList ReplyTemplate::variablesIn(const QString &text)
{
    QStringList names;
    auto it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

QString ReplyTemplate::firstName(const QString &fullName)
{
    const QStringList parts = fullName.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    return parts.isEmpty() ? QString() : parts.first();
}

QString ReplyTemplate::initials(const QString &fullName)
{
    static const QRegularExpression separators(QStringLiteral(R"([\s\-]+)"));
    QString out;
    for (const QString &part : fullName.split(separators, Qt::SkipEmptyParts)) {
        // Take the first letter, skipping leading punctuation such as quotes or "(".
        for (QChar c : part) {
            if (c.isLetter()) {
                out += c.toUpper();
                break;
            }
        }
    }
    return out;
}

} // namespace Care::Core
