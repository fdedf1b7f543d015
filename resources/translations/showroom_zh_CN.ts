<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Showroom Desk</source>
        <translation>关于展厅顾问台</translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>展厅顾问台</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
    <message>
        <source>Showroom:</source>
        <translation>展厅：</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Deployment file:</source>
        <translation>部署配置文件：</translation>
    </message>
    <message>
        <source>Deployment problems:</source>
        <translation>配置问题：</translation>
    </message>
    <message>
        <source>Copy &amp;diagnostics</source>
        <translation>复制诊断信息(&amp;D)</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Open in the file manager</source>
        <translation>在文件管理器中打开</translation>
    </message>
    <message>
        <source>The folder {folder} could not be opened; it may not exist yet.</source>
        <translation>无法打开文件夹 {folder}，它可能还不存在。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The demo server did not start; the demo works on this PC only.</source>
        <translation>演示服务器未能启动；演示仅在本机运行。</translation>
    </message>
    <message>
        <source>Demo accounts: {names}. Password: {password}</source>
        <translation>演示账号：{names}。密码：{password}</translation>
    </message>
</context>
<context>
    <name>ArrivalNotifier</name>
    <message>
        <source>New customer: {name} (via {channel})</source>
        <translation>新客户：{name}（来自 {channel}）</translation>
    </message>
    <message>
        <source>New customer: {name}</source>
        <translation>新客户：{name}</translation>
    </message>
    <message>
        <source>New customers: {names}</source>
        <translation>新客户：{names}</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) arrived from the server.</source>
        <translation>
            <numerusform>从服务器收到 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>展厅顾问台</translation>
    </message>
</context>
<context>
    <name>ArrivalToast</name>
    <message>
        <source>Open</source>
        <extracomment>More arrivals than this are summed up in one line (a first sync brings hundreds).</extracomment>
        <translation>打开</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <source>Follow-up overdue</source>
        <extracomment>Rendered cards kept for repainting (a few screens&apos; worth; oldest dropped first).</extracomment>
        <translation>跟进已逾期</translation>
    </message>
    <message>
        <source>Follow-up due today</source>
        <translation>今日需跟进</translation>
    </message>
    <message>
        <source>No next step planned</source>
        <translation>未安排下一步跟进</translation>
    </message>
    <message>
        <source>Next step planned</source>
        <translation>已安排下一步跟进</translation>
    </message>
    <message>
        <source>%n d</source>
        <translation>%n天</translation>
    </message>
    <message>
        <source>snoozed to {date}</source>
        <translation>暂缓至 {date}</translation>
    </message>
    <message>
        <source>+%n</source>
        <translation>+%n</translation>
    </message>
</context>
<context>
    <name>CardListView</name>
    <message>
        <source>No customers here</source>
        <translation>暂无客户</translation>
    </message>
    <message>
        <source>No match in this stage</source>
        <translation>本阶段没有匹配的客户</translation>
    </message>
</context>
<context>
    <name>Chip</name>
    <message>
        <source>Remove {name}</source>
        <translation>移除“{name}”</translation>
    </message>
