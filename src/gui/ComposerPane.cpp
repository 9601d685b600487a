#include "gui/ComposerPane.h"

#include "core/LengthCheck.h"
#include "core/PersonalDataGuard.h"
#include "core/PlatformCapabilities.h"
#include "store/ConversationFactsQuery.h"
#include "core/ReplyLengthCounter.h"
#include "core/ReplyTemplate.h"
#include "core/Signature.h"
#include "store/AccountRepository.h"
#include "store/CannedReplyRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/PolicyRepository.h"
#include "store/ConversationActions.h"
#include "store/DraftRepository.h"
#include "store/EmailAnswerTarget.h"
#include "store/PresenceRepository.h"
#include "store/Store.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString modeId(ComposeMode mode)
{
    switch (mode) {
    case ComposeMode::Public: return QStringLiteral("public");
    case ComposeMode::Private: return QStringLiteral("private");
    case ComposeMode::Note: return QStringLiteral("note");
    case ComposeMode::Email: return QStringLiteral("email");
    }
    return {};
}

ComposeMode modeFromId(const QString &id)
{
    if (id == QLatin1String("private"))
        return ComposeMode::Private;
    if (id == QLatin1String("note"))
        return ComposeMode::Note;
    if (id == QLatin1String("email"))
        return ComposeMode::Email;
    return ComposeMode::Public;
}

} // namespace

