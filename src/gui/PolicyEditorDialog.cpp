#include "gui/PolicyEditorDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>

namespace Care::Gui {

PolicyEditorDialog::PolicyEditorDialog(const Core::PolicyDocument &policy, QWidget *parent)
    : QDialog(parent)
    , m_policy(policy)
    , m_title(new QLineEdit(policy.title, this))
    , m_tags(new QLineEdit(policy.tags.join(QStringLiteral(", ")), this))
    , m_values(new QLineEdit(this))
    , m_body(new QPlainTextEdit(policy.body, this))
{
    setObjectName(QStringLiteral("policyEditorDialog"));
    setWindowTitle(tr("Edit policy: %1").arg(policy.title));
    QStringList pairs;
    for (auto it = policy.values.cbegin(); it != policy.values.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    m_values->setText(pairs.join(QStringLiteral(", ")));
    m_values->setToolTip(tr("Named values replies can use as {policy.NAME}, e.g. refund_days=30"));
    m_title->setObjectName(QStringLiteral("policyTitleEdit"));
    m_tags->setObjectName(QStringLiteral("policyTagsEdit"));
    m_values->setObjectName(QStringLiteral("policyValuesEdit"));
    m_body->setObjectName(QStringLiteral("policyBodyEdit"));
    auto *version = new QLabel(tr("Version %1, last changed %2 by %3. Saving creates version %4; the earlier text is kept.")
                                   .arg(policy.version)
                                   .arg(QLocale().toString(policy.updatedAt.toLocalTime(), QLocale::ShortFormat),
                                        policy.updatedBy)
                                   .arg(policy.version + 1),
                               this);
    version->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("policySave"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("Tags"), m_tags);
    form->addRow(tr("Values"), m_values);
    form->addRow(tr("Text (Markdown)"), m_body);
    form->addRow(version);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(720, 560);
}

Core::PolicyDocument PolicyEditorDialog::policy() const
{
    // Reuse the file format's parser so the dialog and the files agree on every rule.
    Core::PolicyDocument edited = Core::PolicyDocument::fromMarkdown(
        m_policy.slug, QStringLiteral("---\ntitle: ") + m_title->text().trimmed() + QStringLiteral("\ntags: ")
                           + m_tags->text() + QStringLiteral("\nvalues: ") + m_values->text()
                           + QStringLiteral("\n---\n") + m_body->toPlainText());
    edited.id = m_policy.id;
    edited.version = m_policy.version;
    return edited;
}

} // namespace Care::Gui