</context>
<context>
    <name>ContactDetailPanel</name>
    <message>
        <source>Select a card to see the customer</source>
        <translation>选择客户卡片以查看详情</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>New follow-up</source>
        <translation>新增跟进</translation>
    </message>
    <message>
        <source>What happened? Ctrl+Enter adds it.</source>
        <translation>记录本次跟进情况，按 Ctrl+Enter 添加</translation>
    </message>
    <message>
        <source>Add follow-up</source>
        <translation>添加跟进</translation>
    </message>
    <message>
        <source>Add follow-up (Ctrl+Enter)</source>
        <translation>添加跟进（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>No history yet</source>
        <translation>暂无记录</translation>
    </message>
    <message>
        <source>New reminder</source>
        <translation>新建提醒</translation>
    </message>
    <message>
        <source>e.g. 回访试驾感受</source>
        <translation>如：回访试驾感受</translation>
    </message>
    <message>
        <source>Set reminder</source>
        <translation>设置提醒</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>提醒时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Open reminders</source>
        <translation>待处理提醒</translation>
    </message>
    <message>
        <source>No open reminders</source>
        <translation>暂无待处理提醒</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>暂缓至</translation>
    </message>
    <message>
        <source>No overdue warnings for this customer until then</source>
        <translation>在此日期前不再提示该客户逾期</translation>
    </message>
    <message>
        <source>Wake</source>
        <translation>取消暂缓</translation>
    </message>
    <message>
        <source>+ Add model</source>
        <translation>+ 添加车型</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Known</source>
        <translation>填写</translation>
    </message>
    <message>
        <source>Add a tag and press Enter</source>
        <translation>输入标签后按回车添加</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeCom ID</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Intended models</source>
        <translation>意向车型</translation>
    </message>
    <message>
        <source>Budget (10k yuan)</source>
        <translation>预算（万元）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Undo your unsaved edits</source>
        <translation>撤销尚未保存的修改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the profile (Ctrl+S)</source>
        <translation>保存客户资料（Ctrl+S）</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) in this stage</source>
        <translation>
            <numerusform>本阶段已 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Snoozed until {date}</source>
        <translation>暂缓至 {date}</translation>
    </message>
    <message numerus="yes">
        <source>Reminders (%n)</source>
        <translation>
            <numerusform>提醒（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Not snoozed.</source>
        <translation>未暂缓。</translation>
    </message>
    <message>
        <source>Snoozed until {date}: no overdue warnings until then.</source>
        <translation>已暂缓至 {date}，在此之前不再提示逾期。</translation>
    </message>
    <message>
        <source>All models added</source>
        <translation>已添加全部车型</translation>
    </message>
    <message>
        <source>Will be saved as {number}</source>
        <translation>将保存为 {number}</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>电脑内存不足。</translation>
    </message>
    <message>
        <source>The disk is full, so a file could not be saved.</source>
        <translation>磁盘已满，文件无法保存。</translation>
    </message>
    <message>
        <source>Showroom Desk was not allowed to read or write one of its files.</source>
        <translation>展厅顾问台没有权限读写它的某个文件。</translation>
    </message>
    <message>
        <source>A file or folder could not be read or written.</source>
        <translation>某个文件或文件夹无法读写。</translation>
    </message>
    <message>
        <source>The local database could not finish a request.</source>
        <translation>本地数据库未能完成一项操作。</translation>
    </message>
    <message>
        <source>A connection to the server failed.</source>
        <translation>与服务器的连接失败。</translation>
    </message>
    <message>
        <source>An unexpected error ({error}) stopped what Showroom Desk was doing.</source>
        <translation>一个意外错误（{error}）中断了展厅顾问台正在进行的操作。</translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>展厅顾问台</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出了点问题…</translation>
    </message>
    <message>
        <source>Your customers and every change you made are safe in the local database on this computer, including changes not yet synced to the server.</source>
        <translation>您的客户和所做的每一项更改都安全地保存在本电脑的本地数据库中，包括尚未同步到服务器的更改。</translation>
    </message>
    <message>
        <source>You can continue working. If this keeps happening, choose Copy details and send them to support.</source>
        <translation>您可以继续工作。如果问题反复出现，请点击“复制详情”并发送给技术支持。</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详情(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>继续(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message numerus="yes">
        <source>%n more problem(s) happened since.</source>
        <translation>
            <numerusform>此后又发生了 %n 个问题。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeploymentWarning</name>
    <message>
        <source>The showroom settings file could not be used, so Showroom Desk is running with its default settings. Ask your manager to correct it.</source>
        <translation>展厅设置文件无法使用，展厅顾问台正在使用默认设置运行。请联系店长修正。</translation>
    </message>
    <message>
        <source>Some lines of the showroom settings file were ignored. Ask your manager to correct them.</source>
        <translation>展厅设置文件中有几行被忽略了。请联系店长修正。</translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>展厅顾问台</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Lead</source>
        <translation>客户线索</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>在线初步沟通</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Test drive</source>
        <translation>试驾</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>下定</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>战败</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>沉默</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格因素</translation>
    </message>
    <message>
        <source>Bought a competitor</source>
        <translation>已购竞品</translation>
    </message>
    <message>
        <source>No longer buying</source>
        <translation>放弃购车</translation>
    </message>
    <message>
        <source>Cannot be reached</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <source>Finance rejected</source>
        <translation>贷款未获批</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Full payment</source>
        <translation>全款</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Not a valid mainland mobile number (11 digits, e.g. 138 1234 5678)</source>
        <translation>不是有效的中国大陆手机号（11 位，如 138 1234 5678）</translation>
    </message>
    <message>
        <source>The upper budget must not be below the lower one</source>
        <translation>预算上限不能低于下限</translation>
    </message>
    <message>
        <source>That birthday cannot be right</source>
        <translation>生日日期有误，请检查</translation>
    </message>
    <message>
        <source>Cannot be in the future</source>
        <translation>不能晚于当前时间</translation>
    </message>
    <message>
        <source>Cannot be in the past</source>
        <translation>不能早于当前时间</translation>
    </message>
    <message>
        <source>Not needed for this stage</source>
        <translation>此阶段无需填写</translation>
    </message>
    <message>
        <source>Already the number of {name}</source>
        <translation>该号码已属于客户{name}</translation>
    </message>
    <message>
        <source>At most %n characters</source>
        <translation>最多 %n 个字</translation>
    </message>
    <message>
        <source>At most %n items</source>
        <translation>最多 %n 项</translation>
    </message>
    <message>
        <source>Must be between {low} and {high}</source>
        <translation>须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeCom ID</source>
        <translation>企业微信</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Intended models</source>
        <translation>意向车型</translation>
    </message>
    <message>
        <source>Budget from</source>
        <translation>预算下限</translation>
    </message>
    <message>
        <source>Budget to</source>
        <translation>预算上限</translation>
    </message>
    <message>
        <source>Source channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showroom Desk</source>
        <extracomment>The daily backup waits until start-up&apos;s work is done. What start-up hands the window (kept under this name for callers).</extracomment>
        <translation>展厅顾问台</translation>
    </message>
    <message>
        <source>The data folder could not be opened: {error}</source>
        <translation>无法打开数据文件夹：{error}</translation>
    </message>
    <message>
        <source>Select a card to see the customer</source>
        <translation>选择客户卡片以查看详情</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Kanban</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Filter: name, pinyin initials, phone digits, tag, model, channel, overdue</source>
        <translation>筛选：姓名、拼音首字母、手机号、标签、车型、渠道、逾期</translation>
    </message>
    <message>
        <source>+ Quick add</source>
        <translation>+ 快速添加</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Lost / Dormant</source>
        <translation>战败 / 沉默</translation>
    </message>
    <message>
        <source>Show the Lost and Dormant columns</source>
        <translation>显示战败和沉默列</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Quick add</source>
        <translation>快速添加</translation>
    </message>
    <message>
        <source>Undo move</source>
        <translation>撤销移动</translation>
    </message>
    <message>
        <source>Move right</source>
        <translation>移至下一阶段</translation>
    </message>
    <message>
        <source>Move left</source>
        <translation>移至上一阶段</translation>
    </message>
    <message>
        <source>Add tags…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <source>About Showroom Desk</source>
        <translation>关于展厅顾问台</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Opening your customers…</source>
        <translation>正在加载客户…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Today&apos;s backup could not be made: {error}</source>
        <translation>今日备份未能完成：{error}</translation>
    </message>
    <message>
        <source>That move is not possible.</source>
        <translation>无法移至该阶段。</translation>
    </message>
    <message>
        <source>That customer no longer exists.</source>
        <translation>该客户已不存在。</translation>
    </message>
    <message>
        <source>Something went wrong and nothing was changed. Details are in the log.</source>
        <translation>操作失败，未做任何更改。详细信息已记录在日志中。</translation>
    </message>
    <message numerus="yes">
        <source>Moved %n customer(s) to {stage}. Ctrl+Z undoes.</source>
        <translation>
            <numerusform>已将 %n 位客户移至“{stage}”阶段，按 Ctrl+Z 撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Move undone.</source>
        <translation>已撤销移动。</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>已添加客户{name}。</translation>
    </message>
    <message>
        <source>{name} already has this number; opened the existing customer.</source>
        <translation>该号码已属于客户{name}，已为您打开该客户。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Today ({count})</source>
        <translation>今日（{count}）</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>共 %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total} customers match</source>
        <translation>共 {total} 位客户，匹配 {shown} 位</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>移至阶段</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 周</translation>
    </message>
    <message>
        <source>2 weeks</source>
        <translation>2 周</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 个月</translation>
    </message>
    <message>
        <source>Wake up</source>
        <translation>取消暂缓</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The customer you are editing has unsaved changes. Close anyway?</source>
        <translation>正在编辑的客户资料尚未保存，确定要关闭吗？</translation>
    </message>
</context>
<context>
    <name>QuickAddDialog</name>
    <message>
        <source>Quick add customer</source>
        <translation>快速添加客户</translation>
    </message>
    <message>
        <source>Customer name, e.g. 张先生</source>
        <translation>客户姓名，如：张先生</translation>
    </message>
    <message>
        <source>Mobile (optional), e.g. 138 1234 5678</source>
        <translation>手机号（选填），如：138 1234 5678</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Will be saved as {number}</source>
        <translation>将保存为 {number}</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <source>Refused changes</source>
        <translation>被拒绝的更改</translation>
    </message>
    <message>
        <source>The server did not accept these changes. The rest of your work was synced. Check the customer and make the change again if it is still needed.</source>
        <translation>服务器没有接受以下更改，其余工作均已同步。请查看该客户，如仍需要请重新操作。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Mark as read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>When a card goes cold</source>
        <translation>客户卡片何时变冷</translation>
    </message>
    <message>
        <source>Days without contact after which a card is highlighted, per stage. 0 turns it off for that stage.</source>
        <translation>各阶段客户超过多少天未跟进时高亮提醒。设为 0 表示该阶段不提醒。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>A new language applies the next time you start.</source>
        <translation>更改语言后，下次启动时生效。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Wrong username or password, or the account is deactivated.</source>
        <extracomment>attempt(server_url, username, password, on_done, on_error)</extracomment>
        <translation>用户名或密码不正确，或账号已停用。</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the address and the network, then try again.</source>
        <translation>无法连接服务器。请检查地址和网络后重试。</translation>
    </message>
    <message>
        <source>The server is having trouble. Try again in a minute.</source>
        <translation>服务器暂时出现问题，请稍后再试。</translation>
    </message>
    <message>
        <source>The server needs a newer Showroom Desk ({version} or later).</source>
        <translation>服务器要求更新的展厅顾问台（{version} 或以上版本）。</translation>
    </message>
    <message>
        <source>This PC&apos;s customer data belongs to another account. Sign in with that account, or ask your manager to set up a new data folder.</source>
        <translation>这台电脑上的客户数据属于另一个账号。请用该账号登录，或请经理设置新的数据文件夹。</translation>
    </message>
    <message>
        <source>This PC is registered to another account on the server.</source>
        <translation>这台电脑在服务器上已登记给另一个账号。</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. https://desk.example.cn</source>
        <translation>请输入服务器地址，例如 https://desk.example.cn</translation>
    </message>
    <message>
        <source>The server answered unexpectedly: {error}</source>
        <translation>服务器返回了意外的结果：{error}</translation>
    </message>
    <message>
        <source>Sign-in failed: {error}</source>
        <translation>登录失败：{error}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Showroom Desk</source>
        <translation>登录展厅顾问台</translation>
    </message>
    <message>
        <source>Sign in with the account your showroom gave you. Your customers sync with the showroom&apos;s server and stay on this PC when the network is down.</source>
        <translation>请使用门店分配给您的账号登录。客户数据与门店服务器同步，断网时仍保存在本机。</translation>
    </message>
    <message>
        <source>e.g. zhangwei</source>
        <translation>例如 zhangwei</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Use on this PC only</source>
        <translation>仅在本机使用</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不登录</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>StageDetailsDialog</name>
    <message>
        <source>Move {name} to {stage}</source>
        <translation>将{name}移至“{stage}”阶段</translation>
    </message>
    <message numerus="yes">
        <source>Move %n customers to {stage}</source>
        <translation>
            <numerusform>将 %n 位客户移至“{stage}”阶段</numerusform>
        </translation>
    </message>
    <message>
        <source>Visit time</source>
        <translation>到店时间</translation>
    </message>
    <message>
        <source>Number of people</source>
        <translation>到店人数</translation>
    </message>
    <message>
        <source>Choose a vehicle</source>
        <translation>选择试驾车型</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>试驾车型</translation>
    </message>
    <message>
        <source>Drive time</source>
        <translation>试驾时间</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择车型</translation>
    </message>
    <message>
        <source>Choose a trim</source>
        <translation>选择配置</translation>
    </message>
    <message>
        <source>Choose a colour</source>
        <translation>选择颜色</translation>
    </message>
    <message>
        <source>Trading in their old car</source>
        <translation>旧车置换</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Trim</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>定金</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Choose a reason</source>
        <translation>选择战败原因</translation>
    </message>
    <message>
        <source>Brand and model, e.g. 丰田凯美瑞</source>
        <translation>品牌及车型，如：丰田凯美瑞</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>战败原因</translation>
    </message>
    <message>
        <source>Competitor</source>
        <translation>竞品</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StoreProblemDialog</name>
    <message>
        <source>Daily backup</source>
        <translation>每日备份</translation>
    </message>
    <message>
        <source>Made before an update</source>
        <translation>升级前备份</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Choose a folder for Showroom Desk&apos;s data</source>
        <translation>选择展厅顾问台的数据文件夹</translation>
    </message>
    <message>
        <source>The database is in use</source>
        <translation>数据库正在被占用</translation>
    </message>
    <message>
        <source>Showroom Desk is already open, or another program is using the database. Close the other window, or wait for the other program to finish, then choose Retry.</source>
        <translation>展厅顾问台已经打开，或有其他程序正在使用数据库。请关闭另一个窗口，或等待其他程序结束，然后点击“重试”。</translation>
    </message>
    <message>
        <source>The data folder is read-only</source>
        <translation>数据文件夹为只读</translation>
    </message>
    <message>
        <source>Showroom Desk cannot save anything, because its data folder or database file is read-only. Make the folder writable (or move it off a read-only drive) and choose Retry, or use another folder.</source>
        <translation>数据文件夹或数据库文件为只读，展厅顾问台无法保存任何内容。请将该文件夹设为可写（或将其移出只读磁盘）后点击“重试”，或改用其他文件夹。</translation>
    </message>
    <message>
        <source>Showroom Desk cannot read its database file, and no automatic backup was found. The damaged file has not been changed. You can start afresh in another folder, or quit and ask for help (Copy details gives support what they need).</source>
        <translation>展厅顾问台无法读取数据库文件，且未找到自动备份。已损坏的文件未做任何改动。您可以在其他文件夹中重新开始，或退出程序并联系技术支持（点击“复制详细信息”即可获得技术支持所需的信息）。</translation>
    </message>
    <message>
        <source>Showroom Desk cannot read its database file. You can restore the newest automatic backup, from {date}: your data comes back as it was then, and anything entered since is lost. The damaged file is kept aside, not deleted.</source>
        <translation>展厅顾问台无法读取数据库文件。您可以恢复最新的自动备份（{date}）：数据将恢复到当时的状态，此后录入的内容将会丢失。已损坏的文件会另行保留，不会被删除。</translation>
    </message>
    <message>
        <source>The database file is damaged</source>
        <translation>数据库文件已损坏</translation>
    </message>
    <message>
        <source>This database needs a newer Showroom Desk</source>
        <translation>此数据库需要更新版本的展厅顾问台</translation>
    </message>
    <message>
        <source>This database was saved by a newer version of Showroom Desk. Update the app; the file was not changed.</source>
        <translation>此数据库由更新版本的展厅顾问台保存。请升级本程序；该文件未做任何改动。</translation>
    </message>
    <message>
        <source>The database could not be updated</source>
        <translation>数据库升级失败</translation>
    </message>
    <message>
        <source>Showroom Desk could not update the database to this version. The backup taken just before the update was put back, so your data is as it was. Choose Retry, or quit and ask for help.</source>
        <translation>展厅顾问台无法将数据库升级到当前版本。已恢复升级前的备份，您的数据与升级前一致。请点击“重试”，或退出程序并联系技术支持。</translation>
    </message>
    <message>
        <source>The data folder cannot be used</source>
        <translation>数据文件夹无法使用</translation>
    </message>
    <message>
        <source>Showroom Desk cannot create or write to its data folder. Check that the drive is connected and that you may write there, then choose Retry, or use another folder.</source>
        <translation>展厅顾问台无法创建或写入数据文件夹。请检查磁盘是否已连接、您是否有写入权限，然后点击“重试”，或改用其他文件夹。</translation>
    </message>
    <message>
        <source>The database could not be opened</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Showroom Desk could not open its database. Choose Retry, use another folder, or quit.</source>
        <translation>展厅顾问台无法打开数据库。请点击“重试”、改用其他文件夹或退出程序。</translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>展厅顾问台</translation>
    </message>
    <message>
        <source>Automatic backups, newest first:</source>
        <translation>自动备份（最新的在前）：</translation>
    </message>
    <message>
        <source>{when}  ·  {kind}</source>
        <translation>{when}  ·  {kind}</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Use &amp;another folder…</source>
        <translation>使用其他文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;store backup</source>
        <translation>恢复备份(&amp;S)</translation>
    </message>
    <message>
        <source>Problem: {kind}</source>
        <translation>问题：{kind}</translation>
    </message>
    <message>
        <source>Path: {path}</source>
        <translation>路径：{path}</translation>
    </message>
    <message>
        <source>Detail: {detail}</source>
        <translation>详情：{detail}</translation>
    </message>
    <message>
        <source>Showroom Desk {version}, Qt {qt}</source>
        <translation>展厅顾问台 {version}，Qt {qt}</translation>
    </message>
    <message>
        <source>Newest backup: {path}</source>
        <translation>最新备份：{path}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>The backup could not be restored: {detail}</source>
        <translation>备份恢复失败：{detail}</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>On this PC only</source>
        <translation>仅本机</translation>
    </message>
    <message>
        <source>Not connected to a server: changes stay on this PC.</source>
        <translation>未连接服务器：更改只保存在本机。</translation>
    </message>
    <message>
        <source>Last synced at {time}</source>
        <translation>上次同步：{time}</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sign in to sync</source>
        <translation>请登录以同步</translation>
    </message>
    <message>
        <source>Your sign-in has expired; changes are kept.</source>
        <translation>登录已过期，更改已保留。</translation>
    </message>
    <message>
        <source>Update required</source>
        <translation>需要更新</translation>
    </message>
    <message>
        <source>The server needs a newer Showroom Desk. Your changes are kept on this PC.</source>
        <translation>服务器要求更新版本的展厅顾问台。您的更改已保存在本机。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sync error · retrying</source>
        <translation>同步出错 · 正在重试</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>已同步 {time}</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Customer details</source>
        <translation>客户资料</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>Stage move</source>
        <translation>阶段变更</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Reminder done</source>
        <translation>完成提醒</translation>
    </message>
    <message>
        <source>Tag added</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Tag removed</source>
        <translation>移除标签</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Refused changes…</source>
        <translation>被拒绝的更改…</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message numerus="yes">
        <source>Offline · %n change(s) waiting</source>
        <translation>
            <numerusform>离线 · %n 项待同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n 项待同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{status} · %n refused</source>
        <translation>
            <numerusform>{status} · %n 项被拒绝</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncUi</name>
    <message>
        <source>Sync could not start: {error}</source>
        <translation>无法开始同步：{error}</translation>
    </message>
    <message>
        <source>Working on this PC only. Sign in any time from the status bar.</source>
        <translation>仅在本机工作。可随时从状态栏登录。</translation>
    </message>
    <message>
        <source>Signed in. No system keyring was found, so the sign-in is kept in a file only your Windows/macOS/Linux account can read.</source>
        <translation>已登录。未找到系统钥匙串，登录凭据保存在只有您的系统账户可读取的文件中。</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>已登录。</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out of the server? Your customers stay on this PC, and changes not yet synced are sent when you sign in again with the same account.</source>
        <translation>确定退出登录吗？客户数据仍保留在本机，尚未同步的更改会在您用同一账号再次登录后发送。</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>已退出登录。</translation>
    </message>
    <message>
        <source>Signed out on this PC. The server could not be told; the old sign-in expires on its own.</source>
        <translation>已在本机退出登录。暂时无法通知服务器，原登录凭据将自动过期。</translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message numerus="yes">
        <source>Tag %n customer(s)</source>
        <translation>
            <numerusform>为 %n 位客户添加标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add tags to %n selected customer(s).</source>
        <translation>
            <numerusform>为选中的 %n 位客户添加标签。</numerusform>
        </translation>
    </message>
    <message>
        <source>Tag names, separated by commas</source>
        <translation>标签名称，多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>Existing tags (click to add):</source>
        <translation>已有标签（点击添加）：</translation>
    </message>
    <message>
        <source>Add tags</source>
        <translation>添加标签</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>{time} · {by}</source>
        <extracomment>Field names of ContactDraft, in form order (the keys `show_errors` understands). The panel&apos;s look, by objectName; the app stylesheet may take these rules over.</extracomment>
        <translation>{time} · {by}</translation>
    </message>
    <message>
        <source>{kind}: {body}</source>
        <translation>{kind}：{body}</translation>
    </message>
    <message>
        <source>Edit not kept: {field} “{lost}” lost to a later edit; it stays “{kept}”</source>
        <translation>修改未保留：{field}“{lost}”被之后的修改覆盖，保持为“{kept}”</translation>
    </message>
    <message>
        <source>Reminder done: {note}</source>
        <translation>已完成提醒：{note}</translation>
    </message>
    <message>
        <source>Reminder done</source>
        <translation>已完成提醒</translation>
    </message>
    <message>
        <source>Added as {stage}</source>
        <translation>新建客户：{stage}</translation>
    </message>
    <message>
        <source>Undone: back to {new} from {old}</source>
        <translation>撤销移动：从{old}退回{new}</translation>
    </message>
    <message>
        <source>Lost: {reason} ({competitor})</source>
        <translation>战败：{reason}（{competitor}）</translation>
    </message>
    <message>
        <source>Lost: {reason}</source>
        <translation>战败：{reason}</translation>
    </message>
    <message>
        <source>{summary} — {note}</source>
        <translation>{summary}，备注：{note}</translation>
    </message>
    <message numerus="yes">
        <source>{old} → {new} (%n people)</source>
        <translation>
            <numerusform>{old} → {new}（%n 人）</numerusform>
        </translation>
    </message>
    <message>
        <source>{old} → {new} ({vehicle})</source>
        <translation>{old} → {new}（{vehicle}）</translation>
    </message>
    <message>
        <source>{model} {trim}, {colour}, deposit ¥{deposit}, {payment}, with trade-in</source>
        <translation>{model} {trim}，{colour}，定金 ¥{deposit}，{payment}，旧车置换</translation>
    </message>
    <message>
        <source>{model} {trim}, {colour}, deposit ¥{deposit}, {payment}</source>
        <translation>{model} {trim}，{colour}，定金 ¥{deposit}，{payment}</translation>
    </message>
    <message>
        <source>{old} → {new}: {order}</source>
        <translation>{old} → {new}：{order}</translation>
    </message>
    <message>
        <source>{old} → {new}</source>
        <translation>{old} → {new}</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <source>Reminders due</source>
        <extracomment>Rows show at most this much of a reminder note; the delegate elides the rest.</extracomment>
        <translation>待办提醒</translation>
    </message>
    <message>
        <source>Going cold</source>
        <translation>久未跟进</translation>
    </message>
    <message>
        <source>Birthdays this week</source>
        <translation>未来 7 天生日</translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation>{title}（{count}）</translation>
    </message>
    <message>
        <source>Nothing overdue or due today — nice work</source>
        <translation>没有逾期或今日到期的提醒，继续保持</translation>
    </message>
    <message>
        <source>Every lead has been followed up recently</source>
        <translation>所有客户近期都已跟进</translation>
    </message>
    <message>
        <source>No birthdays in the coming week</source>
        <translation>未来一周没有客户过生日</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n min</source>
        <translation>
            <numerusform>逾期 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n h</source>
        <translation>
            <numerusform>逾期 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>Was due {time}</source>
        <translation>原定 {time}</translation>
    </message>
    <message>
        <source>Was due {date} {time}</source>
        <translation>原定 {date} {time}</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>现在到期</translation>
    </message>
    <message numerus="yes">
        <source>In %n min</source>
        <translation>
            <numerusform>%n 分钟后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In %n h</source>
        <translation>
            <numerusform>%n 小时后</numerusform>
        </translation>
    </message>
    <message>
        <source>Last contact {date}</source>
        <translation>上次联系 {date}</translation>
    </message>
    <message numerus="yes">
        <source>Untouched for %n day(s)</source>
        <translation>
            <numerusform>%n 天未跟进</numerusform>
        </translation>
    </message>
    <message>
        <source>MMMM d, dddd</source>
        <comment>Qt date format: a birthday with its weekday</comment>
        <translation>M月d日 dddd</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message numerus="yes">
        <source>In %n day(s)</source>
        <translation>
            <numerusform>%n 天后</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} · {when}</source>
        <translation>{name} · {when}</translation>
    </message>
    <message>
        <source>{name} · {detail} · {when}</source>
        <translation>{name} · {detail} · {when}</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>Qt date format: a short date</comment>
        <translation>M月d日</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Today&apos;s list</source>
        <translation>今日待办列表</translation>
    </message>
    <message>
        <source>Enter opens the contact · Space marks a reminder done · Right-click for more</source>
        <translation>回车打开客户 · 空格将提醒标记为已完成 · 右键查看更多操作</translation>
    </message>
    <message>
        <source>dddd, MMMM d</source>
        <comment>Qt date format: today&apos;s date in the page title</comment>
        <translation>M月d日 dddd</translation>
    </message>
    <message>
        <source>All clear for today</source>
        <translation>今日事项已全部处理</translation>
    </message>
    <message>
        <source>{overdue} · {due_today} · {going_cold} · {birthdays}</source>
        <translation>{overdue} · {due_today} · {going_cold} · {birthdays}</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>逾期 %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due today</source>
        <translation>
            <numerusform>今日到期 %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n going cold</source>
        <translation>
            <numerusform>久未跟进 %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n birthday(s)</source>
        <translation>
            <numerusform>生日 %n</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open contact</source>
        <translation>打开客户(&amp;O)</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>标记为已完成(&amp;D)</translation>
    </message>
</context>
<context>
    <name>_ReminderRowWidget</name>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>(no note)</source>
        <translation>（无备注）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Mark this reminder done</source>
        <translation>将此提醒标记为已完成</translation>
    </message>
</context>
</TS>
