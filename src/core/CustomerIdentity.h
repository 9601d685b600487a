#pragma once

#include "core/Platform.h"

#include <QString>

namespace Care::Core {

// One handle of a customer on one platform (an X user, an e-mail address, a blog author...).
struct CustomerIdentity
{
    qint64 id = 0;
    qint64 customerId = 0;
    Platform platform = Platform::X;
    QString platformUserId; // stable platform id; for e-mail the address, for blogs the site
    QString handle;
    QString displayName;
};

} // namespace Care::Core
