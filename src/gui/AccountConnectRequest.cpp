#include "gui/AccountConnectRequest.h"

#include "sync/SyncService.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace Care::Gui {

AccountConnectRequest::AccountConnectRequest(Sync::SyncService *sync, QDialog *dialog,
                                             std::function<void(bool, const QString &)> setBusy)
    : QObject(dialog)
    , m_setBusy(std::move(setBusy))
{
    connect(sync, &Sync::SyncService::accountConnected, this, [this, dialog](const QString &label) {
        if (!m_waiting)
            return;
        m_waiting = false;
        m_setBusy(false, tr("Connected %1.").arg(label));
        dialog->accept();
    });
    connect(sync, &Sync::SyncService::accountFailed, this, [this](const QString &message) {
        if (!m_waiting)
            return;
        m_waiting = false;
        m_setBusy(false, message);
    });
}

void AccountConnectRequest::start(const QString &progress)
{
    m_waiting = true;
    m_setBusy(true, progress);
}

void AccountConnectRequest::layOut(QDialog *dialog, QWidget *intro, QLayout *form, QLabel *message,
                                   QDialogButtonBox *buttons)
{
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(message);
    layout->addStretch();
    layout->addWidget(buttons);
}

} // namespace Care::Gui
