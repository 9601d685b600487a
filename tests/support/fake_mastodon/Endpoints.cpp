#include "FakeMastodonPrivate.h"
#include "Paging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <functional>

namespace Care::Tests {

using Fake::HttpReply;
using Fake::PageRequest;
using Fake::Params;
using Fake::StatusRec;
using Fake::StreamNotification;
using Fake::StreamUser;
using Fake::linkHeader;
using Fake::pageRequest;
using Fake::selectPage;

namespace {

HttpReply notFound()
{
    return HttpReply::error(404, QStringLiteral("Record not found"));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// routing: authentication, rate limit, then the endpoint

HttpReply FakeMastodon::Private::route(const LoggedRequest &request, const Params &params)
{
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = request.method == "GET";
    refreshRateWindow();

    // GET /api/v2/instance needs no token (but a wrong one is still refused).
    const bool isPublic = get && request.path == QLatin1String("/api/v2/instance");
    const QByteArray authorization = request.headers.value("authorization");
    const QString token = authorization.startsWith("Bearer ") ? QString::fromUtf8(authorization.mid(7).trimmed()) : QString();
    if (!(isPublic && token.isEmpty())) {
        const QString error = tokenError(token);
        if (!error.isEmpty()) {
            HttpReply reply = HttpReply::error(401, error);
            reply.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                                  QByteArray(R"(Bearer realm="Doorkeeper", error="invalid_token", error_description=")"
                                             + error.toUtf8() + '"')});
            return reply;
        }
    }

    if (rateRemaining <= 0) {
        HttpReply reply = HttpReply::error(429, QStringLiteral("Too many requests"));
        const qint64 seconds = std::max<qint64>(1, (QDateTime::currentDateTimeUtc().msecsTo(rateReset) + 999) / 1000);
        reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(seconds)});
        return reply;
    }
    --rateRemaining;

    const auto part = [&parts](qsizetype i) { return parts.value(i); };
    if (parts.size() < 3 || part(0) != QLatin1String("api"))
        return notFound();
    const QString version = part(1);
    const QString resource = part(2);

    if (version == QLatin1String("v2")) {
        if (get && resource == QLatin1String("instance") && parts.size() == 3)
            return instance();
        if (get && resource == QLatin1String("search") && parts.size() == 3)
            return search(params);
        return notFound();
    }
    if (version != QLatin1String("v1"))
        return notFound();

    if (resource == QLatin1String("accounts") && get) {
        if (part(3) == QLatin1String("verify_credentials") && parts.size() == 4) {
            QJsonObject own = store.accountJson(store.ownAccount());
            own.insert(QStringLiteral("source"),
                       QJsonObject{{QStringLiteral("privacy"), QStringLiteral("public")},
                                   {QStringLiteral("sensitive"), false},
                                   {QStringLiteral("language"), QStringLiteral("en")},
                                   {QStringLiteral("note"), QString()},
                                   {QStringLiteral("fields"), QJsonArray()}});
            return HttpReply::json(QJsonDocument(own));
        }
        if (part(3) == QLatin1String("lookup") && parts.size() == 4) {
            const Fake::AccountRec *account = store.accountByAcct(params.value(QStringLiteral("acct")));
            return account ? HttpReply::json(QJsonDocument(store.accountJson(*account))) : notFound();
        }
        const Fake::AccountRec *account = store.accountById(part(3));
        if (!account)
            return notFound();
        if (parts.size() == 4)
            return HttpReply::json(QJsonDocument(store.accountJson(*account)));
        if (parts.size() == 5 && part(4) == QLatin1String("statuses"))
            return accountStatuses(request, params, account->id);
        return notFound();
    }
    if (resource == QLatin1String("notifications") && get) {
        if (parts.size() == 3)
            return notifications(request, params);
        bool ok = false;
        const auto it = store.notifications.find(part(3).toULongLong(&ok));
        if (parts.size() == 4 && ok && it != store.notifications.end())
            return HttpReply::json(QJsonDocument(store.notificationJson(it->second)));
        return notFound();
    }
    if (resource == QLatin1String("conversations") && get && parts.size() == 3)
        return conversations(request, params);
    if (resource == QLatin1String("statuses")) {
        if (request.method == "POST" && parts.size() == 3)
            return postStatus(request, params);
        if (!get || parts.size() < 4)
            return notFound();
        const StatusRec *status = store.status(part(3));
        if (!status)
            return notFound();
        if (parts.size() == 4)
            return HttpReply::json(QJsonDocument(store.statusJson(*status)));
        if (parts.size() == 5 && part(4) == QLatin1String("context"))
            return context(*status);
        if (parts.size() == 5 && part(4) == QLatin1String("history"))
            return HttpReply::json(QJsonDocument(store.historyJson(*status)));
        return notFound();
    }
    if (resource == QLatin1String("timelines") && get && parts.size() == 5 && part(3) == QLatin1String("tag"))
        return tagTimeline(request, params, part(4));
    return notFound();
}

