#include "app/AdminCommand.h"

#include "gui/TranscriptExporter.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationFactsQuery.h"
#include "store/Database.h"
#include "store/TranscriptMail.h"

#include <QCoreApplication>

namespace Care::App {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::ConversationCommand)
};

Error usage(const QString &message)
{
    return Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
}

} // namespace

Core::Result<qint64> chooseEmailAccount(Store::Database &db, qint64 chosen)
{
    if (chosen > 0)
        return chosen;
    auto accounts = Store::AccountRepository(db).list();
    if (!accounts)
        return accounts.error();
    QList<qint64> email;
    for (const Core::Account &account : accounts.value())
        if (account.platform == Core::Platform::Email && !account.demo)
            email << account.id;
    if (email.size() == 1)
        return email.first();
    return usage(email.isEmpty() ? Strings::tr("No e-mail account is connected; add one with careconsole account add email.")
                                 : Strings::tr("Several e-mail accounts are connected; choose one with --account ID."));
}

namespace {

QString defaultAgent()
{
    return qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
}

// careconsole conversation send-transcript ID --to ADDRESS [--account ID] [--agent NAME]
int sendTranscript(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("conversation");
    bool ok = false;
    const qint64 conversationId = args.value(1).toLongLong(&ok);
    if (!ok || conversationId <= 0)
        return reportError(err, command, usage(Strings::tr("send-transcript takes the conversation's number.")), 2);
    QString to;
    qint64 accountId = 0;
    QString agent = defaultAgent();
    for (qsizetype i = 2; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--to") && i + 1 < args.size())
            to = args.at(++i);
        else if (a == QLatin1String("--account") && i + 1 < args.size())
            accountId = args.at(++i).toLongLong();
        else if (a == QLatin1String("--agent") && i + 1 < args.size())
            agent = args.at(++i);
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (to.isEmpty())
        return reportError(err, command, usage(Strings::tr("Say where the transcript goes with --to ADDRESS.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto account = chooseEmailAccount(*db.value(), accountId);
    if (!account)
        return reportError(err, command, account.error(), 2);
    auto id = Store::ConversationActions(*db.value(), agent)
                  .queueTranscript(conversationId, account.value(), to, &Gui::TranscriptExporter::pdf);
    if (!id)
        return reportError(err, command, id.error());
    out << Strings::tr("Queued the transcript of conversation %1 to %2; it goes out with the running console or the next sync.")
               .arg(conversationId)
               .arg(to.trimmed())
        << Qt::endl;
    return 0;
}

// Customer text on a terminal: control characters (an escape sequence in a post could rewrite
// the screen or the title) are shown as U+FFFD; line breaks and tabs stay.
QString forTerminal(QString text)
{
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || (u >= 0x7f && u <= 0x9f))
            c = QChar(QChar::ReplacementCharacter);
    }
    return text;
}

// careconsole conversation show ID: the customer's history, each message with its number.
int show(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("conversation");
    bool ok = false;
    const qint64 conversationId = args.value(1).toLongLong(&ok);
    if (!ok || conversationId <= 0 || args.size() > 2)
        return reportError(err, command, usage(Strings::tr("show takes the conversation's number.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto listing = Store::TranscriptMail::listing(*db.value(), conversationId);
    if (!listing)
        return reportError(err, command, listing.error());
    out << forTerminal(listing.value());
    out.flush();
    return 0;
}

// careconsole conversation hide ID [--message ID] --reason TEXT [--agent NAME]
// careconsole conversation unhide ID [--message ID] [--agent NAME]
// Offered exactly where the console offers Hide and Unhide (ConversationCapabilities), refused
// with the console's words; the same store code hides, audits and queues it for the platform.
int hideOrUnhide(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("conversation");
    const bool hide = args.value(0) == QLatin1String("hide");
    bool ok = false;
    const qint64 conversationId = args.value(1).toLongLong(&ok);
    if (!ok || conversationId <= 0)
        return reportError(err, command, usage(Strings::tr("%1 takes the conversation's number.").arg(args.value(0))), 2);
    qint64 messageId = 0;
    QString reason;
    QString agent = defaultAgent();
    for (qsizetype i = 2; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--message") && i + 1 < args.size()) {
            messageId = args.at(++i).toLongLong(&ok);
            if (!ok || messageId <= 0)
                return reportError(err, command, usage(Strings::tr("--message takes the message's number.")), 2);
        } else if (hide && a == QLatin1String("--reason") && i + 1 < args.size()) {
            reason = args.at(++i).trimmed();
        } else if (a == QLatin1String("--agent") && i + 1 < args.size()) {
            agent = args.at(++i);
        } else {
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    if (hide && reason.isEmpty())
        return reportError(err, command,
                           usage(Strings::tr("Say why with --reason TEXT (for example: abusive language, or personal data "
                                             "posted in public); the audit log keeps it.")),
                           2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto capabilities = Store::ConversationFactsQuery(*db.value()).capabilities(conversationId, {}, messageId);
    if (!capabilities)
        return reportError(err, command, capabilities.error(), 2);
    const Core::Capability allowed = hide ? capabilities->hide : capabilities->unhide;
    if (!allowed)
        return reportError(err, command, Core::Error::make(Core::Error::Code::Rejected, allowed.reason), 2);
    Store::ConversationActions actions(*db.value(), agent);
    auto done = hide ? actions.hideInbound(conversationId, reason, messageId) : actions.unhideInbound(conversationId, messageId);
    if (!done)
        return reportError(err, command, done.error());
    out << (hide ? Strings::tr("Hid message %1 of conversation %2; your name, the time and the reason are in the audit "
                               "log. It is hidden on the platform with the running console or the next sync.")
                 : Strings::tr("Message %1 of conversation %2 is shown again, and on the platform with the running "
                               "console or the next sync where it was hidden there; the audit log has it."))
               .arg(done.value())
               .arg(conversationId)
        << Qt::endl;
    return 0;
}

} // namespace

int runConversationCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    const QStringList args = context.rest.mid(1);
    const QString sub = args.value(0);
    if (sub == QLatin1String("send-transcript"))
        return sendTranscript(context, args, out, err);
    if (sub == QLatin1String("show"))
        return show(context, args, out, err);
    if (sub == QLatin1String("hide") || sub == QLatin1String("unhide"))
        return hideOrUnhide(context, args, out, err);
    return reportError(err, QStringLiteral("conversation"),
                       usage(Strings::tr("Use conversation show ID, conversation send-transcript ID --to ADDRESS, "
                                         "conversation hide ID [--message ID] --reason TEXT, or conversation unhide ID "
                                         "[--message ID].")),
                       2);
}

} // namespace Care::App
