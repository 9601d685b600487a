#include "sync/FeedXml.h"

#include "sync/HtmlText.h"

#include <QCoreApplication>
#include <QLocale>
#include <QXmlStreamReader>

namespace Care::Sync::Feed {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FeedXml)
};

const QString kAtom = QStringLiteral("http://www.w3.org/2005/Atom");
const QString kContent = QStringLiteral("http://purl.org/rss/1.0/modules/content/");
const QString kDublinCore = QStringLiteral("http://purl.org/dc/elements/1.1/");
const QString kRdf = QStringLiteral("http://www.w3.org/1999/02/22-rdf-syntax-ns#");
const QString kRss1 = QStringLiteral("http://purl.org/rss/1.0/");

Error failure(const QString &message, const QString &detail)
{
    return Core::Error::make(Core::Error::Code::BadResponse, message, {}, detail);
}

QString megabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

// A title, which may carry HTML (feeds escape markup as they like), as one line of plain text.
QString titleOf(const QString &raw)
{
    if (raw.contains(QLatin1Char('<')) || raw.contains(QLatin1Char('&')))
        return htmlToPlainText(raw).simplified();
    return raw.simplified();
}

QDateTime dateOf(const QString &raw)
{
    const QString s = raw.trimmed();
    QDateTime at = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(s, Qt::RFC2822Date);
    if (!at.isValid() && s.size() > 4) // RFC 822 with a zone name Qt does not know ("EST")
        at = QDateTime::fromString(s.left(s.lastIndexOf(QLatin1Char(' '))) + QStringLiteral(" +0000"), Qt::RFC2822Date);
    return at.isValid() ? at.toUTC() : QDateTime();
}

// RSS <author> is an e-mail address, often with the name in parentheses: "jane@example.com (Jane Doe)".
void readRssAuthor(const QString &raw, Item &item)
{
    const QString s = raw.simplified();
    const qsizetype open = s.indexOf(QLatin1Char('('));
    const qsizetype close = s.lastIndexOf(QLatin1Char(')'));
    if (open > 0 && close > open) {
        item.authorEmail = s.left(open).trimmed();
        item.author = s.mid(open + 1, close - open - 1).trimmed();
    } else if (s.contains(QLatin1Char('@')) && !s.contains(QLatin1Char(' '))) {
        item.authorEmail = s;
    } else {
        item.author = s;
    }
    if (item.author.isEmpty())
        item.author = item.authorEmail;
}

Error entityFailure()
{
    return failure(Strings::tr("The feed declares its own XML entities, which Care Console refuses (a way to make a "
                               "reader expand a small file into gigabytes)."),
                   QStringLiteral("DTD with entity declarations"));
}

// Everything before the root element's start tag (declaration, comments, DOCTYPE): entity
// declarations are refused there before the reader sees any of them.
QByteArray prologOf(const QByteArray &data)
{
    for (qsizetype i = data.indexOf('<'); i >= 0 && i + 1 < data.size(); i = data.indexOf('<', i + 1)) {
        const char c = data.at(i + 1);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':')
            return data.left(i);
    }
    return data;
}

class Reader
{
public:
    Reader(const QByteArray &data, const Limits &limits)
        : m_xml(data)
        , m_limits(limits)
    {
        // Belt and braces: documents that declare entities are refused at their DTD anyway.
        m_xml.setEntityExpansionLimit(1024);
    }

