#include "gui/WorkflowController.h"

#include "gui/AssignDialog.h"
#include "gui/CustomerCard.h"
#include "gui/FileDialog.h"
#include "gui/InboxModel.h"
#include "gui/ReasonDialog.h"
#include "gui/SendTranscriptDialog.h"
#include "gui/TranscriptExporter.h"
#include "gui/TranscriptView.h"
#include "gui/ConversationPane.h"
#include "gui/CsatDialog.h"
#include "gui/DispositionDialog.h"
#include "gui/InboxPane.h"
#include "gui/ShortcutsDialog.h"
#include "store/AgentRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationFactsQuery.h"
#include "store/ConversationRepository.h"
#include "store/Store.h"

#include <QAction>
#include <QInputDialog>
#include <QTreeView>
#include <QPrintDialog>
#include <QPrinter>
#include <QStandardPaths>
#include <QTextDocument>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QWidget>

namespace Care::Gui {

namespace {

struct Binding
{
    const char *name;
    const char *shortcut;
};

// Default keys: one letter each, as in mail clients agents already know.
const Binding kDefaults[] = {
    {"actionNextConversation", "J"}, {"actionPreviousConversation", "K"}, {"actionOpenConversation", "Return"},
    {"actionReply", "R"},            {"actionPrivateReply", "P"},         {"actionNote", "N"},
    {"actionResolve", "E"},          {"actionAssign", "A"},               {"actionSnooze", "S"},
    {"actionClaim", "C"},            {"actionPending", "W"},              {"actionNoReplyNeeded", "D"},
    {"actionShortcuts", "?"},        {"actionTags", "T"},        {"actionExportTranscript", "Ctrl+Shift+E"}, {"actionPrintTranscript", "Ctrl+P"},
};

} // namespace

QString WorkflowController::defaultShortcut(const QString &objectName)
{
    for (const Binding &b : kDefaults) {
        if (objectName == QLatin1String(b.name))
            return QLatin1String(b.shortcut);
    }
    return {};
}

WorkflowController::WorkflowController(Store::Store *store, InboxPane *inbox, ConversationPane *conversation,
                                       QString agentId, QWidget *window)
    : QObject(window)
    , m_store(store)
    , m_inbox(inbox)
    , m_conversation(conversation)
    , m_agentId(std::move(agentId))
    , m_window(window)
{
    connect(add(QStringLiteral("actionNextConversation"), tr("Next conversation"), {}), &QAction::triggered, this,
            [this] { m_inbox->moveSelection(1); });
    connect(add(QStringLiteral("actionPreviousConversation"), tr("Previous conversation"), {}), &QAction::triggered,
            this, [this] { m_inbox->moveSelection(-1); });
    connect(add(QStringLiteral("actionOpenConversation"), tr("Open conversation"), {}), &QAction::triggered, this,
            [this] { m_conversation->focusTranscript(); });
    connect(add(QStringLiteral("actionReply"), tr("Reply publicly"), {}), &QAction::triggered, this,
            [this] { m_conversation->startComposing(ConversationPane::ComposeMode::Public); });
    connect(add(QStringLiteral("actionPrivateReply"), tr("Reply privately"), {}), &QAction::triggered, this,
            [this] { m_conversation->startComposing(ConversationPane::ComposeMode::Private); });
    connect(add(QStringLiteral("actionNote"), tr("Internal note"), {}), &QAction::triggered, this,
            [this] { m_conversation->startComposing(ConversationPane::ComposeMode::Note); });
    connect(add(QStringLiteral("actionResolve"), tr("Resolve"), {}), &QAction::triggered, this,
            &WorkflowController::resolve);
    connect(add(QStringLiteral("actionAssign"), tr("Assign…"), {}), &QAction::triggered, this,
            &WorkflowController::assign);
    QAction *snoozeAction = add(QStringLiteral("actionSnooze"), tr("Snooze"), {});
    auto *snoozeMenu = new QMenu(m_window);
    snoozeMenu->setObjectName(QStringLiteral("snoozeMenu"));
    const QList<QPair<QString, int>> snoozes{{tr("For 1 hour"), 60}, {tr("For 3 hours"), 180},
                                             {tr("Until tomorrow"), 24 * 60}, {tr("For a week"), 7 * 24 * 60}};
    for (const auto &[label, minutes] : snoozes)
        connect(snoozeMenu->addAction(label), &QAction::triggered, this, [this, m = minutes] { snooze(m); });
    snoozeAction->setMenu(snoozeMenu);
    connect(snoozeAction, &QAction::triggered, this, [this, snoozeMenu] {
        snoozeMenu->popup(m_inbox->mapToGlobal(m_inbox->rect().center()));
    });
    connect(add(QStringLiteral("actionClaim"), tr("Take it (claim)"), {}), &QAction::triggered, this,
            &WorkflowController::claim);
    connect(add(QStringLiteral("actionPending"), tr("Waiting on customer"), {}), &QAction::triggered, this,
            &WorkflowController::markPending);
    connect(add(QStringLiteral("actionNoReplyNeeded"), tr("No reply needed…"), {}), &QAction::triggered, this,
            &WorkflowController::noReplyNeeded);
    connect(add(QStringLiteral("actionHide"), tr("Hide comment…"), {}), &QAction::triggered, this,
            &WorkflowController::hideComment);
    connect(add(QStringLiteral("actionUnhide"), tr("Unhide comment"), {}), &QAction::triggered, this,
            &WorkflowController::unhideComment);
    connect(add(QStringLiteral("actionTags"), tr("Tags…"), {}), &QAction::triggered, this,
            &WorkflowController::editTags);
    connect(add(QStringLiteral("actionAskSatisfaction"), tr("Ask for satisfaction (1–5)"), {}), &QAction::triggered,
            this, &WorkflowController::askSatisfaction);
    connect(add(QStringLiteral("actionRecordSatisfaction"), tr("Record satisfaction…"), {}), &QAction::triggered, this,
            &WorkflowController::recordSatisfaction);
    connect(add(QStringLiteral("actionExportTranscript"), tr("Export transcript…"), {}), &QAction::triggered, this,
            &WorkflowController::exportTranscript);
    connect(add(QStringLiteral("actionPrintTranscript"), tr("Print transcript…"), {}), &QAction::triggered, this,
            &WorkflowController::printTranscript);
    connect(add(QStringLiteral("actionSendTranscript"), tr("Send transcript by e-mail…"), {}), &QAction::triggered, this,
            &WorkflowController::sendTranscript);
    connect(add(QStringLiteral("actionShortcuts"), tr("Keyboard shortcuts…"), {}), &QAction::triggered, this,
            &WorkflowController::showShortcuts);
    loadShortcuts();
    connect(m_inbox, &InboxPane::conversationSelected, this, &WorkflowController::refreshCapabilities);
    connect(m_store, &Store::Store::changed, this, &WorkflowController::refreshCapabilities);
    applyCapabilities();
}

void WorkflowController::refreshCapabilities()
{
    const qint64 id = current();
    if (id != m_capabilitiesFor) {
        m_capabilitiesFor = id;
        m_capabilities.reset(); // nothing is offered on another conversation's facts
        applyCapabilities();
    }
    if (id == 0)
        return;
    const quint64 request = ++m_capabilitiesRequest;
    m_store->run(
        this, [id](Store::Database &db) { return Store::ConversationFactsQuery(db).capabilities(id); },
        [this, id, request](Core::Result<Core::ConversationCapabilities> capabilities) {
            if (request != m_capabilitiesRequest || id != m_capabilitiesFor)
                return; // a newer question is on its way
            if (capabilities)
                m_capabilities = capabilities.value();
            applyCapabilities();
        });
}

void WorkflowController::applyCapabilities()
{
    const auto offer = [](QAction *a, const std::optional<Core::Capability> &capability) {
        a->setEnabled(capability && capability->allowed);
        const QString why = capability ? capability->reason : QString();
        a->setToolTip(why.isEmpty() ? a->text() : why);
        a->setStatusTip(why);
    };
    const auto &c = m_capabilities;
    offer(action(QStringLiteral("actionHide")), c ? std::optional(c->hide) : std::nullopt);
    QAction *unhide = action(QStringLiteral("actionUnhide"));
    offer(unhide, c ? std::optional(c->unhide) : std::nullopt);
    unhide->setVisible(c && c->unhide.allowed); // only where something is hidden
    // Replying stays a key away: the composer says why when a mode is not allowed here.
    for (const auto &[name, capability] :
         {std::pair(QStringLiteral("actionReply"), c ? std::optional(c->publicReply) : std::nullopt),
          std::pair(QStringLiteral("actionPrivateReply"), c ? std::optional(c->privateMessage) : std::nullopt)}) {
        QAction *a = action(name);
        const QString why = capability ? capability->reason : QString();
        a->setToolTip(why.isEmpty() ? a->text() : why);
        a->setStatusTip(why);
    }
}

QAction *WorkflowController::add(const QString &objectName, const QString &text, const QString &)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(objectName);
    action->setShortcutContext(Qt::WindowShortcut);
    m_window->addAction(action);
    m_actions << action;
    return action;
}

