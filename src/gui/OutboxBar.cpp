#include "gui/OutboxBar.h"

#include "store/OutboxRepository.h"
#include "store/Store.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Care::Gui {

OutboxBar::OutboxBar(Store::Store *store, QWidget *parent)
    : QFrame(parent)
    , m_store(store)
    , m_rows(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("outboxBar"));
    setStyleSheet(QStringLiteral("#outboxBar { background: #fff8e1; border: 1px solid #e0c060; border-radius: 4px; }"));
    m_rows->setContentsMargins(8, 4, 8, 4);
    m_rows->setSpacing(4);
    hide();
}

void OutboxBar::showConversation(qint64 conversationId)
{
    m_conversationId = conversationId;
    reload();
}

void OutboxBar::reload()
{
    if (m_conversationId == 0) {
        show({});
        return;
    }
    const qint64 requested = m_conversationId;
    m_store->run(
        this, [requested](Store::Database &db) { return Store::OutboxRepository(db).pendingInConversation(requested); },
        [this, requested](Core::Result<QList<Core::OutboxItem>> items) {
            if (requested == m_conversationId && items)
                show(items.value());
        });
}

QString OutboxBar::describe(const Core::OutboxItem &item)
{
    const QString what = item.kind == Core::OutboxKind::Hide             ? tr("Hiding the customer's message")
                         : item.kind == Core::OutboxKind::Unhide         ? tr("Showing the customer's message again")
                         : item.kind == Core::OutboxKind::PrivateMessage ? tr("Private reply")
                         : item.kind == Core::OutboxKind::Transcript     ? tr("Transcript to %1").arg(item.recipient)
                         : item.kind == Core::OutboxKind::EmailAnswer    ? tr("E-mail to %1").arg(item.recipient)
                                                                         : tr("Public reply");
    // A transcript's body is the whole history: no excerpt of it.
    QString excerpt = item.kind == Core::OutboxKind::Transcript ? QString() : item.body.simplified();
    if (excerpt.size() > 48)
        excerpt = excerpt.left(47) + QChar(0x2026);
    const QString quoted = excerpt.isEmpty() ? what : tr("%1 “%2”").arg(what, excerpt);
    switch (item.state) {
    case Core::DeliveryState::Queued:
        return item.error.isEmpty() ? tr("%1 — waiting to be sent.").arg(quoted)
                                    : tr("%1 — waiting to be sent: %2").arg(quoted, item.error);
    case Core::DeliveryState::Sending: return tr("%1 — sending now.").arg(quoted);
    case Core::DeliveryState::Unknown:
        return tr("%1 — the connection dropped while sending; checking whether it went out before trying again.").arg(quoted);
    case Core::DeliveryState::Held: return tr("%1 — held: %2").arg(quoted, item.error);
    case Core::DeliveryState::Failed: return tr("%1 — not sent: %2").arg(quoted, item.error);
    default: return quoted;
    }
}

void OutboxBar::show(const QList<Core::OutboxItem> &items)
{
    m_items = items;
    while (QLayoutItem *row = m_rows->takeAt(0)) {
        if (QWidget *w = row->widget())
            w->deleteLater();
        delete row;
    }
    for (const Core::OutboxItem &item : items) {
        auto *row = new QWidget(this);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *text = new QLabel(describe(item), row);
        text->setTextFormat(Qt::PlainText); // the reply and the platform's reason are never markup
        text->setWordWrap(true);
        text->setObjectName(QStringLiteral("outboxItemText"));
        layout->addWidget(text, 1);
        const auto addButton = [&](const QString &label, const QString &action, const QString &name) {
            auto *button = new QPushButton(label, row);
            button->setObjectName(name);
            connect(button, &QPushButton::clicked, this, [this, id = item.id, action] { act(id, action); });
            layout->addWidget(button);
        };
        if (item.state == Core::DeliveryState::Held)
            addButton(tr("Send anyway"), QStringLiteral("confirm"), QStringLiteral("outboxConfirm"));
        if (item.state == Core::DeliveryState::Failed)
            addButton(tr("Retry"), QStringLiteral("retry"), QStringLiteral("outboxRetry"));
        if (item.state == Core::DeliveryState::Held || item.state == Core::DeliveryState::Failed
            || item.state == Core::DeliveryState::Queued)
            addButton(tr("Cancel reply"), QStringLiteral("cancel"), QStringLiteral("outboxCancel"));
        m_rows->addWidget(row);
    }
    setVisible(!items.isEmpty());
}

void OutboxBar::act(qint64 itemId, const QString &action)
{
    m_store->run(
        this,
        [itemId, action](Store::Database &db) -> Core::Status {
            Store::OutboxRepository outbox(db);
            if (action == QLatin1String("confirm"))
                return outbox.confirm(itemId);
            if (action == QLatin1String("retry"))
                return outbox.retry(itemId);
            return outbox.cancel(itemId);
        },
        [this, action](Core::Status status) {
            if (!status) {
                emit statusMessage(status.error().fullText());
            } else if (action == QLatin1String("cancel")) {
                emit statusMessage(tr("The reply was cancelled; it will not be sent."));
            } else {
                emit deliveryRequested();
            }
            m_store->notifyChanged();
            reload();
        });
}

} // namespace Care::Gui
