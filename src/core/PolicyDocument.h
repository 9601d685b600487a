#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Care::Core {

// One of the company's written policies (refunds, goodwill, when to go private...), kept as
// Markdown with a small front matter block:
//   ---
//   title: Returns and refunds
//   tags: refund, return
//   values: refund_days=30
//   ---
struct PolicyDocument
{
    qint64 id = 0;
    QString slug; // stable name, e.g. "refunds"
    QString title;
    QStringList tags;
    QMap<QString, QString> values; // named values canned replies can use as {policy.NAME}
    QString body;                  // Markdown without the front matter
    int version = 1;
    QString updatedBy;
    QDateTime updatedAt;

    // Parses a Markdown file with optional front matter. Without a title line the first
    // heading (or the slug) becomes the title.
    static PolicyDocument fromMarkdown(const QString &slug, const QString &text);
    // The file form again: front matter plus body.
    QString toMarkdown() const;
};

} // namespace Care::Core
