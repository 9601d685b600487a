// The inbox's delegate: customer text painted as typed (never markup), elided inside its cell,
// in the colours the model and the selection ask for, and shaped once however often it is
// painted.
#include "gui/InboxItemDelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>

#include <cstdlib>

using Care::Gui::InboxItemDelegate;

class TestInboxItemDelegate : public QObject
{
    Q_OBJECT

    QStandardItemModel m_model;
    InboxItemDelegate m_delegate;
    const QSize kImage{400, 24};

    QModelIndex cell(const QString &text, const QBrush &foreground = {})
    {
        auto *item = new QStandardItem(text);
        if (foreground.style() != Qt::NoBrush)
            item->setForeground(foreground);
        m_model.appendRow(item);
        return m_model.index(m_model.rowCount() - 1, 0);
    }

    // The cell painted at (0, 0) with the given width, on a white image as wide as kImage.
    QImage paint(const QModelIndex &index, int width, QStyle::State extra = {}, const QPalette &palette = QPalette())
    {
        QImage image(kImage, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.rect = QRect(0, 0, width, kImage.height());
        option.state = QStyle::State_Enabled | QStyle::State_Active | extra;
        option.palette = palette;
        option.font = QApplication::font();
        option.fontMetrics = QFontMetrics(option.font);
        option.displayAlignment = Qt::AlignLeft | Qt::AlignVCenter;
        option.textElideMode = Qt::ElideRight;
        m_delegate.paint(&painter, option, index);
        return image;
    }

    // The columns where something other than the background was painted: first and last.
    static std::pair<int, int> inkColumns(const QImage &image, const QColor &background)
    {
        int first = -1, last = -1;
        for (int x = 0; x < image.width(); ++x) {
            for (int y = 0; y < image.height(); ++y) {
                if (image.pixelColor(x, y) != background) {
                    if (first < 0)
                        first = x;
                    last = x;
                    break;
                }
            }
        }
        return {first, last};
    }

    // How many pixels are close to this colour (anti-aliasing blends the rest).
    static int pixelsNear(const QImage &image, const QColor &colour)
    {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (std::abs(c.red() - colour.red()) < 40 && std::abs(c.green() - colour.green()) < 40
                    && std::abs(c.blue() - colour.blue()) < 40)
                    ++n;
            }
        return n;
    }

private slots:
    void markupIsPaintedAsTyped()
    {
        const QString typed = QStringLiteral("<b>Bold</b> &amp; co");
        const QImage image = paint(cell(typed), kImage.width());
        const auto [first, last] = inkColumns(image, Qt::white);
        QVERIFY(first >= 0);
        const QFontMetrics plain(QApplication::font());
        QFont bold = QApplication::font();
        bold.setBold(true);
        const int asMarkup = QFontMetrics(bold).horizontalAdvance(QStringLiteral("Bold & co"));
        const int asTyped = plain.horizontalAdvance(typed);
        QVERIFY2(asTyped > asMarkup + 20, "the sample must tell the two apart");
        // The ink spans the typed characters, tags and entity included.
        QVERIFY2(last - first > asTyped - 8, qPrintable(QStringLiteral("ink %1 px, typed %2 px, as markup %3 px")
                                                            .arg(last - first).arg(asTyped).arg(asMarkup)));
    }

    void longTextIsElidedInsideItsCell()
    {
        const QString text = QStringLiteral("The flight was cancelled and nobody at the gate could tell us when "
                                            "the next one leaves, or whether the hotel is covered");
        const int width = 160;
        const QImage image = paint(cell(text), width);
        const auto [first, last] = inkColumns(image, Qt::white);
        QVERIFY(first >= 0);
        QVERIFY2(last < width, qPrintable(QStringLiteral("ink up to %1, cell %2 px").arg(last).arg(width)));
        // The same pixels as the text elided beforehand and painted where it fits.
        const int margin = QApplication::style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
        const QString elided = QFontMetrics(QApplication::font()).elidedText(text, Qt::ElideRight, width - 2 * margin);
        QVERIFY(elided.endsWith(QChar(0x2026)));
        const QImage reference = paint(cell(elided), kImage.width());
        QCOMPARE(image.copy(0, 0, width, kImage.height()), reference.copy(0, 0, width, kImage.height()));
    }

    void coloursFollowTheModelAndTheSelection()
    {
        const QColor green(0, 160, 0);
        const QImage coloured = paint(cell(QStringLiteral("29 min over"), QBrush(green)), kImage.width());
        QVERIFY(pixelsNear(coloured, green) > 10);

        QPalette palette;
        palette.setColor(QPalette::Highlight, QColor(0, 0, 200));
        palette.setColor(QPalette::HighlightedText, QColor(255, 255, 0));
        const QImage selected = paint(cell(QStringLiteral("Dana Whitfield")), kImage.width(), QStyle::State_Selected, palette);
        QVERIFY2(pixelsNear(selected, QColor(255, 255, 0)) > 10, "selected text in the highlighted-text colour");
        const QImage unselected = paint(cell(QStringLiteral("Dana Whitfield")), kImage.width(), {}, palette);
        QCOMPARE(pixelsNear(unselected, QColor(255, 255, 0)), 0);
    }

    void aTextIsShapedOnceHoweverOftenItIsPainted()
    {
        const QModelIndex open = cell(QStringLiteral("Open"));
        const QModelIndex openAgain = cell(QStringLiteral("Open"));
        const QModelIndex resolved = cell(QStringLiteral("Resolved"));
        const int before = m_delegate.keptTexts();
        for (int i = 0; i < 10; ++i) {
            paint(open, 120);
            paint(openAgain, 120);
        }
        QCOMPARE(m_delegate.keptTexts(), before + 1);
        paint(open, 200); // a wider column elides differently
        QCOMPARE(m_delegate.keptTexts(), before + 2);
        paint(resolved, 120);
        QCOMPARE(m_delegate.keptTexts(), before + 3);
        // And what is kept draws the same pixels as the first paint.
        QCOMPARE(paint(open, 120), paint(openAgain, 120));
    }
};

QTEST_MAIN(TestInboxItemDelegate)
#include "tst_inboxitemdelegate.moc"
