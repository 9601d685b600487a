#include "core/SlaPolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace Care::Core {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::SlaPolicy)
};

Error invalid(const QString &message, const QString &hint = {})
{
    return Error::make(Error::Code::InvalidInput, message, hint);
}

struct TargetKey
{
    SlaTarget target;
    QLatin1String key;
};

const std::array<TargetKey, 3> &targetKeys()
{
    static const std::array<TargetKey, 3> keys = {
        TargetKey{SlaTarget::FirstResponse, QLatin1String("first_response_minutes")},
        TargetKey{SlaTarget::NextResponse, QLatin1String("next_response_minutes")},
        TargetKey{SlaTarget::Resolution, QLatin1String("resolution_minutes")},
    };
    return keys;
}

std::optional<qint64> &targetField(SlaPolicy &policy, SlaTarget target)
{
    switch (target) {
    case SlaTarget::FirstResponse: return policy.firstResponseSeconds;
    case SlaTarget::NextResponse: return policy.nextResponseSeconds;
    case SlaTarget::Resolution: break;
    }
    return policy.resolutionSeconds;
}

QStringList platformIds()
{
    QStringList ids;
    for (Platform p : allPlatforms())
        ids.append(platformId(p));
    return ids;
}

} // namespace

QString slaTargetId(SlaTarget target)
{
    switch (target) {
    case SlaTarget::FirstResponse: return QStringLiteral("first_response");
    case SlaTarget::NextResponse: return QStringLiteral("next_response");
    case SlaTarget::Resolution: return QStringLiteral("resolution");
    }
    return {};
}

QString slaTargetDisplayName(SlaTarget target)
{
    switch (target) {
    case SlaTarget::FirstResponse: return QCoreApplication::translate("Care::Core::SlaPolicy", "First response");
    case SlaTarget::NextResponse: return QCoreApplication::translate("Care::Core::SlaPolicy", "Next response");
    case SlaTarget::Resolution: return QCoreApplication::translate("Care::Core::SlaPolicy", "Resolution");
    }
    return {};
}

std::optional<qint64> SlaPolicy::targetSeconds(SlaTarget target) const
{
    switch (target) {
    case SlaTarget::FirstResponse: return firstResponseSeconds;
    case SlaTarget::NextResponse: return nextResponseSeconds;
    case SlaTarget::Resolution: break;
    }
    return resolutionSeconds;
}

int SlaPolicy::specificity() const
{
    return (platform ? 1 : 0) + (priority ? 1 : 0) + (tag.isEmpty() ? 0 : 1);
}

bool SlaPolicy::matches(Platform conversationPlatform, Priority conversationPriority,
                        const QStringList &conversationTags) const
{
    if (platform && *platform != conversationPlatform)
        return false;
    if (priority && *priority != conversationPriority)
        return false;
    return tag.isEmpty() || conversationTags.contains(tag, Qt::CaseInsensitive);
}

SlaPolicy SlaPolicy::defaultPolicy()
{
    SlaPolicy policy;
    policy.name = Strings::tr("Default");
    policy.firstResponseSeconds = kDefaultResponseTargetSeconds;
    policy.countStaffedHoursOnly = true;
    return policy;
}

SlaPolicy SlaPolicy::select(const QList<SlaPolicy> &policies, Platform conversationPlatform,
                            Priority conversationPriority, const QStringList &conversationTags)
{
    const SlaPolicy *best = nullptr;
    for (const SlaPolicy &policy : policies) {
        // Strictly more specific only: on a tie the earlier policy in the list stays.
        if (policy.matches(conversationPlatform, conversationPriority, conversationTags)
            && (!best || policy.specificity() > best->specificity()))
            best = &policy;
    }
    return best ? *best : defaultPolicy();
}

QJsonObject SlaPolicy::toJson() const
{
    QJsonObject match;
    if (platform)
        match.insert(QStringLiteral("platform"), platformId(*platform));
    if (priority)
        match.insert(QStringLiteral("priority"), priorityId(*priority));
    if (!tag.isEmpty())
        match.insert(QStringLiteral("tag"), tag);

    QJsonObject json{
        {QStringLiteral("name"), name},
        {QStringLiteral("match"), match},
        {QStringLiteral("counting"),
         countStaffedHoursOnly ? QStringLiteral("staffed_hours") : QStringLiteral("wall_clock")},
        {QStringLiteral("pause_while_pending"), pauseWhilePending},
    };
    for (const TargetKey &target : targetKeys()) {
        if (const auto seconds = targetSeconds(target.target)) {
            // Whole minutes stay integers in the file; anything finer becomes a fraction.
            if (*seconds % 60 == 0)
                json.insert(target.key, *seconds / 60);
            else
                json.insert(target.key, static_cast<double>(*seconds) / 60.0);
        }
    }
    return json;
}

