#pragma once

#include "store/MetricsQuery.h"

#include <QList>
#include <memory>

namespace Care::Store {

// Conversations' metric rows shared, not copied: the kept figures (MetricsCache) hand the
// dashboard the rows of a selection by pointer, so a filter change over 200,000 conversations
// does not copy (and later destroy) each row for the CSV export (docs/performance.md). A row is
// never changed once handed out: the cache makes a new one when its figures change.
class MetricsRows
{
public:
    using Pointer = std::shared_ptr<const ConversationMetricsRow>;

    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = ConversationMetricsRow;
        using difference_type = qsizetype;
        using pointer = const ConversationMetricsRow *;
        using reference = const ConversationMetricsRow &;

        explicit const_iterator(QList<Pointer>::const_iterator at)
            : m_at(at)
        {
        }
        reference operator*() const { return **m_at; }
        pointer operator->() const { return m_at->get(); }
        const_iterator &operator++()
        {
            ++m_at;
            return *this;
        }
        bool operator==(const const_iterator &other) const { return m_at == other.m_at; }
        bool operator!=(const const_iterator &other) const { return m_at != other.m_at; }

    private:
        QList<Pointer>::const_iterator m_at;
    };

    MetricsRows() = default;
    // Copies of `rows` (what MetricsQuery::load() gives), shared from then on.
    MetricsRows(const QList<ConversationMetricsRow> &rows) // NOLINT(google-explicit-constructor)
    {
        m_rows.reserve(rows.size());
        for (const ConversationMetricsRow &row : rows)
            m_rows.append(std::make_shared<const ConversationMetricsRow>(row));
    }

    void reserve(qsizetype size) { m_rows.reserve(size); }
    void append(Pointer row) { m_rows.append(std::move(row)); }
    qsizetype size() const { return m_rows.size(); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    const ConversationMetricsRow &at(qsizetype i) const { return *m_rows.at(i); }
    const_iterator begin() const { return const_iterator(m_rows.cbegin()); }
    const_iterator end() const { return const_iterator(m_rows.cend()); }

private:
    QList<Pointer> m_rows;
};

} // namespace Care::Store
