#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace Care::Gui {

// Writes a transcript for an escalation or the records: plain text, or PDF through Qt's
// printing support. The file is complete or absent: it is written to a temporary name first.
class TranscriptExporter
{
public:
    static Core::Status writeText(const QString &path, const QString &title, const QString &text);
    static Core::Status writePdf(const QString &path, const QString &title, const QString &text);
    // The PDF's bytes (A4, the title, then the text — escaped, never read as markup). Needs a
    // QGuiApplication (fonts); safe on a worker thread.
    static QByteArray pdf(const QString &title, const QString &text);
    // Chooses the format from the file name (.pdf or anything else as text).
    static Core::Status write(const QString &path, const QString &title, const QString &text);
};

} // namespace Care::Gui
