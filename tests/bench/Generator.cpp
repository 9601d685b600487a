#include "Generator.h"

#include "core/SearchQuery.h"
#include "store/Database.h"
#include "store/MessageRepository.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <cmath>

namespace Care::Bench {

namespace {

constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kBatch = 20000;

struct AccountSpec
{
    const char *platform;
    const char *handle;
    const char *name;
    int weight;
};
// The platform mix: X and Facebook carry most of the traffic.
const AccountSpec kAccounts[] = {
    {"x", "@acme", "Acme on X", 26},
    {"x", "@acmehelp", "Acme Help on X", 8},
    {"facebook", "acme", "Acme on Facebook", 20},
    {"mastodon", "@acme@social.example", "Acme on Mastodon", 14},
    {"bluesky", "@acme.bsky.social", "Acme on Bluesky", 14},
    {"email", "help@acme.example", "Acme help desk mail", 12},
    {"blog", "blog.acme.example", "Acme blog comments", 6},
};
const char *const kAgentNames[] = {"Maria Lopez", "Jonas Weber", "Aiko Sato", "Priya Nair", "Lars Berg",
                                   "Fatima Haddad", "Chen Wei", "Olu Adeyemi", "Sofia Rossi", "Mateo Silva",
                                   "Noor Khan", "Elena Novak"};
const char *const kTags[] = {"refund", "delivery", "billing", "login", "complaint", "praise", "bug", "baggage",
                             "delay", "cancellation", "vip", "press", "warranty", "returns", "voucher", "spam",
                             "legal", "accessibility", "outage", "feature-request"};
// Traffic by hour of the day (UTC): quiet nights, a morning rise, a long afternoon.
const double kHourWeights[24] = {0.2, 0.12, 0.1, 0.1, 0.12, 0.2, 0.4, 0.8, 1.4, 1.8, 2.0, 2.0,
                                 1.8, 1.9, 2.0, 1.9, 1.7, 1.5, 1.3, 1.1, 1.0, 0.8, 0.6, 0.4};

qint64 lognormalMs(std::mt19937_64 &rng, double medianMinutes, double sigma)
{
    std::lognormal_distribution<double> d(std::log(medianMinutes), sigma);
    return std::max<qint64>(30 * 1000, qint64(d(rng) * 60000.0));
}

} // namespace

Generator::Generator(Store::Database &db, GenerateOptions options, QTextStream &log)
    : m_db(db)
    , m_options(std::move(options))
    , m_log(log)
    , m_rng(m_options.seed)
{
    if (!m_options.end.isValid())
        m_options.end = QDateTime::currentDateTimeUtc().date().addDays(1);
    m_endMs = QDateTime(m_options.end, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    m_startMs = m_endMs - qint64(m_options.days) * kDay;
}

bool Generator::inBusinessHours(qint64 ms) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.date().dayOfWeek() <= 5 && t.time().hour() >= 8 && t.time().hour() < 18;
}

qint64 Generator::drawStart()
{
    const double u = std::uniform_real_distribution<double>(0.0, m_dayWeights.back())(m_rng);
    const qint64 day = std::lower_bound(m_dayWeights.begin(), m_dayWeights.end(), u) - m_dayWeights.begin();
    double total = 0;
    for (double w : kHourWeights)
        total += w;
    double h = std::uniform_real_distribution<double>(0.0, total)(m_rng);
    int hour = 0;
    while (hour < 23 && h > kHourWeights[hour])
        h -= kHourWeights[hour++];
    return m_startMs + std::min<qint64>(day, m_options.days - 1) * kDay + hour * kHour + qint64(m_rng() % kHour);
}

// How long the team takes to answer a message that arrived at `after`: minutes in staffed
// hours, otherwise until the next opening and then some.
qint64 Generator::agentDelay(qint64 after)
{
    if (inBusinessHours(after))
        return lognormalMs(m_rng, 22.0, 1.0);
    qint64 t = after;
    while (!inBusinessHours(t))
        t += 15 * 60 * 1000;
    return (t - after) + lognormalMs(m_rng, 35.0, 0.9);
}

void Generator::planTimeline(qint32 index, int count, qint64 start, bool answered, qint64 spacingMs)
{
    qint64 at = start;
    int direction = 0; // the customer writes first
    for (int i = 0; i < count; ++i) {
        if (i > 0) {
            const int previous = direction;
            if (previous == 0) // after the customer: again (25%), a note (4%) or the answer
                direction = m_rng() % 100 < 25 ? 0 : (m_rng() % 100 < 4 ? 2 : 1);
            else
                direction = previous == 2 ? 1 : 0;
            if (i == count - 1 && count > 1)
                direction = answered ? 1 : 0;
            qint64 gap = 0;
            if (spacingMs > 0)
                gap = spacingMs / 2 + qint64(m_rng() % quint64(spacingMs));
            else if (direction == 0)
                gap = previous == 0 ? lognormalMs(m_rng, 3.0, 0.8) : lognormalMs(m_rng, 45.0, 1.2);
            else
                gap = direction == 2 ? lognormalMs(m_rng, 4.0, 0.7) : agentDelay(at);
            at += gap;
        }
        // Traffic near the end of the period is squeezed in before it ends.
        const qint64 clamped = std::min(at, m_endMs - 1000 * qint64(count - i));
        m_messages.push_back(Message{clamped, qint64(m_messages.size()), index, qint8(direction)});
    }
}

void Generator::planConversations()
{
    // Days: weekends are quieter, traffic grows through the year, a few days spike (an outage,
    // a sale, a storm).
    double sum = 0;
    std::vector<double> weights;
    for (int d = 0; d < m_options.days; ++d) {
        const QDate date = QDateTime::fromMSecsSinceEpoch(m_startMs + d * kDay, Qt::UTC).date();
        double w = (date.dayOfWeek() >= 6 ? 0.55 : 1.0) * (0.8 + 0.4 * d / std::max(1, m_options.days));
        weights.push_back(w);
    }
    for (int s = 0; s < std::max(1, m_options.days / 45); ++s)
        weights[m_rng() % weights.size()] *= 4.0;
    for (double w : weights)
        m_dayWeights.push_back(sum += w);

    const qint64 longSize = std::max<qint64>(10, m_options.messages / 10);
    const qint64 longConversationSize = 50;
    const qint64 fixedConversations = 1 + 2 * std::max<qint64>(1, longSize / longConversationSize);
    const qint64 regularConversations = std::max<qint64>(1, m_options.conversations - fixedConversations);
    const qint64 regularMessages = std::max(regularConversations, m_options.messages - kLongCustomers * longSize);
    m_customers = kLongCustomers + std::max<qint64>(1, regularConversations * 55 / 100);

    int accountTotal = 0;
    for (const AccountSpec &a : kAccounts)
        accountTotal += a.weight;
    const auto drawAccount = [&] {
        int r = int(m_rng() % accountTotal);
        int i = 0;
        while (r >= kAccounts[i].weight)
            r -= kAccounts[i++].weight;
        return i;
    };
    const auto newConversation = [&](qint64 customer) {
        Conversation c;
        c.account = drawAccount();
        c.customer = customer;
        const QString platform = QString::fromLatin1(kAccounts[c.account].platform);
        c.direct = platform == QLatin1String("email") || m_rng() % 100 < 30;
        c.assignee = m_rng() % 100 < 88 ? int(m_rng() % kAgents) : -1;
        QStringList tags;
        for (int t = int(m_rng() % 3); t > 0; --t) {
            const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng);
            tags << QString::fromLatin1(kTags[int(u * u * std::size(kTags))]);
        }
        tags.removeDuplicates();
        c.tags = tags.isEmpty() ? QString() : QLatin1Char(',') + tags.join(QLatin1Char(',')) + QLatin1Char(',');
        const int p = int(m_rng() % 100);
        c.priority = p < 1 ? QStringLiteral("urgent") : p < 6 ? QStringLiteral("high") : QStringLiteral("normal");
        c.priorityRank = p < 1 ? 3 : p < 6 ? 2 : 1;
        m_conversations.push_back(c);
        return qint32(m_conversations.size() - 1);
    };

