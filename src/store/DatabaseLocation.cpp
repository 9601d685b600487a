#include "store/DatabaseLocation.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace Care::Store {

using Core::Error;

namespace {
// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::DatabaseLocation)
};
} // namespace

DatabaseLocation DatabaseLocation::sqliteFile(const QString &path, bool readOnly)
{
    DatabaseLocation location;
    location.dialect = SqlDialect::SQLite;
    location.path = path;
    location.readOnly = readOnly;
    return location;
}

Core::Result<DatabaseLocation> DatabaseLocation::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("No database was given."),
                           Strings::tr("Give a PostgreSQL URL such as postgresql://agent@db.example/care, or a file path."));

    if (trimmed.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        const QUrl url(trimmed);
        const QString path = url.toLocalFile().isEmpty() ? url.path() : url.toLocalFile();
        if (path.isEmpty())
            return Error::make(Error::Code::InvalidInput, Strings::tr("The SQLite URL names no file."),
                               Strings::tr("Write it as sqlite:///full/path/to/store.sqlite."));
        return sqliteFile(path);
    }

    const bool isPostgres = trimmed.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
                            || trimmed.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
    if (!isPostgres) {
        if (trimmed.contains(QLatin1String("://")))
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("“%1” is not a database URL Care Console understands.").arg(trimmed),
                               Strings::tr("Use postgresql://user@host:port/database for a team database, or the path "
                                  "of an SQLite file."));
        return sqliteFile(trimmed);
    }

    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The database URL is not valid: %1").arg(url.errorString()),
                           Strings::tr("Write it as postgresql://user:password@host:port/database."));
    DatabaseLocation location;
    location.dialect = SqlDialect::PostgreSQL;
    location.host = url.host();
    location.port = url.port(5432);
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The database URL names no database."),
                           Strings::tr("Add the database name after the host, e.g. postgresql://%1/care.").arg(location.host));
    QStringList options;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        options << item.first + QLatin1Char('=') + item.second;
    if (!trimmed.contains(QLatin1String("connect_timeout")))
        options << QStringLiteral("connect_timeout=5");
    location.options = options.join(QLatin1Char(';'));
    return location;
}

QString DatabaseLocation::displayName() const
{
    if (dialect == SqlDialect::SQLite)
        return path;
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    return text + host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + database;
}

} // namespace Care::Store
