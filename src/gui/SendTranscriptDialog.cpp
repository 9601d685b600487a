#include "gui/SendTranscriptDialog.h"

#include "gui/TranscriptExporter.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Store.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Care::Gui {

SendTranscriptDialog::SendTranscriptDialog(Store::Store *store, qint64 conversationId, const QString &agentId,
                                           QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_conversationId(conversationId)
    , m_agentId(agentId)
    , m_address(new QLineEdit(this))
    , m_account(new QComboBox(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("sendTranscriptDialog"));
    setWindowTitle(tr("Send transcript by e-mail"));
    auto *intro = new QLabel(tr("The customer's whole history across channels goes as a plain-text e-mail with a PDF "
                                "copy attached, oldest message first, so the colleague can help without asking the "
                                "customer again."),
                             this);
    intro->setWordWrap(true);
    m_address->setObjectName(QStringLiteral("transcriptAddress"));
    m_address->setPlaceholderText(tr("escalations@example.com"));
    m_account->setObjectName(QStringLiteral("transcriptAccount"));
    m_error->setObjectName(QStringLiteral("transcriptError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    auto *form = new QFormLayout;
    form->addRow(tr("To:"), m_address);
    form->addRow(tr("Send from:"), m_account);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_send = buttons->addButton(tr("Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("transcriptSend"));
    m_send->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &SendTranscriptDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SendTranscriptDialog::reject);
    connect(m_address, &QLineEdit::textChanged, this, &SendTranscriptDialog::updateButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
    m_address->setFocus(); // typing goes to the address, never to the main window's one-key shortcuts
    loadAccounts();
}

void SendTranscriptDialog::loadAccounts()
{
    m_store->run(
        this, [](Store::Database &db) { return Store::AccountRepository(db).list(); },
        [this](Core::Result<QList<Core::Account>> accounts) {
            if (!accounts) {
                m_error->setText(accounts.error().fullText());
                m_error->show();
                return;
            }
            for (const Core::Account &account : accounts.value()) {
                if (account.platform == Core::Platform::Email)
                    m_account->addItem(account.name == account.handle ? account.handle
                                                                      : tr("%1 <%2>").arg(account.name, account.handle),
                                       account.id);
            }
            if (m_account->count() == 0) {
                m_error->setText(tr("No support mailbox is connected. An administrator connects one with "
                                    "careconsole account add email."));
                m_error->show();
            }
            updateButton();
        });
}

void SendTranscriptDialog::updateButton()
{
    m_send->setEnabled(!m_busy && m_account->count() > 0 && m_address->text().contains(QLatin1Char('@')));
}

void SendTranscriptDialog::accept()
{
    if (m_busy || m_account->count() == 0)
        return;
    m_busy = true;
    updateButton();
    const qint64 conversationId = m_conversationId;
    const qint64 accountId = m_account->currentData().toLongLong();
    const QString address = m_address->text().trimmed();
    const QString agentId = m_agentId;
    m_store->run(
        this,
        [conversationId, accountId, address, agentId](Store::Database &db) {
            return Store::ConversationActions(db, agentId)
                .queueTranscript(conversationId, accountId, address, &TranscriptExporter::pdf);
        },
        [this, address](Core::Result<qint64> queued) {
            m_busy = false;
            if (!queued) {
                m_error->setText(queued.error().fullText());
                m_error->show();
                updateButton();
                return;
            }
            emit this->queued(m_conversationId, address);
            QDialog::accept();
        });
}

} // namespace Care::Gui