    // The long histories: customer 1 in one conversation spread over the year, customers 2
    // and 3 in many conversations of 50 messages.
    {
        const qint32 c = newConversation(1);
        planTimeline(c, int(longSize), m_startMs + kHour, false, (m_endMs - m_startMs - 2 * kHour) / longSize);
        m_conversations[c].status = QStringLiteral("open");
    }
    for (int w = 1; w < kLongCustomers; ++w) {
        for (qint64 k = 0; k < std::max<qint64>(1, longSize / longConversationSize); ++k) {
            const qint32 c = newConversation(w + 1);
            planTimeline(c, int(std::min(longSize, longConversationSize)), drawStart(), true, 0);
            m_conversations[c].status = QStringLiteral("resolved");
        }
    }

    // Everyone else: sizes with a long tail (mean = messages / conversations), adjusted to
    // the exact total; some customers come back several times.
    std::geometric_distribution<int> extra(1.0 / std::max(1.0, double(regularMessages) / regularConversations));
    std::vector<int> sizes(static_cast<size_t>(regularConversations));
    qint64 total = 0;
    for (int &s : sizes)
        total += (s = 1 + extra(m_rng));
    while (total < regularMessages) {
        ++sizes[m_rng() % sizes.size()];
        ++total;
    }
    while (total > regularMessages) {
        int &s = sizes[m_rng() % sizes.size()];
        if (s > 1) {
            --s;
            --total;
        }
    }
    const qint64 regularCustomers = m_customers - kLongCustomers;
    for (int size : sizes) {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng);
        const qint64 customer = kLongCustomers + 1 + std::min(regularCustomers - 1, qint64(regularCustomers * std::pow(u, 1.6)));
        const qint32 c = newConversation(customer);
        const qint64 start = drawStart();
        const bool recent = start > m_endMs - 3 * kDay;
        const int fate = int(m_rng() % 100);
        // Recent conversations are still being worked on; older ones are mostly resolved.
        const bool answered = recent ? fate >= 35 : fate >= 2;
        planTimeline(c, size, start, answered, 0);
        Conversation &conv = m_conversations[size_t(c)];
        if (!answered)
            conv.status = QStringLiteral("open");
        else if (recent)
            conv.status = fate < 60 ? QStringLiteral("pending") : QStringLiteral("resolved");
        else
            conv.status = fate < 4 ? QStringLiteral("open") : QStringLiteral("resolved");
    }
    std::stable_sort(m_messages.begin(), m_messages.end(), [](const Message &a, const Message &b) {
        return a.at != b.at ? a.at < b.at : a.key < b.key;
    });
}