ComposerPane::ComposerPane(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_mode(new QComboBox(this))
    , m_emailAccount(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
    , m_signature(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_noReplyActions(new QWidget(this))
    , m_warning(new QFrame(this))
    , m_warningText(new QLabel(m_warning))
    , m_sendPrivately(new QPushButton(tr("Send privately instead"), m_warning))
    , m_counter(new QLabel(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_undoBar(new QFrame(this))
    , m_undoText(new QLabel(m_undoBar))
    , m_undo(new QPushButton(tr("Undo"), m_undoBar))
    , m_draftTimer(new QTimer(this))
    , m_undoTimer(new QTimer(this))
    , m_undoTick(new QTimer(this))
{
    setObjectName(QStringLiteral("composerPane"));
    m_mode->setObjectName(QStringLiteral("composerMode"));
    m_mode->addItem(tr("Public reply"), modeId(ComposeMode::Public));
    m_mode->addItem(tr("Private message"), modeId(ComposeMode::Private));
    m_mode->addItem(tr("Internal note"), modeId(ComposeMode::Note));
    m_mode->addItem(tr("Answer by e-mail"), modeId(ComposeMode::Email));
    m_emailAccount->setObjectName(QStringLiteral("composerEmailAccount"));
    m_emailAccount->setToolTip(tr("The support mailbox the e-mail goes out from"));
    m_emailAccount->hide();
    m_editor->setObjectName(QStringLiteral("composerEditor"));
    m_editor->setTabChangesFocus(true);
    m_editor->setMinimumHeight(60);
    m_signature->setObjectName(QStringLiteral("composerSignature"));
    m_signature->setTextFormat(Qt::PlainText);
    m_notice->setObjectName(QStringLiteral("composerNotice"));
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("color: #555;"));
    m_notice->hide();
    m_noReplyActions->setObjectName(QStringLiteral("composerNoReplyActions"));
    auto *noteInstead = new QPushButton(tr("Add a &note"), m_noReplyActions);
    noteInstead->setObjectName(QStringLiteral("composerNoteInstead"));
    auto *contactAuthor = new QPushButton(tr("Contact the &author another way…"), m_noReplyActions);
    contactAuthor->setObjectName(QStringLiteral("composerContactAuthor"));
    contactAuthor->setToolTip(tr("Record how to reach the author (e-mail, phone) in their contact details."));
    auto *noReplyLayout = new QHBoxLayout(m_noReplyActions);
    noReplyLayout->setContentsMargins(0, 0, 0, 0);
    noReplyLayout->addWidget(noteInstead);
    noReplyLayout->addWidget(contactAuthor);
    noReplyLayout->addStretch(1);
    m_noReplyActions->hide();
    connect(noteInstead, &QPushButton::clicked, this, [this] { startComposing(ComposeMode::Note); });
    connect(contactAuthor, &QPushButton::clicked, this, &ComposerPane::contactDetailsRequested);
    m_warning->setObjectName(QStringLiteral("composerWarning"));
    m_warning->setStyleSheet(QStringLiteral("#composerWarning { background: #fff4ce; border: 1px solid #e0a800; "
                                            "border-radius: 4px; }"));
    m_warningText->setObjectName(QStringLiteral("composerWarningText"));
    m_warningText->setTextFormat(Qt::PlainText);
    m_warningText->setWordWrap(true);
    m_sendPrivately->setObjectName(QStringLiteral("composerSendPrivately"));
    auto *warningLayout = new QHBoxLayout(m_warning);
    warningLayout->setContentsMargins(8, 4, 8, 4);
    warningLayout->addWidget(m_warningText, 1);
    warningLayout->addWidget(m_sendPrivately, 0, Qt::AlignVCenter);
    m_warning->hide();
    connect(m_sendPrivately, &QPushButton::clicked, this, &ComposerPane::sendPrivatelyInstead);
    m_counter->setObjectName(QStringLiteral("composerCounter"));
    m_counter->setTextFormat(Qt::PlainText);
    m_send->setObjectName(QStringLiteral("composerSend"));
    m_send->setToolTip(tr("Send (Ctrl+Return)"));
    m_undoBar->setObjectName(QStringLiteral("composerUndoBar"));
    m_undoBar->setStyleSheet(QStringLiteral("#composerUndoBar { background: #e8f1fb; border-radius: 4px; }"));
    m_undoText->setObjectName(QStringLiteral("composerUndoText"));
    m_undo->setObjectName(QStringLiteral("composerUndo"));
    auto *undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(8, 4, 8, 4);
    undoLayout->addWidget(m_undoText, 1);
    undoLayout->addWidget(m_undo);
    m_undoBar->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_mode);
    top->addWidget(m_emailAccount);
    top->addStretch(1);
    top->addWidget(m_counter);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_signature, 1);
    bottom->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_notice);
    layout->addWidget(m_noReplyActions);
    layout->addWidget(m_warning);
    layout->addWidget(m_editor, 1);
    layout->addLayout(bottom);
    layout->addWidget(m_undoBar);

    m_draftTimer->setSingleShot(true);
    m_draftTimer->setInterval(500);
    connect(m_draftTimer, &QTimer::timeout, this, &ComposerPane::saveDraftNow);
    m_editor->installEventFilter(this);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        m_warning->hide();
        updateState();
        if (m_loading)
            return;
        m_draftTimer->start();
        if (!m_draftStartedAt.isValid() && !m_editor->toPlainText().trimmed().isEmpty())
            m_draftStartedAt = QDateTime::currentDateTimeUtc();
        emit edited();
    });
    connect(m_mode, &QComboBox::activated, this, [this] { m_draftModeWaiting.clear(); }); // the agent chose
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        applyCapabilities(); // the e-mail notice and mailbox choice follow the mode
        updateState();
        if (!m_loading)
            m_draftTimer->start();
    });
    connect(m_send, &QPushButton::clicked, this, &ComposerPane::send);
    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_editor);
    sendShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(sendShortcut, &QShortcut::activated, this, &ComposerPane::send);
    auto *cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), m_editor);
    cancelShortcut->setContext(Qt::WidgetShortcut);
    connect(cancelShortcut, &QShortcut::activated, this, [this] { parentWidget()->setFocus(); });

    m_undoTimer->setSingleShot(true);
    connect(m_undoTimer, &QTimer::timeout, this, &ComposerPane::commitPending);
    connect(m_undo, &QPushButton::clicked, this, &ComposerPane::undoSend);
    m_undoTick->setInterval(250);
    connect(m_undoTick, &QTimer::timeout, this, [this] {
        const qint64 left = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(m_undoDeadline));
        m_undoText->setText(tr("Sending in %1 s …").arg((left + 999) / 1000));
    });
    updateState();
}

