#include "core/PersonalDataGuard.h"

#include "core/CheckDigits.h"

#include <QCoreApplication>
#include <algorithm>
#include <functional>

namespace Care::Core {

namespace {

using Kind = PersonalDataFinding::Kind;

// Found spans are overwritten with this in a working copy, so later, looser detectors (phone,
// address) never re-read digits that already belong to a card, an IBAN or a reference.
constexpr char16_t kMask = u'\u2022';

QRegularExpression compile(const QString &pattern, bool caseSensitive = true)
{
    return QRegularExpression(
        pattern, caseSensitive ? QRegularExpression::NoPatternOption : QRegularExpression::CaseInsensitiveOption);
}

class Scan
{
public:
    explicit Scan(const QString &text)
        : m_original(text)
        , m_masked(text)
    {
    }

    const QString &original() const { return m_original; }
    const QString &masked() const { return m_masked; }
    QList<PersonalDataFinding> &findings() { return m_findings; }

    bool isFree(qsizetype start, qsizetype length) const
    {
        for (qsizetype i = start; i < start + length; ++i) {
            if (m_masked.at(i) == QChar(kMask))
                return false;
        }
        return true;
    }

    void mask(qsizetype start, qsizetype length)
    {
        for (qsizetype i = start; i < start + length; ++i)
            m_masked[i] = QChar(kMask);
    }

    void add(Kind kind, qsizetype start, qsizetype length, const QString &explanation, const QString &patternId = {})
    {
        PersonalDataFinding finding;
        finding.kind = kind;
        finding.position = start;
        finding.length = length;
        finding.text = m_original.mid(start, length);
        finding.explanation = explanation;
        finding.patternId = patternId;
        m_findings.append(finding);
        mask(start, length);
    }

private:
    const QString &m_original;
    QString m_masked;
    QList<PersonalDataFinding> m_findings;
};

QString digitsOf(QStringView text)
{
    QString digits;
    for (QChar c : text) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            digits += c;
    }
    return digits;
}

bool isAlnum(QChar c)
{
    return c.isLetterOrNumber();
}

// Ends (exclusive) of the digit or alphanumeric groups in [start, end), longest first, where a
// shorter candidate would stop cleanly. Used to retry a greedy card/IBAN match that swallowed
// the next word or number.
QList<qsizetype> groupEnds(const QString &text, qsizetype start, qsizetype end)
{
    QList<qsizetype> ends;
    for (qsizetype i = end; i > start; --i) {
        if (isAlnum(text.at(i - 1)) && (i == text.size() || !isAlnum(text.at(i))))
            ends.append(i);
    }
    return ends;
}

// --- e-mail and URLs --------------------------------------------------------------------------

void findEmails(Scan &scan, const std::function<bool(Kind, const QString &)> &isPublic)
{
    // Not preceded by '@': "@user@instance.example" is a fediverse handle, a public identity.
    static const QRegularExpression email
        = compile(QStringLiteral(R"((?<![\p{L}\p{N}_.+@%-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*)"
                                 R"(@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}_-]))"));
    auto it = email.globalMatch(scan.masked());
    while (it.hasNext()) {
        const auto m = it.next();
        if (isPublic(Kind::EmailAddress, m.captured())) {
            scan.mask(m.capturedStart(), m.capturedLength());
            continue;
        }
        scan.add(Kind::EmailAddress, m.capturedStart(), m.capturedLength(),
            QCoreApplication::translate("Care::Core::PersonalDataGuard", "an e-mail address: '%1'").arg(m.captured()));
    }
}

void maskUrls(Scan &scan)
{
    // Links are public by nature; their digits (post ids, tracking parameters) are no phone
    // numbers or cards.
    static const QRegularExpression url = compile(QStringLiteral(R"((?:https?://|www\.)[^\s<>"]+)"), false);
    auto it = url.globalMatch(scan.masked());
    while (it.hasNext()) {
        const auto m = it.next();
        scan.mask(m.capturedStart(), m.capturedLength());
    }
}

// --- IBAN and cards ---------------------------------------------------------------------------

void findIbans(Scan &scan)
{
    static const QRegularExpression iban
        = compile(QStringLiteral(R"((?<![\p{L}\p{N}_])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,32})"));
    const QString &text = scan.masked();
    qsizetype offset = 0;
    while (true) {
        const auto m = iban.match(text, offset);
        if (!m.hasMatch())
            break;
        bool found = false;
        for (qsizetype end : groupEnds(text, m.capturedStart(), m.capturedEnd())) {
            QString compact = text.mid(m.capturedStart(), end - m.capturedStart());
            compact.remove(QLatin1Char(' '));
            if (CheckDigits::ibanValid(compact)) {
                const QString shown = scan.original().mid(m.capturedStart(), end - m.capturedStart());
                scan.add(Kind::Iban, m.capturedStart(), end - m.capturedStart(),
                    QCoreApplication::translate("Care::Core::PersonalDataGuard", "an IBAN: '%1'").arg(shown));
                offset = end;
                found = true;
                break;
            }
        }
        if (!found)
            offset = m.capturedStart() + 1;
    }
}

void findCards(Scan &scan)
{
    // Card numbers start with 1 (UATP) to 6 (Visa, Mastercard, Amex, Discover, UnionPay...);
    // 7-9 and 0 are no card networks, which keeps tracking and phone numbers out. Digits after
    // "DE89 " are a mistyped IBAN, not a card.
    static const QRegularExpression card = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}_+#@/.,:-])(?<![A-Za-z]{2}\d{2} )[1-6]\d{3}(?:[ -]?\d){9,19}(?![\p{L}\p{N}_]|[.,]\d))"));
    const QString &text = scan.masked();
    qsizetype offset = 0;
    while (true) {
        const auto m = card.match(text, offset);
        if (!m.hasMatch())
            break;
        bool found = false;
        for (qsizetype end : groupEnds(text, m.capturedStart(), m.capturedEnd())) {
            const QString digits = digitsOf(QStringView(text).mid(m.capturedStart(), end - m.capturedStart()));
            if (digits.size() < 13 || digits.size() > 19)
                continue;
            if (CheckDigits::luhnValid(digits)) {
                // The explanation may end up in logs and screenshots: show the last four only.
                scan.add(Kind::PaymentCard, m.capturedStart(), end - m.capturedStart(),
                    QCoreApplication::translate("Care::Core::PersonalDataGuard", "a payment card number ending in %1")
                        .arg(digits.right(4)));
                offset = end;
                found = true;
                break;
            }
        }
        if (!found)
            offset = m.capturedEnd();
    }
}

