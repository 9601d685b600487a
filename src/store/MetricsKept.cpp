#include "store/MetricsKept.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QJsonDocument>
#include <QtEndian>
#include <cstring>

namespace Care::Store {

namespace {

using Conversation = MetricsCache::Conversation;
using Metrics = Core::ConversationMetrics;

constexpr quint8 kInvalidTime = 0;
constexpr quint8 kUtcTime = 1;
constexpr quint8 kOtherTime = 2;

// The entry field by field; Reader reads back what Writer wrote, in the same order.
struct Writer
{
    QDataStream &out;
    const QStringList &strings;

    void time(const QDateTime &t)
    {
        if (!t.isValid()) {
            out << kInvalidTime;
        } else if (t.timeSpec() == Qt::UTC) {
            out << kUtcTime << t.toMSecsSinceEpoch();
        } else {
            out << kOtherTime << t;
        }
    }
    void duration(const Metrics::Duration &d) { out << d.wallClockSeconds << d.staffedSeconds; }
    void optionalDuration(const std::optional<Metrics::Duration> &d)
    {
        out << d.has_value();
        if (d)
            duration(*d);
    }
    void optionalId(const std::optional<qint64> &id)
    {
        out << id.has_value() << id.value_or(0);
    }
    void response(const Metrics::Response &r)
    {
        time(r.inboundAt);
        optionalId(r.inboundMessageId);
        time(r.endedAt);
        optionalId(r.responseMessageId);
        out << qint32(r.outcome) << r.agentId;
        duration(r.duration);
        out << r.endedByDisposition;
    }
    void cycle(const Metrics::Cycle &c)
    {
        out << qint32(c.index);
        time(c.startedAt);
        time(c.firstInboundAt);
        out << c.firstResponse.has_value();
        if (c.firstResponse)
            response(*c.firstResponse);
        out << qint32(c.nextResponses.size());
        for (const auto &next : c.nextResponses)
            response(next);
        time(c.resolvedAt);
        optionalDuration(c.resolution);
        optionalDuration(c.unresolvedFor);
        duration(c.waiting);
        optionalDuration(c.stillWaiting);
        out << c.csatScore.has_value() << qint32(c.csatScore.value_or(0));
        time(c.csatAt);
        out << qint32(c.inboundCount) << qint32(c.humanOutboundCount) << qint32(c.automaticCount)
            << qint32(c.noteCount);
    }
    void row(const ConversationMetricsRow &r)
    {
        out << r.conversationId << qint32(r.platform) << r.accountId << r.accountHandle << r.customerId
            << r.customerName << r.tags << r.assignee << qint32(r.status) << qint32(r.priority);
        time(r.createdAt);
        time(r.firstInboundAt);
        time(r.lastMessageAt);
        out << r.slaState.has_value() << qint32(r.slaState ? int(*r.slaState) : 0) << r.slaPolicy;
        time(r.metrics.computedAt);
        out << qint32(r.metrics.cycles.size());
        for (const auto &c : r.metrics.cycles)
            cycle(c);
    }
    void text(qint32 index) { out << strings.at(index); }
    void texts(const QList<qint32> &indexes)
    {
        out << qint32(indexes.size());
        for (qint32 index : indexes)
            text(index);
    }
};

// Reads what Writer wrote, straight from the bytes (QDataStream's format: big-endian numbers,
// a string as its byte length then UTF-16, a list as its length then its items): a QDataStream
// over a QBuffer spent most of the kept figures' load in its device reads.
struct Reader
{
    const char *at;
    const char *end;
    const std::function<qint32(const QString &)> &stringIndex;
    bool failed = false;

