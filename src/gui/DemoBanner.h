#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace Care::Gui {

// Says plainly that the console shows the demo workspace, and offers the way out of it.
class DemoBanner : public QFrame
{
    Q_OBJECT

public:
    explicit DemoBanner(QWidget *parent = nullptr);

signals:
    void useTeamDatabaseRequested();
    // The user's first platform account: it goes to their own store, which then opens.
    void connectAccountRequested();

private:
    QLabel *m_text;
    QPushButton *m_connectAccount;
    QPushButton *m_teamDatabase;
    QPushButton *m_hide;
};

} // namespace Care::Gui
