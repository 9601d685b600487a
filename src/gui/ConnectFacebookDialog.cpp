#include "gui/ConnectFacebookDialog.h"

#include "gui/AccountConnectRequest.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/SyncService.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

namespace Care::Gui {

ConnectFacebookDialog::ConnectFacebookDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_pageId(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_messenger(new QCheckBox(tr("Read and answer &Messenger conversations (needs pages_messaging)"), this))
    , m_humanAgent(new QCheckBox(tr("Meta has approved this Page for the &human agent tag"), this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect a Facebook Page"));
    setObjectName(QStringLiteral("connectFacebookDialog"));
    m_pageId->setObjectName(QStringLiteral("pageId"));
    m_pageId->setPlaceholderText(tr("e.g. 104233445566"));
    m_pageId->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\s*\\d{0,25}\\s*")), m_pageId));
    m_token->setObjectName(QStringLiteral("pageToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Paste the Page access token"));
    m_messenger->setObjectName(QStringLiteral("messenger"));
    m_messenger->setChecked(true);
    m_humanAgent->setObjectName(QStringLiteral("humanAgentTag"));
    m_humanAgent->setToolTip(tr("With the human agent tag, agents may answer a Messenger conversation for 7 days after "
                                "the customer's last message instead of 24 hours. Tick it only if Meta approved the "
                                "Page's app for it."));
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *intro = new QLabel(tr("Care Console works as the Page with a Page access token made by an administrator of "
                                "the Page: a long-lived Page token, or one made for a system user in Meta Business "
                                "Suite. It needs the permissions pages_read_engagement, pages_read_user_content, "
                                "pages_manage_engagement and, for Messenger, pages_messaging. The token is checked "
                                "with Facebook before anything is kept, and kept in the system keychain."),
                             this);
    intro->setObjectName(QStringLiteral("facebookIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Page ID:"), m_pageId);
    form->addRow(tr("Page access &token:"), m_token);
    form->addRow(QString(), m_messenger);
    form->addRow(QString(), m_humanAgent);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("connectPage"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectFacebookDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_messenger, &QCheckBox::toggled, m_humanAgent, &QWidget::setEnabled);

    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    AccountConnectRequest::layOut(this, intro, form, m_message, m_buttons);
    // Room for the wrapped intro and a refusal that names several permissions (a top-level
    // window's layout does not grow for a label's height-for-width by itself).
    setMinimumSize(560, 400);
    resize(620, 440);
}

void ConnectFacebookDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    for (QWidget *w : std::initializer_list<QWidget *>{m_pageId, m_token, m_messenger})
        w->setEnabled(!busy);
    m_humanAgent->setEnabled(!busy && m_messenger->isChecked());
}

void ConnectFacebookDialog::submit()
{
    const QString pageId = m_pageId->text().trimmed();
    const QString token = m_token->text().trimmed();
    if (pageId.size() < 5) {
        m_message->setText(tr("Give the Page's numeric ID: in Meta Business Suite under Settings, or on the Page under "
                              "About → Page transparency."));
        return;
    }
    if (token.isEmpty() || token.contains(QLatin1Char(' '))) {
        m_message->setText(tr("Paste the whole Page access token (one long word, no spaces)."));
        return;
    }
    Sync::FacebookPageConnect input;
    input.pageId = pageId;
    input.token = token;
    input.graphBase = m_graphBase;
    input.messenger = m_messenger->isChecked();
    input.humanAgentTag = input.messenger && m_humanAgent->isChecked();
    m_request->start(tr("Checking the token with Facebook…"));
    m_sync->connectFacebook(input);
}

} // namespace Care::Gui
