#include "core/CheckDigits.h"
#include "core/PersonalDataGuard.h"

#include <QTest>

using Care::Core::CheckDigits;
using Care::Core::PersonalDataFinding;
using Care::Core::PersonalDataGuard;
using Care::Core::Platform;
using Care::Core::ReferencePattern;
using Care::Core::Visibility;
using Kind = Care::Core::PersonalDataFinding::Kind;

Q_DECLARE_METATYPE(Care::Core::PersonalDataFinding::Kind)

namespace {

QString describe(const QList<PersonalDataFinding> &findings)
{
    QStringList parts;
    for (const auto &f : findings)
        parts << f.explanation;
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestPersonalDataGuard : public QObject
{
    Q_OBJECT

private slots:
    void checkDigits()
    {
        QVERIFY(CheckDigits::luhnValid(u"4111111111111111"));
        QVERIFY(CheckDigits::luhnValid(u"378282246310005"));
        QVERIFY(!CheckDigits::luhnValid(u"4111111111111112"));
        QVERIFY(!CheckDigits::luhnValid(u"41111111x1111111"));
        QVERIFY(!CheckDigits::luhnValid(u""));
        QVERIFY(CheckDigits::ibanValid(u"DE89370400440532013000"));
        QVERIFY(CheckDigits::ibanValid(u"gb82west12345698765432"));
        QVERIFY(!CheckDigits::ibanValid(u"DE89370400440532013001"));
        QVERIFY(!CheckDigits::ibanValid(u"DE89 3704 0044 0532 0130 00")); // must be compact
        QVERIFY(!CheckDigits::ibanValid(u"DE8937"));
    }

    void findsPersonalData_data()
    {
        QTest::addColumn<QString>("draft");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("expected");

        const auto row = [](const char *name, const char *draft, Kind kind, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(draft) << kind << QString::fromUtf8(expected);
        };
        // Phone numbers
        row("intl spaces", "Call me on +49 30 1234567 please", Kind::PhoneNumber, "+49 30 1234567");
        row("intl mobile", "my number: +49 171 2345678", Kind::PhoneNumber, "+49 171 2345678");
        row("area code in parens", "ring (030) 123-4567 after six", Kind::PhoneNumber, "(030) 123-4567");
        row("german mobile", "0171 2345678", Kind::PhoneNumber, "0171 2345678");
        row("german mobile dash", "reach me at 0171-2345678.", Kind::PhoneNumber, "0171-2345678");
        row("german mobile unseparated", "01712345678", Kind::PhoneNumber, "01712345678");
        row("slash", "Festnetz 030/1234567", Kind::PhoneNumber, "030/1234567");
        row("uk intl", "+44 20 7946 0958", Kind::PhoneNumber, "+44 20 7946 0958");
        row("us intl", "text +1 (555) 123-4567 now", Kind::PhoneNumber, "+1 (555) 123-4567");
        row("us national", "555-123-4567", Kind::PhoneNumber, "555-123-4567");
        row("double zero", "0049 30 1234567", Kind::PhoneNumber, "0049 30 1234567");
        row("trunk zero in parens", "+49 (0)30 1234567", Kind::PhoneNumber, "+49 (0)30 1234567");
        row("french pairs", "appelez le 01 23 45 67 89", Kind::PhoneNumber, "01 23 45 67 89");
        row("french dots", "01.23.45.67.89", Kind::PhoneNumber, "01.23.45.67.89");
        row("spanish with keyword", "Mi móvil es 612 345 678", Kind::PhoneNumber, "612 345 678");
        row("after a date", "on 12.03. 0171 2345678", Kind::PhoneNumber, "0171 2345678");
        row("after a flight", "flight LH 400 030 1234567", Kind::PhoneNumber, "030 1234567");
        // E-mail
        row("email", "write to anna.schmidt@example.com today", Kind::EmailAddress, "anna.schmidt@example.com");
        row("email plus", "ANNA+care@mail.example.de", Kind::EmailAddress, "ANNA+care@mail.example.de");
        row("email unicode", "jürgen.müller@beispiel.de.", Kind::EmailAddress, "jürgen.müller@beispiel.de");
        // Postal addresses
        row("english street", "send it to 12 Baker Street tomorrow", Kind::PostalAddress, "12 Baker Street");
        row("english house letter", "221B Baker St., London", Kind::PostalAddress, "221B Baker St.");
        row("english ordinal", "350 5th Avenue", Kind::PostalAddress, "350 5th Avenue");
        row("german compound", "Ich wohne Hauptstraße 5.", Kind::PostalAddress, "Hauptstraße 5");
        row("german abbreviated", "Hauptstr. 5a", Kind::PostalAddress, "Hauptstr. 5a");
        row("german two words", "Berliner Straße 12", Kind::PostalAddress, "Berliner Straße 12");
        row("german damm", "Kurfürstendamm 21", Kind::PostalAddress, "Kurfürstendamm 21");
        row("german range", "Wir sind in der Friedrichstraße 43-45.", Kind::PostalAddress, "Friedrichstraße 43-45");
        row("english range", "12-14 Mill Lane", Kind::PostalAddress, "12-14 Mill Lane");
        row("spanish", "vivo en Calle Mayor 3", Kind::PostalAddress, "Calle Mayor 3");
        row("spanish long", "Avenida de la Constitución, 12", Kind::PostalAddress, "Avenida de la Constitución, 12");
        row("french number last", "rue de Rivoli 10", Kind::PostalAddress, "rue de Rivoli 10");
        row("french number first", "au 10 rue de Rivoli", Kind::PostalAddress, "10 rue de Rivoli");
        row("italian", "Via Roma 5", Kind::PostalAddress, "Via Roma 5");
        row("postcode and town", "in 10115 Berlin", Kind::PostalAddress, "10115 Berlin");
        row("postcode with country", "D-80331 München", Kind::PostalAddress, "D-80331 München");
        row("french postcode", "75001 Paris", Kind::PostalAddress, "75001 Paris");
        row("uk postcode", "London SW1A 1AA", Kind::PostalAddress, "SW1A 1AA");
        row("uk postcode short", "M1 1AE", Kind::PostalAddress, "M1 1AE");
        // Payment cards and IBANs
        row("card spaces", "card 4111 1111 1111 1111 exp 12/26", Kind::PaymentCard, "4111 1111 1111 1111");
        row("card dashes", "4111-1111-1111-1111", Kind::PaymentCard, "4111-1111-1111-1111");
        row("card compact", "5555555555554444", Kind::PaymentCard, "5555555555554444");
        row("card amex", "3782 822463 10005", Kind::PaymentCard, "3782 822463 10005");
        row("iban grouped", "IBAN DE89 3704 0044 0532 0130 00 and BIC", Kind::Iban, "DE89 3704 0044 0532 0130 00");
        row("iban compact", "DE89370400440532013000", Kind::Iban, "DE89370400440532013000");
        row("iban uk letters", "GB82 WEST 1234 5698 7654 32", Kind::Iban, "GB82 WEST 1234 5698 7654 32");
        row("iban french", "FR14 2004 1010 0505 0001 3M02 606", Kind::Iban, "FR14 2004 1010 0505 0001 3M02 606");
        // Booking and order references
        row("pnr", "my PNR is K7XQ2M.", Kind::Reference, "K7XQ2M");
        row("pnr with keyword", "booking reference K7XQ2M", Kind::Reference, "K7XQ2M");
        row("booking number", "Buchungsnummer: 88231407", Kind::Reference, "88231407");
        row("order", "lid cracked on order 4471", Kind::Reference, "4471");
        row("order hash", "Order #4471 arrived broken", Kind::Reference, "4471");
        row("order no", "order no. 4471", Kind::Reference, "4471");
        row("order german", "Bestellnummer 123456", Kind::Reference, "123456");
        row("order spanish", "pedido nº 12345", Kind::Reference, "12345");
        row("hash reference", "see #SKY-20931 for details", Kind::Reference, "#SKY-20931");
        row("e-ticket", "Your ticket 220-1234567890 is valid.", Kind::Reference, "220-1234567890");
        row("e-ticket compact", "E-Ticket Nr. 2201234567890", Kind::Reference, "2201234567890");
    }

    void findsPersonalData()
    {
        QFETCH(QString, draft);
        QFETCH(Kind, kind);
        QFETCH(QString, expected);
        const PersonalDataGuard guard;
        const auto findings = guard.scan(draft);
        QVERIFY2(findings.size() == 1, qPrintable(QStringLiteral("found: ") + describe(findings)));
        QCOMPARE(findings.first().kind, kind);
        QCOMPARE(findings.first().text, expected);
        QCOMPARE(draft.mid(findings.first().position, findings.first().length), expected);
    }

    void noFalseAlarms_data()
    {
        QTest::addColumn<QString>("draft");
        const auto row = [](const char *draft) { QTest::newRow(draft) << QString::fromUtf8(draft); };
        row("Your flight LH 400 leaves at 07:45 on 12.03. from gate B12.");
        row("The refund of £25.99 is on its way.");
        row("That is €1.299,00 in total, or $1,299.00.");
        row("You can bring 2 bags and 1 carry-on.");
        row("Please go to gate B12 in Terminal 2.");
        row("We confirmed it on 12.03.2024 at 07:45.");
        row("New date: 2024-03-12, or 03/12/2024, or 12/03/24.");
        row("We are open 09.00-17.00 and from 08:00 to 20:00 at weekends.");
        row("Booking for 2 adults, 1 child, 3 nights.");
        row("We have 1,234,567 customers and 1 299 000 followers.");
        row("ISBN 978-3-16-148410-0");
        row("The A380 and the 737 MAX are both on the route.");
        row("Seat 12A in row 23, version 2.4.1 of the app.");
        row("Refunds within 30 days, answers within 14 days.");
        row("Tracking: 00340434161234567890");
        row("Invoice 2024-0001 is attached.");
        row("That is 10000 Miles or 50000 Punkte.");
        row("Please DM us, THANKS from BERLIN and LONDON!");
        row("Flight LH4000, aircraft AB1234, 2024Q1 report, 1000MG tablets, COVID19.");
        row("I'd like to order 2 bags, in order to order 100 units later.");
        row("Follow #Summer2024 and #WWDC2024 for news.");
        row("Ask @kettle_fan@social.example or @acme.");
        row("See https://x.com/acme/status/1234567890123456789 and https://acme.example/o?id=01712345678");
        row("Der Platz 5 ist frei, Sitzplatz 12 auch.");
        row("We'll route you via Frankfurt 2 hours later.");
        row("It weighs 1.5 kg, about 0.5 l.");
        row("Room 1204 on floor 12.");
        row("The card 4111 1111 1111 1112 is not a valid number.");
        row("DE89 3704 0044 0532 0130 01 has a typo.");
        row("iPhone 15 and Galaxy S24 both work.");
        row("Your booking 2024-03-12 is confirmed for 4 people.");
        row("Call us between 9 and 17 o'clock.");
        row("Sorry for the wait, Maria! We're on it.");
        row("We are open 14:30-16:00 and from 10.30 to 12.00, delivery on 12.3. or 1.4.2024.");
        row("A prize of £1,000,000! Score 3:1, 2/3 of customers, 50% off, -5 to 10 degrees.");
        row("Your refund of EUR 1234567 was sent; the new price is 1.299.000 EUR.");
        row("Parcel 4006381333931 and barcode 9783161484100.");
        row("Flights EW9470, 4U 8832 and U2 8765 are on time.");
        row("Coordinates 52.5200, 13.4050 and 0.123456789.");
    }

    void noFalseAlarms()
    {
        QFETCH(QString, draft);
        const PersonalDataGuard guard;
        const auto findings = guard.scan(draft);
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void explanationsAreReadable()
    {
        const PersonalDataGuard guard;
        const auto phone = guard.scan(QStringLiteral("Call +49 171 2345678"));
        QCOMPARE(phone.size(), 1);
        QCOMPARE(phone.first().explanation, QStringLiteral("a phone number: '+49 171 2345678'"));
        QCOMPARE(phone.first().position, 5);
        QCOMPARE(phone.first().length, 15);

        const auto pnr = guard.scan(QStringLiteral("K7XQ2M"));
        QCOMPARE(pnr.first().explanation, QStringLiteral("a booking reference: 'K7XQ2M'"));
        QCOMPARE(pnr.first().patternId, QStringLiteral("pnr"));

        const auto order = guard.scan(QStringLiteral("order 4471"));
        QCOMPARE(order.first().explanation, QStringLiteral("an order number: '4471'"));

        // The full card number must not travel into logs through the explanation.
        const auto card = guard.scan(QStringLiteral("4111 1111 1111 1111"));
        QCOMPARE(card.first().explanation, QStringLiteral("a payment card number ending in 1111"));
        QCOMPARE(card.first().text, QStringLiteral("4111 1111 1111 1111"));

        const auto email = guard.scan(QStringLiteral("a@example.org"));
        QCOMPARE(email.first().explanation, QStringLiteral("an e-mail address: 'a@example.org'"));
    }

    void streetAndPostcodeAreOneAddress()
    {
        const PersonalDataGuard guard;
        const QString draft = QStringLiteral("Bitte an Hauptstraße 5, 10115 Berlin schicken.");
        const auto findings = guard.scan(draft);
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().kind, Kind::PostalAddress);
        QCOMPARE(findings.first().text, QStringLiteral("Hauptstraße 5, 10115 Berlin"));
        QCOMPARE(findings.first().explanation, QStringLiteral("a postal address: 'Hauptstraße 5, 10115 Berlin'"));

        const auto uk = guard.scan(QStringLiteral("SW1A 1AA"));
        QCOMPARE(uk.first().explanation, QStringLiteral("a postcode: 'SW1A 1AA'"));
    }

    void severalFindingsInOrder()
    {
        const PersonalDataGuard guard;
        const QString draft
            = QStringLiteral("Hi Maria, we have your booking K7XQ2M, card 4111 1111 1111 1111, phone 0171 2345678 and "
                             "maria@example.com on file; the bags go to 12 Baker Street at 07:45 on 12.03.");
        const auto findings = guard.scan(draft);
        QCOMPARE(findings.size(), 5);
        QCOMPARE(findings.at(0).kind, Kind::Reference);
        QCOMPARE(findings.at(1).kind, Kind::PaymentCard);
        QCOMPARE(findings.at(2).kind, Kind::PhoneNumber);
        QCOMPARE(findings.at(3).kind, Kind::EmailAddress);
        QCOMPARE(findings.at(4).kind, Kind::PostalAddress);
        for (int i = 1; i < findings.size(); ++i)
            QVERIFY(findings.at(i - 1).end() <= findings.at(i).position);
    }

    void publicContactsAreAllowed()
    {
        PersonalDataGuard guard;
        const QString draft
            = QStringLiteral("Call our hotline +49 30 1234567 or write to support@acme.example or care@acme.example.");
        QCOMPARE(guard.scan(draft).size(), 3);

        guard.setPublicContacts({ QStringLiteral("030 1234567"), QStringLiteral("@acme.example") });
        QVERIFY2(guard.scan(draft).isEmpty(), qPrintable(describe(guard.scan(draft))));
        // Only the brand's own number is allowed, not every number.
        const auto other = guard.scan(QStringLiteral("or 030 7654321"));
        QCOMPARE(other.size(), 1);
        QCOMPARE(other.first().kind, Kind::PhoneNumber);
        // A customer address at another domain is still flagged.
        QCOMPARE(guard.scan(QStringLiteral("maria@example.com")).size(), 1);
        // The allowed domain must be the whole domain, not a suffix of another word.
        QCOMPARE(guard.scan(QStringLiteral("x@notacme.example")).size(), 1);
    }

    void customReferencePatterns()
    {
        PersonalDataGuard guard;
        QList<ReferencePattern> patterns = PersonalDataGuard::defaultReferencePatterns();
        patterns.append(ReferencePattern { QStringLiteral("case"), QStringLiteral("a case number"),
            QStringLiteral(R"(\bCASE-\d{6}\b)"), true, ReferencePattern::Topic::Other });
        QVERIFY(guard.setReferencePatterns(patterns).ok());
        const auto findings = guard.scan(QStringLiteral("see CASE-123456"));
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().explanation, QStringLiteral("a case number: 'CASE-123456'"));
        QCOMPARE(findings.first().patternId, QStringLiteral("case"));

        // A broken pattern is an error value and leaves the working set untouched.
        const auto status = guard.setReferencePatterns(
            { ReferencePattern { QStringLiteral("broken"), QStringLiteral("x"), QStringLiteral("(["), true, {} } });
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, Care::Core::Error::Code::InvalidInput);
        QVERIFY(status.error().message.contains(QLatin1String("broken")));
        QCOMPARE(guard.referencePatterns().size(), patterns.size());
        QCOMPARE(guard.scan(QStringLiteral("CASE-123456")).size(), 1);

        // Without reference patterns PNRs are not looked for.
        QVERIFY(guard.setReferencePatterns({}).ok());
        QVERIFY(guard.scan(QStringLiteral("K7XQ2M")).isEmpty());
    }

