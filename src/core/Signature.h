#pragma once

#include "core/Agent.h"
#include "core/FilledTemplate.h"
#include "core/LengthCheck.h"
#include "core/Platform.h"
#include "core/ReplyLengthCounter.h"
#include "core/Result.h"

#include <QString>

namespace Care::Core {

// Signs a reply with the agent's name (R8) in a configurable form, e.g. "– {agent.signature}"
// or "^{initials}". The form may use every agent variable of ReplyTemplate ({agent.name},
// {agent.first_name}, {agent.signature}, {agent.initials}) and the short "{initials}".
class Signature
{
public:
    // "– {agent.signature}" after a space.
    Signature();
    explicit Signature(QString form, QString separator = QStringLiteral(" "));
    // How replies on this platform are signed: the team's form (a managed setting, default
    // "– {agent.signature}") on a line of its own; in an e-mail after a blank line, as a
    // signature block.
    static Signature forPlatform(Platform platform);

    const QString &form() const { return m_form; }
    const QString &separator() const { return m_separator; }

    // The signature for this agent; unfilled when the agent has no name or signature set.
    FilledTemplate render(const Agent &agent) const;

    // True when the reply already ends with this agent's signature (trailing spaces ignored),
    // so signing twice never happens.
    bool isSigned(const QString &reply, const Agent &agent) const;
    // Exactly what apply() appends: separator plus signature, or nothing when already signed.
    QString suffixFor(const QString &reply, const Agent &agent) const;
    // The signed reply. Fails when the signature cannot be rendered for this agent, because an
    // unsigned or "{agent.signature}"-signed public reply must not go out.
    Result<QString> apply(const QString &reply, const Agent &agent) const;

    // What the signature (with its separator) costs on a platform, counted the platform's way:
    // `used` and `utf8Bytes` of the result. The composer keeps the agent's text within
    // limit - used so the signed reply still fits.
    LengthCheck cost(const ReplyLengthCounter &counter, Platform platform, const Agent &agent) const;
    // The reply as it will be sent (signed unless already signed), against the platform limit.
    LengthCheck checkSigned(const ReplyLengthCounter &counter, Platform platform, const QString &reply,
        const Agent &agent, int limitOverride = -1) const;

private:
    QString m_form;
    QString m_separator;
};

} // namespace Care::Core
