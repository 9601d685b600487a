#include "store/WorkspacePackTransfer.h"

#include "core/AuditEvent.h"
#include "store/AuditRepository.h"
#include "store/CannedReplyRepository.h"
#include "store/Database.h"
#include "store/PolicyRepository.h"
#include "store/WorkspaceSettings.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMap>

namespace Care::Store {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::WorkspacePackTransfer)
};

using Change = WorkspacePackTransfer::Change;

QStringList sortedTags(QStringList tags)
{
    for (QString &tag : tags)
        tag = tag.trimmed().toLower();
    tags.sort();
    return tags;
}

// Two JSON documents with the same content, whatever their spacing.
bool sameJson(const QByteArray &a, const QByteArray &b)
{
    return QJsonDocument::fromJson(a) == QJsonDocument::fromJson(b);
}

QStringList differences(const Core::PolicyDocument &now, const Core::PolicyDocument &next)
{
    QStringList what;
    if (now.title != next.title)
        what << Strings::tr("title “%1” → “%2”").arg(now.title, next.title);
    if (sortedTags(now.tags) != sortedTags(next.tags))
        what << Strings::tr("tags %1 → %2").arg(now.tags.join(QStringLiteral(", ")), next.tags.join(QStringLiteral(", ")));
    if (now.values != next.values)
        what << Strings::tr("values");
    if (now.body.trimmed() != next.body.trimmed())
        what << Strings::tr("text (%n lines)", nullptr, int(next.body.count(QLatin1Char('\n')) + 1));
    return what;
}

QStringList differences(const Core::CannedReply &now, const Core::CannedReply &next)
{
    QStringList what;
    if (now.title != next.title)
        what << Strings::tr("title “%1” → “%2”").arg(now.title, next.title);
    if (sortedTags(now.tags) != sortedTags(next.tags))
        what << Strings::tr("tags %1 → %2").arg(now.tags.join(QStringLiteral(", ")), next.tags.join(QStringLiteral(", ")));
    if (now.body != next.body)
        what << Strings::tr("text");
    return what;
}

} // namespace