    Core::Result<Document> run()
    {
        Document doc;
        while (next()) {
            if (m_xml.tokenType() != QXmlStreamReader::StartElement)
                continue;
            const QStringView name = m_xml.name();
            const QStringView ns = m_xml.namespaceUri();
            if (name == QLatin1String("rss") && ns.isEmpty()) {
                doc.kind = Document::Kind::Rss;
                readRss(doc, m_depth);
            } else if (name == QLatin1String("RDF") && ns == kRdf) {
                doc.kind = Document::Kind::Rss;
                readRss(doc, m_depth);
            } else if (name == QLatin1String("feed") && ns == kAtom) {
                doc.kind = Document::Kind::Atom;
                readAtomFeed(doc);
            } else if (name.compare(QLatin1String("html"), Qt::CaseInsensitive) == 0) {
                return failure(Strings::tr("The address gives a web page, not a feed. Use the address of the site's "
                                           "RSS or Atom feed (often ending in /feed, /rss or /index.xml)."),
                               QStringLiteral("root element <%1>").arg(name));
            } else {
                return failure(Strings::tr("The address does not give an RSS or Atom feed."),
                               QStringLiteral("root element <%1> in namespace '%2'").arg(name, ns));
            }
            if (!m_error)
                m_rootSeen = true;
            break;
        }
        if (!m_error && m_xml.hasError())
            m_error = xmlError();
        if (m_error)
            return *m_error;
        // The rest must be well-formed too: a truncated document is not read as complete.
        while (next()) {
        }
        if (m_error)
            return *m_error;
        if (m_xml.hasError())
            return xmlError();
        if (!m_rootSeen)
            return failure(Strings::tr("The feed is empty."), QStringLiteral("no root element"));
        return doc;
    }

private:
    // Advances one token, keeping count of depth and item size; false at the end or on error.
    bool next()
    {
        if (m_error || m_xml.atEnd())
            return false;
        m_xml.readNext();
        if (m_xml.hasError())
            return false;
        switch (m_xml.tokenType()) {
        case QXmlStreamReader::DTD:
            if (!m_xml.entityDeclarations().isEmpty() || m_xml.text().contains(QLatin1String("<!ENTITY"))) {
                m_error = entityFailure();
                return false;
            }
            break;
        case QXmlStreamReader::StartElement:
            if (++m_depth > m_limits.maxDepth) {
                m_error = failure(Strings::tr("The feed nests its elements more than %1 deep, which no feed needs.")
                                      .arg(m_limits.maxDepth),
                                  position());
                return false;
            }
            break;
        case QXmlStreamReader::EndElement: --m_depth; break;
        default: break;
        }
        if (m_itemStart >= 0 && m_xml.characterOffset() - m_itemStart > m_limits.maxItemBytes) {
            m_error = failure(Strings::tr("An item in the feed is larger than %1 MB; Care Console reads items up to that size.")
                                  .arg(megabytes(m_limits.maxItemBytes)),
                              position());
            return false;
        }
        return true;
    }

    // Inside the element just started: true while a child start tag is current; false at the
    // element's end tag (or an error).
    bool nextChild(int depth)
    {
        while (next()) {
            if (m_xml.tokenType() == QXmlStreamReader::StartElement && m_depth == depth + 1)
                return true;
            if (m_xml.tokenType() == QXmlStreamReader::EndElement && m_depth < depth)
                return false;
        }
        return false;
    }

    // The content of the element just started, up to its end tag: its text, or with `markup`
    // its child elements rebuilt as simple tags (enough for htmlToPlainText to see blocks and
    // links: Atom's inline XHTML).
    QString content(bool markup = false)
    {
        const int depth = m_depth;
        QString out;
        while (next()) {
            switch (m_xml.tokenType()) {
            case QXmlStreamReader::Characters:
                out += markup ? m_xml.text().toString().toHtmlEscaped() : m_xml.text().toString();
                break;
            case QXmlStreamReader::StartElement:
                if (markup) {
                    out += QLatin1Char('<') + m_xml.name().toString();
                    const QStringView href = m_xml.attributes().value(QLatin1String("href"));
                    if (!href.isEmpty())
                        out += QStringLiteral(" href=\"") + href.toString().toHtmlEscaped() + QLatin1Char('"');
                    out += QLatin1Char('>');
                }
                break;
            case QXmlStreamReader::EndElement:
                if (m_depth < depth)
                    return out;
                if (markup)
                    out += QStringLiteral("</") + m_xml.name().toString() + QLatin1Char('>');
                break;
            default: break;
            }
        }
        return out;
    }

