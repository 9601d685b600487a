#include "gui/ConnectXDialog.h"

#include "gui/AccountConnectRequest.h"
#include "gui/CommaList.h"
#include "sync/SyncService.h"
#include "sync/XAccountSetup.h"
#include "sync/XConnector.h"
#include "sync/XSignIn.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Care::Gui {

ConnectXDialog::ConnectXDialog(Sync::SyncService *sync, QWidget *parent)
    : QDialog(parent)
    , m_sync(sync)
    , m_clientId(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_keywords(new QLineEdit(this))
    , m_budget(new QDoubleSpinBox(this))
    , m_query(new QLabel(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect an X account"));
    setObjectName(QStringLiteral("connectXDialog"));
    const Sync::XSignInOptions defaults;
    m_authBase = defaults.authBase;
    m_apiBase = defaults.apiBase;
    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_port->setObjectName(QStringLiteral("callbackPort"));
    m_port->setRange(1024, 65535);
    m_port->setValue(defaults.port);
    m_keywords->setObjectName(QStringLiteral("keywords"));
    m_keywords->setPlaceholderText(tr("e.g. Acme, Acme kettle"));
    m_budget->setObjectName(QStringLiteral("budget"));
    m_budget->setRange(0, 100000);
    m_budget->setDecimals(2);
    m_budget->setSpecialValueText(tr("no budget"));
    m_budget->setSuffix(QStringLiteral(" USD"));
    m_query->setObjectName(QStringLiteral("listeningQuery"));
    m_query->setTextFormat(Qt::PlainText);
    m_query->setWordWrap(true);
    m_query->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse); // the address can be copied

    auto *intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("xIntro"));
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    const auto describePort = [this, intro] {
        intro->setText(tr("In the X developer console, the app must be a native app (public client) with OAuth 2.0 "
                          "on, and list %1 as a callback URL. Care Console keeps the tokens in the system keychain; "
                          "X bills every post and message it reads, so set a budget: polling slows down to keep it.")
                           .arg(Sync::XSignIn::redirectUri(quint16(m_port->value()))));
    };
    describePort();
    connect(m_port, &QSpinBox::valueChanged, this, describePort);
    connect(m_keywords, &QLineEdit::textChanged, this, &ConnectXDialog::updateQuery);

    auto *form = new QFormLayout;
    form->addRow(tr("OAuth 2.0 &client id:"), m_clientId);
    form->addRow(tr("Callback &port:"), m_port);
    form->addRow(tr("Listen for &brand terms:"), m_keywords);
    form->addRow(tr("Search query:"), m_query);
    form->addRow(tr("Monthly &budget:"), m_budget);
    m_signIn = m_buttons->addButton(tr("Sign in with the &browser…"), QDialogButtonBox::ActionRole);
    m_signIn->setObjectName(QStringLiteral("signInWithBrowser"));
    connect(m_signIn, &QPushButton::clicked, this, &ConnectXDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_sync, &Sync::SyncService::openUrlRequested, this, [this](const QUrl &url) {
        if (m_request->isWaiting()) { // only while this dialog's sign-in runs
            QDesktopServices::openUrl(url);
            m_message->setText(tr("Allow Care Console on X in the browser, then come back here. If no browser opened, "
                                  "open this address:\n%1")
                                   .arg(url.toString(QUrl::FullyEncoded)));
        }
    });

    m_request = new AccountConnectRequest(m_sync, this, [this](bool busy, const QString &message) { setBusy(busy, message); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    updateQuery();
    resize(560, sizeHint().height());
}

void ConnectXDialog::setServersForTesting(const QUrl &authBase, const QUrl &apiBase)
{
    m_authBase = authBase;
    m_apiBase = apiBase;
}

void ConnectXDialog::updateQuery()
{
    const QStringList terms = commaSeparated(m_keywords->text());
    if (terms.isEmpty()) {
        m_query->setText(tr("No keyword listening (mentions and direct messages only)."));
        return;
    }
    // BRAND stands for the account's own name, known after the sign-in.
    auto query = Sync::XConnector::searchQuery(terms, QStringLiteral("BRAND"));
    m_query->setText(query ? query.value() : query.error().message);
}

void ConnectXDialog::signIn()
{
    Sync::XSignInOptions signIn;
    signIn.clientId = m_clientId->text().trimmed();
    signIn.port = quint16(m_port->value());
    signIn.authBase = m_authBase;
    signIn.apiBase = m_apiBase;
    if (signIn.clientId.isEmpty()) {
        m_message->setText(tr("Give the X app's OAuth 2.0 client id first (X developer console → the app → Keys and "
                              "tokens)."));
        return;
    }
    Sync::XAccountOptions options;
    options.apiBase = m_apiBase;
    options.keywords = commaSeparated(m_keywords->text());
    options.monthlyBudget = m_budget->value();
    if (!options.keywords.isEmpty()) {
        if (auto query = Sync::XConnector::searchQuery(options.keywords, QStringLiteral("BRAND")); !query) {
            m_message->setText(query.error().fullText());
            return;
        }
    }
    m_request->start(tr("Preparing the sign-in with X…"));
    m_sync->signInX(signIn, options);
}

void ConnectXDialog::setBusy(bool busy, const QString &message)
{
    m_message->setText(message);
    m_signIn->setEnabled(!busy);
    m_clientId->setEnabled(!busy);
    m_port->setEnabled(!busy);
    m_keywords->setEnabled(!busy);
    m_budget->setEnabled(!busy);
}

} // namespace Care::Gui
