#include "gui/FileDialog.h"

#include <QFileDialog>

namespace Care::Gui {

QString FileDialog::s_nextSaveFileName;
QString FileDialog::s_nextOpenFileName;
std::function<QString(const QString &)> FileDialog::s_nextSaveAnswer;

QString FileDialog::saveFileName(QWidget *parent, const QString &caption, const QString &suggested,
                                 const QString &filter)
{
    if (!s_nextSaveFileName.isEmpty())
        return std::exchange(s_nextSaveFileName, QString());
    if (s_nextSaveAnswer)
        return std::exchange(s_nextSaveAnswer, nullptr)(suggested);
    return QFileDialog::getSaveFileName(parent, caption, suggested, filter);
}

void FileDialog::setNextSaveFileName(const QString &path)
{
    s_nextSaveFileName = path;
}

void FileDialog::setNextSaveAnswer(std::function<QString(const QString &suggested)> answer)
{
    s_nextSaveAnswer = std::move(answer);
}

QString FileDialog::openFileName(QWidget *parent, const QString &caption, const QString &directory,
                                 const QString &filter)
{
    if (!s_nextOpenFileName.isEmpty())
        return std::exchange(s_nextOpenFileName, QString());
    return QFileDialog::getOpenFileName(parent, caption, directory, filter);
}

void FileDialog::setNextOpenFileName(const QString &path)
{
    s_nextOpenFileName = path;
}

} // namespace Care::Gui
