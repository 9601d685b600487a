#pragma once

#include "core/CannedReply.h"
#include "core/PolicyDocument.h"

#include <QWidget>

class QLineEdit;
class QListWidget;
class QTabWidget;
class QTextBrowser;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The company's written policies and approved replies, searchable, beside the conversation.
class PolicySidebar : public QWidget
{
    Q_OBJECT

public:
    explicit PolicySidebar(Store::Store *store, QWidget *parent = nullptr);

    void reload();
    int policyCount() const { return static_cast<int>(m_policies.size()); }
    int cannedReplyCount() const { return static_cast<int>(m_replies.size()); }

private:
    void applySearch();
    void showPolicy(int row);
    void showReply(int row);

    Store::Store *m_store;
    QLineEdit *m_search;
    QTabWidget *m_tabs;
    QListWidget *m_policyList;
    QListWidget *m_replyList;
    QTextBrowser *m_text;
    QList<Core::PolicyDocument> m_policies;
    QList<Core::CannedReply> m_replies;
};

} // namespace Care::Gui