    // An Atom text construct (title, summary, content, rights): type text, html or xhtml.
    QString atomText()
    {
        const QString type = m_xml.attributes().value(QLatin1String("type")).toString().toLower();
        if (type == QLatin1String("xhtml"))
            return htmlToPlainText(content(true));
        if (type == QLatin1String("html") || type == QLatin1String("text/html"))
            return htmlToPlainText(content());
        return content().trimmed();
    }

    void readRss(Document &doc, int rootDepth)
    {
        // RSS 2.0 keeps items in <channel>; RSS 1.0 (RDF) beside it.
        while (nextChild(rootDepth)) {
            const QStringView name = m_xml.name();
            if (!isRss())
                continue;
            if (name == QLatin1String("channel"))
                readRssChannel(doc);
            else if (name == QLatin1String("item") && !readRssItem(doc))
                return;
        }
    }

    void readRssChannel(Document &doc)
    {
        const int depth = m_depth;
        while (nextChild(depth)) {
            const QStringView name = m_xml.name();
            if (isRss() && name == QLatin1String("item")) {
                if (!readRssItem(doc))
                    return;
            } else if (isRss() && name == QLatin1String("title")) {
                doc.title = titleOf(content());
            } else if (isRss() && name == QLatin1String("link")) {
                doc.link = content().trimmed();
            } else {
                content();
            }
        }
    }

    bool readRssItem(Document &doc)
    {
        if (!roomForItem(doc))
            return false;
        m_itemStart = m_xml.characterOffset();
        const int depth = m_depth;
        Item item;
        bool guidIsLink = false;
        while (nextChild(depth)) {
            const QStringView name = m_xml.name();
            const QStringView ns = m_xml.namespaceUri();
            if (isRss() && name == QLatin1String("title")) {
                item.title = titleOf(content());
            } else if (isRss() && name == QLatin1String("link")) {
                item.link = content().trimmed();
            } else if (isRss() && name == QLatin1String("description")) {
                item.summary = htmlToPlainText(content());
            } else if (isRss() && name == QLatin1String("guid")) {
                guidIsLink = m_xml.attributes().value(QLatin1String("isPermaLink")) != QLatin1String("false");
                item.id = content().trimmed();
            } else if (isRss() && name == QLatin1String("author")) {
                readRssAuthor(content(), item);
            } else if (isRss() && name == QLatin1String("pubDate")) {
                item.published = dateOf(content());
            } else if (ns == kContent && name == QLatin1String("encoded")) {
                item.content = htmlToPlainText(content());
            } else if (ns == kDublinCore && name == QLatin1String("creator")) {
                const QString creator = content().simplified();
                if (item.author.isEmpty() || item.author == item.authorEmail)
                    item.author = creator;
            } else if (ns == kDublinCore && name == QLatin1String("date")) {
                item.published = dateOf(content());
            } else if (ns == kAtom && name == QLatin1String("updated")) {
                item.updated = dateOf(content());
            } else {
                content();
            }
        }
        m_itemStart = -1;
        if (m_error || m_xml.hasError())
            return false;
        if (item.link.isEmpty() && guidIsLink && item.id.startsWith(QLatin1String("http")))
            item.link = item.id;
        if (item.id.isEmpty() && m_xml.namespaceUri() == kRss1)
            item.id = item.link;
        doc.items << item;
        return true;
    }

    void readAtomFeed(Document &doc)
    {
        const int depth = m_depth;
        while (nextChild(depth)) {
            const QStringView name = m_xml.name();
            if (m_xml.namespaceUri() != kAtom) {
                content();
            } else if (name == QLatin1String("entry")) {
                if (!readAtomEntry(doc))
                    return;
            } else if (name == QLatin1String("title")) {
                doc.title = atomText().simplified();
            } else if (name == QLatin1String("link")) {
                readAtomLink(doc.link);
            } else if (name == QLatin1String("author")) {
                Item author;
                readAtomAuthor(author);
                doc.author = author.author;
            } else {
                content();
            }
        }
        for (Item &item : doc.items) {
            if (item.author.isEmpty())
                item.author = doc.author;
        }
    }

