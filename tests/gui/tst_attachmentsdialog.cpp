// A customer's e-mail's attachments in the console: the transcript offers "Save attachments…" under
// an e-mail that lists them (keyboard reachable), the dialog lists name, type and size, and saves
// the selected one byte for byte where the agent says, written off the GUI thread, readable only
// by its owner; a hostile name ("../../etc/passwd", a right-to-left override) ends up a harmless
// name inside the folder, and an existing file is never replaced by the suggestion.
#include "core/SafeFileName.h"
#include "gui/AttachmentsDialog.h"
#include "gui/FileDialog.h"
#include "gui/TranscriptView.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Care;
using Care::Gui::AttachmentsDialog;
using Care::Gui::FileDialog;

namespace {

Sync::MailAttachment attachment(const QString &name, const QString &type, const QByteArray &data)
{
    return Sync::MailAttachment{name, type, data.size(), data};
}

QByteArray randomBytes(int size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (char &c : out)
        c = char(QRandomGenerator::global()->bounded(256));
    return out;
}

Store::TranscriptEntry entry(qint64 id, Core::Platform platform, const QString &body)
{
    Store::TranscriptEntry e;
    e.message.id = id;
    e.message.conversationId = 1;
    e.message.direction = Core::Direction::Inbound;
    e.message.visibility = Core::Visibility::Private;
    e.message.authorName = QStringLiteral("Dana");
    e.message.body = body;
    e.message.createdAt = QDateTime(QDate(2026, 11, 28), QTime(10, 0), Qt::UTC);
    e.platform = platform;
    e.accountName = QStringLiteral("support@care.test");
    return e;
}

} // namespace

