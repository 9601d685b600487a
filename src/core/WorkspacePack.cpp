#include "core/WorkspacePack.h"

#include "core/TriageRules.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace Care::Core {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::WorkspacePack)
};

const char *const kFormat = "care-workspace-pack";
constexpr qsizetype kMaxPolicies = 500;
constexpr qsizetype kMaxReplies = 2000;
constexpr qsizetype kMaxTags = 50;
constexpr qsizetype kMaxValues = 100;
constexpr qsizetype kMaxLanguages = 50;
constexpr qsizetype kMaxTitle = 300;
constexpr qsizetype kMaxTag = 80;
constexpr qsizetype kMaxBody = 200000;

// A plain name: what a slug, shortcode or value name may be. Rules out paths ("../x", "a/b"),
// hidden names, spaces and control characters, so a name is safe wherever it ends up.
bool isPlainName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

// Customer-facing text may hold line breaks and tabs, but no other control characters.
bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\r') && c != QLatin1Char('\t'))
            return true;
        if (c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// Collects problems with their place ("policies[2].slug: ...").
class Checker
{
public:
    QStringList problems;

    void add(const QString &where, const QString &what) { problems << where + QStringLiteral(": ") + what; }

    std::optional<QString> text(const QJsonObject &object, const QString &where, const char *key, qsizetype maxLength,
                                bool required)
    {
        const QString place = where + QLatin1Char('.') + QLatin1String(key);
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined()) {
            if (required)
                add(place, Strings::tr("is missing"));
            return required ? std::nullopt : std::optional<QString>(QString());
        }
        if (!value.isString()) {
            add(place, Strings::tr("must be text"));
            return std::nullopt;
        }
        const QString s = value.toString();
        if (required && s.trimmed().isEmpty()) {
            add(place, Strings::tr("is empty"));
            return std::nullopt;
        }
        if (s.size() > maxLength) {
            add(place, Strings::tr("is longer than %1 characters").arg(maxLength));
            return std::nullopt;
        }
        if (hasControlCharacters(s)) {
            add(place, Strings::tr("contains control characters"));
            return std::nullopt;
        }
        return s;
    }

    std::optional<QString> name(const QJsonObject &object, const QString &where, const char *key)
    {
        auto value = text(object, where, key, 64, true);
        if (value && !isPlainName(*value)) {
            add(where + QLatin1Char('.') + QLatin1String(key),
                Strings::tr("“%1” is not a plain name (lower-case letters, digits, - and _, at most 64)")
                    .arg(value->left(80)));
            return std::nullopt;
        }
        return value;
    }

    std::optional<QStringList> tags(const QJsonObject &object, const QString &where)
    {
        const QString place = where + QStringLiteral(".tags");
        const QJsonValue value = object.value(QStringLiteral("tags"));
        if (value.isUndefined())
            return QStringList();
        if (!value.isArray()) {
            add(place, Strings::tr("must be a list of words"));
            return std::nullopt;
        }
        const QJsonArray array = value.toArray();
        if (array.size() > kMaxTags) {
            add(place, Strings::tr("has more than %1 tags").arg(kMaxTags));
            return std::nullopt;
        }
        QStringList out;
        for (const QJsonValue &tag : array) {
            const QString s = tag.toString();
            if (!tag.isString() || s.trimmed().isEmpty() || s.size() > kMaxTag || hasControlCharacters(s)
                || s.contains(QLatin1Char(','))) {
                add(place, Strings::tr("every tag must be a short word without commas"));
                return std::nullopt;
            }
            out << s.trimmed();
        }
        return out;
    }

    void unknownKeys(const QJsonObject &object, const QString &where, const QStringList &known)
    {
        for (const QString &key : object.keys()) {
            if (!known.contains(key))
                add(where, Strings::tr("unknown entry “%1”").arg(key.left(80)));
        }
    }

    // An array section of at most `max` objects, or nothing (with a problem) when it is not one.
    std::optional<QJsonArray> objects(const QJsonValue &value, const QString &where, qsizetype max)
    {
        if (!value.isArray()) {
            add(where, Strings::tr("must be a list"));
            return std::nullopt;
        }
        const QJsonArray array = value.toArray();
        if (array.size() > max) {
            add(where, Strings::tr("has %1 entries; at most %2 are accepted").arg(array.size()).arg(max));
            return std::nullopt;
        }
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject()) {
                add(where + QStringLiteral("[%1]").arg(i), Strings::tr("must be an object"));
                return std::nullopt;
            }
        }
        return array;
    }
};

