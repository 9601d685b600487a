#include "MastodonFixtures.h"

namespace MastodonFixtures {

const QByteArray kDocumentedExample = R"([{"id":"88120455","type":"mention","created_at":"2025-03-11T09:14:27.512Z",
  "account":{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example","display_name":"Customer One"},
  "status":{"id":"114002318822190331","in_reply_to_id":null,"visibility":"public","edited_at":null,
    "content":"<p><span class=\"h-card\"><a class=\"u-url mention\" href=\"https://brand.example/@acme\">@<span>acme</span></a></span> lid cracked on order 4471</p>",
    "mentions":[{"id":"2001","username":"acme","acct":"acme"}]}}])";

const QByteArray kMentionNotification = R"([{"id":"88120455","type":"mention","created_at":"2025-03-11T09:14:27.512Z",
  "account":{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example","display_name":"Customer One"},
  "status":{"id":"114002318822190331","in_reply_to_id":null,"visibility":"public","edited_at":null,
    "created_at":"2025-03-11T09:14:27.000Z",
    "account":{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example","display_name":"Customer One"},
    "content":"<p><span class=\"h-card\"><a class=\"u-url mention\" href=\"https://brand.example/@acme\">@<span>acme</span></a></span> lid cracked on order 4471</p>",
    "mentions":[{"id":"2001","username":"acme","acct":"acme"}]}}])";

const QByteArray kDirectStatus = R"({"id":"114002400000000001","in_reply_to_id":"114002318822190999",
  "visibility":"direct","created_at":"2025-03-11T10:02:03.004Z","edited_at":null,"language":"en",
  "spoiler_text":"order details","url":"https://social.example/@kettle_fan/114002400000000001",
  "account":{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example","display_name":"",
             "url":"https://social.example/@kettle_fan"},
  "content":"<p><span class=\"h-card\"><a class=\"u-url mention\" href=\"https://brand.example/@acme\">@<span>acme</span></a></span> my address is 1 Main St</p><p>thanks &amp; bye</p>",
  "mentions":[{"id":"2001","username":"acme","acct":"acme","url":"https://brand.example/@acme"}]})";

const QByteArray kEditedStatus = R"({"id":"5","created_at":"2025-03-11T09:14:27.512Z",
  "edited_at":"2025-03-11T09:20:00.250Z","content":"<p>lid cracked (edited)</p>",
  "account":{"id":"1099231","username":"kettle_fan","acct":"kettle_fan@social.example"}})";

const QByteArray kInstanceV2 = R"({"domain":"social.example","version":"4.3.0",
  "configuration":{"urls":{"streaming":"wss://social.example"},
                   "statuses":{"max_characters":1000,"characters_reserved_per_url":23}}})";

} // namespace MastodonFixtures
