#include "gui/PolicySidebar.h"

#include "core/PolicyMatcher.h"
#include "gui/PolicyEditorDialog.h"
#include "store/CannedReplyRepository.h"
#include "store/ConversationRepository.h"
#include "store/PolicyRepository.h"
#include "store/Store.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

enum ItemRole { PolicyIndexRole = Qt::UserRole + 1 };

struct SidebarData
{
    QList<Core::PolicyDocument> policies;
    QList<Core::CannedReply> replies;
};

struct ConversationWords
{
    QStringList tags;
    QString text;
};

QListWidgetItem *headerItem(const QString &text, QListWidget *list)
{
    auto *item = new QListWidgetItem(text, list);
    item->setFlags(Qt::NoItemFlags);
    QFont font = item->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    item->setFont(font);
    item->setForeground(QColor(0x55, 0x55, 0x55));
    return item;
}

} // namespace

PolicySidebar::PolicySidebar(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_search(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_policyList(new QListWidget(this))
    , m_replyList(new QListWidget(this))
    , m_text(new QTextBrowser(this))
    , m_quote(new QPushButton(tr("Quote into reply"), this))
    , m_edit(new QPushButton(tr("Edit…"), this))
    , m_insert(new QPushButton(tr("Insert reply"), this))
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
    m_quote->setObjectName(QStringLiteral("policyQuote"));
    m_quote->setToolTip(tr("Adds the selected passage (or the whole text) to the reply you are writing"));
    m_edit->setObjectName(QStringLiteral("policyEdit"));
    m_insert->setObjectName(QStringLiteral("cannedInsert"));
    m_tabs->addTab(m_policyList, tr("Policies"));
    m_tabs->addTab(m_replyList, tr("Approved replies"));

    auto *textPane = new QWidget(this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_quote);
    buttons->addWidget(m_insert);
    buttons->addStretch(1);
    buttons->addWidget(m_edit);
    auto *textLayout = new QVBoxLayout(textPane);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->addWidget(m_text, 1);
    textLayout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tabs);
    split->addWidget(textPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(split, 1);

    connect(m_search, &QLineEdit::textChanged, this, &PolicySidebar::applySearch);
    connect(m_policyList, &QListWidget::currentItemChanged, this, &PolicySidebar::showItem);
    connect(m_replyList, &QListWidget::currentRowChanged, this, &PolicySidebar::showReply);
    connect(m_replyList, &QListWidget::itemActivated, this, &PolicySidebar::insertSelectedReply);
    connect(m_quote, &QPushButton::clicked, this, &PolicySidebar::quoteIntoReply);
    connect(m_insert, &QPushButton::clicked, this, &PolicySidebar::insertSelectedReply);
    connect(m_edit, &QPushButton::clicked, this, &PolicySidebar::editSelectedPolicy);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        m_quote->setVisible(tab == 0);
        m_edit->setVisible(tab == 0 && m_canEdit);
        m_insert->setVisible(tab == 1);
        if (tab == 0)
            showItem(m_policyList->currentItem());
        else
            showReply(m_replyList->currentRow());
    });
    m_insert->hide();
}

void PolicySidebar::setAgent(const QString &agentId, bool canEdit)
{
    m_agentId = agentId;
    m_canEdit = canEdit;
    m_edit->setVisible(m_tabs->currentIndex() == 0 && canEdit);
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
            if (!data) {
                emit statusMessage(data.error().fullText());
                return;
            }
            m_policies = data->policies;
            m_replies = data->replies;
            m_suggested.clear();
            rebuildList();
            m_replyList->clear();
            for (const auto &reply : std::as_const(m_replies))
                m_replyList->addItem(reply.title + QStringLiteral("   /") + reply.shortcode);
            applySearch();
        });
}

void PolicySidebar::suggestFor(qint64 conversationId)
{
    const quint64 request = ++m_suggestRequest;
    m_store->run(
        this,
        [conversationId](Store::Database &db) -> Core::Result<ConversationWords> {
            auto row = Store::ConversationRepository(db).row(conversationId);
            if (!row)
                return row.error();
            return ConversationWords{row->tags, row->preview};
        },
        [this, request](Core::Result<ConversationWords> words) {
            if (request != m_suggestRequest || !words)
                return;
            m_suggested.clear();
            for (const auto &suggestion : Core::suggestPolicies(m_policies, words->tags, words->text))
                m_suggested << suggestion.index;
            rebuildList();
            applySearch();
        });
}

QStringList PolicySidebar::suggestedTitles() const
{
    QStringList titles;
    for (int index : m_suggested)
        titles << m_policies.at(index).title;
    return titles;
}

int PolicySidebar::seenVersion(const QString &slug) const
{
    return QSettings().value(QStringLiteral("policies/seen/") + slug, 0).toInt();
}

bool PolicySidebar::isMarkedUpdated(const QString &slug) const
{
    for (const auto &policy : m_policies) {
        if (policy.slug == slug)
            return policy.version > 1 && seenVersion(slug) < policy.version;
    }
    return false;
}

void PolicySidebar::markSeen(const Core::PolicyDocument &policy)
{
    QSettings().setValue(QStringLiteral("policies/seen/") + policy.slug, policy.version);
}

