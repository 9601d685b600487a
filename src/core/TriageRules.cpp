#include "core/TriageRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <optional>

namespace Care::Core {

namespace {

constexpr auto kRegexOptions
    = QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption;

const QList<TriageRules::Signal> &allSignals()
{
    static const QList<TriageRules::Signal> signalList { TriageRules::Signal::TimeSensitive,
        TriageRules::Signal::ServiceLoss, TriageRules::Signal::Negative, TriageRules::Signal::Angry,
        TriageRules::Signal::Praise, TriageRules::Signal::Sarcasm, TriageRules::Signal::Negation,
        TriageRules::Signal::NoAction };
    return signalList;
}

std::optional<TriageRules::Signal> signalFromId(const QString &id)
{
    for (auto signal : allSignals()) {
        if (TriageRules::signalId(signal) == id)
            return signal;
    }
    return std::nullopt;
}

// Text that says who is asking rather than what they need. A rule that raises urgency on any of
// it would order work by influence, which the social contract (R3) forbids.
const QStringList &influenceProbes()
{
    static const QStringList probes {
        QStringLiteral("I have 50k followers"),
        QStringLiteral("I have 250,000 followers on here"),
        QStringLiteral("my 2 million followers will hear about this"),
        QStringLiteral("I'm verified"),
        QStringLiteral("verified account with a blue tick"),
        QStringLiteral("I am an influencer"),
        QStringLiteral("as a journalist with a big audience"),
    };
    return probes;
}

Error ruleError(const QString &source, const QString &where, const QString &problem)
{
    return Error::make(Error::Code::InvalidInput,
        QString(source + QStringLiteral(": ") + where + QStringLiteral(": ") + problem),
        QStringLiteral("Fix the rule and load the rules again; the previous rules stay in use."));
}

QRegularExpression compile(const QString &pattern, bool wholeWords)
{
    // Rules are written as plain patterns; the word boundaries are added here so that "late"
    // never fires inside "chocolate" and nobody has to remember \b (which is ASCII-only anyway).
    const QString wrapped = wholeWords ? QString(QStringLiteral("(?<!\\w)(?:") + pattern + QStringLiteral(")(?!\\w)"))
                                       : QString(QStringLiteral("(?:") + pattern + QLatin1Char(')'));
    QRegularExpression regex(wrapped, kRegexOptions);
    regex.optimize();
    return regex;
}

QString describeRegexError(const QRegularExpression &regex, const QString &pattern, bool wholeWords)
{
    // The offset refers to the wrapped pattern; shift it back to what the lead wrote.
    const qsizetype prefix = wholeWords ? 10 : 3;
    const qsizetype offset = qBound<qsizetype>(0, regex.patternErrorOffset() - prefix, pattern.size());
    return QStringLiteral("the pattern is not a valid regular expression (%1 at character %2 of \"%3\")")
        .arg(regex.errorString())
        .arg(offset + 1)
        .arg(pattern);
}

// Alternation of the given word patterns, each its own capture group.
QString groupsOf(const QStringList &patterns)
{
    QStringList groups;
    for (const QString &p : patterns)
        groups << QString(QLatin1Char('(') + p + QLatin1Char(')'));
    return groups.join(QLatin1Char('|'));
}

Result<QStringList> stringList(const QJsonObject &object, const QString &key, const QString &source)
{
    QStringList out;
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return out;
    if (!value.isArray())
        return ruleError(
            source, QString(QLatin1Char('"') + key + QLatin1Char('"')), QStringLiteral("must be a list of strings"));
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty())
            return ruleError(source, QString(QLatin1Char('"') + key + QLatin1Char('"')),
                QStringLiteral("must contain only non-empty strings"));
        out << item.toString().trimmed();
    }
    return out;
}

