#include "syncd/StructuredLog.h"

#include <QDateTime>
#include <QMutex>

#include <cstdio>

namespace Care::Syncd {

namespace {

QMutex g_lock; // threads (store, sync) log too

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QString level;
    switch (type) {
    case QtDebugMsg: level = QStringLiteral("debug"); break;
    case QtInfoMsg: level = QStringLiteral("info"); break;
    case QtWarningMsg: level = QStringLiteral("warning"); break;
    case QtCriticalMsg: level = QStringLiteral("error"); break;
    case QtFatalMsg: level = QStringLiteral("fatal"); break;
    }
    StructuredLog::write(level, QStringLiteral("log"),
                         {{QStringLiteral("category"), QString::fromLatin1(context.category ? context.category : "default")},
                          {QStringLiteral("msg"), message}});
}

} // namespace

void StructuredLog::install()
{
    qInstallMessageHandler(handler);
}

QString StructuredLog::value(const QString &raw)
{
    bool bare = !raw.isEmpty();
    for (QChar c : raw) {
        if (c.isSpace() || c == QLatin1Char('"') || c == QLatin1Char('=') || c == QLatin1Char('\\') || !c.isPrint()) {
            bare = false;
            break;
        }
    }
    if (bare)
        return raw;
    QString out;
    out.reserve(raw.size() + 2);
    out += QLatin1Char('"');
    for (QChar c : raw) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + QString(c);
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (!c.isPrint() && !c.isSpace())
            out += QLatin1Char('?');
        else
            out += c.isSpace() ? QLatin1Char(' ') : c;
    }
    out += QLatin1Char('"');
    return out;
}

void StructuredLog::write(const QString &level, const QString &event, const Fields &fields)
{
    QString line = QStringLiteral("ts=") + QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)
                   + QStringLiteral(" level=") + level + QStringLiteral(" event=") + event;
    for (const auto &[key, raw] : fields)
        line += QLatin1Char(' ') + key + QLatin1Char('=') + value(raw);
    line += QLatin1Char('\n');
    const QByteArray bytes = line.toUtf8();
    const QMutexLocker locker(&g_lock);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace Care::Syncd
