#include "app/AdminCommand.h"

#include "gui/TranscriptExporter.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"

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

// careconsole conversation send-transcript ID --to ADDRESS [--account ID] [--agent NAME]
int runConversationCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("conversation");
    const QStringList args = context.rest.mid(1);
    if (args.value(0) != QLatin1String("send-transcript"))
        return reportError(err, command, usage(Strings::tr("Use conversation send-transcript ID --to ADDRESS.")), 2);
    bool ok = false;
    const qint64 conversationId = args.value(1).toLongLong(&ok);
    if (!ok || conversationId <= 0)
        return reportError(err, command, usage(Strings::tr("send-transcript takes the conversation's number.")), 2);
    QString to;
    qint64 accountId = 0;
    QString agent = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
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

} // namespace Care::App
