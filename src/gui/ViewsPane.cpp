#include "gui/ViewsPane.h"

#include "store/ConversationRepository.h"
#include "store/Store.h"

#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace Care::Gui {

ViewsPane::ViewsPane(Store::Store *store, QString agentId, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_agentId(std::move(agentId))
    , m_list(new QListWidget(this))
    , m_views(builtInInboxViews())
{
    setObjectName(QStringLiteral("viewsPane"));
    m_list->setObjectName(QStringLiteral("viewsList"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_counts.fill(-1, m_views.size());
    for (const InboxView &view : std::as_const(m_views)) {
        auto *item = new QListWidgetItem(view.name, m_list);
        item->setData(Qt::UserRole, static_cast<int>(view.kind));
    }
    m_list->setCurrentRow(2); // All open
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    setMinimumWidth(m_list->sizeHintForColumn(0) + 60);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit viewChanged(m_views.at(row).kind);
    });
}

InboxView::Kind ViewsPane::currentView() const
{
    const int row = m_list->currentRow();
    return row >= 0 ? m_views.at(row).kind : InboxView::Kind::AllOpen;
}

void ViewsPane::setCurrentView(InboxView::Kind kind)
{
    for (int i = 0; i < m_views.size(); ++i) {
        if (m_views.at(i).kind == kind)
            m_list->setCurrentRow(i);
    }
}

int ViewsPane::countOf(InboxView::Kind kind) const
{
    for (int i = 0; i < m_views.size(); ++i) {
        if (m_views.at(i).kind == kind)
            return m_counts.at(i);
    }
    return -1;
}

void ViewsPane::refreshCounts()
{
    const quint64 request = ++m_request;
    QList<Store::InboxFilter> filters;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const InboxView &view : std::as_const(m_views))
        filters << filterForView(view.kind, m_agentId, now);
    m_store->run(
        this,
        [filters](Store::Database &db) -> Core::Result<QList<int>> {
            Store::ConversationRepository conversations(db);
            QList<int> counts;
            for (const auto &filter : filters) {
                auto count = conversations.count(filter);
                if (!count)
                    return count.error();
                counts << count.value();
            }
            return counts;
        },
        [this, request](Core::Result<QList<int>> counts) {
            if (request != m_request || !counts)
                return;
            m_counts = counts.value();
            const QLocale locale;
            for (int i = 0; i < m_views.size(); ++i) {
                QListWidgetItem *item = m_list->item(i);
                item->setText(m_views.at(i).name + QStringLiteral("  ") + locale.toString(m_counts.at(i)));
                if (m_views.at(i).kind == InboxView::Kind::DueSoon) {
                    item->setForeground(m_counts.at(i) > 0 ? QColor(0xb0, 0x1c, 0x1c) : palette().text().color());
                }
            }
        });
}

} // namespace Care::Gui
