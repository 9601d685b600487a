#include "gui/AttachmentsDialog.h"

#include "core/SafeFileName.h"
#include "gui/FileDialog.h"
#include "sync/EmailAttachments.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

// Runs `work` on the thread pool and `done` with its result on the GUI thread, while `guard` lives.
template <typename T>
void offThread(QObject *guard, std::function<T()> work, std::function<void(const T &)> done)
{
    QPointer<QObject> alive(guard);
    QThreadPool::globalInstance()->start([alive, work = std::move(work), done = std::move(done)] {
        const T result = work();
        QMetaObject::invokeMethod(QCoreApplication::instance(), [alive, done, result] {
            if (alive)
                done(result);
        });
    });
}

// The name as the sender wrote it, with characters one cannot see (direction overrides, controls)
// spelled out: "evil\u202Etxt.exe" shows as "evil<U+202E>txt.exe".
QString spelledOut(const QString &name)
{
    QString out;
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Format || c.category() == QChar::Other_Control)
            out += QStringLiteral("<U+%1>").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
        else
            out += c;
    }
    return out;
}

} // namespace

AttachmentsDialog::AttachmentsDialog(qint64 messageId, const QString &from, QWidget *parent)
    : QDialog(parent)
    , m_messageId(messageId)
    , m_folder(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
    , m_list(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save…"), this))
{
    setObjectName(QStringLiteral("attachmentsDialog"));
    setWindowTitle(tr("Attachments"));
    auto *intro = new QLabel(tr("Attachments of the e-mail from %1. They are never opened here; save one and "
                                "check it before you open it.")
                                 .arg(from),
                             this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("attachmentsList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Name"), tr("Type"), tr("Size")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->setAccessibleName(tr("Attachments"));
    m_status->setObjectName(QStringLiteral("attachmentsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setText(tr("Reading the e-mail from the mailbox…"));
    m_save->setObjectName(QStringLiteral("saveAttachment"));
    m_save->setEnabled(false);
    m_save->setDefault(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &AttachmentsDialog::saveSelected);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { saveSelected(); });
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] { setBusy(m_busy); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(640, 320);
}

QString AttachmentsDialog::statusText() const
{
    return m_status->text();
}

void AttachmentsDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_save->setEnabled(!busy && m_list->currentItem());
}

void AttachmentsDialog::showAttachments(qint64 messageId, const QList<Sync::MailAttachment> &attachments, const QString &error)
{
    if (messageId != m_messageId)
        return;
    m_attachments = attachments;
    m_list->clear();
    const QLocale locale;
    for (int i = 0; i < attachments.size(); ++i) {
        const Sync::MailAttachment &a = attachments.at(i);
        auto *item = new QTreeWidgetItem(m_list, {Sync::EmailAttachments::fileNameFor(a, i + 1), a.mimeType,
                                                  locale.formattedDataSize(a.size)});
        item->setToolTip(0, QStringLiteral("<qt>") + tr("Sent as: %1").arg(spelledOut(a.fileName)).toHtmlEscaped());
        item->setData(0, Qt::UserRole, i);
    }
    if (!error.isEmpty())
        m_status->setText(tr("The attachments could not be read: %1").arg(error));
    else if (attachments.isEmpty())
        m_status->setText(tr("This e-mail has no attachments."));
    else
        m_status->setText(tr("%n attachment(s) in this e-mail.", nullptr, int(attachments.size())));
    if (m_list->topLevelItemCount() > 0) {
        m_list->setCurrentItem(m_list->topLevelItem(0));
        m_list->setFocus();
    }
    setBusy(false);
}

void AttachmentsDialog::saveSelected()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (m_busy || !item)
        return;
    const int index = item->data(0, Qt::UserRole).toInt();
    if (index < 0 || index >= m_attachments.size())
        return;
    setBusy(true);
    const QString name = Sync::EmailAttachments::fileNameFor(m_attachments.at(index), index + 1);
    const QString folder = m_folder;
    // The folder is looked at off the GUI thread (a network home can be slow); one that does not
    // exist (no Downloads folder) is the home folder.
    offThread<QString>(
        this,
        [folder, name] {
            const QDir dir(QDir(folder).exists() ? folder : QDir::homePath());
            return dir.filePath(Core::SafeFileName::freeIn(dir, name));
        },
        [this, index](const QString &suggested) {
            const QString path = FileDialog::saveFileName(this, tr("Save attachment"), suggested, QString());
            if (path.isEmpty()) {
                setBusy(false);
                return;
            }
            m_folder = QFileInfo(path).absolutePath();
            write(index, path);
        });
}

void AttachmentsDialog::write(int index, const QString &path)
{
    const QByteArray data = m_attachments.at(index).data;
    m_status->setText(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));
    offThread<QString>(
        this,
        [data, path]() -> QString {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
                return file.errorString().isEmpty() ? QStringLiteral("?") : file.errorString();
            QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            return QString();
        },
        [this, path](const QString &error) {
            setBusy(false);
            const QString shown = QDir::toNativeSeparators(path);
            if (!error.isEmpty()) {
                const QString message = tr("%1 could not be written: %2").arg(shown, error);
                m_status->setText(message);
                emit saveFailed(message);
                return;
            }
            m_status->setText(tr("Saved to %1. It was not opened.").arg(shown));
            emit saved(path);
        });
}

} // namespace Care::Gui
