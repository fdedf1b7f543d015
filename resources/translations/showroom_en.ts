<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Stable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beta (test versions)</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>Update channel:</source>
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
        <source>&amp;Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version {version} available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No browser could open {url}; copy it into one.</source>
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
        <source>{name} opened “{title}” again ({count} times so far).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} just opened “{title}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{name} opened the articles you shared %n time(s).</source>
        <translation>
            <numerusform>{name} opened the articles you shared %n time.</numerusform>
            <numerusform>{name} opened the articles you shared %n times.</numerusform>
        </translation>
    </message>
    <message>
        <source>{names} opened articles you shared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) opened articles you shared.</source>
        <translation>
            <numerusform>%n customer opened articles you shared.</numerusform>
            <numerusform>%n customers opened articles you shared.</numerusform>
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
    <name>ChannelDelegate</name>
    <message>
        <source>{name} (mine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No benefit line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelDialog</name>
    <message>
        <source>{unknown} is not a placeholder. The placeholders are {known}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A channel with this name exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This channel is archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code was revoked and cannot be used again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 老客户转介绍, 4月车展</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 扫码领取免费洗车券</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. {customer}您好！我是{showroom}的{consultant}，很高兴为您服务。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separated by commas, e.g. 车展客户, 高意向</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the customer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the showroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by {what} when the message is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to customers who leave their number through this channel&apos;s code. {customer}, {consultant} and {showroom} are filled in for each customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed under the code and shown on the showroom screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefit line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChannelListModel</name>
    <message>
        <source>{name} · {benefit} · {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {state}</source>
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
    <name>KioskMode</name>
    <message>
        <source>Getting the codes ready…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The codes appear here once this desk is connected to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The codes appear here on their own after the next sync.</source>
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
    <name>LibraryController</name>
    <message>
        <source>The file could not be downloaded; try again when the server is reachable.</source>
        <extracomment>The sync&apos;s network worker and the desk&apos;s server link. The file cache&apos;s folder inside the workspace&apos;s data folder. Longest side of an image preview, in pixels (scaled on the worker). Characters a file name may not contain on Windows (plus control characters). Its file is being downloaded; `open` answers again once it is here. An article&apos;s own web address (what is sent when no tracked link can be had). The customer&apos;s tracked link (链接雷达) that `text` carries instead of `url`. The tracked link (链接雷达) that was copied, if the material was an article sent to a customer and the server made (or had made) one.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading “{title}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not signed in to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making a tracked link for {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this customer has not reached the server yet; sync first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server refused: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server could not make one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{title}” is not on this computer yet; it must be downloaded before it can be copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent a tracked link (link radar): {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “{title}” with {name}&apos;s tracked link; you will be told when they open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent from the library: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “{title}” with the article&apos;s own link and logged it as sent to {name}. It is not tracked: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “{title}” and logged it as sent to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “{title}”. No customer is open, so nothing was logged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “{title}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to favourites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from favourites.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Script saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Script deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That material is no longer in the library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company materials are read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file of that material cannot be read; it may be damaged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryLabels</name>
    <message>
        <source>Q&amp;A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
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
        <source>Only scripts and Q&amp;A can be written here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Material library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ New script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a script of your own (only you see it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search titles, text, tags, categories and models: words, pinyin or initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company and personal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>★ Favourites only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show more</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n material(s)</source>
        <translation>
            <numerusform>%n material</numerusform>
            <numerusform>%n materials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %n materials</source>
        <translation>
            <numerusform>More than %n materials</numerusform>
            <numerusform>More than %n materials</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches. Try fewer words or other filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Showing the best %n</source>
        <translation>
            <numerusform>Showing the best %n</numerusform>
            <numerusform>Showing the best %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy and log as sent to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies it and adds a message to their timeline; an article goes with their own tracked link, and you are told when they open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy and log as sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a customer first to log it on their timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Script not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The script was not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “{title}”? This cannot be undone.</source>
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
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your channel QR codes: print, show, statistics</source>
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
        <source>Search the library</source>
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
    <name>MaterialListModel</name>
    <message>
        <source>{kind}: {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialPane</name>
    <message>
        <source>Choose a material to see it in full</source>
        <extracomment>The kind filter&apos;s choices, in chip order (None: every kind).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy and log as sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to or remove from favourites (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company material · read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>★ In favourites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>☆ Add to favourites</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{author} · updated {date} · used %n time(s)</source>
        <translation>
            <numerusform>{author} · updated {date} · used %n time</numerusform>
            <numerusform>{author} · updated {date} · used %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updated {date} · used %n time(s)</source>
        <translation>
            <numerusform>Updated {date} · used %n time</numerusform>
            <numerusform>Updated {date} · used %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not downloaded to this computer yet, so it cannot be copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {size} · {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QrPage</name>
    <message>
        <source>Usable</source>
        <extracomment>Preview resolution: drawn at the size it is shown, within these bounds (dpi).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usable once synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No code yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A code per channel: every scan reaches you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A4 table card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A3 poster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X-banner 80×180 cm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · read from {near}–{far} m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No link yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG (300 dpi)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom screen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show your codes full screen on a showroom display, one after another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live codes need the server: a code is made there, and customers&apos; phones reach it. This desk works on this PC only; sign in from the status bar to get your codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: new codes, changes and statistics wait for the server. Sign in from the status bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a channel on the left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usable, but this desk is not connected to the server to show it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usable: print it, share the link or show it on the showroom screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usable once synced: the server makes the code at the next sync; until then there is nothing to print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: customers who scan it are looked after by the consultant on duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This channel is archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No code for this channel yet: “Make code” asks the server for one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The showroom&apos;s channels are changed by your manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live codes need the server. Sign in to see and print your codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usable once synced: the QR code appears here after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No code yet. “Make code” asks the server for one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No font has {chars}: they print as empty boxes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code asked for: it is usable once synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive this channel? It leaves the list; its code keeps working until you pause it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel archived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive channel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel created: its code is usable once synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the {dpi} dpi PNG; a large poster takes a few seconds…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {file}. &lt;a href=&quot;{folder}&quot;&gt;Show the folder&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the showroom&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the benefit line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No font has {chars} of {field}: they print as empty boxes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} was too long for the poster and is cut short with “…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s address is too long for a QR code (at most {limit} characters with the code). Ask your manager for a shorter public address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s address cannot go into a QR code: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No font for posters was found: the installation is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A picture for the poster cannot be read: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong; details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics need a connection to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) in this period.</source>
        <translation>
            <numerusform>%n scan in this period.</numerusform>
            <numerusform>%n scans in this period.</numerusform>
        </translation>
    </message>
    <message>
        <source>No scans in this period yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to see the statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No code can go on the screen yet: the screen shows codes the server has made and that are not paused.</source>
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
    <name>QuickSearchPalette</name>
    <message>
        <source>Search the library: words, pinyin or initials</source>
        <extracomment>How far the arrow and page keys move the keyboard in the results.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library cannot be searched right now. Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in the library matches “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to search scripts, Q&amp;A, articles and images. What you copy and add to favourites shows here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter copies · Ctrl+Enter copies and logs it as sent to {name} · Ctrl+D favourite · Esc closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter copies · Ctrl+Enter also logs it as sent (open a customer first) · Ctrl+D favourite · Esc closes</source>
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
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer or item</source>
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
    <name>ScreenMode</name>
    <message>
        <source>Showroom screen</source>
        <extracomment>The monitor screen mode uses (its name, as `QScreen.name()` gives it); empty: the primary. How long each code stays on the showroom screen. The codes last chosen for the showroom screen (code ids, comma-separated); empty: all. How often today&apos;s scan count is asked for again. How often the kiosk looks for codes again while it has none (and after that, for changes). How often the kiosk checks whether the window&apos;s sync has started. How long the &quot;Esc to leave&quot; hint stays up. A panel whose reported size is smaller than this (mm) is taken to misreport it. The height of a 55-inch 16:9 panel, assumed when the screen reports no usable size. Drawn codes kept for the rotation (a 26 px module code is under 1 MB).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Esc to leave the showroom screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) scanned today</source>
        <translation>
            <numerusform>%n customer scanned today</numerusform>
            <numerusform>%n customers scanned today</numerusform>
        </translation>
    </message>
    <message>
        <source>No code to show yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the codes for the showroom screen on the Live codes page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Our consultant on duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan to reach your consultant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenModeDialog</name>
    <message>
        <source>{name} ({width}×{height})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{screen}, primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showroom screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{channel} · duty code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{channel} — {benefit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each code for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen shows the codes one after another, with your name and each channel&apos;s benefit line. Press Esc on the screen to leave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes to show</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScriptDialog</name>
    <message>
        <source>Edit script</source>
        <extracomment>The draft&apos;s fields, in form order (the keys `show_errors` understands).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. {models}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal scripts are yours alone: only you see them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What customers ask, e.g. how much fuel it uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short name you will search for</source>
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
    <name>StatsModel</name>
    <message>
        <source>Channel</source>
        <extracomment>The later stages the statistics table shows, by the stage a lead reached.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times the code&apos;s page was opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customers who left their number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scans by customers who were yours already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leads of the period that reached {stage} since</source>
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
        <source>Version {version} can be downloaded from this menu.</source>
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
    <message>
        <source>New personal script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal script edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal script deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Material used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live code requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live code paused or resumed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sync now</source>
        <extracomment>Sync stopped because this version is too old, and `release` can be downloaded. A newer release the server offers (its download is in the menu), or None.</extracomment>
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
    <message>
        <source>Download Showroom Desk {version}…</source>
        <translation type="unfinished"></translation>
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
        <source>Link radar: the customer opened “{title}” ({count} times so far)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link radar: the customer opened “{title}”</source>
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
    <name>UpdateNotice</name>
    <message>
        <source>Hide this notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version {version} available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update required to sync: version {version} is available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
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
