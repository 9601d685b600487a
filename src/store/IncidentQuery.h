#pragma once

#include "core/CrisisMode.h"
#include "core/Result.h"
#include "core/SpikeDetector.h"

#include <QDateTime>
#include <QList>

namespace Care::Store {

class Database;

// What the crisis tools read from the store: spikes of negative messages (SpikeDetector over
// the last hour and the same hour on the previous days; a message counts as negative when its
// conversation's triage says so), and the conversations of a declared incident (open ones
// whose customers' messages of the last days mention its terms).
class IncidentQuery
{
public:
    explicit IncidentQuery(Database &db) : m_db(db) {}

    // The detector's stop words default to those of the triage rules' languages.
    Core::Result<QList<Core::SpikeDetector::Spike>> spikes(const QDateTime &now, Core::SpikeDetector::Config config = {});
    Core::Result<QList<qint64>> crisisConversations(const Core::CrisisMode &crisis, const QDateTime &now, int days = 7);

private:
    Database &m_db;
};

} // namespace Care::Store
