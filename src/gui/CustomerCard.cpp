#include "gui/CustomerCard.h"

#include "gui/ContactPreferenceDialog.h"
#include "gui/CsatDialog.h"
#include "gui/MergeCustomerDialog.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Store.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString channelName(const QString &id)
{
    if (id.isEmpty())
        return CustomerCard::tr("not asked yet — ask how they want to be contacted");
    if (id == QLatin1String("phone"))
        return CustomerCard::tr("Phone");
    if (auto platform = Core::platformFromId(id))
        return Core::platformDisplayName(*platform);
    return id;
}

QLabel *plainLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CustomerCard::CustomerCard(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_name(plainLabel(this, QStringLiteral("customerName")))
    , m_identities(plainLabel(this, QStringLiteral("customerIdentities")))
    , m_contact(plainLabel(this, QStringLiteral("customerContact")))
    , m_notes(plainLabel(this, QStringLiteral("customerNotes")))
    , m_historyLabel(plainLabel(this, QStringLiteral("customerHistory")))
    , m_satisfaction(plainLabel(this, QStringLiteral("customerSatisfaction")))
    , m_edit(new QPushButton(tr("Contact && notes…"), this))
    , m_merge(new QPushButton(tr("Merge…"), this))
    , m_unmerge(new QToolButton(this))
{
    setObjectName(QStringLiteral("customerCard"));
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.3);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_edit->setObjectName(QStringLiteral("customerEdit"));
    m_merge->setObjectName(QStringLiteral("customerMerge"));
    m_merge->setToolTip(tr("The same person wrote from another account: join the two records so the whole "
                           "history shows in one transcript."));
    m_unmerge->setObjectName(QStringLiteral("customerUnmerge"));
    m_unmerge->setText(tr("Undo merge"));
    m_unmerge->setPopupMode(QToolButton::InstantPopup);
    m_unmerge->setMenu(new QMenu(m_unmerge));
    m_unmerge->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_name, 1);
    top->addWidget(m_edit);
    top->addWidget(m_merge);
    top->addWidget(m_unmerge);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_identities);
    layout->addWidget(m_contact);
    layout->addWidget(m_notes);
    layout->addWidget(m_satisfaction);
    layout->addWidget(m_historyLabel);

    connect(m_edit, &QPushButton::clicked, this, &CustomerCard::editContactPreference);
    connect(m_merge, &QPushButton::clicked, this, &CustomerCard::mergeWithAnother);
}

void CustomerCard::showCustomer(qint64 customerId)
{
    const quint64 request = ++m_request;
    m_store->run(
        this,
        [customerId](Store::Database &db) -> Core::Result<Data> {
            Store::CustomerRepository customers(db);
            auto group = customers.mergedGroup(customerId);
            if (!group)
                return group.error();
            auto customer = customers.get(group->first());
            if (!customer)
                return customer.error();
            auto identities = customers.identities(customerId);
            if (!identities)
                return identities.error();
            auto history = Store::ConversationRepository(db).forCustomers(group.value());
            if (!history)
                return history.error();
            auto members = customers.mergedMembers(customer->id);
            if (!members)
                return members.error();
            auto satisfaction = Store::CsatRepository(db).summaryForCustomers(group.value());
            if (!satisfaction)
                return satisfaction.error();
            return Data{customer.value(), identities.value(), history.value(), members.value(), satisfaction.value()};
        },
        [this, request](Core::Result<Data> data) {
            if (request != m_request)
                return;
            if (!data) {
                emit statusMessage(data.error().fullText());
                return;
            }
            render(data.value());
        });
}

void CustomerCard::render(const Data &data)
{
    m_customer = data.customer;
    m_history = data.history;
    m_name->setText(data.customer.name);
    QStringList handles;
    for (const auto &identity : data.identities)
        handles << Core::platformDisplayName(identity.platform) + QStringLiteral(": ") + identity.handle;
    m_identities->setText(handles.join(QStringLiteral(" · ")));
    QString contact = tr("Prefers: %1").arg(channelName(data.customer.preferredChannel));
    if (!data.customer.preferredContact.isEmpty())
        contact += QStringLiteral(" (") + data.customer.preferredContact + QLatin1Char(')');
    m_contact->setText(contact);
    m_notes->setText(data.customer.notes.isEmpty() ? QString() : tr("Notes: %1").arg(data.customer.notes));
    m_notes->setVisible(!data.customer.notes.isEmpty());
    m_satisfaction->setText(CsatDialog::summaryText(data.satisfaction));

    int open = 0;
    int resolved = 0;
    QStringList lines;
    const QLocale locale;
    for (const auto &row : data.history) {
        (row.status == Core::ConversationStatus::Resolved ? resolved : open) += 1;
        lines << QStringLiteral("%1 · %2 · %3 · %4")
                     .arg(locale.toString(row.lastMessageAt.toLocalTime(), QStringLiteral("d MMM yyyy")),
                          Core::platformDisplayName(row.platform), Core::statusDisplayName(row.status),
                          row.preview.left(80));
    }
    QStringList tags;
    for (const auto &row : data.history) {
        for (const QString &tag : row.tags) {
            if (!tags.contains(tag))
                tags << tag;
        }
    }
    QString history = tr("Conversations: %1 (%2 open or waiting, %3 resolved)")
                          .arg(data.history.size())
                          .arg(open)
                          .arg(resolved);
    if (!tags.isEmpty())
        history += QStringLiteral(" · ") + tr("Tags: %1").arg(tags.join(QStringLiteral(", ")));
    m_historyLabel->setText(history);
    m_historyLabel->setToolTip(lines.join(QLatin1Char('\n')).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));

    QMenu *menu = m_unmerge->menu();
    menu->clear();
    for (const Core::Customer &member : data.members) {
        QAction *action = menu->addAction(tr("Separate %1 again").arg(member.name));
        const qint64 memberId = member.id;
        connect(action, &QAction::triggered, this, [this, memberId] {
            const QString agent = m_agentId;
            change([memberId, agent](Store::CustomerRepository &customers) { return customers.unmerge(memberId, agent); },
                   tr("The customers are separate again."));
        });
    }
    m_unmerge->setVisible(!data.members.isEmpty());
}

template<typename Job>
void CustomerCard::change(Job job, const QString &done)
{
    m_store->run(
        this, [job](Store::Database &db) {
            Store::CustomerRepository customers(db);
            return job(customers);
        },
        [this, done](Core::Status status) {
            emit statusMessage(status ? done : status.error().fullText());
            if (status) {
                showCustomer(m_customer.id);
                emit customerChanged();
            }
        });
}

void CustomerCard::editContactPreference()
{
    if (m_customer.id == 0)
        return;
    auto *dialog = new ContactPreferenceDialog(m_customer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Core::Customer updated = dialog->customer();
        change([updated](Store::CustomerRepository &customers) { return customers.update(updated); },
               tr("Saved how %1 wants to be contacted.").arg(updated.name));
    });
    dialog->open();
}

void CustomerCard::mergeWithAnother()
{
    if (m_customer.id == 0)
        return;
    auto *dialog = new MergeCustomerDialog(m_store, m_customer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const qint64 keep = m_customer.id;
        const qint64 absorb = dialog->selectedCustomerId();
        const QString agent = m_agentId;
        change([keep, absorb, agent](Store::CustomerRepository &customers) { return customers.merge(keep, absorb, agent); },
               tr("Merged: one customer, one transcript."));
    });
    dialog->open();
}

} // namespace Care::Gui
