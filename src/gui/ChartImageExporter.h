#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

class QWidget;

namespace Care::Gui {

// Draws a chart widget (a QChartView or any custom-painted widget) with its title onto an image
// or a one-page PDF of a given size, on the GUI thread. Writing the bytes to disk is the
// caller's job (off the GUI thread).
class ChartImageExporter
{
public:
    static QImage image(QWidget *chart, const QString &title, const QSize &size);
    // A PDF document whose page has the aspect of `size` (size in pixels at 96 dpi).
    static QByteArray pdf(QWidget *chart, const QString &title, const QSize &size);
    // An SVG drawing (vector, for documents and slides that scale).
    static QByteArray svg(QWidget *chart, const QString &title, const QSize &size);

private:
    static void paint(QPainter &painter, QWidget *chart, const QString &title, const QRect &target);
};

} // namespace Care::Gui
