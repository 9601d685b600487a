#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QDialog;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QWidget;

namespace Care::Sync {
class SyncService;
}

namespace Care::Gui {

// One dialog's request to the sync thread to connect an account, and the answer to it. The
// sync service answers every request with accountConnected or accountFailed, and every connect
// dialog listens to those signals: only the answer while this dialog's own request runs counts.
// While it runs the dialog's fields are disabled (`setBusy`); success says so and accepts the
// dialog, a failure shows its words and lets the person correct the fields.
class AccountConnectRequest : public QObject
{
    Q_OBJECT

public:
    // `setBusy(busy, message)` enables or disables the dialog's fields and shows the message.
    AccountConnectRequest(Sync::SyncService *sync, QDialog *dialog,
                          std::function<void(bool busy, const QString &message)> setBusy);

    // The request was sent: wait for its answer, showing `progress`.
    void start(const QString &progress);
    bool isWaiting() const { return m_waiting; }

    // The connect dialogs' common layout: the intro, the form, the message (the request's
    // progress or refusal), room to grow, the buttons.
    static void layOut(QDialog *dialog, QWidget *intro, QLayout *form, QLabel *message, QDialogButtonBox *buttons);

private:
    std::function<void(bool, const QString &)> m_setBusy;
    bool m_waiting = false;
};

} // namespace Care::Gui
