#pragma once

#include "core/Result.h"
#include "core/SlaPolicy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace Care::Gui {

// The lead's editor for SLA policies: a list on the left (the most specific matching policy
// wins; ties go to the one higher in the list), the selected policy's criteria and targets on
// the right. Targets are in minutes; "No target" makes no promise. The counting mode decides
// whether only staffed hours count, and pausing stops the clock while the customer is asked.
class SlaPolicyEditor : public QWidget
{
    Q_OBJECT

public:
    explicit SlaPolicyEditor(QWidget *parent = nullptr);

    void setPolicies(const QList<Core::SlaPolicy> &policies);
    // The policies as edited, or what is wrong with them (naming the policy).
    Core::Result<QList<Core::SlaPolicy>> policies() const;
    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

signals:
    void changed();

private:
    void showPolicy(int row);
    void storeCurrent();
    void addPolicy(const Core::SlaPolicy &policy);
    void move(int delta);
    void onEdited();
    void updateProblem();

    QList<Core::SlaPolicy> m_policies;
    int m_current = -1;
    bool m_loading = false;
    bool m_modified = false;

    QListWidget *m_list;
    QLineEdit *m_name;
    QComboBox *m_platform;
    QComboBox *m_priority;
    QLineEdit *m_tag;
    QSpinBox *m_first;
    QSpinBox *m_next;
    QSpinBox *m_resolution;
    QComboBox *m_counting;
    QCheckBox *m_pause;
    QLabel *m_problem;
    QWidget *m_form;
};

} // namespace Care::Gui
