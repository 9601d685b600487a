#include "gui/LongestWaitsTable.h"

#include "core/DurationFormat.h"

#include <QHeaderView>
#include <QLocale>

namespace Care::Gui {

LongestWaitsTable::LongestWaitsTable(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("dashboardLongestWaits"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Customer"), tr("Channel"), tr("Since"), tr("Wait"), tr("Outcome") });
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setSectionResizeMode(CustomerColumn, QHeaderView::Stretch);
    header()->setStretchLastSection(false);
    for (int column : { ChannelColumn, SinceColumn, WaitColumn, OutcomeColumn })
        header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    setMinimumHeight(240);
    connect(this, &QTreeWidget::itemActivated, this,
        [this](QTreeWidgetItem *item) { emit conversationRequested(indexOfTopLevelItem(item)); });
}

QString LongestWaitsTable::outcomeText(const DashboardData::LongWait &wait, const QHash<QString, QString> &agentNames)
{
    using Outcome = Core::ConversationMetrics::Outcome;
    switch (wait.outcome) {
    case Outcome::Answered:
        return tr("answered by %1").arg(agentNames.value(wait.agentId, wait.agentId));
    case Outcome::EndedWithoutResponse:
        return tr("ended without response");
    case Outcome::StillWaiting:
        return tr("still waiting");
    }
    return {};
}

void LongestWaitsTable::setWaits(
    const QList<DashboardData::LongWait> &waits, const QHash<QString, QString> &agentNames, const QTimeZone &zone)
{
    m_waits = waits;
    clear();
    const QLocale locale;
    for (const DashboardData::LongWait &wait : waits) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(CustomerColumn, wait.customerName);
        item->setText(ChannelColumn,
            wait.accountHandle.isEmpty() ? Core::platformDisplayName(wait.platform)
                                         : tr("%1 (%2)").arg(Core::platformDisplayName(wait.platform), wait.accountHandle));
        item->setText(SinceColumn, locale.toString(wait.inboundAt.toTimeZone(zone), QStringLiteral("ddd d MMM HH:mm")));
        item->setText(WaitColumn, Core::formatDuration(wait.seconds));
        item->setTextAlignment(WaitColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(OutcomeColumn, outcomeText(wait, agentNames));
        if (wait.outcome == Core::ConversationMetrics::Outcome::StillWaiting) {
            QFont bold = item->font(OutcomeColumn);
            bold.setBold(true);
            item->setFont(OutcomeColumn, bold);
        }
        item->setToolTip(CustomerColumn, tr("Double-click to open the conversation"));
    }
}

} // namespace Care::Gui
