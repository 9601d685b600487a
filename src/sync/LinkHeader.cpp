#include "sync/LinkHeader.h"

#include <QStringList>
#include <cstring>

namespace Care::Sync {

namespace {

bool isOneOf(char c, const char *set)
{
    return c != '\0' && std::strchr(set, c) != nullptr;
}

// A cursor over one header value (RFC 8288 section 3 grammar, read leniently).
class Reader
{
public:
    explicit Reader(const QByteArray &value)
        : m_value(value)
    {
    }

    bool atEnd() const { return m_pos >= m_value.size(); }
    char peek() const { return atEnd() ? '\0' : m_value.at(m_pos); }
    void advance() { ++m_pos; }

    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n'))
            ++m_pos;
    }

    // After a malformed part: skips to the next `stop` character outside a quoted string
    // (or to the end), leaving the cursor on it.
    void skipTo(const char *stops)
    {
        while (!atEnd() && !isOneOf(peek(), stops)) {
            if (peek() == '"')
                quotedString();
            else
                ++m_pos;
        }
    }

    // At '<': the URI reference up to '>'; false when there is no closing '>'.
    bool uriReference(QByteArray &uri)
    {
        const qsizetype close = m_value.indexOf('>', m_pos + 1);
        if (close < 0)
            return false;
        uri = m_value.mid(m_pos + 1, close - m_pos - 1).trimmed();
        m_pos = close + 1;
        return true;
    }

    // A token: everything up to whitespace or a delimiter.
    QByteArray token()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && !isOneOf(peek(), " \t\r\n=;,\"<>"))
            ++m_pos;
        return m_value.mid(start, m_pos - start);
    }

    // At '"': the unescaped content; an unterminated string runs to the end.
    QByteArray quotedString(bool *terminated = nullptr)
    {
        QByteArray result;
        ++m_pos; // opening quote
        if (terminated)
            *terminated = false;
        while (!atEnd()) {
            const char c = peek();
            ++m_pos;
            if (c == '"') {
                if (terminated)
                    *terminated = true;
                break;
            }
            if (c == '\\' && !atEnd()) {
                result.append(peek());
                ++m_pos;
                continue;
            }
            result.append(c);
        }
        return result;
    }

private:
    const QByteArray &m_value;
    qsizetype m_pos = 0;
};

// A registered relation name or an extension URI: printable ASCII without spaces.
bool isRelationType(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

} // namespace

QHash<QString, QUrl> parseLinkHeader(const QByteArray &value, const QUrl &base)
{
    QHash<QString, QUrl> links;
    Reader reader(value);
    while (!reader.atEnd()) {
        reader.skipSpace();
        if (reader.peek() == ',') {
            reader.advance();
            continue;
        }
        if (reader.atEnd())
            break;
        QByteArray uri;
        if (reader.peek() != '<' || !reader.uriReference(uri)) {
            // Not a link-value (or one without its closing '>'): skip to the next one.
            if (reader.peek() == '<')
                break;
            reader.skipTo(",");
            continue;
        }

        QByteArray rel;
        bool haveRel = false;
        bool malformed = false;
        for (;;) {
            reader.skipSpace();
            if (reader.atEnd() || reader.peek() == ',')
                break;
            if (reader.peek() != ';') {
                reader.skipTo(";,");
                continue;
            }
            reader.advance();
            reader.skipSpace();
            const QByteArray name = reader.token().toLower();
            reader.skipSpace();
            QByteArray paramValue;
            if (reader.peek() == '=') {
                reader.advance();
                reader.skipSpace();
                if (reader.peek() == '"') {
                    bool terminated = false;
                    paramValue = reader.quotedString(&terminated);
                    malformed = malformed || !terminated;
                } else {
                    paramValue = reader.token();
                }
            }
            // RFC 8288: occurrences of rel after the first are ignored.
            if (name == "rel" && !haveRel) {
                rel = paramValue;
                haveRel = true;
            }
        }

        if (!haveRel || malformed)
            continue;
        QUrl url(QString::fromUtf8(uri), QUrl::TolerantMode);
        if (!url.isValid() || (uri.isEmpty() && base.isEmpty()))
            continue;
        if (!base.isEmpty() && url.isRelative())
            url = base.resolved(url);
        // A relation type is case-insensitive; several may share one link, separated by spaces.
        const QStringList relations = QString::fromUtf8(rel).toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &relation : relations) {
            const QString name = relation.trimmed();
            if (isRelationType(name) && !links.contains(name))
                links.insert(name, url);
        }
    }
    return links;
}

} // namespace Care::Sync
