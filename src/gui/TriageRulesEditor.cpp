#include "gui/TriageRulesEditor.h"

#include "core/UrgencyClassifier.h"
#include "store/WorkspaceSettings.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

QString languageLabel(const QByteArray &document, int index)
{
    const QJsonObject json = QJsonDocument::fromJson(document).object();
    const QString code = json.value(QStringLiteral("language")).toString();
    const QString name = json.value(QStringLiteral("name")).toString();
    if (code.isEmpty())
        return QCoreApplication::translate("Care::Gui::TriageRulesEditor", "Rule set %1").arg(index + 1);
    return name.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(name, code);
}

QByteArray newLanguageTemplate()
{
    return QByteArrayLiteral(R"({
 "format": "care-triage-rules",
 "version": 1,
 "language": "xx",
 "name": "New language",
 "time_sensitive_threshold": 2,
 "stopwords": [],
 "signals": {
  "time_sensitive": [],
  "service_loss": [],
  "negative": []
 }
}
)");
}

} // namespace

TriageRulesEditor::TriageRulesEditor(QWidget *parent)
    : QWidget(parent)
    , m_language(new QComboBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_sample(new QLineEdit(this))
    , m_result(new QLabel(this))
    , m_checkDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("triageRulesEditor"));
    m_language->setObjectName(QStringLiteral("triageLanguage"));
    m_text->setObjectName(QStringLiteral("triageText"));
    m_status->setObjectName(QStringLiteral("triageStatus"));
    m_sample->setObjectName(QStringLiteral("triageSample"));
    m_result->setObjectName(QStringLiteral("triageResult"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText); // quotes customer text
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sample->setPlaceholderText(tr("Try a message, e.g. “my flight leaves tonight and I can't log in”"));
    m_sample->setClearButtonEnabled(true);

    auto *add = new QPushButton(tr("Add &language"), this);
    auto *remove = new QPushButton(tr("Remove language"), this);
    auto *restore = new QPushButton(tr("Restore &bundled rules"), this);
    restore->setObjectName(QStringLiteral("triageRestore"));
    auto *top = new QHBoxLayout;
    auto *languageLabelWidget = new QLabel(tr("L&anguage"), this);
    languageLabelWidget->setBuddy(m_language);
    top->addWidget(languageLabelWidget);
    top->addWidget(m_language, 1);
    top->addWidget(add);
    top->addWidget(remove);
    top->addWidget(restore);

    auto *note = new QLabel(tr("Patterns are regular expressions matched as whole words. Follower counts, verification "
                               "badges and other signs of influence never raise urgency: rules that would are refused. "
                               "New rules apply to messages arriving after saving."),
                            this);
    note->setWordWrap(true);
    auto *tryRow = new QFormLayout;
    tryRow->addRow(tr("&Try"), m_sample);
    tryRow->addRow(m_result);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    layout->addWidget(note);
    layout->addLayout(tryRow);

    m_checkDelay->setSingleShot(true);
    m_checkDelay->setInterval(300);
    connect(m_checkDelay, &QTimer::timeout, this, &TriageRulesEditor::check);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_modified = true;
        m_checkDelay->start();
        emit changed();
    });
    connect(m_language, &QComboBox::currentIndexChanged, this, &TriageRulesEditor::showDocument);
    connect(m_sample, &QLineEdit::textChanged, this, &TriageRulesEditor::tryMessage);
    connect(add, &QPushButton::clicked, this, [this] {
        storeCurrent();
        m_documents << newLanguageTemplate();
        m_modified = true;
        reloadLanguages(int(m_documents.size()) - 1);
        m_text->setFocus();
        emit changed();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_current < 0 || m_documents.size() <= 1)
            return;
        const int index = m_current;
        m_current = -1;
        m_documents.removeAt(index);
        m_modified = true;
        reloadLanguages(std::max(0, index - 1));
        emit changed();
    });
    connect(restore, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Restore bundled rules"),
                                  tr("Replace every language's rules with the bundled ones? Your edits are lost."))
            != QMessageBox::Yes)
            return;
        m_current = -1;
        m_documents = m_bundled;
        m_modified = true;
        reloadLanguages(0);
        emit changed();
    });
}