void Generator::summarise()
{
    for (qint64 i = 0; i < qint64(m_messages.size()); ++i) {
        const Message &m = m_messages[size_t(i)];
        Conversation &c = m_conversations[size_t(m.conversation)];
        if (c.firstMessage < 0)
            c.firstMessage = i;
        ++c.count;
        c.lastAt = m.at;
        if (m.direction == 0) {
            c.lastInboundAt = m.at;
            c.lastInboundKey = m.key;
            if (c.waitingSince == 0)
                c.waitingSince = m.at;
        } else if (m.direction == 1) {
            c.lastResponseAt = m.at;
            if (c.firstResponseAt == 0)
                c.firstResponseAt = m.at;
            c.waitingSince = 0;
        }
    }
}

QString Generator::body(const Message &m) const
{
    std::mt19937_64 rng(m_options.seed ^ (quint64(m.key + 1) * 0x9E3779B97F4A7C15ull));
    const Conversation &c = m_conversations[size_t(m.conversation)];
    QString text;
    if (m.direction == 0) {
        if (!c.direct && kAccounts[c.account].handle[0] == '@')
            text = QString::fromUtf8(kAccounts[c.account].handle) + QLatin1Char(' ');
        text += m_vocabulary.sentence(rng, Vocabulary::inboundLength(rng));
    } else if (m.direction == 1) {
        text = QStringLiteral("Hi, thanks for reaching out. ") + m_vocabulary.sentence(rng, Vocabulary::outboundLength(rng));
    } else {
        text = QStringLiteral("Note: ") + m_vocabulary.sentence(rng, 8 + int(rng() % 12));
    }
    // The rare search term: in about twenty messages of the whole store.
    if (m.key % std::max<qint64>(1, qint64(m_messages.size()) / 20) == 7)
        text += QLatin1Char(' ') + Vocabulary::rareTerm();
    return text;
}

