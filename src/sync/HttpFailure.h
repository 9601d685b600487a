#pragma once

#include "core/Error.h"

namespace Care::Sync {

struct HttpResponse;

// Turns a failed HTTP exchange into an error a person can act on, naming the service
// ("social.example") and saying what happens next. `platformMessage` is the platform's own
// error text from the body, when it gave one.
Core::Error describeHttpFailure(const HttpResponse &response, const QString &service,
                                const QString &platformMessage = {});

// The duration for messages such as "retrying in 2 min".
QString describeWait(qint64 ms);

} // namespace Care::Sync
