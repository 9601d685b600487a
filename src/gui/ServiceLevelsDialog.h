#pragma once

#include "core/BusinessCalendar.h"
#include "core/SlaPolicy.h"

#include <QByteArray>
#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QTabWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

class CalendarEditor;
class SlaPolicyEditor;
class TriageRulesEditor;

// Service levels for leads: the team calendar, the SLA policies and the triage rules, each in
// its own editor. Loaded and saved on the store's worker; saving recomputes the due times of
// every open conversation, so the inbox's countdowns follow at once.
class ServiceLevelsDialog : public QDialog
{
    Q_OBJECT

public:
    struct Settings
    {
        Core::BusinessCalendar calendar;
        QList<Core::SlaPolicy> policies;
        QList<QByteArray> triageDocuments;
        QList<QByteArray> bundledTriageDocuments;
    };

    ServiceLevelsDialog(Store::Store *store, const QString &editor, QWidget *parent = nullptr);

    void load();
    // Checks every editor and saves what changed; emits saved() when the store has it.
    void save();

    CalendarEditor *calendarEditor() const { return m_calendar; }
    SlaPolicyEditor *policyEditor() const { return m_policies; }
    TriageRulesEditor *triageEditor() const { return m_triage; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void loaded();
    void saved();
    void saveFailed(const QString &message);

private:
    void setBusy(bool busy, const QString &message);

    Store::Store *m_store;
    QString m_editor;
    QTabWidget *m_tabs;
    CalendarEditor *m_calendar;
    SlaPolicyEditor *m_policies;
    TriageRulesEditor *m_triage;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace Care::Gui
