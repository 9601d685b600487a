#pragma once

#include "core/Platform.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Care::Core {

// The brand's own account on one platform (an X handle, a Facebook page, a mailbox...).
struct Account
{
    qint64 id = 0;
    Platform platform = Platform::X;
    QString handle;
    QString name;
    QString externalId; // the platform's id for the account, when known
    bool demo = false;  // belongs to the bundled demo workspace
    QString serviceUrl; // the server the connector talks to (a Mastodon instance, a PDS...)
    // Connector settings: keywords and hashtags to listen for, poll interval, limits the
    // server announced. Never a secret: tokens live in the keychain.
    QJsonObject settings;
    QDateTime createdAt;
};

// How a person recognises the account in lists: the platform and the handle ("X @acme"), or
// for a Facebook Page and a feed their name ("Facebook Acme Kitchen"): their handle is the
// Page's number or the feed's address.
QString accountLabel(const Account &account);

} // namespace Care::Core
