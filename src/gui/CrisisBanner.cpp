#include "gui/CrisisBanner.h"

#include "gui/CrisisDialog.h"
#include "store/IncidentQuery.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace Care::Gui {

namespace {

struct Incident
{
    Core::CrisisMode crisis;
    QList<Core::SpikeDetector::Spike> spikes;
};

constexpr int kCheckIntervalMs = 2 * 60 * 1000;

} // namespace

CrisisBanner::CrisisBanner(Store::Store *store, const QString &agentId, bool isLead, QWidget *parent)
    : QFrame(parent)
    , m_store(store)
    , m_agentId(agentId)
    , m_isLead(isLead)
    , m_text(new QLabel(this))
    , m_insert(new QPushButton(tr("Insert holding statement"), this))
    , m_show(new QPushButton(tr("Show conversations"), this))
    , m_start(new QPushButton(tr("Start crisis mode…"), this))
    , m_end(new QPushButton(tr("End crisis"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("crisisBanner"));
    m_text->setObjectName(QStringLiteral("crisisBannerText"));
    m_text->setTextFormat(Qt::PlainText); // quotes customers' words
    m_text->setWordWrap(true);
    m_insert->setObjectName(QStringLiteral("crisisInsert"));
    m_show->setObjectName(QStringLiteral("crisisShow"));
    m_start->setObjectName(QStringLiteral("crisisStartButton"));
    m_end->setObjectName(QStringLiteral("crisisEnd"));
    m_dismiss->setObjectName(QStringLiteral("crisisDismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_text, 1);
    for (QPushButton *button : {m_insert, m_show, m_start, m_end, m_dismiss})
        layout->addWidget(button);

    connect(m_insert, &QPushButton::clicked, this, [this] { emit holdingStatementRequested(m_crisis.holdingStatement); });
    connect(m_show, &QPushButton::clicked, this, [this] {
        if (m_crisis.active) {
            const Core::CrisisMode crisis = m_crisis;
            m_store->run(
                this,
                [crisis](Store::Database &db) { return Store::IncidentQuery(db).crisisConversations(crisis, db.now()); },
                [this, title = crisis.title](Core::Result<QList<qint64>> ids) {
                    if (ids)
                        emit conversationsRequested(tr("Crisis: %1").arg(title), ids.value());
                });
        } else if (!m_spikes.isEmpty()) {
            const auto &spike = m_spikes.last(); // the most specific: a topic when there is one
            emit conversationsRequested(spike.topic.isEmpty() ? tr("Negative spike") : tr("Spike: %1").arg(spike.topic),
                                        spike.conversationIds);
        }
    });
    connect(m_start, &QPushButton::clicked, this, &CrisisBanner::startCrisis);
    connect(m_end, &QPushButton::clicked, this, &CrisisBanner::endCrisis);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        if (!m_spikes.isEmpty())
            m_dismissed = m_spikes.last().explanation();
        present(m_crisis, m_spikes);
    });
    m_timer->setInterval(kCheckIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &CrisisBanner::check);
    m_timer->start();
    hide();
}

void CrisisBanner::check()
{
    const bool lead = m_isLead;
    m_store->run(
        this,
        [lead](Store::Database &db) -> Core::Result<Incident> {
            auto crisis = Store::WorkspaceSettings(db).crisis();
            if (!crisis)
                return crisis.error();
            Incident incident{crisis.value(), {}};
            if (lead && !crisis->active) { // during a crisis the spike is known
                auto spikes = Store::IncidentQuery(db).spikes(db.now());
                if (!spikes)
                    return spikes.error();
                incident.spikes = spikes.value();
            }
            return incident;
        },
        [this](Core::Result<Incident> incident) {
            if (incident)
                present(incident->crisis, incident->spikes);
            emit checked();
        });
}

void CrisisBanner::present(const Core::CrisisMode &crisis, const QList<Core::SpikeDetector::Spike> &spikes)
{
    const QString previous = m_spikes.isEmpty() ? QString() : m_spikes.last().explanation();
    m_crisis = crisis;
    m_spikes = spikes;
    if (crisis.active) {
        setStyleSheet(QStringLiteral("#crisisBanner { background: #fde2e1; border: 1px solid #b3261e; border-radius: 4px; }"));
        QString text = tr("Crisis: %1").arg(crisis.title);
        if (!crisis.holdingStatement.isEmpty())
            text += QLatin1Char('\n') + tr("Holding statement: %1").arg(crisis.holdingStatement);
        if (crisis.pauseScheduledPosts)
            text += QLatin1Char('\n') + tr("Scheduled posts are paused.");
        m_text->setText(text);
        m_insert->setVisible(!crisis.holdingStatement.isEmpty());
        m_show->setVisible(!crisis.terms.isEmpty());
        m_start->setText(tr("Update…"));
        m_start->setVisible(m_isLead);
        m_end->setVisible(m_isLead);
        m_dismiss->hide();
        QFrame::show();
        return;
    }
    const QString current = spikes.isEmpty() ? QString() : spikes.last().explanation();
    if (!m_isLead || spikes.isEmpty() || current == m_dismissed) {
        hide();
        return;
    }
    setStyleSheet(QStringLiteral("#crisisBanner { background: #fff4d6; border: 1px solid #c77700; border-radius: 4px; }"));
    QStringList lines;
    for (const auto &spike : spikes)
        lines << spike.explanation();
    m_text->setText(tr("Possible incident — %1").arg(lines.join(QLatin1Char('\n'))));
    m_insert->hide();
    m_show->setVisible(true);
    m_start->setText(tr("Start crisis mode…"));
    m_start->setVisible(true);
    m_end->hide();
    m_dismiss->setVisible(true);
    QFrame::show();
    if (current != previous)
        emit spikeDetected(current);
}

void CrisisBanner::startCrisis()
{
    Core::CrisisMode draft = m_crisis;
    if (!draft.active && !m_spikes.isEmpty() && !m_spikes.last().topic.isEmpty()) {
        draft.terms = QStringList{m_spikes.last().topic} + m_spikes.last().relatedTerms;
        draft.title = m_spikes.last().topic;
    }
    auto *dialog = new CrisisDialog(draft, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Core::CrisisMode crisis = dialog->crisis();
        if (!m_crisis.active) {
            crisis.startedAt = QDateTime::currentDateTimeUtc();
            crisis.startedBy = m_agentId;
        }
        saveCrisis(crisis);
    });
    dialog->open();
}

void CrisisBanner::endCrisis()
{
    if (QMessageBox::question(this, tr("End crisis"),
                              tr("End “%1”? The banner goes for everyone and scheduled posts resume.").arg(m_crisis.title))
        != QMessageBox::Yes)
        return;
    Core::CrisisMode ended = m_crisis;
    ended.active = false;
    saveCrisis(ended);
}

void CrisisBanner::saveCrisis(const Core::CrisisMode &crisis)
{
    m_store->run(
        this,
        [crisis, agent = m_agentId](Store::Database &db) { return Store::WorkspaceSettings(db).setCrisis(crisis, agent); },
        [this](Core::Status status) {
            if (status)
                m_store->notifyChanged();
            check();
        });
}

} // namespace Care::Gui
