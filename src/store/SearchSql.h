#pragma once

#include "core/SearchQuery.h"
#include "store/DatabaseLocation.h"

#include <QString>

namespace Care::Store {

// Renders the product's search syntax for each store's full-text engine.
// SQLite: an FTS5 MATCH expression. PostgreSQL: a to_tsquery('simple', ...) expression.
QString renderFts5(const Core::SearchQuery &query);
QString renderTsQuery(const Core::SearchQuery &query);

// SQL that selects the ids of matching messages; bind the rendered query to :search.
// PostgreSQL: the condition on a messages row that its words match :search.
QString postgresMatchCondition();
QString matchingMessageIdsSql(SqlDialect dialect);
QString renderSearch(SqlDialect dialect, const Core::SearchQuery &query);

} // namespace Care::Store
