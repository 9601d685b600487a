#include "gui/TranscriptExporter.h"

#include <QCoreApplication>
#include <QFile>
#include <QPageSize>
#include <QPrinter>
#include <QSaveFile>
#include <QTextDocument>

namespace Care::Gui {

using Core::Error;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::TranscriptExporter)
};

} // namespace

Core::Status TranscriptExporter::writeText(const QString &path, const QString &title, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error::make(Error::Code::CannotOpen, Strings::tr("%1 could not be written: %2").arg(path, file.errorString()),
                           Strings::tr("Choose a folder you can write to."));
    file.write(title.toUtf8() + "\n\n" + text.toUtf8());
    if (!file.commit())
        return Error::make(Error::Code::CannotOpen, Strings::tr("%1 could not be written: %2").arg(path, file.errorString()),
                           Strings::tr("Check the free space and try again."));
    return {};
}

Core::Status TranscriptExporter::writePdf(const QString &path, const QString &title, const QString &text)
{
    const QString temporary = path + QStringLiteral(".part");
    {
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(temporary);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setDocName(title);
        QTextDocument document;
        // Customer text stays text: the document is built from escaped plain text only.
        document.setHtml(QStringLiteral("<h2>") + title.toHtmlEscaped() + QStringLiteral("</h2><pre style=\"white-space: pre-wrap\">")
                         + text.toHtmlEscaped() + QStringLiteral("</pre>"));
        document.print(&printer);
    }
    QFile::remove(path);
    if (!QFile::exists(temporary) || !QFile::rename(temporary, path)) {
        QFile::remove(temporary);
        return Error::make(Error::Code::CannotOpen, Strings::tr("The PDF %1 could not be written.").arg(path),
                           Strings::tr("Choose a folder you can write to."));
    }
    return {};
}

Core::Status TranscriptExporter::write(const QString &path, const QString &title, const QString &text)
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? writePdf(path, title, text)
                                                                      : writeText(path, title, text);
}

} // namespace Care::Gui