// --- phone numbers ----------------------------------------------------------------------------

bool nearCurrency(const QString &text, qsizetype start, qsizetype end)
{
    static const QRegularExpression before = compile(QStringLiteral(R"((?:[$€£¥]|\b(?:EUR|USD|GBP|CHF))[ ]?$)"), false);
    static const QRegularExpression after
        = compile(QStringLiteral(R"(^[ ]?(?:[$€£¥]|(?:EUR|USD|GBP|CHF|euros?|dollars?|pounds?)(?![\p{L}])))"), false);
    const qsizetype from = std::max<qsizetype>(0, start - 5);
    return before.match(text.mid(from, start - from)).hasMatch() || after.match(text.mid(end, 10)).hasMatch();
}

bool keywordBefore(const QString &text, qsizetype start)
{
    static const QRegularExpression keyword = compile(
        QStringLiteral(R"((?<![\p{L}])(?:phone|tel|telephone|mobile|cell|call|ring|whatsapp|sms|fax|telefon|handy|)"
                       R"(rufnummer|mobil|móvil|movil|teléfono|telefono|llamar|llame|portable|téléphone|numéro|)"
                       R"(appelez|appeler|anrufen|erreichbar)(?![\p{L}]))"),
        false);
    const qsizetype from = std::max<qsizetype>(0, start - 30);
    return keyword.match(text.mid(from, start - from)).hasMatch();
}

