#pragma once

// For GUI tests: the store's asynchronous open and jobs, waited for in a local event loop.

#include "store/Store.h"

#include <QEventLoop>
#include <QTimer>
#include <functional>
#include <optional>

namespace Care::Tests {

inline Core::Status openAndWait(Store::Store &store, const Store::DatabaseLocation &location)
{
    QObject context;
    QEventLoop loop;
    std::optional<Core::Status> result;
    store.open(location, &context, [&](Core::Status status) {
        result = status;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    return result.value_or(Core::Error::make(Core::Error::Code::Unknown, QStringLiteral("store open timed out")));
}

template<typename T>
Core::Result<T> runAndWait(Store::Store &store, std::function<Core::Result<T>(Store::Database &)> job)
{
    QObject context;
    QEventLoop loop;
    std::optional<Core::Result<T>> result;
    store.run(&context, std::move(job), [&](Core::Result<T> r) {
        result = std::move(r);
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!result)
        return Core::Error::make(Core::Error::Code::Unknown, QStringLiteral("store job timed out"));
    return *result;
}

} // namespace Care::Tests
