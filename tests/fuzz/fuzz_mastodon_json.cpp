// libFuzzer target: every Mastodon parser, the HTML-to-text conversion and the Link header parser
// get the same bytes. A crash, a sanitizer report or a broken invariant below is a finding.
// Build and run: tests/fuzz/run.sh

#include "sync/HtmlText.h"
#include "sync/LinkHeader.h"
#include "sync/MastodonJson.h"

#include "FuzzChecks.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace Care::Fuzz;
using namespace Care::Sync;
using Care::Core::Error;

// A parse error is always InvalidInput with words for the user and a detail for the log.
void checkError(const Error &error)
{
    check(error.code == Error::Code::InvalidInput, "error code is InvalidInput");
    check(!error.message.isEmpty(), "error message is not empty");
    check(error.hint.isEmpty(), "error hint is empty");
    check(!error.detail.isEmpty(), "error detail is not empty");
}

void checkAccount(const Mastodon::Account &account)
{
    check(!account.id.isEmpty(), "account id is not empty");
    check(!account.displayName.isEmpty() || account.username.isEmpty(), "display name falls back to the user name");
}

void checkStatus(const Mastodon::Status &status)
{
    check(!status.id.isEmpty(), "status id is not empty");
    check(status.createdAt.isValid(), "status created_at is valid");
    check(status.createdAt.timeSpec() == Qt::UTC, "status created_at is UTC");
    check(!status.editedAt.isValid() || status.editedAt.timeSpec() == Qt::UTC, "status edited_at is UTC");
    checkText(status.text);
    checkAccount(status.account);
    for (const auto &mention : status.mentions)
        check(!mention.id.isEmpty(), "mention id is not empty");
}

void checkNotification(const Mastodon::Notification &notification)
{
    check(!notification.id.isEmpty(), "notification id is not empty");
    checkAccount(notification.account);
    const bool needsStatus = notification.type == QLatin1String("mention")
        || notification.type == QLatin1String("status") || notification.type == QLatin1String("update");
    check(!needsStatus || notification.status.has_value(), "a mention carries its status");
    if (notification.status)
        checkStatus(*notification.status);
}

template<typename T, typename Check> void run(const Care::Core::Result<T> &result, Check checkValue)
{
    if (result.ok())
        checkValue(result.value());
    else
        checkError(result.error());
}

template<typename T, typename Check> void runList(const Care::Core::Result<QList<T>> &result, Check checkValue)
{
    run(result, [&](const QList<T> &values) {
        for (const T &value : values)
            checkValue(value);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    using namespace Care::Sync::Mastodon;

    run(parseAccount(bytes), checkAccount);
    run(parseStatus(bytes), checkStatus);
    runList(parseStatuses(bytes), checkStatus);
    runList(parseNotifications(bytes), checkNotification);
    run(parseNotification(bytes), checkNotification);
    runList(parseConversations(bytes), [](const Conversation &conversation) {
        check(!conversation.id.isEmpty(), "conversation id is not empty");
        for (const auto &account : conversation.accounts)
            checkAccount(account);
        if (conversation.lastStatus)
            checkStatus(*conversation.lastStatus);
    });
    run(parseContext(bytes), [](const Context &context) {
        for (const auto &status : context.ancestors)
            checkStatus(status);
        for (const auto &status : context.descendants)
            checkStatus(status);
    });
    run(parseInstance(bytes), [](const Instance &instance) {
        check(instance.maxCharacters > 0, "max_characters is positive");
        check(instance.charactersReservedPerUrl >= 0, "characters_reserved_per_url is not negative");
    });
    runList(parseSearchStatuses(bytes), checkStatus);
    run(parseStreamEvent(bytes), [](const StreamEvent &event) {
        check(!event.event.isEmpty(), "stream event has a name");
        // The payload is JSON inside the JSON: the connector parses it a second time.
        run(parseNotification(event.payload), checkNotification);
        run(parseStatus(event.payload), checkStatus);
    });
    (void)errorMessage(bytes);

    checkText(htmlToPlainText(QString::fromUtf8(bytes)));

    for (const QUrl &base : { QUrl(), QUrl(QStringLiteral("https://social.example/api/v1/notifications?limit=40")) }) {
        const auto links = parseLinkHeader(bytes, base);
        for (auto it = links.cbegin(); it != links.cend(); ++it)
            check(!it.key().isEmpty() && it.key() == it.key().toLower(), "relation names are lower case");
    }
    return 0;
}
