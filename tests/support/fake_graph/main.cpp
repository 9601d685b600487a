// fake-graph: the scripted Graph API as a process, for trying the console and its commands by
// hand (`careconsole account add facebook --page-id … --graph-base … --token-stdin`). Prints
// the address, the Page id and the token; seeds a post with comments and a Messenger message
// (with --cannot-hide, Cleo's comment cannot be hidden by the Page).
#include "FakeGraph.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Care::Tests::FakeGraph graph;
    if (!graph.listen())
        return 1;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString post = graph.addPost(QStringLiteral("Spring range is live!"), now.addSecs(-7200));
    const QString first = graph.addComment(post, QStringLiteral("7012345678901234"), QStringLiteral("Anna Berg"),
                                           QStringLiteral("Mine arrived with a cracked lid"), {}, now.addSecs(-3600));
    graph.addComment(post, QStringLiteral("7012345678901234"), QStringLiteral("Anna Berg"), QStringLiteral("Order 4471"), first,
                     now.addSecs(-3500));
    // A comment Facebook does not let the Page hide (can_hide false), to see the console say so.
    const QString fixed = graph.addComment(post, QStringLiteral("7098765432109876"), QStringLiteral("Cleo Ahn"),
                                           QStringLiteral("You people never answer"), {}, now.addSecs(-1800));
    if (app.arguments().contains(QStringLiteral("--cannot-hide")))
        graph.setCannotHide(fixed);
    graph.customerMessages(QStringLiteral("2468013579"), QStringLiteral("Ben Okafor"), QStringLiteral("Where is my refund?"),
                           now.addSecs(-600));
    if (app.arguments().contains(QStringLiteral("--missing-permissions")))
        graph.setScopes({QStringLiteral("pages_read_engagement"), QStringLiteral("pages_read_user_content")});
    QTextStream(stdout) << graph.baseUrl().toString() << ' ' << graph.pageId() << ' ' << graph.token() << Qt::endl;
    return app.exec();
}
