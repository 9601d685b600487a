// Customers (merge, unmerge, find, their conversations newest first), the inbox's priority and
// due filters, the response-time report and e-mail threading across channels, run unchanged
// against both backends (StoreActionsFixture).
#include "StoreActionsFixture.h"

class TestStoreCustomers : public StoreActionsFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString problem = chooseBackend();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init()
    {
        const QString problem = openTestStore();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup() { m_db.reset(); }

    // --- customers ----------------------------------------------------------------------------

    void mergeAndUnmergeCustomers()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("A1"), QStringLiteral("a"), kBase, QStringLiteral("x-1001"),
                                   QStringLiteral("Anna Schmidt"), QStringLiteral("@Anna_S")),
                           outbound(x, QStringLiteral("A2"), QStringLiteral("a"), kBase.addSecs(120),
                                    QStringLiteral("x-1001")),
                           inbound(em, QStringLiteral("B1"), QStringLiteral("b"), kBase.addSecs(60),
                                   QStringLiteral("anna@example.com"), QStringLiteral("A. Schmidt"),
                                   QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("C1"), QStringLiteral("c"), kBase.addSecs(30),
                                   QStringLiteral("x-2002"), QStringLiteral("Ben Okafor"), QStringLiteral("@benok"))}));
        const qint64 anna = customerOf(conversationOf(x, QStringLiteral("a")));
        const qint64 annaMail = customerOf(conversationOf(em, QStringLiteral("b")));
        const qint64 ben = customerOf(conversationOf(x, QStringLiteral("c")));
        QVERIFY(anna > 0 && annaMail > 0 && ben > 0);
        QCOMPARE(QSet<qint64>({anna, annaMail, ben}).size(), 3);

        Store::CustomerRepository customers(*m_db);
        Store::AuditRepository audit(*m_db);
        const auto group = [&](qint64 id) {
            auto g = customers.mergedGroup(id);
            return g ? sorted(g.value()) : QList<qint64>{-1};
        };
        const auto handles = [&](qint64 id) {
            QStringList out;
            auto list = customers.identities(id);
            if (!list)
                return QStringList{QStringLiteral("<error>")};
            for (const auto &i : list.value())
                out << i.handle;
            out.sort();
            return out;
        };
        QCOMPARE(group(anna), QList<qint64>{anna});
        QCOMPARE(handles(anna), QStringList{QStringLiteral("@Anna_S")});

        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        QCOMPARE(group(anna), sorted({anna, annaMail}));
        QCOMPARE(group(annaMail), sorted({anna, annaMail}));
        QCOMPARE(group(ben), QList<qint64>{ben});
        const QStringList both{QStringLiteral("@Anna_S"), QStringLiteral("anna@example.com")};
        QCOMPARE(handles(anna), both);
        QCOMPARE(handles(annaMail), both);
        QCOMPARE(customers.get(annaMail)->mergedInto, anna);
        QCOMPARE(customers.get(anna)->mergedInto, qint64(0));
        auto members = customers.mergedMembers(anna);
        QVERIFY_OK(members);
        QCOMPARE(customerIds(members.value()), QList<qint64>{annaMail});
        QCOMPARE(members->first().name, QStringLiteral("A. Schmidt"));
        QVERIFY(customers.mergedMembers(annaMail)->isEmpty());

        auto transcript = Store::MessageRepository(*m_db).transcript(customers.mergedGroup(annaMail).value(), 100);
        QVERIFY_OK(transcript);
        QStringList bodies;
        for (const auto &entry : transcript.value())
            bodies << entry.message.body;
        QCOMPARE(bodies, (QStringList{QStringLiteral("Body of A1"), QStringLiteral("Body of B1"),
                                      QStringLiteral("Body of A2")}));

        // Merging the same people again, either way round, is refused and not audited.
        for (const auto &[keep, absorb] : {std::pair{anna, annaMail}, std::pair{annaMail, anna}}) {
            const Core::Status again = customers.merge(keep, absorb, QStringLiteral("alice"));
            QVERIFY(!again.ok());
            QCOMPARE(again.error().code, Core::Error::Code::InvalidInput);
            QVERIFY2(again.error().message.contains(QStringLiteral("already the same customer")),
                     qPrintable(again.error().message));
        }
        const Core::Status self = customers.merge(ben, ben, QStringLiteral("alice"));
        QVERIFY(!self.ok());
        QCOMPARE(self.error().code, Core::Error::Code::InvalidInput);

        auto mergeEvents = audit.forSubject(QStringLiteral("customer"), anna);
        QVERIFY_OK(mergeEvents);
        QCOMPARE(mergeEvents->size(), 1);
        QCOMPARE(mergeEvents->first().action, QStringLiteral("customer.merge"));
        QCOMPARE(mergeEvents->first().actor, QStringLiteral("alice"));
        QCOMPARE(mergeEvents->first().detail, QString::number(annaMail));

        QVERIFY_OK(customers.unmerge(annaMail, QStringLiteral("bruno")));
        QCOMPARE(group(anna), QList<qint64>{anna});
        QCOMPARE(group(annaMail), QList<qint64>{annaMail});
        QCOMPARE(handles(anna), QStringList{QStringLiteral("@Anna_S")});
        QCOMPARE(handles(annaMail), QStringList{QStringLiteral("anna@example.com")});
        QCOMPARE(customers.get(annaMail)->mergedInto, qint64(0));
        QVERIFY(customers.mergedMembers(anna)->isEmpty());
        auto unmergeEvents = audit.forSubject(QStringLiteral("customer"), annaMail);
        QVERIFY_OK(unmergeEvents);
        QCOMPARE(unmergeEvents->size(), 1);
        QCOMPARE(unmergeEvents->first().action, QStringLiteral("customer.unmerge"));
        QCOMPARE(unmergeEvents->first().actor, QStringLiteral("bruno"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'customer.merge'")), qint64(1));

        // Separate again, they can be merged again.
        QVERIFY_OK(customers.merge(annaMail, anna, QStringLiteral("alice")));
        QCOMPARE(group(anna), sorted({anna, annaMail}));
        QCOMPARE(customers.get(anna)->mergedInto, annaMail);
    }

    void findCustomers()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("A1"), QStringLiteral("a"), kBase, QStringLiteral("x-1001"),
                                   QStringLiteral("Anna Schmidt"), QStringLiteral("@Anna_S")),
                           inbound(em, QStringLiteral("B1"), QStringLiteral("b"), kBase, QStringLiteral("anna@example.com"),
                                   QStringLiteral("A. Schmidt"), QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("C1"), QStringLiteral("c"), kBase, QStringLiteral("x-2002"),
                                   QStringLiteral("Ben Okafor"), QStringLiteral("@BenOK"))}));
        const qint64 anna = customerOf(conversationOf(x, QStringLiteral("a")));
        const qint64 annaMail = customerOf(conversationOf(em, QStringLiteral("b")));
        const qint64 ben = customerOf(conversationOf(x, QStringLiteral("c")));
        Store::CustomerRepository customers(*m_db);
        const auto find = [&](const QString &text) {
            auto found = customers.find(text, 50);
            if (!found) {
                qWarning() << "find failed:" << found.error().detail;
                return QList<qint64>{-1};
            }
            return customerIds(found.value());
        };

        QCOMPARE(find(QStringLiteral("schmidt")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("SCHMI")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("anna schmidt")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("  okafor ")), QList<qint64>{ben});
        QCOMPARE(find(QStringLiteral("@benok")), QList<qint64>{ben});  // handle, other case
        QCOMPARE(find(QStringLiteral("anna_s")), QList<qint64>{anna}); // handle only: the name has no "_"
        QCOMPARE(find(QStringLiteral("EXAMPLE.COM")), QList<qint64>{annaMail});
        QCOMPARE(find(QStringLiteral("x-2002")), QList<qint64>{ben}); // platform user id
        QCOMPARE(find(QStringLiteral("zebra")), QList<qint64>{});
        auto limited = customers.find(QStringLiteral("schmidt"), 1);
        QVERIFY_OK(limited);
        QCOMPARE(customerIds(limited.value()), QList<qint64>{anna});

        // A merged-away customer is not offered again; the person is found as the customer it was
        // merged into, also by the absorbed customer's handles.
        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        QCOMPARE(find(QStringLiteral("schmidt")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("a. schmidt")), QList<qint64>{});
        QCOMPARE(find(QStringLiteral("example.com")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("@")), (QList<qint64>{anna, ben}));

        QVERIFY_OK(customers.unmerge(annaMail, QStringLiteral("alice")));
        QCOMPARE(find(QStringLiteral("schmidt")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("example.com")), QList<qint64>{annaMail});
    }

    // --- conversations ------------------------------------------------------------------------

    void forCustomersNewestFirst()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("a1"), QStringLiteral("a-old"), kBase, QStringLiteral("anna")),
                           inbound(x, QStringLiteral("a2"), QStringLiteral("a-new"), kBase.addSecs(3000),
                                   QStringLiteral("anna")),
                           inbound(em, QStringLiteral("m1"), QStringLiteral("mail"), kBase.addSecs(1000),
                                   QStringLiteral("anna@example.com")),
                           outbound(em, QStringLiteral("m2"), QStringLiteral("mail"), kBase.addSecs(4000),
                                    QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("b1"), QStringLiteral("ben"), kBase.addSecs(2000),
                                   QStringLiteral("ben"))}));
        const qint64 aOld = conversationOf(x, QStringLiteral("a-old"));
        const qint64 aNew = conversationOf(x, QStringLiteral("a-new"));
        const qint64 mail = conversationOf(em, QStringLiteral("mail"));
        const qint64 benConv = conversationOf(x, QStringLiteral("ben"));
        const qint64 anna = customerOf(aOld);
        const qint64 annaMail = customerOf(mail);
        const qint64 ben = customerOf(benConv);
        QCOMPARE(customerOf(aNew), anna);

        Store::ConversationRepository conversations(*m_db);
        auto rows = conversations.forCustomers({anna, annaMail});
        QVERIFY_OK(rows);
        // Newest by last message: the mail thread's reply at +4000 s is the latest.
        QCOMPARE(ids(rows.value()), (QList<qint64>{mail, aNew, aOld}));
        QCOMPARE(rows->first().lastMessageAt, kBase.addSecs(4000));
        QCOMPARE(rows->first().platform, Core::Platform::Email);
        QCOMPARE(rows->at(1).customerId, anna);
        rows = conversations.forCustomers({anna});
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), (QList<qint64>{aNew, aOld}));
        rows = conversations.forCustomers({ben});
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), QList<qint64>{benConv});
        rows = conversations.forCustomers({});
        QVERIFY_OK(rows);
        QVERIFY(rows->isEmpty());

        // Through a merge: the group's history.
        Store::CustomerRepository customers(*m_db);
        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        rows = conversations.forCustomers(customers.mergedGroup(annaMail).value());
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), (QList<qint64>{mail, aNew, aOld}));
    }

    void inboxPriorityFilter()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QList<IncomingMessage> batch;
        for (int i = 0; i < 5; ++i)
            batch << inbound(x, QStringLiteral("m%1").arg(i), QStringLiteral("t%1").arg(i), kBase.addSecs(60 * i),
                             QStringLiteral("u%1").arg(i));
        QVERIFY_OK(ingest(batch));
        QList<qint64> c;
        for (int i = 0; i < 5; ++i)
            c << conversationOf(x, QStringLiteral("t%1").arg(i));
        Store::ConversationRepository conversations(*m_db);
        QVERIFY_OK(conversations.setPriority(c[0], Core::Priority::High));
        QVERIFY_OK(conversations.setPriority(c[1], Core::Priority::Urgent));
        QVERIFY_OK(conversations.setPriority(c[3], Core::Priority::High));
        QVERIFY_OK(conversations.setPriority(c[4], Core::Priority::Low));
        QCOMPARE(conversations.get(c[1])->priority, Core::Priority::Urgent);
        QCOMPARE(conversations.row(c[4])->priority, Core::Priority::Low);
        QCOMPARE(conversations.row(c[2])->priority, Core::Priority::Normal);

        InboxFilter f; // SlaDue: the earliest due first, i.e. the order of arrival here
        f.priority = Core::Priority::High;
        QVERIFY(inboxIs(f, {c[0], c[3]}));
        f.priority = Core::Priority::Urgent;
        QVERIFY(inboxIs(f, {c[1]}));
        f.priority = Core::Priority::Normal;
        QVERIFY(inboxIs(f, {c[2]}));
        f.priority = Core::Priority::Low;
        QVERIFY(inboxIs(f, {c[4]}));
        f.priority.reset();
        QVERIFY(inboxIs(f, c));

        // Combined with another filter; and a changed priority moves the conversation.
        QVERIFY_OK(conversations.setPriority(c[3], Core::Priority::Urgent));
        f.priority = Core::Priority::Urgent;
        QVERIFY(inboxIs(f, {c[1], c[3]}));
        QVERIFY_OK(conversations.setStatus(c[1], Core::ConversationStatus::Resolved));
        f.statuses = {Core::ConversationStatus::Open};
        QVERIFY(inboxIs(f, {c[3]}));
    }

    void inboxDueBeforeAndAfterBoundaries()
    {
        // due_at = waiting_since + 1 h: due at base+60, +70, +80 and +90 minutes; one answered, one
        // resolved (no clock either way).
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const auto at = [&](int minutes) { return kBase.addSecs(60 * minutes); };
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m0"), QStringLiteral("t0"), at(0), QStringLiteral("u0")),
                           inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), at(10), QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), at(20), QStringLiteral("u2")),
                           inbound(x, QStringLiteral("m3"), QStringLiteral("t3"), at(30), QStringLiteral("u3")),
                           inbound(x, QStringLiteral("a1"), QStringLiteral("answered"), at(5), QStringLiteral("u4")),
                           outbound(x, QStringLiteral("a2"), QStringLiteral("answered"), at(6), QStringLiteral("u4")),
                           inbound(x, QStringLiteral("r1"), QStringLiteral("resolved"), at(15), QStringLiteral("u5"))}));
        const qint64 c0 = conversationOf(x, QStringLiteral("t0"));
        const qint64 c1 = conversationOf(x, QStringLiteral("t1"));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        const qint64 c3 = conversationOf(x, QStringLiteral("t3"));
        const qint64 answered = conversationOf(x, QStringLiteral("answered"));
        const qint64 resolved = conversationOf(x, QStringLiteral("resolved"));
        Store::ConversationRepository conversations(*m_db);
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("alice"))
                       .setStatus(resolved, Core::ConversationStatus::Resolved));
        QCOMPARE(conversations.row(c1)->dueAt, at(70));
        QCOMPARE(scalar(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"),
                        {{QStringLiteral(":id"), c1}}),
                 at(10).toMSecsSinceEpoch() + kTargetMs);
        QVERIFY(!conversations.row(answered)->dueAt.isValid());
        QVERIFY(!conversations.row(resolved)->dueAt.isValid());

        InboxFilter f;
        QVERIFY(inboxIs(f, {c0, c1, c2, c3, resolved, answered})); // no clock last, newest first

        // Before is strict, after is inclusive: at any instant the two split the running clocks.
        f.dueBefore = at(70);
        QVERIFY(inboxIs(f, {c0}));
        f.dueBefore = at(70).addMSecs(1);
        QVERIFY(inboxIs(f, {c0, c1}));
        f.dueBefore = at(60);
        QVERIFY(inboxIs(f, {}));
        f = InboxFilter{};
        f.dueAfter = at(70);
        QVERIFY(inboxIs(f, {c1, c2, c3}));
        f.dueAfter = at(70).addMSecs(1);
        QVERIFY(inboxIs(f, {c2, c3}));
        f.dueAfter = at(90).addMSecs(1);
        QVERIFY(inboxIs(f, {}));

        // A window: due from +70 (inclusive) to +90 (exclusive).
        f = InboxFilter{};
        f.dueAfter = at(70);
        f.dueBefore = at(90);
        QVERIFY(inboxIs(f, {c1, c2}));
        f.sort = InboxFilter::Sort::Newest;
        QVERIFY(inboxIs(f, {c2, c1}));

        // An answer stops the clock, so the conversation leaves both.
        QVERIFY_OK(ingest({outbound(x, QStringLiteral("m1-reply"), QStringLiteral("t1"), at(40),
                                    QStringLiteral("u1"))}));
        f = InboxFilter{};
        f.dueAfter = at(70);
        QVERIFY(inboxIs(f, {c2, c3}));
        f = InboxFilter{};
        f.dueBefore = at(90).addMSecs(1);
        QVERIFY(inboxIs(f, {c0, c2, c3}));
    }

    // --- response time report -----------------------------------------------------------------

    void responseTimeReportByDayAndPlatform()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 fb = account(Core::Platform::Facebook, QStringLiteral("Brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const auto t = [](int day, int hour, int minute, int second = 0) {
            return QDateTime(QDate(2024, 3, day), QTime(hour, minute, second), Qt::UTC);
        };
        // Window: 4–10 March 2024 (today = 10 March, 7 days), UTC.
        QVERIFY_OK(ingest({
            // X, 5 March: 1200 s. The automatic acknowledgement and the note are no response.
            inbound(x, QStringLiteral("x1-in"), QStringLiteral("x1"), t(5, 10, 0), QStringLiteral("x-u1")),
            automaticAck(x, QStringLiteral("x1-ack"), QStringLiteral("x1"), t(5, 10, 0, 30), QStringLiteral("x-u1")),
            note(x, QStringLiteral("x1-note"), QStringLiteral("x1"), t(5, 10, 1), QStringLiteral("x-u1")),
            outbound(x, QStringLiteral("x1-out"), QStringLiteral("x1"), t(5, 10, 20), QStringLiteral("x-u1")),
            // X, 5 March: 600 s, measured from the first inbound message.
            inbound(x, QStringLiteral("x2-in"), QStringLiteral("x2"), t(5, 12, 0), QStringLiteral("x-u2")),
            inbound(x, QStringLiteral("x2-in2"), QStringLiteral("x2"), t(5, 12, 5), QStringLiteral("x-u2")),
            outbound(x, QStringLiteral("x2-out"), QStringLiteral("x2"), t(5, 12, 10), QStringLiteral("x-u2")),
            outbound(x, QStringLiteral("x2-out2"), QStringLiteral("x2"), t(5, 12, 30), QStringLiteral("x-u2")),
            // X, 5 March: 3600 s.
            inbound(x, QStringLiteral("x3-in"), QStringLiteral("x3"), t(5, 15, 0), QStringLiteral("x-u3")),
            outbound(x, QStringLiteral("x3-out"), QStringLiteral("x3"), t(5, 16, 0), QStringLiteral("x-u3")),
            // X, 7 March: 120 s.
            inbound(x, QStringLiteral("x4-in"), QStringLiteral("x4"), t(7, 9, 0), QStringLiteral("x-u4")),
            outbound(x, QStringLiteral("x4-out"), QStringLiteral("x4"), t(7, 9, 2), QStringLiteral("x-u4")),
            // X, 7 March late: 1800 s, answered after midnight, counted on the day it arrived.
            inbound(x, QStringLiteral("x5-in"), QStringLiteral("x5"), t(7, 23, 50), QStringLiteral("x-u5")),
            outbound(x, QStringLiteral("x5-out"), QStringLiteral("x5"), t(8, 0, 20), QStringLiteral("x-u5")),
            // Facebook, 5 March: 300 s.
            inbound(fb, QStringLiteral("f1-in"), QStringLiteral("f1"), t(5, 8, 0), QStringLiteral("fb-u1")),
            outbound(fb, QStringLiteral("f1-out"), QStringLiteral("f1"), t(5, 8, 5), QStringLiteral("fb-u1")),
            // Facebook, 9 March: only an acknowledgement and a note: unanswered.
            inbound(fb, QStringLiteral("f2-in"), QStringLiteral("f2"), t(9, 11, 0), QStringLiteral("fb-u2")),
            automaticAck(fb, QStringLiteral("f2-ack"), QStringLiteral("f2"), t(9, 11, 0, 5), QStringLiteral("fb-u2")),
            note(fb, QStringLiteral("f2-note"), QStringLiteral("f2"), t(9, 11, 30), QStringLiteral("fb-u2")),
            // Facebook, 9 March: the brand's post comes first; the answer to the customer is 1800 s.
            outbound(fb, QStringLiteral("f3-post"), QStringLiteral("f3"), t(9, 13, 0), QStringLiteral("fb-u3")),
            inbound(fb, QStringLiteral("f3-in"), QStringLiteral("f3"), t(9, 13, 10), QStringLiteral("fb-u3")),
            outbound(fb, QStringLiteral("f3-out"), QStringLiteral("f3"), t(9, 13, 40), QStringLiteral("fb-u3")),
            // E-mail, 3 March: before the window.
            inbound(em, QStringLiteral("e1-in"), QStringLiteral("e1"), t(3, 23, 59), QStringLiteral("e-u1")),
            outbound(em, QStringLiteral("e1-out"), QStringLiteral("e1"), t(4, 0, 30), QStringLiteral("e-u1")),
            // E-mail, 6 March: a note only: unanswered.
            inbound(em, QStringLiteral("e2-in"), QStringLiteral("e2"), t(6, 14, 0), QStringLiteral("e-u2")),
            note(em, QStringLiteral("e2-note"), QStringLiteral("e2"), t(6, 14, 30), QStringLiteral("e-u2")),
            // E-mail, 10 March (today), last minute: 600 s.
            inbound(em, QStringLiteral("e3-in"), QStringLiteral("e3"), t(10, 23, 59), QStringLiteral("e-u3")),
            outbound(em, QStringLiteral("e3-out"), QStringLiteral("e3"), t(11, 0, 9), QStringLiteral("e-u3")),
            // E-mail, 11 March: after the window.
            inbound(em, QStringLiteral("e4-in"), QStringLiteral("e4"), t(11, 8, 0), QStringLiteral("e-u4")),
            outbound(em, QStringLiteral("e4-out"), QStringLiteral("e4"), t(11, 8, 10), QStringLiteral("e-u4")),
        }));

        auto report = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 7, QTimeZone::utc());
        QVERIFY_OK(report);
        QCOMPARE(report->days.size(), 7);
        for (int i = 0; i < 7; ++i)
            QCOMPARE(report->days.at(i).date, QDate(2024, 3, 4 + i));

        const auto day = [&](int d) { return report->days.at(d - 4); };
        QCOMPARE(day(4).inbound, 0);
        QVERIFY(!day(4).frt);
        // 5 March: 300, 600, 1200, 3600.
        QCOMPARE(day(5).inbound, 4);
        QVERIFY(day(5).frt);
        QCOMPARE(day(5).frt->count, 4);
        QCOMPARE(day(5).frt->median, 900.0);
        QCOMPARE(day(5).frt->p90, 3600.0);
        QCOMPARE(day(5).frt->mean, 1425.0);
        // 6 March: one unanswered e-mail.
        QCOMPARE(day(6).inbound, 1);
        QVERIFY(!day(6).frt);
        // 7 March: 120, 1800.
        QCOMPARE(day(7).inbound, 2);
        QVERIFY(day(7).frt);
        QCOMPARE(day(7).frt->count, 2);
        QCOMPARE(day(7).frt->median, 960.0);
        QCOMPARE(day(7).frt->p90, 1800.0);
        QCOMPARE(day(8).inbound, 0);
        QVERIFY(!day(8).frt);
        // 9 March: one unanswered, one 1800.
        QCOMPARE(day(9).inbound, 2);
        QVERIFY(day(9).frt);
        QCOMPARE(day(9).frt->count, 1);
        QCOMPARE(day(9).frt->median, 1800.0);
        QCOMPARE(day(9).frt->p90, 1800.0);
        // 10 March: 600.
        QCOMPARE(day(10).inbound, 1);
        QVERIFY(day(10).frt);
        QCOMPARE(day(10).frt->count, 1);
        QCOMPARE(day(10).frt->median, 600.0);

        // X: 120, 600, 1200, 1800, 3600. Facebook: 300, 1800. E-mail: 600.
        QCOMPARE(report->byPlatform.keys(),
                 (QList<Core::Platform>{Core::Platform::X, Core::Platform::Facebook, Core::Platform::Email}));
        const Core::Summary xs = report->byPlatform.value(Core::Platform::X);
        QCOMPARE(xs.count, 5);
        QCOMPARE(xs.median, 1200.0);
        QCOMPARE(xs.p90, 3600.0);
        QCOMPARE(xs.mean, 1464.0);
        const Core::Summary fbs = report->byPlatform.value(Core::Platform::Facebook);
        QCOMPARE(fbs.count, 2);
        QCOMPARE(fbs.median, 1050.0);
        QCOMPARE(fbs.p90, 1800.0);
        const Core::Summary ems = report->byPlatform.value(Core::Platform::Email);
        QCOMPARE(ems.count, 1);
        QCOMPARE(ems.median, 600.0);
        QCOMPARE(ems.p90, 600.0);

        // Overall: 120, 300, 600, 600, 1200, 1800, 1800, 3600.
        QVERIFY(report->overall);
        QCOMPARE(report->overall->count, 8);
        QCOMPARE(report->overall->median, 900.0);
        QCOMPARE(report->overall->p90, 3600.0);
        QCOMPARE(report->overall->mean, 1252.5);
        QCOMPARE(report->unanswered, 2);

        // A one-day window holds only today's conversation.
        auto oneDay = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 1, QTimeZone::utc());
        QVERIFY_OK(oneDay);
        QCOMPARE(oneDay->days.size(), 1);
        QCOMPARE(oneDay->days.first().inbound, 1);
        QVERIFY(oneDay->overall);
        QCOMPARE(oneDay->overall->count, 1);
        QCOMPARE(oneDay->overall->median, 600.0);
        QCOMPARE(oneDay->byPlatform.keys(), QList<Core::Platform>{Core::Platform::Email});
        QCOMPARE(oneDay->unanswered, 0);

        // Days are the zone's: at UTC+2 the 23:50 and 23:59 arrivals belong to the next day.
        auto shifted = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 7, QTimeZone(2 * 3600));
        QVERIFY_OK(shifted);
        QCOMPARE(shifted->days.at(7 - 4).inbound, 1); // 7 March: 09:00 UTC only
        QCOMPARE(shifted->days.at(8 - 4).inbound, 1); // 8 March: 23:50 UTC on the 7th
        QCOMPARE(shifted->days.at(4 - 4).inbound, 1); // 4 March: 23:59 UTC on the 3rd
        QCOMPARE(shifted->days.at(10 - 4).inbound, 0); // 23:59 UTC on the 10th is the 11th there
    }

    // --- answer by e-mail ---------------------------------------------------------------------

    // The e-mail answer threads onto the newest mail the store holds, even when the customer's
    // answer carries an earlier time than ours (a Date header in whole seconds on their clock): the
    // flaky email_servers case where the second answer went In-Reply-To our own first answer.
    void emailAnswerThreadsOntoTheNewestMailStored()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("acme@social.test"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const qint64 toot = tootOfCustomerPreferringEmail(mastodon);
        QVERIFY(toot > 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM customers WHERE id = :c"), {{QStringLiteral(":c"), customerOf(toot)}}),
                 qint64(1));

        ConversationActions actions(*m_db, QStringLiteral("maria"));
        auto first = actions.queueEmailAnswer(toot, em, QStringLiteral("Yes, both are covered."));
        QVERIFY_OK(first);
        auto firstItem = Store::OutboxRepository(*m_db).forMessage(first.value());
        QVERIFY_OK(firstItem);
        QVERIFY(firstItem->replyTo.isEmpty()); // a new thread
        QCOMPARE(firstItem->recipient, QStringLiteral("chris@example.com"));

        // Delivered as care-1@…; the customer's answer arrives, stamped half a second before it.
        const qint64 sentAt = scalar(QStringLiteral("SELECT created_at FROM messages WHERE id = :id"),
                                     {{QStringLiteral(":id"), first.value()}});
        QSqlQuery sent(m_db->connection());
        sent.prepare(QStringLiteral("UPDATE messages SET platform_message_id = 'care-1@brand.example', "
                                    "delivery_state = 'sent' WHERE id = :id"));
        sent.bindValue(QStringLiteral(":id"), first.value());
        QVERIFY2(sent.exec(), qPrintable(sent.lastError().text()));
        QSqlQuery answer(m_db->connection());
        answer.prepare(QStringLiteral(
            "INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, visibility, "
            "author_name, author_handle, body, search_text, created_at) VALUES (:c, :a, 'c4@example.com', 'inbound', "
            "'private', 'Chris', 'chris@example.com', 'And the spout?', 'And the spout?', :at)"));
        answer.bindValue(QStringLiteral(":c"), toot);
        answer.bindValue(QStringLiteral(":a"), em);
        answer.bindValue(QStringLiteral(":at"), sentAt - 500);
        QVERIFY2(answer.exec(), qPrintable(answer.lastError().text()));

        auto second = actions.queueEmailAnswer(toot, em, QStringLiteral("The spout too."));
        QVERIFY_OK(second);
        auto secondItem = Store::OutboxRepository(*m_db).forMessage(second.value());
        QVERIFY_OK(secondItem);
        QCOMPARE(secondItem->replyTo, QStringLiteral("c4@example.com"));
    }

    // A customer's e-mail answering our answer by e-mail from a Mastodon conversation continues
    // that conversation (the connector names it: MessageRepository::byPlatformId of the answer's
    // Message-ID), reopens it, and the next answer by e-mail is threaded onto it. A conversation
    // that is gone leaves the thread key to decide.
    void emailReplyToAnAnswerByEmailJoinsTheAnsweredConversation()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("acme@social.test"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const qint64 toot = tootOfCustomerPreferringEmail(mastodon);
        QVERIFY(toot > 0);
        ConversationActions actions(*m_db, QStringLiteral("maria"));
        auto first = actions.queueEmailAnswer(toot, em, QStringLiteral("Yes, both are covered."));
        QVERIFY_OK(first);
        QSqlQuery sent(m_db->connection());
        sent.prepare(QStringLiteral("UPDATE messages SET platform_message_id = 'care-1@brand.example', "
                                    "delivery_state = 'sent' WHERE id = :id"));
        sent.bindValue(QStringLiteral(":id"), first.value());
        QVERIFY2(sent.exec(), qPrintable(sent.lastError().text()));
        QVERIFY_OK(actions.setStatus(toot, Core::ConversationStatus::Resolved));

        auto answered = Store::MessageRepository(*m_db).byPlatformId(em, QStringLiteral("care-1@brand.example"));
        QVERIFY_OK(answered);
        QVERIFY(answered->has_value());
        QCOMPARE(answered->value().conversationId, toot);
        IncomingMessage reply = inbound(em, QStringLiteral("c4@example.com"), answered->value().threadKey,
                                        QDateTime::currentDateTimeUtc().addSecs(60), QStringLiteral("chris@example.com"));
        reply.visibility = Core::Visibility::Private;
        reply.conversationId = answered->value().conversationId;
        QVERIFY_OK(ingest({reply}));
        QCOMPARE(scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = 'c4@example.com'")),
                 toot);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE account_id = :a"), {{QStringLiteral(":a"), em}}),
                 qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE id = :c AND status = 'open'"), {{QStringLiteral(":c"), toot}}),
                 qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT message_count FROM conversations WHERE id = :c"), {{QStringLiteral(":c"), toot}}),
                 qint64(3));

        auto second = actions.queueEmailAnswer(toot, em, QStringLiteral("The spout too."));
        QVERIFY_OK(second);
        auto secondItem = Store::OutboxRepository(*m_db).forMessage(second.value());
        QVERIFY_OK(secondItem);
        QCOMPARE(secondItem->replyTo, QStringLiteral("c4@example.com"));

        IncomingMessage stray = inbound(em, QStringLiteral("c5@example.com"), QStringLiteral("mail:c5@example.com"),
                                        kBase.addSecs(7200), QStringLiteral("chris@example.com"));
        stray.conversationId = toot + 1000;
        QVERIFY_OK(ingest({stray}));
        const qint64 own = conversationOf(em, QStringLiteral("mail:c5@example.com"));
        QVERIFY(own > 0 && own != toot);
    }
};

QTEST_GUILESS_MAIN(TestStoreCustomers)
#include "tst_store_customers.moc"
