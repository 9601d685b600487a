#pragma once

#include <QCoreApplication>
#include <QString>

namespace Care::Gui {

// Triage reasons are stored as the classifier wrote them, in English and stable for
// `careconsole triage` ("time-sensitive: \"order\"", "normal: needs a reply, nothing time-sensitive
// or lost"). This shows one in the console's language: the fixed phrases and the signal names are
// translated, the customer's quoted words and rule ids are kept. An unknown reason is shown as it is.
class TriageReasonText
{
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::TriageReasonText)

public:
    static QString display(const QString &reason);
    // Reasons joined by newlines (as stored), each shown in the console's language.
    static QStringList displayAll(const QString &reasons);
};

} // namespace Care::Gui
