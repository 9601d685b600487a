#include "FakeMastodonPrivate.h"
#include "Paging.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

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

// ---- OAuth helpers ----

// Every scope Mastodon 4.3 knows (docs.joinmastodon.org/api/oauth-scopes), for validation and discovery.
const QStringList &supportedScopes()
{
    static const QStringList scopes{
        QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("follow"), QStringLiteral("push"),
        QStringLiteral("profile"), QStringLiteral("read:accounts"), QStringLiteral("read:blocks"),
        QStringLiteral("read:bookmarks"), QStringLiteral("read:favourites"), QStringLiteral("read:filters"),
        QStringLiteral("read:follows"), QStringLiteral("read:lists"), QStringLiteral("read:mutes"),
        QStringLiteral("read:notifications"), QStringLiteral("read:search"), QStringLiteral("read:statuses"),
        QStringLiteral("write:accounts"), QStringLiteral("write:blocks"), QStringLiteral("write:bookmarks"),
        QStringLiteral("write:conversations"), QStringLiteral("write:favourites"), QStringLiteral("write:filters"),
        QStringLiteral("write:follows"), QStringLiteral("write:lists"), QStringLiteral("write:media"),
        QStringLiteral("write:mutes"), QStringLiteral("write:notifications"), QStringLiteral("write:reports"),
        QStringLiteral("write:statuses")};
    return scopes;
}

QString randomToken(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString text;
    text.reserve(length);
    for (int i = 0; i < length; ++i)
        text.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]));
    return text;
}

QStringList splitWords(const QStringList &values)
{
    QStringList words;
    for (const QString &value : values)
        words += value.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    return words;
}

bool isAbsoluteRedirect(const QString &uri)
{
    if (uri == QLatin1String("urn:ietf:wg:oauth:2.0:oob"))
        return true;
    const QUrl url(uri, QUrl::StrictMode);
    return url.isValid() && !url.scheme().isEmpty() && !url.isRelative() && !url.hasFragment()
           && (!url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")));
}

// RFC 7636: 43..128 characters of [A-Z a-z 0-9 - . _ ~].
bool isValidVerifier(const QString &verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const QChar c : verifier) {
        const bool unreserved = (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                                || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
                                || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('~');
        if (!unreserved)
            return false;
    }
    return true;
}

QString s256(const QString &verifier)
{
    return QString::fromLatin1(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

HttpReply oauthError(int status, const QString &error, const QString &description)
{
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("error"), error},
                                                     {QStringLiteral("error_description"), description}}),
                           status);
}

HttpReply htmlPage(int status, const QString &text)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    reply.body = QString(QLatin1String("<!DOCTYPE html><html><body><p>") + Fake::Text::escapeHtml(text)
                         + QLatin1String("</p></body></html>"))
                     .toUtf8();
    return reply;
}

HttpReply redirectTo(const QUrl &target)
{
    HttpReply reply = htmlPage(302, QStringLiteral("You are being redirected."));
    reply.headers.append({QByteArrayLiteral("Location"), target.toEncoded()});
    return reply;
}

const QString InvalidGrant = QStringLiteral(
    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in "
    "the authorization request, or was issued to another client.");
const QString InvalidClient = QStringLiteral(
    "Client authentication failed due to unknown client, no client authentication included, or unsupported "
    "authentication method.");

} // namespace

// ---------------------------------------------------------------------------------------------
// routing: authentication, rate limit, then the endpoint

HttpReply FakeMastodon::Private::route(const LoggedRequest &request, const Params &params)
{
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = request.method == "GET";
    refreshRateWindow();

    // GET /api/v2/instance and the OAuth endpoints need no token (but a wrong one is still refused).
    const bool isOAuth = isOAuthEndpoint(request.method, request.path);
    const bool isPublic = (get && request.path == QLatin1String("/api/v2/instance")) || isOAuth;
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

    if (isOAuth)
        return routeOAuth(request, params);

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

// ---------------------------------------------------------------------------------------------
// OAuth: app registration, discovery, the authorization code flow with PKCE

bool FakeMastodon::Private::isOAuthEndpoint(const QByteArray &method, const QString &path)
{
    if (method == "GET")
        return path == QLatin1String("/.well-known/oauth-authorization-server") || path == QLatin1String("/oauth/authorize");
    if (method == "POST")
        return path == QLatin1String("/api/v1/apps") || path == QLatin1String("/oauth/token");
    return false;
}

HttpReply FakeMastodon::Private::routeOAuth(const LoggedRequest &request, const Params &params)
{
    if (request.path == QLatin1String("/.well-known/oauth-authorization-server"))
        return oauthDiscovery();
    if (request.path == QLatin1String("/api/v1/apps"))
        return registerApp(params);
    if (request.path == QLatin1String("/oauth/authorize"))
        return authorize(params);
    return issueToken(request, params);
}

const FakeMastodon::Private::OAuthApp *FakeMastodon::Private::oauthApp(const QString &clientId) const
{
    for (const OAuthApp &app : oauthApps) {
        if (!clientId.isEmpty() && app.clientId == clientId)
            return &app;
    }
    return nullptr;
}

HttpReply FakeMastodon::Private::oauthDiscovery() const
{
    if (!oauthDiscoveryAvailable) // Mastodon before 4.3: the Rails 404 page
        return htmlPage(404, QStringLiteral("The page you are looking for isn't here."));
    const QString base = baseUrlString();
    const QJsonObject metadata{
        {QStringLiteral("issuer"), QString(base + QLatin1Char('/'))},
        {QStringLiteral("service_documentation"), QStringLiteral("https://docs.joinmastodon.org/")},
        {QStringLiteral("authorization_endpoint"), QString(base + QLatin1String("/oauth/authorize"))},
        {QStringLiteral("token_endpoint"), QString(base + QLatin1String("/oauth/token"))},
        {QStringLiteral("app_registration_endpoint"), QString(base + QLatin1String("/api/v1/apps"))},
        {QStringLiteral("revocation_endpoint"), QString(base + QLatin1String("/oauth/revoke"))},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(supportedScopes())},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("response_modes_supported"),
         QJsonArray{QStringLiteral("query"), QStringLiteral("fragment"), QStringLiteral("form_post")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("client_credentials")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}},
    };
    return HttpReply::json(QJsonDocument(metadata));
}

