#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Care::Sync::Feed {

// RSS 2.0 (and 0.9x/1.0) and Atom 1.0 feeds, read with QXmlStreamReader and reduced to what
// listening uses. Every text is plain (HTML in descriptions and content goes through
// htmlToPlainText), never markup.
//
// Defensive by design, since a feed is whatever a stranger's server answers: a document
// type declaration that declares entities (entity expansion, "billion laughs") is refused
// before any entity is expanded, external entities are never fetched, and documents,
// single items, the number of items and element nesting all have caps. Every failure is a
// Core::Error (code BadResponse) whose message says what is wrong in words a lead can act on
// and whose detail carries the reader's position; nothing throws, asserts or crashes on any
// input (a libFuzzer target runs the parser in ./test).

struct Item
{
    QString id;      // <guid> or <atom:id>; empty when the feed gives none
    QString link;    // the article's address as the feed wrote it (may be relative)
    QString title;   // plain text
    QString summary; // plain text: <description> or <atom:summary>
    QString content; // plain text: <content:encoded> or <atom:content>
    QString author;  // a name when the feed gives one, otherwise the e-mail address
    QString authorEmail;
    QString authorUri;
    QDateTime published; // UTC; invalid when missing or unreadable
    QDateTime updated;   // UTC; invalid when missing or unreadable

    // What identifies the item across polls: the id, otherwise the link, otherwise the title.
    QString key() const;
};

struct Document
{
    enum class Kind { Rss, Atom };
    Kind kind = Kind::Rss;
    QString title; // the feed's (site's) title
    QString link;  // the site's address
    QString author; // feed-level author name, when given (Atom)
    QList<Item> items;
};

struct Limits
{
    qint64 maxDocumentBytes = 8 * 1024 * 1024;
    qint64 maxItemBytes = 1024 * 1024; // one item's markup, from its start tag to its end tag
    int maxItems = 2000;
    int maxDepth = 64;
};

// Parses a whole feed document. `data` is the HTTP body as received (XML picks its own
// encoding from the declaration).
Core::Result<Document> parse(const QByteArray &data, const Limits &limits = {});

} // namespace Care::Sync::Feed
