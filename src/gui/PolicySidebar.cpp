#include "gui/PolicySidebar.h"

#include "store/CannedReplyRepository.h"
#include "store/PolicyRepository.h"
#include "store/Store.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

struct SidebarData
{
    QList<Core::PolicyDocument> policies;
    QList<Core::CannedReply> replies;
};

} // namespace

PolicySidebar::PolicySidebar(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_search(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_policyList(new QListWidget(this))
    , m_replyList(new QListWidget(this))
    , m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("policySidebar"));
    m_search->setObjectName(QStringLiteral("policySearch"));
    m_search->setPlaceholderText(tr("Search policies and replies"));
    m_search->setClearButtonEnabled(true);
    m_policyList->setObjectName(QStringLiteral("policyList"));
    m_replyList->setObjectName(QStringLiteral("cannedReplyList"));
    m_text->setObjectName(QStringLiteral("policyText"));
    m_text->setOpenExternalLinks(false);
    m_text->setOpenLinks(false);
    m_tabs->addTab(m_policyList, tr("Policies"));
    m_tabs->addTab(m_replyList, tr("Approved replies"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tabs);
    split->addWidget(m_text);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(split, 1);

    connect(m_search, &QLineEdit::textChanged, this, &PolicySidebar::applySearch);
    connect(m_policyList, &QListWidget::currentRowChanged, this, &PolicySidebar::showPolicy);
    connect(m_replyList, &QListWidget::currentRowChanged, this, &PolicySidebar::showReply);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 0)
            showPolicy(m_policyList->currentRow());
        else
            showReply(m_replyList->currentRow());
    });
}

void PolicySidebar::reload()
{
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<SidebarData> {
            auto policies = Store::PolicyRepository(db).list();
            if (!policies)
                return policies.error();
            auto replies = Store::CannedReplyRepository(db).list();
            if (!replies)
                return replies.error();
            return SidebarData{policies.value(), replies.value()};
        },
        [this](Core::Result<SidebarData> data) {
            if (!data)
                return;
            m_policies = data->policies;
            m_replies = data->replies;
            m_policyList->clear();
            for (const auto &policy : std::as_const(m_policies))
                m_policyList->addItem(policy.title);
            m_replyList->clear();
            for (const auto &reply : std::as_const(m_replies))
                m_replyList->addItem(reply.title + QStringLiteral("  /") + reply.shortcode);
            applySearch();
            if (m_policyList->count() > 0 && m_policyList->currentRow() < 0)
                m_policyList->setCurrentRow(0);
        });
}

void PolicySidebar::applySearch()
{
    const QString needle = m_search->text().trimmed();
    for (int i = 0; i < m_policyList->count(); ++i) {
        const auto &p = m_policies.at(i);
        const bool match = needle.isEmpty() || p.title.contains(needle, Qt::CaseInsensitive)
                           || p.body.contains(needle, Qt::CaseInsensitive)
                           || p.tags.join(QLatin1Char(' ')).contains(needle, Qt::CaseInsensitive);
        m_policyList->item(i)->setHidden(!match);
    }
    for (int i = 0; i < m_replyList->count(); ++i) {
        const auto &r = m_replies.at(i);
        const bool match = needle.isEmpty() || r.title.contains(needle, Qt::CaseInsensitive)
                           || r.body.contains(needle, Qt::CaseInsensitive)
                           || r.shortcode.contains(needle, Qt::CaseInsensitive);
        m_replyList->item(i)->setHidden(!match);
    }
}

void PolicySidebar::showPolicy(int row)
{
    if (row < 0 || row >= m_policies.size())
        return;
    const auto &policy = m_policies.at(row);
    // Policies are the company's own Markdown; remote resources are never fetched by QTextBrowser.
    m_text->setMarkdown(QStringLiteral("# ") + policy.title + QStringLiteral("\n\n") + policy.body);
    m_text->setToolTip(tr("Version %1, updated %2 by %3")
                           .arg(policy.version)
                           .arg(QLocale().toString(policy.updatedAt.toLocalTime(), QLocale::ShortFormat), policy.updatedBy));
}

void PolicySidebar::showReply(int row)
{
    if (row < 0 || row >= m_replies.size())
        return;
    const auto &reply = m_replies.at(row);
    m_text->setPlainText(reply.title + QStringLiteral("\n/") + reply.shortcode + QStringLiteral("\n\n") + reply.body);
}

} // namespace Care::Gui
