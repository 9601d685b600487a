#pragma once

#include <QString>
#include <QStringList>

namespace Care::Gui {

// "Acme, Acme kettle ,," -> {"Acme", "Acme kettle"}: the lists people type into one line
// (brand terms, hashtags).
inline QStringList commaSeparated(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

} // namespace Care::Gui
