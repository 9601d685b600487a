#include "gui/InboxPane.h"

#include "gui/InboxModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QFontMetrics>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

namespace Care::Gui {

InboxPane::InboxPane(Store::Store *store, QString agentId, QWidget *parent)
    : QWidget(parent)
    , m_model(new InboxModel(store, this))
    , m_search(new QLineEdit(this))
    , m_platform(new QComboBox(this))
    , m_sort(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_searchDelay(new QTimer(this))
    , m_clock(new QTimer(this))
    , m_agentId(std::move(agentId))
{
    setObjectName(QStringLiteral("inboxPane"));
    m_search->setObjectName(QStringLiteral("inboxSearch"));
    m_search->setPlaceholderText(tr("Search every message (/)"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Words must all appear. Use \"quotes\" for a phrase, OR for either word, -word to "
                            "exclude, and word* for words starting with it."));


    m_platform->setObjectName(QStringLiteral("inboxPlatformFilter"));
    m_platform->addItem(tr("All channels"), QString());
    for (Core::Platform p : Core::allPlatforms())
        m_platform->addItem(Core::platformDisplayName(p), Core::platformId(p));

    m_sort->setObjectName(QStringLiteral("inboxSort"));
    m_sort->addItem(tr("Answer due first"), static_cast<int>(Store::InboxFilter::Sort::SlaDue));
    m_sort->addItem(tr("Longest waiting"), static_cast<int>(Store::InboxFilter::Sort::LongestWaiting));
    m_sort->addItem(tr("Newest"), static_cast<int>(Store::InboxFilter::Sort::Newest));
    m_sort->addItem(tr("Oldest"), static_cast<int>(Store::InboxFilter::Sort::Oldest));

    m_summary->setObjectName(QStringLiteral("inboxSummary"));
    m_summary->setTextFormat(Qt::PlainText);

    m_view->setObjectName(QStringLiteral("inboxView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(InboxModel::PreviewColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString &sample) { return metrics.horizontalAdvance(sample) + 16; };
    m_view->setColumnWidth(InboxModel::PlatformColumn, width(tr("Blogs and news")));
    m_view->setColumnWidth(InboxModel::CustomerColumn, width(QStringLiteral("Margaret Whitfield")));
    m_view->setColumnWidth(InboxModel::WaitingColumn, width(QStringLiteral("23 h 59 min")));
    m_view->setColumnWidth(InboxModel::DueColumn, width(QStringLiteral("23 h 59 min over")));
    m_view->setColumnWidth(InboxModel::PriorityColumn, width(tr("Urgency")));
    m_view->setColumnWidth(InboxModel::AssigneeColumn, width(tr("Assignee")));
    m_view->setColumnWidth(InboxModel::StatusColumn, width(tr("Resolved")));
    m_view->setColumnWidth(InboxModel::TagsColumn, width(QStringLiteral("check-in, travel")));
    m_view->header()->setMinimumSectionSize(40);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_platform);
    filters->addWidget(m_sort);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_searchDelay, &QTimer::timeout, this, &InboxPane::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &InboxPane::applyFilter);
    for (QComboBox *combo : {m_platform, m_sort})
        connect(combo, &QComboBox::currentIndexChanged, this, &InboxPane::applyFilter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InboxPane::emitCurrent);
    connect(m_model, &InboxModel::loaded, this, [this] {
        m_summary->setText(tr("Conversations in this view: %1").arg(QLocale().toString(m_model->rowCount())));
        // Keep the agent on the conversation they had selected when the list is re-read.
        if (m_selectedId != 0) {
            const int row = m_model->rowOfConversation(m_selectedId);
            if (row >= 0 && m_view->currentIndex().row() != row) {
                const QSignalBlocker blocker(m_view->selectionModel());
                m_view->setCurrentIndex(m_model->index(row, 0));
            }
        }
        selectFirstIfNone();
    });
    connect(m_model, &InboxModel::errorOccurred, this, [this](const QString &message) {
        m_summary->setText(message);
    });

    // Countdowns move with the clock.
    m_clock->setInterval(30 * 1000);
    connect(m_clock, &QTimer::timeout, this, [this] { m_model->setNow(QDateTime::currentDateTimeUtc()); });
    m_clock->start();
}

void InboxPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void InboxPane::refresh()
{
    applyFilter();
}

void InboxPane::setView(InboxView::Kind kind)
{
    m_viewKind = kind;
    applyFilter();
}

void InboxPane::moveSelection(int delta)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int current = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    const int next = std::clamp(current + delta, 0, rows - 1);
    m_view->setCurrentIndex(m_model->index(next, 0));
    m_view->scrollTo(m_view->currentIndex());
}

void InboxPane::applyFilter()
{
    Store::InboxFilter filter = filterForView(m_viewKind, m_agentId, QDateTime::currentDateTimeUtc());
    const QString platform = m_platform->currentData().toString();
    if (!platform.isEmpty())
        filter.platform = Core::platformFromId(platform);
    filter.sort = static_cast<Store::InboxFilter::Sort>(m_sort->currentData().toInt());
    filter.search = m_search->text().trimmed();
    m_model->setFilter(filter);
}

void InboxPane::selectFirstIfNone()
{
    if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0
        && m_model->data(m_model->index(0, 0), InboxModel::ConversationIdRole).isValid())
        m_view->setCurrentIndex(m_model->index(0, 0));
}

void InboxPane::emitCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const QVariant id = current.data(InboxModel::ConversationIdRole);
    if (!id.isValid())
        return;
    m_selectedId = id.toLongLong();
    emit conversationSelected(m_selectedId, current.data(InboxModel::CustomerIdRole).toLongLong());
}

} // namespace Care::Gui
