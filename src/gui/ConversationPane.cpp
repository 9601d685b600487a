#include "gui/ConversationPane.h"

#include "core/IncomingMessage.h"
#include "store/AgentRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Store.h"
#include "gui/SafeText.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QUuid>
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
    , m_note(new QPlainTextEdit(this))
    , m_addNote(new QPushButton(tr("Add internal note"), this))
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

    m_note->setObjectName(QStringLiteral("noteEditor"));
    m_note->setPlaceholderText(tr("Internal note for colleagues — never sent to the customer"));
    m_note->setMaximumHeight(90);
    m_note->setTabChangesFocus(true);
    m_addNote->setObjectName(QStringLiteral("addNoteButton"));
    m_addNote->setEnabled(false);
    connect(m_addNote, &QPushButton::clicked, this, &ConversationPane::addNote);
    connect(m_note, &QPlainTextEdit::textChanged, this, [this] {
        m_addNote->setEnabled(m_conversationId != 0 && !m_note->toPlainText().trimmed().isEmpty());
    });

    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_addNote, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_customerName);
    layout->addWidget(m_customerDetails);
    layout->addWidget(m_transcript, 1);
    layout->addLayout(noteRow);
}

void ConversationPane::setAgent(const QString &agentId, const QString &agentName)
{
    m_agentId = agentId;
    m_agentName = agentName;
}

QString ConversationPane::draftText() const
{
    return m_note->toPlainText();
}

void ConversationPane::showConversation(qint64 conversationId, qint64 customerId)
{
    m_conversationId = conversationId;
    m_customerId = customerId;
    const quint64 request = ++m_request;
    m_addNote->setEnabled(!m_note->toPlainText().trimmed().isEmpty());
    m_store->run(
        this,
        [customerId](Store::Database &db) -> Core::Result<Loaded> {
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
            return Loaded{customer.value(), identities.value(), entries.value(), names};
        },
        [this, request](Core::Result<Loaded> loaded) {
            if (request != m_request)
                return;
            if (!loaded) {
                emit statusMessage(loaded.error().fullText());
                return;
            }
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

void ConversationPane::addNote()
{
    const QString text = m_note->toPlainText().trimmed();
    if (text.isEmpty() || m_conversationId == 0)
        return;
    m_addNote->setEnabled(false);
    const qint64 conversationId = m_conversationId;
    const QString agentId = m_agentId;
    const QString agentName = m_agentName;
    m_store->run(
        this,
        [conversationId, text, agentId, agentName](Store::Database &db) -> Core::Result<Store::IngestReport> {
            auto conversation = Store::ConversationRepository(db).get(conversationId);
            if (!conversation)
                return conversation.error();
            Core::IncomingMessage note;
            note.accountId = conversation->accountId;
            note.threadKey = conversation->threadKey;
            note.platformMessageId = QStringLiteral("note-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
            note.direction = Core::Direction::Note;
            note.visibility = Core::Visibility::Private;
            note.agentId = agentId;
            note.authorName = agentName;
            note.body = text;
            note.createdAt = QDateTime::currentDateTimeUtc();
            return Store::MessageRepository(db).ingest({note});
        },
        [this, conversationId](Core::Result<Store::IngestReport> report) {
            if (!report) {
                // Keep what the agent typed; say what happened.
                m_addNote->setEnabled(true);
                emit statusMessage(tr("The note was not saved: %1").arg(report.error().fullText()));
                return;
            }
            m_note->clear();
            emit noteAdded(conversationId);
            if (conversationId == m_conversationId)
                showConversation(m_conversationId, m_customerId);
        });
}

} // namespace Care::Gui