void ComposerPane::setAgent(const QString &agentId, const QString &agentName, const QString &signature)
{
    m_agentId = agentId;
    m_agentName = agentName;
    m_agentSignature = signature.isEmpty() ? agentName.section(QLatin1Char(' '), 0, 0) : signature;
    updateState();
}

void ComposerPane::setConversation(qint64 conversationId, Core::Platform platform)
{
    if (conversationId == m_conversationId)
        return;
    if (m_draftTimer->isActive()) {
        m_draftTimer->stop();
        saveDraftNow(); // the previous conversation's draft, before the editor changes
    }
    m_conversationId = conversationId;
    m_platform = platform;
    m_draftStartedAt = {};
    m_privateCheckActor.clear();
    m_privateRefusal.clear();
    m_context.emailAddress.clear(); // never the previous customer's address, until this one's arrives
    m_context.capabilities.reset(); // the previous conversation's no longer stand
    applyCapabilities();
    loadDraft();
    loadContext();
}

bool ComposerPane::modeAllowed(ComposeMode mode) const
{
    if (mode == ComposeMode::Email) // not the platform's: the customer's preferred contact
        return m_platform != Core::Platform::Email && !m_context.emailAddress.isEmpty();
    return mode == ComposeMode::Note || modeRefusal(mode).isEmpty();
}

QString ComposerPane::modeRefusal(ComposeMode mode) const
{
    if (mode == ComposeMode::Email)
        return modeAllowed(mode) ? QString()
                                 : tr("Offered when the customer prefers e-mail and their address is in the customer card.");
    // The conversation's capabilities (Core::ConversationCapabilities, read with the context);
    // before they arrive, the platform's general rules.
    if (!m_context.capabilities) {
        const auto platform = Core::PlatformCapabilities::of(m_platform);
        if (mode == ComposeMode::Public && !platform.publicReply)
            return tr("%1 does not allow that here.").arg(Core::platformDisplayName(m_platform));
        if (mode == ComposeMode::Private && !platform.privateMessage)
            return tr("%1 does not allow that here.").arg(Core::platformDisplayName(m_platform));
        return mode == ComposeMode::Private ? m_privateRefusal : QString();
    }
    switch (mode) {
    case ComposeMode::Public: return m_context.capabilities->publicReply.reason;
    case ComposeMode::Private:
        return m_context.capabilities->privateMessage ? m_privateRefusal : m_context.capabilities->privateMessage.reason;
    case ComposeMode::Note:
    case ComposeMode::Email: return {};
    }
    return {};
}

QString ComposerPane::emailNotice() const
{
    if (m_context.emailAccounts.isEmpty())
        return tr("No support mailbox is connected. An administrator adds one in File → Accounts… → Connect e-mail…, "
                  "then the answer can go by e-mail.");
    return tr("Goes by e-mail to %1, privately, with your signature; it shows here as sent by e-mail.")
        .arg(m_context.emailAddress);
}

void ComposerPane::applyEmailAccounts()
{
    const qint64 chosen = m_emailAccount->currentData().toLongLong();
    const QSignalBlocker blocker(m_emailAccount);
    m_emailAccount->clear();
    for (const auto &[id, name] : std::as_const(m_context.emailAccounts))
        m_emailAccount->addItem(name, id);
    m_emailAccount->setCurrentIndex(std::max(0, m_emailAccount->findData(chosen)));
}

void ComposerPane::applyCapabilities()
{
    // Offer only what the platform allows for this conversation.
    auto *model = qobject_cast<QStandardItemModel *>(m_mode->model());
    for (int i = 0; i < m_mode->count(); ++i) {
        const ComposeMode itemMode = modeFromId(m_mode->itemData(i).toString());
        model->item(i)->setEnabled(modeAllowed(itemMode));
        model->item(i)->setToolTip(modeRefusal(itemMode));
    }
    m_sendPrivately->setEnabled(modeAllowed(ComposeMode::Private));
    m_sendPrivately->setToolTip(modeRefusal(ComposeMode::Private));
    // Nothing can be sent here: say why and what to do instead (note it, or reach the author another
    // way). Only a public reply missing: say so where that is the platform's nature (e-mail).
    QString notice;
    const bool nothingPosted = !modeAllowed(ComposeMode::Public) && !modeAllowed(ComposeMode::Private);
    m_noReplyActions->setVisible(nothingPosted && m_context.capabilities.has_value());
    if (nothingPosted)
        notice = modeRefusal(ComposeMode::Private);
    else if (m_platform == Core::Platform::Email)
        notice = modeRefusal(ComposeMode::Public);
    if (!modeAllowed(mode())) {
        for (ComposeMode candidate : {ComposeMode::Public, ComposeMode::Private, ComposeMode::Email, ComposeMode::Note}) {
            if (modeAllowed(candidate)) {
                m_mode->setCurrentIndex(m_mode->findData(modeId(candidate)));
                break;
            }
        }
    }
    if (mode() == ComposeMode::Email)
        notice = emailNotice();
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());
    m_emailAccount->setVisible(mode() == ComposeMode::Email && m_context.emailAccounts.size() > 1);
}

