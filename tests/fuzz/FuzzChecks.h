#pragma once

// The invariants every fuzz target checks. A broken one aborts: libFuzzer reports it as a
// finding with the input that broke it.

#include "core/Result.h"

#include <QString>
#include <cstdio>
#include <cstdlib>

namespace Care::Fuzz {

[[noreturn]] inline void broken(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

inline void check(bool condition, const char *what)
{
    if (!condition)
        broken(what);
}

// What a parser gives for display is plain text without surrounding whitespace.
inline void checkText(const QString &text)
{
    check(text == text.trimmed(), "plain text has no leading or trailing whitespace");
}

// Unreadable input is always InvalidInput, with words for the user.
template<typename T> void checkResult(const Core::Result<T> &result)
{
    if (!result) {
        check(result.error().code == Core::Error::Code::InvalidInput, "error code is InvalidInput");
        check(!result.error().message.isEmpty(), "error message is not empty");
    }
}

} // namespace Care::Fuzz
