#pragma once

#include "core/Result.h"
#include "core/TriageRules.h"

#include <QByteArray>
#include <QList>
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;

namespace Care::Core {
class UrgencyClassifier;
}

namespace Care::Gui {

// The lead's editor for the urgency triage rules: one JSON document per language (the format
// TriageRules documents), checked as it is typed, and a line to try a message against the
// rules as edited — the decision with its reasons, before anything is saved.
class TriageRulesEditor : public QWidget
{
    Q_OBJECT

public:
    explicit TriageRulesEditor(QWidget *parent = nullptr);
    ~TriageRulesEditor() override;

    void setDocuments(const QList<QByteArray> &documents, const QList<QByteArray> &bundled);
    QList<QByteArray> documents() const;
    // The edited rules, or the first problem (naming the language).
    Core::Result<Core::TriageRules> rules() const;
    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

    // For tests and the lead: classify `text` with the rules as edited.
    void tryMessage(const QString &text);

signals:
    void changed();

private:
    void showDocument(int index);
    void storeCurrent();
    void reloadLanguages(int select);
    void check();

    QList<QByteArray> m_documents;
    QList<QByteArray> m_bundled;
    int m_current = -1;
    bool m_loading = false;
    bool m_modified = false;

    QComboBox *m_language;
    QPlainTextEdit *m_text;
    QLabel *m_status;
    QLineEdit *m_sample;
    QLabel *m_result;
    QTimer *m_checkDelay;
    std::unique_ptr<Core::UrgencyClassifier> m_classifier; // the rules as last checked, when valid
};

} // namespace Care::Gui