    bool readAtomEntry(Document &doc)
    {
        if (!roomForItem(doc))
            return false;
        m_itemStart = m_xml.characterOffset();
        const int depth = m_depth;
        Item item;
        while (nextChild(depth)) {
            const QStringView name = m_xml.name();
            if (m_xml.namespaceUri() != kAtom)
                content();
            else if (name == QLatin1String("id"))
                item.id = content().trimmed();
            else if (name == QLatin1String("title"))
                item.title = atomText().simplified();
            else if (name == QLatin1String("summary"))
                item.summary = atomText();
            else if (name == QLatin1String("content"))
                item.content = atomText();
            else if (name == QLatin1String("link"))
                readAtomLink(item.link);
            else if (name == QLatin1String("author"))
                readAtomAuthor(item);
            else if (name == QLatin1String("published"))
                item.published = dateOf(content());
            else if (name == QLatin1String("updated"))
                item.updated = dateOf(content());
            else
                content();
        }
        m_itemStart = -1;
        if (m_error || m_xml.hasError())
            return false;
        if (!item.published.isValid())
            item.published = item.updated;
        doc.items << item;
        return true;
    }

    // The first rel="alternate" link (the default rel) wins.
    void readAtomLink(QString &link)
    {
        const QXmlStreamAttributes attributes = m_xml.attributes();
        const QStringView rel = attributes.value(QLatin1String("rel"));
        if (link.isEmpty() && (rel.isEmpty() || rel == QLatin1String("alternate")))
            link = attributes.value(QLatin1String("href")).toString().trimmed();
        content();
    }

    void readAtomAuthor(Item &item)
    {
        const int depth = m_depth;
        while (nextChild(depth)) {
            const QStringView name = m_xml.name();
            if (name == QLatin1String("name"))
                item.author = content().simplified();
            else if (name == QLatin1String("email"))
                item.authorEmail = content().trimmed();
            else if (name == QLatin1String("uri"))
                item.authorUri = content().trimmed();
            else
                content();
        }
        if (item.author.isEmpty())
            item.author = item.authorEmail;
    }

    bool isRss() const
    {
        const QStringView ns = m_xml.namespaceUri();
        return ns.isEmpty() || ns == kRss1;
    }

    bool roomForItem(const Document &doc)
    {
        if (doc.items.size() < m_limits.maxItems)
            return true;
        m_error = failure(Strings::tr("The feed has more than %1 items; Care Console reads feeds up to that many.")
                              .arg(m_limits.maxItems),
                          position());
        return false;
    }

    QString position() const
    {
        return QStringLiteral("line %1, column %2").arg(m_xml.lineNumber()).arg(m_xml.columnNumber());
    }

    Error xmlError() const
    {
        const QString detail = position() + QStringLiteral(": ") + m_xml.errorString();
        if (m_xml.error() == QXmlStreamReader::PrematureEndOfDocumentError)
            return failure(Strings::tr("The feed ends in the middle of the document (it may have been cut off)."), detail);
        return failure(Strings::tr("The feed is not well-formed XML (line %1).").arg(m_xml.lineNumber()), detail);
    }

    QXmlStreamReader m_xml;
    Limits m_limits;
    std::optional<Error> m_error;
    int m_depth = 0;
    qint64 m_itemStart = -1;
    bool m_rootSeen = false;
};

} // namespace

QString Item::key() const
{
    if (!id.isEmpty())
        return id;
    if (!link.isEmpty())
        return link;
    return title;
}

Core::Result<Document> parse(const QByteArray &data, const Limits &limits)
{
    if (data.size() > limits.maxDocumentBytes)
        return failure(Strings::tr("The feed is larger than %1 MB; Care Console reads feeds up to that size.")
                           .arg(megabytes(limits.maxDocumentBytes)),
                       QStringLiteral("%1 bytes").arg(data.size()));
    if (data.trimmed().isEmpty())
        return failure(Strings::tr("The feed is empty."), QStringLiteral("no content"));
    if (prologOf(data).contains("<!ENTITY"))
        return entityFailure();
    return Reader(data, limits).run();
}

} // namespace Care::Sync::Feed