Result<TriageRules::Rule> parseRule(
    const QJsonValue &value, TriageRules::Signal signal, const QString &language, int index, const QString &source)
{
    const QString group = TriageRules::signalId(signal);
    const QString position = QStringLiteral("rule %1 in \"%2\"").arg(index + 1).arg(group);
    if (!value.isObject())
        return ruleError(source, position, QStringLiteral("must be an object with \"id\" and \"pattern\""));
    const QJsonObject object = value.toObject();

    TriageRules::Rule rule;
    rule.signal = signal;
    rule.language = language;
    rule.id = object.value(QStringLiteral("id")).toString().trimmed();
    if (rule.id.isEmpty())
        return ruleError(source, position, QStringLiteral("has no \"id\""));
    const QString where = QStringLiteral("rule \"%1\" in \"%2\"").arg(rule.id, group);

    static const QSet<QString> known { QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("pattern"),
        QStringLiteral("weight"), QStringLiteral("level"), QStringLiteral("whole_words"), QStringLiteral("suppresses"),
        QStringLiteral("scope") };
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return ruleError(source, where, QStringLiteral("unknown field \"%1\"").arg(it.key()));
    }

    rule.description = object.value(QStringLiteral("description")).toString();
    if (!object.value(QStringLiteral("pattern")).isString()
        || object.value(QStringLiteral("pattern")).toString().isEmpty())
        return ruleError(source, where, QStringLiteral("has no \"pattern\""));
    rule.pattern = object.value(QStringLiteral("pattern")).toString();

    const QJsonValue wholeWords = object.value(QStringLiteral("whole_words"));
    if (!wholeWords.isUndefined() && !wholeWords.isBool())
        return ruleError(source, where, QStringLiteral("\"whole_words\" must be true or false"));
    rule.wholeWords = wholeWords.toBool(true);

    rule.regex = compile(rule.pattern, rule.wholeWords);
    if (!rule.regex.isValid())
        return ruleError(source, where, describeRegexError(rule.regex, rule.pattern, rule.wholeWords));
    if (rule.regex.match(QString()).hasMatch())
        return ruleError(
            source, where, QStringLiteral("the pattern matches empty text, so it would fire on every message"));

    const QJsonValue weight = object.value(QStringLiteral("weight"));
    if (!weight.isUndefined()) {
        if (!weight.isDouble() || weight.toDouble() <= 0.0 || weight.toDouble() > 10.0)
            return ruleError(source, where, QStringLiteral("\"weight\" must be a number above 0 and at most 10"));
        rule.weight = weight.toDouble();
    }

    const QJsonValue level = object.value(QStringLiteral("level"));
    if (!level.isUndefined()) {
        if (signal != TriageRules::Signal::TimeSensitive && signal != TriageRules::Signal::ServiceLoss)
            return ruleError(
                source, where, QStringLiteral("\"level\" only applies to time_sensitive and service_loss rules"));
        const QString levelId = level.toString();
        if (levelId != QLatin1String("high") && levelId != QLatin1String("urgent"))
            return ruleError(source, where, QStringLiteral("\"level\" must be \"high\" or \"urgent\""));
        rule.level = levelId == QLatin1String("urgent") ? Priority::Urgent : Priority::High;
    }

    const bool isNegation = signal == TriageRules::Signal::Negation;
    const QJsonValue suppresses = object.value(QStringLiteral("suppresses"));
    const QJsonValue scope = object.value(QStringLiteral("scope"));
    if (!isNegation && (!suppresses.isUndefined() || !scope.isUndefined()))
        return ruleError(source, where, QStringLiteral("\"suppresses\" and \"scope\" only apply to negation rules"));
    if (isNegation) {
        if (!suppresses.isArray() || suppresses.toArray().isEmpty())
            return ruleError(source, where, QStringLiteral("a negation rule needs \"suppresses\": a list of signals"));
        for (const QJsonValue &item : suppresses.toArray()) {
            const auto suppressed = signalFromId(item.toString());
            if (!suppressed || *suppressed == TriageRules::Signal::Negation)
                return ruleError(source, where, QStringLiteral("cannot suppress \"%1\"").arg(item.toString()));
            rule.suppresses << *suppressed;
        }
        const QString scopeId = scope.toString(QStringLiteral("overlap"));
        if (scopeId == QLatin1String("overlap"))
            rule.scope = TriageRules::Scope::Overlap;
        else if (scopeId == QLatin1String("message"))
            rule.scope = TriageRules::Scope::Message;
        else
            return ruleError(source, where, QStringLiteral("\"scope\" must be \"overlap\" or \"message\""));
    }

    if (signal == TriageRules::Signal::TimeSensitive || signal == TriageRules::Signal::ServiceLoss) {
        for (const QString &probe : influenceProbes()) {
            const auto match = rule.regex.match(probe);
            if (match.hasMatch())
                return ruleError(source, where,
                    QStringLiteral("matches \"%1\" in \"%2\": follower counts and badges must never "
                                   "raise urgency")
                        .arg(match.captured(), probe));
        }
    }
    return rule;
}

