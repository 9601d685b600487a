#pragma once

#include "core/OutboxItem.h"

#include <QFrame>

class QVBoxLayout;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Above the composer: this conversation's replies that have not gone out yet, each with
// where it stands in words and what the agent can do — send anyway (held), retry or cancel
// (failed), or nothing but wait (queued, sending, being checked). Hidden when all is sent.
class OutboxBar : public QFrame
{
    Q_OBJECT

public:
    explicit OutboxBar(Store::Store *store, QWidget *parent = nullptr);

    void showConversation(qint64 conversationId);
    void reload();
    int itemCount() const { return m_items.size(); }

signals:
    // The agent confirmed or retried a reply: deliver it now.
    void deliveryRequested();
    void statusMessage(const QString &message);

private:
    void show(const QList<Core::OutboxItem> &items);
    void act(qint64 itemId, const QString &action);
    static QString describe(const Core::OutboxItem &item);

    Store::Store *m_store;
    QVBoxLayout *m_rows;
    qint64 m_conversationId = 0;
    QList<Core::OutboxItem> m_items;
};

} // namespace Care::Gui
