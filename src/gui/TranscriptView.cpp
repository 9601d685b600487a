#include "gui/TranscriptView.h"

#include "gui/SafeText.h"

#include <QDesktopServices>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollBar>

namespace Care::Gui {

TranscriptView::TranscriptView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("transcriptView"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const QString scheme = url.scheme().toLower();
        if (scheme == QLatin1String("care-attachments")) {
            const qint64 id = url.path().toLongLong();
            for (const Store::TranscriptEntry &entry : std::as_const(m_entries)) {
                if (entry.message.id == id && listsAttachments(entry))
                    emit attachmentsRequested(id, authorOf(entry.message));
            }
            return;
        }
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
    });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == verticalScrollBar()->minimum() && m_hasEarlier && !m_requesting && !m_entries.isEmpty()) {
            m_requesting = true;
            emit earlierRequested();
        }
    });
}

QVariant TranscriptView::loadResource(int, const QUrl &)
{
    // Nothing is ever fetched: no remote images, no files, whatever a message contains.
    return {};
}

void TranscriptView::setEntries(qint64 currentConversation, const QList<Store::TranscriptEntry> &entries,
                                bool hasEarlier)
{
    m_currentConversation = currentConversation;
    m_entries = entries;
    m_hasEarlier = hasEarlier;
    m_requesting = false;
    render();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void TranscriptView::prependEntries(const QList<Store::TranscriptEntry> &entries, bool hasEarlier)
{
    QScrollBar *bar = verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    m_entries = entries + m_entries;
    m_hasEarlier = hasEarlier;
    render();
    bar->setValue(bar->maximum() - fromBottom);
    m_requesting = false;
}

void TranscriptView::setRevisions(const QHash<qint64, QList<Core::MessageRevision>> &revisions)
{
    m_revisions = revisions;
}

void TranscriptView::addRevisions(const QHash<qint64, QList<Core::MessageRevision>> &revisions)
{
    m_revisions.insert(revisions);
}

QString TranscriptView::authorOf(const Core::Message &m) const
{
    switch (m.direction) {
    case Core::Direction::Inbound: return m.authorName.isEmpty() ? m.authorHandle : m.authorName;
    case Core::Direction::Outbound:
        return m.automatic ? tr("Automatic acknowledgement")
                           : tr("%1 (team)").arg(m_agentNames.value(m.agentId, m.agentId));
    case Core::Direction::Note: return tr("Internal note by %1").arg(m_agentNames.value(m.agentId, m.agentId));
    }
    return {};
}

bool TranscriptView::listsAttachments(const Store::TranscriptEntry &entry)
{
    // "• invoice.pdf (application/pdf, 5.2 KB)"; other bullets a customer types do not have a type.
    static const QRegularExpression listed(QStringLiteral("^• .+ \\([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+, [^)]+\\)$"),
                                           QRegularExpression::MultilineOption);
    const Core::Message &m = entry.message;
    return entry.platform == Core::Platform::Email && m.direction == Core::Direction::Inbound && listed.match(m.body).hasMatch();
}

QString TranscriptView::messageHtml(const Store::TranscriptEntry &entry) const
{
    const Core::Message &m = entry.message;
    const QLocale locale;
    QString background;
    switch (m.direction) {
    case Core::Direction::Inbound: background = QStringLiteral("#f4f6f8"); break;
    case Core::Direction::Outbound: background = QStringLiteral("#e8f1fb"); break;
    case Core::Direction::Note: background = QStringLiteral("#fff6d6"); break;
    }
    // A note never goes to the customer; one that records a transcript sent to a colleague shows
    // that e-mail's delivery.
    const bool delivered = m.direction == Core::Direction::Outbound
                           || (m.direction == Core::Direction::Note && m.deliveryState != Core::DeliveryState::NotApplicable);
    QStringList marks{Core::platformDisplayName(entry.platform),
                      m.direction == Core::Direction::Note ? (delivered ? tr("e-mail to a colleague") : tr("never sent"))
                      : m.visibility == Core::Visibility::Public ? tr("public")
                                                                 : tr("private"),
                      locale.toString(m.createdAt.toLocalTime(), tr("ddd d MMM yyyy, HH:mm", "date format"))};
    if (delivered && m.deliveryState != Core::DeliveryState::Sent)
        marks << Core::deliveryStateDisplayName(m.deliveryState);
    if (m.isEdited())
        marks << tr("edited");
    if (m.isDeleted())
        marks << tr("deleted by the author");
    QString html = QStringLiteral("<table width=\"100%\" cellpadding=\"6\" style=\"margin-top:4px; background:")
                   + background + QStringLiteral("\"><tr><td><b>") + authorOf(m).toHtmlEscaped()
                   + QStringLiteral("</b> <span style=\"color:#666\">")
                   + marks.join(QStringLiteral(" · ")).toHtmlEscaped() + QStringLiteral("</span><br>");
    const QString body = customerTextToHtml(m.body);
    html += m.isDeleted() ? QStringLiteral("<s>") + body + QStringLiteral("</s>") : body;
    if (listsAttachments(entry))
        html += QStringLiteral("<div style=\"margin-top:4px\"><a href=\"care-attachments:%1\">").arg(m.id)
                + tr("Save attachments…").toHtmlEscaped() + QStringLiteral("</a></div>");
    if (m.isHidden()) {
        const QString when = locale.toString(m.hiddenAt.toLocalTime(), tr("d MMM, HH:mm", "date format"));
        html += QStringLiteral("<div style=\"color:#8a4b00; margin-top:4px\">")
                + (m.isHiddenOnPlatform()
                       ? tr("Hidden from public view on %1, not from this console (seen %2)")
                             .arg(Core::platformDisplayName(entry.platform), when)
                       : tr("Hidden from public view by %1, %2: %3")
                             .arg(m_agentNames.value(m.hiddenBy, m.hiddenBy), when, m.hiddenReason))
                      .toHtmlEscaped()
                + QStringLiteral("</div>");
    }
    const auto revisions = m_revisions.value(m.id);
    for (const Core::MessageRevision &revision : revisions) {
        html += QStringLiteral("<div style=\"color:#777; margin-top:4px\">")
                + tr("Earlier version, until %1:")
                      .arg(locale.toString(revision.replacedAt.toLocalTime(), tr("d MMM, HH:mm", "date format")))
                      .toHtmlEscaped()
                + QStringLiteral("<br>") + customerTextToHtml(revision.body) + QStringLiteral("</div>");
    }
    html += QStringLiteral("</td></tr></table>");
    return html;
}

void TranscriptView::render()
{
    QString html = QStringLiteral("<html><body style=\"margin:4px\">");
    if (m_hasEarlier)
        html += QStringLiteral("<p style=\"color:#666\" align=\"center\">")
                + tr("Scroll up for earlier messages").toHtmlEscaped() + QStringLiteral("</p>");
    qint64 lastConversation = 0;
    for (const Store::TranscriptEntry &entry : std::as_const(m_entries)) {
        const Core::Message &m = entry.message;
        if (m.conversationId != lastConversation) {
            lastConversation = m.conversationId;
            const QString label = m.conversationId == m_currentConversation ? tr("This conversation")
                                                                             : tr("Other conversation");
            html += QStringLiteral("<p style=\"color:#555; margin-top:10px\"><b>") + label.toHtmlEscaped()
                    + QStringLiteral("</b> — ") + entry.accountName.toHtmlEscaped() + QStringLiteral("</p>");
        }
        html += messageHtml(entry);
    }
    html += QStringLiteral("</body></html>");
    setHtml(html);
}

QString TranscriptView::plainTranscript() const
{
    const QLocale locale;
    QString text;
    for (const Store::TranscriptEntry &entry : m_entries) {
        const Core::Message &m = entry.message;
        text += QStringLiteral("[%1] %2 · %3 · %4\n")
                    .arg(locale.toString(m.createdAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm")), authorOf(m),
                         Core::platformDisplayName(entry.platform),
                         m.direction == Core::Direction::Note         ? tr("internal note")
                         : m.visibility == Core::Visibility::Public ? tr("public")
                                                                    : tr("private"));
        text += m.body + (m.isDeleted() ? QStringLiteral("\n(%1)\n").arg(tr("deleted by the author")) : QStringLiteral("\n"));
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace Care::Gui