Status parseDates(const QJsonObject &dates, TriageRules::Language &language, const QString &source)
{
    const auto months = stringList(dates, QStringLiteral("months"), source);
    if (!months)
        return months.error();
    const auto weekdays = stringList(dates, QStringLiteral("weekdays"), source);
    if (!weekdays)
        return weekdays.error();
    if (months->size() != 12)
        return ruleError(
            source, QStringLiteral("\"dates\""), QStringLiteral("\"months\" must list 12 patterns, January first"));
    if (weekdays->size() != 7)
        return ruleError(
            source, QStringLiteral("\"dates\""), QStringLiteral("\"weekdays\" must list 7 patterns, Monday first"));
    const QJsonValue weight = dates.value(QStringLiteral("weight"));
    if (!weight.isUndefined() && (!weight.isDouble() || weight.toDouble() <= 0.0))
        return ruleError(source, QStringLiteral("\"dates\""), QStringLiteral("\"weight\" must be a positive number"));
    language.dateWeight = weight.toDouble(1.0);
    const QJsonValue within = dates.value(QStringLiteral("within_days"));
    if (!within.isUndefined() && (!within.isDouble() || within.toInt(-1) < 0 || within.toInt(-1) > 14))
        return ruleError(
            source, QStringLiteral("\"dates\""), QStringLiteral("\"within_days\" must be a whole number from 0 to 14"));
    language.dateWithinDays = within.toInt(1);

    const QString day = QStringLiteral("(\\d{1,2})(?:st|nd|rd|th|er|\\.)?");
    language.weekdays = compile(groupsOf(*weekdays), true);
    language.dayMonth = compile(
        QString(day + QStringLiteral("\\s+(?:of\\s+|de\\s+)?(?:") + groupsOf(*months) + QLatin1Char(')')), true);
    language.monthDay
        = compile(QString(QStringLiteral("(?:") + groupsOf(*months) + QStringLiteral(")\\s+") + day), true);
    for (const QRegularExpression *regex : { &language.weekdays, &language.dayMonth, &language.monthDay }) {
        if (!regex->isValid())
            return ruleError(source, QStringLiteral("\"dates\""),
                QStringLiteral("a month or weekday pattern is not a valid regular expression (%1)")
                    .arg(regex->errorString()));
    }
    return {};
}

Result<TriageRules::Language> parseLanguage(const QJsonObject &root, const QString &source)
{
    TriageRules::Language language;
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("care-triage-rules"))
        return ruleError(
            source, QStringLiteral("document"), QStringLiteral("\"format\" must be \"care-triage-rules\""));
    if (root.value(QStringLiteral("version")).toInt() != 1)
        return ruleError(source, QStringLiteral("document"), QStringLiteral("only \"version\": 1 is understood"));
    language.code = root.value(QStringLiteral("language")).toString().trimmed().toLower();
    static const QRegularExpression codeShape(QStringLiteral("^[a-z]{2,3}$"));
    if (!codeShape.match(language.code).hasMatch() || language.code == QLatin1String("und"))
        return ruleError(
            source, QStringLiteral("document"), QStringLiteral("\"language\" must be a language code such as \"en\""));
    language.name = root.value(QStringLiteral("name")).toString(language.code);

    const QJsonValue threshold = root.value(QStringLiteral("time_sensitive_threshold"));
    if (!threshold.isUndefined() && (!threshold.isDouble() || threshold.toDouble() <= 0.0))
        return ruleError(source, QStringLiteral("document"),
            QStringLiteral("\"time_sensitive_threshold\" must be a positive number"));
    language.timeSensitiveThreshold = threshold.toDouble(2.0);

    const auto stopwords = stringList(root, QStringLiteral("stopwords"), source);
    if (!stopwords)
        return stopwords.error();
    for (const QString &word : *stopwords)
        language.stopwords.insert(word.toLower());

    const auto contrast = stringList(root, QStringLiteral("contrast_words"), source);
    if (!contrast)
        return contrast.error();
    if (!contrast->isEmpty()) {
        QStringList escaped;
        for (const QString &word : *contrast)
            escaped << QRegularExpression::escape(word);
        language.contrast = compile(escaped.join(QLatin1Char('|')), true);
    }

    const QJsonValue dates = root.value(QStringLiteral("dates"));
    if (dates.isObject()) {
        const Status status = parseDates(dates.toObject(), language, source);
        if (!status)
            return status.error();
    } else if (!dates.isUndefined()) {
        return ruleError(source, QStringLiteral("\"dates\""), QStringLiteral("must be an object"));
    }

    const QJsonValue signalsValue = root.value(QStringLiteral("signals"));
    if (!signalsValue.isObject())
        return ruleError(
            source, QStringLiteral("document"), QStringLiteral("\"signals\" must be an object of rule lists"));
    const QJsonObject signalObject = signalsValue.toObject();
    QSet<QString> ids;
    for (auto it = signalObject.constBegin(); it != signalObject.constEnd(); ++it) {
        const auto signal = signalFromId(it.key());
        if (!signal)
            return ruleError(source, QStringLiteral("\"signals\""),
                QStringLiteral("unknown signal \"%1\" (known: time_sensitive, service_loss, negative, "
                               "angry, praise, sarcasm, negation, no_action)")
                    .arg(it.key()));
        if (!it.value().isArray())
            return ruleError(source, QString(QLatin1Char('"') + it.key() + QLatin1Char('"')),
                QStringLiteral("must be a list of rules"));
        const QJsonArray array = it.value().toArray();
        for (int i = 0; i < array.size(); ++i) {
            auto rule = parseRule(array.at(i), *signal, language.code, i, source);
            if (!rule)
                return rule.error();
            if (ids.contains(rule->id))
                return ruleError(
                    source, QStringLiteral("rule \"%1\"").arg(rule->id), QStringLiteral("the id is used twice"));
            ids.insert(rule->id);
            language.rules << std::move(rule).value();
        }
    }
    return language;
}

} // namespace