std::optional<QList<PolicyDocument>> readPolicies(Checker &check, const QJsonValue &section)
{
    const auto array = check.objects(section, QStringLiteral("policies"), kMaxPolicies);
    if (!array)
        return std::nullopt;
    const int before = int(check.problems.size());
    QList<PolicyDocument> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString where = QStringLiteral("policies[%1]").arg(i);
        const QJsonObject o = array->at(i).toObject();
        check.unknownKeys(o, where, {QStringLiteral("slug"), QStringLiteral("title"), QStringLiteral("tags"),
                                     QStringLiteral("values"), QStringLiteral("body")});
        PolicyDocument p;
        const auto slug = check.name(o, where, "slug");
        const auto title = check.text(o, where, "title", kMaxTitle, true);
        const auto body = check.text(o, where, "body", kMaxBody, true);
        const auto tags = check.tags(o, where);
        if (slug && seen.contains(*slug))
            check.add(where + QStringLiteral(".slug"), Strings::tr("“%1” appears twice").arg(*slug));
        const QJsonValue values = o.value(QStringLiteral("values"));
        if (!values.isUndefined() && (!values.isObject() || values.toObject().size() > kMaxValues)) {
            check.add(where + QStringLiteral(".values"), Strings::tr("must be an object of at most %1 named values").arg(kMaxValues));
        } else {
            const QJsonObject map = values.toObject();
            for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
                const QString place = where + QStringLiteral(".values.") + it.key().left(80);
                if (!isPlainName(it.key()))
                    check.add(place, Strings::tr("is not a plain name"));
                else if (!it.value().isString() || it.value().toString().size() > kMaxTitle
                         || hasControlCharacters(it.value().toString()))
                    check.add(place, Strings::tr("must be short text"));
                else
                    p.values.insert(it.key(), it.value().toString());
            }
        }
        if (!slug || !title || !body || !tags)
            continue;
        seen.insert(*slug);
        p.slug = *slug;
        p.title = title->trimmed();
        p.body = *body;
        p.tags = *tags;
        out << p;
    }
    if (check.problems.size() > before)
        return std::nullopt;
    return out;
}

std::optional<QList<CannedReply>> readReplies(Checker &check, const QJsonValue &section)
{
    const auto array = check.objects(section, QStringLiteral("canned_replies"), kMaxReplies);
    if (!array)
        return std::nullopt;
    const int before = int(check.problems.size());
    QList<CannedReply> out;
    QSet<QString> seen;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString where = QStringLiteral("canned_replies[%1]").arg(i);
        const QJsonObject o = array->at(i).toObject();
        check.unknownKeys(o, where, {QStringLiteral("shortcode"), QStringLiteral("title"), QStringLiteral("body"),
                                     QStringLiteral("tags")});
        const auto code = check.name(o, where, "shortcode");
        const auto title = check.text(o, where, "title", kMaxTitle, true);
        const auto body = check.text(o, where, "body", kMaxBody, true);
        const auto tags = check.tags(o, where);
        if (code && seen.contains(*code))
            check.add(where + QStringLiteral(".shortcode"), Strings::tr("“%1” appears twice").arg(*code));
        if (!code || !title || !body || !tags)
            continue;
        seen.insert(*code);
        CannedReply r;
        r.shortcode = *code;
        r.title = title->trimmed();
        r.body = *body;
        r.tags = *tags;
        out << r;
    }
    if (check.problems.size() > before)
        return std::nullopt;
    return out;
}

std::optional<QList<QByteArray>> readTriage(Checker &check, const QJsonValue &section)
{
    const auto array = check.objects(section, QStringLiteral("triage_rules"), kMaxLanguages);
    if (!array)
        return std::nullopt;
    QList<QByteArray> documents;
    TriageRules all;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString where = QStringLiteral("triage_rules[%1]").arg(i);
        const QByteArray document = QJsonDocument(array->at(i).toObject()).toJson(QJsonDocument::Compact);
        auto rules = TriageRules::fromJson(document, where);
        if (!rules) {
            check.add(where, rules.error().message);
            return std::nullopt;
        }
        if (Status merged = all.merge(rules.value()); !merged) {
            check.add(where, merged.error().message);
            return std::nullopt;
        }
        documents << document;
    }
    return documents;
}

QJsonArray tagsJson(const QStringList &tags)
{
    return QJsonArray::fromStringList(tags);
}

} // namespace