Result<SlaPolicy> SlaPolicy::fromJson(const QJsonObject &json)
{
    static const QStringList knownKeys = {
        QStringLiteral("name"),
        QStringLiteral("match"),
        QStringLiteral("first_response_minutes"),
        QStringLiteral("next_response_minutes"),
        QStringLiteral("resolution_minutes"),
        QStringLiteral("counting"),
        QStringLiteral("pause_while_pending"),
    };
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        // Keys starting with "_" are comments: JSON has no other place for them.
        if (!knownKeys.contains(it.key()) && !it.key().startsWith(QLatin1Char('_')))
            return invalid(Strings::tr("Unknown entry “%1”.").arg(it.key()),
                           Strings::tr("Known entries are %1.").arg(knownKeys.join(QStringLiteral(", "))));
    }

    SlaPolicy policy;
    policy.name = json.value(QStringLiteral("name")).toString().trimmed();
    if (policy.name.isEmpty())
        return invalid(Strings::tr("The policy has no name."), Strings::tr("Add \"name\", e.g. \"Default\"."));

    const QJsonValue matchValue = json.value(QStringLiteral("match"));
    if (!matchValue.isUndefined() && !matchValue.isObject())
        return invalid(Strings::tr("\"match\" must be an object."),
                       Strings::tr("For example {\"priority\": \"urgent\"}; {} matches everything."));
    const QJsonObject match = matchValue.toObject();
    for (auto it = match.constBegin(); it != match.constEnd(); ++it) {
        const QString value = it.value().toString();
        if (it.key() == QLatin1String("platform")) {
            policy.platform = platformFromId(value);
            if (!policy.platform)
                return invalid(Strings::tr("Unknown platform “%1”.").arg(value),
                               Strings::tr("Use one of %1.").arg(platformIds().join(QStringLiteral(", "))));
        } else if (it.key() == QLatin1String("priority")) {
            policy.priority = priorityFromId(value);
            if (!policy.priority)
                return invalid(Strings::tr("Unknown priority “%1”.").arg(value), Strings::tr("Use low, normal, high or urgent."));
        } else if (it.key() == QLatin1String("tag")) {
            policy.tag = value.trimmed();
            if (policy.tag.isEmpty())
                return invalid(Strings::tr("The tag to match is empty."), Strings::tr("Leave \"tag\" out to match any tag."));
        } else {
            return invalid(Strings::tr("Unknown criterion “%1” in \"match\".").arg(it.key()),
                           Strings::tr("Use platform, priority and tag."));
        }
    }

    for (const TargetKey &target : targetKeys()) {
        const QJsonValue value = json.value(target.key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isDouble() || value.toDouble() < 0.0 || !std::isfinite(value.toDouble()))
            return invalid(Strings::tr("\"%1\" must be a number of minutes, 0 or more.").arg(target.key));
        targetField(policy, target.target) = std::llround(value.toDouble() * 60.0);
    }

    const QString counting = json.value(QStringLiteral("counting")).toString(QStringLiteral("staffed_hours"));
    if (counting == QLatin1String("staffed_hours"))
        policy.countStaffedHoursOnly = true;
    else if (counting == QLatin1String("wall_clock"))
        policy.countStaffedHoursOnly = false;
    else
        return invalid(Strings::tr("Unknown counting mode “%1”.").arg(counting), Strings::tr("Use staffed_hours or wall_clock."));

    const QJsonValue pause = json.value(QStringLiteral("pause_while_pending"));
    if (!pause.isUndefined() && !pause.isBool())
        return invalid(Strings::tr("\"pause_while_pending\" must be true or false."));
    policy.pauseWhilePending = pause.toBool(false);
    return policy;
}

QByteArray SlaPolicy::listToJson(const QList<SlaPolicy> &policies)
{
    QJsonArray list;
    for (const SlaPolicy &policy : policies)
        list.append(policy.toJson());
    return QJsonDocument(QJsonObject{{QStringLiteral("policies"), list}}).toJson(QJsonDocument::Indented);
}

Result<QList<SlaPolicy>> SlaPolicy::listFromJson(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::make(Error::Code::InvalidInput, Strings::tr("The SLA policies are not valid JSON."),
                           Strings::tr("Check the file near character %1.").arg(parseError.offset), parseError.errorString());
    const QJsonValue listValue = document.object().value(QStringLiteral("policies"));
    if (!document.isObject() || !listValue.isArray())
        return invalid(Strings::tr("The SLA policies file must be an object with a \"policies\" list."));

    QList<SlaPolicy> policies;
    const QJsonArray list = listValue.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        // Say which policy is wrong: the file may hold many.
        const QJsonObject json = list.at(i).toObject();
        const QString label = json.value(QStringLiteral("name")).toString().isEmpty()
            ? Strings::tr("SLA policy %1").arg(i + 1)
            : Strings::tr("SLA policy %1 (“%2”)").arg(i + 1).arg(json.value(QStringLiteral("name")).toString());
        if (!list.at(i).isObject())
            return invalid(Strings::tr("%1 is not an object.").arg(label));
        auto policy = fromJson(json);
        if (!policy)
            return Error::make(Error::Code::InvalidInput,
                               QString(label + QStringLiteral(": ") + policy.error().message), policy.error().hint);
        policies.append(std::move(policy).value());
    }
    return policies;
}

bool operator==(const SlaPolicy &a, const SlaPolicy &b)
{
    return a.name == b.name && a.platform == b.platform && a.priority == b.priority && a.tag == b.tag
        && a.firstResponseSeconds == b.firstResponseSeconds && a.nextResponseSeconds == b.nextResponseSeconds
        && a.resolutionSeconds == b.resolutionSeconds && a.countStaffedHoursOnly == b.countStaffedHoursOnly
        && a.pauseWhilePending == b.pauseWhilePending;
}

} // namespace Care::Core
