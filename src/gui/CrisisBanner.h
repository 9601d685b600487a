#pragma once

#include "core/CrisisMode.h"
#include "core/SpikeDetector.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The incident banner above the inbox. While a crisis is on, every agent sees its name and the
// pinned holding statement (one click puts it in the reply), and can list its conversations.
// Leads also get spike alerts: when negative messages (overall or about one topic) run well
// above the usual level for the hour, the banner says so with the messages behind it and
// offers to start crisis mode. Checked every few minutes and after every store change, on the
// store worker.
class CrisisBanner : public QFrame
{
    Q_OBJECT

public:
    CrisisBanner(Store::Store *store, const QString &agentId, bool isLead, QWidget *parent = nullptr);

    void check();
    void startCrisis(); // lead: opens the crisis dialog (pre-filled from the spike, if any)
    void endCrisis();
    Core::CrisisMode crisis() const { return m_crisis; }
    QList<Core::SpikeDetector::Spike> spikes() const { return m_spikes; }

signals:
    void checked();
    void holdingStatementRequested(const QString &text);
    void conversationsRequested(const QString &title, const QList<qint64> &ids);
    void spikeDetected(const QString &explanation); // a new spike: for a desktop notification

private:
    void present(const Core::CrisisMode &crisis, const QList<Core::SpikeDetector::Spike> &spikes);
    void saveCrisis(const Core::CrisisMode &crisis);

    Store::Store *m_store;
    QString m_agentId;
    bool m_isLead;
    Core::CrisisMode m_crisis;
    QList<Core::SpikeDetector::Spike> m_spikes;
    QString m_dismissed; // the spike explanation the lead dismissed
    QLabel *m_text;
    QPushButton *m_insert;
    QPushButton *m_show;
    QPushButton *m_start;
    QPushButton *m_end;
    QPushButton *m_dismiss;
    QTimer *m_timer;
};

} // namespace Care::Gui
