#include "gui/ViewsPane.h"

#include "store/ConversationRepository.h"
#include "store/Store.h"

#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

enum Roles { BuiltInRole = Qt::UserRole + 1, SavedRole };

} // namespace

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
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_counts.fill(-1, m_views.size());
    m_saved = SavedView::load();
    rebuild();
    m_list->setCurrentRow(2); // All open
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    setMinimumWidth(m_list->sizeHintForColumn(0) + 60);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (!item)
            return;
        if (item->data(BuiltInRole).isValid())
            emit viewChanged(static_cast<InboxView::Kind>(item->data(BuiltInRole).toInt()));
        else if (item->data(SavedRole).isValid())
            emit savedViewChosen(m_saved.at(item->data(SavedRole).toInt()));
    });
    connect(m_list, &QListWidget::customContextMenuRequested, this, &ViewsPane::showContextMenu);
}

void ViewsPane::rebuild()
{
    const QSignalBlocker blocker(m_list);
    const int current = m_list->currentRow();
    m_list->clear();
    const QLocale locale;
    for (int i = 0; i < m_views.size(); ++i) {
        const int count = m_counts.value(i, -1);
        auto *item = new QListWidgetItem(count >= 0 ? m_views.at(i).name + QStringLiteral("  ") + locale.toString(count)
                                                    : m_views.at(i).name,
                                         m_list);
        item->setData(BuiltInRole, static_cast<int>(m_views.at(i).kind));
        if (m_views.at(i).kind == InboxView::Kind::DueSoon && count > 0)
            item->setForeground(QColor(0xb0, 0x1c, 0x1c));
    }
    if (!m_saved.isEmpty()) {
        auto *header = new QListWidgetItem(tr("Saved views"), m_list);
        header->setFlags(Qt::NoItemFlags);
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        for (int i = 0; i < m_saved.size(); ++i) {
            const int count = m_savedCounts.value(i, -1);
            auto *item = new QListWidgetItem(count >= 0 ? m_saved.at(i).name + QStringLiteral("  ")
                                                              + locale.toString(count)
                                                        : m_saved.at(i).name,
                                             m_list);
            item->setData(SavedRole, i);
        }
    }
    if (current >= 0 && current < m_list->count())
        m_list->setCurrentRow(current);
}

InboxView::Kind ViewsPane::currentView() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item && item->data(BuiltInRole).isValid() ? static_cast<InboxView::Kind>(item->data(BuiltInRole).toInt())
                                                     : InboxView::Kind::AllOpen;
}

void ViewsPane::setCurrentView(InboxView::Kind kind)
{
    for (int row = 0; row < m_list->count(); ++row) {
        const QVariant data = m_list->item(row)->data(BuiltInRole);
        if (data.isValid() && data.toInt() == static_cast<int>(kind))
            m_list->setCurrentRow(row);
    }
}

void ViewsPane::selectSavedView(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        const QVariant data = m_list->item(row)->data(SavedRole);
        if (data.isValid() && m_saved.at(data.toInt()).name == name)
            m_list->setCurrentRow(row);
    }
}

void ViewsPane::reloadSavedViews()
{
    m_saved = SavedView::load();
    m_savedCounts.clear();
    rebuild();
    refreshCounts();
}

QStringList ViewsPane::savedViewNames() const
{
    QStringList names;
    for (const SavedView &view : m_saved)
        names << view.name;
    return names;
}

int ViewsPane::countOf(InboxView::Kind kind) const
{
    for (int i = 0; i < m_views.size(); ++i) {
        if (m_views.at(i).kind == kind)
            return m_counts.value(i, -1);
    }
    return -1;
}

int ViewsPane::countOfSaved(const QString &name) const
{
    for (int i = 0; i < m_saved.size(); ++i) {
        if (m_saved.at(i).name == name)
            return m_savedCounts.value(i, -1);
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
    for (const SavedView &view : std::as_const(m_saved))
        filters << view.filter(m_agentId, now);
    m_store->run(
        this,
        [filters](Store::Database &db) -> Core::Result<QList<int>> {
            Store::ConversationRepository conversations(db);
            QList<int> counts;
            for (const auto &filter : filters) {
                auto count = conversations.count(filter);
                // A saved search that no longer parses counts as empty rather than failing all.
                counts << (count ? count.value() : 0);
            }
            return counts;
        },
        [this, request](Core::Result<QList<int>> counts) {
            if (request != m_request || !counts)
                return;
            m_counts = counts->mid(0, m_views.size());
            m_savedCounts = counts->mid(m_views.size());
            rebuild();
        });
}

void ViewsPane::showContextMenu(const QPoint &position)
{
    QListWidgetItem *item = m_list->itemAt(position);
    if (!item || !item->data(SavedRole).isValid())
        return;
    const QString name = m_saved.at(item->data(SavedRole).toInt()).name;
    QMenu menu(this);
    QAction *remove = menu.addAction(tr("Delete the view “%1”").arg(name));
    if (menu.exec(m_list->viewport()->mapToGlobal(position)) == remove) {
        QList<SavedView> views = m_saved;
        views.erase(std::remove_if(views.begin(), views.end(), [&](const SavedView &v) { return v.name == name; }),
                    views.end());
        SavedView::store(views);
        reloadSavedViews();
    }
}

} // namespace Care::Gui
