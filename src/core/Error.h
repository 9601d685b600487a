#pragma once

#include <QString>

namespace Care::Core {

// What went wrong, in words a person can act on, plus a machine-readable code.
struct Error
{
    enum class Code {
        Unknown,
        InvalidInput,
        NotFound,
        Conflict,
        // Store
        CannotOpen,
        HostUnreachable,
        AuthenticationFailed,
        DatabaseMissing,
        NotADatabase,
        Corrupt,
        SchemaTooNew,
        ReadOnly,
        ConnectionLost,
        QueryFailed,
        PermissionDenied, // the team database refused this login (its role may not do it)
        // Sync
        RateLimited,     // the platform asks us to wait
        NetworkError,    // no answer: host unknown, refused, dropped, timed out, TLS failure
        ServerError,     // the platform failed (5xx)
        TokenRevoked,    // the account must be reconnected
        Rejected,        // the platform refused the request (4xx); retrying will not help
        BadResponse,     // an answer we cannot read (not JSON, malformed, truncated)
        NoSecretStore,   // no keychain and no secrets file chosen
    };

    Code code = Code::Unknown;
    QString message; // what happened, for the user
    QString hint;    // what to do about it, for the user (may be empty)
    QString detail;  // technical detail (driver text), for logs and "details" boxes

    static Error make(Code code, QString message, QString hint = {}, QString detail = {})
    {
        return Error{code, std::move(message), std::move(hint), std::move(detail)};
    }

    QString fullText() const
    {
        QString text = message;
        if (!hint.isEmpty())
            text += QLatin1Char('\n') + hint;
        return text;
    }
};

} // namespace Care::Core
