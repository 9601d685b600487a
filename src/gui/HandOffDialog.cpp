#include "gui/HandOffDialog.h"

#include "core/Agent.h"
#include "store/AgentRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

struct Loaded
{
    QList<Core::Agent> agents;
    int mine = 0;
};

} // namespace

HandOffDialog::HandOffDialog(Store::Store *store, const QString &agentId, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_agentId(agentId)
    , m_summary(new QLabel(this))
    , m_to(new QComboBox(this))
    , m_note(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("handOffDialog"));
    setWindowTitle(tr("Hand off my conversations"));
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Counting your open conversations…"));
    m_to->setObjectName(QStringLiteral("handOffTo"));
    m_note->setObjectName(QStringLiteral("handOffNote"));
    m_note->setPlaceholderText(tr("What the next person needs to know, e.g. \"Waiting for the courier; promised an update by 18:00.\""));
    m_note->setTabChangesFocus(true);
    QPushButton *go = m_buttons->addButton(tr("Hand off"), QDialogButtonBox::AcceptRole);
    go->setObjectName(QStringLiteral("handOffButton"));
    go->setEnabled(false);
    auto *form = new QFormLayout;
    form->addRow(tr("&To:"), m_to);
    form->addRow(tr("&Note:"), m_note);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &HandOffDialog::handOff);
    resize(480, 280);
}

void HandOffDialog::load()
{
    m_store->run(
        this,
        [agent = m_agentId](Store::Database &db) -> Core::Result<Loaded> {
            Loaded loaded;
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            loaded.agents = agents.value();
            auto mine = Store::ConversationActions(db, agent).ownOpenConversations();
            if (!mine)
                return mine.error();
            loaded.mine = int(mine->size());
            return loaded;
        },
        [this](Core::Result<Loaded> loaded) {
            if (!loaded) {
                m_summary->setText(loaded.error().fullText());
                return;
            }
            m_to->clear();
            m_to->addItem(tr("The team (unassigned, for whoever is on duty)"), QString());
            for (const Core::Agent &a : loaded->agents) {
                if (a.id != m_agentId)
                    m_to->addItem(a.name, a.id);
            }
            m_summary->setText(loaded->mine == 1 ? tr("You have 1 open conversation. It keeps its history; the note is "
                                                      "added to its transcript.")
                                                 : tr("You have %1 open conversations. Each keeps its history; the note "
                                                      "is added to every transcript.")
                                                       .arg(loaded->mine));
            for (QAbstractButton *b : m_buttons->buttons()) {
                if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
                    b->setEnabled(loaded->mine > 0);
            }
        });
}

void HandOffDialog::handOff()
{
    const QString to = m_to->currentData().toString();
    const QString toName = m_to->currentText();
    const QString note = m_note->toPlainText().trimmed();
    setEnabled(false);
    m_store->run(
        this,
        [agent = m_agentId, to, note](Store::Database &db) { return Store::ConversationActions(db, agent).handOffAll(to, note); },
        [this, to, toName](Core::Result<int> handed) {
            setEnabled(true);
            if (!handed) {
                m_summary->setText(handed.error().fullText());
                return;
            }
            const int n = handed.value();
            emit handedOff(to.isEmpty() ? tr("Handed %n conversation(s) to the team.", nullptr, n)
                                        : tr("Handed %n conversation(s) to %1.", nullptr, n).arg(toName));
            m_store->notifyChanged();
            accept();
        });
}

} // namespace Care::Gui
