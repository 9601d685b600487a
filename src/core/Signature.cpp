#include "core/Signature.h"

#include "core/ManagedSettings.h"
#include "core/ReplyTemplate.h"

#include <QCoreApplication>
#include <utility>

namespace Care::Core {

namespace {

QString trimmedRight(const QString &text)
{
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1).isSpace())
        --end;
    return text.left(end);
}

} // namespace

Signature::Signature()
    : Signature(QStringLiteral("– {agent.signature}"))
{
}

Signature Signature::forPlatform(Platform platform)
{
    const QString form = ManagedSettings()
                             .value(QLatin1String(ManagedSettings::kSignatureForm), QStringLiteral("– {agent.signature}"))
                             .toString();
    return Signature(form, platform == Platform::Email ? QStringLiteral("\n\n") : QStringLiteral("\n"));
}

Signature::Signature(QString form, QString separator)
    : m_form(std::move(form))
    , m_separator(std::move(separator))
{
}

FilledTemplate Signature::render(const Agent &agent) const
{
    QHash<QString, QString> context = ReplyTemplate::makeContext(Customer {}, agent, {});
    QString form = m_form;
    form.replace(QStringLiteral("{initials}"), QStringLiteral("{agent.initials}"));
    FilledTemplate filled = ReplyTemplate::fill(form, context);
    filled.text = filled.text.trimmed();
    return filled;
}

bool Signature::isSigned(const QString &reply, const Agent &agent) const
{
    const FilledTemplate signature = render(agent);
    if (signature.hasUnfilled() || signature.text.isEmpty())
        return false;
    const QString text = trimmedRight(reply);
    if (!text.endsWith(signature.text))
        return false;
    // "Thanks, Joanna" is not signed by "Anna": the signature must not be the tail of a word.
    const qsizetype before = text.size() - signature.text.size() - 1;
    return before < 0 || !text.at(before).isLetterOrNumber();
}

QString Signature::suffixFor(const QString &reply, const Agent &agent) const
{
    if (isSigned(reply, agent))
        return {};
    const QString signature = render(agent).text;
    if (trimmedRight(reply).isEmpty())
        return signature;
    return QString(m_separator + signature);
}

Result<QString> Signature::apply(const QString &reply, const Agent &agent) const
{
    const FilledTemplate signature = render(agent);
    if (signature.hasUnfilled() || signature.text.isEmpty()) {
        return Error::make(Error::Code::InvalidInput,
            QCoreApplication::translate(
                "Care::Core::Signature", "The reply cannot be signed: %1 has no name or signature set.")
                .arg(agent.id),
            QCoreApplication::translate(
                "Care::Core::Signature", "Set a display name and signature in the agent settings."));
    }
    if (isSigned(reply, agent))
        return reply;
    return QString(trimmedRight(reply) + suffixFor(reply, agent));
}

LengthCheck Signature::cost(const ReplyLengthCounter &counter, Platform platform, const Agent &agent) const
{
    return counter.check(platform, QString(m_separator + render(agent).text));
}

LengthCheck Signature::checkSigned(const ReplyLengthCounter &counter, Platform platform, const QString &reply,
    const Agent &agent, int limitOverride) const
{
    const QString suffix = suffixFor(reply, agent);
    const QString sent = suffix.isEmpty() ? reply : QString(trimmedRight(reply) + suffix);
    return counter.check(platform, sent, limitOverride);
}

} // namespace Care::Core
