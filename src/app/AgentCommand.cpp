#include "app/AdminCommand.h"

#include "store/AgentRepository.h"
#include "store/Database.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::AgentCommand)
};

const QString kCommand = QStringLiteral("agent");

int usage(QTextStream &err)
{
    err << Strings::tr("Usage: careconsole agent list\n"
                       "       careconsole agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin]"
                       " [--team TEAM]\n"
                       "An empty --team \"\" takes the agent out of their team.")
        << Qt::endl;
    return 2;
}

int list(Store::Database &db, QTextStream &out, QTextStream &err)
{
    auto agents = Store::AgentRepository(db).list();
    if (!agents)
        return reportError(err, kCommand, agents.error());
    for (const Core::Agent &agent : agents.value()) {
        out << agent.id << '\t' << agent.name << '\t' << agent.role << '\t'
            << (agent.team.isEmpty() ? Strings::tr("(no team)") : agent.team) << Qt::endl;
    }
    return 0;
}

int set(Store::Database &db, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty() || args.first().startsWith(QLatin1String("--")))
        return usage(err);
    const QString id = args.first().trimmed();
    auto agents = Store::AgentRepository(db).list();
    if (!agents)
        return reportError(err, kCommand, agents.error());
    Core::Agent agent { id, id, id, QStringLiteral("agent"), {} };
    for (const Core::Agent &existing : agents.value()) {
        if (existing.id == id)
            agent = existing;
    }
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &option = args.at(i);
        if (i + 1 >= args.size())
            return usage(err);
        const QString value = args.at(++i).trimmed();
        if (option == QLatin1String("--name"))
            agent.name = value;
        else if (option == QLatin1String("--signature"))
            agent.signature = value;
        else if (option == QLatin1String("--team"))
            agent.team = value;
        else if (option == QLatin1String("--role")) {
            if (value != QLatin1String("agent") && value != QLatin1String("lead") && value != QLatin1String("admin")) {
                err << "careconsole agent: " << Strings::tr("%1 is no role: choose agent, lead or admin.").arg(value)
                    << Qt::endl;
                return 2;
            }
            agent.role = value;
        } else {
            return usage(err);
        }
    }
    if (agent.name.isEmpty()) {
        err << "careconsole agent: " << Strings::tr("An agent needs a name.") << Qt::endl;
        return 2;
    }
    if (Core::Status saved = Store::AgentRepository(db).upsert(agent); !saved)
        return reportError(err, kCommand, saved.error());
    out << (agent.team.isEmpty() ? Strings::tr("%1 (%2, %3), in no team.").arg(agent.id, agent.name, agent.role)
                                 : Strings::tr("%1 (%2, %3), in team %4.").arg(agent.id, agent.name, agent.role, agent.team))
        << Qt::endl;
    return 0;
}

} // namespace

int runAgentCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    const QStringList args = context.rest.mid(1);
    if (args.isEmpty())
        return usage(err);
    auto db = context.openStore();
    if (!db)
        return reportError(err, kCommand, db.error());
    if (args.first() == QLatin1String("list") && args.size() == 1)
        return list(*db.value(), out, err);
    if (args.first() == QLatin1String("set"))
        return set(*db.value(), args.mid(1), out, err);
    return usage(err);
}

} // namespace Care::App
