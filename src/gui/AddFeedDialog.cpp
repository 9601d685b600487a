#include "gui/AddFeedDialog.h"

#include "gui/AccountConnectRequest.h"
#include "sync/FeedAccountSetup.h"
#include "sync/SyncService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace Care::Gui {

QStringList AddFeedDialog::splitTerms(const QString &text)
{
    QStringList terms;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString term = part.simplified();
        if (!term.isEmpty() && !terms.contains(term, Qt::CaseInsensitive))
            terms << term;
    }
    return terms;
}

AddFeedDialog::AddFeedDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_url(new QLineEdit(this))
    , m_terms(new QLineEdit(this))
    , m_interval(new QSpinBox(this))
    , m_history(new QSpinBox(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add a blog or news feed"));
    setObjectName(QStringLiteral("addFeedDialog"));
    m_url->setObjectName(QStringLiteral("feedUrl"));
    m_url->setPlaceholderText(tr("e.g. https://blog.example/feed"));
    m_terms->setObjectName(QStringLiteral("feedTerms"));
    m_terms->setPlaceholderText(tr("e.g. Acme, Acme kettle"));
    m_terms->setToolTip(tr("Articles that name one of these (any case, whole words) come into the inbox. Leave it "
                           "empty for a search feed, whose every item is about the brand already."));
    m_interval->setObjectName(QStringLiteral("feedInterval"));
    m_interval->setRange(5, 24 * 60);
    m_interval->setValue(15);
    m_interval->setSuffix(tr(" min"));
    m_interval->setToolTip(tr("How often the feed is read. Sites are asked only whether the feed changed, and never "
                              "more often than every 5 minutes."));
    m_history->setObjectName(QStringLiteral("feedHistory"));
    m_history->setRange(0, 365);
    m_history->setValue(Sync::FeedConnector::kDefaultHistoryDays);
    m_history->setSuffix(tr(" days"));
    m_history->setSpecialValueText(tr("new articles only"));
    m_history->setToolTip(tr("Articles the feed already holds are taken only when they were published this many days "
                             "before the feed is added; older ones never come into the inbox."));
    m_message->setObjectName(QStringLiteral("feedMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *intro = new QLabel(tr("People write about the brand on blogs and news sites without tagging it. Add the "
                                "site's RSS or Atom feed (or a news search's feed) and the words to look for: each "
                                "new article naming them becomes a conversation, with its link. Replies are not "
                                "posted there; contact the author another way or add a note."),
                             this);
    intro->setObjectName(QStringLiteral("feedIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("Feed &address:"), m_url);
    form->addRow(tr("Look for &words:"), m_terms);
    form->addRow(tr("Read &every:"), m_interval);
    form->addRow(tr("Take articles from the &last:"), m_history);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add feed"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("addFeed"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddFeedDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    AccountConnectRequest::layOut(this, intro, form, m_message, m_buttons);
    resize(540, sizeHint().height());
}

void AddFeedDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    for (QWidget *w : std::initializer_list<QWidget *>{m_url, m_terms, m_interval, m_history})
        w->setEnabled(!busy);
}

void AddFeedDialog::submit()
{
    auto url = Sync::feedUrl(m_url->text());
    if (!url) {
        m_message->setText(url.error().fullText());
        return;
    }
    Sync::FeedSubscription subscription;
    subscription.url = url->toString();
    subscription.terms = splitTerms(m_terms->text());
    subscription.intervalSeconds = m_interval->value() * 60;
    subscription.historyDays = m_history->value();
    m_request->start(tr("Reading %1…").arg(url->toString()));
    m_sync->addFeed(subscription);
}

} // namespace Care::Gui
