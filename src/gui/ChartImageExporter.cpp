#include "gui/ChartImageExporter.h"

#include <QBuffer>
#include <QChartView>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace Care::Gui {

void ChartImageExporter::paint(QPainter &painter, QWidget *chart, const QString &title, const QRect &target)
{
    painter.fillRect(target, Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = chart->font();
    font.setBold(true);
    font.setPixelSize(std::max(12, target.height() / 30));
    painter.setFont(font);
    painter.setPen(Qt::black);
    const int titleHeight = QFontMetrics(font).height() * 2;
    painter.drawText(QRect(target.left() + 8, target.top(), target.width() - 16, titleHeight),
        Qt::AlignLeft | Qt::AlignVCenter, title);
    const QRect area(target.left(), target.top() + titleHeight, target.width(), target.height() - titleHeight);
    if (area.height() <= 0 || chart->width() <= 0 || chart->height() <= 0)
        return;
    if (auto *view = qobject_cast<QChartView *>(chart)) {
        // Scene rendering stays sharp (and vector in PDF) at any size.
        const QRect source = view->viewport()->rect();
        const QSize fitted = source.size().scaled(area.size(), Qt::KeepAspectRatio);
        const QRect centred(area.left() + (area.width() - fitted.width()) / 2,
            area.top() + (area.height() - fitted.height()) / 2, fitted.width(), fitted.height());
        view->render(&painter, QRectF(centred), source, Qt::KeepAspectRatio);
        return;
    }
    const double scale = std::min(double(area.width()) / chart->width(), double(area.height()) / chart->height());
    painter.save();
    painter.translate(area.left() + (area.width() - chart->width() * scale) / 2,
        area.top() + (area.height() - chart->height() * scale) / 2);
    painter.scale(scale, scale);
    chart->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.restore();
}

QImage ChartImageExporter::image(QWidget *chart, const QString &title, const QSize &size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    paint(painter, chart, title, image.rect());
    painter.end();
    return image;
}

QByteArray ChartImageExporter::pdf(QWidget *chart, const QString &title, const QSize &size)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(96);
        writer.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / 96.0, size.height() * 72.0 / 96.0), QPageSize::Point,
            QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Care Console"));
        QPainter painter(&writer);
        paint(painter, chart, title, QRect(QPoint(0, 0), size));
    }
    return bytes;
}

QByteArray ChartImageExporter::svg(QWidget *chart, const QString &title, const QSize &size)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(title);
        generator.setDescription(QStringLiteral("Care Console"));
        QPainter painter(&generator);
        paint(painter, chart, title, QRect(QPoint(0, 0), size));
    }
    return bytes;
}

} // namespace Care::Gui
