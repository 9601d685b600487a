#include "gui/WorkspacePackActions.h"

#include "core/ManagedSettings.h"
#include "core/WorkspacePack.h"
#include "gui/FileDialog.h"
#include "gui/WorkspacePackDialog.h"
#include "store/Store.h"
#include "store/WorkspacePackTransfer.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QWidget>

namespace Care::Gui {

namespace {

using Transfer = Store::WorkspacePackTransfer;

struct Preview
{
    Core::WorkspacePack::Reading reading;
    Transfer::Plan plan;
};

} // namespace

WorkspacePackActions::WorkspacePackActions(Store::Store *store, const QString &agent, QWidget *window)
    : QObject(window)
    , m_store(store)
    , m_agent(agent)
    , m_window(window)
    , m_export(new QAction(tr("E&xport workspace pack…"), this))
    , m_import(new QAction(tr("&Import workspace pack…"), this))
{
    m_export->setObjectName(QStringLiteral("actionExportWorkspacePack"));
    m_export->setStatusTip(tr("Save the team's policies, approved replies, SLA policies, calendar and triage rules "
                              "as one file for other consoles"));
    m_import->setObjectName(QStringLiteral("actionImportWorkspacePack"));
    m_import->setStatusTip(tr("Check a workspace pack, see what it would change, then import it"));
    connect(m_export, &QAction::triggered, this, &WorkspacePackActions::exportPack);
    connect(m_import, &QAction::triggered, this, &WorkspacePackActions::importPack);
}

void WorkspacePackActions::exportPack()
{
    const QString path = FileDialog::saveFileName(m_window, tr("Export workspace pack"),
                                                  QDir::home().filePath(QStringLiteral("team.careconsole-pack.json")),
                                                  tr("Workspace packs (*.json)"));
    if (path.isEmpty())
        return;
    m_store->run(
        this,
        [path, agent = m_agent](Store::Database &db) -> Core::Result<int> {
            auto pack = Transfer(db).exportPack(agent);
            if (!pack)
                return pack.error();
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(pack->toJson()) < 0 || !file.commit())
                return Core::Error::make(Core::Error::Code::Unknown,
                                         tr("%1 could not be written: %2").arg(path, file.errorString()));
            return int(pack->policies->size() + pack->cannedReplies->size());
        },
        [this, path](Core::Result<int> result) {
            emit finished(result ? tr("Saved the workspace pack %1.").arg(QFileInfo(path).fileName())
                                 : result.error().message);
        });
}

void WorkspacePackActions::importPack()
{
    const QString preset
        = Core::ManagedSettings().preset(QLatin1String(Core::ManagedSettings::kPackLocation)).toString();
    const QString path = FileDialog::openFileName(m_window, tr("Import workspace pack"),
                                                  preset.isEmpty() ? QDir::homePath() : preset,
                                                  tr("Workspace packs (*.json);;All files (*)"));
    if (!path.isEmpty())
        showPlan(path);
}

void WorkspacePackActions::showPlan(const QString &path)
{
    // Reading, checking and planning touch the disk and the store: on the worker.
    m_store->run(
        this,
        [path](Store::Database &db) -> Core::Result<Preview> {
            Preview preview;
            preview.reading = Core::WorkspacePack::fromFile(path);
            if (preview.reading.pack) {
                auto plan = Transfer(db).plan(*preview.reading.pack);
                if (!plan)
                    return plan.error();
                preview.plan = plan.value();
            }
            return preview;
        },
        [this, path](Core::Result<Preview> result) {
            if (!result) {
                emit finished(result.error().message);
                return;
            }
            auto *dialog = new WorkspacePackDialog(m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            const Core::WorkspacePack::Reading &reading = result->reading;
            if (!reading.pack) {
                dialog->showRefusal(path, reading.problems);
                dialog->open();
                return;
            }
            dialog->showPlan(path, result->plan.lines(), result->plan.changesSomething());
            connect(dialog, &QDialog::accepted, this, [this, path, pack = *reading.pack] {
                m_store->run(
                    this, [pack, agent = m_agent](Store::Database &db) { return Transfer(db).apply(pack, agent); },
                    [this, path](Core::Result<Transfer::Plan> applied) {
                        if (!applied) {
                            emit finished(tr("%1 was not imported; nothing was changed: %2")
                                              .arg(QFileInfo(path).fileName(), applied.error().message));
                            return;
                        }
                        emit imported();
                        emit finished(tr("Imported the workspace pack %1.").arg(QFileInfo(path).fileName()));
                    });
            });
            dialog->open();
        });
}

} // namespace Care::Gui
