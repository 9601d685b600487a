#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace Care::Gui {

// File dialogs with a seam for tests: a test sets the next answer instead of driving a
// native modal dialog.
class FileDialog
{
public:
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested,
                                const QString &filter);
    static void setNextSaveFileName(const QString &path);
    // The next save dialog answers with `answer(suggested)` (e.g. the suggestion itself, as an
    // agent pressing Enter would).
    static void setNextSaveAnswer(std::function<QString(const QString &suggested)> answer);
    static QString openFileName(QWidget *parent, const QString &caption, const QString &directory,
                                const QString &filter);
    static void setNextOpenFileName(const QString &path);

private:
    static QString s_nextSaveFileName;
    static std::function<QString(const QString &)> s_nextSaveAnswer;
    static QString s_nextOpenFileName;
};

} // namespace Care::Gui