void ComposerPane::startComposing(ComposeMode mode)
{
    if (!modeAllowed(mode)) {
        emit statusMessage(modeRefusal(mode));
        m_editor->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    m_mode->setCurrentIndex(m_mode->findData(modeId(mode)));
    m_editor->setFocus(Qt::ShortcutFocusReason);
}

ComposeMode ComposerPane::mode() const
{
    return modeFromId(m_mode->currentData().toString());
}

QString ComposerPane::text() const
{
    return m_editor->toPlainText();
}

void ComposerPane::setText(const QString &text)
{
    m_editor->setPlainText(text);
}

void ComposerPane::insertText(const QString &text)
{
    QTextCursor cursor = m_editor->textCursor();
    if (cursor.position() > 0 && !m_editor->toPlainText().at(cursor.position() - 1).isSpace())
        cursor.insertText(QStringLiteral(" "));
    cursor.insertText(text);
    m_editor->setTextCursor(cursor);
    m_editor->setFocus();
}

Core::Agent ComposerPane::agent() const
{
    return Core::Agent { m_agentId, m_agentName, m_agentSignature, {}, {} };
}

QString ComposerPane::signedText(const QString &body) const
{
    const QString trimmed = body.trimmed();
    if (mode() == ComposeMode::Note || m_agentSignature.isEmpty())
        return trimmed;
    auto signedReply = Core::Signature::forPlatform(mode() == ComposeMode::Email ? Core::Platform::Email : m_platform)
                           .apply(trimmed, agent());
    return signedReply ? signedReply.value() : trimmed;
}

void ComposerPane::loadContext()
{
    const quint64 request = ++m_contextRequest;
    const qint64 conversationId = m_conversationId;
    m_store->run(
        this,
        [conversationId](Store::Database &db) -> Core::Result<Context> {
            auto conversation = Store::ConversationRepository(db).get(conversationId);
            if (!conversation)
                return conversation.error();
            auto customer = Store::CustomerRepository(db).get(conversation->customerId);
            if (!customer)
                return customer.error();
            auto policies = Store::PolicyRepository(db).list();
            if (!policies)
                return policies.error();
            auto replies = Store::CannedReplyRepository(db).list();
            if (!replies)
                return replies.error();
            auto account = Store::AccountRepository(db).get(conversation->accountId);
            if (!account)
                return account.error();
            auto capabilities = Store::ConversationFactsQuery(db).capabilities(conversationId);
            if (!capabilities)
                return capabilities.error();
            Context loaded{customer.value(), policies.value(), replies.value(),
                           account->settings.value(QStringLiteral("maxCharacters")).toInt(), account->id,
                           conversation->threadKey, {}, {}, {}, capabilities.value()};
            if (account->platform == Core::Platform::Bluesky) {
                auto identities = Store::CustomerRepository(db).identities(conversation->customerId);
                if (!identities)
                    return identities.error();
                for (const Core::CustomerIdentity &identity : std::as_const(identities.value())) {
                    if (identity.platform == Core::Platform::Bluesky && loaded.blueskyDid.isEmpty())
                        loaded.blueskyDid = identity.platformUserId;
                }
            }
            auto address = Store::EmailAnswerTarget::preferredAddress(db, conversation->customerId);
            if (!address)
                return address.error();
            loaded.emailAddress = address.value();
            if (!loaded.emailAddress.isEmpty()) {
                auto byEmail = Store::EmailAnswerTarget::customerWroteByEmail(db, conversationId);
                if (!byEmail)
                    return byEmail.error();
                loaded.customerWroteByEmail = byEmail.value();
            }
            auto accounts = Store::AccountRepository(db).list();
            if (!accounts)
                return accounts.error();
            for (const Core::Account &mailbox : std::as_const(accounts.value())) {
                if (mailbox.platform == Core::Platform::Email)
                    loaded.emailAccounts.append({mailbox.id, mailbox.name == mailbox.handle
                                                                 ? mailbox.handle
                                                                 : tr("%1 <%2>").arg(mailbox.name, mailbox.handle)});
            }
            return loaded;
        },
        [this, request](Core::Result<Context> context) {
            if (request == m_contextRequest && context) {
                m_context = context.value();
                applyEmailAccounts();
                // A customer who wrote in chat can be answered there; anyone else's chat setting
                // is asked before "Private message" is offered.
                if (m_platform == Core::Platform::Bluesky && !m_context.blueskyDid.isEmpty()
                    && !m_context.threadKey.startsWith(QLatin1String("dm:"))) {
                    m_privateCheckActor = m_context.blueskyDid;
                    emit privateReplyCheckRequested(m_context.accountId, m_privateCheckActor);
                }
                applyCapabilities();
                takeWaitingDraftMode();
                // The customer answered our e-mail: the answer goes by e-mail too, not as a public
                // reply on the platform (unless the agent already began one).
                if (m_context.customerWroteByEmail && modeAllowed(ComposeMode::Email) && mode() != ComposeMode::Email
                    && m_editor->toPlainText().isEmpty()) {
                    m_loading = true;
                    m_mode->setCurrentIndex(m_mode->findData(modeId(ComposeMode::Email)));
                    m_loading = false;
                }
                updateState();
            }
        });
}

void ComposerPane::setPrivateReplyAvailability(qint64 accountId, const QString &actor, bool allowed, const QString &reason)
{
    if (accountId != m_context.accountId || actor.isEmpty() || actor != m_privateCheckActor)
        return; // an answer about another conversation
    m_privateRefusal = allowed ? QString() : reason;
    applyCapabilities();
    takeWaitingDraftMode();
    updateState();
}

void ComposerPane::insertCannedReply(const Core::CannedReply &reply)
{
    const QHash<QString, QString> values =
        Core::ReplyTemplate::makeContext(m_context.customer, agent(), m_context.policies);
    const Core::FilledTemplate filled = Core::ReplyTemplate::fromCannedReply(reply).fill(values);
    insertText(filled.text);
    if (filled.hasUnfilled()) {
        QStringList missing;
        for (const QString &name : filled.unfilled)
            missing << QLatin1Char('{') + name + QLatin1Char('}');
        emit statusMessage(tr("Fill in %1 before sending.").arg(missing.join(QStringLiteral(", "))));
    }
}

bool ComposerPane::expandShortcode()
{
    // "/sorry" right before the cursor becomes the approved reply with that short code.
    QTextCursor cursor = m_editor->textCursor();
    const QString before = m_editor->toPlainText().left(cursor.position());
    const qsizetype slash = before.lastIndexOf(QLatin1Char('/'));
    if (slash < 0 || (slash > 0 && !before.at(slash - 1).isSpace()))
        return false;
    const QString code = before.mid(slash + 1);
    for (const Core::CannedReply &reply : std::as_const(m_context.replies)) {
        if (!code.isEmpty() && reply.shortcode == code) {
            cursor.setPosition(static_cast<int>(slash), QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
            m_editor->setTextCursor(cursor);
            insertCannedReply(reply);
            return true;
        }
    }
    return false;
}

bool ComposerPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Tab && expandShortcode())
        return true;
    return QWidget::eventFilter(watched, event);
}

