#pragma once

#include "core/CannedReply.h"
#include "core/PolicyDocument.h"

#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The company's written policies and approved replies beside the conversation: searchable,
// the relevant ones suggested first, passages quoted into the reply, changes marked.
class PolicySidebar : public QWidget
{
    Q_OBJECT

public:
    explicit PolicySidebar(Store::Store *store, QWidget *parent = nullptr);

    void setAgent(const QString &agentId, bool canEdit);
    void reload();
    // Suggests the policies for this conversation (its tags and the customer's words).
    void suggestFor(qint64 conversationId);
    int policyCount() const { return static_cast<int>(m_policies.size()); }
    int cannedReplyCount() const { return static_cast<int>(m_replies.size()); }
    const QList<Core::PolicyDocument> &policies() const { return m_policies; }
    // Titles of the suggested policies, best first.
    QStringList suggestedTitles() const;
    bool isMarkedUpdated(const QString &slug) const;

public slots:
    void quoteIntoReply();
    void insertSelectedReply();
    void editSelectedPolicy();

signals:
    void quoteRequested(const QString &text);
    void cannedReplyRequested(const Core::CannedReply &reply);
    void statusMessage(const QString &message);

private:
    void rebuildList();
    void applySearch();
    void showItem(QListWidgetItem *item);
    void showReply(int row);
    int seenVersion(const QString &slug) const;
    void markSeen(const Core::PolicyDocument &policy);

    Store::Store *m_store;
    QString m_agentId;
    bool m_canEdit = true;
    QLineEdit *m_search;
    QTabWidget *m_tabs;
    QListWidget *m_policyList;
    QListWidget *m_replyList;
    QTextBrowser *m_text;
    QPushButton *m_quote;
    QPushButton *m_edit;
    QPushButton *m_insert;
    QList<Core::PolicyDocument> m_policies;
    QList<Core::CannedReply> m_replies;
    QList<int> m_suggested; // indexes into m_policies
    int m_currentPolicy = -1;
    quint64 m_suggestRequest = 0;
};

} // namespace Care::Gui
