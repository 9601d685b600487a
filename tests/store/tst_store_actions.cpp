// What agents do to conversations (ConversationActions): claim, assign with a hand-off note,
// triage, the off-hours acknowledgement, status changes, dispositions, replies and notes, hiding
// and drafts, run unchanged against both backends (StoreActionsFixture).
#include "StoreActionsFixture.h"

class TestStoreActions : public StoreActionsFixture
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

    // --- claim and assign ---------------------------------------------------------------------

    void claimTakesAnUnassignedConversationOnce()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t1"));
        QVERIFY(c > 0);
        Store::ConversationRepository conversations(*m_db);
        QCOMPARE(conversations.get(c)->assignee, QString());

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QVERIFY_OK(alice.claim(c));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c), QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice"))});

        // Another agent claiming the same conversation is told who has it; nothing changes.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        const Core::Status lost = bruno.claim(c);
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().code, Core::Error::Code::Conflict);
        QVERIFY2(lost.error().message.contains(QStringLiteral("Alice Andersen")), qPrintable(lost.error().message));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c).size(), 1);

        // Claiming one's own conversation again is fine and writes no second event.
        QVERIFY_OK(alice.claim(c));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c).size(), 1);

        // An assignee without an agents row is named by id.
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), kBase, QStringLiteral("u2"))}));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        QVERIFY_OK(conversations.assign(c2, QStringLiteral("ghost")));
        const Core::Status ghost = bruno.claim(c2);
        QVERIFY(!ghost.ok());
        QCOMPARE(ghost.error().code, Core::Error::Code::Conflict);
        QVERIFY2(ghost.error().message.contains(QStringLiteral("ghost")), qPrintable(ghost.error().message));
        QVERIFY(events(c2).isEmpty());

        const Core::Status missing = alice.claim(c2 + 1000);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, Core::Error::Code::NotFound);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events")), qint64(1));
    }

    // Two connections to the same store claim the same conversations: first interleaved from one
    // thread (the winner is known), then at the same time from two threads. Either way every
    // conversation ends with exactly one assignee and exactly one 'assigned' event.
    void concurrentClaimsHaveOneWinner()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const QStringList names{QStringLiteral("Alice Andersen"), QStringLiteral("Bruno Berg")};
        const QStringList agents{QStringLiteral("alice"), QStringLiteral("bruno")};
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        constexpr int kCount = 50;
        QList<IncomingMessage> batch;
        for (int i = 0; i < 2 * kCount; ++i)
            batch << inbound(x, QStringLiteral("m%1").arg(i), QStringLiteral("t%1").arg(i), kBase.addSecs(i),
                             QStringLiteral("u%1").arg(i));
        QVERIFY_OK(ingest(batch));
        QList<qint64> interleaved;
        QList<qint64> parallel;
        for (int i = 0; i < kCount; ++i) {
            interleaved << conversationOf(x, QStringLiteral("t%1").arg(i));
            parallel << conversationOf(x, QStringLiteral("t%1").arg(kCount + i));
        }
        QVERIFY(!interleaved.contains(0) && !parallel.contains(0));

        // Interleaved: for even conversations Alice's connection claims first, for odd ones Bruno's.
        {
            auto dbA = Database::open(m_location);
            QVERIFY_OK(dbA);
            auto dbB = Database::open(m_location);
            QVERIFY_OK(dbB);
            ConversationActions alice(*dbA.value(), agents.at(0));
            ConversationActions bruno(*dbB.value(), agents.at(1));
            for (int round = 0; round < 2; ++round) {
                for (int i = 0; i < kCount; ++i) {
                    const bool aliceFirst = i % 2 == 0;
                    ConversationActions &first = aliceFirst ? alice : bruno;
                    ConversationActions &second = aliceFirst ? bruno : alice;
                    const QString winnerName = names.at(aliceFirst ? 0 : 1);
                    QVERIFY_OK(first.claim(interleaved.at(i)));
                    const Core::Status lost = second.claim(interleaved.at(i));
                    QVERIFY2(!lost.ok(), qPrintable(QStringLiteral("round %1, conversation %2").arg(round).arg(i)));
                    QCOMPARE(lost.error().code, Core::Error::Code::Conflict);
                    QVERIFY2(lost.error().message.contains(winnerName), qPrintable(lost.error().message));
                }
            }
        }
        for (int i = 0; i < kCount; ++i) {
            const QString winner = agents.at(i % 2);
            QCOMPARE(Store::ConversationRepository(*m_db).get(interleaved.at(i))->assignee, winner);
            QCOMPARE(events(interleaved.at(i)), QStringList{event("assigned", winner, winner)});
        }

        // Parallel: each thread opens its own connection (a connection belongs to one thread) and
        // claims every conversation in the same order; before each claim the two threads meet, so
        // both claims of a conversation really start together.
        struct Outcome
        {
            QString openError;
            QList<int> codes; // -1: claimed
            QStringList messages;
        };
        Outcome outcomes[2];
        QAtomicInt arrived = 0;
        QAtomicInt failedToOpen = 0;
        const DatabaseLocation location = m_location;
        const auto meet = [&](int round) {
            arrived.ref();
            while (arrived.loadAcquire() < 2 * round && failedToOpen.loadAcquire() == 0)
                QThread::yieldCurrentThread();
        };
        const auto work = [&](int who) {
            Outcome &out = outcomes[who];
            auto db = Database::open(location);
            if (!db) {
                out.openError = QString::fromUtf8(describe(db.error()));
                failedToOpen.ref();
                return;
            }
            ConversationActions actions(*db.value(), agents.at(who));
            for (int i = 0; i < kCount; ++i) {
                meet(i + 1);
                if (failedToOpen.loadAcquire() != 0)
                    return;
                const Core::Status s = actions.claim(parallel.at(i));
                out.codes << (s.ok() ? -1 : static_cast<int>(s.error().code));
                out.messages << (s.ok() ? QString() : QString::fromUtf8(describe(s.error())));
            }
        };
        std::unique_ptr<QThread> threadA(QThread::create(work, 0));
        std::unique_ptr<QThread> threadB(QThread::create(work, 1));
        threadA->start();
        threadB->start();
        QVERIFY(threadA->wait(QDeadlineTimer(240 * 1000)));
        QVERIFY(threadB->wait(QDeadlineTimer(240 * 1000)));
        QVERIFY2(outcomes[0].openError.isEmpty(), qPrintable(outcomes[0].openError));
        QVERIFY2(outcomes[1].openError.isEmpty(), qPrintable(outcomes[1].openError));
        QCOMPARE(outcomes[0].codes.size(), kCount);
        QCOMPARE(outcomes[1].codes.size(), kCount);
        const int conflict = static_cast<int>(Core::Error::Code::Conflict);
        int wonByAlice = 0;
        for (int i = 0; i < kCount; ++i) {
            const int a = outcomes[0].codes.at(i);
            const int b = outcomes[1].codes.at(i);
            const QString where = QStringLiteral("conversation %1: alice %2 (%3), bruno %4 (%5)")
                                      .arg(i)
                                      .arg(a)
                                      .arg(outcomes[0].messages.at(i))
                                      .arg(b)
                                      .arg(outcomes[1].messages.at(i));
            QVERIFY2((a == -1 && b == conflict) || (a == conflict && b == -1), qPrintable(where));
            const int winner = a == -1 ? 0 : 1;
            wonByAlice += winner == 0 ? 1 : 0;
            QVERIFY2(outcomes[1 - winner].messages.at(i).contains(names.at(winner)), qPrintable(where));
            QCOMPARE(Store::ConversationRepository(*m_db).get(parallel.at(i))->assignee, agents.at(winner));
            QCOMPARE(events(parallel.at(i)), QStringList{event("assigned", agents.at(winner), agents.at(winner))});
        }
        qInfo("parallel claims: alice won %d, bruno %d", wonByAlice, kCount - wonByAlice);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events")), qint64(2 * kCount));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE assignee = ''")), qint64(0));
    }

    void assignWithHandoffNote()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t1"));
        Store::ConversationRepository conversations(*m_db);
        Store::MessageRepository messages(*m_db);

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QVERIFY_OK(alice.claim(c));
        QVERIFY_OK(alice.assign(c, QStringLiteral("bruno"), QStringLiteral("  Wants a refund; see the policy.  ")));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("bruno"));
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        const Core::Message handoff = list->at(1);
        QCOMPARE(handoff.direction, Direction::Note);
        QCOMPARE(handoff.visibility, Core::Visibility::Private);
        QCOMPARE(handoff.agentId, QStringLiteral("alice"));
        QCOMPARE(handoff.body, QStringLiteral("Wants a refund; see the policy."));
        QCOMPARE(handoff.deliveryState, Core::DeliveryState::NotApplicable);
        QVERIFY(!handoff.automatic);
        QCOMPARE(handoff.conversationId, c);
        QCOMPARE(events(c), (QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice")),
                                         event("assigned", QStringLiteral("alice"), QStringLiteral("bruno"))}));
        // The note is not an answer: the customer still waits.
        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(row->preview, QStringLiteral("Body of m1"));

        // Without a note no message is written; a blank note counts as none.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        QVERIFY_OK(bruno.assign(c, QStringLiteral("alice"), QStringLiteral("   ")));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(messages.forConversation(c)->size(), 2);

        // To nobody: an 'unassigned' event, and the conversation is in the unassigned view.
        QVERIFY_OK(alice.assign(c, QString(), QString()));
        QCOMPARE(conversations.get(c)->assignee, QString());
        QCOMPARE(events(c), (QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice")),
                                         event("assigned", QStringLiteral("alice"), QStringLiteral("bruno")),
                                         event("assigned", QStringLiteral("bruno"), QStringLiteral("alice")),
                                         event("unassigned", QStringLiteral("alice"))}));
        InboxFilter unassigned;
        unassigned.unassignedOnly = true;
        QVERIFY(inboxIs(unassigned, {c}));
    }

    // --- status -------------------------------------------------------------------------------

    void inboundMessagesAreTriaged()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage urgent = inbound(x, QStringLiteral("t1"), QStringLiteral("urgent"), kBase, QStringLiteral("u1"));
        urgent.body = QStringLiteral("Online check-in keeps failing and my flight leaves tonight!");
        IncomingMessage praise = inbound(x, QStringLiteral("t2"), QStringLiteral("praise"), kBase, QStringLiteral("u2"));
        praise.body = QStringLiteral("Thank you so much to the cabin crew on my flight, wonderful service");
        QVERIFY_OK(ingest({urgent, praise}));
        Store::ConversationRepository conversations(*m_db);
        const qint64 u = conversationOf(x, QStringLiteral("urgent"));
        const qint64 p = conversationOf(x, QStringLiteral("praise"));
        auto row = conversations.row(u);
        QVERIFY_OK(row);
        QCOMPARE(row->priority, Core::Priority::Urgent);
        // The decision explains itself, quoting the customer.
        QVERIFY2(row->triageReasons.contains(QStringLiteral("time-sensitive")), qPrintable(row->triageReasons));
        QVERIFY2(row->triageReasons.contains(QStringLiteral("tonight")), qPrintable(row->triageReasons));
        QCOMPARE(value(QStringLiteral("SELECT urgency FROM messages WHERE platform_message_id = 't1'")).toString(),
                 QStringLiteral("urgent"));
        QCOMPARE(value(QStringLiteral("SELECT language FROM messages WHERE platform_message_id = 't1'")).toString(),
                 QStringLiteral("en"));
        QCOMPARE(value(QStringLiteral("SELECT sentiment FROM conversations WHERE id = :id"), {{QStringLiteral(":id"), p}})
                     .toString(),
                 QStringLiteral("positive"));
        QVERIFY(conversations.row(p)->priority != Core::Priority::Urgent);

        // An agent's lower priority stands against later ordinary messages; the urgent policy
        // applies while urgent (15 minutes, wall clock).
        QCOMPARE(row->dueAt, kBase.addSecs(15 * 60));
        QVERIFY_OK(conversations.setPriority(u, Core::Priority::Normal));
        IncomingMessage more = inbound(x, QStringLiteral("t3"), QStringLiteral("urgent"), kBase.addSecs(60), QStringLiteral("u1"));
        more.body = QStringLiteral("ok thanks");
        QVERIFY_OK(ingest({more}));
        QCOMPARE(conversations.row(u)->priority, Core::Priority::Normal);
    }

    void offHoursMessageIsAcknowledgedOnce()
    {
        // The team's real calendar (Berlin, weekends 08:00–20:00) and a clock set to Sunday
        // 22 November 2026, 21:01 in Berlin.
        auto calendar = Store::WorkspaceSettings::defaultCalendar();
        QVERIFY_OK(calendar);
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setCalendar(calendar.value(), QStringLiteral("test")));
        const QTimeZone berlin("Europe/Berlin");
        const QDateTime sunday21 = QDateTime(QDate(2026, 11, 22), QTime(21, 0), berlin).toUTC();
        Core::ManualClock clock(sunday21.addSecs(60));
        m_db->setClock(&clock);

        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage first = inbound(x, QStringLiteral("s1"), QStringLiteral("sunday"), sunday21, QStringLiteral("u1"));
        first.body = QStringLiteral("Hello, where is my refund? I returned the bag two weeks ago.");
        QVERIFY_OK(ingest({first}));
        const qint64 c = conversationOf(x, QStringLiteral("sunday"));
        const QString ack = value(QStringLiteral("SELECT body FROM messages WHERE conversation_id = :id AND automatic = 1"),
                                  {{QStringLiteral(":id"), c}})
                                .toString();
        QVERIFY2(ack.contains(QStringLiteral("back tomorrow at 07:00")), qPrintable(ack));
        QCOMPARE(value(QStringLiteral("SELECT delivery_state FROM messages WHERE automatic = 1")).toString(),
                 QStringLiteral("queued"));
        // It is not a response: the customer still waits, due an hour after Monday's opening.
        auto row = Store::ConversationRepository(*m_db).row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, sunday21);
        QCOMPARE(row->dueAt, QDateTime(QDate(2026, 11, 23), QTime(8, 0), berlin).toUTC());

        // A second message before anyone answered: no second acknowledgement.
        IncomingMessage second = inbound(x, QStringLiteral("s2"), QStringLiteral("sunday"), sunday21.addSecs(30), QStringLiteral("u1"));
        second.body = QStringLiteral("Also, the bag tag number is in the photo.");
        QVERIFY_OK(ingest({second}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE automatic = 1")), qint64(1));

        // History fetched later (older than an hour when it arrives) is never acknowledged.
        IncomingMessage old = inbound(x, QStringLiteral("s3"), QStringLiteral("old"), sunday21.addSecs(-3 * 3600), QStringLiteral("u2"));
        QVERIFY_OK(ingest({old}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE automatic = 1")), qint64(1));

        // Found by listening (the author did not address the brand) or on a blog (nothing can be
        // posted there): no automatic reply, and no suggested one either.
        IncomingMessage found = inbound(x, QStringLiteral("s5"), QStringLiteral("found"), sunday21.addSecs(35), QStringLiteral("u4"));
        found.foundByListening = true;
        QVERIFY_OK(ingest({found}));
        const qint64 blog = account(Core::Platform::Blog, QStringLiteral("blog.example/feed"));
        QVERIFY_OK(ingest({inbound(blog, QStringLiteral("b1"), QStringLiteral("article"), sunday21.addSecs(36), QStringLiteral("site"))}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE direction <> 'inbound' AND conversation_id IN "
                                       "(SELECT id FROM conversations WHERE thread_key IN ('found', 'article'))")),
                 qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE found_by_listening = 1")), qint64(1));

        // "propose": the next agent finds it as a note instead.
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setAcknowledgementMode(QStringLiteral("propose"), QStringLiteral("lead")));
        IncomingMessage third = inbound(x, QStringLiteral("s4"), QStringLiteral("propose"), sunday21.addSecs(40), QStringLiteral("u3"));
        QVERIFY_OK(ingest({third}));
        const qint64 p = conversationOf(x, QStringLiteral("propose"));
        QVERIFY(value(QStringLiteral("SELECT body FROM messages WHERE conversation_id = :id AND direction = 'note'"),
                      {{QStringLiteral(":id"), p}})
                    .toString()
                    .startsWith(QStringLiteral("Suggested acknowledgement")));
        m_db->setClock(nullptr);
    }

    void setStatusResolveReopenSnooze()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("w1"), QStringLiteral("waiting"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("a1"), QStringLiteral("answered"), kBase, QStringLiteral("u2")),
                           outbound(x, QStringLiteral("a2"), QStringLiteral("answered"), kBase.addSecs(600),
                                    QStringLiteral("u2"))}));
        const qint64 waiting = conversationOf(x, QStringLiteral("waiting"));
        const qint64 answered = conversationOf(x, QStringLiteral("answered"));
        Store::ConversationRepository conversations(*m_db);
        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QCOMPARE(conversations.row(waiting)->dueAt, kBase.addMSecs(kTargetMs));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Resolved));
        auto row = conversations.row(waiting);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Resolved);
        QVERIFY(!row->dueAt.isValid());
        QVERIFY(value(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"),
                      {{QStringLiteral(":id"), waiting}})
                    .isNull());

        // Reopened by hand: the customer still waits, so the clock is back where it was.
        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Open));
        row = conversations.row(waiting);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(events(waiting), (QStringList{event("resolved", QStringLiteral("alice")),
                                               event("reopened", QStringLiteral("alice"))}));

        // An answered conversation reopened has no clock: nobody waits.
        QVERIFY_OK(alice.setStatus(answered, Core::ConversationStatus::Resolved));
        QVERIFY_OK(alice.setStatus(answered, Core::ConversationStatus::Open));
        row = conversations.row(answered);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(events(answered).last(), event("reopened", QStringLiteral("alice")));

        // Snoozed: the time is kept, the clock stops; opening again clears the time.
        const QDateTime until = kBase.addDays(2);
        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Snoozed, until));
        auto snoozed = conversations.get(waiting);
        QVERIFY_OK(snoozed);
        QCOMPARE(snoozed->status, Core::ConversationStatus::Snoozed);
        QCOMPARE(snoozed->snoozedUntil, until);
        QCOMPARE(scalar(QStringLiteral("SELECT snoozed_until FROM conversations WHERE id = :id"),
                        {{QStringLiteral(":id"), waiting}}),
                 until.toMSecsSinceEpoch());
        QVERIFY(!conversations.row(waiting)->dueAt.isValid());
        QCOMPARE(events(waiting).last(), event("snoozed", QStringLiteral("alice"), QStringLiteral("2024-03-03T09:00:00Z")));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Open));
        auto open = conversations.get(waiting);
        QVERIFY_OK(open);
        QVERIFY(!open->snoozedUntil.isValid());
        QCOMPARE(conversations.row(waiting)->dueAt, kBase.addMSecs(kTargetMs));
        // Not resolved before, so this is an 'open' event, not a reopening.
        QCOMPARE(events(waiting).last(), event("open", QStringLiteral("alice")));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Pending));
        QCOMPARE(conversations.get(waiting)->status, Core::ConversationStatus::Pending);
        QVERIFY(!conversations.row(waiting)->dueAt.isValid());
        QCOMPARE(events(waiting).last(), event("pending", QStringLiteral("alice")));

        const Core::Status missing = alice.setStatus(answered + 1000, Core::ConversationStatus::Resolved);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, Core::Error::Code::NotFound);
    }

    // --- dispositions -------------------------------------------------------------------------

    void disposeEndsTheWaitUntilTheCustomerWritesAgain()
    {
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::Spam), QStringLiteral("spam"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::PraiseAcknowledged),
                 QStringLiteral("praise-acknowledged"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::AnsweredElsewhere),
                 QStringLiteral("answered-elsewhere"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::MonitoredOnly), QStringLiteral("monitored-only"));

        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t"), kBase.addSecs(60),
                                   QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        Store::ConversationRepository conversations(*m_db);
        QCOMPARE(conversations.row(c)->waitingSince, kBase);

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY_OK(alice.dispose(c, Store::DispositionReason::Spam, QStringLiteral("bot account")));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();

        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        const QVariantMap byId{{QStringLiteral(":id"), c}};
        QVERIFY(value(QStringLiteral("SELECT waiting_since FROM conversations WHERE id = :id"), byId).isNull());
        QVERIFY(value(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"), byId).isNull());

        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispositions")), qint64(1));
        QSqlQuery d(m_db->connection());
        QVERIFY(d.exec(QStringLiteral("SELECT conversation_id, reason, note, agent_id, at FROM dispositions")));
        QVERIFY(d.next());
        QCOMPARE(d.value(0).toLongLong(), c);
        QCOMPARE(d.value(1).toString(), QStringLiteral("spam"));
        QCOMPARE(d.value(2).toString(), QStringLiteral("bot account"));
        QCOMPARE(d.value(3).toString(), QStringLiteral("alice"));
        const qint64 at = d.value(4).toLongLong();
        QVERIFY(at >= before && at <= after);
        QCOMPARE(scalar(QStringLiteral("SELECT last_disposition_at FROM conversations WHERE id = :id"), byId), at);
        QCOMPARE(events(c), QStringList{event("disposition", QStringLiteral("alice"), QStringLiteral("spam"))});

        InboxFilter waitingOnly;
        waitingOnly.waitingOnly = true;
        QVERIFY(inboxIs(waitingOnly, {}));

        // A late-fetched message written before the disposition does not make it wait again.
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-late"), QStringLiteral("t"), kBase.addSecs(120),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());

        // A new message after the disposition: the customer waits again, from that message. The
        // disposition is dated back to a fixed instant first (as if it had been made then), so
        // the new message can carry a fixed time as well.
        const QDateTime disposedAt = kBase.addSecs(300);
        const QVariantMap backdate{{QStringLiteral(":at"), disposedAt.toMSecsSinceEpoch()},
                                   {QStringLiteral(":id"), c}};
        QVERIFY(value(QStringLiteral("UPDATE dispositions SET at = :at WHERE conversation_id = :id RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY(value(QStringLiteral("UPDATE conversations SET last_disposition_at = :at WHERE id = :id RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY(value(QStringLiteral("UPDATE conversation_events SET at = :at WHERE conversation_id = :id "
                                     "AND kind = 'disposition' RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-before"), QStringLiteral("t"), disposedAt.addSecs(-1),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());

        const QDateTime again = disposedAt.addSecs(600);
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-new"), QStringLiteral("t"), again, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m-new2"), QStringLiteral("t"), again.addSecs(60),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, again);
        // The answer is due again; how long after depends on the response target in force (the
        // default one hour at least).
        QVERIFY(row->dueAt.isValid());
        QVERIFY2(row->dueAt >= again.addMSecs(kTargetMs), qPrintable(row->dueAt.toString(Qt::ISODateWithMs)));
        QCOMPARE(row->preview, QStringLiteral("Body of m-new2"));
        QVERIFY(inboxIs(waitingOnly, {c}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispositions")), qint64(1));
    }

    // --- replies, notes, hiding ---------------------------------------------------------------

    void queueReplyAnswersAndNoteDoesNot()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        Store::ConversationRepository conversations(*m_db);
        Store::MessageRepository messages(*m_db);
        ConversationActions alice(*m_db, QStringLiteral("alice"));

        auto noteId = alice.addNote(c, QStringLiteral("Checking with baggage services"));
        QVERIFY_OK(noteId);
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).id, noteId.value());
        QCOMPARE(list->at(1).direction, Direction::Note);
        QCOMPARE(list->at(1).visibility, Core::Visibility::Private);
        QCOMPARE(list->at(1).agentId, QStringLiteral("alice"));
        QCOMPARE(list->at(1).deliveryState, Core::DeliveryState::NotApplicable);
        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(row->messageCount, 2);

        // Nothing to send: refused, nothing written.
        for (const QString &empty : {QString(), QStringLiteral("   \n ")}) {
            auto refused = alice.queueReply(c, Core::Visibility::Public, empty);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, Core::Error::Code::InvalidInput);
            auto noNote = alice.addNote(c, empty);
            QVERIFY(!noNote.ok());
            QCOMPARE(noNote.error().code, Core::Error::Code::InvalidInput);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(2));
        QVERIFY(events(c).isEmpty());

        auto replyId = alice.queueReply(c, Core::Visibility::Public, QStringLiteral("Found it, sending it today"));
        QVERIFY_OK(replyId);
        list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 3);
        const Core::Message reply = list->at(2);
        QCOMPARE(reply.id, replyId.value());
        QCOMPARE(reply.direction, Direction::Outbound);
        QCOMPARE(reply.visibility, Core::Visibility::Public);
        QCOMPARE(reply.deliveryState, Core::DeliveryState::Queued);
        QCOMPARE(reply.agentId, QStringLiteral("alice"));
        QCOMPARE(reply.body, QStringLiteral("Found it, sending it today"));
        QVERIFY(!reply.automatic);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE delivery_state = 'queued'")), qint64(1));

        // A queued human reply is the response: the customer no longer waits.
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(row->messageCount, 3);
        QCOMPARE(row->preview, QStringLiteral("Body of m1"));
        QCOMPARE(events(c), QStringList{event("reply-queued", QStringLiteral("alice"),
                                              QString::number(replyId.value()))});

        auto privateReply = alice.queueReply(c, Core::Visibility::Private, QStringLiteral("By DM"));
        QVERIFY_OK(privateReply);
        QCOMPARE(messages.forConversation(c)->last().visibility, Core::Visibility::Private);

        auto nowhere = alice.queueReply(c + 1000, Core::Visibility::Public, QStringLiteral("hello"));
        QVERIFY(!nowhere.ok());
        QCOMPARE(nowhere.error().code, Core::Error::Code::NotFound);
    }

    void hideInboundNeedsReasonAndIsAudited()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage dm = inbound(x, QStringLiteral("dm"), QStringLiteral("t"), kBase.addSecs(120),
                                     QStringLiteral("u1"));
        dm.visibility = Core::Visibility::Private;
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("p1"), QStringLiteral("t"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("p2"), QStringLiteral("t"), kBase.addSecs(60),
                                   QStringLiteral("u1")),
                           dm,
                           outbound(x, QStringLiteral("o1"), QStringLiteral("t"), kBase.addSecs(180),
                                    QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        const qint64 p1 = messageId(x, QStringLiteral("p1"));
        const qint64 p2 = messageId(x, QStringLiteral("p2"));
        ConversationActions alice(*m_db, QStringLiteral("alice"));
        Store::AuditRepository audit(*m_db);
        Store::MessageRepository messages(*m_db);

        for (const QString &blank : {QString(), QStringLiteral("  ")}) {
            auto refused = alice.hideInbound(c, blank);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, Core::Error::Code::InvalidInput);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide'")), qint64(0));

        // The latest public inbound message: not the newer private one, not the brand's reply.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto hidden = alice.hideInbound(c, QStringLiteral("  abusive language "));
        QVERIFY_OK(hidden);
        QCOMPARE(hidden.value(), p2);
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 4);
        const Core::Message m = list->at(1);
        QCOMPARE(m.id, p2);
        QVERIFY(m.isHidden());
        QVERIFY(m.hiddenAt.toMSecsSinceEpoch() >= before);
        QCOMPARE(m.hiddenBy, QStringLiteral("alice"));
        QCOMPARE(m.hiddenReason, QStringLiteral("abusive language"));
        QCOMPARE(m.body, QStringLiteral("Body of p2"));
        QVERIFY(!m.isDeleted());
        QVERIFY(!list->at(0).isHidden());
        QVERIFY(!list->at(2).isHidden());
        QVERIFY(!list->at(3).isHidden());

        auto events2 = audit.forSubject(QStringLiteral("message"), p2);
        QVERIFY_OK(events2);
        QCOMPARE(events2->size(), 1);
        QCOMPARE(events2->first().action, QStringLiteral("message.hide"));
        QCOMPARE(events2->first().actor, QStringLiteral("alice"));
        QCOMPARE(events2->first().detail, QStringLiteral("abusive language"));
        QCOMPARE(events(c), QStringList{event("hidden", QStringLiteral("alice"), QString::number(p2))});

        // Next time the one before it; then nothing is left.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        auto second = bruno.hideInbound(c, QStringLiteral("personal data"));
        QVERIFY_OK(second);
        QCOMPARE(second.value(), p1);
        auto events1 = audit.forSubject(QStringLiteral("message"), p1);
        QVERIFY_OK(events1);
        QCOMPARE(events1->size(), 1);
        QCOMPARE(events1->first().actor, QStringLiteral("bruno"));
        QCOMPARE(events1->first().detail, QStringLiteral("personal data"));

        auto none = alice.hideInbound(c, QStringLiteral("again"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, Core::Error::Code::NotFound);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(4));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), qint64(2));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide'")), qint64(2));
    }

    // --- drafts -------------------------------------------------------------------------------

    void draftsPerConversationAndAgent()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), kBase, QStringLiteral("u2"))}));
        const qint64 c1 = conversationOf(x, QStringLiteral("t1"));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        Store::DraftRepository drafts(*m_db);
        const QString alice = QStringLiteral("alice");
        const QString bruno = QStringLiteral("bruno");

        auto none = drafts.load(c1, alice);
        QVERIFY_OK(none);
        QVERIFY(!none->has_value());

        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QStringLiteral("Hello Anna,\n")}));
        QVERIFY_OK(drafts.save(c1, bruno, Store::Draft{QStringLiteral("note"), QStringLiteral("Bruno's note")}));
        QVERIFY_OK(drafts.save(c2, alice, Store::Draft{QStringLiteral("private"), QStringLiteral("Other thread")}));
        auto loaded = drafts.load(c1, alice);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        QCOMPARE(loaded->value().mode, QStringLiteral("public"));
        QCOMPARE(loaded->value().body, QStringLiteral("Hello Anna,\n"));
        loaded = drafts.load(c1, bruno);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        QCOMPARE(loaded->value().mode, QStringLiteral("note"));
        QCOMPARE(loaded->value().body, QStringLiteral("Bruno's note"));
        loaded = drafts.load(c2, alice);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->value().body, QStringLiteral("Other thread"));
        QVERIFY(!drafts.load(c2, bruno)->has_value());

        // Saving again replaces the agent's draft, nobody else's.
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("private"), QStringLiteral("Hello again")}));
        loaded = drafts.load(c1, alice);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->value().mode, QStringLiteral("private"));
        QCOMPARE(loaded->value().body, QStringLiteral("Hello again"));
        QCOMPARE(drafts.load(c1, bruno)->value().body, QStringLiteral("Bruno's note"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(3));

        // An emptied composer removes the draft.
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QStringLiteral("  \n")}));
        QVERIFY(!drafts.load(c1, alice)->has_value());
        QVERIFY(drafts.load(c1, bruno)->has_value());
        QVERIFY(drafts.load(c2, alice)->has_value());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(2));
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QString()}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(2));

        QVERIFY_OK(drafts.remove(c1, bruno));
        QVERIFY(!drafts.load(c1, bruno)->has_value());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(1));
    }

};

QTEST_GUILESS_MAIN(TestStoreActions)
#include "tst_store_actions.moc"