QAction *WorkflowController::action(const QString &objectName) const
{
    for (QAction *a : m_actions) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

void WorkflowController::loadShortcuts()
{
    const QSettings settings;
    for (QAction *a : std::as_const(m_actions)) {
        const QString key = QStringLiteral("shortcuts/") + a->objectName();
        a->setShortcut(QKeySequence(settings.value(key, defaultShortcut(a->objectName())).toString()));
    }
}

qint64 WorkflowController::current() const
{
    return m_inbox->selectedConversation();
}

template<typename Job>
void WorkflowController::perform(Job job, const QString &done)
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    const QString agent = m_agentId;
    m_store->run(
        this, [job, id, agent](Store::Database &db) { return job(Store::ConversationActions(db, agent), id); },
        [this, done](Core::Status status) {
            emit statusMessage(status ? done : status.error().fullText());
            if (status)
                m_store->notifyChanged();
        });
}

void WorkflowController::resolve()
{
    perform([](Store::ConversationActions actions, qint64 id) { return actions.setStatus(id, Core::ConversationStatus::Resolved); },
            tr("Resolved."));
}

void WorkflowController::snooze(int minutes)
{
    const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(minutes * 60LL);
    perform([until](Store::ConversationActions actions,
                    qint64 id) { return actions.setStatus(id, Core::ConversationStatus::Snoozed, until); },
            tr("Snoozed until %1.").arg(QLocale().toString(until.toLocalTime(), QLocale::ShortFormat)));
}