// ---------------------------------------------------------------------------------------------
// endpoints

HttpReply FakeMastodon::Private::instance() const
{
    QJsonObject urls;
    if (streaming->isAvailable())
        urls.insert(QStringLiteral("streaming"), q->streamingUrl().toString());
    const QJsonObject configuration{
        {QStringLiteral("urls"), urls},
        {QStringLiteral("vapid"), QJsonObject{{QStringLiteral("public_key"), QString()}}},
        {QStringLiteral("accounts"), QJsonObject{{QStringLiteral("max_featured_tags"), 10},
                                                 {QStringLiteral("max_pinned_statuses"), 5}}},
        {QStringLiteral("statuses"), QJsonObject{{QStringLiteral("max_characters"), maxCharacters},
                                                 {QStringLiteral("max_media_attachments"), 4},
                                                 {QStringLiteral("characters_reserved_per_url"), 23}}},
        {QStringLiteral("media_attachments"),
         QJsonObject{{QStringLiteral("supported_mime_types"), QJsonArray{QStringLiteral("image/png"), QStringLiteral("image/jpeg")}},
                     {QStringLiteral("image_size_limit"), 16777216},
                     {QStringLiteral("image_matrix_limit"), 33177600},
                     {QStringLiteral("video_size_limit"), 103809024},
                     {QStringLiteral("video_frame_rate_limit"), 120},
                     {QStringLiteral("video_matrix_limit"), 8294400}}},
        {QStringLiteral("polls"), QJsonObject{{QStringLiteral("max_options"), 4},
                                              {QStringLiteral("max_characters_per_option"), 50},
                                              {QStringLiteral("min_expiration"), 300},
                                              {QStringLiteral("max_expiration"), 2629746}}},
        {QStringLiteral("translation"), QJsonObject{{QStringLiteral("enabled"), false}}},
    };
    const QJsonObject instance{
        {QStringLiteral("domain"), store.domain()},
        {QStringLiteral("title"), QStringLiteral("Fake Mastodon")},
        {QStringLiteral("version"), QStringLiteral("4.3.0")},
        {QStringLiteral("source_url"), QStringLiteral("https://github.com/mastodon/mastodon")},
        {QStringLiteral("description"), QStringLiteral("A scripted local Mastodon instance for Care Console tests.")},
        {QStringLiteral("usage"), QJsonObject{{QStringLiteral("users"),
                                               QJsonObject{{QStringLiteral("active_month"), int(store.accounts.size())}}}}},
        {QStringLiteral("thumbnail"), QJsonObject{{QStringLiteral("url"),
                                                   QString(baseUrlString() + QLatin1String("/packs/media/images/preview.png"))}}},
        {QStringLiteral("languages"), QJsonArray{QStringLiteral("en")}},
        {QStringLiteral("configuration"), configuration},
        {QStringLiteral("registrations"), QJsonObject{{QStringLiteral("enabled"), false},
                                                      {QStringLiteral("approval_required"), false},
                                                      {QStringLiteral("message"), QJsonValue(QJsonValue::Null)}}},
        {QStringLiteral("api_versions"), QJsonObject{{QStringLiteral("mastodon"), 2}}},
        {QStringLiteral("contact"), QJsonObject{{QStringLiteral("email"), QStringLiteral("admin@example.invalid")},
                                                {QStringLiteral("account"), store.accountJson(store.ownAccount())}}},
        {QStringLiteral("rules"), QJsonArray()},
    };
    return HttpReply::json(QJsonDocument(instance));
}

HttpReply FakeMastodon::Private::notifications(const LoggedRequest &request, const Params &params) const
{
    const QStringList types = params.values(QStringLiteral("types"));
    const QStringList excluded = params.values(QStringLiteral("exclude_types"));
    QList<quint64> keys;
    for (const auto &[id, notification] : store.notifications) {
        if (!types.isEmpty() && !types.contains(notification.type))
            continue;
        if (excluded.contains(notification.type))
            continue;
        keys.append(id);
    }
    const PageRequest page = pageRequest(params, 40, singleItemWithoutLimit ? 1 : 40);
    const QList<quint64> selected = selectPage(keys, page);
    QJsonArray array;
    for (quint64 id : selected)
        array.append(store.notificationJson(store.notifications.at(id)));
    HttpReply reply = HttpReply::json(QJsonDocument(array));
    const QByteArray link = linkHeader(store.baseUrl, request.path, params, selected, page.limit);
    if (!link.isEmpty())
        reply.headers.append({QByteArrayLiteral("Link"), link});
    return reply;
}

