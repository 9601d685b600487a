#include "gui/AccountsDialog.h"

#include "gui/AddFeedDialog.h"
#include "gui/ConnectBlueskyDialog.h"
#include "gui/ConnectEmailDialog.h"
#include "gui/ConnectFacebookDialog.h"
#include "gui/ConnectMastodonDialog.h"
#include "gui/ConnectXDialog.h"
#include "gui/SyncStatusButton.h"
#include "sync/XAccountSetup.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString when(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("—");
    const QDateTime local = time.toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), QStringLiteral("HH:mm"));
    return QLocale().toString(local, QStringLiteral("ddd d MMM HH:mm"));
}

QString stateText(const Sync::AccountView &a)
{
    switch (a.status.state) {
    case Core::SyncState::Idle:
        if (!a.status.lastSyncAt.isValid())
            return AccountsDialog::tr("Waiting for the first sync");
        return a.status.message.isEmpty() ? AccountsDialog::tr("Connected") : AccountsDialog::tr("Connected, see the note");
    case Core::SyncState::Syncing: return AccountsDialog::tr("Syncing");
    case Core::SyncState::RateLimited: return AccountsDialog::tr("Paused (request limit)");
    case Core::SyncState::Retrying: return AccountsDialog::tr("Retrying");
    case Core::SyncState::NeedsReconnect: return AccountsDialog::tr("Reconnect needed");
    case Core::SyncState::Failed: return AccountsDialog::tr("Stopped");
    }
    return {};
}

QString money(double amount, const QString &currency)
{
    return AccountsDialog::tr("%1 %2").arg(QLocale().toString(amount, 'f', 2), currency);
}

// X bills reads and writes: what this account is estimated to cost a month, and why.
QString xCostText(const Sync::XCostEstimate &e, const QString &currency, qint64 wantedDirectSecs)
{
    QString text = AccountsDialog::tr("Estimated X API cost: %1 a month (mentions %2, listening %3, direct messages %4, "
                                      "replies sent %5; an upper bound).")
                       .arg(money(e.total(), currency), money(e.mentions, currency), money(e.search, currency),
                            money(e.direct, currency), money(e.writes, currency));
    if (e.assumed)
        text += QLatin1Char(' ') + AccountsDialog::tr("Based on assumed traffic until an hour has been measured.");
    if (e.budget > 0)
        text += QLatin1Char(' ')
                + (e.overBudget ? AccountsDialog::tr("Budget %1 a month: over it, so keyword listening is paused.").arg(money(e.budget, currency))
                                : AccountsDialog::tr("Budget %1 a month: direct messages are read every %n min.", nullptr,
                                                     int((e.plan.direct + 59) / 60))
                                      .arg(money(e.budget, currency)));
    if (e.budget > 0 && !e.overBudget && wantedDirectSecs > 0 && e.plan.direct > wantedDirectSecs)
        text += QLatin1Char(' ')
                + AccountsDialog::tr("Without the budget they would be read every %n min.", nullptr,
                                     int((wantedDirectSecs + 59) / 60));
    return text;
}

} // namespace

