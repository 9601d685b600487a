#pragma once

#include "sync/MailMessage.h"

#include <QDialog>
#include <QList>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace Care::Gui {

// A customer's e-mail's attachments: name, type and size, and "Save…" for the one selected
// (Enter on the list does the same). Nothing is ever opened. The e-mail is read again from the
// support mailbox by the sync worker (`readRequested`, answered with showAttachments); the name
// offered for saving is the sender's made harmless (Core::SafeFileName: no path, no leading dot,
// no control or direction characters, the extension kept) and free in the folder, and the file
// dialog asks before replacing a file the agent picks. The folder is looked at and the bytes are
// written on the thread pool, never on the GUI thread; the file is readable only by its owner.
class AttachmentsDialog : public QDialog
{
    Q_OBJECT

public:
    AttachmentsDialog(qint64 messageId, const QString &from, QWidget *parent = nullptr);

    qint64 messageId() const { return m_messageId; }
    // Where "Save…" proposes to save (the Downloads folder unless set).
    void setFolder(const QString &folder) { m_folder = folder; }
    QTreeWidget *list() const { return m_list; }
    QPushButton *saveButton() const { return m_save; }
    QString statusText() const;

public slots:
    // The sync worker's answer; answers for another message are ignored.
    void showAttachments(qint64 messageId, const QList<Care::Sync::MailAttachment> &attachments, const QString &error);
    void saveSelected();

signals:
    void saved(const QString &path);
    void saveFailed(const QString &message);

private:
    void write(int index, const QString &path);
    void setBusy(bool busy);

    qint64 m_messageId;
    QString m_folder;
    QList<Sync::MailAttachment> m_attachments;
    QTreeWidget *m_list;
    QLabel *m_status;
    QPushButton *m_save;
    bool m_busy = false;
};

} // namespace Care::Gui
