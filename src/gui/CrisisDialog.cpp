#include "gui/CrisisDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace Care::Gui {

CrisisDialog::CrisisDialog(const Core::CrisisMode &crisis, QWidget *parent)
    : QDialog(parent)
    , m_crisis(crisis)
    , m_title(new QLineEdit(crisis.title, this))
    , m_terms(new QLineEdit(crisis.terms.join(QStringLiteral(", ")), this))
    , m_statement(new QPlainTextEdit(crisis.holdingStatement, this))
    , m_pause(new QCheckBox(tr("Pause scheduled posts (shift announcements, promotions) until the crisis ends"), this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("crisisDialog"));
    setWindowTitle(crisis.active ? tr("Update crisis") : tr("Start crisis mode"));
    m_title->setObjectName(QStringLiteral("crisisTitle"));
    m_terms->setObjectName(QStringLiteral("crisisTerms"));
    m_statement->setObjectName(QStringLiteral("crisisStatement"));
    m_title->setPlaceholderText(tr("e.g. Payments outage"));
    m_terms->setPlaceholderText(tr("outage, #acmedown, payment failed"));
    m_terms->setToolTip(tr("Conversations whose customers use one of these words are grouped as the crisis's."));
    m_statement->setPlaceholderText(tr("The approved holding reply, e.g. “We know payments are failing and are working "
                                       "on it. We'll post an update by 15:00.”"));
    m_statement->setTabChangesFocus(true);
    m_pause->setChecked(crisis.active ? crisis.pauseScheduledPosts : true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(crisis.active ? tr("&Update") : tr("&Start crisis mode"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("crisisStart"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Incident"), m_title);
    form->addRow(tr("&Words"), m_terms);
    form->addRow(tr("&Holding statement"), m_statement);
    form->addRow(m_pause);
    form->addRow(new QLabel(tr("Every agent sees a banner with the holding statement; the crisis's conversations are "
                               "grouped in the inbox."),
                            this));
    form->addRow(m_problem);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_title->text().trimmed().isEmpty() || m_statement->toPlainText().trimmed().isEmpty()) {
            m_problem->setText(tr("Name the incident and write the holding statement."));
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(620, 360);
}

Core::CrisisMode CrisisDialog::crisis() const
{
    Core::CrisisMode crisis = m_crisis;
    crisis.active = true;
    crisis.title = m_title->text().trimmed();
    crisis.terms.clear();
    static const QRegularExpression separator(QStringLiteral("[,;\\n]"));
    for (const QString &term : m_terms->text().split(separator, Qt::SkipEmptyParts)) {
        if (!term.trimmed().isEmpty())
            crisis.terms << term.trimmed();
    }
    crisis.holdingStatement = m_statement->toPlainText().trimmed();
    crisis.pauseScheduledPosts = m_pause->isChecked();
    return crisis;
}

} // namespace Care::Gui
