#include "app/AdminCommand.h"

#include "store/Database.h"
#include "store/TeamRoles.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::TeamCommand)
};

const QString kCommand = QStringLiteral("team");
using Store::TeamRoles;

int usage(QTextStream &err)
{
    err << Strings::tr("Usage: careconsole --database postgresql://OWNER@HOST/DB team setup\n"
                       "       careconsole --database postgresql://OWNER@HOST/DB team add LOGIN --role agent|lead|admin|sync"
                       " [--name NAME] [--password-stdin]\n"
                       "       careconsole --database URL team list | whoami")
        << Qt::endl;
    return 2;
}

int setUp(Store::Database &db, QTextStream &out, QTextStream &err)
{
    if (Core::Status s = TeamRoles(db).setUp(); !s)
        return reportError(err, kCommand, s.error());
    out << Strings::tr("Team roles are set up: care_agent, care_lead, care_admin and care_sync. "
                       "Add each person with: careconsole team add LOGIN --role ROLE --password-stdin")
        << Qt::endl;
    return 0;
}

int add(Store::Database &db, const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty() || args.first().startsWith(QLatin1String("--")))
        return usage(err);
    const QString login = args.first();
    std::optional<TeamRoles::Role> role;
    QString name;
    QString password;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &option = args.at(i);
        if (option == QLatin1String("--password-stdin")) {
            password = in.readLine();
            if (password.isEmpty()) {
                err << "careconsole team: " << Strings::tr("No password on standard input.") << Qt::endl;
                return 2;
            }
            continue;
        }
        if (i + 1 >= args.size())
            return usage(err);
        const QString value = args.at(++i).trimmed();
        if (option == QLatin1String("--role")) {
            role = TeamRoles::roleFromId(value);
            if (!role) {
                err << "careconsole team: "
                    << Strings::tr("%1 is no role: choose agent, lead, admin or sync.").arg(value) << Qt::endl;
                return 2;
            }
        } else if (option == QLatin1String("--name")) {
            name = value;
        } else {
            return usage(err);
        }
    }
    if (!role) {
        err << "careconsole team: " << Strings::tr("Say which role with --role agent, lead, admin or sync.") << Qt::endl;
        return 2;
    }
    if (Core::Status s = TeamRoles(db).addPerson(login, *role, name, password); !s)
        return reportError(err, kCommand, s.error());
    out << Strings::tr("%1 can sign in to the team database as %2.").arg(login, TeamRoles::roleId(*role)) << Qt::endl;
    return 0;
}

int list(Store::Database &db, QTextStream &out, QTextStream &err)
{
    auto members = TeamRoles(db).members();
    if (!members)
        return reportError(err, kCommand, members.error());
    for (const TeamRoles::Member &m : members.value())
        out << m.login << '\t' << TeamRoles::roleId(m.role) << Qt::endl;
    return 0;
}

int whoAmI(Store::Database &db, QTextStream &out, QTextStream &err)
{
    auto me = TeamRoles(db).whoAmI();
    if (!me)
        return reportError(err, kCommand, me.error());
    if (!me.value()) {
        out << Strings::tr("This login has no team role (a single-user store, or the database owner).") << Qt::endl;
        return 0;
    }
    out << me.value()->login << '\t' << TeamRoles::roleId(me.value()->role) << Qt::endl;
    return 0;
}

} // namespace

int runTeamCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err)
{
    const QStringList args = context.rest.mid(1);
    if (args.isEmpty())
        return usage(err);
    auto db = context.openStore();
    if (!db)
        return reportError(err, kCommand, db.error());
    const QString sub = args.first();
    if (sub == QLatin1String("setup") && args.size() == 1)
        return setUp(*db.value(), out, err);
    if (sub == QLatin1String("add"))
        return add(*db.value(), args.mid(1), in, out, err);
    if (sub == QLatin1String("list") && args.size() == 1)
        return list(*db.value(), out, err);
    if (sub == QLatin1String("whoami") && args.size() == 1)
        return whoAmI(*db.value(), out, err);
    return usage(err);
}

} // namespace Care::App
