#pragma once

#include "sync/Connector.h"
#include "sync/MastodonJson.h"
#include "sync/SupplementaryStreams.h"

#include <QStringList>
#include <QUrl>

namespace Care::Sync {

class HttpClient;
struct HttpResponse;

// Mastodon (any instance): mentions and direct messages from notifications (paged forward
// with min_id, always with limit), direct conversations, keyword search and hashtag
// timelines for posts that name the brand without tagging it, thread context, replies in
// thread and private (direct) replies with an Idempotency-Key per outbox item.
class MastodonConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0; // the store's account
        QUrl instance;        // https://social.example
        QString token;        // Bearer token (from the keychain)
        QString ownId;        // the brand account's id on the instance, when known
        QStringList keywords; // brand and product names to search for
        QStringList hashtags; // without '#'
        int pageSize = 40;
    };

    MastodonConnector(HttpClient &http, Config config);

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;
    std::optional<std::pair<int, int>> rateBudget() const override;
    QDateTime rateResetAt() const override;
    QString leftOut() const override { return m_supplementary.leftOut(); }

    QString ownId() const { return m_config.ownId; }
    QString ownAcct() const { return m_ownAcct; }
    // The text actually posted for an item (a private message starts with the recipient).
    static QString postedText(const Core::OutboxItem &item);

private:
    Core::Result<QByteArray> get(const QString &path, const QList<QPair<QString, QString>> &query);
    Core::Status fetchNotifications(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchConversations(const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchListening(const QString &stream, const QString &path, const QList<QPair<QString, QString>> &query,
                                const QString &cursor, bool search,
                                const std::function<Core::Status(const FetchBatch &)> &commit);
    // The status as messages for the store: its thread's root decides the conversation,
    // and the customer's and the brand's earlier posts in the thread come along.
    Core::Result<QList<Core::IncomingMessage>> toMessages(const Mastodon::Status &status);
    Core::IncomingMessage toMessage(const Mastodon::Status &status, const QString &threadKey,
                                    const Mastodon::Account &customer) const;
    QString service() const;
    QString replyVisibility(const QString &parentId);

    HttpClient &m_http;
    Config m_config;
    QString m_ownAcct;
    Mastodon::Instance m_instance;
    SupplementaryStreams m_supplementary; // direct messages, listening
};

} // namespace Care::Sync
