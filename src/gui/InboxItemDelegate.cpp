#include "gui/InboxItemDelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QHash>
#include <QPainter>
#include <QStaticText>
#include <QStyle>

namespace Care::Gui {

namespace {

// A list shows about forty rows of ten cells; a few thousand kept texts cover the screens an
// agent pages through and the values that repeat, and clearing them all now and then keeps
// the memory bounded without bookkeeping per entry.
constexpr qsizetype kMaxKept = 4096;

struct Key
{
    QString text;
    QString font;
    int width = 0;
    int elide = 0;
    int direction = 0;

    bool operator==(const Key &other) const
    {
        return width == other.width && elide == other.elide && direction == other.direction && text == other.text
            && font == other.font;
    }
};

size_t qHash(const Key &key, size_t seed = 0)
{
    return qHashMulti(seed, key.text, key.font, key.width, key.elide, key.direction);
}

} // namespace

struct InboxItemDelegate::Cache
{
    QHash<Key, QStaticText> texts;
    QFont font; // the last cell's font and its key (QFont::key() builds a string)
    QString fontKey;

    const QString &keyOf(const QFont &f)
    {
        if (fontKey.isEmpty() || !(f == font)) {
            font = f;
            fontKey = f.key();
        }
        return fontKey;
    }
};

InboxItemDelegate::InboxItemDelegate(QObject *parent) : QStyledItemDelegate(parent), m_cache(std::make_unique<Cache>()) {}

InboxItemDelegate::~InboxItemDelegate() = default;

int InboxItemDelegate::keptTexts() const
{
    return static_cast<int>(m_cache->texts.size());
}

void InboxItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QString text = opt.text;
    // The background, selection and focus as the style draws them; the text is drawn below.
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;

    // The margins the style gives an item's text (QCommonStyle's viewItemDrawText).
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect rect = opt.rect.adjusted(margin, 0, -margin, 0);
    if (rect.width() <= 0)
        return;
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    const Key key{text, m_cache->keyOf(opt.font), rect.width(), int(opt.textElideMode), int(opt.direction)};
    auto kept = m_cache->texts.constFind(key);
    if (kept == m_cache->texts.cend()) {
        if (m_cache->texts.size() >= kMaxKept)
            m_cache->texts.clear();
        const QFontMetrics metrics(opt.font);
        QStaticText shaped(metrics.elidedText(text, opt.textElideMode, rect.width()));
        shaped.setTextFormat(Qt::PlainText); // customer text is never markup
        QTextOption textOption;
        textOption.setWrapMode(QTextOption::NoWrap);
        textOption.setTextDirection(opt.direction);
        shaped.setTextOption(textOption);
        shaped.prepare(QTransform(), opt.font);
        kept = m_cache->texts.insert(key, shaped);
    }
    const QStaticText &shaped = kept.value();

    QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QPalette::ColorRole role = (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;

    const Qt::Alignment align = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    const QSizeF size = shaped.size();
    qreal x = rect.left();
    if (align & Qt::AlignRight)
        x = rect.right() + 1 - size.width();
    else if (align & Qt::AlignHCenter)
        x = rect.left() + (rect.width() - size.width()) / 2;
    qreal y = rect.top() + (rect.height() - size.height()) / 2;
    if (align & Qt::AlignTop)
        y = rect.top();
    else if (align & Qt::AlignBottom)
        y = rect.bottom() + 1 - size.height();

    painter->save();
    painter->setClipRect(opt.rect, Qt::IntersectClip);
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, role));
    painter->drawStaticText(QPointF(x, y), shaped);
    painter->restore();
}

} // namespace Care::Gui