void WorkflowController::markPending()
{
    perform([](Store::ConversationActions actions, qint64 id) { return actions.setStatus(id, Core::ConversationStatus::Pending); },
            tr("Waiting on the customer."));
}

void WorkflowController::claim()
{
    perform([](Store::ConversationActions actions, qint64 id) { return actions.claim(id); }, tr("It is yours now."));
}

void WorkflowController::assign()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    struct Data
    {
        QList<Core::Agent> agents;
        QString assignee;
    };
    m_store->run(
        this,
        [id](Store::Database &db) -> Core::Result<Data> {
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            auto conversation = Store::ConversationRepository(db).get(id);
            if (!conversation)
                return conversation.error();
            return Data{agents.value(), conversation->assignee};
        },
        [this, id](Core::Result<Data> data) {
            if (!data) {
                emit statusMessage(data.error().fullText());
                return;
            }
            auto *dialog = new AssignDialog(data->agents, data->assignee, m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
                const QString agent = dialog->agentId();
                const QString note = dialog->handoffNote();
                const QString me = m_agentId;
                m_store->run(
                    this,
                    [id, agent, note, me](Store::Database &db) {
                        return Store::ConversationActions(db, me).assign(id, agent, note);
                    },
                    [this](Core::Status status) {
                        emit statusMessage(status ? tr("Assigned.") : status.error().fullText());
                        if (status)
                            m_store->notifyChanged();
                    });
            });
            dialog->open();
        });
}

void WorkflowController::noReplyNeeded()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    auto *dialog = new DispositionDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const auto reason = dialog->reason();
        const QString note = dialog->note();
        const QString me = m_agentId;
        m_store->run(
            this,
            [id, reason, note, me](Store::Database &db) {
                return Store::ConversationActions(db, me).dispose(id, reason, note);
            },
            [this](Core::Status status) {
                emit statusMessage(status ? tr("Marked as needing no reply.") : status.error().fullText());
                if (status)
                    m_store->notifyChanged();
            });
    });
    dialog->open();
}

QString WorkflowController::transcriptTitle() const
{
    const CustomerCard *card = m_conversation->customerCard();
    return tr("Transcript: %1 — exported %2 by %3")
        .arg(card->customer().name,
             QLocale().toString(QDateTime::currentDateTime(), QStringLiteral("yyyy-MM-dd HH:mm")), m_agentId);
}

void WorkflowController::exportTranscript()
{
    if (m_conversation->transcriptView()->entryCount() == 0) {
        emit statusMessage(tr("Open a conversation first."));
        return;
    }
    const QString name = m_conversation->customerCard()->customer().name;
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                              + QStringLiteral("/transcript-") + QString(name).replace(QLatin1Char(' '), QLatin1Char('-'))
                              + QStringLiteral(".pdf");
    const QString path = FileDialog::saveFileName(m_window, tr("Export transcript"), suggested,
                                                  tr("PDF (*.pdf);;Plain text (*.txt)"));
    if (path.isEmpty())
        return;
    const Core::Status written =
        TranscriptExporter::write(path, transcriptTitle(), m_conversation->transcriptView()->plainTranscript());
    emit statusMessage(written ? tr("Transcript saved to %1 — attach it to the escalation.").arg(path)
                               : written.error().fullText());
}

void WorkflowController::printTranscript()
{
    if (m_conversation->transcriptView()->entryCount() == 0) {
        emit statusMessage(tr("Open a conversation first."));
        return;
    }
    auto *printer = new QPrinter(QPrinter::HighResolution);
    auto *dialog = new QPrintDialog(printer, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [printer] { delete printer; });
    connect(dialog, &QDialog::accepted, this, [this, printer] {
        QTextDocument document;
        document.setPlainText(transcriptTitle() + QStringLiteral("\n\n")
                              + m_conversation->transcriptView()->plainTranscript());
        document.print(printer);
    });
    dialog->open();
}

