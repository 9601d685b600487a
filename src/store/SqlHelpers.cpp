#include "store/SqlHelpers.h"

namespace Care::Store {

QVariant toDb(const QDateTime &time)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<qlonglong>());
    return QVariant::fromValue<qlonglong>(time.toMSecsSinceEpoch());
}

QDateTime timeFromDb(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString tagsToDb(const QStringList &tags)
{
    QStringList clean;
    for (const QString &tag : tags) {
        QString t = tag.trimmed().toLower();
        t.remove(QLatin1Char(','));
        if (!t.isEmpty() && !clean.contains(t))
            clean << t;
    }
    if (clean.isEmpty())
        return {};
    return QLatin1Char(',') + clean.join(QLatin1Char(',')) + QLatin1Char(',');
}

QStringList tagsFromDb(const QString &value)
{
    return value.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace Care::Store
