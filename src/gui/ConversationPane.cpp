#include "gui/ConversationPane.h"
#include "gui/PresenceBar.h"

#include "core/SlaMeasurement.h"
#include "gui/CustomerCard.h"
#include "gui/OutboxBar.h"
#include "gui/TranscriptView.h"
#include "gui/TriageReasonText.h"
#include "store/AgentRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Store.h"

#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>

namespace Care::Gui {

ConversationPane::ConversationPane(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_card(new CustomerCard(store, this))
    , m_sla(new QLabel(this))
    , m_transcript(new TranscriptView(this))
    , m_composer(new ComposerPane(store, this))
    , m_outbox(new OutboxBar(store, this))
    , m_presence(new PresenceBar(store, this))
{
    setObjectName(QStringLiteral("conversationPane"));
    m_sla->setObjectName(QStringLiteral("conversationSla"));
    m_sla->setTextFormat(Qt::PlainText);
    m_sla->setWordWrap(true);
    connect(m_composer, &ComposerPane::statusMessage, this, &ConversationPane::statusMessage);
    connect(m_card, &CustomerCard::statusMessage, this, &ConversationPane::statusMessage);
    connect(m_composer, &ComposerPane::contactDetailsRequested, m_card, &CustomerCard::editContactPreference);
    connect(m_card, &CustomerCard::customerChanged, this, [this] { emit messageWritten(m_conversationId); });
    connect(m_composer, &ComposerPane::sent, this, [this](qint64 conversationId) {
        emit messageWritten(conversationId);
        if (conversationId == m_conversationId)
            reload();
    });
    connect(m_composer, &ComposerPane::edited, m_presence, &PresenceBar::noteTyping);
    connect(m_transcript, &TranscriptView::earlierRequested, this, &ConversationPane::loadEarlier);
    connect(m_outbox, &OutboxBar::statusMessage, this, &ConversationPane::statusMessage);
    connect(m_outbox, &OutboxBar::deliveryRequested, this, &ConversationPane::deliveryRequested);

    // The transcript gets the height; the composer grows only as far as the agent drags it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("conversationSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_transcript);
    split->addWidget(m_composer);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({420, 150});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_card);
    layout->addWidget(m_sla);
    layout->addWidget(m_presence);
    // Replies that have not gone out stand above the transcript, never squeezing the composer.
    layout->addWidget(m_outbox);
    layout->addWidget(split, 1);
}

void ConversationPane::setAgent(const QString &agentId, const QString &agentName, const QString &signature)
{
    m_card->setAgent(agentId);
    m_composer->setAgent(agentId, agentName, signature);
    m_presence->setAgent(agentId);
}

void ConversationPane::setShared(bool shared)
{
    m_presence->setActive(shared);
}

void ConversationPane::startComposing(ComposeMode mode)
{
    m_composer->startComposing(mode);
}

void ConversationPane::focusTranscript()
{
    m_transcript->setFocus(Qt::ShortcutFocusReason);
}

void ConversationPane::reload()
{
    if (m_conversationId != 0)
        showConversation(m_conversationId, m_customerId);
}

Core::Result<ConversationPane::Page> ConversationPane::loadPage(Store::Database &db, const QList<qint64> &group,
                                                                qint64 beforeMs, qint64 beforeId)
{
    Store::MessageRepository messages(db);
    auto entries = messages.transcript(group, kTranscriptPage, beforeMs, beforeId);
    if (!entries)
        return entries.error();
    Page page;
    page.entries = entries.value();
    page.group = group;
    for (const Store::TranscriptEntry &entry : std::as_const(page.entries)) {
        if (!entry.message.isEdited())
            continue;
        auto revisions = messages.revisions(entry.message.id);
        if (!revisions)
            return revisions.error();
        page.revisions.insert(entry.message.id, revisions.value());
    }
    return page;
}

void ConversationPane::showConversation(qint64 conversationId, qint64 customerId)
{
    m_conversationId = conversationId;
    m_customerId = customerId;
    m_outbox->showConversation(conversationId);
    m_presence->setConversation(conversationId);
    m_presence->refresh();
    const quint64 request = ++m_request;
    m_card->showCustomer(customerId);
    m_store->run(
        this,
        [customerId, conversationId](Store::Database &db) -> Core::Result<Page> {
            auto group = Store::CustomerRepository(db).mergedGroup(customerId);
            if (!group)
                return group.error();
            auto page = loadPage(db, group.value(), 0, 0);
            if (!page)
                return page.error();
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            for (const Core::Agent &agent : agents.value())
                page->agentNames.insert(agent.id, agent.name);
            auto row = Store::ConversationRepository(db).row(conversationId);
            if (!row)
                return row.error();
            page->platform = row->platform;
            auto conversation = Store::ConversationRepository(db).get(conversationId);
            if (!conversation)
                return conversation.error();
            page->conversation = conversation.value();
            return page;
        },
        [this, request](Core::Result<Page> page) {
            if (request != m_request)
                return;
            if (!page) {
                emit statusMessage(page.error().fullText());
                return;
            }
            m_group = page->group;
            showSla(page->conversation);
            m_composer->setConversation(m_conversationId, page->platform);
            m_transcript->setAgentNames(page->agentNames);
            m_transcript->setRevisions(page->revisions);
            m_transcript->setEntries(m_conversationId, page->entries, page->entries.size() >= kTranscriptPage);
        });
}

void ConversationPane::showSla(const Core::Conversation &c)
{
    // Which promise applies and where it stands, so the agent sees the clock, not just a colour.
    const QLocale locale;
    const auto when = [&locale](const QDateTime &t) {
        return locale.toString(t.toLocalTime(), tr("ddd HH:mm", "date format"));
    };
    QStringList parts;
    if (!c.slaPolicy.isEmpty())
        parts << tr("SLA: %1").arg(c.slaPolicy);
    if (c.firstResponseDue.isValid())
        parts << tr("first response due %1").arg(when(c.firstResponseDue));
    if (c.nextResponseDue.isValid())
        parts << tr("next response due %1").arg(when(c.nextResponseDue));
    if (c.resolutionDue.isValid())
        parts << tr("resolution due %1").arg(when(c.resolutionDue));
    for (auto state : {Core::SlaState::Running, Core::SlaState::Met, Core::SlaState::Missed,
                       Core::SlaState::RunningAlreadyMissed, Core::SlaState::Stopped}) {
        if (Core::slaStateId(state) == c.slaState)
            parts << Core::slaStateDisplayName(state);
    }
    QString text = parts.join(QStringLiteral(" · "));
    if (!c.triageReasons.isEmpty())
        text += QLatin1Char('\n') + tr("Urgency %1: %2")
                                     .arg(Core::priorityDisplayName(c.priority),
                                          TriageReasonText::displayAll(c.triageReasons).join(QStringLiteral("; ")));
    m_sla->setText(text);
    m_sla->setVisible(!text.isEmpty());
}

void ConversationPane::loadEarlier()
{
    const Store::TranscriptEntry *oldest = m_transcript->oldest();
    if (!oldest)
        return;
    const qint64 beforeMs = oldest->message.createdAt.toMSecsSinceEpoch();
    const qint64 beforeId = oldest->message.id;
    const QList<qint64> group = m_group;
    const quint64 request = m_request;
    m_store->run(
        this, [group, beforeMs, beforeId](Store::Database &db) { return loadPage(db, group, beforeMs, beforeId); },
        [this, request](Core::Result<Page> page) {
            if (request != m_request || !page)
                return;
            m_transcript->addRevisions(page->revisions);
            m_transcript->prependEntries(page->entries, page->entries.size() >= kTranscriptPage);
        });
}

} // namespace Care::Gui
