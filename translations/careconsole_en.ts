<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Care::Gui::AccountsDialog</name>
    <message numerus="yes">
        <source>Budget %1 a month: direct messages are read every %n min.</source>
        <translation>
            <numerusform>Budget %1 a month: direct messages are read every %n min.</numerusform>
            <numerusform>Budget %1 a month: direct messages are read every %n min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Without the budget they would be read every %n min.</source>
        <translation>
            <numerusform>Without the budget they would be read every %n min.</numerusform>
            <numerusform>Without the budget they would be read every %n min.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Gui::AttachmentsDialog</name>
    <message numerus="yes">
        <source>%n attachment(s) in this e-mail.</source>
        <translation>
            <numerusform>%n attachment in this e-mail.</numerusform>
            <numerusform>%n attachments in this e-mail.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Gui::HandOffDialog</name>
    <message numerus="yes">
        <source>Handed %n conversation(s) to the team.</source>
        <translation>
            <numerusform>Handed %n conversation to the team.</numerusform>
            <numerusform>Handed %n conversations to the team.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n conversation(s) to %1.</source>
        <translation>
            <numerusform>Handed %n conversation to %1.</numerusform>
            <numerusform>Handed %n conversations to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Gui::StaffingLabel</name>
    <message numerus="yes">
        <source>%n on duty</source>
        <translation>
            <numerusform>%n on duty</numerusform>
            <numerusform>%n on duty</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Store::WorkspacePackTransfer</name>
    <message numerus="yes">
        <source>text (%n lines)</source>
        <translation>
            <numerusform>text (%n line)</numerusform>
            <numerusform>text (%n lines)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries of the pack are already the same here.</source>
        <translation>
            <numerusform>%n entry of the pack is already the same here.</numerusform>
            <numerusform>%n entries of the pack are already the same here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n languages</source>
        <translation>
            <numerusform>%n language</numerusform>
            <numerusform>%n languages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Sync::EmailConnector</name>
    <message numerus="yes">
        <source>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</source>
        <translation>
            <numerusform>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</numerusform>
            <numerusform>(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Sync::EmailMapping</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Care::Sync::HttpFailure</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
</context>
</TS>
