#include "gui/ServiceLevelsDialog.h"

#include "gui/CalendarEditor.h"
#include "gui/SlaPolicyEditor.h"
#include "gui/TriageRulesEditor.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Care::Gui {

ServiceLevelsDialog::ServiceLevelsDialog(Store::Store *store, const QString &editor, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_editor(editor)
    , m_tabs(new QTabWidget(this))
    , m_calendar(new CalendarEditor(this))
    , m_policies(new SlaPolicyEditor(this))
    , m_triage(new TriageRulesEditor(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("serviceLevelsDialog"));
    setWindowTitle(tr("Service levels"));
    m_tabs->addTab(m_calendar, tr("Staffed &hours"));
    m_tabs->addTab(m_policies, tr("SLA p&olicies"));
    m_tabs->addTab(m_triage, tr("Tria&ge rules"));
    m_status->setObjectName(QStringLiteral("serviceLevelsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("serviceLevelsSave"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ServiceLevelsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &ServiceLevelsDialog::saved, this, &QDialog::accept);
    resize(980, 640);
}

void ServiceLevelsDialog::setBusy(bool busy, const QString &message)
{
    m_tabs->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_status->setText(message);
}

void ServiceLevelsDialog::load()
{
    setBusy(true, tr("Loading…"));
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<Settings> {
            Store::WorkspaceSettings settings(db);
            auto calendar = settings.calendar();
            if (!calendar)
                return calendar.error();
            auto policies = settings.slaPolicies();
            if (!policies)
                return policies.error();
            auto documents = settings.triageRuleDocuments();
            if (!documents)
                return documents.error();
            auto bundled = Store::WorkspaceSettings::defaultTriageRuleDocuments();
            if (!bundled)
                return bundled.error();
            return Settings{calendar.value(), policies.value(), documents.value(), bundled.value()};
        },
        [this](Core::Result<Settings> result) {
            if (!result) {
                setBusy(false, tr("Could not load the service levels: %1").arg(result.error().fullText()));
                m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
                return;
            }
            m_calendar->setCalendar(result->calendar);
            m_policies->setPolicies(result->policies);
            m_triage->setDocuments(result->triageDocuments, result->bundledTriageDocuments);
            setBusy(false, QString());
            emit loaded();
        });
}

void ServiceLevelsDialog::save()
{
    std::optional<Core::BusinessCalendar> calendar;
    std::optional<QList<Core::SlaPolicy>> policies;
    std::optional<QList<QByteArray>> documents;
    const auto refuse = [this](int tab, const Core::Error &error) {
        m_tabs->setCurrentIndex(tab);
        m_status->setText(tr("Not saved: %1").arg(error.fullText()));
        emit saveFailed(error.message);
    };
    if (m_calendar->isModified()) {
        auto edited = m_calendar->calendar();
        if (!edited)
            return refuse(0, edited.error());
        calendar = edited.value();
    }
    if (m_policies->isModified()) {
        auto edited = m_policies->policies();
        if (!edited)
            return refuse(1, edited.error());
        policies = edited.value();
    }
    if (m_triage->isModified()) {
        if (auto rules = m_triage->rules(); !rules)
            return refuse(2, rules.error());
        documents = m_triage->documents();
    }
    if (!calendar && !policies && !documents) {
        emit saved();
        return;
    }
    setBusy(true, tr("Saving — recomputing the due times of open conversations…"));
    m_store->run(
        this,
        [calendar, policies, documents, editor = m_editor](Store::Database &db) -> Core::Status {
            return db.transaction([&]() -> Core::Status {
                Store::WorkspaceSettings settings(db);
                if (documents)
                    if (Core::Status s = settings.setTriageRuleDocuments(*documents, editor); !s)
                        return s;
                if (calendar)
                    if (Core::Status s = settings.setCalendar(*calendar, editor); !s)
                        return s;
                if (policies)
                    if (Core::Status s = settings.setSlaPolicies(*policies, editor); !s)
                        return s;
                return {};
            });
        },
        [this](Core::Status status) {
            if (!status) {
                setBusy(false, tr("Not saved: %1").arg(status.error().fullText()));
                emit saveFailed(status.error().message);
                return;
            }
            m_calendar->setModified(false);
            m_policies->setModified(false);
            m_triage->setModified(false);
            setBusy(false, tr("Saved."));
            emit saved();
        });
}

} // namespace Care::Gui