QByteArray WorkspacePack::toJson() const
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), QLatin1String(kFormat));
    root.insert(QStringLiteral("version"), kVersion);
    root.insert(QStringLiteral("exported_at"), exportedAt.toUTC().toString(Qt::ISODate));
    root.insert(QStringLiteral("exported_by"), exportedBy);
    root.insert(QStringLiteral("application"), application);
    if (policies) {
        QJsonArray array;
        for (const PolicyDocument &p : *policies) {
            QJsonObject values;
            for (auto it = p.values.cbegin(); it != p.values.cend(); ++it)
                values.insert(it.key(), it.value());
            array.append(QJsonObject{{QStringLiteral("slug"), p.slug}, {QStringLiteral("title"), p.title},
                                     {QStringLiteral("tags"), tagsJson(p.tags)}, {QStringLiteral("values"), values},
                                     {QStringLiteral("body"), p.body}});
        }
        root.insert(QStringLiteral("policies"), array);
    }
    if (cannedReplies) {
        QJsonArray array;
        for (const CannedReply &r : *cannedReplies)
            array.append(QJsonObject{{QStringLiteral("shortcode"), r.shortcode}, {QStringLiteral("title"), r.title},
                                     {QStringLiteral("body"), r.body}, {QStringLiteral("tags"), tagsJson(r.tags)}});
        root.insert(QStringLiteral("canned_replies"), array);
    }
    if (slaPolicies)
        root.insert(QStringLiteral("sla_policies"), QJsonDocument::fromJson(SlaPolicy::listToJson(*slaPolicies)).object());
    if (calendar)
        root.insert(QStringLiteral("calendar"), calendar->toJson());
    if (triageRules) {
        QJsonArray array;
        for (const QByteArray &document : *triageRules)
            array.append(QJsonDocument::fromJson(document).object());
        root.insert(QStringLiteral("triage_rules"), array);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

WorkspacePack::Reading WorkspacePack::fromJson(const QByteArray &json)
{
    Reading reading;
    Checker check;
    if (json.size() > kMaxBytes) {
        reading.problems << Strings::tr("The pack is %1 MB; packs larger than %2 MB are refused.")
                                .arg(json.size() / (1024 * 1024))
                                .arg(kMaxBytes / (1024 * 1024));
        return reading;
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        reading.problems << Strings::tr("The pack is not valid JSON (at byte %1: %2).").arg(error.offset).arg(error.errorString());
        return reading;
    }
    if (!document.isObject()) {
        reading.problems << Strings::tr("The pack must be a JSON object.");
        return reading;
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
        reading.problems << Strings::tr("This is not a Care Console workspace pack (its format is not “%1”).")
                                .arg(QLatin1String(kFormat));
        return reading;
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != double(version.toInt())) {
        reading.problems << Strings::tr("version: must be a whole number");
        return reading;
    }
    if (version.toInt() != kVersion) {
        reading.problems << Strings::tr("The pack has version %1; this Care Console reads version %2 only. %3")
                                .arg(version.toInt())
                                .arg(kVersion)
                                .arg(version.toInt() > kVersion ? Strings::tr("Install the newer Care Console that wrote it.")
                                                                : QString());
        return reading;
    }
    check.unknownKeys(root, QStringLiteral("pack"),
                      {QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("exported_at"),
                       QStringLiteral("exported_by"), QStringLiteral("application"), QStringLiteral("policies"),
                       QStringLiteral("canned_replies"), QStringLiteral("sla_policies"), QStringLiteral("calendar"),
                       QStringLiteral("triage_rules")});

    WorkspacePack pack;
    const auto exportedBy = check.text(root, QStringLiteral("pack"), "exported_by", kMaxTitle, false);
    const auto application = check.text(root, QStringLiteral("pack"), "application", 40, false);
    pack.exportedBy = exportedBy.value_or(QString());
    pack.application = application.value_or(QString());
    pack.exportedAt = QDateTime::fromString(root.value(QStringLiteral("exported_at")).toString(), Qt::ISODate);

    if (root.contains(QStringLiteral("policies")))
        pack.policies = readPolicies(check, root.value(QStringLiteral("policies")));
    if (root.contains(QStringLiteral("canned_replies")))
        pack.cannedReplies = readReplies(check, root.value(QStringLiteral("canned_replies")));
    if (root.contains(QStringLiteral("sla_policies"))) {
        const QJsonValue section = root.value(QStringLiteral("sla_policies"));
        if (!section.isObject()) {
            check.add(QStringLiteral("sla_policies"), Strings::tr("must be an object with a list of policies"));
        } else if (auto list = SlaPolicy::listFromJson(QJsonDocument(section.toObject()).toJson()); !list) {
            check.add(QStringLiteral("sla_policies"), list.error().message);
        } else {
            pack.slaPolicies = list.value();
        }
    }
    if (root.contains(QStringLiteral("calendar"))) {
        const QJsonValue section = root.value(QStringLiteral("calendar"));
        if (!section.isObject()) {
            check.add(QStringLiteral("calendar"), Strings::tr("must be an object"));
        } else if (auto calendar = BusinessCalendar::fromJson(section.toObject()); !calendar) {
            check.add(QStringLiteral("calendar"), calendar.error().message);
        } else {
            pack.calendar = calendar.value();
        }
    }
    if (root.contains(QStringLiteral("triage_rules")))
        pack.triageRules = readTriage(check, root.value(QStringLiteral("triage_rules")));

    reading.problems = check.problems;
    if (reading.problems.isEmpty())
        reading.pack = pack;
    return reading;
}

WorkspacePack::Reading WorkspacePack::fromFile(const QString &path)
{
    Reading reading;
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly)) {
        reading.problems << Strings::tr("%1 could not be read.").arg(path);
        return reading;
    }
    if (file.size() > kMaxBytes) {
        reading.problems << Strings::tr("The pack is %1 MB; packs larger than %2 MB are refused.")
                                .arg(file.size() / (1024 * 1024))
                                .arg(kMaxBytes / (1024 * 1024));
        return reading;
    }
    return fromJson(file.read(kMaxBytes + 1));
}

} // namespace Care::Core