Core::Status Generator::insertFixed()
{
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery account(m_db.connection());
        // Not connected: the benchmark's console must not try to sync made-up accounts.
        account.prepare(QStringLiteral("INSERT INTO accounts (id, platform, handle, name, created_at, connected) "
                                       "VALUES (?, ?, ?, ?, ?, 0)"));
        for (size_t i = 0; i < std::size(kAccounts); ++i) {
            account.addBindValue(qint64(i + 1));
            account.addBindValue(QString::fromLatin1(kAccounts[i].platform));
            account.addBindValue(QString::fromUtf8(kAccounts[i].handle));
            account.addBindValue(QString::fromUtf8(kAccounts[i].name));
            account.addBindValue(m_startMs);
            if (!account.exec())
                return m_db.queryError(account, QStringLiteral("insert account"));
        }
        QSqlQuery agent(m_db.connection());
        agent.prepare(QStringLiteral("INSERT INTO agents (id, name, role) VALUES (?, ?, ?)"));
        for (int i = 0; i < kAgents; ++i) {
            agent.addBindValue(QStringLiteral("agent%1").arg(i + 1, 2, 10, QLatin1Char('0')));
            agent.addBindValue(QString::fromUtf8(kAgentNames[i]));
            agent.addBindValue(i == 0 ? QStringLiteral("lead") : QStringLiteral("agent"));
            if (!agent.exec())
                return m_db.queryError(agent, QStringLiteral("insert agent"));
        }
        QSqlQuery customer(m_db.connection());
        customer.prepare(QStringLiteral("INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)"));
        std::mt19937_64 names(m_options.seed + 1);
        for (qint64 id = 1; id <= m_customers; ++id) {
            customer.addBindValue(id);
            customer.addBindValue(m_vocabulary.customerName(names));
            customer.addBindValue(m_startMs);
            if (!customer.exec())
                return m_db.queryError(customer, QStringLiteral("insert customer"));
        }
        // One identity per customer and platform they wrote on.
        QSqlQuery identity(m_db.connection());
        identity.prepare(QStringLiteral("INSERT INTO customer_identities (customer_id, platform, platform_user_id, "
                                        "handle, display_name) VALUES (?, ?, ?, ?, '')"));
        QSet<QPair<qint64, QString>> seen;
        for (const Conversation &c : m_conversations) {
            const QString platform = QString::fromLatin1(kAccounts[c.account].platform);
            if (seen.contains({c.customer, platform}))
                continue;
            seen.insert({c.customer, platform});
            const QString user = c.customer <= kLongCustomers ? longCustomerUserId(int(c.customer - 1))
                                                                : QStringLiteral("u%1").arg(c.customer);
            identity.addBindValue(c.customer);
            identity.addBindValue(platform);
            identity.addBindValue(user);
            identity.addBindValue(QString(QLatin1Char('@') + user));
            if (!identity.exec())
                return m_db.queryError(identity, QStringLiteral("insert identity"));
        }
        return {};
    });
}

Core::Status Generator::insertConversations()
{
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral(
            "INSERT INTO conversations (id, account_id, customer_id, thread_key, status, priority, priority_rank, "
            "assignee, tags, created_at, updated_at, last_message_at, last_inbound_at, last_response_at, "
            "waiting_since, preview, message_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const QVariant nullTime(QMetaType::fromType<qlonglong>());
        for (size_t i = 0; i < m_conversations.size(); ++i) {
            const Conversation &c = m_conversations[i];
            const Message &first = m_messages[size_t(c.firstMessage)];
            q.addBindValue(qint64(i + 1));
            q.addBindValue(c.account + 1);
            q.addBindValue(c.customer);
            q.addBindValue(QStringLiteral("g%1").arg(i + 1));
            q.addBindValue(c.status);
            q.addBindValue(c.priority);
            q.addBindValue(c.priorityRank);
            q.addBindValue(c.assignee < 0 ? QString(QStringLiteral("")) : QStringLiteral("agent%1").arg(c.assignee + 1, 2, 10, QLatin1Char('0')));
            q.addBindValue(c.tags.isNull() ? QString(QStringLiteral("")) : c.tags);
            q.addBindValue(first.at);
            q.addBindValue(c.lastAt);
            q.addBindValue(c.lastAt);
            q.addBindValue(c.lastInboundAt ? QVariant(c.lastInboundAt) : nullTime);
            q.addBindValue(c.lastResponseAt ? QVariant(c.lastResponseAt) : nullTime);
            q.addBindValue(c.waitingSince ? QVariant(c.waitingSince) : nullTime);
            Message last{0, c.lastInboundKey, qint32(i), 0};
            q.addBindValue(c.lastInboundKey >= 0 ? body(last).simplified().left(280) : QString(QStringLiteral("")));
            q.addBindValue(c.count);
            if (!q.exec())
                return m_db.queryError(q, QStringLiteral("insert conversation"));
        }
        return {};
    });
}

