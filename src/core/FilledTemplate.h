#pragma once

#include <QString>
#include <QStringList>

namespace Care::Core {

// A canned reply after its variables were filled in. Variables without a value stay visible in
// the text as "{name}", and the composer must not send while any remain.
struct FilledTemplate
{
    QString text;
    QStringList unfilled; // variable names without braces, e.g. "customer.first_name", each once

    bool hasUnfilled() const { return !unfilled.isEmpty(); }
};

} // namespace Care::Core