HttpReply FakeMastodon::Private::registerApp(const Params &params)
{
    const QString name = params.value(QStringLiteral("client_name")).trimmed();
    if (name.isEmpty()) {
        oauthRefusalReasons.append(QStringLiteral("apps: client_name missing"));
        return HttpReply::error(422, QStringLiteral("Validation failed: Application name can't be blank"));
    }
    const QStringList redirectUris = splitWords(params.values(QStringLiteral("redirect_uris")));
    if (redirectUris.isEmpty()) {
        oauthRefusalReasons.append(QStringLiteral("apps: redirect_uris missing"));
        return HttpReply::error(422, QStringLiteral("Validation failed: Redirect URI can't be blank"));
    }
    for (const QString &uri : redirectUris) {
        if (!isAbsoluteRedirect(uri)) {
            oauthRefusalReasons.append(QStringLiteral("apps: redirect_uri is not an absolute URI"));
            return HttpReply::error(422, QStringLiteral("Validation failed: Redirect URI must be an absolute URI."));
        }
    }
    QStringList scopes = splitWords(params.values(QStringLiteral("scopes")));
    if (scopes.isEmpty())
        scopes = QStringList{QStringLiteral("read")};
    for (const QString &scope : scopes) {
        if (!supportedScopes().contains(scope)) {
            oauthRefusalReasons.append(QString(QLatin1String("apps: unknown scope ") + scope));
            return HttpReply::error(422, QStringLiteral("Validation failed: Scopes is invalid"));
        }
    }
    const QString website = params.value(QStringLiteral("website")).trimmed();

    OAuthApp app;
    app.clientId = randomToken(43);
    app.clientSecret = randomToken(43);
    app.redirectUris = redirectUris;
    app.scopes = scopes;
    app.json = QJsonObject{
        {QStringLiteral("id"), QString::number(563419 + oauthApps.size())},
        {QStringLiteral("name"), name},
        {QStringLiteral("website"), website.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(website)},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
        {QStringLiteral("redirect_uri"), redirectUris.join(QLatin1Char('\n'))},
        {QStringLiteral("redirect_uris"), QJsonArray::fromStringList(redirectUris)},
        {QStringLiteral("vapid_key"), QStringLiteral("BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=")},
        {QStringLiteral("client_id"), app.clientId},
        {QStringLiteral("client_secret"), app.clientSecret},
        {QStringLiteral("client_secret_expires_at"), 0},
    };
    oauthApps.append(app);
    return HttpReply::json(QJsonDocument(app.json));
}