void ComposerPane::updateState()
{
    const bool note = mode() == ComposeMode::Note;
    const QString suffix = signedText(QStringLiteral("x")).mid(1).trimmed();
    m_signature->setText(note ? tr("Internal notes are never sent to the customer.") : tr("Signed: %1").arg(suffix));
    const bool byEmail = mode() == ComposeMode::Email;
    m_send->setText(note ? tr("Add note") : byEmail ? tr("Send e-mail") : mode() == ComposeMode::Private ? tr("Send privately") : tr("Send"));
    const QString body = m_editor->toPlainText();
    bool over = false;
    if (note || body.trimmed().isEmpty()) {
        m_counter->clear();
    } else {
        // Counted as the platform counts (graphemes on Bluesky, weighted characters on X …),
        // signature included; a private reply on Bluesky is a chat message, with a longer limit.
        Core::ReplyLengthCounter counter;
        if (m_context.maxCharacters > 0) // the instance said how long a post may be
            counter.setLimit(m_platform, m_context.maxCharacters);
        const Core::LengthCheck check = Core::ReplyLengthCounter::check(
            byEmail ? counter.ruleFor(Core::Platform::Email, true) : counter.ruleFor(m_platform, mode() == ComposeMode::Private),
            signedText(body));
        over = check.over || check.overBytes;
        QString text = check.hasLimit() ? tr("%1 / %2 %3").arg(check.used).arg(check.limit).arg(check.unit)
                                        : tr("%1 %2").arg(check.used).arg(check.unit);
        if (check.overBytes) // within the graphemes but not the bytes (long emoji sequences)
            text += tr(" · %1 / %2 bytes").arg(check.utf8Bytes).arg(check.utf8ByteLimit);
        m_counter->setText(text);
        m_counter->setStyleSheet(over ? QStringLiteral("color: #b01c1c; font-weight: bold;") : QString());
        if (over)
            m_counter->setToolTip(tr("Too long for %1: shorten it, or send it as a private message.")
                                      .arg(Core::platformDisplayName(m_platform)));
    }
    const bool unfilled = Core::ReplyTemplate::hasVariables(body);
    const bool noMailbox = byEmail && m_context.emailAccounts.isEmpty();
    m_send->setEnabled(m_conversationId != 0 && !body.trimmed().isEmpty() && !m_pending && !over && !unfilled && !noMailbox);
    QStringList missing;
    for (const QString &name : Core::ReplyTemplate::variablesIn(body))
        missing << QLatin1Char('{') + name + QLatin1Char('}');
    m_send->setToolTip(unfilled ? tr("Fill in %1 first: it would reach the customer as it is.")
                                      .arg(missing.join(QStringLiteral(", ")))
                                : tr("Send (Ctrl+Return)"));
    m_editor->setPlaceholderText(note ? tr("Internal note for colleagues — never sent to the customer")
                                      : byEmail ? tr("E-mail to %1").arg(m_context.emailAddress)
                                      : mode() == ComposeMode::Private
                                          ? tr("Private message to the customer")
                                          : tr("Public reply — everyone can read it. /shortcode + Tab inserts an "
                                               "approved reply"));
}

