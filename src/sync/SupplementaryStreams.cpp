#include "sync/SupplementaryStreams.h"

#include <QCoreApplication>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::SupplementaryStreams)
};

using Code = Core::Error::Code;

} // namespace

SupplementaryStreams::SupplementaryStreams(const QLoggingCategory &category)
    : m_category(category)
{
}

Core::Status SupplementaryStreams::take(const Core::Status &status, const QString &stream, const QString &what)
{
    if (status)
        return status;
    const Core::Error &error = status.error();
    if (error.code == Code::RateLimited || error.code == Code::TokenRevoked || error.code == Code::QueryFailed
        || error.code == Code::ConnectionLost)
        return status;
    qCWarning(m_category) << "skipped" << stream << "this time:" << error.message << error.detail;
    m_leftOut << Strings::tr("%1 were not read: %2").arg(what, error.fullText());
    return {};
}

} // namespace Care::Sync