AccountsDialog::AccountsDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_table(new QTableWidget(0, 6, this))
    , m_detail(new QLabel(this))
    , m_syncNow(new QPushButton(tr("&Sync now"), this))
    , m_remove(new QPushButton(tr("&Remove…"), this))
    , m_listening(new QPushButton(tr("&Listening…"), this))
    , m_addFeed(new QPushButton(tr("Add &feed…"), this))
    , m_budgetRow(new QWidget(this))
    , m_budget(new QDoubleSpinBox(m_budgetRow))
    , m_setBudget(new QPushButton(tr("Set &budget"), m_budgetRow))
    , m_intervalsRow(new QWidget(this))
    , m_pollMentions(new QSpinBox(m_intervalsRow))
    , m_pollSearch(new QSpinBox(m_intervalsRow))
    , m_pollDirect(new QSpinBox(m_intervalsRow))
    , m_setIntervals(new QPushButton(tr("Set &intervals"), m_intervalsRow))
    , m_intervalsError(new QLabel(this))
{
    setWindowTitle(tr("Accounts"));
    setObjectName(QStringLiteral("accountsDialog"));
    m_table->setObjectName(QStringLiteral("accountsTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Account"), tr("State"), tr("Last sync"), tr("Next sync"), tr("Requests left"), tr("Not delivered")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 6; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_detail->setObjectName(QStringLiteral("accountDetail"));
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    m_detail->setMinimumHeight(40);

    auto *connectButton = new QPushButton(tr("&Connect Mastodon…"), this);
    auto *connectBluesky = new QPushButton(tr("Connect &Bluesky…"), this);
    connectBluesky->setObjectName(QStringLiteral("connectBluesky"));
    auto *connectFacebook = new QPushButton(tr("Connect &Facebook Page…"), this);
    connectFacebook->setObjectName(QStringLiteral("connectFacebook"));
    auto *connectX = new QPushButton(tr("Connect &X…"), this);
    connectX->setObjectName(QStringLiteral("connectX"));
    auto *connectEmail = new QPushButton(tr("Connect &e-mail…"), this);
    connectEmail->setObjectName(QStringLiteral("connectEmail"));
    connectEmail->setToolTip(tr("A support mailbox: customers' e-mails in, answers and transcripts out."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(connectButton, QDialogButtonBox::ActionRole);
    buttons->addButton(connectBluesky, QDialogButtonBox::ActionRole);
    buttons->addButton(connectFacebook, QDialogButtonBox::ActionRole);
    buttons->addButton(connectX, QDialogButtonBox::ActionRole);
    buttons->addButton(connectEmail, QDialogButtonBox::ActionRole);
    buttons->addButton(m_addFeed, QDialogButtonBox::ActionRole);
    m_addFeed->setObjectName(QStringLiteral("accountsAddFeed"));
    m_addFeed->setToolTip(tr("Listen to a blog or news site's feed for articles that name the brand."));
    connect(m_addFeed, &QPushButton::clicked, this, [this] { openDialog(new AddFeedDialog(m_sync, this)); });
    buttons->addButton(m_syncNow, QDialogButtonBox::ActionRole);
    buttons->addButton(m_listening, QDialogButtonBox::ActionRole);
    buttons->addButton(m_remove, QDialogButtonBox::ActionRole);
    m_listening->setObjectName(QStringLiteral("accountsListening"));
    m_listening->setToolTip(tr("The words and hashtags this account listens for: posts that name the brand without "
                               "tagging it."));
    connect(m_listening, &QPushButton::clicked, this, &AccountsDialog::editListening);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(connectButton, &QPushButton::clicked, this, [this] { openDialog(new ConnectMastodonDialog(m_sync, this)); });
    connect(connectBluesky, &QPushButton::clicked, this, [this] { openDialog(new ConnectBlueskyDialog(m_sync, this)); });
    connect(connectFacebook, &QPushButton::clicked, this, [this] { openDialog(new ConnectFacebookDialog(m_sync, this)); });
    connect(connectX, &QPushButton::clicked, this, [this] { openDialog(new ConnectXDialog(m_sync, this)); });
    connect(connectEmail, &QPushButton::clicked, this, [this] { openDialog(new ConnectEmailDialog(m_sync, this)); });
    connect(m_syncNow, &QPushButton::clicked, this, [this] { m_sync->syncNow(selectedId()); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedId();
        QString label;
        for (const auto &a : std::as_const(m_accounts))
            label = a.id == id ? a.label : label;
        if (id == 0)
            return;
        const auto answer = QMessageBox::question(
            this, tr("Remove account"),
            tr("Disconnect %1? Its conversations stay in the console; replies not yet delivered are cancelled.").arg(label));
        if (answer == QMessageBox::Yes)
            m_sync->removeAccount(id);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AccountsDialog::updateSelection);
    connect(m_sync, &Sync::SyncService::accountsChanged, this, &AccountsDialog::setAccounts);

    // X: a monthly budget; polling slows (direct messages first, then listening) to stay within it.
    m_budgetRow->setObjectName(QStringLiteral("xBudgetRow"));
    m_budget->setObjectName(QStringLiteral("xBudget"));
    m_budget->setRange(0, 1000000);
    m_budget->setDecimals(2);
    m_budget->setSingleStep(10);
    m_budget->setSpecialValueText(tr("no budget"));
    m_setBudget->setObjectName(QStringLiteral("xSetBudget"));
    auto *budgetLabel = new QLabel(tr("X API budget a &month:"), m_budgetRow);
    budgetLabel->setBuddy(m_budget);
    auto *budgetLayout = new QHBoxLayout(m_budgetRow);
    budgetLayout->setContentsMargins(0, 0, 0, 0);
    budgetLayout->addWidget(budgetLabel);
    budgetLayout->addWidget(m_budget);
    budgetLayout->addWidget(m_setBudget);
    budgetLayout->addStretch(1);
    m_budgetRow->hide();
    connect(m_setBudget, &QPushButton::clicked, this, [this] {
        if (m_budgetFor != 0 && m_canSetBudget)
            m_sync->setXBudget(m_budgetFor, m_budget->value());
    });

    // X: poll intervals, next to the budget; the estimate above follows them once set.
    m_intervalsRow->setObjectName(QStringLiteral("xIntervalsRow"));
    auto *intervalsLayout = new QHBoxLayout(m_intervalsRow);
    intervalsLayout->setContentsMargins(0, 0, 0, 0);
    intervalsLayout->addWidget(new QLabel(tr("Poll X every:"), m_intervalsRow));
    for (const auto &[box, name, label, step] :
         {std::tuple(m_pollMentions, QStringLiteral("xPollMentions"), tr("me&ntions"), 30),
          std::tuple(m_pollSearch, QStringLiteral("xPollSearch"), tr("lis&tening"), 60),
          std::tuple(m_pollDirect, QStringLiteral("xPollDirect"), tr("&direct messages"), 60)}) {
        box->setObjectName(name);
        box->setRange(0, int(Sync::XPollLimits::kMaxSecs));
        box->setSingleStep(step);
        box->setSuffix(tr(" s", "seconds"));
        box->setSpecialValueText(tr("off"));
        // Typed values stay until set (or another account is chosen), whatever the sync publishes meanwhile.
        connect(box, &QSpinBox::valueChanged, this, [this] { m_intervalsEdited = true; });
        auto *boxLabel = new QLabel(label, m_intervalsRow);
        boxLabel->setBuddy(box);
        intervalsLayout->addWidget(boxLabel);
        intervalsLayout->addWidget(box);
    }
    m_setIntervals->setObjectName(QStringLiteral("xSetIntervals"));
    intervalsLayout->addWidget(m_setIntervals);
    intervalsLayout->addStretch(1);
    m_intervalsRow->hide();
    m_intervalsError->setObjectName(QStringLiteral("xIntervalsError"));
    m_intervalsError->setTextFormat(Qt::PlainText);
    m_intervalsError->setWordWrap(true);
    m_intervalsError->setStyleSheet(QStringLiteral("color: #b00020"));
    m_intervalsError->hide();
    connect(m_setIntervals, &QPushButton::clicked, this, &AccountsDialog::setIntervals);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_detail);
    layout->addWidget(m_budgetRow);
    layout->addWidget(m_intervalsRow);
    layout->addWidget(m_intervalsError);
    layout->addWidget(buttons);
    resize(860, 360);
    updateSelection();
}

void AccountsDialog::openDialog(QDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AccountsDialog::editListening()
{
    const qint64 id = selectedId();
    const Sync::AccountView *account = nullptr;
    for (const auto &a : std::as_const(m_accounts))
        account = a.id == id ? &a : account;
    if (!account)
        return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("listeningDialog"));
    dialog.setWindowTitle(tr("Listening — %1").arg(account->label));
    auto *keywords = new QLineEdit(account->keywords.join(QStringLiteral(", ")), &dialog);
    keywords->setObjectName(QStringLiteral("listeningKeywords"));
    auto *hashtags = new QLineEdit(account->hashtags.join(QStringLiteral(", ")), &dialog);
    hashtags->setObjectName(QStringLiteral("listeningHashtags"));
    auto *note = new QLabel(tr("Separate with commas. New words start from the newest posts; posts from before are "
                               "not fetched."),
                            &dialog);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Words:"), keywords);
    form->addRow(tr("&Hashtags:"), hashtags);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    dialog.resize(480, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const auto split = [](const QString &text) {
        QStringList out;
        for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
            out << part.trimmed();
        return out;
    };
    m_sync->setListening(id, split(keywords->text()), split(hashtags->text()));
}

void AccountsDialog::setCanAddFeeds(bool canAddFeeds)
{
    m_addFeed->setEnabled(canAddFeeds);
    m_addFeed->setToolTip(canAddFeeds ? tr("Listen to a blog or news site's feed for articles that name the brand.")
                                      : tr("Leads add blog and news feeds."));
}

qint64 AccountsDialog::selectedId() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_table->rowCount() || !m_table->item(row, 0))
        return 0;
    return m_table->item(row, 0)->data(Qt::UserRole).toLongLong();
}

void AccountsDialog::setAccounts(const QList<Sync::AccountView> &accounts)
{
    const qint64 selected = selectedId();
    m_accounts.clear();
    for (const auto &a : accounts) {
        if (!a.demo)
            m_accounts << a;
    }
    m_table->setRowCount(int(m_accounts.size()));
    int selectRow = m_accounts.isEmpty() ? -1 : 0;
    for (int row = 0; row < m_accounts.size(); ++row) {
        const Sync::AccountView &a = m_accounts.at(row);
        const auto set = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            if (column == 0)
                item->setData(Qt::UserRole, a.id);
            if (column >= 2)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        };
        set(0, a.label);
        set(1, stateText(a));
        m_table->item(row, 1)->setToolTip(a.status.message); // what to do, in words (the button's tooltip too)
        set(2, when(a.status.lastSyncAt));
        set(3, when(a.status.nextSyncAt));
        set(4, a.status.rateLimit > 0 ? tr("%1 of %2").arg(a.status.rateRemaining).arg(a.status.rateLimit) : QStringLiteral("—"));
        set(5, QString::number(a.undelivered));
        if (a.id == selected)
            selectRow = row;
    }
    if (selectRow >= 0)
        m_table->selectRow(selectRow);
    updateSelection();
}

void AccountsDialog::updateSelection()
{
    const qint64 id = selectedId();
    m_syncNow->setEnabled(id != 0 && !m_teamMode);
    m_remove->setEnabled(id != 0 && !m_teamMode);
    m_listening->setEnabled(id != 0 && !m_teamMode);
    if (m_accounts.isEmpty()) {
        m_detail->setText(tr("No platform account is connected yet. Connect one to bring its mentions, comments and "
                             "direct messages into the inbox."));
        showBudget(nullptr);
        return;
    }
    for (const auto &a : std::as_const(m_accounts)) {
        if (a.id != id)
            continue;
        QStringList listening = a.keywords;
        for (const QString &tag : a.hashtags)
            listening << QLatin1Char('#') + tag;
        QString text = SyncStatusButton::describe(a) + QLatin1Char('\n')
                       + (listening.isEmpty() ? tr("Listening for no words or hashtags (only mentions and messages).")
                                              : tr("Listening for: %1").arg(listening.join(QStringLiteral(", "))));
        if (!a.xListeningQuery.isEmpty())
            text += QLatin1Char('\n') + tr("X search query: %1").arg(a.xListeningQuery);
        if (a.xCost)
            text += QLatin1Char('\n') + xCostText(*a.xCost, a.xCurrency, a.xWantedDirectSecs);
        m_detail->setText(text);
        showBudget(&a);
        return;
    }
    showBudget(nullptr);
}

void AccountsDialog::showBudget(const Sync::AccountView *account)
{
    const bool x = account && account->xCost;
    m_budgetRow->setVisible(x);
    m_intervalsRow->setVisible(x);
    if (!x) {
        m_budgetFor = 0;
        m_intervalsError->hide();
        return;
    }
    // The stored budget and intervals, unless the person is typing new ones for this account.
    const bool sameAccount = account->id == m_budgetFor;
    if (!sameAccount || !m_budget->hasFocus())
        m_budget->setValue(account->xCost->budget);
    if (!sameAccount) {
        m_intervalsEdited = false;
        m_intervalsError->hide();
    }
    for (const auto &[box, secs] : {std::pair(m_pollMentions, account->xWantedPlan.mentions),
                                    std::pair(m_pollSearch, account->xWantedPlan.search),
                                    std::pair(m_pollDirect, account->xWantedPlan.direct)}) {
        if (!m_intervalsEdited) {
            const QSignalBlocker quiet(box);
            box->setValue(int(secs));
        }
        box->setEnabled(m_canSetBudget);
    }
    m_setIntervals->setEnabled(m_canSetBudget);
    m_setIntervals->setToolTip(m_canSetBudget ? tr("Each from %1 to %2 seconds (the sync's own pace and X's request limits); "
                                                   "0 turns one off.")
                                                    .arg(Sync::XPollLimits::kMinDirectSecs)
                                                    .arg(Sync::XPollLimits::kMaxSecs)
                                              : tr("Only a lead or an administrator can change how often X is polled."));
    m_budgetFor = account->id;
    m_budget->setSuffix(QLatin1Char(' ') + account->xCurrency);
    m_budget->setEnabled(m_canSetBudget);
    m_setBudget->setEnabled(m_canSetBudget);
    const QString why = m_canSetBudget ? tr("Polling slows to stay within it: direct messages are read less often, and "
                                            "keyword listening pauses when the traffic alone costs more.")
                                       : tr("Only a lead or an administrator can change the budget.");
    m_budget->setToolTip(why);
    m_setBudget->setToolTip(why);
}

void AccountsDialog::setIntervals()
{
    if (m_budgetFor == 0 || !m_canSetBudget)
        return;
    Sync::XPollPlan plan;
    plan.mentions = m_pollMentions->value();
    plan.search = m_pollSearch->value();
    plan.direct = m_pollDirect->value();
    // Checked here too, so the lead reads why at once (the sync checks again before storing).
    if (Core::Status s = Sync::checkXPollPlan(plan); !s) {
        m_intervalsError->setText(s.error().fullText());
        m_intervalsError->show();
        return;
    }
    m_intervalsError->hide();
    m_intervalsEdited = false; // the stored intervals come back with the new estimate
    m_sync->setXPollPlan(m_budgetFor, plan);
}

void AccountsDialog::setCanSetBudget(bool canSetBudget)
{
    m_canSetBudget = canSetBudget;
    updateSelection();
}

void AccountsDialog::setTeamMode(bool teamMode)
{
    m_teamMode = teamMode;
    if (!teamMode)
        return;
    for (QDialogButtonBox *box : findChildren<QDialogButtonBox *>()) {
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QDialogButtonBox::ActionRole)
                button->setEnabled(false);
        }
    }
    auto *note = new QLabel(tr("This is a team database: the team's sync service (careconsole-syncd) connects and syncs "
                               "the accounts, and keeps their sign-ins. To add or remove one, ask an administrator."),
                            this);
    note->setObjectName(QStringLiteral("accountsTeamNote"));
    note->setWordWrap(true);
    note->setTextFormat(Qt::PlainText);
    if (auto *box = qobject_cast<QVBoxLayout *>(layout()))
        box->insertWidget(0, note);
}

} // namespace Care::Gui