TriageRulesEditor::~TriageRulesEditor() = default;

void TriageRulesEditor::setDocuments(const QList<QByteArray> &documents, const QList<QByteArray> &bundled)
{
    m_documents = documents;
    m_bundled = bundled;
    m_current = -1;
    // The fallback language first: English, where the full rule set is.
    int english = 0;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (QJsonDocument::fromJson(documents.at(i)).object().value(QStringLiteral("language")).toString()
            == QLatin1String("en"))
            english = int(i);
    }
    reloadLanguages(english);
    m_modified = false;
}

void TriageRulesEditor::reloadLanguages(int select)
{
    m_loading = true;
    m_language->clear();
    for (qsizetype i = 0; i < m_documents.size(); ++i)
        m_language->addItem(languageLabel(m_documents.at(i), int(i)));
    m_loading = false;
    m_current = -1;
    m_language->setCurrentIndex(select);
    showDocument(m_language->currentIndex());
}

void TriageRulesEditor::showDocument(int index)
{
    if (m_loading)
        return;
    storeCurrent();
    m_current = index;
    m_loading = true;
    m_text->setPlainText(index >= 0 && index < m_documents.size() ? QString::fromUtf8(m_documents.at(index)) : QString());
    m_loading = false;
    check();
}

void TriageRulesEditor::storeCurrent()
{
    if (m_current >= 0 && m_current < m_documents.size())
        m_documents[m_current] = m_text->toPlainText().toUtf8();
}

QList<QByteArray> TriageRulesEditor::documents() const
{
    QList<QByteArray> documents = m_documents;
    if (m_current >= 0 && m_current < documents.size())
        documents[m_current] = m_text->toPlainText().toUtf8();
    return documents;
}

Core::Result<Core::TriageRules> TriageRulesEditor::rules() const
{
    return Store::WorkspaceSettings::rulesFromDocuments(documents());
}

void TriageRulesEditor::check()
{
    const auto result = rules();
    m_classifier = result ? std::make_unique<Core::UrgencyClassifier>(result.value()) : nullptr;
    if (result) {
        m_status->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        m_status->setText(tr("All valid: %1 rules; languages %2.")
                              .arg(result->ruleCount())
                              .arg(result->languageCodes().join(QStringLiteral(", "))));
        if (m_current >= 0 && m_current < m_documents.size()) {
            storeCurrent();
            if (QString label = languageLabel(m_documents.at(m_current), m_current); label != m_language->itemText(m_current))
                m_language->setItemText(m_current, label);
        }
    } else {
        m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
        m_status->setText(result.error().fullText());
    }
    tryMessage(m_sample->text());
}

void TriageRulesEditor::tryMessage(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_result->clear();
        return;
    }
    if (m_checkDelay->isActive()) { // the rules changed since the last check
        m_checkDelay->stop();
        check();
        return;
    }
    if (!m_classifier) {
        m_result->setText(tr("Fix the rules to try them."));
        return;
    }
    const Core::Triage triage = m_classifier->classify(text, QDateTime::currentDateTimeUtc());
    QString summary = tr("Urgency: %1 · sentiment: %2 · language: %3")
                          .arg(Core::priorityDisplayName(triage.urgency), Core::sentimentId(triage.sentiment),
                               triage.language);
    if (!triage.reasons.isEmpty())
        summary += QLatin1Char('\n') + triage.reasons.join(QLatin1Char('\n'));
    if (!triage.matchedRules.isEmpty())
        summary += QLatin1Char('\n') + tr("Rules: %1").arg(triage.matchedRules.join(QStringLiteral(", ")));
    m_result->setText(summary);
}

} // namespace Care::Gui