HttpReply FakeMastodon::Private::conversations(const LoggedRequest &request, const Params &params) const
{
    // Mastodon pages conversations by the id of their last status (AccountConversation#last_status_id).
    QHash<quint64, quint64> byLastStatus;
    QList<quint64> keys;
    for (const auto &[id, conversation] : store.conversations) {
        const quint64 last = conversation.statusIds.last();
        byLastStatus.insert(last, id);
        keys.append(last);
    }
    std::sort(keys.begin(), keys.end());
    const PageRequest page = pageRequest(params, 20, 20);
    const QList<quint64> selected = selectPage(keys, page);
    QJsonArray array;
    for (quint64 last : selected)
        array.append(store.conversationJson(store.conversations.at(byLastStatus.value(last))));
    HttpReply reply = HttpReply::json(QJsonDocument(array));
    const QByteArray link = linkHeader(store.baseUrl, request.path, params, selected, page.limit);
    if (!link.isEmpty())
        reply.headers.append({QByteArrayLiteral("Link"), link});
    return reply;
}

HttpReply FakeMastodon::Private::accountStatuses(const LoggedRequest &request, const Params &params,
                                                 const QString &accountId) const
{
    const bool excludeReplies = params.value(QStringLiteral("exclude_replies")) == QLatin1String("true");
    QList<quint64> keys;
    for (const auto &[id, status] : store.statuses) {
        if (status.accountId == accountId && !(excludeReplies && !status.inReplyToId.isEmpty()))
            keys.append(id);
    }
    const PageRequest page = pageRequest(params, 20, 20);
    const QList<quint64> selected = selectPage(keys, page);
    QJsonArray array;
    for (quint64 id : selected)
        array.append(store.statusJson(store.statuses.at(id)));
    HttpReply reply = HttpReply::json(QJsonDocument(array));
    const QByteArray link = linkHeader(store.baseUrl, request.path, params, selected, page.limit);
    if (!link.isEmpty())
        reply.headers.append({QByteArrayLiteral("Link"), link});
    return reply;
}

HttpReply FakeMastodon::Private::tagTimeline(const LoggedRequest &request, const Params &params, const QString &tag) const
{
    QList<quint64> keys;
    for (const auto &[id, status] : store.statuses) {
        if (status.visibility != QLatin1String("public"))
            continue;
        const bool tagged = std::any_of(status.tags.cbegin(), status.tags.cend(), [&tag](const QString &name) {
            return name.compare(tag, Qt::CaseInsensitive) == 0;
        });
        if (tagged)
            keys.append(id);
    }
    const PageRequest page = pageRequest(params, 20, 20);
    const QList<quint64> selected = selectPage(keys, page);
    QJsonArray array;
    for (quint64 id : selected)
        array.append(store.statusJson(store.statuses.at(id)));
    HttpReply reply = HttpReply::json(QJsonDocument(array));
    const QByteArray link = linkHeader(store.baseUrl, request.path, params, selected, page.limit);
    if (!link.isEmpty())
        reply.headers.append({QByteArrayLiteral("Link"), link});
    return reply;
}

HttpReply FakeMastodon::Private::search(const Params &params) const
{
    const QString query = params.value(QStringLiteral("q")).trimmed();
    const QString type = params.value(QStringLiteral("type"));
    QJsonArray accounts;
    QJsonArray statuses;
    if (!query.isEmpty() && (type.isEmpty() || type == QLatin1String("accounts"))) {
        for (const auto &[id, account] : store.accounts) {
            Q_UNUSED(id)
            if (account.acct.contains(query, Qt::CaseInsensitive) || account.displayName.contains(query, Qt::CaseInsensitive))
                accounts.append(store.accountJson(account));
        }
    }
    if (!query.isEmpty() && (type.isEmpty() || type == QLatin1String("statuses"))) {
        QList<quint64> keys;
        for (const auto &[id, status] : store.statuses) {
            if (status.visibility == QLatin1String("public")
                && Fake::Text::plainFromHtml(status.content).contains(query, Qt::CaseInsensitive))
                keys.append(id);
        }
        const PageRequest page = pageRequest(params, 20, 20);
        const int offset = std::max(0, params.value(QStringLiteral("offset")).toInt());
        const QList<quint64> selected = selectPage(keys, PageRequest{page.maxId, page.sinceId, page.minId, page.limit + offset});
        for (quint64 id : selected.mid(offset))
            statuses.append(store.statusJson(store.statuses.at(id)));
    }
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("accounts"), accounts},
                                                     {QStringLiteral("statuses"), statuses},
                                                     {QStringLiteral("hashtags"), QJsonArray()}}));
}

