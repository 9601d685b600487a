#pragma once

#include <QString>

namespace Care::Sync {

// Converts the HTML that platforms send (Mastodon status content, blog feeds) to plain text
// for the transcript, using libxml2's HTML parser (never a hand-written one):
// - <p> separates paragraphs with a blank line, <br> is a line break, other block elements
//   (div, li, blockquote, h1-h6) start new lines;
// - a link keeps its visible text; when the visible text is not the link's address (and it is
//   not a mention "@user" or hashtag "#tag"), the address follows in angle brackets:
//   "order page <https://shop.example/o/1>";
// - Mastodon's split URLs (<span class="invisible">https://</span><span class="ellipsis">...)
//   come out as the full address;
// - entities decoded, scripts/styles dropped, every other tag removed, whitespace collapsed
//   as a browser would, leading/trailing blank lines trimmed.
// Any input, however malformed, gives some text and never crashes.
QString htmlToPlainText(const QString &html);

} // namespace Care::Sync
