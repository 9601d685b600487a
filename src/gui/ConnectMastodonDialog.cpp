#include "gui/ConnectMastodonDialog.h"

#include "gui/AccountConnectRequest.h"
#include "gui/CommaList.h"
#include "sync/SyncService.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Care::Gui {

ConnectMastodonDialog::ConnectMastodonDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_instance(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_keywords(new QLineEdit(this))
    , m_hashtags(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect a Mastodon account"));
    setObjectName(QStringLiteral("connectMastodonDialog"));
    m_instance->setObjectName(QStringLiteral("instance"));
    m_instance->setPlaceholderText(QStringLiteral("https://social.example"));
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_keywords->setObjectName(QStringLiteral("keywords"));
    m_keywords->setPlaceholderText(tr("e.g. Acme, Acme kettle"));
    m_hashtags->setObjectName(QStringLiteral("hashtags"));
    m_hashtags->setPlaceholderText(tr("e.g. acmehelp"));
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse); // the address can be copied

    auto *intro = new QLabel(tr("Sign in with the browser: you allow Care Console on the brand's account and the "
                                "console receives its token. Or, on the brand's account, open Preferences → "
                                "Development → New application, allow read and write, and paste “Your access token” "
                                "below. Either way the token is kept in the system keychain."),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout;
    form->addRow(tr("&Instance:"), m_instance);
    form->addRow(tr("Access &token:"), m_token);
    form->addRow(tr("Listen for &words:"), m_keywords);
    form->addRow(tr("Listen for &hashtags:"), m_hashtags);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect with token"));
    m_browser = m_buttons->addButton(tr("Sign in with the &browser…"), QDialogButtonBox::ActionRole);
    m_browser->setObjectName(QStringLiteral("signInWithBrowser"));
    connect(m_browser, &QPushButton::clicked, this, &ConnectMastodonDialog::signInWithBrowser);
    connect(m_sync, &Sync::SyncService::openUrlRequested, this, [this](const QUrl &url) {
        QDesktopServices::openUrl(url);
        m_message->setText(tr("Allow Care Console on %1 in the browser, then come back here. If no browser opened, "
                              "open this address:\n%2")
                               .arg(url.host(), url.toString(QUrl::FullyEncoded)));
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectMastodonDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        m_sync->cancelSignIn();
        reject();
    });

    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(520, sizeHint().height());
}

void ConnectMastodonDialog::signInWithBrowser()
{
    const QString instance = m_instance->text().trimmed();
    if (instance.isEmpty()) {
        m_message->setText(tr("Give the instance's address first, e.g. https://social.example."));
        return;
    }
    m_request->start(tr("Preparing the sign-in with %1…").arg(QUrl::fromUserInput(instance).host()));
    m_sync->signInMastodon(instance, commaSeparated(m_keywords->text()), commaSeparated(m_hashtags->text()));
}

void ConnectMastodonDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_browser->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_instance->setEnabled(!busy);
    m_token->setEnabled(!busy);
}

void ConnectMastodonDialog::submit()
{
    const QString instance = m_instance->text().trimmed();
    if (instance.isEmpty() || m_token->text().trimmed().isEmpty()) {
        m_message->setText(tr("Both the instance and the access token are needed."));
        return;
    }
    m_request->start(tr("Checking the token with %1…").arg(QUrl::fromUserInput(instance).host()));
    m_sync->connectMastodon(instance, m_token->text(), commaSeparated(m_keywords->text()), commaSeparated(m_hashtags->text()));
}

} // namespace Care::Gui
