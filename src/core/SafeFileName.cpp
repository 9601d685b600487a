#include "core/SafeFileName.h"

#include <QDir>
#include <QFileInfo>

namespace Care::Core {

namespace {

constexpr int kMaxLength = 120; // characters; room for " (99)" within every file system's 255 bytes

bool isUnsafe(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control:
    case QChar::Other_Format: // bidirectional overrides, zero-width characters
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph: return true;
    default: break;
    }
    static const QString reserved = QStringLiteral("/\\:*?\"<>|");
    return reserved.contains(c);
}

} // namespace

QString SafeFileName::sanitised(const QString &name, const QString &fallback)
{
    // The last component whichever separator the sender used.
    QString last = name;
    const qsizetype cut = std::max(last.lastIndexOf(QLatin1Char('/')), last.lastIndexOf(QLatin1Char('\\')));
    if (cut >= 0)
        last = last.mid(cut + 1);
    QString out;
    out.reserve(last.size());
    for (qsizetype i = 0; i < last.size(); ++i) {
        const QChar c = last.at(i);
        if (c.isHighSurrogate() && i + 1 < last.size() && last.at(i + 1).isLowSurrogate()) {
            const char32_t ucs = QChar::surrogateToUcs4(c, last.at(i + 1));
            const auto category = QChar::category(ucs);
            if (category != QChar::Other_Format && category != QChar::Other_PrivateUse && category != QChar::Other_NotAssigned)
                out += QStringView(last).mid(i, 2);
            ++i;
            continue;
        }
        if (!isUnsafe(c))
            out += c.isSpace() ? QLatin1Char(' ') : c;
    }
    out = out.simplified();
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char(' ')) || out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('.')) || out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    if (out.size() > kMaxLength) { // shortened in its base name: the extension stays
        const QString suffix = QFileInfo(out).suffix().left(16);
        const qsizetype keep = kMaxLength - (suffix.isEmpty() ? 0 : suffix.size() + 1);
        QString base = out.left(keep);
        if (!base.isEmpty() && base.back().isHighSurrogate())
            base.chop(1);
        out = suffix.isEmpty() ? base : base + QLatin1Char('.') + suffix;
    }
    const QString stem = QFileInfo(out).completeBaseName();
    if (out.isEmpty() || stem.isEmpty())
        return fallback;
    return out;
}

QString SafeFileName::freeIn(const QDir &dir, const QString &name)
{
    const QFileInfo info(name);
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix();
    QString candidate = name;
    for (int n = 2; dir.exists(candidate); ++n)
        candidate = suffix.isEmpty() ? QStringLiteral("%1 (%2)").arg(name).arg(n)
                                     : QStringLiteral("%1 (%2).%3").arg(base).arg(n).arg(suffix);
    return candidate;
}

} // namespace Care::Core