HttpReply FakeMastodon::Private::context(const StatusRec &status) const
{
    QJsonArray ancestors;
    QList<const StatusRec *> chain;
    QSet<quint64> seen{status.id};
    for (const StatusRec *parent = store.status(status.inReplyToId); parent && !seen.contains(parent->id);
         parent = store.status(parent->inReplyToId)) {
        seen.insert(parent->id);
        chain.prepend(parent);
    }
    for (const StatusRec *ancestor : chain)
        ancestors.append(store.statusJson(*ancestor));

    // Depth first, children in id order, as Mastodon orders descendants.
    QJsonArray descendants;
    std::function<void(const QString &)> walk = [&](const QString &parentId) {
        for (const auto &[id, child] : store.statuses) {
            if (child.inReplyToId == parentId && !seen.contains(id)) {
                seen.insert(id);
                descendants.append(store.statusJson(child));
                walk(QString::number(id));
            }
        }
    };
    walk(QString::number(status.id));
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("ancestors"), ancestors},
                                                     {QStringLiteral("descendants"), descendants}}));
}

HttpReply FakeMastodon::Private::postStatus(const LoggedRequest &request, const Params &params)
{
    const QString key = QString::fromUtf8(request.headers.value("idempotency-key"));
    if (!key.isEmpty() && idempotency.contains(key)) {
        const StatusRec *earlier = store.statuses.count(idempotency.value(key)) ? &store.statuses.at(idempotency.value(key)) : nullptr;
        return earlier ? HttpReply::json(QJsonDocument(store.statusJson(*earlier))) : notFound();
    }

    const QString text = params.value(QStringLiteral("status"));
    const QString spoiler = params.value(QStringLiteral("spoiler_text"));
    QString visibility = params.value(QStringLiteral("visibility"));
    if (visibility.isEmpty())
        visibility = QStringLiteral("public");
    const QString inReplyToId = params.value(QStringLiteral("in_reply_to_id"));

    if (text.trimmed().isEmpty())
        return HttpReply::error(422, QStringLiteral("Validation failed: Text can't be blank"));
    static const QStringList visibilities{QStringLiteral("public"), QStringLiteral("unlisted"), QStringLiteral("private"),
                                          QStringLiteral("direct")};
    if (!visibilities.contains(visibility))
        return HttpReply::error(422, QStringLiteral("Validation failed: Visibility is not included in the list"));
    if (!inReplyToId.isEmpty() && !store.status(inReplyToId))
        return notFound();
    const int length = Fake::Text::countCharacters(text, 23) + Fake::Text::countCharacters(spoiler, 23);
    if (length > maxCharacters) {
        return HttpReply::error(422, QString(QLatin1String("Validation failed: Text character limit of ")
                                             + QString::number(maxCharacters) + QLatin1String(" exceeded")));
    }

    const Fake::Text::Rendered rendered = Fake::Text::renderPlainText(
        text, baseUrlString(), [this](const QString &acct) { return store.accountByAcct(acct); },
        [this](const Fake::AccountRec &account) { return store.mentionHtml(account); });
    StatusRec status;
    status.accountId = store.ownAccountId;
    status.content = rendered.html;
    status.spoilerText = spoiler;
    status.visibility = visibility;
    status.language = params.value(QStringLiteral("language"));
    status.inReplyToId = inReplyToId;
    status.mentionIds = rendered.mentionIds;
    status.tags = rendered.tags;
    status.applicationName = QStringLiteral("Care Console");
    const quint64 id = store.addStatus(status);
    if (!key.isEmpty())
        idempotency.insert(key, id);
    const QJsonObject json = store.statusJson(store.statuses.at(id));
    posted.append(json);
    saveState();
    streaming->broadcast(QStringLiteral("update"), QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)),
                         {StreamUser});
    Q_EMIT q->statusPosted(json);
    return HttpReply::json(QJsonDocument(json));
}

} // namespace Care::Tests