void ComposerPane::saveDraftNow()
{
    if (m_conversationId == 0 || m_agentId.isEmpty())
        return;
    const qint64 conversationId = m_conversationId;
    const QString agent = m_agentId;
    // A mode still waiting for the context is the draft's, not the fallback shown meanwhile.
    const Store::Draft draft{m_draftModeWaiting.isEmpty() ? modeId(mode()) : m_draftModeWaiting, m_editor->toPlainText()};
    m_store->run(
        this, [=](Store::Database &db) { return Store::DraftRepository(db).save(conversationId, agent, draft); },
        [this](Core::Status status) {
            if (!status)
                emit statusMessage(tr("The draft could not be saved: %1").arg(status.error().fullText()));
        });
}

void ComposerPane::loadDraft()
{
    const quint64 request = ++m_draftRequest;
    const qint64 conversationId = m_conversationId;
    const QString agent = m_agentId;
    m_loading = true;
    m_draftModeWaiting.clear();
    m_editor->clear();
    m_mode->setCurrentIndex(0);
    applyCapabilities();
    m_loading = false;
    updateState();
    m_store->run(
        this, [=](Store::Database &db) { return Store::DraftRepository(db).load(conversationId, agent); },
        [this, request](Core::Result<std::optional<Store::Draft>> draft) {
            if (request != m_draftRequest || !draft || !draft.value())
                return;
            // Keep anything typed while the draft was loading.
            if (!m_editor->toPlainText().isEmpty())
                return;
            m_loading = true;
            if (modeAllowed(modeFromId(draft.value()->mode)))
                m_mode->setCurrentIndex(m_mode->findData(draft.value()->mode));
            else
                m_draftModeWaiting = draft.value()->mode; // the context may allow it when it arrives
            m_editor->setPlainText(draft.value()->body);
            m_loading = false;
            m_draftStartedAt = QDateTime::currentDateTimeUtc(); // what came before, the agent sees in the transcript
            updateState();
        });
}

