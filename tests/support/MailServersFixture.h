#pragma once

// The ports of the email_servers CTest fixture (tests/support/mail_servers/mail-servers.sh
// writes them to ports.env in the directory given by CARE_MAIL_SERVERS): SMTP_PORT, IMAP_PORT,
// LMTP_PORT. Empty when the fixture is not there.

#include <QFile>
#include <QHash>
#include <QString>

namespace Care::Tests {

inline QHash<QString, QString> mailServerPorts()
{
    QHash<QString, QString> ports;
    QFile file(qEnvironmentVariable("CARE_MAIL_SERVERS") + QStringLiteral("/ports.env"));
    if (!file.open(QIODevice::ReadOnly))
        return ports;
    for (const QString &line : QString::fromLatin1(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.contains(QLatin1Char('=')))
            ports.insert(line.section(QLatin1Char('='), 0, 0), line.section(QLatin1Char('='), 1).trimmed());
    }
    return ports;
}

} // namespace Care::Tests
