#include "gui/CalendarEditor.h"

#include "core/CalendarRangeText.h"
#include "core/StaffedHoursText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QSet>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

enum Column { DateColumn, NameColumn, HoursColumn };

QString dayKey(int index)
{
    return QLocale().dayName(index + 1, QLocale::LongFormat);
}

} // namespace

CalendarEditor::CalendarEditor(QWidget *parent)
    : QWidget(parent)
    , m_zone(new QComboBox(this))
    , m_alwaysOpen(new QCheckBox(tr("Open around the clock (24/7) — dated exceptions still apply"), this))
    , m_exceptions(new QTableWidget(0, 3, this))
    , m_problem(new QLabel(this))
    , m_preview(new QLabel(this))
{
    setObjectName(QStringLiteral("calendarEditor"));
    m_zone->setObjectName(QStringLiteral("calendarZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    QStringList zones;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        zones << QString::fromUtf8(id);
    m_zone->addItems(zones);
    m_zone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_zone->completer()->setFilterMode(Qt::MatchContains);
    m_zone->setToolTip(tr("The zone the hours are in; daylight-saving changes are followed exactly."));
    m_alwaysOpen->setObjectName(QStringLiteral("calendarAlwaysOpen"));

    auto *weekly = new QGroupBox(tr("Weekly hours"), this);
    auto *weeklyForm = new QFormLayout(weekly);
    for (int i = 0; i < 7; ++i) {
        auto *edit = new QLineEdit(weekly);
        edit->setObjectName(QStringLiteral("calendarDay%1").arg(i + 1));
        edit->setPlaceholderText(tr("closed"));
        edit->setToolTip(tr("Ranges separated by commas, e.g. 08:00–12:00, 13:00–18:00. A range that ends before "
                            "it starts runs past midnight (22:00–02:00); 24:00 is midnight. Empty: closed."));
        m_days[static_cast<size_t>(i)] = edit;
        auto *label = new QLabel(dayKey(i), weekly);
        label->setBuddy(edit);
        weeklyForm->addRow(label, edit);
        connect(edit, &QLineEdit::textEdited, this, &CalendarEditor::onEdited);
    }
    auto *weeklyHint = new QLabel(tr("Several ranges: 08:00–12:00, 13:00–18:00.\nPast midnight: 22:00–02:00 (ends the next "
                                     "morning).\nUntil midnight: 18:00–24:00. Empty: closed."),
                                  weekly);
    weeklyHint->setWordWrap(true);
    weeklyHint->setEnabled(false); // the muted look of help text
    weeklyForm->addRow(weeklyHint);

    auto *exceptions = new QGroupBox(tr("Holidays, closures and special hours"), this);
    auto *exceptionsLayout = new QVBoxLayout(exceptions);
    m_exceptions->setObjectName(QStringLiteral("calendarExceptions"));
    m_exceptions->setHorizontalHeaderLabels({tr("Date"), tr("Name"), tr("Hours (empty: closed all day)")});
    m_exceptions->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_exceptions->horizontalHeader()->setSectionResizeMode(HoursColumn, QHeaderView::Stretch);
    m_exceptions->verticalHeader()->hide();
    m_exceptions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_exceptions->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_exceptions->setTabKeyNavigation(false);
    auto *add = new QPushButton(tr("&Add date"), exceptions);
    add->setObjectName(QStringLiteral("calendarAddException"));
    auto *remove = new QPushButton(tr("&Remove date"), exceptions);
    remove->setObjectName(QStringLiteral("calendarRemoveException"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    exceptionsLayout->addWidget(m_exceptions);
    exceptionsLayout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addException(QDate::currentDate().addDays(1)); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_exceptions->currentRow();
        if (row >= 0) {
            m_exceptions->removeRow(row);
            onEdited();
        }
    });
    connect(m_exceptions, &QTableWidget::itemChanged, this, [this] {
        if (!m_loading)
            onEdited();
    });

    m_problem->setObjectName(QStringLiteral("calendarProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_preview->setObjectName(QStringLiteral("calendarPreview"));
    m_preview->setTextFormat(Qt::PlainText);
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QFormLayout;
    top->addRow(tr("&Time zone"), m_zone);
    top->addRow(m_alwaysOpen);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    auto *middle = new QHBoxLayout;
    middle->addWidget(weekly, 2);
    middle->addWidget(exceptions, 3);
    layout->addLayout(middle, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_preview);

    connect(m_zone, &QComboBox::currentTextChanged, this, [this] {
        if (!m_loading)
            onEdited();
    });
    connect(m_alwaysOpen, &QCheckBox::toggled, this, [this](bool on) {
        for (QLineEdit *edit : m_days)
            edit->setEnabled(!on);
        if (!m_loading)
            onEdited();
    });
}

void CalendarEditor::setCalendar(const Core::BusinessCalendar &calendar)
{
    m_loading = true;
    m_zone->setCurrentText(QString::fromUtf8(calendar.timeZone().id()));
    m_alwaysOpen->setChecked(calendar.isAlwaysOpen());
    for (int i = 0; i < 7; ++i)
        m_days[static_cast<size_t>(i)]->setText(Core::rangesToText(calendar.hours(static_cast<Qt::DayOfWeek>(i + 1))));
    m_exceptions->setRowCount(0);
    const auto addRow = [this](QDate date, const QString &name, const QString &hours) {
        const int row = m_exceptions->rowCount();
        m_exceptions->insertRow(row);
        m_exceptions->setItem(row, DateColumn, new QTableWidgetItem(date.toString(Qt::ISODate)));
        m_exceptions->setItem(row, NameColumn, new QTableWidgetItem(name));
        m_exceptions->setItem(row, HoursColumn, new QTableWidgetItem(hours));
    };
    for (const auto &closure : calendar.closures())
        addRow(closure.date, closure.name, QString());
    for (const auto &special : calendar.specialDays())
        addRow(special.date, special.name, Core::rangesToText(special.ranges));
    m_exceptions->sortItems(DateColumn);
    m_exceptions->resizeColumnToContents(DateColumn);
    m_loading = false;
    m_modified = false;
    updatePreview();
}

void CalendarEditor::addException(QDate date)
{
    m_loading = true;
    const int row = m_exceptions->rowCount();
    m_exceptions->insertRow(row);
    m_exceptions->setItem(row, DateColumn, new QTableWidgetItem(date.toString(Qt::ISODate)));
    m_exceptions->setItem(row, NameColumn, new QTableWidgetItem);
    m_exceptions->setItem(row, HoursColumn, new QTableWidgetItem);
    m_loading = false;
    m_exceptions->setCurrentCell(row, NameColumn);
    m_exceptions->setFocus();
    m_exceptions->editItem(m_exceptions->item(row, NameColumn));
    onEdited();
}

Core::Result<Core::BusinessCalendar> CalendarEditor::calendar() const
{
    const auto invalid = [](const QString &message, const QString &hint = {}) {
        return Core::Error::make(Core::Error::Code::InvalidInput, message, hint);
    };
    const QString zoneId = m_zone->currentText().trimmed();
    const QTimeZone zone(zoneId.toUtf8());
    if (zoneId.isEmpty() || !zone.isValid())
        return invalid(tr("Unknown time zone “%1”.").arg(zoneId), tr("Pick one from the list, e.g. Europe/Berlin."));
    Core::BusinessCalendar calendar(zone);
    calendar.setAlwaysOpen(m_alwaysOpen->isChecked());
    for (int i = 0; i < 7; ++i) {
        auto ranges = Core::rangesFromText(m_days[static_cast<size_t>(i)]->text());
        if (!ranges)
            return invalid(tr("%1: %2").arg(dayKey(i), ranges.error().message), ranges.error().hint);
        calendar.setHours(static_cast<Qt::DayOfWeek>(i + 1), ranges.value());
    }
    QSet<QDate> seen;
    for (int row = 0; row < m_exceptions->rowCount(); ++row) {
        const auto cell = [this, row](int column) {
            const QTableWidgetItem *item = m_exceptions->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        const QDate date = QDate::fromString(cell(DateColumn), Qt::ISODate);
        if (!date.isValid())
            return invalid(tr("“%1” is not a date.").arg(cell(DateColumn)), tr("Write dates as YYYY-MM-DD, e.g. 2026-12-24."));
        if (seen.contains(date))
            return invalid(tr("%1 is listed twice.").arg(date.toString(Qt::ISODate)));
        seen.insert(date);
        auto ranges = Core::rangesFromText(cell(HoursColumn));
        if (!ranges)
            return invalid(tr("%1: %2").arg(date.toString(Qt::ISODate), ranges.error().message), ranges.error().hint);
        if (ranges->isEmpty())
            calendar.addClosure(date, cell(NameColumn));
        else
            calendar.setSpecialDay({date, cell(NameColumn), ranges.value()});
    }
    if (!calendar.hasOpenTime())
        return invalid(tr("The team is never on duty with these hours."),
                       tr("Give at least one weekday hours, or choose 24/7."));
    return calendar;
}

void CalendarEditor::onEdited()
{
    m_modified = true;
    updatePreview();
    emit changed();
}

void CalendarEditor::updatePreview()
{
    const auto result = calendar();
    if (!result) {
        m_problem->setText(result.error().hint.isEmpty() ? result.error().message
                                                        : result.error().message + QLatin1Char(' ') + result.error().hint);
        m_problem->show();
        m_preview->clear();
        return;
    }
    m_problem->hide();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QLocale locale;
    const auto local = [&](const QDateTime &utc) {
        return locale.toString(utc.toTimeZone(result->timeZone()), QStringLiteral("ddd d MMM HH:mm"));
    };
    QString state;
    if (const auto closing = result->currentClosing(now))
        state = tr("With these hours the team is on duty now, until %1.").arg(local(*closing));
    else if (result->isOpen(now))
        state = tr("With these hours the team is on duty now.");
    else if (const auto opening = result->nextOpening(now))
        state = tr("With these hours the team is off duty now and back %1.").arg(local(*opening));
    m_preview->setText(tr("Profile bio: %1\n%2").arg(Core::staffedHoursLine(result.value()), state));
}

} // namespace Care::Gui
