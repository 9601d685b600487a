#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Going off shift (Conversation → Hand off my conversations…): every open conversation
// assigned to me goes to a named colleague or back to the team, each with the same note
// ("Waiting for the courier's answer, promised an update by 18:00") in its transcript.
class HandOffDialog : public QDialog
{
    Q_OBJECT

public:
    HandOffDialog(Store::Store *store, const QString &agentId, QWidget *parent = nullptr);

    void load();
    QComboBox *recipient() const { return m_to; }
    QPlainTextEdit *note() const { return m_note; }

signals:
    // After the hand-off: how many conversations went to whom, in words.
    void handedOff(const QString &message);

private:
    void handOff();

    Store::Store *m_store;
    QString m_agentId;
    QLabel *m_summary;
    QComboBox *m_to;
    QPlainTextEdit *m_note;
    QDialogButtonBox *m_buttons;
};

} // namespace Care::Gui