    bool ok() const { return !failed; }
    bool atEnd() const { return at == end; }
    // `n` more bytes, or nothing (and failed) when fewer are left.
    const char *take(qint64 n)
    {
        if (failed || n < 0 || end - at < n) {
            failed = true;
            return nullptr;
        }
        const char *from = at;
        at += n;
        return from;
    }
    template<typename T>
    T number()
    {
        const char *bytes = take(sizeof(T));
        return bytes ? qFromBigEndian<T>(bytes) : T {};
    }
    qint32 int32() { return number<qint32>(); }
    qint64 int64() { return number<qint64>(); }
    bool flag() { return number<quint8>() != 0; }
    double real()
    {
        const quint64 bits = number<quint64>();
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    QString string()
    {
        const quint32 bytes = number<quint32>();
        if (bytes == 0xffffffffu)
            return QString();
        const char *data = take(bytes);
        if (!data || bytes % 2 != 0) {
            failed = true;
            return QString();
        }
        QString v(qsizetype(bytes / 2), Qt::Uninitialized);
        qFromBigEndian<char16_t>(data, bytes / 2, v.data());
        return v;
    }
    // A count that the bytes left could hold (a damaged entry must not allocate wildly).
    qint32 count()
    {
        const qint32 n = int32();
        if (n < 0 || n > end - at) {
            failed = true;
            return 0;
        }
        return n;
    }
    template<typename T>
    QList<T> list()
    {
        const qint32 n = count();
        QList<T> out;
        out.reserve(n);
        for (qint32 k = 0; k < n && ok(); ++k)
            out.append(number<T>());
        return out;
    }
    QStringList strings()
    {
        const qint32 n = count();
        QStringList out;
        out.reserve(n);
        for (qint32 k = 0; k < n && ok(); ++k)
            out.append(string());
        return out;
    }
    QDateTime time()
    {
        const quint8 kind = number<quint8>();
        if (kind == kUtcTime)
            return QDateTime::fromMSecsSinceEpoch(int64(), Qt::UTC);
        QDateTime t;
        if (kind == kOtherTime && ok()) {
            // Rare (a time in a zone): QDataStream's own format, read by QDataStream.
            QDataStream in(QByteArray::fromRawData(at, end - at));
            in.setVersion(QDataStream::Qt_6_4);
            in >> t;
            if (in.status() != QDataStream::Ok)
                failed = true;
            else
                take(in.device()->pos());
        }
        return t;
    }
    Metrics::Duration duration()
    {
        Metrics::Duration d;
        d.wallClockSeconds = int64();
        d.staffedSeconds = int64();
        return d;
    }
    std::optional<Metrics::Duration> optionalDuration()
    {
        if (!flag())
            return std::nullopt;
        return duration();
    }
    std::optional<qint64> optionalId()
    {
        const bool has = flag();
        const qint64 id = int64();
        return has ? std::optional<qint64>(id) : std::nullopt;
    }
    Metrics::Response response()
    {
        Metrics::Response r;
        r.inboundAt = time();
        r.inboundMessageId = optionalId();
        r.endedAt = time();
        r.responseMessageId = optionalId();
        r.outcome = Metrics::Outcome(int32());
        r.agentId = string();
        r.duration = duration();
        r.endedByDisposition = flag();
        return r;
    }
    Metrics::Cycle cycle()
    {
        Metrics::Cycle c;
        c.index = int32();
        c.startedAt = time();
        c.firstInboundAt = time();
        if (flag())
            c.firstResponse = response();
        const qint32 next = count();
        for (qint32 k = 0; k < next && ok(); ++k)
            c.nextResponses.append(response());
        c.resolvedAt = time();
        c.resolution = optionalDuration();
        c.unresolvedFor = optionalDuration();
        c.waiting = duration();
        c.stillWaiting = optionalDuration();
        const bool hasScore = flag();
        const qint32 score = int32();
        if (hasScore)
            c.csatScore = score;
        c.csatAt = time();
        c.inboundCount = int32();
        c.humanOutboundCount = int32();
        c.automaticCount = int32();
        c.noteCount = int32();
        return c;
    }
    void row(ConversationMetricsRow &r)
    {
        r.conversationId = int64();
        r.platform = Core::Platform(int32());
        r.accountId = int64();
        r.accountHandle = string();
        r.customerId = int64();
        r.customerName = string();
        r.tags = strings();
        r.assignee = string();
        r.status = Core::ConversationStatus(int32());
        r.priority = Core::Priority(int32());
        r.createdAt = time();
        r.firstInboundAt = time();
        r.lastMessageAt = time();
        const bool hasSla = flag();
        const qint32 sla = int32();
        if (hasSla)
            r.slaState = Core::SlaState(sla);
        r.slaPolicy = string();
        r.metrics.computedAt = time();
        const qint32 cycles = count();
        for (qint32 k = 0; k < cycles && ok(); ++k)
            r.metrics.cycles.append(cycle());
    }
    qint32 text() { return stringIndex(string()); }
    QList<qint32> texts()
    {
        QList<qint32> out;
        const qint32 n = count();
        for (qint32 k = 0; k < n && ok(); ++k)
            out.append(text());
        return out;
    }
};

} // namespace

QString MetricsKept::fingerprint(const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::number(kFormat));
    hash.addData(QByteArrayLiteral("\ncalendar\n"));
    hash.addData(QJsonDocument(calendar.toJson()).toJson(QJsonDocument::Compact));
    hash.addData(QByteArrayLiteral("\npolicies\n"));
    hash.addData(Core::SlaPolicy::listToJson(policies));
    return QString::fromLatin1(hash.result().toHex());
}

QByteArray MetricsKept::encode(const Conversation &entry, const QStringList &strings)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    Writer w { out, strings };
    out << kFormat;
    w.row(*entry.row);
    out << entry.inboundMs << entry.inboundCell << entry.replyMs;
    w.texts(entry.responders);
    w.texts(entry.tags);
    w.texts(entry.storedTags);
    w.text(entry.assignee);
    out << entry.firstInMs << entry.activeMs << qint32(entry.sla.size());
    for (const Core::SlaMeasurement &m : entry.sla) {
        out << qint32(m.target) << qint32(m.cycle);
        w.time(m.startedAt);
        w.time(m.dueAt);
        w.time(m.stoppedAt);
        out << qint32(m.state) << m.paused << m.countedSeconds;
    }
    out << entry.firstResponseTarget << entry.validUntilMs << entry.live;
    for (qint64 ms : entry.runningMs)
        out << ms;
    for (const auto &samples : entry.samples) {
        out << qint32(samples.size());
        for (const MetricsCache::Sample &s : samples) {
            out << s.day;
            w.text(s.agent);
            out << qint32(s.state) << s.value[0] << s.value[1];
        }
    }
    out << qint32(entry.clocks.size());
    for (const auto &clock : entry.clocks) {
        out << clock[0] << clock[1];
        w.text(clock[2]);
    }
    out << qint32(entry.waits.size());
    for (const MetricsCache::Wait &wait : entry.waits)
        out << wait.inboundMs << wait.endMs << wait.firstMidnight << wait.seconds[0] << wait.seconds[1];
    return bytes;
}

