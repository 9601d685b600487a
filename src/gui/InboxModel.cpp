#include "gui/InboxModel.h"

#include "core/DurationFormat.h"
#include "gui/SafeText.h"
#include "gui/TriageReasonText.h"
#include "store/ConversationRepository.h"
#include "store/Store.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QPointer>

namespace Care::Gui {

using Store::InboxRow;

namespace {

// "@SkylineAir @help my bag is lost" reads better in a narrow column as "my bag is lost".
QString withoutLeadingMentions(const QString &text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i) == QLatin1Char('@')) {
        const qsizetype space = text.indexOf(QLatin1Char(' '), i);
        if (space < 0)
            return text;
        i = space + 1;
    }
    return text.mid(i);
}

} // namespace

InboxModel::InboxModel(Store::Store *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
}

void InboxModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (m_count > 0)
        emit dataChanged(index(0, WaitingColumn), index(m_count - 1, DueColumn));
}

void InboxModel::setFilter(const Store::InboxFilter &filter)
{
    m_filter = filter;
    reload(true);
}

void InboxModel::refresh()
{
    reload(false);
}

void InboxModel::reload(bool reset)
{
    const quint64 generation = ++m_generation;
    m_live->store(generation);
    const Store::InboxFilter filter = m_filter;
    m_loadingFirst = true;
    m_counting = false;
    if (reset) {
        // The first page is sent to the screen as soon as it is read, and the same job then
        // counts: a page of a large view comes from an index in milliseconds, while counting
        // 190,000 resolved conversations or the 60,000 that mention a common word takes longer,
        // and the agent should not wait for it to see the list. Counting in the same job keeps
        // the count ahead of whatever other panes queued meanwhile (the charts' report).
        m_counting = true;
        QPointer<InboxModel> self(this);
        m_store->run(
            this,
            [filter, live = m_live, generation, self](Store::Database &db) -> Core::Result<int> {
                if (live->load() != generation)
                    return kNoCount; // the agent has moved on: the answer would be dropped
                Store::ConversationRepository conversations(db);
                auto rows = conversations.page(filter, 0, kPageSize);
                if (!rows)
                    return rows.error();
                if (!self)
                    return kNoCount;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, generation, rows = rows.value()] {
                        if (self)
                            self->firstPageArrived(generation, rows);
                    },
                    Qt::QueuedConnection);
                if (rows->size() < kPageSize || live->load() != generation)
                    return kNoCount; // a short list is complete with its first page
                return conversations.count(filter);
            },
            [this, generation](Core::Result<int> count) {
                if (generation != m_generation)
                    return;
                m_loadingFirst = false;
                m_counting = false;
                if (!count) {
                    emit errorOccurred(count.error().fullText());
                    return;
                }
                if (count.value() == kNoCount)
                    return;
                countArrived(count.value());
                if (m_pending.isEmpty())
                    emit loaded();
            });
        return;
    }
    // A refresh: the count and the first page in one job, so the first page does not wait behind
    // the jobs other panes queued meanwhile (view counts, charts).
    struct FirstPage
    {
        int count = 0;
        QList<InboxRow> rows;
    };
    m_store->run(
        this,
        [filter](Store::Database &db) -> Core::Result<FirstPage> {
            Store::ConversationRepository conversations(db);
            auto count = conversations.count(filter);
            if (!count)
                return count.error();
            FirstPage first;
            first.count = count.value();
            if (first.count > 0) {
                auto rows = conversations.page(filter, 0, kPageSize);
                if (!rows)
                    return rows.error();
                first.rows = rows.value();
            }
            return first;
        },
        [this, generation](Core::Result<FirstPage> first) {
            if (generation != m_generation)
                return;
            m_loadingFirst = false;
            if (!first) {
                emit errorOccurred(first.error().fullText());
                return;
            }
            // Keep what is on screen; fetch it again in the background.
            for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
                m_stalePages.insert(it.key(), it.value());
            m_pages.clear();
            m_pageOrder.clear();
            m_pending.clear();
            countArrived(first->count);
            const QList<int> stale = m_stalePages.keys();
            for (int page : stale) {
                if (page == 0)
                    continue; // it came with the count
                if (page * kPageSize < m_count)
                    requestPage(page);
                else
                    m_stalePages.remove(page);
            }
            if (m_count > 0) {
                m_pending.insert(0);
                pageArrived(0, generation, first->rows);
            } else if (m_pending.isEmpty()) {
                emit loaded();
            }
        });
}

void InboxModel::firstPageArrived(quint64 generation, const QList<InboxRow> &firstPage)
{
    if (generation != m_generation)
        return;
    m_loadingFirst = false;
    m_counting = firstPage.size() >= kPageSize;
    beginResetModel();
    m_count = static_cast<int>(firstPage.size());
    m_pages.clear();
    m_stalePages.clear();
    m_pageOrder.clear();
    m_pending.clear();
    endResetModel();
    if (m_count > 0) {
        m_pending.insert(0);
        pageArrived(0, generation, firstPage);
    } else {
        emit loaded();
    }
}

void InboxModel::countArrived(int count)
{
    if (count > m_count) {
        beginInsertRows({}, m_count, count - 1);
        m_count = count;
        endInsertRows();
    } else if (count < m_count) {
        beginRemoveRows({}, count, m_count - 1);
        m_count = count;
        endRemoveRows();
    }
}

