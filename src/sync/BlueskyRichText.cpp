#include "sync/BlueskyRichText.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace Care::Sync {

namespace {

const char kBase32Sortable[] = "234567abcdefghijklmnopqrstuvwxyz";

} // namespace

QList<BlueskyRichText::Mention> BlueskyRichText::mentions(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "(?:^|\\s|\\()@([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+)"));
    QList<Mention> out;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const qsizetype at = m.capturedStart(1) - 1; // the '@'
        Mention mention;
        mention.handle = m.captured(1).toLower();
        mention.byteStart = int(text.left(at).toUtf8().size());
        mention.byteEnd = mention.byteStart + 1 + int(m.captured(1).toUtf8().size());
        out << mention;
    }
    return out;
}

QString BlueskyRichText::tid(qint64 micros, int clockId)
{
    // 1 zero bit, 53 bits of microseconds since 1970, 10 bits of clock id; 13 characters.
    quint64 value = (quint64(micros) & ((quint64(1) << 53) - 1)) << 10 | (quint64(clockId) & 0x3FF);
    QString out(13, QLatin1Char('2'));
    for (int i = 12; i >= 0; --i) {
        out[i] = QLatin1Char(kBase32Sortable[value & 31]);
        value >>= 5;
    }
    return out;
}

bool BlueskyRichText::isTid(const QString &key)
{
    static const QRegularExpression pattern(QStringLiteral("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$"));
    return pattern.match(key).hasMatch();
}

QString BlueskyRichText::recordKey(const QString &idempotencyKey, const QDateTime &createdAt)
{
    if (isTid(idempotencyKey))
        return idempotencyKey;
    // A stable hash (not qHash, which is seeded per process).
    const QByteArray digest = QCryptographicHash::hash(idempotencyKey.toUtf8(), QCryptographicHash::Sha1);
    const quint32 h = quint32(quint8(digest[0])) << 24 | quint32(quint8(digest[1])) << 16
                      | quint32(quint8(digest[2])) << 8 | quint32(quint8(digest[3]));
    const qint64 ms = createdAt.isValid() ? createdAt.toMSecsSinceEpoch() : 0;
    return tid(ms * 1000 + qint64(h % 1000), int((h >> 10) & 0x3FF));
}

} // namespace Care::Sync
