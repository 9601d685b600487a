#include "core/PolicyDocument.h"

#include <QRegularExpression>

#include <algorithm>

namespace Care::Core {

namespace {

QStringList splitList(const QString &value)
{
    QStringList out;
    const auto parts = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            out << trimmed;
    }
    return out;
}

} // namespace

PolicyDocument PolicyDocument::fromMarkdown(const QString &slug, const QString &text)
{
    PolicyDocument doc;
    doc.slug = slug;
    QString body = text;
    body.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));

    if (body.startsWith(QStringLiteral("---\n"))) {
        const qsizetype end = body.indexOf(QStringLiteral("\n---"), 3);
        if (end > 0) {
            // end == 3 for an empty block ("---\n---"): mid() with a negative length would run to the end.
            const QString header = body.mid(4, std::max<qsizetype>(0, end - 4));
            qsizetype bodyStart = end + 4;
            if (bodyStart < body.size() && body.at(bodyStart) == QLatin1Char('\n'))
                ++bodyStart;
            for (const QString &line : header.split(QLatin1Char('\n'))) {
                const qsizetype colon = line.indexOf(QLatin1Char(':'));
                if (colon <= 0)
                    continue;
                const QString key = line.left(colon).trimmed().toLower();
                const QString value = line.mid(colon + 1).trimmed();
                if (key == QLatin1String("title")) {
                    doc.title = value;
                } else if (key == QLatin1String("tags")) {
                    doc.tags = splitList(value.toLower());
                } else if (key == QLatin1String("values")) {
                    for (const QString &pair : splitList(value)) {
                        const qsizetype eq = pair.indexOf(QLatin1Char('='));
                        if (eq > 0)
                            doc.values.insert(pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed());
                    }
                }
            }
            body = body.mid(bodyStart);
        }
    }
    if (doc.title.isEmpty()) {
        static const QRegularExpression heading(QStringLiteral("^#\\s+(.+)$"), QRegularExpression::MultilineOption);
        const auto match = heading.match(body);
        doc.title = match.hasMatch() ? match.captured(1).trimmed() : slug;
    }
    doc.body = body.trimmed();
    return doc;
}

QString PolicyDocument::toMarkdown() const
{
    QStringList valuePairs;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        valuePairs << it.key() + QLatin1Char('=') + it.value();
    return QStringLiteral("---\ntitle: ") + title + QStringLiteral("\ntags: ") + tags.join(QStringLiteral(", "))
           + QStringLiteral("\nvalues: ") + valuePairs.join(QStringLiteral(", ")) + QStringLiteral("\n---\n") + body
           + QLatin1Char('\n');
}

} // namespace Care::Core
