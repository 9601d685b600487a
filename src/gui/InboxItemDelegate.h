#pragma once

#include <QStyledItemDelegate>

#include <memory>

namespace Care::Gui {

// Paints the inbox's cells with text shaped once and kept. The standard delegate lays a cell's
// text out three times on every paint (to size it, to elide it and to draw it), and shaping was
// most of the time an inbox page took to appear after a filter change. Here a cell's text is
// elided and shaped once into a QStaticText, kept by its text, width and font: the values that
// repeat down the list (channels, statuses, urgency, durations, agents, tags) are shaped once
// for the whole list, and repaints (the clock's minute, scrolling back) shape nothing.
// The text is always plain: customer names and previews are never read as markup.
class InboxItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit InboxItemDelegate(QObject *parent = nullptr);
    ~InboxItemDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // How many shaped texts are kept (tests and the benchmark's log).
    int keptTexts() const;

private:
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

} // namespace Care::Gui
