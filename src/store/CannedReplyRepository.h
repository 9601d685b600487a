#pragma once

#include "core/CannedReply.h"
#include "core/Result.h"

#include <QList>

namespace Care::Store {

class Database;

class CannedReplyRepository
{
public:
    explicit CannedReplyRepository(Database &db) : m_db(db) {}

    Core::Status upsert(const Core::CannedReply &reply);
    Core::Result<QList<Core::CannedReply>> list();

private:
    Database &m_db;
};

} // namespace Care::Store