bool looksLikePhone(const QString &candidate, const QString &text, qsizetype start, qsizetype end)
{
    static const QRegularExpression date
        = compile(QStringLiteral(R"(^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$)"));
    static const QRegularExpression timeRange
        = compile(QStringLiteral(R"(^\d{1,2}[.:]\d{2}[ ]?[-/][ ]?\d{1,2}[.:]\d{2}$)"));
    static const QRegularExpression thousands = compile(QStringLiteral(R"(^[1-9]\d{0,2}(?:[., ]\d{3})+$)"));
    static const QRegularExpression usShape
        = compile(QStringLiteral(R"(^(?:\(\d{3}\)[ ]?|\d{3}[-. ])\d{3}[-. ]\d{4}$)"));
    static const QRegularExpression decimalStart = compile(QStringLiteral(R"(^0[.,]\d)"));

    const qsizetype digits = digitsOf(candidate).size();
    if (digits < 7 || digits > 15)
        return false;
    if (date.match(candidate).hasMatch() || timeRange.match(candidate).hasMatch())
        return false;
    if (nearCurrency(text, start, end))
        return false;
    // "1 299 000" is an amount, unless a word like "móvil" says it is a number to call.
    if (thousands.match(candidate).hasMatch())
        return keywordBefore(text, start);

    const QChar first = candidate.at(0);
    if (first == QLatin1Char('+'))
        return digits >= 8;
    if (candidate.startsWith(QLatin1String("00")))
        return digits >= 10;
    if (first == QLatin1Char('('))
        return true;
    // A leading 0 is the trunk prefix of national numbers (030 ..., 0171 ..., 01 23 ...).
    if (first == QLatin1Char('0'))
        return digits >= 8 && !decimalStart.match(candidate).hasMatch();
    if (usShape.match(candidate).hasMatch())
        return true;
    // Anything else needs a word like "call" or "Telefon" in front of it.
    return keywordBefore(text, start);
}

void findPhones(Scan &scan)
{
    // A loose candidate: digit groups joined by single separators, an optional "+" and
    // optional parenthesised area code or "(0)". The real decision is in looksLikePhone().
    static const QRegularExpression candidate = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}_+#@/.,:'’-]))"
        R"((?:\+[ \x{00A0}]?)?(?:\([ ]?\d{1,5}[ ]?\)[ \x{00A0}]?)?\d++)"
        R"((?:(?:[ \x{00A0}]?[-./][ \x{00A0}]?|[ \x{00A0}]|[ \x{00A0}]?\([ ]?\d{1,5}[ ]?\)[ \x{00A0}]?)\d++)*)"
        R"((?![\p{L}\p{N}_]|[.,:/-]\d))"));
    const QString &text = scan.masked();
    qsizetype offset = 0;
    while (true) {
        const auto m = candidate.match(text, offset);
        if (!m.hasMatch())
            break;
        if (looksLikePhone(m.captured(), text, m.capturedStart(), m.capturedEnd())) {
            scan.add(Kind::PhoneNumber, m.capturedStart(), m.capturedLength(),
                QCoreApplication::translate("Care::Core::PersonalDataGuard", "a phone number: '%1'")
                    .arg(scan.original().mid(m.capturedStart(), m.capturedLength())));
            offset = m.capturedEnd();
            continue;
        }
        // Not a phone as a whole ("on 12.03. 0171 2345678", "LH 400 030 1234567"): when it
        // starts with a short group (a day, a flight number, a quantity), retry after that group
        // so the number behind it is still found. Longer leading groups are the start of one
        // long number (a mistyped IBAN, a tracking number) whose tail is no phone.
        qsizetype groupStart = m.capturedStart();
        while (groupStart < m.capturedEnd() && !text.at(groupStart).isDigit())
            ++groupStart;
        qsizetype groupEnd = groupStart;
        while (groupEnd < m.capturedEnd() && text.at(groupEnd).isDigit())
            ++groupEnd;
        offset = groupEnd - groupStart <= 3 ? std::max(groupEnd, m.capturedStart() + 1) : m.capturedEnd();
    }
}

// --- postal addresses -------------------------------------------------------------------------

struct AddressPattern
{
    QRegularExpression expression;
    bool postcodeOnly;
};