Result<TriageRules> TriageRules::fromJson(const QByteArray &json, const QString &sourceName)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ruleError(sourceName, QStringLiteral("document"),
            QStringLiteral("not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return ruleError(sourceName, QStringLiteral("document"), QStringLiteral("must be a JSON object"));
    auto language = parseLanguage(document.object(), sourceName);
    if (!language)
        return language.error();
    TriageRules rules;
    rules.m_languages << std::move(language).value();
    return rules;
}

Result<TriageRules> TriageRules::fromFiles(const QStringList &paths)
{
    TriageRules rules;
    for (const QString &path : paths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Code::NotFound, QStringLiteral("Cannot read the triage rules %1").arg(path), {},
                file.errorString());
        auto loaded = fromJson(file.readAll(), QFileInfo(path).fileName());
        if (!loaded)
            return loaded.error();
        const Status merged = rules.merge(loaded.value());
        if (!merged)
            return merged.error();
    }
    if (rules.m_languages.isEmpty())
        return Error::make(Error::Code::NotFound, QStringLiteral("No triage rules were given."));
    return rules;
}

Result<TriageRules> TriageRules::fromDirectory(const QString &directory)
{
    const QDir dir(directory);
    QStringList paths;
    const auto files = dir.entryInfoList({ QStringLiteral("rules-*.json") }, QDir::Files, QDir::Name);
    for (const QFileInfo &info : files)
        paths << info.filePath();
    if (paths.isEmpty())
        return Error::make(
            Error::Code::NotFound, QStringLiteral("No triage rules (rules-*.json) in %1").arg(directory));
    return fromFiles(paths);
}

Result<TriageRules> TriageRules::loadDefault()
{
    return fromDirectory(defaultDirectory());
}

Status TriageRules::merge(const TriageRules &other)
{
    for (const Language &language : other.m_languages) {
        if (this->language(language.code))
            return Error::make(Error::Code::Conflict,
                QStringLiteral("The triage rules define the language \"%1\" twice.").arg(language.code));
        m_languages << language;
    }
    return {};
}

const TriageRules::Language *TriageRules::language(const QString &code) const
{
    for (const Language &language : m_languages) {
        if (language.code == code)
            return &language;
    }
    return nullptr;
}

QStringList TriageRules::languageCodes() const
{
    QStringList codes;
    for (const Language &language : m_languages)
        codes << language.code;
    return codes;
}

QString TriageRules::fallbackLanguage() const
{
    if (language(QStringLiteral("en")))
        return QStringLiteral("en");
    return m_languages.isEmpty() ? QString() : m_languages.first().code;
}

int TriageRules::ruleCount() const
{
    int count = 0;
    for (const Language &language : m_languages)
        count += int(language.rules.size());
    return count;
}

QString TriageRules::signalId(Signal signal)
{
    switch (signal) {
    case Signal::TimeSensitive:
        return QStringLiteral("time_sensitive");
    case Signal::ServiceLoss:
        return QStringLiteral("service_loss");
    case Signal::Negative:
        return QStringLiteral("negative");
    case Signal::Angry:
        return QStringLiteral("angry");
    case Signal::Praise:
        return QStringLiteral("praise");
    case Signal::Sarcasm:
        return QStringLiteral("sarcasm");
    case Signal::Negation:
        return QStringLiteral("negation");
    case Signal::NoAction:
        return QStringLiteral("no_action");
    }
    return {};
}

QString TriageRules::signalLabel(Signal signal)
{
    switch (signal) {
    case Signal::TimeSensitive:
        return QStringLiteral("time-sensitive");
    case Signal::ServiceLoss:
        return QStringLiteral("service loss");
    case Signal::Negative:
        return QStringLiteral("negative");
    case Signal::Angry:
        return QStringLiteral("angry");
    case Signal::Praise:
        return QStringLiteral("praise");
    case Signal::Sarcasm:
        return QStringLiteral("sarcasm");
    case Signal::Negation:
        return QStringLiteral("not counted");
    case Signal::NoAction:
        return QStringLiteral("no action");
    }
    return {};
}

} // namespace Care::Core
