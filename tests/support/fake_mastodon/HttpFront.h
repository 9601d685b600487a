#pragma once

// The HTTP side of the fake Mastodon instance: a QAbstractHttpServer (Qt 6.4 API) that hands
// every parsed request, with its socket, to one handler; request parameters read the way
// Rails reads them; and a writer for complete replies. Internal to care_fake_mastodon.

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QtHttpServer/QAbstractHttpServer>

#include <functional>

class QHttpServerRequest;
class QTcpSocket;

namespace Care::Tests::Fake {

// Query string and body parameters merged in arrival order. Like Rails: '+' is a space in
// form-urlencoded data, "name[]" repeats build a list, JSON bodies contribute their members
// (arrays as repeated values, numbers and booleans as text).
class Params
{
public:
    void addFormEncoded(const QByteArray &encoded);
    void addJson(const QJsonObject &object);

    QString value(const QString &name) const; // the last value; empty when absent
    QStringList values(const QString &name) const; // "name" and "name[]"
    bool contains(const QString &name) const;
    const QList<QPair<QString, QString>> &items() const { return m_items; }

private:
    QList<QPair<QString, QString>> m_items;
};

struct HttpReply
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(const QJsonDocument &document, int status = 200);
    static HttpReply error(int status, const QString &message); // {"error": message}
};

class HttpFront : public QAbstractHttpServer
{
public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    explicit HttpFront(Handler handler, QObject *parent = nullptr);

    // Writes the whole reply (status line, headers, Content-Type, Content-Length, body) with
    // a QHttpServerResponder. Does nothing when the client has gone.
    static void write(const QHttpServerRequest &request, QTcpSocket *socket, const HttpReply &reply);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace Care::Tests::Fake
