#include "gui/ScheduledPostsDialog.h"

#include "gui/ShiftPlanDialog.h"
#include "store/AccountRepository.h"
#include "store/ScheduledPostRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

enum Column { WhenColumn, AccountColumn, KindColumn, TextColumn, StateColumn };

struct Listing
{
    QList<Core::ScheduledPost> posts;
    QHash<qint64, QString> accounts;
    QTimeZone zone; // the team's: announcements speak its time
};

QString kindName(const QString &kind)
{
    if (kind == QLatin1String("opening"))
        return ScheduledPostsDialog::tr("On duty");
    if (kind == QLatin1String("closing"))
        return ScheduledPostsDialog::tr("Off duty");
    return ScheduledPostsDialog::tr("Post");
}

} // namespace

ScheduledPostsDialog::ScheduledPostsDialog(Store::Store *store, const QString &editor, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_editor(editor)
    , m_table(new QTableWidget(0, 5, this))
    , m_status(new QLabel(this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_cancel(new QPushButton(tr("&Cancel post"), this))
{
    setObjectName(QStringLiteral("scheduledPostsDialog"));
    setWindowTitle(tr("Scheduled posts"));
    m_table->setObjectName(QStringLiteral("scheduledPostsTable"));
    m_table->setHorizontalHeaderLabels({tr("When"), tr("Account"), tr("Kind"), tr("Text"), tr("State")});
    m_table->horizontalHeader()->setSectionResizeMode(TextColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_edit->setObjectName(QStringLiteral("scheduledPostsEdit"));
    m_cancel->setObjectName(QStringLiteral("scheduledPostsCancel"));
    m_cancel->setShortcut(QKeySequence::Delete);
    auto *plan = new QPushButton(tr("&Plan shift announcements…"), this);
    plan->setObjectName(QStringLiteral("scheduledPostsPlan"));
    auto *close = new QPushButton(tr("Close"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(plan);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(close);
    auto *note = new QLabel(tr("Posted by the console that syncs the account, once, at their time. A post whose time "
                               "passed while no console was syncing is skipped (expired), never posted late. While a "
                               "crisis is on, announcements wait."),
                            this);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_edit, &QPushButton::clicked, this, &ScheduledPostsDialog::editSelected);
    connect(m_cancel, &QPushButton::clicked, this, &ScheduledPostsDialog::cancelSelected);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &ScheduledPostsDialog::editSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto post = selected();
        const bool waiting = post && (post->state == Core::ScheduledPost::State::Scheduled
                                      || post->state == Core::ScheduledPost::State::Failed);
        m_edit->setEnabled(waiting);
        m_cancel->setEnabled(waiting);
    });
    connect(plan, &QPushButton::clicked, this, [this] {
        auto *dialog = new ShiftPlanDialog(m_store, m_editor, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ShiftPlanDialog::scheduled, this, [this](int count) {
            m_status->setText(tr("%1 announcements scheduled.").arg(count));
            reload();
            emit changed();
        });
        dialog->open();
        dialog->load();
    });
    m_edit->setEnabled(false);
    m_cancel->setEnabled(false);
    resize(1000, 560);
}

void ScheduledPostsDialog::reload()
{
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<Listing> {
            auto posts = Store::ScheduledPostRepository(db).list();
            if (!posts)
                return posts.error();
            auto accounts = Store::AccountRepository(db).list(true);
            if (!accounts)
                return accounts.error();
            auto calendar = Store::WorkspaceSettings(db).calendar();
            if (!calendar)
                return calendar.error();
            Listing listing{posts.value(), {}, calendar->timeZone()};
            for (const Core::Account &account : accounts.value())
                listing.accounts.insert(account.id, Core::accountLabel(account));
            return listing;
        },
        [this](Core::Result<Listing> listing) {
            if (!listing) {
                m_status->setText(listing.error().fullText());
                return;
            }
            m_posts = listing->posts;
            m_zone = listing->zone;
            m_accounts = listing->accounts;
            m_table->setRowCount(0);
            m_table->horizontalHeaderItem(WhenColumn)->setText(tr("When (%1)").arg(QString::fromUtf8(listing->zone.id())));
            const QLocale locale;
            for (const Core::ScheduledPost &post : std::as_const(m_posts)) {
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                auto *when = new QTableWidgetItem(locale.toString(post.postAt.toTimeZone(listing->zone), QStringLiteral("ddd d MMM HH:mm")));
                when->setData(Qt::UserRole, post.id);
                m_table->setItem(row, WhenColumn, when);
                m_table->setItem(row, AccountColumn, new QTableWidgetItem(m_accounts.value(post.accountId)));
                m_table->setItem(row, KindColumn, new QTableWidgetItem(kindName(post.kind)));
                m_table->setItem(row, TextColumn, new QTableWidgetItem(post.body));
                auto *state = new QTableWidgetItem(Core::ScheduledPost::stateDisplayName(post.state));
                if (!post.error.isEmpty())
                    state->setToolTip(post.error);
                m_table->setItem(row, StateColumn, state);
            }
            m_table->resizeColumnToContents(WhenColumn);
            m_table->resizeColumnToContents(AccountColumn);
            m_table->resizeColumnToContents(KindColumn);
            m_table->resizeColumnToContents(StateColumn);
            if (m_posts.isEmpty())
                m_status->setText(tr("Nothing scheduled. Plan shift announcements to tell customers when the team is there."));
            emit reloaded();
        });
}

std::optional<Core::ScheduledPost> ScheduledPostsDialog::selected() const
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, WhenColumn))
        return std::nullopt;
    const qint64 id = m_table->item(row, WhenColumn)->data(Qt::UserRole).toLongLong();
    for (const Core::ScheduledPost &post : m_posts) {
        if (post.id == id)
            return post;
    }
    return std::nullopt;
}

