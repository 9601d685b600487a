#pragma once

#include <QString>

namespace Care::Gui {

// Customer text is data, never markup: every character is escaped, line breaks are kept,
// and only http(s) and mailto links become clickable. No image or other resource can appear.
QString customerTextToHtml(const QString &text);

} // namespace Care::Gui
