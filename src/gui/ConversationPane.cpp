#include "gui/ConversationPane.h"

#include "store/AgentRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Store.h"
#include "gui/SafeText.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString channelName(const QString &id)
{
    if (id.isEmpty())
        return ConversationPane::tr("not asked yet");
    if (id == QLatin1String("phone"))
        return ConversationPane::tr("Phone");
    if (auto platform = Core::platformFromId(id))
        return Core::platformDisplayName(*platform);
    return id;
}

} // namespace

ConversationPane::ConversationPane(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_customerName(new QLabel(this))
    , m_customerDetails(new QLabel(this))
    , m_transcript(new QTextBrowser(this))
    , m_composer(new ComposerPane(store, this))
{
    setObjectName(QStringLiteral("conversationPane"));
    m_customerName->setObjectName(QStringLiteral("customerName"));
    m_customerName->setTextFormat(Qt::PlainText);
    QFont nameFont = m_customerName->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.3);
    nameFont.setBold(true);
    m_customerName->setFont(nameFont);
    m_customerDetails->setObjectName(QStringLiteral("customerDetails"));
    m_customerDetails->setTextFormat(Qt::PlainText);
    m_customerDetails->setWordWrap(true);

    m_transcript->setObjectName(QStringLiteral("transcriptView"));
    m_transcript->setOpenLinks(false);
    m_transcript->setOpenExternalLinks(false);
    connect(m_transcript, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
    });

    connect(m_composer, &ComposerPane::statusMessage, this, &ConversationPane::statusMessage);
    connect(m_composer, &ComposerPane::sent, this, [this](qint64 conversationId) {
        emit messageWritten(conversationId);
        if (conversationId == m_conversationId)
            showConversation(m_conversationId, m_customerId);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_customerName);
    layout->addWidget(m_customerDetails);
    // The transcript gets the height; the composer grows only as far as the agent drags it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("conversationSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(m_transcript);
    split->addWidget(m_composer);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({420, 150});
    layout->addWidget(split, 1);
}

void ConversationPane::setAgent(const QString &agentId, const QString &agentName, const QString &signature)
{
    m_composer->setAgent(agentId, agentName, signature);
}

void ConversationPane::startComposing(ComposeMode mode)
{
    m_composer->startComposing(mode);
}

void ConversationPane::reload()
{
    if (m_conversationId != 0)
        showConversation(m_conversationId, m_customerId);
}

void ConversationPane::focusTranscript()
{
    m_transcript->setFocus(Qt::ShortcutFocusReason);
}

void ConversationPane::showConversation(qint64 conversationId, qint64 customerId)
{
    m_conversationId = conversationId;
    m_customerId = customerId;
    const quint64 request = ++m_request;
    m_store->run(
        this,
        [customerId, conversationId](Store::Database &db) -> Core::Result<Loaded> {
            Store::CustomerRepository customers(db);
            auto customer = customers.get(customerId);
            if (!customer)
                return customer.error();
            auto group = customers.mergedGroup(customerId);
            if (!group)
                return group.error();
            auto identities = customers.identities(customerId);
            if (!identities)
                return identities.error();
            auto entries = Store::MessageRepository(db).transcript(group.value(), kTranscriptPage);
            if (!entries)
                return entries.error();
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            QHash<QString, QString> names;
            for (const Core::Agent &agent : agents.value())
                names.insert(agent.id, agent.name);
            auto row = Store::ConversationRepository(db).row(conversationId);
            if (!row)
                return row.error();
            return Loaded{customer.value(), identities.value(), entries.value(), names, row->platform};
        },
        [this, request](Core::Result<Loaded> loaded) {
            if (request != m_request)
                return;
            if (!loaded) {
                emit statusMessage(loaded.error().fullText());
                return;
            }
            m_composer->setConversation(m_conversationId, loaded->platform);
            render(loaded.value());
        });
}

void ConversationPane::render(const Loaded &loaded)
{
    m_customerName->setText(loaded.customer.name);
    QStringList handles;
    for (const auto &identity : loaded.identities)
        handles << Core::platformDisplayName(identity.platform) + QStringLiteral(": ") + identity.handle;
    QString details = handles.join(QStringLiteral(" · "));
    details += QLatin1Char('\n') + tr("Prefers to be contacted by: %1").arg(channelName(loaded.customer.preferredChannel));
    if (!loaded.customer.notes.isEmpty())
        details += QLatin1Char('\n') + tr("Notes: %1").arg(loaded.customer.notes);
    m_customerDetails->setText(details);

    const QLocale locale;
    QString html = QStringLiteral("<html><body style=\"margin:4px\">");
    if (loaded.entries.size() >= kTranscriptPage)
        html += QStringLiteral("<p style=\"color:#666\">") + tr("Showing the latest %1 messages.").arg(kTranscriptPage)
                + QStringLiteral("</p>");
    qint64 lastConversation = 0;
    for (const Store::TranscriptEntry &entry : loaded.entries) {
        const Core::Message &m = entry.message;
        if (m.conversationId != lastConversation) {
            lastConversation = m.conversationId;
            const QString label = m.conversationId == m_conversationId ? tr("This conversation") : tr("Other conversation");
            html += QStringLiteral("<p style=\"color:#555; border-bottom:1px solid #ccc; margin-top:10px\"><b>")
                    + label.toHtmlEscaped() + QStringLiteral("</b> — ") + entry.accountName.toHtmlEscaped()
                    + QStringLiteral("</p>");
        }
        QString who;
        QString background;
        switch (m.direction) {
        case Core::Direction::Inbound:
            who = m.authorName.isEmpty() ? m.authorHandle : m.authorName;
            background = QStringLiteral("#f4f6f8");
            break;
        case Core::Direction::Outbound:
            who = m.automatic ? tr("Automatic acknowledgement")
                              : tr("%1 (team)").arg(loaded.agentNames.value(m.agentId, m.agentId));
            background = QStringLiteral("#e8f1fb");
            break;
        case Core::Direction::Note:
            who = tr("Internal note by %1").arg(loaded.agentNames.value(m.agentId, m.agentId));
            background = QStringLiteral("#fff6d6");
            break;
        }
        QStringList marks{Core::platformDisplayName(entry.platform),
                          m.direction == Core::Direction::Note ? tr("never sent")
                          : m.visibility == Core::Visibility::Public ? tr("public")
                                                                     : tr("private"),
                          locale.toString(m.createdAt.toLocalTime(), QStringLiteral("ddd d MMM yyyy, HH:mm"))};
        if (m.direction == Core::Direction::Outbound && m.deliveryState != Core::DeliveryState::Sent)
            marks << Core::deliveryStateDisplayName(m.deliveryState);
        if (m.isEdited())
            marks << tr("edited");
        if (m.isDeleted())
            marks << tr("deleted by the author");
        html += QStringLiteral("<table width=\"100%\" cellpadding=\"6\" style=\"margin-top:4px; background:")
                + background + QStringLiteral("\"><tr><td><b>") + who.toHtmlEscaped()
                + QStringLiteral("</b> <span style=\"color:#666\">") + marks.join(QStringLiteral(" · ")).toHtmlEscaped()
                + QStringLiteral("</span><br>");
        const QString body = customerTextToHtml(m.body);
        html += m.isDeleted() ? QStringLiteral("<s>") + body + QStringLiteral("</s>") : body;
        html += QStringLiteral("</td></tr></table>");
    }
    html += QStringLiteral("</body></html>");
    m_transcript->setHtml(html);
    m_transcript->verticalScrollBar()->setValue(m_transcript->verticalScrollBar()->maximum());
}

} // namespace Care::Gui