HttpReply FakeMastodon::Private::authorize(const Params &params)
{
    ++authorizationRequestCount;
    const OAuthApp *app = oauthApp(params.value(QStringLiteral("client_id")));
    const QString redirectUri = params.value(QStringLiteral("redirect_uri"));
    // Without a known client and one of its redirect URIs there is nowhere safe to redirect to:
    // Doorkeeper shows an error page in the browser.
    if (!app) {
        oauthRefusalReasons.append(QStringLiteral("authorize: unknown client_id"));
        return htmlPage(400, InvalidClient);
    }
    if (!app->redirectUris.contains(redirectUri)) {
        oauthRefusalReasons.append(QStringLiteral("authorize: redirect_uri not registered for the client"));
        return htmlPage(400, QStringLiteral("The redirect uri included is not valid."));
    }

    const QString state = params.value(QStringLiteral("state"));
    const auto answer = [&](const QList<QPair<QString, QString>> &items) {
        QUrl target(redirectUri);
        QUrlQuery query(target);
        for (const auto &item : items)
            query.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
        if (params.contains(QStringLiteral("state")))
            query.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(state)));
        target.setQuery(query);
        return redirectTo(target);
    };
    const auto refuse = [&](const QString &error, const QString &description, const QString &reason) {
        oauthRefusalReasons.append(QString(QLatin1String("authorize: ") + reason));
        return answer({{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}});
    };

    if (params.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return refuse(QStringLiteral("unsupported_response_type"),
                      QStringLiteral("The authorization server does not support this response type."),
                      QStringLiteral("response_type is not code"));
    QStringList scopes = splitWords({params.value(QStringLiteral("scope"))});
    if (scopes.isEmpty())
        scopes = QStringList{QStringLiteral("read")};
    for (const QString &scope : std::as_const(scopes)) {
        if (!app->scopes.contains(scope))
            return refuse(QStringLiteral("invalid_scope"),
                          QStringLiteral("The requested scope is invalid, unknown, or malformed."),
                          QString(QLatin1String("scope not registered: ") + scope));
    }
    const QString challenge = params.value(QStringLiteral("code_challenge"));
    const QString method = params.value(QStringLiteral("code_challenge_method"));
    if (!challenge.isEmpty() && method != QLatin1String("S256"))
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("The code challenge method must be S256."),
                      QString(QLatin1String("code_challenge_method is not S256: ") + method));
    if (denyAuthorization)
        return refuse(QStringLiteral("access_denied"),
                      QStringLiteral("The resource owner or authorization server denied the request."),
                      QStringLiteral("denied by the user"));

    OAuthCode code;
    code.clientId = app->clientId;
    code.redirectUri = redirectUri;
    code.scope = scopes.join(QLatin1Char(' '));
    code.challenge = challenge;
    const QString value = randomToken(43);
    oauthCodes.insert(value, code);
    return answer({{QStringLiteral("code"), value}});
}

HttpReply FakeMastodon::Private::issueToken(const LoggedRequest &request, const Params &params)
{
    ++tokenRequestCount;
    const auto refuse = [this](int status, const QString &error, const QString &description, const QString &reason) {
        oauthRefusalReasons.append(QString(QLatin1String("token: ") + reason));
        return oauthError(status, error, description);
    };

    if (params.value(QStringLiteral("grant_type")) != QLatin1String("authorization_code"))
        return refuse(400, QStringLiteral("unsupported_grant_type"),
                      QStringLiteral("The authorization grant type is not supported by the authorization server."),
                      QStringLiteral("grant_type is not authorization_code"));

    // Client authentication: client_secret_post, or client_secret_basic.
    QString clientId = params.value(QStringLiteral("client_id"));
    QString clientSecret = params.value(QStringLiteral("client_secret"));
    const QByteArray authorization = request.headers.value("authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const int colon = decoded.indexOf(':');
        if (colon >= 0) {
            clientId = QUrl::fromPercentEncoding(decoded.left(colon));
            clientSecret = QUrl::fromPercentEncoding(decoded.mid(colon + 1));
        }
    }
    const OAuthApp *app = oauthApp(clientId);
    if (!app || clientSecret != app->clientSecret)
        return refuse(401, QStringLiteral("invalid_client"), InvalidClient,
                      app ? QStringLiteral("wrong client_secret") : QStringLiteral("unknown client_id"));

    const QString codeValue = params.value(QStringLiteral("code"));
    const auto it = oauthCodes.find(codeValue);
    if (codeValue.isEmpty() || it == oauthCodes.end())
        return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant, QStringLiteral("unknown code"));
    OAuthCode &code = it.value();
    if (code.used)
        return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant, QStringLiteral("code already used"));
    if (code.clientId != app->clientId)
        return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant, QStringLiteral("code issued to another client"));
    if (params.value(QStringLiteral("redirect_uri")) != code.redirectUri)
        return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant,
                      QStringLiteral("redirect_uri differs from the authorization request's"));
    if (!code.challenge.isEmpty()) {
        const QString verifier = params.value(QStringLiteral("code_verifier"));
        if (verifier.isEmpty())
            return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant, QStringLiteral("code_verifier missing"));
        if (!isValidVerifier(verifier))
            return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant,
                          QStringLiteral("code_verifier is not 43..128 unreserved characters"));
        if (s256(verifier) != code.challenge)
            return refuse(400, QStringLiteral("invalid_grant"), InvalidGrant,
                          QStringLiteral("code_verifier does not match the code_challenge"));
    }
    code.used = true;
    ++tokensIssuedCount;
    return HttpReply::json(QJsonDocument(QJsonObject{
        {QStringLiteral("access_token"), Fake::FixedToken},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("scope"), code.scope},
        {QStringLiteral("created_at"), QDateTime::currentSecsSinceEpoch()},
    }));
}

} // namespace Care::Tests