const QList<AddressPattern> &addressPatterns()
{
    static const QList<AddressPattern> patterns {
        // English: "12 Baker Street", "221B Baker St.", "350 5th Avenue", "12-14 Mill Lane".
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}])\d{1,5}[A-Za-z]?(?:[-–]\d{1,5}[A-Za-z]?)?,?[ ]+)"
              R"((?:(?:[\p{Lu}][\p{L}'’-]*|\d{1,3}(?:st|nd|rd|th))[ ]+){1,3})"
              R"((?:Street|street|St\.?|Road|road|Rd\.?|Avenue|avenue|Ave\.?|Lane|lane|Ln\.?|Drive|drive|Close|)"
              R"(Way|Court|Ct\.?|Place|Square|Sq\.?|Terrace|Crescent|Boulevard|Blvd\.?|Gardens|Grove|Mews|Hill))"
              R"((?![\p{L}\p{N}]))")),
            false },
        // German, one word: "Hauptstraße 5", "Hauptstr. 5a", "Friedrichstraße 43-45"; seat and
        // parking "places" are not addresses.
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}])(?!(?:Sitz|Park|Stell|Arbeits|Steh|Fenster|Gang|Liege|Camping|Start)platz))"
              R"([\p{Lu}][\p{L}-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad))"
              R"([ ]?\d{1,4}(?:[ ]?[a-z])?(?:[ ]?[-–][ ]?\d{1,4}(?:[ ]?[a-z])?)?(?![\p{L}\p{N}]))")),
            false },
        // German, two words: "Berliner Straße 12", "Am Markt 5" — but not "Der Platz 5".
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}])(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einen|Einem|Ihr|Ihre|Ihren|Ihrem|Mein|Meine|)"
              R"(Meinen|Unser|Unsere|Unseren|Kein|Keine|Jeder|Jede|Welcher|Welche|The|Your|Our|My)[ ]))"
              R"([\p{Lu}][\p{L}.-]*[ ](?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt))"
              R"([ ]?\d{1,4}(?:[ ]?[a-z])?(?:[ ]?[-–][ ]?\d{1,4}(?:[ ]?[a-z])?)?(?![\p{L}\p{N}]))")),
            false },
        // Spanish, Italian, French with the type first: "Calle Mayor 3", "Avenida de la
        // Constitución, 12", "Via Roma 5", "rue de Rivoli 10".
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}])(?:Calle|calle|C/|Avenida|avenida|Avda\.|Av\.|Paseo|paseo|Plaza|Pza\.|Carrer|Camino|)"
              R"(Ronda|Travesía|Via|Viale|Piazza|Corso|[Rr]ue|[Aa]venue|[Bb]oulevard|Bd|Place|[Aa]llée|[Ii]mpasse|)"
              R"([Qq]uai|[Cc]hemin)[ ]+(?:(?:de la|de|del|la|las|los|el|di|della|dei|des|du|d'|l'|d’|l’)[ ]*)*)"
              R"([\p{Lu}][\p{L}'’-]*(?:[ ]+(?:(?:de|del|la|y|e|di|des|du)[ ]+)?[\p{Lu}][\p{L}'’-]*){0,3},?[ ]*)"
              R"((?:n[º°o]\.?[ ]*)?\d{1,4}(?:[ ]?(?:bis|ter)|[a-zA-Z])?(?:[-–]\d{1,4})?(?![\p{L}\p{N}]))")),
            false },
        // French with the number first: "10 rue de Rivoli", "5 bis, avenue Foch".
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}])\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|)"
              R"([Aa]llée|[Ii]mpasse|[Qq]uai|[Cc]hemin|[Cc]ours)[ ]+(?:(?:de la|de|du|des|d'|l'|d’|l’)[ ]*)*)"
              R"([\p{Lu}][\p{L}'’-]*(?:[ ]+[\p{Lu}][\p{L}'’-]*){0,3})")),
            false },
        // Five-digit postcode and town (DE, FR, ES, IT): "10115 Berlin", "D-80331 München",
        // "75001 Paris", "Frankfurt am Main" — not "50000 Miles".
        { compile(QStringLiteral(
              R"((?<![\p{L}\p{N}.,:/#-])(?:[A-Z]{1,2}-)?\d{5}[ ]+)"
              R"((?!(?:Euro|Euros|EUR|USD|GBP|CHF|Dollar|Dollars|Pfund|Points|Punkte|Meilen|Miles|Kilometer|)"
              R"(Kilometres|Kilometers|Km|KM|Members|Mitglieder|Followers|Follower|Kunden|Customers|Pesos|Yen|)"
              R"(Stück|Units|Items|Bewertungen|Reviews)(?![\p{L}])))"
              R"([\p{Lu}][\p{L}]+(?:(?:[ ](?:am|an der|im|in der|bei|sur|en|de|del|la)[ ]|-)[\p{Lu}][\p{L}]+)?)"
              R"((?![\p{L}\p{N}]))")),
            true },
        // UK postcode: "SW1A 1AA", "M1 1AE", "EC1A 1BB" (inward letters never C, I, K, M, O, V).
        { compile(
              QStringLiteral(R"((?<![\p{L}\p{N}])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ ]?\d(?!(?:GB|MB|KB|TB)(?![\p{L}\p{N}])))"
                             R"([ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}]))")),
            true },
    };
    return patterns;
}