std::optional<Conversation> MetricsKept::decode(
    const QByteArray &bytes, const std::function<qint32(const QString &)> &stringIndex)
{
    Reader r { bytes.constData(), bytes.constData() + bytes.size(), stringIndex };
    if (r.int32() != kFormat)
        return std::nullopt;
    Conversation entry;
    auto row = std::make_shared<ConversationMetricsRow>();
    r.row(*row);
    entry.row = std::move(row);
    entry.inboundMs = r.list<qint64>();
    entry.inboundCell = r.list<quint8>();
    entry.replyMs = r.list<qint64>();
    entry.responders = r.texts();
    entry.tags = r.texts();
    entry.storedTags = r.texts();
    entry.assignee = r.text();
    entry.firstInMs = r.int64();
    entry.activeMs = r.int64();
    const qint32 clocks = r.count();
    for (qint32 k = 0; k < clocks && r.ok(); ++k) {
        Core::SlaMeasurement m;
        m.target = Core::SlaTarget(r.int32());
        m.cycle = r.int32();
        m.startedAt = r.time();
        m.dueAt = r.time();
        m.stoppedAt = r.time();
        m.state = Core::SlaState(r.int32());
        m.paused = r.flag();
        m.countedSeconds = r.int64();
        entry.sla.append(m);
    }
    entry.firstResponseTarget = r.flag();
    entry.validUntilMs = r.int64();
    entry.live = r.flag();
    for (qint64 &ms : entry.runningMs)
        ms = r.int64();
    for (auto &samples : entry.samples) {
        const qint32 n = r.count();
        for (qint32 k = 0; k < n && r.ok(); ++k) {
            MetricsCache::Sample s;
            s.day = r.int32();
            s.agent = r.text();
            s.state = Core::MetricsAggregate::SampleState(r.int32());
            s.value = { r.real(), r.real() };
            samples.append(s);
        }
    }
    const qint32 firstResponseClocks = r.count();
    for (qint32 k = 0; k < firstResponseClocks && r.ok(); ++k) {
        const qint32 measurement = r.int32();
        const qint32 day = r.int32();
        entry.clocks.append({ measurement, day, r.text() });
    }
    const qint32 waits = r.count();
    for (qint32 k = 0; k < waits && r.ok(); ++k) {
        MetricsCache::Wait wait;
        wait.inboundMs = r.int64();
        wait.endMs = r.int64();
        wait.firstMidnight = r.int64();
        wait.seconds = { r.int64(), r.int64() };
        entry.waits.append(wait);
    }
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    // A clock must name one of the SLA measurements.
    for (const auto &clock : std::as_const(entry.clocks)) {
        if (clock[0] < 0 || clock[0] >= entry.sla.size())
            return std::nullopt;
    }
    return entry;
}

} // namespace Care::Store
