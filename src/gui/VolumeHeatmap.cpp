#include "gui/VolumeHeatmap.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace Care::Gui {

namespace {
constexpr int kLabelWidth = 44;
constexpr int kHeaderHeight = 18;
constexpr int kLegendHeight = 22;
} // namespace

VolumeHeatmap::VolumeHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("volumeHeatmap"));
    setMouseTracking(true);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
}

void VolumeHeatmap::setData(const Grid &volume, const std::array<std::array<bool, 24>, 7> &staffed)
{
    m_volume = volume;
    m_staffed = staffed;
    m_max = 0;
    for (const auto &row : m_volume)
        for (int value : row)
            m_max = std::max(m_max, value);
    update();
}

QSize VolumeHeatmap::sizeHint() const
{
    return { kLabelWidth + 24 * 26, kHeaderHeight + 7 * 22 + kLegendHeight };
}

QSize VolumeHeatmap::minimumSizeHint() const
{
    return { kLabelWidth + 24 * 14, kHeaderHeight + 7 * 14 + kLegendHeight };
}

QRect VolumeHeatmap::gridRect() const
{
    return QRect(kLabelWidth, kHeaderHeight, width() - kLabelWidth - 6, height() - kHeaderHeight - kLegendHeight);
}

QRect VolumeHeatmap::cellRect(int weekday, int hour) const
{
    const QRect grid = gridRect();
    const int x0 = grid.left() + grid.width() * hour / 24;
    const int x1 = grid.left() + grid.width() * (hour + 1) / 24;
    const int y0 = grid.top() + grid.height() * weekday / 7;
    const int y1 = grid.top() + grid.height() * (weekday + 1) / 7;
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

bool VolumeHeatmap::cellAt(const QPoint &pos, int *weekday, int *hour) const
{
    const QRect grid = gridRect();
    if (!grid.contains(pos) || grid.width() <= 0 || grid.height() <= 0)
        return false;
    *hour = std::clamp((pos.x() - grid.left()) * 24 / grid.width(), 0, 23);
    *weekday = std::clamp((pos.y() - grid.top()) * 7 / grid.height(), 0, 6);
    return true;
}

void VolumeHeatmap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QLocale locale;
    const QColor text(0x33, 0x33, 0x33);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    painter.setFont(small);

    for (int hour = 0; hour < 24; hour += 3) {
        const QRect cell = cellRect(0, hour);
        painter.setPen(text);
        painter.drawText(QRect(cell.left(), 0, cell.width() * 3, kHeaderHeight), Qt::AlignLeft | Qt::AlignVCenter,
            QStringLiteral("%1:00").arg(hour, 2, 10, QLatin1Char('0')));
    }
    for (int day = 0; day < 7; ++day) {
        const QRect cell = cellRect(day, 0);
        painter.setPen(text);
        painter.drawText(QRect(0, cell.top(), kLabelWidth - 6, cell.height()), Qt::AlignRight | Qt::AlignVCenter,
            locale.dayName(day + 1, QLocale::ShortFormat));
        for (int hour = 0; hour < 24; ++hour) {
            const QRect r = cellRect(day, hour);
            const int value = m_volume[size_t(day)][size_t(hour)];
            if (!m_staffed[size_t(day)][size_t(hour)])
                painter.fillRect(r, QBrush(QColor(0xd8, 0xd8, 0xd8), Qt::BDiagPattern));
            if (value > 0 && m_max > 0) {
                QColor fill(0xd0, 0x5a, 0x1c);
                fill.setAlphaF(0.15 + 0.85 * double(value) / m_max);
                painter.fillRect(r, fill);
            }
            painter.setPen(QColor(0xe6, 0xe6, 0xe6));
            painter.drawRect(r);
            if (value > 0 && r.width() >= 14) {
                painter.setPen(double(value) / m_max > 0.55 ? Qt::white : text);
                painter.drawText(r, Qt::AlignCenter, QString::number(value));
            }
        }
    }
    const int legendTop = height() - kLegendHeight + 4;
    const QRect swatch(kLabelWidth, legendTop + 2, 14, 12);
    painter.fillRect(swatch, QBrush(QColor(0xb0, 0xb0, 0xb0), Qt::BDiagPattern));
    painter.setPen(QColor(0xb0, 0xb0, 0xb0));
    painter.drawRect(swatch);
    painter.setPen(text);
    painter.drawText(QRect(swatch.right() + 6, legendTop, width() - swatch.right() - 12, kLegendHeight - 4),
        Qt::AlignLeft | Qt::AlignVCenter,
        tr("outside staffed hours · darker: more customer messages · click a cell to open them"));
}

void VolumeHeatmap::mouseReleaseEvent(QMouseEvent *event)
{
    int day = 0;
    int hour = 0;
    if (event->button() == Qt::LeftButton && cellAt(event->position().toPoint(), &day, &hour))
        emit cellClicked(day, hour);
    QWidget::mouseReleaseEvent(event);
}

bool VolumeHeatmap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        int day = 0;
        int hour = 0;
        if (cellAt(help->pos(), &day, &hour)) {
            const QLocale locale;
            const int value = m_volume[size_t(day)][size_t(hour)];
            QToolTip::showText(help->globalPos(),
                tr("%1 %2:00–%3:00: %4 customer messages%5")
                    .arg(locale.dayName(day + 1))
                    .arg(hour, 2, 10, QLatin1Char('0'))
                    .arg((hour + 1) % 24, 2, 10, QLatin1Char('0'))
                    .arg(value)
                    .arg(m_staffed[size_t(day)][size_t(hour)] ? QString() : tr(" (outside staffed hours)")),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace Care::Gui
