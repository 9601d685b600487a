#pragma once

#include "core/LengthCheck.h"
#include "core/LengthRule.h"
#include "core/Platform.h"

#include <QMap>
#include <QString>

namespace Care::Core {

// Counts a reply the way each platform counts it, so the composer can say "12 left" and refuse
// a post the platform would reject:
//   Bluesky   300 graphemes and 3000 UTF-8 bytes
//   X         280 weighted characters; URLs 23; an emoji (sequence) 2; CJK and most symbols 2
//   Mastodon  the instance limit (default 500) in graphemes; URLs 23; "@user@domain" as "@user"
//   Facebook  8000 characters
//   E-mail and blogs: no limit
class ReplyLengthCounter
{
public:
    ReplyLengthCounter();

    static LengthRule defaultRule(Platform platform);
    // Bluesky chat messages: 1000 graphemes, 10000 bytes.
    static LengthRule blueskyDirectMessageRule();

    LengthRule rule(Platform platform) const;
    // The rule for a reply: a private reply on Bluesky is a chat message (its own, longer
    // limit, whatever setLimit said about posts); elsewhere a private reply counts as a post.
    LengthRule ruleFor(Platform platform, bool privateMessage) const;
    void setRule(Platform platform, const LengthRule &rule);
    // E.g. a Mastodon instance's configuration.statuses.max_characters.
    void setLimit(Platform platform, int limit);

    // `limitOverride` >= 0 replaces the rule's limit (not its byte limit) for this check.
    LengthCheck check(Platform platform, const QString &text, int limitOverride = -1) const;
    static LengthCheck check(const LengthRule &rule, const QString &text);

    // The building blocks, public so the composer and tests can use them directly.
    static int graphemeCount(const QString &text);
    static int utf8Length(const QString &text);
    // X's weighting of plain text (no URL handling), after NFC normalisation.
    static int xWeightedLength(const QString &text);
    // The text as the platform counts it: URLs replaced by placeholders of the URL length,
    // remote mentions shortened.
    static QString countableText(const LengthRule &rule, const QString &text);

private:
    QMap<Platform, LengthRule> m_rules;
};

} // namespace Care::Core
