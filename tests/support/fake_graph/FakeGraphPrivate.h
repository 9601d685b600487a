#pragma once

// Internal to care_fake_graph: the fake's state and its routes.

#include "FakeGraph.h"
#include "HttpFront.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>
#include <optional>

namespace Care::Tests {

struct FakeGraph::Private
{
    struct Post
    {
        QString id;
        QString message;
        QDateTime created;
        QDateTime updated;
        QString fromId; // empty: the Page's own post
        QString fromName;
    };
    struct Conversation
    {
        QString id;
        QString psid;
        QString name;
        QList<Message> messages; // oldest first
    };
    struct PendingFault
    {
        Fault fault;
        QString match;
        int remaining;
    };

    std::unique_ptr<Fake::HttpFront> http;
    quint16 port = 0;
    QString pageId = QStringLiteral("104233445566");
    QString pageName = QStringLiteral("Acme");
    QString token = QStringLiteral("EAAGpagetoken1");
    int revokedSubcode = 0;
    QStringList scopes{QStringLiteral("pages_show_list"), QStringLiteral("pages_read_engagement"),
                       QStringLiteral("pages_read_user_content"), QStringLiteral("pages_manage_engagement"),
                       QStringLiteral("pages_messaging")};
    QString tokenType = QStringLiteral("PAGE");
    QString profileId; // empty: the Page
    QList<Post> posts;  // the Page's own
    QList<Post> tagged; // others' posts that tag the Page
    QList<Comment> comments;
    QList<Conversation> conversations;
    qint64 counter = 0;
    int usagePercent = -1;
    int regainMinutes = 0;
    QList<PendingFault> faults;
    QList<LoggedRequest> requests;

    QString next() { return QString::number(++counter + 1000000); }
    QString version() const { return QStringLiteral("/v26.0/"); }

    std::optional<Fault> takeFault(const QString &line);
    void handle(const QHttpServerRequest &request, QTcpSocket *socket);
    Fake::HttpReply route(const QByteArray &method, const QStringList &path, const QUrlQuery &query, const Fake::Params &params,
                          const QJsonObject &json);

    // ---- shapes ----
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }
    QJsonObject page(const QJsonArray &data, int offset, int limit, qsizetype total, const QString &path, QUrlQuery query) const;
    QJsonObject commentJson(const Comment &c) const;
    QJsonObject messageJson(const Message &m) const;
    QJsonObject postJson(const Post &p, const QString &fields);
    QJsonObject conversationJson(const Conversation &c, const QString &fields) const;
    QList<Comment> commentsOf(const QString &objectId, bool stream, bool newestFirst) const;
    Comment *findComment(const QString &id);
    Conversation *findConversation(const QString &id);
    Conversation &conversationWith(const QString &psid, const QString &name);
    const Message *findMessage(const QString &id, QString *psid = nullptr) const;
    QString fromName(const QString &id) const;
    QString addComment(Comment c); // gives it an id; the post's updated_time moves

    // ---- endpoints ----
    Fake::HttpReply listPosts(const QList<Post> &source, const QUrlQuery &query, const QString &path);
    Fake::HttpReply listComments(const QString &objectId, const QUrlQuery &query);
    Fake::HttpReply listConversations(const QUrlQuery &query);
    Fake::HttpReply listMessages(const QString &conversationId, const QUrlQuery &query);
    Fake::HttpReply node(const QString &id, const QUrlQuery &query);
    Fake::HttpReply comment(const QString &objectId, const QString &message);
    Fake::HttpReply send(const QJsonObject &body);
    Fake::HttpReply hide(const QString &commentId, bool hidden);
    Fake::HttpReply debugToken(const QUrlQuery &query);
};

// {"error": {...}} as the Graph writes it.
Fake::HttpReply graphError(int status, int code, int subcode, const QString &type, const QString &message);

} // namespace Care::Tests
