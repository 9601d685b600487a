#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// File → Export workspace pack… and Import workspace pack…: the team's policies, approved
// replies, SLA policies, calendar and triage rules as one file (Core::WorkspacePack). Import
// reads and checks the pack and plans on the store's worker, shows the plan
// (WorkspacePackDialog), and applies it in one transaction only after the user agrees.
class WorkspacePackActions : public QObject
{
    Q_OBJECT

public:
    WorkspacePackActions(Store::Store *store, const QString &agent, QWidget *window);

    QList<QAction *> actions() const { return {m_export, m_import}; }
    void exportPack();
    void importPack();

signals:
    // A sentence for the status bar.
    void finished(const QString &message);
    void imported();

private:
    void showPlan(const QString &path);

    Store::Store *m_store;
    QString m_agent;
    QPointer<QWidget> m_window;
    QAction *m_export;
    QAction *m_import;
};

} // namespace Care::Gui
