#pragma once

#include "core/Customer.h"
#include "core/CustomerIdentity.h"
#include "store/CsatRepository.h"
#include "store/InboxQuery.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Who the customer is: names and handles per platform, how they want to be contacted,
// notes, their earlier conversations with outcomes — and merging two records of one person.
class CustomerCard : public QWidget
{
    Q_OBJECT

public:
    CustomerCard(Store::Store *store, QWidget *parent = nullptr);

    void setAgent(const QString &agentId) { m_agentId = agentId; }
    void showCustomer(qint64 customerId);
    qint64 customerId() const { return m_customer.id; }
    const Core::Customer &customer() const { return m_customer; }
    const QList<Store::InboxRow> &history() const { return m_history; }

public slots:
    void editContactPreference();
    void mergeWithAnother();

signals:
    void customerChanged();
    void statusMessage(const QString &message);

private:
    struct Data
    {
        Core::Customer customer;
        QList<Core::CustomerIdentity> identities;
        QList<Store::InboxRow> history;
        QList<Core::Customer> members;
        Store::CsatSummary satisfaction;
    };
    void render(const Data &data);
    template<typename Job>
    void change(Job job, const QString &done);

    Store::Store *m_store;
    QString m_agentId;
    QLabel *m_name;
    QLabel *m_identities;
    QLabel *m_contact;
    QLabel *m_notes;
    QLabel *m_historyLabel;
    QLabel *m_satisfaction;
    QPushButton *m_edit;
    QPushButton *m_merge;
    QToolButton *m_unmerge;
    Core::Customer m_customer;
    QList<Store::InboxRow> m_history;
    quint64 m_request = 0;
};

} // namespace Care::Gui
