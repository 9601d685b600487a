#include "core/Account.h"

namespace Care::Core {

QString accountLabel(const Account &account)
{
    const bool byName = account.platform == Platform::Facebook || account.platform == Platform::Blog;
    const QString shown = byName && !account.name.trimmed().isEmpty() ? account.name.trimmed() : account.handle;
    return platformDisplayName(account.platform) + QLatin1Char(' ') + shown;
}

} // namespace Care::Core
