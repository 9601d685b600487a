#pragma once

#include <QWidget>
#include <array>

namespace Care::Gui {

// Inbound volume by weekday (rows, Monday first) and hour of the day (columns), painted as
// cells whose colour deepens with the count. Hours outside the team's staffed hours are
// hatched, so a lead sees where customers write while nobody is on duty.
class VolumeHeatmap : public QWidget
{
    Q_OBJECT

public:
    using Grid = std::array<std::array<int, 24>, 7>;

    explicit VolumeHeatmap(QWidget *parent = nullptr);

    void setData(const Grid &volume, const std::array<std::array<bool, 24>, 7> &staffed);
    int count(int weekday, int hour) const { return m_volume[size_t(weekday)][size_t(hour)]; }
    bool staffed(int weekday, int hour) const { return m_staffed[size_t(weekday)][size_t(hour)]; }
    // The cell under a point in widget coordinates; false outside the grid.
    bool cellAt(const QPoint &pos, int *weekday, int *hour) const;
    QRect cellRect(int weekday, int hour) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellClicked(int weekday, int hour); // weekday 0 = Monday

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect gridRect() const;

    Grid m_volume {};
    std::array<std::array<bool, 24>, 7> m_staffed {};
    int m_max = 0;
};

} // namespace Care::Gui
