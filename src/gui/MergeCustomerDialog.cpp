#include "gui/MergeCustomerDialog.h"

#include "store/CustomerRepository.h"
#include "store/Store.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Care::Gui {

MergeCustomerDialog::MergeCustomerDialog(Store::Store *store, const Core::Customer &current, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_current(current)
    , m_search(new QLineEdit(this))
    , m_results(new QListWidget(this))
    , m_delay(new QTimer(this))
{
    setObjectName(QStringLiteral("mergeCustomerDialog"));
    setWindowTitle(tr("Merge with another customer"));
    auto *intro = new QLabel(tr("Find the other record of %1 — for example their e-mail address or another "
                                "platform's handle. Their conversations join this customer's transcript; "
                                "the merge can be undone.")
                                 .arg(current.name),
                             this);
    intro->setWordWrap(true);
    m_search->setObjectName(QStringLiteral("mergeSearch"));
    m_search->setPlaceholderText(tr("Name, handle or e-mail address"));
    m_results->setObjectName(QStringLiteral("mergeResults"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Merge"));
    m_ok->setObjectName(QStringLiteral("mergeOk"));
    m_ok->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_search);
    layout->addWidget(m_results, 1);
    layout->addWidget(buttons);
    m_delay->setSingleShot(true);
    m_delay->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &MergeCustomerDialog::search);
    connect(m_results, &QListWidget::currentRowChanged, this, [this](int row) { m_ok->setEnabled(row >= 0); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(460, 360);
}

qint64 MergeCustomerDialog::selectedCustomerId() const
{
    const QListWidgetItem *item = m_results->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void MergeCustomerDialog::search()
{
    const QString text = m_search->text().trimmed();
    if (text.size() < 2) {
        m_results->clear();
        return;
    }
    m_store->run(
        this, [text](Store::Database &db) { return Store::CustomerRepository(db).find(text, 50); },
        [this, text](Core::Result<QList<Core::Customer>> found) {
            if (text != m_search->text().trimmed() || !found)
                return;
            m_results->clear();
            for (const Core::Customer &c : found.value()) {
                if (c.id == m_current.id)
                    continue;
                auto *item = new QListWidgetItem(c.name, m_results);
                item->setData(Qt::UserRole, c.id);
            }
        });
}

} // namespace Care::Gui