void findAddresses(Scan &scan, const std::function<bool(Kind, const QString &)> &isPublic)
{
    QList<PersonalDataFinding> found;
    for (const AddressPattern &pattern : addressPatterns()) {
        auto it = pattern.expression.globalMatch(scan.masked());
        while (it.hasNext()) {
            const auto m = it.next();
            if (!scan.isFree(m.capturedStart(), m.capturedLength()))
                continue;
            if (isPublic(Kind::PostalAddress, m.captured())) {
                scan.mask(m.capturedStart(), m.capturedLength());
                continue;
            }
            PersonalDataFinding f;
            f.kind = Kind::PostalAddress;
            f.position = m.capturedStart();
            f.length = m.capturedLength();
            f.patternId = pattern.postcodeOnly ? QStringLiteral("postcode") : QStringLiteral("street");
            found.append(f);
            scan.mask(f.position, f.length);
        }
    }
    std::sort(found.begin(), found.end(),
        [](const PersonalDataFinding &a, const PersonalDataFinding &b) { return a.position < b.position; });

    // "Hauptstraße 5, 10115 Berlin" is one address, not two findings.
    static const QRegularExpression joiner = compile(QStringLiteral(R"(^[ ,\n]{0,3}$)"));
    QList<PersonalDataFinding> merged;
    for (const PersonalDataFinding &f : found) {
        if (!merged.isEmpty()) {
            PersonalDataFinding &last = merged.last();
            const QString gap = scan.original().mid(last.end(), f.position - last.end());
            if (f.position >= last.end() && joiner.match(gap).hasMatch()) {
                last.length = f.end() - last.position;
                last.patternId = QStringLiteral("street");
                continue;
            }
        }
        merged.append(f);
    }
    for (PersonalDataFinding &f : merged) {
        f.text = scan.original().mid(f.position, f.length);
        f.explanation = f.patternId == QLatin1String("postcode")
            ? QCoreApplication::translate("Care::Core::PersonalDataGuard", "a postcode: '%1'").arg(f.text)
            : QCoreApplication::translate("Care::Core::PersonalDataGuard", "a postal address: '%1'").arg(f.text);
        f.patternId.clear();
        scan.findings().append(f);
    }
}

// Phone numbers are compared by digits, so "+49 30 1234567", "0049301234567" and
// "030 1234567" are the same hotline.
QString phoneKey(const QString &text)
{
    QString digits = digitsOf(text);
    if (digits.startsWith(QLatin1String("00")))
        digits = digits.mid(2);
    else if (digits.startsWith(QLatin1Char('0')))
        digits = digits.mid(1);
    return digits;
}

} // namespace

PersonalDataGuard::PersonalDataGuard()
{
    // The defaults are known to compile; a failure here would be a programming error caught by
    // the tests.
    setReferencePatterns(defaultReferencePatterns());
}

bool PersonalDataGuard::appliesTo(Visibility visibility)
{
    return visibility == Visibility::Public;
}

bool PersonalDataGuard::appliesTo(Visibility visibility, Platform platform)
{
    // An e-mail goes to the customer alone, whatever the message was marked as.
    return appliesTo(visibility) && platform != Platform::Email;
}