void ScheduledPostsDialog::run(std::function<Core::Status(Store::Database &)> job)
{
    m_store->run(this, std::move(job), [this](Core::Status status) {
        if (!status)
            m_status->setText(status.error().fullText());
        reload();
        emit changed();
    });
}

void ScheduledPostsDialog::cancelSelected()
{
    const auto post = selected();
    if (!post)
        return;
    run([id = post->id](Store::Database &db) { return Store::ScheduledPostRepository(db).cancel(id); });
}

void ScheduledPostsDialog::editSelected()
{
    const auto post = selected();
    if (!post || (post->state != Core::ScheduledPost::State::Scheduled && post->state != Core::ScheduledPost::State::Failed))
        return;
    QDialog editor(this);
    editor.setWindowTitle(tr("Edit scheduled post"));
    // The team's wall clock, edited as plain date and time and read back in the team's zone.
    const QDateTime local = post->postAt.toTimeZone(m_zone);
    auto *when = new QDateTimeEdit(QDateTime(local.date(), local.time()), &editor);
    when->setObjectName(QStringLiteral("scheduledPostWhen"));
    when->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    when->setCalendarPopup(true);
    auto *text = new QPlainTextEdit(post->body, &editor);
    text->setObjectName(QStringLiteral("scheduledPostText"));
    text->setTabChangesFocus(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &editor);
    auto *form = new QFormLayout(&editor);
    form->addRow(tr("&Post at (%1)").arg(QString::fromUtf8(m_zone.id())), when);
    form->addRow(tr("&Text"), text);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &editor, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &editor, &QDialog::reject);
    editor.resize(560, 260);
    if (editor.exec() != QDialog::Accepted)
        return;
    run([id = post->id, body = text->toPlainText(), at = QDateTime(when->date(), when->time(), m_zone).toUTC()](Store::Database &db) {
        return Store::ScheduledPostRepository(db).reschedule(id, body, at);
    });
}

} // namespace Care::Gui
