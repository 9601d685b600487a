#include "gui/TranscriptExporter.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QPageSize>
#include <QPdfWriter>
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

QByteArray TranscriptExporter::pdf(const QString &title, const QString &text)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Care Console"));
        QTextDocument document;
        // Customer text stays text: the document is built from escaped plain text only.
        document.setHtml(QStringLiteral("<h2>") + title.toHtmlEscaped() + QStringLiteral("</h2><pre style=\"white-space: pre-wrap\">")
                         + text.toHtmlEscaped() + QStringLiteral("</pre>"));
        document.print(&writer);
    }
    return bytes;
}

Core::Status TranscriptExporter::writePdf(const QString &path, const QString &title, const QString &text)
{
    const QByteArray bytes = pdf(title, text);
    QSaveFile file(path);
    if (!bytes.startsWith("%PDF") || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::make(Error::Code::CannotOpen, Strings::tr("The PDF %1 could not be written.").arg(path),
                           Strings::tr("Choose a folder you can write to."));
    return {};
}

Core::Status TranscriptExporter::write(const QString &path, const QString &title, const QString &text)
{
    return path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? writePdf(path, title, text)
                                                                      : writeText(path, title, text);
}

} // namespace Care::Gui
