#pragma once

#include "core/Error.h"
#include "sync/FacebookJson.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Care::Sync {

class HttpClient;
struct HttpResponse;

// The Graph API as a Page access token sees it: every request goes to
// <base>/<pinned version>/<path> with the token in an `Authorization: Bearer` header (never
// in a URL, so it stays out of logs), paging `next` links are followed only on the same host,
// and every answer's usage headers (X-App-Usage, X-Page-Usage, X-Business-Use-Case-Usage)
// are kept so polling can slow down before Facebook throttles the Page.
//
// describe() turns a Graph error object into words an administrator or agent can act on:
//  - 190 (and 102): the token is expired or revoked (subcodes 458, 459, 460, 463, 464, 467, 492)
//    -> TokenRevoked, "paste a new Page access token";
//  - 4, 17, 32, 613 and 80000-80014 (and HTTP 429): throttled -> RateLimited, waiting for
//    estimated_time_to_regain_access when the usage header gives it;
//  - 10 and 200-299: a permission is missing -> Rejected, naming it (from the message, else
//    the one the request needs); 10 with subcode 2018278 is Messenger's 24-hour window;
//  - 1, 2 and is_transient: Facebook's own trouble -> ServerError (retried);
//  - anything else 4xx -> Rejected with Facebook's own text under the details.
class FacebookGraphClient
{
public:
    FacebookGraphClient(HttpClient &http, QUrl base, QString token);

    QUrl url(const QString &path, const QList<QPair<QString, QString>> &query = {}) const;
    HttpResponse get(const QString &path, const QList<QPair<QString, QString>> &query = {});
    // A paging `next` link: refused (an empty, never-sent response) unless it is on the Graph's host.
    HttpResponse getNext(const QString &next);
    // Writes are never repeated by the network stack: an unclear outcome is read back instead.
    HttpResponse postForm(const QString &path, const QList<QPair<QString, QString>> &form);
    HttpResponse postJson(const QString &path, const QJsonObject &body);

    // `permission`: what the request needs ("pages_messaging"), named when Facebook refuses it.
    Core::Error describe(const HttpResponse &response, const QString &permission = {}) const;
    static bool isWindowClosed(const Facebook::GraphError &error);

    // The latest usage the Graph reported, and when it said access comes back (when throttled).
    const Facebook::Usage &usage() const { return m_usage; }
    QDateTime regainAt() const { return m_regainAt; }
    // How long to wait before the next poll given the usage: the normal interval below half
    // the budget, then 2x, 4x, 8x; until access comes back when throttled.
    qint64 pollIntervalMs(qint64 normalMs) const;

    const QString &token() const { return m_token; }
    QString host() const { return m_base.host(); }

    // What a permission lets Care Console do, for messages that name it.
    static QString permissionPurpose(const QString &permission);

private:
    HttpResponse send(const QByteArray &method, const QUrl &url, const QByteArray &contentType, const QByteArray &body);

    HttpClient &m_http;
    QUrl m_base;
    QString m_token;
    Facebook::Usage m_usage;
    QDateTime m_regainAt;
};

} // namespace Care::Sync