void PolicySidebar::rebuildList()
{
    const QSignalBlocker blocker(m_policyList);
    m_policyList->clear();
    const auto addPolicy = [this](int index) {
        const auto &policy = m_policies.at(index);
        // A version the agent has not read yet is marked, so changed rules are noticed.
        const bool updated = policy.version > 1 && seenVersion(policy.slug) < policy.version;
        auto *item = new QListWidgetItem(updated ? tr("%1 — updated").arg(policy.title) : policy.title, m_policyList);
        item->setData(PolicyIndexRole, index);
        if (updated) {
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
        }
        return item;
    };
    QListWidgetItem *first = nullptr;
    if (!m_suggested.isEmpty()) {
        headerItem(tr("Suggested for this conversation"), m_policyList);
        for (int index : std::as_const(m_suggested)) {
            QListWidgetItem *item = addPolicy(index);
            if (!first)
                first = item;
        }
        headerItem(tr("All policies"), m_policyList);
    }
    for (int i = 0; i < m_policies.size(); ++i) {
        QListWidgetItem *item = addPolicy(i);
        if (!first)
            first = item;
    }
    // Keep the policy the agent was reading; otherwise show the best suggestion.
    QListWidgetItem *current = first;
    for (int row = 0; row < m_policyList->count() && m_currentPolicy >= 0 && m_suggested.isEmpty(); ++row) {
        if (m_policyList->item(row)->data(PolicyIndexRole).toInt() == m_currentPolicy
            && (m_policyList->item(row)->flags() & Qt::ItemIsEnabled)) {
            current = m_policyList->item(row);
            break;
        }
    }
    if (current) {
        m_policyList->setCurrentItem(current);
        showItem(current);
    }
}

void PolicySidebar::applySearch()
{
    const QString needle = m_search->text().trimmed();
    for (int i = 0; i < m_policyList->count(); ++i) {
        QListWidgetItem *item = m_policyList->item(i);
        if (!(item->flags() & Qt::ItemIsEnabled)) {
            item->setHidden(!needle.isEmpty());
            continue;
        }
        const auto &p = m_policies.at(item->data(PolicyIndexRole).toInt());
        const bool match = needle.isEmpty() || p.title.contains(needle, Qt::CaseInsensitive)
                           || p.body.contains(needle, Qt::CaseInsensitive)
                           || p.tags.join(QLatin1Char(' ')).contains(needle, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
    for (int i = 0; i < m_replyList->count(); ++i) {
        const auto &r = m_replies.at(i);
        const bool match = needle.isEmpty() || r.title.contains(needle, Qt::CaseInsensitive)
                           || r.body.contains(needle, Qt::CaseInsensitive)
                           || r.shortcode.contains(needle, Qt::CaseInsensitive);
        m_replyList->item(i)->setHidden(!match);
    }
}

void PolicySidebar::showItem(QListWidgetItem *item)
{
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return;
    m_currentPolicy = item->data(PolicyIndexRole).toInt();
    const auto &policy = m_policies.at(m_currentPolicy);
    // Policies are the company's own Markdown; remote resources are never fetched by QTextBrowser.
    m_text->setMarkdown(QStringLiteral("# ") + policy.title + QStringLiteral("\n\n") + policy.body);
    m_text->setToolTip(tr("Version %1, updated %2 by %3")
                           .arg(policy.version)
                           .arg(QLocale().toString(policy.updatedAt.toLocalTime(), QLocale::ShortFormat),
                                policy.updatedBy));
    if (seenVersion(policy.slug) < policy.version) {
        markSeen(policy);
        item->setText(policy.title);
        QFont font = item->font();
        font.setBold(false);
        item->setFont(font);
    }
}

void PolicySidebar::showReply(int row)
{
    if (row < 0 || row >= m_replies.size())
        return;
    const auto &reply = m_replies.at(row);
    m_text->setPlainText(reply.title + QStringLiteral("\n/") + reply.shortcode + QStringLiteral("\n\n") + reply.body);
}

void PolicySidebar::quoteIntoReply()
{
    QString text = m_text->textCursor().selectedText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    if (text.trimmed().isEmpty() && m_currentPolicy >= 0)
        text = m_text->toPlainText().section(QLatin1Char('\n'), 1).trimmed();
    if (!text.trimmed().isEmpty())
        emit quoteRequested(text.trimmed());
}

void PolicySidebar::insertSelectedReply()
{
    const int row = m_replyList->currentRow();
    if (row >= 0 && row < m_replies.size())
        emit cannedReplyRequested(m_replies.at(row));
}

void PolicySidebar::editSelectedPolicy()
{
    if (m_currentPolicy < 0 || !m_canEdit)
        return;
    auto *dialog = new PolicyEditorDialog(m_policies.at(m_currentPolicy), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Core::PolicyDocument edited = dialog->policy();
        const QString editor = m_agentId;
        m_store->run(
            this, [edited, editor](Store::Database &db) { return Store::PolicyRepository(db).save(edited, editor); },
            [this, title = edited.title, slug = edited.slug](Core::Result<int> version) {
                emit statusMessage(version ? tr("Saved “%1”, version %2.").arg(title).arg(version.value())
                                           : version.error().fullText());
                if (version) {
                    // The editor has read what they wrote; colleagues see the "updated" mark.
                    QSettings().setValue(QStringLiteral("policies/seen/") + slug, version.value());
                    m_store->notifyChanged();
                    reload();
                }
            });
    });
    dialog->open();
}

} // namespace Care::Gui
