#pragma once

#include "core/Agent.h"
#include "core/CannedReply.h"
#include "core/Customer.h"
#include "core/FilledTemplate.h"
#include "core/PolicyDocument.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Care::Core {

// Fills a canned reply (R16) with the customer's name, the agent's name and signature (R8),
// policy values and the team's hours.
//
// Only "{word.word}" is a variable, e.g. {customer.name}, {policy.refund_days}; anything else in
// braces (a quoted JSON snippet, "{sic}", "{ }") is left exactly as written. Filling is a single
// pass: a value that itself looks like a variable is never expanded again, so a customer named
// "{agent.name}" cannot pull in other data.
class ReplyTemplate
{
public:
    ReplyTemplate() = default;
    explicit ReplyTemplate(QString body);
    static ReplyTemplate fromCannedReply(const CannedReply &reply);

    const QString &body() const { return m_body; }
    // The variables the body uses, each once, in order of first use.
    QStringList variables() const { return variablesIn(m_body); }

    // Variables with an empty value count as unfilled: "Hi ," is not a humane reply.
    FilledTemplate fill(const QHash<QString, QString> &context) const;
    static FilledTemplate fill(const QString &text, const QHash<QString, QString> &context);

    // The context for fill(): customer.name, customer.first_name, agent.name, agent.first_name,
    // agent.signature, agent.initials, team.hours and policy.NAME for every value of every
    // policy (when two policies define the same NAME, the first in the list wins).
    static QHash<QString, QString> makeContext(const Customer &customer, const Agent &agent,
        const QList<PolicyDocument> &policies, const QString &teamHours = {});

    // Variables still in a text; the composer re-checks the draft with this after the agent has
    // edited it, and refuses to send while the list is not empty.
    static QStringList variablesIn(const QString &text);
    static bool hasVariables(const QString &text) { return !variablesIn(text).isEmpty(); }

    // "Anna Maria Schmidt" -> "Anna"; a single name is returned as is.
    static QString firstName(const QString &fullName);
    // "Anna Schmidt" -> "AS", "Jean-Luc Picard" -> "JLP".
    static QString initials(const QString &fullName);

private:
    QString m_body;
};

} // namespace Care::Core
