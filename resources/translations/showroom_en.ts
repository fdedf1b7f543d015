<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment problems:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder {folder} could not be opened; it may not exist yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The demo server did not start; the demo works on this PC only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo accounts: {names}. Password: {password}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArrivalNotifier</name>
    <message>
        <source>New customer: {name} (via {channel})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customers: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) arrived from the server.</source>
        <translation>
            <numerusform>%n customer arrived from the server.</numerusform>
            <numerusform>%n customers arrived from the server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArrivalToast</name>
    <message>
        <source>Open</source>
        <extracomment>More arrivals than this are summed up in one line (a first sync brings hundreds).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <source>Follow-up overdue</source>
        <extracomment>Rendered cards kept for repainting (a few screens&apos; worth; oldest dropped first).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No next step planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snoozed to {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%n</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardListView</name>
    <message>
        <source>No customers here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No match in this stage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Chip</name>
    <message>
        <source>Remove {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactDetailPanel</name>
    <message>
        <source>Select a card to see the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened? Ctrl+Enter adds it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add follow-up (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No history yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New reminder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 回访试驾感受</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set reminder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open reminders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No overdue warnings for this customer until then</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Add model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tag and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeCom ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intended models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget (10k yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo your unsaved edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the profile (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) in this stage</source>
        <translation>
            <numerusform>%n day in this stage</numerusform>
            <numerusform>%n days in this stage</numerusform>
        </translation>
    </message>
    <message>
        <source>Snoozed until {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reminders (%n)</source>
        <translation>
            <numerusform>Reminders (%n)</numerusform>
            <numerusform>Reminders (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Not snoozed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snoozed until {date}: no overdue warnings until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All models added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be saved as {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>The computer ran out of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so a file could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk was not allowed to read or write one of its files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file or folder could not be read or written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local database could not finish a request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A connection to the server failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error ({error}) stopped what Showroom Desk was doing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your customers and every change you made are safe in the local database on this computer, including changes not yet synced to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can continue working. If this keeps happening, choose Copy details and send them to support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more problem(s) happened since.</source>
        <translation>
            <numerusform>%n more problem happened since.</numerusform>
            <numerusform>%n more problems happened since.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeploymentWarning</name>
    <message>
        <source>The showroom settings file could not be used, so Showroom Desk is running with its default settings. Ask your manager to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some lines of the showroom settings file were ignored. Ask your manager to correct them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bought a competitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer buying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finance rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid mainland mobile number (11 digits, e.g. 138 1234 5678)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upper budget must not be below the lower one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That birthday cannot be right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be in the past</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not needed for this stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already the number of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %n characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %n items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be between {low} and {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeCom ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intended models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showroom Desk</source>
        <extracomment>The daily backup waits until start-up&apos;s work is done. What start-up hands the window (kept under this name for callers).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder could not be opened: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a card to see the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kanban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: name, pinyin initials, phone digits, tag, model, channel, overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Quick add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost / Dormant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the Lost and Dormant columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening your customers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s backup could not be made: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That move is not possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That customer no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong and nothing was changed. Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Moved %n customer(s) to {stage}. Ctrl+Z undoes.</source>
        <translation>
            <numerusform>Moved %n customer to {stage}. Ctrl+Z undoes.</numerusform>
            <numerusform>Moved %n customers to {stage}. Ctrl+Z undoes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Move undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} already has this number; opened the existing customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n customer</numerusform>
            <numerusform>%n customers</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total} customers match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 weeks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wake up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer you are editing has unsaved changes. Close anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickAddDialog</name>
    <message>
        <source>Quick add customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer name, e.g. 张先生</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile (optional), e.g. 138 1234 5678</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be saved as {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <source>Refused changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept these changes. The rest of your work was synced. Check the customer and make the change again if it is still needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a card goes cold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days without contact after which a card is highlighted, per stage. 0 turns it off for that stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time you start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Wrong username or password, or the account is deactivated.</source>
        <extracomment>attempt(server_url, username, password, on_done, on_error)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the address and the network, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is having trouble. Try again in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs a newer Showroom Desk ({version} or later).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC&apos;s customer data belongs to another account. Sign in with that account, or ask your manager to set up a new data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is registered to another account on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server address, e.g. https://desk.example.cn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered unexpectedly: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the account your showroom gave you. Your customers sync with the showroom&apos;s server and stay on this PC when the network is down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. zhangwei</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use on this PC only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StageDetailsDialog</name>
    <message>
        <source>Move {name} to {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Move %n customers to {stage}</source>
        <translation>
            <numerusform>Move %n customer to {stage}</numerusform>
            <numerusform>Move %n customers to {stage}</numerusform>
        </translation>
    </message>
    <message>
        <source>Visit time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a vehicle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drive time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a trim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trading in their old car</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand and model, e.g. 丰田凯美瑞</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Competitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreProblemDialog</name>
    <message>
        <source>Daily backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made before an update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for Showroom Desk&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk is already open, or another program is using the database. Close the other window, or wait for the other program to finish, then choose Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder is read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk cannot save anything, because its data folder or database file is read-only. Make the folder writable (or move it off a read-only drive) and choose Retry, or use another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk cannot read its database file, and no automatic backup was found. The damaged file has not been changed. You can start afresh in another folder, or quit and ask for help (Copy details gives support what they need).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk cannot read its database file. You can restore the newest automatic backup, from {date}: your data comes back as it was then, and anything entered since is lost. The damaged file is kept aside, not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database needs a newer Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database was saved by a newer version of Showroom Desk. Update the app; the file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk could not update the database to this version. The backup taken just before the update was put back, so your data is as it was. Choose Retry, or quit and ask for help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder cannot be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk cannot create or write to its data folder. Check that the drive is connected and that you may write there, then choose Retry, or use another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk could not open its database. Choose Retry, use another folder, or quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic backups, newest first:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when}  ·  {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;another folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;store backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom Desk {version}, Qt {qt}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest backup: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup could not be restored: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this PC only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a server: changes stay on this PC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last synced at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your sign-in has expired; changes are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs a newer Showroom Desk. Your changes are kept on this PC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync error · retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Offline · %n change(s) waiting</source>
        <translation>
            <numerusform>Offline · %n change waiting</numerusform>
            <numerusform>Offline · %n changes waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{status} · %n refused</source>
        <translation>
            <numerusform>{status} · %n refused</numerusform>
            <numerusform>{status} · %n refused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncUi</name>
    <message>
        <source>Sync could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working on this PC only. Sign in any time from the status bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in. No system keyring was found, so the sign-in is kept in a file only your Windows/macOS/Linux account can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out of the server? Your customers stay on this PC, and changes not yet synced are sent when you sign in again with the same account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out on this PC. The server could not be told; the old sign-in expires on its own.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message numerus="yes">
        <source>Tag %n customer(s)</source>
        <translation>
            <numerusform>Tag %n customer</numerusform>
            <numerusform>Tag %n customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add tags to %n selected customer(s).</source>
        <translation>
            <numerusform>Add tags to %n selected customer.</numerusform>
            <numerusform>Add tags to %n selected customers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tag names, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing tags (click to add):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>{time} · {by}</source>
        <extracomment>Field names of ContactDraft, in form order (the keys `show_errors` understands). The panel&apos;s look, by objectName; the app stylesheet may take these rules over.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {body}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit not kept: {field} “{lost}” lost to a later edit; it stays “{kept}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder done: {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reminder done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added as {stage}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone: back to {new} from {old}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost: {reason} ({competitor})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{summary} — {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{old} → {new} (%n people)</source>
        <translation>
            <numerusform>{old} → {new} (%n person)</numerusform>
            <numerusform>{old} → {new} (%n people)</numerusform>
        </translation>
    </message>
    <message>
        <source>{old} → {new} ({vehicle})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} {trim}, {colour}, deposit ¥{deposit}, {payment}, with trade-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} {trim}, {colour}, deposit ¥{deposit}, {payment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{old} → {new}: {order}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Reminders due</source>
        <extracomment>Rows show at most this much of a reminder note; the delegate elides the rest.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Going cold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthdays this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing overdue or due today — nice work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every lead has been followed up recently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No birthdays in the coming week</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Overdue by %n day</numerusform>
            <numerusform>Overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n min</source>
        <translation>
            <numerusform>Overdue by %n min</numerusform>
            <numerusform>Overdue by %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n h</source>
        <translation>
            <numerusform>Overdue by %n h</numerusform>
            <numerusform>Overdue by %n h</numerusform>
        </translation>
    </message>
    <message>
        <source>Was due {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Was due {date} {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>In %n min</source>
        <translation>
            <numerusform>In %n min</numerusform>
            <numerusform>In %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n h</source>
        <translation>
            <numerusform>In %n h</numerusform>
            <numerusform>In %n h</numerusform>
        </translation>
    </message>
    <message>
        <source>Last contact {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Untouched for %n day(s)</source>
        <translation>
            <numerusform>Untouched for %n day</numerusform>
            <numerusform>Untouched for %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>MMMM d, dddd</source>
        <comment>Qt date format: a birthday with its weekday</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {detail} · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>Qt date format: a short date</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter opens the contact · Space marks a reminder done · Right-click for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dddd, MMMM d</source>
        <comment>Qt date format: today&apos;s date in the page title</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All clear for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{overdue} · {due_today} · {going_cold} · {birthdays}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>%n due today</numerusform>
            <numerusform>%n due today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n going cold</source>
        <translation>
            <numerusform>%n going cold</numerusform>
            <numerusform>%n going cold</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n birthday(s)</source>
        <translation>
            <numerusform>%n birthday</numerusform>
            <numerusform>%n birthdays</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ReminderRowWidget</name>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark this reminder done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