QList<ReferencePattern> PersonalDataGuard::defaultReferencePatterns()
{
    QList<ReferencePattern> patterns;
    patterns.append(ReferencePattern { QStringLiteral("booking-keyword"),
        QCoreApplication::translate("Care::Core::PersonalDataGuard", "a booking reference"),
        QStringLiteral(
            R"((?<![\p{L}\p{N}_])(?:booking|reservation|confirmation|reference|ref\.?|buchung|)"
            R"(buchungsnummer|buchungscode|reservierung|localizador|reserva|réservation|dossier)(?![\p{L}]))"
            R"((?:[ ]*(?:no\.?|nr\.?|number|nummer|code|número|numero|n[°º]\.?|#|:|ref(?:erence)?\.?))*[ ]*)"
            // Only the reference itself is flagged; "booking 2024-03-12" is a date.
            R"((?<ref>(?!\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4})(?=[a-z0-9-]*\d)[a-z0-9][a-z0-9-]{4,19}))"
            R"((?![\p{L}\p{N}_-]))"),
        false, ReferencePattern::Topic::Booking });
    patterns.append(ReferencePattern { QStringLiteral("order-keyword"),
        QCoreApplication::translate("Care::Core::PersonalDataGuard", "an order number"),
        QStringLiteral(R"((?<![\p{L}\p{N}_])(?:order|bestellung|bestellnummer|auftrag|auftragsnummer|pedido|commande))"
                       R"((?![\p{L}])(?:[ ]*(?:no\.?|nr\.?|number|nummer|número|numero|n[°º]\.?|#|:))*[ ]*)"
                       R"((?<ref>(?=[a-z0-9-]*\d)[a-z0-9][a-z0-9-]{2,19})(?![\p{L}\p{N}_-]))"
                       // "order 100 units" is a quantity, not a reference.
                       R"((?![ ]+(?:units?|pieces?|pcs|items?|bags?|boxes?|packs?|bottles?|copies|tickets?|)"
                       R"(times|more|of|x|stück|unidades)(?![\p{L}])))"),
        false, ReferencePattern::Topic::Order });
    patterns.append(ReferencePattern { QStringLiteral("order-hash"),
        QCoreApplication::translate("Care::Core::PersonalDataGuard", "an order number"),
        QStringLiteral(R"((?<![\p{L}\p{N}_#&/])#(?:[A-Z]{2,6}-\d{3,12}|\d{5,12})(?![\p{L}\p{N}_-]))"), true,
        ReferencePattern::Topic::Order });
    // IATA e-ticket number: 3-digit airline code and 10 digits, only after a "ticket" word
    // (13 bare digits are as often a barcode).
    patterns.append(ReferencePattern { QStringLiteral("ticket-keyword"),
        QCoreApplication::translate("Care::Core::PersonalDataGuard", "a ticket number"),
        QStringLiteral(R"((?<![\p{L}\p{N}_])(?:e-?ticket|ticket|ticketnummer|billete|billet)(?![\p{L}]))"
                       R"((?:[ ]*(?:no\.?|nr\.?|number|nummer|número|numero|n[°º]\.?|#|:))*[ ]*)"
                       R"((?<ref>\d{3}[- ]?\d{10})(?![\p{L}\p{N}_-]))"),
        false, ReferencePattern::Topic::Booking });
    // Airline PNR: six uppercase letters and digits with at least one of each, standing alone.
    // Shapes that are something else are excluded: flight numbers ("LH4000", "U21234"),
    // quantities with units ("1000MG"), quarters ("2024Q1").
    patterns.append(ReferencePattern { QStringLiteral("pnr"),
        QCoreApplication::translate("Care::Core::PersonalDataGuard", "a booking reference"),
        QStringLiteral(R"((?<![\p{L}\p{N}_#@/.-])(?=[A-Z0-9]{0,5}\d)(?=[A-Z0-9]{0,5}[A-Z]))"
                       R"((?!(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{3,4}[A-Z]?(?![A-Z0-9])))"
                       R"((?!\d+[A-Z]{1,3}(?![A-Z0-9]))(?!(?:19|20)\d\dQ[1-4]))"
                       R"([A-Z0-9]{6}(?![\p{L}\p{N}_@/-])(?!\.[\p{L}\p{N}]))"),
        true, ReferencePattern::Topic::Booking });
    return patterns;
}

Status PersonalDataGuard::setReferencePatterns(const QList<ReferencePattern> &patterns)
{
    QList<CompiledPattern> compiled;
    for (const ReferencePattern &pattern : patterns) {
        QRegularExpression expression = compile(pattern.pattern, pattern.caseSensitive);
        if (!expression.isValid() || pattern.pattern.isEmpty()) {
            return Error::make(Error::Code::InvalidInput,
                QCoreApplication::translate(
                    "Care::Core::PersonalDataGuard", "The reference pattern '%1' is not a valid regular expression.")
                    .arg(pattern.id),
                QCoreApplication::translate("Care::Core::PersonalDataGuard", "Correct the pattern in the settings."),
                expression.errorString());
        }
        expression.optimize();
        compiled.append(CompiledPattern { pattern, expression });
    }
    m_referencePatterns = patterns;
    m_compiled = compiled;
    return {};
}

void PersonalDataGuard::setPublicContacts(const QStringList &contacts)
{
    m_publicContacts.clear();
    for (const QString &contact : contacts) {
        if (!contact.trimmed().isEmpty())
            m_publicContacts.append(contact.trimmed());
    }
}