void WorkflowController::hideComment()
{
    const qint64 id = current();
    const auto platform = Core::platformFromId(
        m_inbox->view()->currentIndex().data(InboxModel::PlatformRole).toString());
    if (id == 0 || !platform) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    if (id != m_capabilitiesFor || !m_capabilities) {
        emit statusMessage(tr("Still reading what %1 allows here; try again in a moment.")
                               .arg(Core::platformDisplayName(*platform)));
        return;
    }
    if (!m_capabilities->hide) {
        emit statusMessage(m_capabilities->hide.reason);
        return;
    }
    auto *dialog = new ReasonDialog(tr("Hide comment"),
                                    tr("The customer's latest public comment will be hidden from public view on %1 — "
                                       "not deleted. Your name, the time and the reason are recorded.")
                                        .arg(Core::platformDisplayName(*platform)),
                                    tr("Hide"), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const QString reason = dialog->reason();
        const QString me = m_agentId;
        m_store->run(
            this,
            [id, reason, me](Store::Database &db) {
                return Store::ConversationActions(db, me).hideInbound(id, reason);
            },
            [this](Core::Result<qint64> hidden) {
                emit statusMessage(hidden ? tr("Hidden, with your reason in the audit log.") : hidden.error().fullText());
                if (hidden)
                    m_store->notifyChanged();
            });
    });
    dialog->open();
}

void WorkflowController::unhideComment()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    if (id == m_capabilitiesFor && m_capabilities && !m_capabilities->unhide) {
        emit statusMessage(m_capabilities->unhide.reason);
        return;
    }
    const QString me = m_agentId;
    m_store->run(
        this, [id, me](Store::Database &db) { return Store::ConversationActions(db, me).unhideInbound(id); },
        [this, id](Core::Result<qint64> shown) {
            emit statusMessage(shown ? tr("Shown again; the audit log has it.") : shown.error().fullText());
            if (shown) {
                m_conversation->reload();
                emit m_conversation->messageWritten(id); // views refresh, the outbox delivers now
            }
        });
}

void WorkflowController::askSatisfaction()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    CsatDialog::ask(m_store, id, m_agentId, this, [this, id](Core::Result<qint64> asked) {
        emit statusMessage(asked ? tr("The satisfaction question is on its way; the customer's answer is recorded "
                                      "when it arrives.")
                                 : asked.error().fullText());
        if (asked) {
            m_conversation->reload();
            emit m_conversation->messageWritten(id); // views refresh, the outbox delivers now
        }
    });
}

void WorkflowController::sendTranscript()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    auto *dialog = new SendTranscriptDialog(m_store, id, m_agentId, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal); // the window's one-key shortcuts wait until it is closed
    connect(dialog, &SendTranscriptDialog::queued, this, [this](qint64 conversationId, const QString &address) {
        emit statusMessage(tr("The transcript is on its way to %1.").arg(address));
        m_conversation->reload();
        emit m_conversation->messageWritten(conversationId); // views refresh, the outbox delivers now
    });
    dialog->show();
}

void WorkflowController::recordSatisfaction()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    auto *dialog = new CsatDialog(m_store, id, m_agentId, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CsatDialog::recorded, this, [this](qint64, int score) {
        emit statusMessage(tr("Satisfaction %1/5 recorded.").arg(score));
        m_conversation->reload();
    });
    dialog->open();
}

void WorkflowController::editTags()
{
    const qint64 id = current();
    if (id == 0) {
        emit statusMessage(tr("Select a conversation first."));
        return;
    }
    const QString currentTags = m_inbox->view()->currentIndex().siblingAtColumn(InboxModel::TagsColumn).data().toString();
    auto *dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("tagsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Tags"));
    dialog->setLabelText(tr("Tags for this conversation, separated by commas (e.g. check-in, refund):"));
    dialog->setTextValue(currentTags);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &text) {
        QStringList tags;
        for (const QString &tag : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
            tags << tag.trimmed();
        // The conversation the dialog was opened for, whatever is selected by now.
        const QString me = m_agentId;
        m_store->run(
            this, [id, tags, me](Store::Database &db) { return Store::ConversationActions(db, me).setTags(id, tags); },
            [this](Core::Status status) {
                emit statusMessage(status ? tr("Tags saved.") : status.error().fullText());
                if (status)
                    m_store->notifyChanged();
            });
    });
    dialog->open();
}

void WorkflowController::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(m_actions, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &WorkflowController::loadShortcuts);
    dialog->open();
}

} // namespace Care::Gui
