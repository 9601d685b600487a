#include "gui/DemoBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Care::Gui {

DemoBanner::DemoBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_connectAccount(new QPushButton(tr("Connect an account…"), this))
    , m_teamDatabase(new QPushButton(tr("Use a team database…"), this))
    , m_hide(new QPushButton(tr("Hide"), this))
{
    setObjectName(QStringLiteral("demoBanner"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#demoBanner { background: #fff4ce; border: 1px solid #e0c36a; border-radius: 4px; }"));
    m_text->setObjectName(QStringLiteral("demoBannerText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setText(tr("Demo workspace — the customers and conversations here are examples, and nothing you do "
                       "is sent anywhere. Your own data is untouched. Connect a platform account or your team's "
                       "database to start answering real customers."));
    m_teamDatabase->setObjectName(QStringLiteral("demoUseTeamDatabase"));
    m_connectAccount->setObjectName(QStringLiteral("demoConnectAccount"));
    m_hide->setObjectName(QStringLiteral("demoHide"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_connectAccount);
    layout->addWidget(m_teamDatabase);
    layout->addWidget(m_hide);
    connect(m_teamDatabase, &QPushButton::clicked, this, &DemoBanner::useTeamDatabaseRequested);
    connect(m_connectAccount, &QPushButton::clicked, this, &DemoBanner::connectAccountRequested);
    connect(m_hide, &QPushButton::clicked, this, &QWidget::hide);
}

} // namespace Care::Gui