QString WorkspacePackTransfer::Change::text() const
{
    QString verb;
    switch (kind) {
    case Kind::Add:
        verb = Strings::tr("add");
        break;
    case Kind::Update:
        verb = Strings::tr("update");
        break;
    case Kind::Replace:
        verb = Strings::tr("replace");
        break;
    case Kind::Keep:
        verb = Strings::tr("keep (not in the pack)");
        break;
    }
    return verb + QLatin1Char(' ') + section + QLatin1Char(' ') + name
        + (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
}

bool WorkspacePackTransfer::Plan::changesSomething() const
{
    for (const Change &change : changes) {
        if (change.kind != Change::Kind::Keep)
            return true;
    }
    return false;
}

QStringList WorkspacePackTransfer::Plan::lines() const
{
    QStringList out;
    for (const Change &change : changes)
        out << change.text();
    out << Strings::tr("%n entries of the pack are already the same here.", nullptr, unchanged);
    if (!changesSomething())
        out << Strings::tr("Nothing would change.");
    return out;
}

Core::Result<Core::WorkspacePack> WorkspacePackTransfer::exportPack(const QString &exportedBy)
{
    Core::WorkspacePack pack;
    pack.exportedAt = QDateTime::currentDateTimeUtc();
    pack.exportedBy = exportedBy;
    pack.application = QCoreApplication::applicationVersion();
    auto policies = PolicyRepository(m_db).list();
    if (!policies)
        return policies.error();
    pack.policies = policies.value();
    auto replies = CannedReplyRepository(m_db).list();
    if (!replies)
        return replies.error();
    pack.cannedReplies = replies.value();
    WorkspaceSettings settings(m_db);
    auto sla = settings.slaPolicies();
    if (!sla)
        return sla.error();
    pack.slaPolicies = sla.value();
    auto calendar = settings.calendar();
    if (!calendar)
        return calendar.error();
    pack.calendar = calendar.value();
    auto triage = settings.triageRuleDocuments();
    if (!triage)
        return triage.error();
    pack.triageRules = triage.value();
    return pack;
}

Core::Status WorkspacePackTransfer::planPolicies(const Core::WorkspacePack &pack, Plan &plan)
{
    if (!pack.policies)
        return {};
    auto current = PolicyRepository(m_db).list();
    if (!current)
        return current.error();
    QMap<QString, Core::PolicyDocument> bySlug;
    for (const Core::PolicyDocument &p : current.value())
        bySlug.insert(p.slug, p);
    for (const Core::PolicyDocument &p : *pack.policies) {
        const auto it = bySlug.constFind(p.slug);
        if (it == bySlug.cend()) {
            plan.changes << Change{Change::Kind::Add, QStringLiteral("policy"), p.slug, p.title};
        } else if (const QStringList what = differences(*it, p); !what.isEmpty()) {
            plan.changes << Change{Change::Kind::Update, QStringLiteral("policy"), p.slug, what.join(QStringLiteral("; "))};
        } else {
            ++plan.unchanged;
        }
        bySlug.remove(p.slug);
    }
    for (const Core::PolicyDocument &kept : std::as_const(bySlug))
        plan.changes << Change{Change::Kind::Keep, QStringLiteral("policy"), kept.slug, kept.title};
    return {};
}

Core::Status WorkspacePackTransfer::planReplies(const Core::WorkspacePack &pack, Plan &plan)
{
    if (!pack.cannedReplies)
        return {};
    auto current = CannedReplyRepository(m_db).list();
    if (!current)
        return current.error();
    QMap<QString, Core::CannedReply> byCode;
    for (const Core::CannedReply &r : current.value())
        byCode.insert(r.shortcode, r);
    for (const Core::CannedReply &r : *pack.cannedReplies) {
        const auto it = byCode.constFind(r.shortcode);
        if (it == byCode.cend()) {
            plan.changes << Change{Change::Kind::Add, QStringLiteral("reply"), r.shortcode, r.title};
        } else if (const QStringList what = differences(*it, r); !what.isEmpty()) {
            plan.changes << Change{Change::Kind::Update, QStringLiteral("reply"), r.shortcode, what.join(QStringLiteral("; "))};
        } else {
            ++plan.unchanged;
        }
        byCode.remove(r.shortcode);
    }
    for (const Core::CannedReply &kept : std::as_const(byCode))
        plan.changes << Change{Change::Kind::Keep, QStringLiteral("reply"), kept.shortcode, kept.title};
    return {};
}

Core::Status WorkspacePackTransfer::planSettings(const Core::WorkspacePack &pack, Plan &plan)
{
    WorkspaceSettings settings(m_db);
    if (pack.slaPolicies) {
        auto current = settings.slaPolicies();
        if (!current)
            return current.error();
        if (current.value() != *pack.slaPolicies)
            plan.changes << Change{Change::Kind::Replace, QStringLiteral("sla"), Strings::tr("SLA policies"),
                                   Strings::tr("%1 → %2 policies").arg(current->size()).arg(pack.slaPolicies->size())};
        else
            ++plan.unchanged;
    }
    if (pack.calendar) {
        auto current = settings.calendar();
        if (!current)
            return current.error();
        if (current->toJson() != pack.calendar->toJson())
            plan.changes << Change{Change::Kind::Replace, QStringLiteral("calendar"), Strings::tr("team calendar"),
                                   pack.calendar->timeZone().id().isEmpty()
                                       ? QString()
                                       : QString::fromUtf8(pack.calendar->timeZone().id())};
        else
            ++plan.unchanged;
    }
    if (pack.triageRules) {
        auto current = settings.triageRuleDocuments();
        if (!current)
            return current.error();
        bool same = current->size() == pack.triageRules->size();
        for (qsizetype i = 0; same && i < current->size(); ++i)
            same = sameJson(current->at(i), pack.triageRules->at(i));
        if (!same)
            plan.changes << Change{Change::Kind::Replace, QStringLiteral("triage"), Strings::tr("triage rules"),
                                   Strings::tr("%n languages", nullptr, int(pack.triageRules->size()))};
        else
            ++plan.unchanged;
    }
    return {};
}

Core::Result<WorkspacePackTransfer::Plan> WorkspacePackTransfer::plan(const Core::WorkspacePack &pack)
{
    Plan result;
    if (Core::Status s = planPolicies(pack, result); !s)
        return s.error();
    if (Core::Status s = planReplies(pack, result); !s)
        return s.error();
    if (Core::Status s = planSettings(pack, result); !s)
        return s.error();
    std::stable_sort(result.changes.begin(), result.changes.end(), [](const Change &a, const Change &b) {
        return (a.kind == Change::Kind::Keep) < (b.kind == Change::Kind::Keep);
    });
    return result;
}

Core::Result<WorkspacePackTransfer::Plan> WorkspacePackTransfer::apply(const Core::WorkspacePack &pack,
                                                                         const QString &editor)
{
    Plan applied;
    const Core::Status status = m_db.transaction([&]() -> Core::Status {
        auto planned = plan(pack);
        if (!planned)
            return planned.error();
        applied = planned.value();
        QMap<QString, Change::Kind> policyChanges;
        QMap<QString, Change::Kind> replyChanges;
        for (const Change &change : applied.changes) {
            if (change.section == QLatin1String("policy"))
                policyChanges.insert(change.name, change.kind);
            else if (change.section == QLatin1String("reply"))
                replyChanges.insert(change.name, change.kind);
        }
        const auto changes = [](const QMap<QString, Change::Kind> &map, const QString &name) {
            const Change::Kind kind = map.value(name, Change::Kind::Keep);
            return kind == Change::Kind::Add || kind == Change::Kind::Update;
        };
        for (const Core::PolicyDocument &p : pack.policies.value_or(QList<Core::PolicyDocument>())) {
            if (!changes(policyChanges, p.slug))
                continue;
            if (auto saved = PolicyRepository(m_db).save(p, editor); !saved)
                return saved.error();
        }
        for (const Core::CannedReply &r : pack.cannedReplies.value_or(QList<Core::CannedReply>())) {
            if (!changes(replyChanges, r.shortcode))
                continue;
            if (Core::Status s = CannedReplyRepository(m_db).upsert(r); !s)
                return s;
        }
        WorkspaceSettings settings(m_db);
        for (const Change &change : applied.changes) {
            Core::Status s;
            if (change.section == QLatin1String("sla"))
                s = settings.setSlaPolicies(*pack.slaPolicies, editor);
            else if (change.section == QLatin1String("calendar"))
                s = settings.setCalendar(*pack.calendar, editor);
            else if (change.section == QLatin1String("triage"))
                s = settings.setTriageRuleDocuments(*pack.triageRules, editor);
            if (!s)
                return s;
        }
        Core::AuditEvent event;
        event.actor = editor;
        event.action = QStringLiteral("workspace.import");
        event.subjectType = QStringLiteral("settings");
        event.detail = applied.lines().join(QLatin1Char('\n')).left(2000);
        return AuditRepository(m_db).append(event);
    });
    if (!status)
        return status.error();
    return applied;
}

} // namespace Care::Store
