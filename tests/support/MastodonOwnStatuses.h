#pragma once

// GET /api/v1/accounts/1/statuses of a fake-mastodon process, every page: the brand's posts as
// the instance serves them (for the tests that count how often each reply was posted).

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

namespace Care::Tests {

inline QJsonArray mastodonOwnStatuses(quint16 port, const QByteArray &token, QString *why)
{
    QNetworkAccessManager manager;
    QJsonArray all;
    QString maxId;
    for (int page = 0; page < 20; ++page) {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/accounts/1/statuses").arg(port));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("40"));
        if (!maxId.isEmpty())
            query.addQueryItem(QStringLiteral("max_id"), maxId);
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = manager.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
            *why = reply->errorString();
            reply->deleteLater();
            return all;
        }
        const QJsonArray array = QJsonDocument::fromJson(reply->readAll()).array();
        reply->deleteLater();
        for (const QJsonValue &value : array)
            all.append(value);
        if (array.size() < 40)
            break;
        maxId = array.last().toObject().value(QStringLiteral("id")).toString();
    }
    return all;
}

} // namespace Care::Tests