void ComposerPane::takeWaitingDraftMode()
{
    if (m_draftModeWaiting.isEmpty() || !modeAllowed(modeFromId(m_draftModeWaiting)))
        return;
    m_loading = true;
    m_mode->setCurrentIndex(m_mode->findData(m_draftModeWaiting));
    m_loading = false;
    m_draftModeWaiting.clear();
}

void ComposerPane::send()
{
    const QString body = m_editor->toPlainText();
    if (m_conversationId == 0 || body.trimmed().isEmpty() || m_pending || !m_send->isEnabled())
        return;
    if (mode() == ComposeMode::Public) {
        // Personal data never goes out in public: stop, say what was found, offer the private way.
        m_findings = Core::PersonalDataGuard().scan(body);
        if (!m_findings.isEmpty()) {
            QStringList found;
            for (const auto &finding : std::as_const(m_findings))
                found << finding.explanation;
            m_warningText->setText(tr("This public reply contains personal data: %1. Send it as a private message "
                                      "instead, with a short public note that you continue in private?")
                                       .arg(found.join(QStringLiteral("; "))));
            m_warning->show();
            return;
        }
    }
    const ComposeMode current = mode();
    const qint64 mailbox = current == ComposeMode::Email ? m_emailAccount->currentData().toLongLong() : 0;
    startUnlessAnswered(PendingSend{m_conversationId, mailbox, current, body, {Outgoing{current, signedText(body)}}});
}

void ComposerPane::startUnlessAnswered(const PendingSend &pending)
{
    if (!m_collisionCheck || pending.mode == ComposeMode::Note || !m_draftStartedAt.isValid()) {
        startPending(pending);
        return;
    }
    const quint64 request = ++m_collisionRequest;
    const QString agent = m_agentId;
    const QDateTime since = m_draftStartedAt;
    m_send->setEnabled(false); // one check at a time
    m_store->run(
        this,
        [conversation = pending.conversationId, agent, since](Store::Database &db) {
            return Store::PresenceRepository(db).colleagueRepliesSince(conversation, agent, since);
        },
        [this, request, pending](Core::Result<QList<Store::PresenceRepository::ColleagueReply>> replies) {
            updateState();
            if (request != m_collisionRequest || pending.conversationId != m_conversationId || m_pending)
                return;
            if (replies && !replies->isEmpty()) {
                const Store::PresenceRepository::ColleagueReply &last = replies->last();
                QMessageBox box(QMessageBox::Question, tr("A colleague has answered"),
                                tr("%1 answered this customer at %2, while you were writing:\n\n%3\n\nSend your reply as well?")
                                    .arg(last.name, QLocale().toString(last.at.toLocalTime().time(), QLocale::ShortFormat),
                                         last.text),
                                QMessageBox::NoButton, this);
                box.setTextFormat(Qt::PlainText); // the colleague's text is data, never markup
                QPushButton *sendAnyway = box.addButton(tr("Send mine too"), QMessageBox::AcceptRole);
                box.addButton(tr("Keep editing"), QMessageBox::RejectRole);
                box.setDefaultButton(qobject_cast<QPushButton *>(box.buttons().last()));
                box.exec();
                if (box.clickedButton() != sendAnyway) {
                    m_draftStartedAt = QDateTime::currentDateTimeUtc(); // the agent has seen it now
                    return;
                }
            }
            startPending(pending);
        });
}