void InboxModel::requestPage(int page) const
{
    if (m_pending.contains(page) || m_pages.contains(page))
        return;
    m_pending.insert(page);
    const quint64 generation = m_generation;
    const Store::InboxFilter filter = m_filter;
    auto *self = const_cast<InboxModel *>(this);
    m_store->run(
        self,
        [filter, page](Store::Database &db) {
            return Store::ConversationRepository(db).page(filter, page * kPageSize, kPageSize);
        },
        [self, page, generation](Core::Result<QList<InboxRow>> rows) {
            if (!rows) {
                self->m_pending.remove(page);
                emit self->errorOccurred(rows.error().fullText());
                return;
            }
            self->pageArrived(page, generation, rows.value());
        });
}

void InboxModel::pageArrived(int page, quint64 generation, const QList<InboxRow> &rows)
{
    if (generation != m_generation)
        return;
    m_pending.remove(page);
    m_stalePages.remove(page);
    m_pages.insert(page, rows);
    m_pageOrder.removeAll(page);
    m_pageOrder.append(page);
    while (m_pageOrder.size() > kMaxCachedPages)
        m_pages.remove(m_pageOrder.takeFirst());
    const int first = page * kPageSize;
    const int last = std::min(m_count, first + kPageSize) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (m_pending.isEmpty())
        emit loaded();
}

const InboxRow *InboxModel::rowAt(int row) const
{
    const int page = row / kPageSize;
    auto it = m_pages.constFind(page);
    if (it == m_pages.cend()) {
        requestPage(page);
        it = m_stalePages.constFind(page);
        if (it == m_stalePages.cend())
            return nullptr;
    }
    const int offset = row % kPageSize;
    return offset < it->size() ? &it->at(offset) : nullptr;
}

int InboxModel::rowOfConversation(qint64 id) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        for (qsizetype i = 0; i < it->size(); ++i) {
            if (it->at(i).id == id)
                return it.key() * kPageSize + static_cast<int>(i);
        }
    }
    return -1;
}

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int InboxModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InboxRow *row = rowAt(index.row());
    if (!row)
        return {};
    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    switch (role) {
    case ConversationIdRole: return row->id;
    case CustomerIdRole: return row->customerId;
    case DueAtRole: return row->dueAt;
    case WaitingSinceRole: return row->waitingSince;
    case PlatformRole: return Core::platformId(row->platform);
    case Qt::DisplayRole:
        switch (index.column()) {
        case PlatformColumn:
            return row->foundByListening ? tr("%1 · found").arg(Core::platformDisplayName(row->platform))
                                         : Core::platformDisplayName(row->platform);
        case CustomerColumn: return row->customerName;
        case PreviewColumn: return withoutLeadingMentions(row->preview);
        case WaitingColumn:
            return row->waitingSince.isValid() ? Core::formatDuration(row->waitingSince.secsTo(now)) : QString();
        case DueColumn:
            if (!row->dueAt.isValid())
                return QString();
            return now < row->dueAt ? tr("in %1").arg(Core::formatDuration(now.secsTo(row->dueAt)))
                                    : tr("%1 over").arg(Core::formatDuration(row->dueAt.secsTo(now)));
        case PriorityColumn: return Core::priorityDisplayName(row->priority);
        case AssigneeColumn: return row->assignee;
        case StatusColumn: return Core::statusDisplayName(row->status);
        case TagsColumn: return row->tags.join(QStringLiteral(", "));
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == PlatformColumn)
            return row->foundByListening
                       ? QString(QStringLiteral("<p>") + row->accountName.toHtmlEscaped() + QStringLiteral("<br>")
                                 + tr("Found by listening: the author named the brand without tagging it.").toHtmlEscaped()
                                 + QStringLiteral("</p>"))
                       : row->accountName.toHtmlEscaped();
        if (index.column() == PriorityColumn && !row->triageReasons.isEmpty())
            // The reasons quote the customer: escaped, so they stay text.
            return QString(QStringLiteral("<p>")
                           + customerTextToHtml(TriageReasonText::displayAll(row->triageReasons).join(QLatin1Char('\n')))
                           + QStringLiteral("</p>"));
        if (index.column() == PreviewColumn)
            // Tooltips guess rich text; escaped HTML keeps customer text inert.
            return QString(QStringLiteral("<p>") + customerTextToHtml(row->preview) + QStringLiteral("</p>"));
        if (index.column() == DueColumn && row->dueAt.isValid())
            return tr("Answer due %1 (one-hour response target)")
                .arg(QLocale().toString(row->dueAt.toLocalTime(), QLocale::ShortFormat));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == DueColumn && row->dueAt.isValid()) {
            const qint64 left = now.secsTo(row->dueAt);
            if (left < 0)
                return QBrush(QColor(0xb0, 0x1c, 0x1c));
            if (left < 15 * 60)
                return QBrush(QColor(0xa8, 0x5a, 0x00));
        }
        if (index.column() == PriorityColumn && row->priority == Core::Priority::Urgent)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        return {};
    case Qt::FontRole:
        if (index.column() == CustomerColumn && row->waitingSince.isValid()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default: return {};
    }
}

QVariant InboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PlatformColumn: return tr("Channel");
    case CustomerColumn: return tr("Customer");
    case PreviewColumn: return tr("Latest message");
    case WaitingColumn: return tr("Waiting");
    case DueColumn: return tr("Answer due");
    case PriorityColumn: return tr("Urgency");
    case AssigneeColumn: return tr("Assignee");
    case StatusColumn: return tr("Status");
    case TagsColumn: return tr("Tags");
    default: return {};
    }
}

} // namespace Care::Gui
