#include "gui/FileDialog.h"

#include <QFileDialog>

namespace Care::Gui {

QString FileDialog::s_nextSaveFileName;

QString FileDialog::saveFileName(QWidget *parent, const QString &caption, const QString &suggested,
                                 const QString &filter)
{
    if (!s_nextSaveFileName.isEmpty())
        return std::exchange(s_nextSaveFileName, QString());
    return QFileDialog::getSaveFileName(parent, caption, suggested, filter);
}

void FileDialog::setNextSaveFileName(const QString &path)
{
    s_nextSaveFileName = path;
}

} // namespace Care::Gui
