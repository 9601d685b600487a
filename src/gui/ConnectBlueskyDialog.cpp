#include "gui/ConnectBlueskyDialog.h"

#include "gui/AccountConnectRequest.h"
#include "sync/BlueskyAccountSetup.h"
#include "sync/SyncService.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>

namespace Care::Gui {

namespace {

const QString kDefaultService = QStringLiteral("https://bsky.social");

QString hostOf(const QString &service)
{
    const QString text = service.trimmed().isEmpty() ? kDefaultService : service.trimmed();
    return QUrl::fromUserInput(text).host();
}

bool isLoopback(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") || host == QLatin1String("::1");
}

} // namespace

bool ConnectBlueskyDialog::looksLikeAppPassword(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$"),
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(text.trimmed()).hasMatch();
}

ConnectBlueskyDialog::ConnectBlueskyDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_handle(new QLineEdit(this))
    , m_appPassword(new QLineEdit(this))
    , m_service(new QLineEdit(kDefaultService, this))
    , m_keywords(new QLineEdit(this))
    , m_markSeen(new QCheckBox(tr("Mark notifications as &read on Bluesky after each sync"), this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect a Bluesky account"));
    setObjectName(QStringLiteral("connectBlueskyDialog"));
    m_handle->setObjectName(QStringLiteral("handle"));
    m_handle->setPlaceholderText(tr("e.g. acme.bsky.social"));
    m_appPassword->setObjectName(QStringLiteral("appPassword"));
    m_appPassword->setEchoMode(QLineEdit::Password);
    m_appPassword->setPlaceholderText(QStringLiteral("xxxx-xxxx-xxxx-xxxx"));
    m_service->setObjectName(QStringLiteral("service"));
    m_service->setToolTip(tr("Where the account lives. Leave https://bsky.social for accounts on Bluesky's own "
                             "servers; give the address of a self-hosted server (PDS) otherwise."));
    m_keywords->setObjectName(QStringLiteral("keywords"));
    m_keywords->setPlaceholderText(tr("e.g. Acme, Acme kettle, #acmehelp"));
    m_markSeen->setObjectName(QStringLiteral("markSeen"));
    m_markSeen->setToolTip(tr("The brand's own Bluesky app shares this read state: leave it off if people there "
                              "rely on the unread count."));
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *intro = new QLabel(tr("Care Console signs in with an app password — never the account's main password. "
                                "Create one in Bluesky under Settings → Privacy and security → App passwords, and "
                                "tick “Allow access to your direct messages” so that private replies work. The app "
                                "password and the session are kept in the system keychain."),
                             this);
    intro->setObjectName(QStringLiteral("blueskyIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Handle:"), m_handle);
    form->addRow(tr("&App password:"), m_appPassword);
    form->addRow(tr("&Server:"), m_service);
    form->addRow(tr("Listen for &words:"), m_keywords);
    form->addRow(QString(), m_markSeen);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("signIn"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectBlueskyDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    AccountConnectRequest::layOut(this, intro, form, m_message, m_buttons);
    resize(540, sizeHint().height());
}

void ConnectBlueskyDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    for (QWidget *w : std::initializer_list<QWidget *>{m_handle, m_appPassword, m_service, m_keywords, m_markSeen})
        w->setEnabled(!busy);
}

void ConnectBlueskyDialog::submit()
{
    QString handle = m_handle->text().trimmed();
    if (handle.startsWith(QLatin1Char('@')))
        handle.remove(0, 1);
    if (handle.isEmpty() || m_appPassword->text().trimmed().isEmpty()) {
        m_message->setText(tr("Both the handle and an app password are needed."));
        return;
    }
    const QString host = hostOf(m_service->text());
    if (host.isEmpty()) {
        m_message->setText(tr("Give the server's address, e.g. https://bsky.social."));
        return;
    }
    if (!looksLikeAppPassword(m_appPassword->text()) && !isLoopback(host)) {
        m_message->setText(tr("That does not look like an app password (four groups of four letters or digits, like "
                              "abcd-efgh-ijkl-mnop). Never use the account's main password here: create an app "
                              "password in Bluesky's settings."));
        return;
    }
    Sync::BlueskySignIn signIn;
    signIn.service = m_service->text().trimmed();
    signIn.identifier = handle;
    signIn.appPassword = m_appPassword->text().trimmed();
    signIn.keywords = m_keywords->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    signIn.markSeen = m_markSeen->isChecked();
    m_request->start(tr("Signing in to %1 as %2…").arg(host, handle));
    m_sync->signInBluesky(signIn);
}

} // namespace Care::Gui