bool PersonalDataGuard::isPublicContact(PersonalDataFinding::Kind kind, const QString &text) const
{
    for (const QString &contact : m_publicContacts) {
        if (kind == Kind::PhoneNumber) {
            const QString a = phoneKey(contact);
            const QString b = phoneKey(text);
            if (a.size() >= 7 && b.size() >= 7 && (a.endsWith(b) || b.endsWith(a)))
                return true;
        } else if (kind == Kind::EmailAddress && contact.startsWith(QLatin1Char('@'))) {
            if (text.endsWith(contact, Qt::CaseInsensitive))
                return true;
        } else if (text.trimmed().compare(contact, Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

QList<PersonalDataFinding> PersonalDataGuard::scan(const QString &draft) const
{
    Scan scan(draft);
    const auto isPublic = [this](Kind kind, const QString &text) { return isPublicContact(kind, text); };

    // Order matters: exact, checked formats first; loose heuristics last, on what is left.
    findEmails(scan, isPublic);
    maskUrls(scan);
    findIbans(scan);
    findCards(scan);
    for (const CompiledPattern &compiled : m_compiled) {
        const bool hasRefGroup = compiled.expression.namedCaptureGroups().contains(QLatin1String("ref"));
        auto it = compiled.expression.globalMatch(scan.masked());
        while (it.hasNext()) {
            const auto m = it.next();
            const qsizetype start = hasRefGroup ? m.capturedStart(QStringLiteral("ref")) : m.capturedStart();
            const qsizetype length = hasRefGroup ? m.capturedLength(QStringLiteral("ref")) : m.capturedLength();
            if (start < 0 || length <= 0 || !scan.isFree(start, length))
                continue;
            const QString text = draft.mid(start, length);
            if (isPublicContact(Kind::Reference, text))
                continue;
            scan.add(Kind::Reference, start, length,
                QCoreApplication::translate("Care::Core::PersonalDataGuard", "%1: '%2'")
                    .arg(compiled.pattern.description, text),
                compiled.pattern.id);
        }
    }
    findPhones(scan);
    // Phones found but allowed (the brand's hotline) are dropped here rather than inside
    // findPhones, which keeps that detector free of configuration.
    QList<PersonalDataFinding> &findings = scan.findings();
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                       [this](const PersonalDataFinding &f) {
                           return f.kind == Kind::PhoneNumber && isPublicContact(f.kind, f.text);
                       }),
        findings.end());
    findAddresses(scan, isPublic);

    QList<PersonalDataFinding> result = scan.findings();
    std::sort(result.begin(), result.end(),
        [](const PersonalDataFinding &a, const PersonalDataFinding &b) { return a.position < b.position; });
    return result;
}

QString PersonalDataGuard::privateMovePublicLine(const QList<PersonalDataFinding> &findings) const
{
    bool payment = false;
    bool booking = false;
    bool order = false;
    bool contact = false;
    for (const PersonalDataFinding &f : findings) {
        switch (f.kind) {
        case Kind::PaymentCard:
        case Kind::Iban:
            payment = true;
            break;
        case Kind::PhoneNumber:
        case Kind::EmailAddress:
        case Kind::PostalAddress:
            contact = true;
            break;
        case Kind::Reference: {
            const auto it = std::find_if(m_referencePatterns.cbegin(), m_referencePatterns.cend(),
                [&f](const ReferencePattern &p) { return p.id == f.patternId; });
            const auto topic = it == m_referencePatterns.cend() ? ReferencePattern::Topic::Other : it->topic;
            if (topic == ReferencePattern::Topic::Order)
                order = true;
            else
                booking = true;
            break;
        }
        }
    }
    // Whole sentences, one per case, so translators never have to glue fragments together.
    if (payment)
        return QCoreApplication::translate("Care::Core::PersonalDataGuard",
            "We've sent you a private message so we can sort out the payment details "
            "safely. Please never share card or bank details in a public post.");
    if (booking)
        return QCoreApplication::translate("Care::Core::PersonalDataGuard",
            "We've sent you a private message so we can look at your booking details safely.");
    if (order)
        return QCoreApplication::translate("Care::Core::PersonalDataGuard",
            "We've sent you a private message so we can look at your order details safely.");
    if (contact)
        return QCoreApplication::translate("Care::Core::PersonalDataGuard",
            "We've sent you a private message so we can take your contact details there, away from public view.");
    return QCoreApplication::translate(
        "Care::Core::PersonalDataGuard", "We've sent you a private message so we can look at your details safely.");
}

} // namespace Care::Core