void ComposerPane::sendPrivatelyInstead()
{
    const QString body = m_editor->toPlainText();
    if (m_conversationId == 0 || body.trimmed().isEmpty() || m_pending)
        return;
    m_warning->hide();
    if (!modeAllowed(ComposeMode::Private)) {
        emit statusMessage(modeRefusal(ComposeMode::Private));
        return;
    }
    const QString publicLine = Core::PersonalDataGuard().privateMovePublicLine(m_findings);
    PendingSend pending{m_conversationId, 0, ComposeMode::Public, body, {}};
    {
        const QSignalBlocker blocker(m_mode);
        m_mode->setCurrentIndex(m_mode->findData(modeId(ComposeMode::Private)));
        pending.messages << Outgoing{ComposeMode::Private, signedText(body)};
        m_mode->setCurrentIndex(m_mode->findData(modeId(ComposeMode::Public)));
        pending.messages << Outgoing{ComposeMode::Public, signedText(publicLine)};
    }
    startUnlessAnswered(pending);
}

void ComposerPane::startPending(const PendingSend &pending)
{
    m_pending = pending;
    m_draftStartedAt = {};
    m_loading = true; // the draft stays saved until the reply is in the outbox
    m_editor->clear();
    m_loading = false;
    if (pending.mode == ComposeMode::Note || m_undoDelayMs <= 0) {
        commitPending();
        return;
    }
    m_undoDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_undoDelayMs);
    m_undoText->setText(tr("Sending in %1 s …").arg((m_undoDelayMs + 999) / 1000));
    m_undoBar->show();
    m_undoTick->start();
    m_undoTimer->start(m_undoDelayMs);
    updateState();
}

void ComposerPane::undoSend()
{
    if (!m_pending)
        return;
    m_undoTimer->stop();
    m_undoTick->stop();
    m_undoBar->hide();
    const PendingSend pending = *m_pending;
    m_pending.reset();
    if (pending.conversationId == m_conversationId) {
        m_mode->setCurrentIndex(m_mode->findData(modeId(pending.mode)));
        m_editor->setPlainText(pending.body);
        m_editor->setFocus();
    }
    emit statusMessage(tr("Not sent. Your text is back in the editor."));
    updateState();
}

void ComposerPane::commitPending()
{
    m_undoTick->stop();
    m_undoBar->hide();
    if (!m_pending)
        return;
    const PendingSend pending = *m_pending;
    const QString agent = m_agentId;
    m_store->run(
        this,
        [pending, agent](Store::Database &db) -> Core::Status {
            // All messages of one send in one transaction: the private answer and its public
            // pointer go out together or not at all.
            return db.transaction([&]() -> Core::Status {
                Store::ConversationActions actions(db, agent);
                for (const Outgoing &message : pending.messages) {
                    Core::Result<qint64> written =
                        message.mode == ComposeMode::Note ? actions.addNote(pending.conversationId, message.text)
                        : message.mode == ComposeMode::Email
                            ? actions.queueEmailAnswer(pending.conversationId, pending.emailAccountId, message.text)
                            : actions.queueReply(pending.conversationId,
                                                 message.mode == ComposeMode::Private ? Core::Visibility::Private
                                                                                      : Core::Visibility::Public,
                                                 message.text);
                    if (!written)
                        return written.error();
                }
                return Store::DraftRepository(db).remove(pending.conversationId, agent);
            });
        },
        [this, pending](Core::Status status) {
            m_pending.reset();
            if (!status) {
                // Nothing is lost: put the text back and say why.
                if (pending.conversationId == m_conversationId && m_editor->toPlainText().isEmpty())
                    m_editor->setPlainText(pending.body);
                emit statusMessage(tr("Not sent: %1").arg(status.error().fullText()));
                updateState();
                return;
            }
            emit statusMessage(pending.mode == ComposeMode::Note    ? tr("Note added.")
                               : pending.mode == ComposeMode::Email ? tr("E-mail queued for delivery.")
                                                                    : tr("Reply queued for delivery."));
            emit sent(pending.conversationId);
            updateState();
        });
}

} // namespace Care::Gui
