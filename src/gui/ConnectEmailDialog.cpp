#include "gui/ConnectEmailDialog.h"

#include "gui/AccountConnectRequest.h"
#include "sync/CurlTransfer.h"
#include "sync/EmailAccountSetup.h"
#include "sync/SyncService.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Care::Gui {

namespace {

bool onThisComputer(const QString &url)
{
    Sync::MailServer server;
    server.url = QUrl(url.trimmed());
    return !server.url.host().isEmpty() && server.isLoopback();
}

} // namespace

ConnectEmailDialog::ConnectEmailDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_imap(new QLineEdit(this))
    , m_smtp(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_address(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_allowPlain(new QCheckBox(tr("Allow plain text without TLS (a test server on this computer)"), this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect a support mailbox"));
    setObjectName(QStringLiteral("connectEmailDialog"));
    auto *intro = new QLabel(tr("Customers' e-mails come in from the mailbox over IMAP; answers and transcripts go out "
                                "over SMTP. Both servers are asked to accept the login before anything is kept; the "
                                "password goes to the system keychain. Mail is never deleted or moved."),
                             this);
    intro->setObjectName(QStringLiteral("emailIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    m_imap->setObjectName(QStringLiteral("emailImap"));
    m_imap->setPlaceholderText(tr("imaps://mail.example.com"));
    m_imap->setToolTip(tr("imaps:// is encrypted from the start; imap:// is upgraded with STARTTLS."));
    m_smtp->setObjectName(QStringLiteral("emailSmtp"));
    m_smtp->setPlaceholderText(tr("smtp://mail.example.com:587"));
    m_smtp->setToolTip(tr("smtps:// (port 465) is encrypted from the start; smtp:// (port 587) is upgraded with STARTTLS."));
    m_user->setObjectName(QStringLiteral("emailUser"));
    m_user->setPlaceholderText(tr("support@example.com"));
    m_password->setObjectName(QStringLiteral("emailPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_address->setObjectName(QStringLiteral("emailAddress"));
    m_address->setPlaceholderText(tr("the user name, when it is an address"));
    m_name->setObjectName(QStringLiteral("emailName"));
    m_name->setPlaceholderText(tr("e.g. Acme Support"));
    m_allowPlain->setObjectName(QStringLiteral("emailAllowPlain"));
    m_allowPlain->setToolTip(tr("Only for a server on this computer: the password would otherwise cross the network "
                                "unencrypted."));
    m_message->setObjectName(QStringLiteral("emailMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&IMAP server:"), m_imap);
    form->addRow(tr("&SMTP server:"), m_smtp);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("Shown &name:"), m_name);
    form->addRow(QString(), m_allowPlain);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("connectEmail"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectEmailDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_imap, &QLineEdit::textChanged, this, &ConnectEmailDialog::updatePlainOffer);
    connect(m_smtp, &QLineEdit::textChanged, this, &ConnectEmailDialog::updatePlainOffer);
    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    AccountConnectRequest::layOut(this, intro, form, m_message, m_buttons);
    updatePlainOffer();
    resize(560, sizeHint().height());
}

void ConnectEmailDialog::updatePlainOffer()
{
    const bool local = onThisComputer(m_imap->text()) && onThisComputer(m_smtp->text());
    m_allowPlain->setVisible(local);
    if (!local)
        m_allowPlain->setChecked(false);
}

void ConnectEmailDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    for (QWidget *w : std::initializer_list<QWidget *>{m_imap, m_smtp, m_user, m_password, m_address, m_name, m_allowPlain})
        w->setEnabled(!busy);
}

void ConnectEmailDialog::submit()
{
    if (m_imap->text().trimmed().isEmpty() || m_smtp->text().trimmed().isEmpty() || m_user->text().trimmed().isEmpty()
        || m_password->text().isEmpty()) {
        m_message->setText(tr("The IMAP and SMTP servers, the user name and the password are needed."));
        return;
    }
    Sync::EmailSignIn signIn;
    signIn.imapUrl = m_imap->text().trimmed();
    signIn.smtpUrl = m_smtp->text().trimmed();
    signIn.user = m_user->text().trimmed();
    signIn.password = m_password->text();
    signIn.address = m_address->text().trimmed();
    signIn.displayName = m_name->text().trimmed();
    signIn.allowPlain = m_allowPlain->isVisible() && m_allowPlain->isChecked();
    const QString imapHost = QUrl(signIn.imapUrl).host();
    const QString smtpHost = QUrl(signIn.smtpUrl).host();
    m_request->start(imapHost == smtpHost ? tr("Signing in to %1…").arg(imapHost)
                                          : tr("Signing in to %1 and %2…").arg(imapHost, smtpHost));
    m_sync->connectEmail(signIn);
}

} // namespace Care::Gui