    void appliesToPublicRepliesOnly()
    {
        QVERIFY(PersonalDataGuard::appliesTo(Visibility::Public));
        QVERIFY(!PersonalDataGuard::appliesTo(Visibility::Private));
        QVERIFY(PersonalDataGuard::appliesTo(Visibility::Public, Platform::X));
        QVERIFY(PersonalDataGuard::appliesTo(Visibility::Public, Platform::Facebook));
        QVERIFY(!PersonalDataGuard::appliesTo(Visibility::Private, Platform::Mastodon));
        QVERIFY(!PersonalDataGuard::appliesTo(Visibility::Public, Platform::Email));
    }

    void privateMoveLineFitsWhatWasFound()
    {
        const PersonalDataGuard guard;
        QCOMPARE(guard.privateMovePublicLine(guard.scan(QStringLiteral("K7XQ2M"))),
            QStringLiteral("We've sent you a private message so we can look at your booking details safely."));
        QCOMPARE(guard.privateMovePublicLine(guard.scan(QStringLiteral("order 4471"))),
            QStringLiteral("We've sent you a private message so we can look at your order details safely."));
        const QString payment = guard.privateMovePublicLine(guard.scan(QStringLiteral("4111 1111 1111 1111")));
        QVERIFY(payment.contains(QLatin1String("payment details")));
        // Payment wins over anything else found with it.
        QCOMPARE(guard.privateMovePublicLine(guard.scan(QStringLiteral("K7XQ2M 4111 1111 1111 1111"))), payment);
        QVERIFY(guard.privateMovePublicLine(guard.scan(QStringLiteral("0171 2345678")))
                    .contains(QLatin1String("contact details")));
        QCOMPARE(guard.privateMovePublicLine(),
            QStringLiteral("We've sent you a private message so we can look at your details safely."));
    }

    void emptyAndPlainTextIsQuick()
    {
        const PersonalDataGuard guard;
        QVERIFY(guard.scan(QString()).isEmpty());
        QVERIFY(guard.scan(QStringLiteral("   ")).isEmpty());
        // A long ordinary reply (a few thousand characters) stays clean.
        QString text;
        for (int i = 0; i < 200; ++i)
            text += QStringLiteral("We are very sorry to hear about your problem. ");
        QVERIFY(guard.scan(text).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPersonalDataGuard)
#include "tst_personaldataguard.moc"
