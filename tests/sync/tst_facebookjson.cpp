// The Graph API parsers on the documented shapes (values invented, shapes from Meta's reference
// pages): lists with paging, nested comments, Messenger conversations, debug_token, error objects,
// the usage headers, and the Graph's time stamps.
#include "sync/FacebookJson.h"
#include "sync/FacebookGraphClient.h"
#include "sync/HttpClient.h"

#include <QtTest>

using namespace Care::Sync;

namespace {
// JSON written with single quotes, for readable fixtures.
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TestFacebookJson : public QObject
{
    Q_OBJECT

private slots:
    void timesWithoutAColonInTheOffset()
    {
        QCOMPARE(Facebook::parseTime(QStringLiteral("2025-03-11T09:14:26+0000")),
                 QDateTime(QDate(2025, 3, 11), QTime(9, 14, 26), Qt::UTC));
        QCOMPARE(Facebook::parseTime(QStringLiteral("2025-03-11T10:14:26+0100")),
                 QDateTime(QDate(2025, 3, 11), QTime(9, 14, 26), Qt::UTC));
        QCOMPARE(Facebook::parseTime(QStringLiteral("2025-03-11T09:14:26Z")),
                 QDateTime(QDate(2025, 3, 11), QTime(9, 14, 26), Qt::UTC));
        QVERIFY(!Facebook::parseTime(QStringLiteral("yesterday")).isValid());
        QVERIFY(!Facebook::parseTime(QString()).isValid());
    }

    void aFeedPageWithNestedComments()
    {
        const QByteArray body = j("{'data':[{'id':'104233445566_998877665544','message':'Spring range is live!',"
              "            'created_time':'2025-03-10T16:00:00+0000','updated_time':'2025-03-11T09:14:26+0000',"
              "            'comments':{'data':[{'id':'998877665544_1122334455','message':'Mine arrived with a cracked lid',"
              "               'created_time':'2025-03-11T09:14:26+0000','from':{'id':'7012345678901234','name':'Customer One'},"
              "               'is_hidden':false,'can_hide':true,'can_reply_privately':true},"
              "               {'id':'998877665544_1122334456','message':'Same here','created_time':'2025-03-11T09:10:00+0000',"
              "               'parent':{'id':'998877665544_1122334455'}}],"
              "             'paging':{'cursors':{'before':'QVFIUkFa','after':'QVFIUkJi'}}}}],"
              "          'paging':{'cursors':{'before':'QVFIUmNj','after':'QVFIUmRk'},"
              "            'next':'https://graph.facebook.com/v26.0/104233445566/feed?after=QVFIUmRk'}}");
        auto page = Facebook::parsePostPage(body);
        QVERIFY2(page, page ? "" : qPrintable(page.error().detail));
        QCOMPARE(page->posts.size(), 1);
        const Facebook::Post &post = page->posts.first();
        QCOMPARE(post.updatedTime, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 26), Qt::UTC));
        QVERIFY(post.comments);
        QCOMPARE(post.comments->comments.size(), 2);
        QVERIFY(post.comments->paging.next.isEmpty()); // no `next`: the last page
        const Facebook::Comment &first = post.comments->comments.first();
        QCOMPARE(first.from->id, QStringLiteral("7012345678901234"));
        QVERIFY(first.canHide && first.canReplyPrivately && !first.isHidden);
        const Facebook::Comment &reply = post.comments->comments.last();
        QCOMPARE(reply.parentId, first.id);
        QVERIFY(!reply.from); // Facebook did not say who
        QCOMPARE(page->paging.after, QStringLiteral("QVFIUmRk"));
        QCOMPARE(page->paging.next, QStringLiteral("https://graph.facebook.com/v26.0/104233445566/feed?after=QVFIUmRk"));
    }

    void unreadableListsSayWhy()
    {
        for (const QByteArray &body : {QByteArray("{\"data\": [{\"id\": \"10423"), QByteArray("[]"), QByteArray("{}"),
                                       QByteArray(j("{'data':[{'id':'1','message':'x'}]}"))}) {
            auto page = Facebook::parseCommentPage(body);
            QVERIFY(!page);
            QCOMPARE(page.error().code, Care::Core::Error::Code::InvalidInput);
            QVERIFY(!page.error().detail.isEmpty());
        }
    }

    void conversationsAndTheSendApi()
    {
        const QByteArray body = j("{'data':[{'id':'t_10223','updated_time':'2025-03-11T09:20:00+0000',"
              "            'participants':{'data':[{'id':'2468013579','name':'Anna Berg'},{'id':'104233445566','name':'Acme'}]},"
              "            'messages':{'data':[{'id':'m_abc','message':'Where is it?','from':{'id':'2468013579','name':'Anna Berg'},"
              "              'created_time':'2025-03-11T09:20:00+0000'}],'paging':{'cursors':{'after':'x'},'next':'https://graph.facebook.com/v26.0/t_10223/messages?after=x'}}}]}");
        auto page = Facebook::parseConversationPage(body);
        QVERIFY(page);
        QCOMPARE(page->conversations.first().participants.size(), 2);
        QCOMPARE(page->conversations.first().messages->messages.first().from.id, QStringLiteral("2468013579"));
        QVERIFY(!page->conversations.first().messages->paging.next.isEmpty());
        auto sent = Facebook::parseSendResult(j("{'recipient_id':'2468013579','message_id':'m_AG5Hz2U'}"));
        QVERIFY(sent);
        QCOMPARE(sent->messageId, QStringLiteral("m_AG5Hz2U"));
        QVERIFY(!Facebook::parseSendResult(j("{'recipient_id':'2468013579'}")));
    }

    void debugTokenScopesForThisPage()
    {
        const QByteArray body = j("{'data':{'app_id':'1','type':'PAGE','is_valid':true,'expires_at':0,'profile_id':'104233445566',"
              "            'scopes':['pages_show_list','pages_read_engagement'],"
              "            'granular_scopes':[{'scope':'pages_messaging','target_ids':['104233445566']},"
              "                               {'scope':'pages_manage_engagement','target_ids':['999']}]}}");
        auto info = Facebook::parseTokenInfo(body, QStringLiteral("104233445566"));
        QVERIFY(info);
        QVERIFY(info->valid);
        QVERIFY(!info->expiresAt.isValid()); // 0: never
        QVERIFY(info->scopesForPage.contains(QStringLiteral("pages_messaging")));
        QVERIFY(!info->scopesForPage.contains(QStringLiteral("pages_manage_engagement"))); // another Page's
    }

    void errorsAndUsage()
    {
        auto error = Facebook::parseError(j("{'error':{'message':'Error validating access token','type':'OAuthException',"
              "            'code':190,'error_subcode':463,'fbtrace_id':'EJplcsCHuLu'}}"));
        QVERIFY(error);
        QCOMPARE(error->code, 190);
        QCOMPARE(error->subcode, 463);
        QCOMPARE(error->fbtraceId, QStringLiteral("EJplcsCHuLu"));
        // Found by the fuzzer: a subcode too large for an int.
        error = Facebook::parseError(j("{'error':{'code':10,'error_subcode':2e91}}"));
        QVERIFY(error);
        QVERIFY(error->subcode > 0);
        QVERIFY(!Facebook::parseError(j("{'data':[]}")));

        const Facebook::Usage usage = Facebook::parseUsage(
            {{"X-App-Usage", j("{'call_count':28,'total_time':25,'total_cputime':25}")},
             {"x-business-use-case-usage",
              j("{'104233445566':[{'type':'pages','call_count':61,'total_cputime':12,'total_time':9,'estimated_time_to_regain_access':0}]}")}});
        QVERIFY(usage.reported);
        QCOMPARE(usage.percent, 61);
        QCOMPARE(usage.regainMinutes, 0);
        QVERIFY(!Facebook::parseUsage({{"Content-Type", "application/json"}}).reported);
        // One object instead of an array per business object: read as well.
        const Facebook::Usage single = Facebook::parseUsage(
            {{"X-Business-Use-Case-Usage", j("{'messaging':{'call_count':93,'total_cputime':5,'total_time':5,'estimated_time_to_regain_access':3}}")}});
        QCOMPARE(single.percent, 93);
        QCOMPARE(single.regainMinutes, 3);
    }

    void errorsInWordsThatSayWhatToDo()
    {
        HttpClient http;
        FacebookGraphClient graph(http, QUrl(QStringLiteral("https://graph.facebook.com")), QStringLiteral("t"));
        HttpResponse response;
        response.status = 400;
        response.body = j("{'error':{'message':'(#200) Requires pages_messaging permission to manage the object','type':'OAuthException','code':200}}");
        Care::Core::Error e = graph.describe(response, QStringLiteral("pages_read_engagement"));
        QCOMPARE(e.code, Care::Core::Error::Code::Rejected);
        QVERIFY2(e.message.contains(QStringLiteral("pages_messaging")), qPrintable(e.message)); // the one Facebook named
        QVERIFY(e.message.contains(QStringLiteral("Messenger")));
        response.body = j("{'error':{'message':'(#4) Application request limit reached','type':'OAuthException','code':4}}");
        QCOMPARE(graph.describe(response).code, Care::Core::Error::Code::RateLimited);
        response.body = j("{'error':{'message':'(#613) Calls to this api have exceeded the rate limit.','code':613}}");
        QCOMPARE(graph.describe(response).code, Care::Core::Error::Code::RateLimited);
        response.status = 500;
        response.body = j("{'error':{'message':'An unexpected error has occurred.','code':2,'is_transient':true}}");
        QCOMPARE(graph.describe(response).code, Care::Core::Error::Code::ServerError);
        QCOMPARE(graph.url(QStringLiteral("104233445566/feed")).toString(),
                 QStringLiteral("https://graph.facebook.com/v26.0/104233445566/feed"));
        // A paging link to another host is never followed with the token.
        QVERIFY(graph.getNext(QStringLiteral("https://evil.example/v26.0/x?after=1")).refusedRedirect);
    }
};

QTEST_GUILESS_MAIN(TestFacebookJson)
#include "tst_facebookjson.moc"
