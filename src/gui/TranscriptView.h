#pragma once

#include "core/Message.h"
#include "store/MessageRepository.h"

#include <QHash>
#include <QTextBrowser>

namespace Care::Gui {

// The customer's messages in time order across every conversation and channel. Customer
// text is shown as inert text with clickable links; internal notes look different; edited
// messages show their earlier versions; deleted ones stay, struck through. Holds only the
// pages loaded so far and asks for earlier ones when the agent scrolls to the top. A customer's
// e-mail with attachments offers "Save attachments…" (a link, reachable with Tab and Enter).
class TranscriptView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit TranscriptView(QWidget *parent = nullptr);

    // A fresh transcript: the latest page, scrolled to the newest message.
    void setEntries(qint64 currentConversation, const QList<Store::TranscriptEntry> &entries, bool hasEarlier);
    // Earlier messages above the ones shown; the visible part does not move.
    void prependEntries(const QList<Store::TranscriptEntry> &entries, bool hasEarlier);
    void setAgentNames(const QHash<QString, QString> &names) { m_agentNames = names; }
    void setRevisions(const QHash<qint64, QList<Core::MessageRevision>> &revisions);
    void addRevisions(const QHash<qint64, QList<Core::MessageRevision>> &revisions);

    int entryCount() const { return static_cast<int>(m_entries.size()); }
    bool hasEarlier() const { return m_hasEarlier; }
    // The oldest loaded message, for asking the store for the page before it.
    const Store::TranscriptEntry *oldest() const { return m_entries.isEmpty() ? nullptr : &m_entries.first(); }
    // Plain text of the whole loaded transcript, for export.
    QString plainTranscript() const;

    // Whether an e-mail's text lists attachments (the lines EmailMapping writes for them).
    static bool listsAttachments(const Store::TranscriptEntry &entry);

signals:
    void earlierRequested();
    // "Save attachments…" under a customer's e-mail: the attachments of message `messageId`.
    void attachmentsRequested(qint64 messageId, const QString &from);

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    void render();
    QString messageHtml(const Store::TranscriptEntry &entry) const;
    QString authorOf(const Core::Message &m) const;

    qint64 m_currentConversation = 0;
    QList<Store::TranscriptEntry> m_entries;
    QHash<qint64, QList<Core::MessageRevision>> m_revisions;
    QHash<QString, QString> m_agentNames;
    bool m_hasEarlier = false;
    bool m_requesting = false;
};

} // namespace Care::Gui