Core::Status Generator::insertMessages()
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO messages (id, conversation_id, account_id, platform_message_id, direction, visibility, "
        "author_name, author_handle, agent_id, body, search_text, created_at, delivery_state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    static const QString kDirections[] = {QStringLiteral("inbound"), QStringLiteral("outbound"), QStringLiteral("note")};
    for (qint64 from = 0; from < qint64(m_messages.size()); from += kBatch) {
        const Core::Status s = m_db.transaction([&]() -> Core::Status {
            for (qint64 i = from; i < std::min<qint64>(from + kBatch, m_messages.size()); ++i) {
                const Message &m = m_messages[size_t(i)];
                const Conversation &c = m_conversations[size_t(m.conversation)];
                const QString text = body(m);
                const QString agent = m.direction == 0 ? QString(QStringLiteral(""))
                    : QStringLiteral("agent%1").arg(std::max(0, c.assignee) + 1, 2, 10, QLatin1Char('0'));
                q.addBindValue(i + 1);
                q.addBindValue(m.conversation + 1);
                q.addBindValue(c.account + 1);
                q.addBindValue(QStringLiteral("g%1").arg(i + 1));
                q.addBindValue(kDirections[m.direction]);
                q.addBindValue(c.direct ? QStringLiteral("private") : QStringLiteral("public"));
                q.addBindValue(m.direction == 0 ? QStringLiteral("Customer %1").arg(c.customer)
                                                : QString::fromUtf8(kAccounts[c.account].handle));
                q.addBindValue(m.direction == 0 ? QStringLiteral("@u%1").arg(c.customer) : QString(QStringLiteral("")));
                q.addBindValue(agent);
                q.addBindValue(text);
                q.addBindValue(Core::SearchQuery::normalize(text));
                q.addBindValue(m.at);
                q.addBindValue(m.direction == 1 ? QStringLiteral("sent") : QStringLiteral("none"));
                if (!q.exec())
                    return m_db.queryError(q, QStringLiteral("insert message"));
            }
            return {};
        });
        if (!s)
            return s;
        m_log << "  messages " << std::min<qint64>(from + kBatch, m_messages.size()) << " / " << m_messages.size()
              << Qt::endl;
    }
    return {};
}

Core::Status Generator::insertEvents()
{
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                                 "VALUES (?, ?, ?, ?, ?)"));
        const auto add = [&](qint64 conversation, qint64 at, const QString &kind, const QString &detail) {
            q.addBindValue(conversation);
            q.addBindValue(at);
            q.addBindValue(kind);
            q.addBindValue(QStringLiteral("agent01"));
            q.addBindValue(detail);
            return q.exec();
        };
        for (size_t i = 0; i < m_conversations.size(); ++i) {
            const Conversation &c = m_conversations[i];
            const qint64 first = m_messages[size_t(c.firstMessage)].at;
            if (c.assignee >= 0
                && !add(qint64(i + 1), first + 60000, QStringLiteral("assigned"),
                        QStringLiteral("agent%1").arg(c.assignee + 1, 2, 10, QLatin1Char('0'))))
                return m_db.queryError(q, QStringLiteral("insert event"));
            if (c.status != QLatin1String("open")
                && !add(qint64(i + 1), std::min(c.lastAt + 10 * 60000, m_endMs - 1), c.status, QString(QStringLiteral(""))))
                return m_db.queryError(q, QStringLiteral("insert event"));
        }
        return {};
    });
}

Core::Status Generator::finish()
{
    if (m_db.isPostgres()) {
        // Explicit ids were written: move the identity sequences past them.
        for (const char *table : {"accounts", "customers", "customer_identities", "conversations", "messages",
                                  "conversation_events"}) {
            const QString t = QString::fromLatin1(table);
            if (Core::Status s = m_db.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                                          "(SELECT coalesce(max(id), 1) FROM %1))").arg(t));
                !s)
                return s;
        }
    }
    // Due times and SLA states of what is not resolved, by the store's own rules.
    return m_db.transaction([&] { return Store::MessageRepository(m_db).recomputeOpenConversations(); });
}

Core::Status Generator::run()
{
    QSqlQuery existing(m_db.connection());
    if (!existing.exec(QStringLiteral("SELECT count(*) FROM messages")) || !existing.next())
        return m_db.queryError(existing, QStringLiteral("count messages"));
    if (existing.value(0).toLongLong() > 0)
        return Core::Error::make(Core::Error::Code::InvalidInput, QStringLiteral("the store is not empty"));
    existing.finish();
    if (!m_db.isPostgres())
        m_db.exec(QStringLiteral("PRAGMA synchronous=OFF")); // a generator: a crash just means run it again

    m_log << "planning " << m_options.messages << " messages in " << m_options.conversations << " conversations over "
          << m_options.days << " days (seed " << m_options.seed << ", ending " << m_options.end.toString(Qt::ISODate)
          << ")" << Qt::endl;
    planConversations();
    summarise();
    m_log << "  " << m_conversations.size() << " conversations, " << m_messages.size() << " messages, " << m_customers
          << " customers" << Qt::endl;
    for (auto step : {&Generator::insertFixed, &Generator::insertConversations, &Generator::insertMessages,
                      &Generator::insertEvents, &Generator::finish}) {
        if (Core::Status s = (this->*step)(); !s)
            return s;
    }
    if (!m_db.isPostgres())
        m_db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    return {};
}

} // namespace Care::Bench
