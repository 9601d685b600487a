#include "gui/CsatDialog.h"

#include "store/Store.h"

#include <QButtonGroup>
#include <QDate>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString shortDate(const QDateTime &at)
{
    const QDate day = at.toLocalTime().date();
    const bool thisYear = day.year() == QDate::currentDate().year();
    return QLocale().toString(day, thisYear ? QStringLiteral("d MMM") : QStringLiteral("d MMM yyyy"));
}

} // namespace

CsatDialog::CsatDialog(Store::Store *store, qint64 conversationId, const QString &agentId, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_conversationId(conversationId)
    , m_agentId(agentId)
    , m_current(new QLabel(this))
    , m_error(new QLabel(this))
    , m_scores(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("csatDialog"));
    setWindowTitle(tr("Record satisfaction"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("How satisfied was the customer, from 1 (poor) to 5 (great)? Record it here when "
                                "they told you another way; their latest answer is the one that counts."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_current->setObjectName(QStringLiteral("csatCurrent"));
    m_current->setTextFormat(Qt::PlainText);
    m_current->setText(tr("Satisfaction: loading…"));
    layout->addWidget(m_current);

    auto *row = new QHBoxLayout;
    const QStringList meanings { tr("poor"), tr("below expectations"), tr("all right"), tr("good"), tr("great") };
    for (int score = 1; score <= 5; ++score) {
        auto *button = new QPushButton(QString::number(score), this);
        button->setObjectName(QStringLiteral("csatScore-%1").arg(score));
        button->setCheckable(true);
        button->setToolTip(tr("%1 — %2").arg(score).arg(meanings.at(score - 1)));
        button->setAccessibleName(button->toolTip());
        m_scores->addButton(button, score);
        row->addWidget(button);
    }
    m_scores->setExclusive(true);
    layout->addLayout(row);

    m_error->setObjectName(QStringLiteral("csatError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("csatOk"));
    m_ok->setText(tr("Record"));
    m_ok->setEnabled(false);
    layout->addWidget(buttons);
    connect(m_scores, &QButtonGroup::idClicked, m_ok, [this] { m_ok->setEnabled(!m_busy); });
    connect(buttons, &QDialogButtonBox::accepted, this, &CsatDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    load();
}

int CsatDialog::score() const
{
    const int id = m_scores->checkedId();
    return id >= 1 && id <= 5 ? id : 0;
}

void CsatDialog::load()
{
    const qint64 conversationId = m_conversationId;
    m_store->run(
        this,
        [conversationId](
            Store::Database &db) { return Store::CsatRepository(db).summaryForConversation(conversationId); },
        [this](Core::Result<Store::CsatSummary> summary) {
            if (!summary) {
                m_current->setText(tr("Satisfaction: unknown (%1)").arg(summary.error().message));
                return;
            }
            m_current->setText(summaryText(summary.value())); // shown, not preselected: the agent chooses
        });
}

void CsatDialog::accept()
{
    const int chosen = score();
    if (!chosen || m_busy)
        return;
    m_busy = true;
    m_ok->setEnabled(false);
    m_error->hide();
    const qint64 conversationId = m_conversationId;
    const QString agentId = m_agentId;
    m_store->run(
        this,
        [conversationId, chosen, agentId](Store::Database &db) {
            return Store::CsatRepository(db).record(conversationId, chosen, Store::CsatSource::Agent, agentId);
        },
        [this, chosen](Core::Status status) {
            m_busy = false;
            if (!status) {
                m_error->setText(status.error().fullText());
                m_error->show();
                m_ok->setEnabled(score() != 0);
                return;
            }
            emit recorded(m_conversationId, chosen);
            QDialog::accept();
        });
}

QString CsatDialog::summaryText(const Store::CsatSummary &summary)
{
    if (summary.latest) {
        const Store::CsatAnswer &answer = *summary.latest;
        const QString who
            = answer.source == Store::CsatSource::Customer ? tr("customer") : tr("recorded by %1").arg(answer.agentId);
        return tr("Satisfaction: %1/5 (%2, %3)").arg(answer.score).arg(who, shortDate(answer.at));
    }
    if (summary.lastAskedAt.isValid())
        return tr("Satisfaction: asked %1, no answer yet").arg(shortDate(summary.lastAskedAt));
    return tr("Satisfaction: not asked yet");
}

void CsatDialog::ask(Store::Store *store, qint64 conversationId, const QString &agentId, QObject *context,
    std::function<void(Core::Result<qint64>)> done)
{
    store->run(
        context,
        [conversationId, agentId](
            Store::Database &db) { return Store::CsatRepository(db).ask(conversationId, agentId); },
        std::move(done));
}

} // namespace Care::Gui
