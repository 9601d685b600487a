#include "gui/SafeText.h"

#include <QRegularExpression>

namespace Care::Gui {

QString customerTextToHtml(const QString &text)
{
    static const QRegularExpression link(
        QStringLiteral(R"((https?://[^\s<>"']+[^\s<>"'.,;:!?)\]]|mailto:[^\s<>"']+))"),
        QRegularExpression::CaseInsensitiveOption);
    QString html;
    qsizetype last = 0;
    auto it = link.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        html += text.mid(last, match.capturedStart() - last).toHtmlEscaped();
        const QString url = match.captured(0);
        html += QStringLiteral("<a href=\"") + url.toHtmlEscaped() + QStringLiteral("\">") + url.toHtmlEscaped()
                + QStringLiteral("</a>");
        last = match.capturedEnd();
    }
    html += text.mid(last).toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return html;
}

} // namespace Care::Gui
