#include "sync/HtmlText.h"

#include <QByteArray>
#include <QList>
#include <QUrl>
#include <algorithm>
#include <climits>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <memory>

namespace Care::Sync {

namespace {

struct DocFree
{
    void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

QString fromXml(const xmlChar *text)
{
    return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
}

QByteArray name(const xmlNode *node)
{
    // The HTML parser lowercases element names.
    return node->name ? QByteArray(reinterpret_cast<const char *>(node->name)) : QByteArray();
}

QString attribute(const xmlNode *node, const char *attributeName)
{
    xmlChar *value = xmlGetProp(node, reinterpret_cast<const xmlChar *>(attributeName));
    const QString result = fromXml(value);
    xmlFree(value);
    return result;
}

bool isSkipped(const QByteArray &tag)
{
    // Never rendered by a browser (or not text at all).
    static const QList<QByteArray> skipped = { "script", "style", "head", "template", "noscript", "title" };
    return skipped.contains(tag);
}

bool isBlock(const QByteArray &tag)
{
    static const QList<QByteArray> blocks = { "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "h1", "h2", "h3",
        "h4", "h5", "h6", "pre", "table", "tr", "hr", "section", "article", "header", "footer", "aside", "nav", "main",
        "figure", "figcaption", "address", "details", "summary", "form", "fieldset" };
    return blocks.contains(tag);
}

bool isHtmlSpace(QChar c)
{
    // HTML's ASCII whitespace; U+00A0 (&nbsp;) is deliberately not collapsed, as in a browser.
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r')
        || c == QLatin1Char('\f');
}

// A link's address as a person reads it: no scheme, no "www.", no trailing slash.
QString comparableAddress(QString address)
{
    address = address.trimmed();
    for (const QLatin1String prefix :
        { QLatin1String("https://"), QLatin1String("http://"), QLatin1String("mailto:") }) {
        if (address.startsWith(prefix, Qt::CaseInsensitive)) {
            address.remove(0, prefix.size());
            break;
        }
    }
    if (address.startsWith(QLatin1String("www."), Qt::CaseInsensitive))
        address.remove(0, 4);
    while (address.endsWith(QLatin1Char('/')))
        address.chop(1);
    return address.toCaseFolded();
}

// Only an absolute web or mail address helps a reader of plain text; "#", relative paths and
// script addresses do not.
bool isReadableAddress(const QString &href)
{
    const QUrl url(href, QUrl::TolerantMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid()
        && (scheme == QLatin1String("https") || scheme == QLatin1String("http") || scheme == QLatin1String("mailto"));
}

// Builds the text the way a browser lays it out: runs of whitespace become one space, no space
// at the start or end of a line, and block boundaries become line breaks.
class TextBuilder
{
public:
    void addText(const QString &text)
    {
        for (const QChar c : text) {
            if (isHtmlSpace(c)) {
                m_pendingSpace = true;
                continue;
            }
            flush();
            m_out.append(c);
        }
    }

    // Preformatted text keeps its whitespace.
    void addPreformatted(const QString &text)
    {
        if (text.isEmpty())
            return;
        flush();
        m_out.append(text);
    }

    void lineBreak()
    {
        m_pendingSpace = false;
        flushBreaks();
        m_out.append(QLatin1Char('\n'));
    }

    // 1: the next text starts on a new line; 2: after a blank line.
    void blockBoundary(int newlines)
    {
        m_pendingSpace = false;
        m_pendingBreaks = std::max(m_pendingBreaks, newlines);
    }

    qsizetype position() const { return m_out.size(); }
    QString textFrom(qsizetype position) const { return m_out.mid(position); }
    void replaceFrom(qsizetype position, const QString &text)
    {
        m_out.replace(position, m_out.size() - position, text);
    }

    QString result() const
    {
        qsizetype begin = 0;
        qsizetype end = m_out.size();
        while (begin < end && m_out.at(begin).isSpace())
            ++begin;
        while (end > begin && m_out.at(end - 1).isSpace())
            --end;
        return m_out.mid(begin, end - begin);
    }

private:
    void flush()
    {
        if (m_pendingBreaks > 0) {
            flushBreaks();
        } else if (m_pendingSpace && !m_out.isEmpty() && !m_out.endsWith(QLatin1Char('\n'))) {
            m_out.append(QLatin1Char(' '));
        }
        m_pendingSpace = false;
    }

    void flushBreaks()
    {
        if (m_pendingBreaks == 0)
            return;
        if (!m_out.isEmpty()) {
            int already = 0;
            for (qsizetype i = m_out.size() - 1;
                 i >= 0 && m_out.at(i) == QLatin1Char('\n') && already < m_pendingBreaks; --i)
                ++already;
            m_out.append(QString(m_pendingBreaks - already, QLatin1Char('\n')));
        }
        m_pendingBreaks = 0;
    }

    QString m_out;
    bool m_pendingSpace = false;
    int m_pendingBreaks = 0;
};

struct OpenLink
{
    const xmlNode *node;
    qsizetype start;
    QString href;
    bool mentionOrTag;
};

class Converter
{
public:
    QString convert(const xmlNode *root)
    {
        // Iterative walk: the HTML parser accepts arbitrarily deep nesting, recursion would not.
        const xmlNode *node = root;
        while (node) {
            const bool descend = enter(node) && node->children;
            if (descend) {
                node = node->children;
                continue;
            }
            leave(node);
            while (node && node != root && !node->next) {
                node = node->parent;
                if (node)
                    leave(node);
            }
            if (!node || node == root)
                break;
            node = node->next;
        }
        return m_text.result();
    }

private:
    // Returns whether to visit the node's children.
    bool enter(const xmlNode *node)
    {
        switch (node->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE: {
            const QString text = fromXml(node->content);
            if (m_preDepth > 0)
                m_text.addPreformatted(text);
            else
                m_text.addText(text);
            return false;
        }
        case XML_ELEMENT_NODE:
            break;
        case XML_DOCUMENT_NODE:
        case XML_HTML_DOCUMENT_NODE:
            return true;
        default:
            return false; // comments, processing instructions, doctypes
        }

        const QByteArray tag = name(node);
        if (isSkipped(tag))
            return false;
        if (tag == "br") {
            m_text.lineBreak();
            return false;
        }
        if (tag == "p") {
            m_text.blockBoundary(2);
        } else if (isBlock(tag)) {
            m_text.blockBoundary(1);
            if (tag == "pre")
                ++m_preDepth;
        } else if (tag == "a") {
            const QString classes = attribute(node, "class");
            const bool mentionOrTag
                = classes.contains(QLatin1String("mention")) || classes.contains(QLatin1String("hashtag"));
            m_links.append(OpenLink { node, m_text.position(), attribute(node, "href").trimmed(), mentionOrTag });
        }
        return true;
    }

    void leave(const xmlNode *node)
    {
        if (node->type != XML_ELEMENT_NODE)
            return;
        const QByteArray tag = name(node);
        if (isSkipped(tag) || tag == "br")
            return;
        if (tag == "p") {
            m_text.blockBoundary(2);
        } else if (isBlock(tag)) {
            m_text.blockBoundary(1);
            if (tag == "pre" && m_preDepth > 0)
                --m_preDepth;
        } else if (tag == "a" && !m_links.isEmpty() && m_links.constLast().node == node) {
            closeLink(m_links.takeLast());
        }
    }

    void closeLink(const OpenLink &link)
    {
        if (!isReadableAddress(link.href))
            return;
        const QString visible = m_text.textFrom(link.start).trimmed();
        if (visible.isEmpty()) {
            m_text.addText(link.href);
            return;
        }
        if (link.mentionOrTag || visible.startsWith(QLatin1Char('@')) || visible.startsWith(QLatin1Char('#')))
            return;
        const QString shownAddress = comparableAddress(visible);
        const QString address = comparableAddress(link.href);
        if (shownAddress == address)
            return;
        // Some servers shorten the shown address with an ellipsis: show the whole address instead.
        QString shortened = shownAddress;
        if (shortened.endsWith(QChar(0x2026)))
            shortened.chop(1);
        else if (shortened.endsWith(QLatin1String("...")))
            shortened.chop(3);
        if (shortened.size() != shownAddress.size() && !shortened.isEmpty() && address.startsWith(shortened)) {
            const QString shown = m_text.textFrom(link.start);
            qsizetype leadingSpace = 0;
            while (leadingSpace < shown.size() && shown.at(leadingSpace).isSpace())
                ++leadingSpace;
            m_text.replaceFrom(link.start + leadingSpace, link.href);
            return;
        }
        m_text.addText(QStringLiteral(" <") + link.href + QLatin1Char('>'));
    }

    TextBuilder m_text;
    QList<OpenLink> m_links;
    int m_preDepth = 0;
};

} // namespace

QString htmlToPlainText(const QString &html)
{
    if (html.trimmed().isEmpty())
        return {};

    static const bool initialised = [] {
        xmlInitParser();
        return true;
    }();
    Q_UNUSED(initialised)

    const QByteArray utf8 = html.toUtf8();
    // No HTML_PARSE_NOBLANKS: it drops the whitespace-only text between inline elements
    // ("<b>a</b> <i>b</i>"), which is a real space in the text.
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
        | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD;
    const DocPtr doc(
        htmlReadMemory(utf8.constData(), int(std::min<qsizetype>(utf8.size(), INT_MAX)), nullptr, "UTF-8", options));
    if (!doc) {
        // libxml2 gives up on nothing it can recover from; should it ever, the input is still
        // shown as inert text rather than lost.
        return html.simplified();
    }
    return Converter().convert(reinterpret_cast<const xmlNode *>(doc.get()));
}

} // namespace Care::Sync