class TestAttachmentsDialog : public QObject
{
    Q_OBJECT

private:
    // Saves the current row as an agent would: Enter on the list, then Enter in the file dialog
    // (its suggestion taken); the saved path, empty when nothing was saved.
    QString saveWithKeyboard(AttachmentsDialog &dialog)
    {
        QString suggested;
        FileDialog::setNextSaveAnswer([&suggested](const QString &s) {
            suggested = s;
            return s;
        });
        QSignalSpy saved(&dialog, &AttachmentsDialog::saved);
        QTest::keyClick(dialog.list(), Qt::Key_Return);
        if (!saved.wait(5000) && saved.isEmpty())
            return {};
        QTest::qWait(50); // a second Enter (the default button) must not save twice
        return saved.size() == 1 && saved.first().first().toString() == suggested ? suggested : QStringLiteral("(twice)");
    }

private slots:
    void namesAreMadeHarmless()
    {
        const QString fallback = QStringLiteral("attachment-1");
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("../../etc/passwd"), fallback), QStringLiteral("passwd"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("..\\..\\boot.ini"), fallback), QStringLiteral("boot.ini"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("evil\u202Etxt.exe"), fallback), QStringLiteral("eviltxt.exe"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral(".bashrc"), fallback), QStringLiteral("bashrc"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("in\x01voi\nce:1?.pdf"), fallback), QStringLiteral("invoice1.pdf"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("-rf.txt"), fallback), QStringLiteral("rf.txt"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral(".."), fallback), fallback);
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("/"), fallback), fallback);
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("\u200B\u202E.pdf"), fallback), QStringLiteral("pdf"));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("\u202E\u200B"), fallback), fallback);
        const QString longName = QString(300, QLatin1Char('a')) + QStringLiteral(".pdf");
        const QString shortened = Core::SafeFileName::sanitised(longName, fallback);
        QVERIFY(shortened.size() <= 120);
        QVERIFY(shortened.endsWith(QLatin1String(".pdf")));
        QCOMPARE(Core::SafeFileName::sanitised(QStringLiteral("Größe 😀.png"), fallback), QStringLiteral("Größe 😀.png"));
    }

    void savesTheSelectedAttachmentByteForByte()
    {
        QTemporaryDir folder;
        const QByteArray pdf = QByteArray("%PDF-1.4\n") + randomBytes(200000) + QByteArray("\n%%EOF\n");
        AttachmentsDialog dialog(7, QStringLiteral("Dana"));
        dialog.setFolder(folder.path());
        dialog.show();
        QVERIFY(!dialog.saveButton()->isEnabled()); // nothing read yet
        dialog.showAttachments(8, {attachment(QStringLiteral("other.pdf"), QStringLiteral("application/pdf"), pdf)}, {});
        QCOMPARE(dialog.list()->topLevelItemCount(), 0); // another message's answer
        dialog.showAttachments(7, {attachment(QStringLiteral("notes.txt"), QStringLiteral("text/plain"), "hi"),
                                   attachment(QStringLiteral("invoice.pdf"), QStringLiteral("application/pdf"), pdf)},
                               {});
        QCOMPARE(dialog.list()->topLevelItemCount(), 2);
        QCOMPARE(dialog.list()->topLevelItem(1)->text(0), QStringLiteral("invoice.pdf"));
        QCOMPARE(dialog.list()->topLevelItem(1)->text(1), QStringLiteral("application/pdf"));
        QVERIFY(!dialog.list()->topLevelItem(1)->text(2).isEmpty());
        QVERIFY(dialog.saveButton()->isEnabled());
        QVERIFY(dialog.list()->hasFocus() || !dialog.isActiveWindow());
        dialog.list()->setCurrentItem(dialog.list()->topLevelItem(1));

        const QString path = saveWithKeyboard(dialog);
        QCOMPARE(path, QDir(folder.path()).filePath(QStringLiteral("invoice.pdf")));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), pdf);
        QCOMPARE(saved.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOwner),
                 QFileDevice::Permissions());
        QVERIFY2(dialog.statusText().contains(QLatin1String("invoice.pdf")), qPrintable(dialog.statusText()));

        // Again: the suggestion never names the existing file; the first stays as it was.
        const QString second = saveWithKeyboard(dialog);
        QCOMPARE(second, QDir(folder.path()).filePath(QStringLiteral("invoice (2).pdf")));
        QFile first(path);
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(first.readAll(), pdf);
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files).size(), 2);

        // The agent cancels the file dialog: nothing is written.
        FileDialog::setNextSaveAnswer([](const QString &) { return QString(); });
        dialog.saveSelected();
        QTRY_VERIFY(dialog.saveButton()->isEnabled());
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files).size(), 2);
    }

    void hostileNamesEndUpHarmless()
    {
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("a/b/downloads")));
        const QString folder = root.filePath(QStringLiteral("a/b/downloads"));
        AttachmentsDialog dialog(9, QStringLiteral("Mallory"));
        dialog.setFolder(folder);
        dialog.show();
        dialog.showAttachments(9, {attachment(QStringLiteral("../../etc/passwd"), QStringLiteral("text/plain"), "root:x:0:0"),
                                   attachment(QStringLiteral("evil\u202Etxt.exe"), QStringLiteral("application/x-msdownload"), "MZ"),
                                   attachment(QStringLiteral(".profile"), QStringLiteral("text/plain"), "export X=1")},
                               {});
        QCOMPARE(dialog.list()->topLevelItem(0)->text(0), QStringLiteral("passwd"));
        QCOMPARE(dialog.list()->topLevelItem(1)->text(0), QStringLiteral("eviltxt.exe")); // shown as what it is
        QVERIFY(dialog.list()->topLevelItem(1)->toolTip(0).contains(QLatin1String("&lt;U+202E&gt;")));
        QCOMPARE(dialog.list()->topLevelItem(2)->text(0), QStringLiteral("profile"));
        for (int row = 0; row < 3; ++row) {
            dialog.list()->setCurrentItem(dialog.list()->topLevelItem(row));
            QVERIFY(!saveWithKeyboard(dialog).isEmpty());
        }
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System),
                 QStringList({QStringLiteral("eviltxt.exe"), QStringLiteral("passwd"), QStringLiteral("profile")}));
        // Nothing outside the folder.
        QCOMPARE(QDir(root.filePath(QStringLiteral("a"))).entryList(QDir::Files | QDir::Hidden), QStringList());
        QVERIFY(!QFile::exists(root.filePath(QStringLiteral("a/etc/passwd"))));
        QFile passwd(QDir(folder).filePath(QStringLiteral("passwd")));
        QVERIFY(passwd.open(QIODevice::ReadOnly));
        QCOMPARE(passwd.readAll(), QByteArray("root:x:0:0"));
    }

    void aFailureIsShownInWords()
    {
        AttachmentsDialog dialog(3, QStringLiteral("Dana"));
        dialog.showAttachments(3, {}, QStringLiteral("The e-mail is no longer in the mailbox INBOX."));
        QVERIFY(dialog.statusText().contains(QLatin1String("no longer in the mailbox")));
        QVERIFY(!dialog.saveButton()->isEnabled());
        AttachmentsDialog none(4, QStringLiteral("Dana"));
        none.showAttachments(4, {}, {});
        QVERIFY(none.statusText().contains(QLatin1String("no attachments")));
    }

    void theTranscriptOffersSavingUnderAnEmailWithAttachments()
    {
        const QString listed = QStringLiteral("Subject: Invoice\n\nThe invoice.\n\nAttachments (not opened; they stay in the mailbox):\n"
                                              "• invoice.pdf (application/pdf, 5.0 KB)");
        const QString bullets = QStringLiteral("My list:\n• kettle (the lid, cracked)\n• mug");
        Gui::TranscriptView view;
        view.resize(600, 400);
        view.show();
        view.setEntries(1, {entry(11, Core::Platform::Email, listed), entry(12, Core::Platform::Email, bullets),
                            entry(13, Core::Platform::Mastodon, listed)},
                        false);
        QVERIFY(view.toHtml().contains(QLatin1String("care-attachments:11")));
        QVERIFY(!view.toHtml().contains(QLatin1String("care-attachments:12"))); // a customer's own bullets
        QVERIFY(!view.toHtml().contains(QLatin1String("care-attachments:13"))); // not an e-mail
        QSignalSpy requested(&view, &Gui::TranscriptView::attachmentsRequested);
        // Keyboard: Tab moves to the link, Enter follows it.
        view.setFocus();
        QTextCursor cursor = view.textCursor();
        cursor.movePosition(QTextCursor::Start);
        view.setTextCursor(cursor);
        QTest::keyClick(&view, Qt::Key_Tab);
        QTest::keyClick(&view, Qt::Key_Return);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(0).toLongLong(), qint64(11));
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("Dana"));
        // A forged link to a message without attachments asks for nothing.
        emit view.anchorClicked(QUrl(QStringLiteral("care-attachments:12")));
        QCOMPARE(requested.size(), 1);
    }
};

QTEST_MAIN(TestAttachmentsDialog)
#include "tst_attachmentsdialog.moc"
