#pragma once

#include "core/Result.h"
#include "store/CsatRepository.h"

#include <QDialog>
#include <functional>

class QButtonGroup;
class QLabel;
class QPushButton;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Records a satisfaction score (1 to 5) by hand — the customer gave it on the phone, or in words
// the console could not read — with the conversation's current score shown. Loads and writes
// off the GUI thread; a failure stays in the dialog, in words. Also the console's entry points
// for satisfaction: the customer card's line and sending the question.
class CsatDialog : public QDialog
{
    Q_OBJECT

public:
    CsatDialog(Store::Store *store, qint64 conversationId, const QString &agentId, QWidget *parent = nullptr);

    int score() const; // 0 until one is chosen

    // "Satisfaction: 4/5 (customer, 28 Nov)", "Satisfaction: 3/5 (recorded by maria, 28 Nov)",
    // "Satisfaction: asked 28 Nov, no answer yet", "Satisfaction: not asked yet".
    static QString summaryText(const Store::CsatSummary &summary);

    // Sends the question in this conversation (the workspace's public/private setting, the
    // customer's language) through the outbox; `done` gets the question's message id or why not.
    static void ask(Store::Store *store, qint64 conversationId, const QString &agentId, QObject *context,
        std::function<void(Core::Result<qint64>)> done);

signals:
    void recorded(qint64 conversationId, int score);

public slots:
    void accept() override;

private:
    void load();

    Store::Store *m_store;
    qint64 m_conversationId;
    QString m_agentId;
    QLabel *m_current;
    QLabel *m_error;
    QButtonGroup *m_scores;
    QPushButton *m_ok;
    bool m_busy = false;
};

} // namespace Care::Gui
