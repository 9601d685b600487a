#include "gui/InboxPane.h"

#include "gui/InboxItemDelegate.h"
#include "gui/InboxModel.h"
#include "gui/ReasonDialog.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/ConversationRepository.h"
#include "store/Store.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QFontMetrics>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeView>
#include <QFrame>
#include <QVBoxLayout>
#include <algorithm>

namespace Care::Gui {

InboxPane::InboxPane(Store::Store *store, QString agentId, QWidget *parent)
    : QWidget(parent)
    , m_model(new InboxModel(store, this))
    , m_search(new QLineEdit(this))
    , m_platform(new QComboBox(this))
    , m_sort(new QComboBox(this))
    , m_tag(new QComboBox(this))
    , m_assignee(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_due(new QComboBox(this))
    , m_since(new QComboBox(this))
    , m_saveView(new QPushButton(tr("Save view…"), this))
    , m_store(store)
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

    m_tag->setObjectName(QStringLiteral("inboxTagFilter"));
    m_tag->addItem(tr("Any tag"), QString());
    m_assignee->setObjectName(QStringLiteral("inboxAssigneeFilter"));
    m_assignee->addItem(tr("Anyone"), QString());
    m_priority->setObjectName(QStringLiteral("inboxUrgencyFilter"));
    m_priority->addItem(tr("Any urgency"), QString());
    for (auto p : {Core::Priority::Urgent, Core::Priority::High, Core::Priority::Normal, Core::Priority::Low})
        m_priority->addItem(Core::priorityDisplayName(p), Core::priorityId(p));
    m_due->setObjectName(QStringLiteral("inboxDueFilter"));
    m_due->addItem(tr("Any answer time"), QString());
    m_due->addItem(tr("Overdue"), QStringLiteral("overdue"));
    m_due->addItem(tr("Due within 15 min"), QStringLiteral("soon"));
    m_due->addItem(tr("On time"), QStringLiteral("ontime"));
    m_since->setObjectName(QStringLiteral("inboxSinceFilter"));
    m_since->addItem(tr("Any time"), 0);
    m_since->addItem(tr("Today"), 1);
    m_since->addItem(tr("Last 7 days"), 7);
    m_since->addItem(tr("Last 30 days"), 30);
    m_saveView->setObjectName(QStringLiteral("inboxSaveView"));
    m_saveView->setToolTip(tr("Keep this combination of filters as a named view"));

    m_summary->setObjectName(QStringLiteral("inboxSummary"));
    m_summary->setTextFormat(Qt::PlainText);

    m_view->setObjectName(QStringLiteral("inboxView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new InboxItemDelegate(m_view));
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
    // The longest channel as the model shows it: a blog post found by listening ("Blogs and news · found").
    m_view->setColumnWidth(InboxModel::PlatformColumn,
                           width(QCoreApplication::translate("Care::Gui::InboxModel", "%1 · found").arg(tr("Blogs and news"))));
    m_view->setColumnWidth(InboxModel::CustomerColumn, width(QStringLiteral("Margaret Whitfield")));
    m_view->setColumnWidth(InboxModel::WaitingColumn, width(QStringLiteral("23 h 59 min")));
    // The due text as the model shows it, in the console's language ("23 h 59 min überfällig").
    m_view->setColumnWidth(InboxModel::DueColumn, width(InboxModel::tr("%1 over").arg(QStringLiteral("23 h 59 min"))));
    m_view->setColumnWidth(InboxModel::PriorityColumn, width(tr("Urgency")));
    m_view->setColumnWidth(InboxModel::AssigneeColumn, width(tr("Assignee")));
    m_view->setColumnWidth(InboxModel::StatusColumn, width(tr("Resolved")));
    m_view->setColumnWidth(InboxModel::TagsColumn, width(QStringLiteral("check-in, travel")));
    m_view->header()->setMinimumSectionSize(40);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_platform);
    filters->addWidget(m_sort);
    auto *more = new QHBoxLayout;
    for (QComboBox *combo : {m_tag, m_assignee, m_priority, m_due, m_since})
        more->addWidget(combo);
    more->addStretch(1);
    more->addWidget(m_saveView);
    m_pinnedBar = new QFrame(this);
    m_pinnedBar->setObjectName(QStringLiteral("inboxPinned"));
    m_pinnedBar->setStyleSheet(QStringLiteral("#inboxPinned { background: #e8f0fb; border: 1px solid #9bb8e0; border-radius: 4px; }"));
    m_pinnedText = new QLabel(m_pinnedBar);
    m_pinnedText->setObjectName(QStringLiteral("inboxPinnedText"));
    m_pinnedText->setTextFormat(Qt::PlainText);
    m_pinnedText->setWordWrap(true);
    auto *back = new QPushButton(tr("Back to the view"), m_pinnedBar);
    back->setObjectName(QStringLiteral("inboxPinnedClear"));
    connect(back, &QPushButton::clicked, this, &InboxPane::clearShownConversations);
    auto *pinnedLayout = new QHBoxLayout(m_pinnedBar);
    pinnedLayout->setContentsMargins(8, 4, 8, 4);
    pinnedLayout->addWidget(m_pinnedText, 1);
    pinnedLayout->addWidget(back);
    m_pinnedBar->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addLayout(more);
    layout->addWidget(m_pinnedBar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_searchDelay, &QTimer::timeout, this, &InboxPane::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &InboxPane::applyFilter);
    connect(m_saveView, &QPushButton::clicked, this, [this] {
        auto *dialog = new ReasonDialog(tr("Save view"), tr("A name for this combination of filters:"), tr("Save"), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] { saveCurrentView(dialog->reason()); });
        dialog->open();
    });
    for (QComboBox *combo : {m_platform, m_sort, m_tag, m_assignee, m_priority, m_due, m_since})
        connect(combo, &QComboBox::currentIndexChanged, this, &InboxPane::applyFilter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &InboxPane::emitCurrent);
    connect(m_model, &InboxModel::loaded, this, [this] {
        m_summary->setText(m_model->isCounting()
                               ? tr("Conversations in this view: more than %1, counting…").arg(QLocale().toString(m_model->rowCount() - 1))
                               : tr("Conversations in this view: %1").arg(QLocale().toString(m_model->rowCount())));
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
    loadChoices();
    applyFilter();
}

void InboxPane::setView(InboxView::Kind kind)
{
    m_viewKind = kind;
    m_pinnedIds.clear();
    m_pinnedBar->hide();
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

SavedView InboxPane::currentState() const
{
    SavedView view;
    view.base = m_viewKind;
    view.platform = m_platform->currentData().toString();
    view.tag = m_tag->currentData().toString();
    view.assignee = m_assignee->currentData().toString();
    view.priority = m_priority->currentData().toString();
    view.due = m_due->currentData().toString();
    view.sinceDays = m_since->currentData().toInt();
    view.search = m_search->text().trimmed();
    view.sort = m_sort->currentData().toInt();
    return view;
}

void InboxPane::applyState(const SavedView &view)
{
    const auto select = [](QComboBox *combo, const QVariant &value) {
        const QSignalBlocker blocker(combo);
        const int index = combo->findData(value);
        combo->setCurrentIndex(index >= 0 ? index : 0);
    };
    m_viewKind = view.base;
    select(m_platform, view.platform);
    select(m_tag, view.tag);
    if (m_tag->findData(view.tag) < 0 && !view.tag.isEmpty()) {
        const QSignalBlocker blocker(m_tag);
        m_tag->addItem(view.tag, view.tag);
        m_tag->setCurrentIndex(m_tag->count() - 1);
    }
    select(m_assignee, view.assignee);
    select(m_priority, view.priority);
    select(m_due, view.due);
    select(m_since, view.sinceDays);
    select(m_sort, view.sort);
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(view.search);
    }
    applyFilter();
}

void InboxPane::saveCurrentView(const QString &name)
{
    if (name.trimmed().isEmpty())
        return;
    SavedView view = currentState();
    view.name = name.trimmed();
    QList<SavedView> views = SavedView::load();
    views.erase(std::remove_if(views.begin(), views.end(), [&](const SavedView &v) { return v.name == view.name; }),
                views.end());
    views << view;
    SavedView::store(views);
    emit savedViewsChanged();
}

void InboxPane::loadChoices()
{
    struct Choices
    {
        QStringList tags;
        QList<Core::Agent> agents;
        QList<Core::Account> accounts;
    };
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<Choices> {
            auto tags = Store::ConversationRepository(db).allTags();
            if (!tags)
                return tags.error();
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            auto accounts = Store::AccountRepository(db).list(true);
            if (!accounts)
                return accounts.error();
            return Choices{tags.value(), agents.value(), accounts.value()};
        },
        [this](Core::Result<Choices> choices) {
            if (!choices)
                return;
            const QString tag = m_tag->currentData().toString();
            const QString assignee = m_assignee->currentData().toString();
            const QSignalBlocker tagBlocker(m_tag);
            const QSignalBlocker assigneeBlocker(m_assignee);
            while (m_tag->count() > 1)
                m_tag->removeItem(1);
            for (const QString &t : choices->tags)
                m_tag->addItem(t, t);
            while (m_assignee->count() > 1)
                m_assignee->removeItem(1);
            for (const Core::Agent &agent : choices->agents)
                m_assignee->addItem(agent.name, agent.id);
            m_tag->setCurrentIndex(std::max(0, m_tag->findData(tag)));
            // Each account of the brand can be chosen on its own, after the platforms.
            const QString channel = m_platform->currentData().toString();
            const QSignalBlocker platformBlocker(m_platform);
            while (m_platform->count() > 1 + Core::allPlatforms().size())
                m_platform->removeItem(m_platform->count() - 1);
            for (const Core::Account &account : choices->accounts)
                m_platform->addItem(account.name, QString(QStringLiteral("account:") + QString::number(account.id)));
            m_platform->setCurrentIndex(std::max(0, m_platform->findData(channel)));
            m_assignee->setCurrentIndex(std::max(0, m_assignee->findData(assignee)));
        });
}

bool InboxPane::revealConversation(qint64 conversationId)
{
    const int row = m_model->rowOfConversation(conversationId);
    if (row < 0)
        return false;
    m_view->setCurrentIndex(m_model->index(row, 0));
    m_view->scrollTo(m_view->currentIndex());
    return true;
}

void InboxPane::applyFilter()
{
    if (!m_pinnedIds.isEmpty()) {
        Store::InboxFilter filter;
        filter.conversationIds = m_pinnedIds;
        filter.sort = Store::InboxFilter::Sort::Newest;
        m_model->setFilter(filter);
        return;
    }
    m_model->setFilter(currentState().filter(m_agentId, QDateTime::currentDateTimeUtc()));
}

void InboxPane::showConversations(const QString &title, const QList<qint64> &conversationIds)
{
    if (conversationIds.isEmpty())
        return;
    m_pinnedIds = conversationIds;
    m_pinnedText->setText(conversationIds.size() == 1
                              ? tr("1 conversation behind “%1” (any status).").arg(title)
                              : tr("%1 conversations behind “%2” (any status).").arg(conversationIds.size()).arg(title));
    m_pinnedBar->show();
    applyFilter();
}

void InboxPane::clearShownConversations()
{
    m_pinnedIds.clear();
    m_pinnedBar->hide();
    applyFilter();
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
