#pragma once

#include "store/InboxQuery.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <atomic>
#include <memory>

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The inbox as a table that windows over the store: it knows the row count and keeps only
// the pages the view has asked for, fetching each page on the store thread when first needed.
class InboxModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { PlatformColumn, CustomerColumn, PreviewColumn, WaitingColumn, DueColumn, PriorityColumn,
                  AssigneeColumn, StatusColumn, TagsColumn, ColumnCount };
    enum Role { ConversationIdRole = Qt::UserRole + 1, CustomerIdRole, DueAtRole, WaitingSinceRole, PlatformRole };

    static constexpr int kPageSize = 100;
    static constexpr int kMaxCachedPages = 40;
    static constexpr int kNoCount = -1; // the first page was the whole list, or the list was left

    explicit InboxModel(Store::Store *store, QObject *parent = nullptr);

    // A new filter starts a new list (the view goes back to the top). Its first page is shown as
    // soon as it is read; when the page is full, the list grows to its full length once the
    // count (the slower query on a large store: a common word matches 60,000 conversations)
    // arrives.
    void setFilter(const Store::InboxFilter &filter);
    const Store::InboxFilter &filter() const { return m_filter; }
    // Re-reads the count and the pages in view after new messages arrived, without a reset:
    // rows keep showing their old values until the fresh page is in, so the view neither
    // jumps nor flickers.
    void refresh();
    // The clock the countdowns use; tests can set it.
    void setNow(const QDateTime &now);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Row of a conversation among the loaded pages, or -1.
    int rowOfConversation(qint64 id) const;
    int cachedPageCount() const { return static_cast<int>(m_pages.size() + m_stalePages.size()); }
    // Until the first page is in (and while pages are fetched).
    bool isLoading() const { return !m_pending.isEmpty() || m_loadingFirst; }
    // The first page is shown but the list's length is not known yet.
    bool isCounting() const { return m_counting; }

signals:
    void loaded();
    void errorOccurred(const QString &message);

private:
    const Store::InboxRow *rowAt(int row) const;
    void requestPage(int page) const;
    void pageArrived(int page, quint64 generation, const QList<Store::InboxRow> &rows);
    void reload(bool reset);
    void firstPageArrived(quint64 generation, const QList<Store::InboxRow> &firstPage);
    void countArrived(int count);

    Store::Store *m_store;
    Store::InboxFilter m_filter;
    int m_count = 0;
    bool m_loadingFirst = false;
    bool m_counting = false;
    quint64 m_generation = 0;
    // The generation as the store thread sees it: a job queued for a list the agent has already
    // left (typing a search, clicking through views) is skipped instead of delaying the next.
    std::shared_ptr<std::atomic<quint64>> m_live = std::make_shared<std::atomic<quint64>>(0);
    QDateTime m_now;
    mutable QHash<int, QList<Store::InboxRow>> m_pages;
    QHash<int, QList<Store::InboxRow>> m_stalePages; // shown until their fresh page arrives
    mutable QList<int> m_pageOrder; // least recently loaded first
    mutable QSet<int> m_pending;
};

} // namespace Care::Gui
