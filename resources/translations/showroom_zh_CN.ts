<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Stable</source>
        <translation>正式版</translation>
    </message>
    <message>
        <source>Beta (test versions)</source>
        <translation>测试版</translation>
    </message>
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
        <source>Update channel:</source>
        <translation>更新通道：</translation>
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
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>New version {version} available</source>
        <translation>新版本 {version} 可用</translation>
    </message>
    <message>
        <source>No browser could open {url}; copy it into one.</source>
        <translation>无法用浏览器打开 {url}，请复制到浏览器中打开。</translation>
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
        <source>{name} opened “{title}” again ({count} times so far).</source>
        <translation>{name} 再次打开了《{title}》（已打开 {count} 次）。</translation>
    </message>
    <message>
        <source>{name} just opened “{title}”.</source>
        <translation>{name} 刚刚打开了《{title}》。</translation>
    </message>
    <message numerus="yes">
        <source>{name} opened the articles you shared %n time(s).</source>
        <translation>
            <numerusform>{name} 打开了您分享的文章 %n 次。</numerusform>
        </translation>
    </message>
    <message>
        <source>{names} opened articles you shared.</source>
        <translation>{names} 打开了您分享的文章。</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) opened articles you shared.</source>
        <translation>
            <numerusform>%n 位客户打开了您分享的文章。</numerusform>
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
    <name>ChannelDelegate</name>
    <message>
        <source>{name} (mine)</source>
        <translation>{name}（我的）</translation>
    </message>
    <message>
        <source>No benefit line</source>
        <translation>未设置利益点</translation>
    </message>
</context>
<context>
    <name>ChannelDialog</name>
    <message>
        <source>{unknown} is not a placeholder. The placeholders are {known}</source>
        <translation>{unknown} 不是可用的占位符。可用的占位符：{known}</translation>
    </message>
    <message>
        <source>A channel with this name exists already</source>
        <translation>已有同名渠道</translation>
    </message>
    <message>
        <source>This channel is archived</source>
        <translation>该渠道已归档</translation>
    </message>
    <message>
        <source>This code was revoked and cannot be used again</source>
        <translation>该二维码已作废，不能再使用</translation>
    </message>
    <message>
        <source>New channel</source>
        <translation>新建渠道</translation>
    </message>
    <message>
        <source>Edit channel</source>
        <translation>编辑渠道</translation>
    </message>
    <message>
        <source>e.g. 老客户转介绍, 4月车展</source>
        <translation>例如：老客户转介绍、4月车展</translation>
    </message>
    <message>
        <source>e.g. 扫码领取免费洗车券</source>
        <translation>例如：扫码领取免费洗车券</translation>
    </message>
    <message>
        <source>e.g. {customer}您好！我是{showroom}的{consultant}，很高兴为您服务。</source>
        <translation>例如：{customer}您好！我是{showroom}的{consultant}，很高兴为您服务。</translation>
    </message>
    <message>
        <source>Separated by commas, e.g. 车展客户, 高意向</source>
        <translation>用逗号分隔，例如：车展客户，高意向</translation>
    </message>
    <message>
        <source>Insert:</source>
        <translation>插入：</translation>
    </message>
    <message>
        <source>the customer&apos;s name</source>
        <translation>客户称呼</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>the showroom</source>
        <translation>展厅名称</translation>
    </message>
    <message>
        <source>Replaced by {what} when the message is sent</source>
        <translation>发送时替换为{what}</translation>
    </message>
    <message>
        <source>Sent to customers who leave their number through this channel&apos;s code. {customer}, {consultant} and {showroom} are filled in for each customer.</source>
        <translation>客户通过本渠道二维码留下手机号后发送。{customer}、{consultant}、{showroom} 会按每位客户自动填入。</translation>
    </message>
    <message>
        <source>Printed under the code and shown on the showroom screen.</source>
        <translation>印在二维码下方，并显示在展厅大屏上。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Benefit line</source>
        <translation>利益点</translation>
    </message>
    <message>
        <source>Welcome message</source>
        <translation>欢迎语</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>ChannelListModel</name>
    <message>
        <source>{name} · {benefit} · {state}</source>
        <translation>{name} · {benefit} · {state}</translation>
    </message>
    <message>
        <source>{name} · {state}</source>
        <translation>{name} · {state}</translation>
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
    <name>KioskMode</name>
    <message>
        <source>Getting the codes ready…</source>
        <translation>正在准备二维码…</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>The codes appear here once this desk is connected to the server.</source>
        <translation>本机连接服务器后，二维码会显示在这里。</translation>
    </message>
    <message>
        <source>The codes appear here on their own after the next sync.</source>
        <translation>下次同步后，二维码会自动显示在这里。</translation>
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
    <name>LibraryController</name>
    <message>
        <source>The file could not be downloaded; try again when the server is reachable.</source>
        <extracomment>The sync&apos;s network worker and the desk&apos;s server link. The file cache&apos;s folder inside the workspace&apos;s data folder. Longest side of an image preview, in pixels (scaled on the worker). Characters a file name may not contain on Windows (plus control characters). Its file is being downloaded; `open` answers again once it is here. An article&apos;s own web address (what is sent when no tracked link can be had). The customer&apos;s tracked link (链接雷达) that `text` carries instead of `url`. The tracked link (链接雷达) that was copied, if the material was an article sent to a customer and the server made (or had made) one.</extracomment>
        <translation>文件下载失败，请在能连接服务器时重试。</translation>
    </message>
    <message>
        <source>Downloading “{title}”…</source>
        <translation>正在下载“{title}”…</translation>
    </message>
    <message>
        <source>not signed in to the server</source>
        <translation>未登录服务器</translation>
    </message>
    <message>
        <source>Making a tracked link for {name}…</source>
        <translation>正在为{name}生成追踪链接…</translation>
    </message>
    <message>
        <source>this customer has not reached the server yet; sync first</source>
        <translation>该客户尚未同步到服务器，请先同步</translation>
    </message>
    <message>
        <source>the server refused: {reason}</source>
        <translation>服务器拒绝：{reason}</translation>
    </message>
    <message>
        <source>the server cannot be reached</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <source>the server could not make one</source>
        <translation>服务器未能生成追踪链接</translation>
    </message>
    <message>
        <source>“{title}” is not on this computer yet; it must be downloaded before it can be copied.</source>
        <translation>“{title}”还没有下载到这台电脑，需要先下载才能复制。</translation>
    </message>
    <message>
        <source>Sent a tracked link (link radar): {title}</source>
        <translation>已发送追踪链接（链接雷达）：{title}</translation>
    </message>
    <message>
        <source>Copied “{title}” with {name}&apos;s tracked link; you will be told when they open it.</source>
        <translation>已复制《{title}》及{name}的专属追踪链接；客户打开时会通知您。</translation>
    </message>
    <message>
        <source>Sent from the library: {title}</source>
        <translation>从素材库发送：{title}</translation>
    </message>
    <message>
        <source>Copied “{title}” with the article&apos;s own link and logged it as sent to {name}. It is not tracked: {reason}.</source>
        <translation>已复制《{title}》（文章原链接）并记为已发送给{name}。此次不追踪打开：{reason}。</translation>
    </message>
    <message>
        <source>Copied “{title}” and logged it as sent to {name}.</source>
        <translation>已复制“{title}”，并记为已发送给{name}。</translation>
    </message>
    <message>
        <source>Copied “{title}”. No customer is open, so nothing was logged.</source>
        <translation>已复制“{title}”。没有打开的客户，所以未记录发送。</translation>
    </message>
    <message>
        <source>Copied “{title}”.</source>
        <translation>已复制“{title}”。</translation>
    </message>
    <message>
        <source>Added to favourites.</source>
        <translation>已收藏。</translation>
    </message>
    <message>
        <source>Removed from favourites.</source>
        <translation>已取消收藏。</translation>
    </message>
    <message>
        <source>Script saved.</source>
        <translation>话术已保存。</translation>
    </message>
    <message>
        <source>Script deleted.</source>
        <translation>话术已删除。</translation>
    </message>
    <message>
        <source>That material is no longer in the library.</source>
        <translation>该素材已不在素材库中。</translation>
    </message>
    <message>
        <source>Company materials are read-only.</source>
        <translation>企业素材只读，不能修改。</translation>
    </message>
    <message>
        <source>The file of that material cannot be read; it may be damaged.</source>
        <translation>无法读取该素材的文件，文件可能已损坏。</translation>
    </message>
</context>
<context>
    <name>LibraryLabels</name>
    <message>
        <source>Q&amp;A</source>
        <translation>问答</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
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
        <source>Only scripts and Q&amp;A can be written here</source>
        <translation>这里只能写话术和问答</translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Material library</source>
        <translation>素材库</translation>
    </message>
    <message>
        <source>+ New script</source>
        <translation>+ 新建话术</translation>
    </message>
    <message>
        <source>Write a script of your own (only you see it)</source>
        <translation>写一条自己的话术（仅自己可见）</translation>
    </message>
    <message>
        <source>Search titles, text, tags, categories and models: words, pinyin or initials</source>
        <translation>搜索标题、正文、标签、分类和车型：支持汉字、拼音和首字母</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Company and personal</source>
        <translation>企业和个人</translation>
    </message>
    <message>
        <source>★ Favourites only</source>
        <translation>★ 只看收藏</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>全部车型</translation>
    </message>
    <message>
        <source>Library results</source>
        <translation>素材搜索结果</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message numerus="yes">
        <source>%n material(s)</source>
        <translation>
            <numerusform>%n 条素材</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %n materials</source>
        <translation>
            <numerusform>超过 %n 条素材</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches. Try fewer words or other filters.</source>
        <translation>没有匹配的素材。试试少输几个字，或换个筛选条件。</translation>
    </message>
    <message numerus="yes">
        <source>Showing the best %n</source>
        <translation>
            <numerusform>显示最相关的 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy and log as sent to {name}</source>
        <translation>复制并记为已发送给{name}</translation>
    </message>
    <message>
        <source>Copies it and adds a message to their timeline; an article goes with their own tracked link, and you are told when they open it</source>
        <translation>复制并在其跟进记录中添加一条消息；文章会附上该客户的专属追踪链接，客户打开时会通知您</translation>
    </message>
    <message>
        <source>Copy and log as sent</source>
        <translation>复制并记为已发送</translation>
    </message>
    <message>
        <source>Open a customer first to log it on their timeline</source>
        <translation>先打开一位客户，才能记到他的跟进记录里</translation>
    </message>
    <message>
        <source>Script not saved</source>
        <translation>话术未保存</translation>
    </message>
    <message>
        <source>The script was not saved: {reason}</source>
        <translation>话术未保存：{reason}</translation>
    </message>
    <message>
        <source>Delete script</source>
        <translation>删除话术</translation>
    </message>
    <message>
        <source>Delete “{title}”? This cannot be undone.</source>
        <translation>删除“{title}”？删除后无法恢复。</translation>
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
        <source>Library</source>
        <translation>素材库</translation>
    </message>
    <message>
        <source>Live codes</source>
        <translation>渠道活码</translation>
    </message>
    <message>
        <source>Your channel QR codes: print, show, statistics</source>
        <translation>您的渠道二维码：打印、展示、统计</translation>
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
        <source>Search the library</source>
        <translation>搜索素材库</translation>
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
    <name>MaterialListModel</name>
    <message>
        <source>{kind}: {title}</source>
        <translation>{kind}：{title}</translation>
    </message>
</context>
<context>
    <name>MaterialPane</name>
    <message>
        <source>Choose a material to see it in full</source>
        <extracomment>The kind filter&apos;s choices, in chip order (None: every kind).</extracomment>
        <translation>选择一条素材查看完整内容</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy (Enter)</source>
        <translation>复制（Enter）</translation>
    </message>
    <message>
        <source>Copy and log as sent</source>
        <translation>复制并记为已发送</translation>
    </message>
    <message>
        <source>Add to or remove from favourites (Ctrl+D)</source>
        <translation>收藏或取消收藏（Ctrl+D）</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Company material · read-only</source>
        <translation>企业素材 · 只读</translation>
    </message>
    <message>
        <source>★ In favourites</source>
        <translation>★ 已收藏</translation>
    </message>
    <message>
        <source>☆ Add to favourites</source>
        <translation>☆ 收藏</translation>
    </message>
    <message numerus="yes">
        <source>{author} · updated {date} · used %n time(s)</source>
        <translation>
            <numerusform>{author} · {date} 更新 · 已用 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updated {date} · used %n time(s)</source>
        <translation>
            <numerusform>{date} 更新 · 已用 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>已在本机</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Not downloaded to this computer yet, so it cannot be copied</source>
        <translation>尚未下载到本机，暂时不能复制</translation>
    </message>
    <message>
        <source>{name} · {where}</source>
        <translation>{name} · {where}</translation>
    </message>
    <message>
        <source>{name} · {size} · {where}</source>
        <translation>{name} · {size} · {where}</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
</context>
<context>
    <name>QrPage</name>
    <message>
        <source>Usable</source>
        <extracomment>Preview resolution: drawn at the size it is shown, within these bounds (dpi).</extracomment>
        <translation>可用</translation>
    </message>
    <message>
        <source>Usable once synced</source>
        <translation>同步后可用</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>No code yet</source>
        <translation>无二维码</translation>
    </message>
    <message>
        <source>Live codes</source>
        <translation>渠道活码</translation>
    </message>
    <message>
        <source>A code per channel: every scan reaches you.</source>
        <translation>每个渠道一个二维码，每次扫码都直达您。</translation>
    </message>
    <message>
        <source>New channel…</source>
        <translation>新建渠道…</translation>
    </message>
    <message>
        <source>Edit channel…</source>
        <translation>编辑渠道…</translation>
    </message>
    <message>
        <source>A4 table card</source>
        <translation>A4 台卡</translation>
    </message>
    <message>
        <source>A3 poster</source>
        <translation>A3 海报</translation>
    </message>
    <message>
        <source>X-banner 80×180 cm</source>
        <translation>X展架 80×180</translation>
    </message>
    <message>
        <source>{name} · read from {near}–{far} m</source>
        <translation>{name} · 扫码距离 {near}–{far} 米</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>No link yet</source>
        <translation>暂无链接</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Make code</source>
        <translation>生成二维码</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export PNG (300 dpi)…</source>
        <translation>导出 PNG (300 dpi)…</translation>
    </message>
    <message>
        <source>Showroom screen…</source>
        <translation>展厅大屏模式…</translation>
    </message>
    <message>
        <source>Show your codes full screen on a showroom display, one after another</source>
        <translation>在展厅显示屏上全屏轮播您的二维码</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Live codes need the server: a code is made there, and customers&apos; phones reach it. This desk works on this PC only; sign in from the status bar to get your codes.</source>
        <translation>渠道活码需要服务器：二维码由服务器生成，客户的手机也要访问服务器。本机目前只在本地使用，请在状态栏登录以获取您的二维码。</translation>
    </message>
    <message>
        <source>Not signed in: new codes, changes and statistics wait for the server. Sign in from the status bar.</source>
        <translation>未登录：新的二维码、修改和统计要等连接服务器后才能处理。请在状态栏登录。</translation>
    </message>
    <message>
        <source>No channel</source>
        <translation>未选择渠道</translation>
    </message>
    <message>
        <source>Choose a channel on the left.</source>
        <translation>请在左侧选择一个渠道。</translation>
    </message>
    <message>
        <source>Usable, but this desk is not connected to the server to show it.</source>
        <translation>可用，但本机未连接服务器，无法显示。</translation>
    </message>
    <message>
        <source>Usable: print it, share the link or show it on the showroom screen.</source>
        <translation>可用：可打印、分享链接或在展厅大屏上展示。</translation>
    </message>
    <message>
        <source>Usable once synced: the server makes the code at the next sync; until then there is nothing to print.</source>
        <translation>同步后可用：下次同步时由服务器生成二维码，在此之前无法打印。</translation>
    </message>
    <message>
        <source>Paused: customers who scan it are looked after by the consultant on duty.</source>
        <translation>已暂停：扫码的客户将由值班顾问接待。</translation>
    </message>
    <message>
        <source>This channel is archived.</source>
        <translation>该渠道已归档。</translation>
    </message>
    <message>
        <source>No code for this channel yet: “Make code” asks the server for one.</source>
        <translation>该渠道还没有二维码：点击“生成二维码”向服务器申请。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>The showroom&apos;s channels are changed by your manager</source>
        <translation>展厅渠道由经理修改</translation>
    </message>
    <message>
        <source>Live codes need the server. Sign in to see and print your codes.</source>
        <translation>渠道活码需要服务器。请登录后查看和打印您的二维码。</translation>
    </message>
    <message>
        <source>Usable once synced: the QR code appears here after the next sync.</source>
        <translation>同步后可用：下次同步后二维码会显示在这里。</translation>
    </message>
    <message>
        <source>No code yet. “Make code” asks the server for one.</source>
        <translation>还没有二维码。点击“生成二维码”向服务器申请。</translation>
    </message>
    <message>
        <source>No font has {chars}: they print as empty boxes.</source>
        <translation>没有字体包含 {chars}：打印出来会是空白方框。</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>链接已复制。</translation>
    </message>
    <message>
        <source>Code asked for: it is usable once synced.</source>
        <translation>已申请二维码：同步后可用。</translation>
    </message>
    <message>
        <source>Code resumed.</source>
        <translation>二维码已恢复。</translation>
    </message>
    <message>
        <source>Code paused.</source>
        <translation>二维码已暂停。</translation>
    </message>
    <message>
        <source>Archive channel</source>
        <translation>归档渠道</translation>
    </message>
    <message>
        <source>Archive this channel? It leaves the list; its code keeps working until you pause it.</source>
        <translation>归档此渠道？它将从列表中移除；其二维码在您暂停之前仍然有效。</translation>
    </message>
    <message>
        <source>Channel archived.</source>
        <translation>渠道已归档。</translation>
    </message>
    <message>
        <source>Archive channel…</source>
        <translation>归档渠道…</translation>
    </message>
    <message>
        <source>Channel created: its code is usable once synced.</source>
        <translation>渠道已创建：其二维码同步后可用。</translation>
    </message>
    <message>
        <source>Channel saved.</source>
        <translation>渠道已保存。</translation>
    </message>
    <message>
        <source>Writing the PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <source>Writing the {dpi} dpi PNG; a large poster takes a few seconds…</source>
        <translation>正在导出 {dpi} dpi PNG，大尺寸海报需要几秒钟…</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>Saved {file}. &lt;a href=&quot;{folder}&quot;&gt;Show the folder&lt;/a&gt;</source>
        <translation>已保存 {file}。&lt;a href=&quot;{folder}&quot;&gt;打开所在文件夹&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>your title</source>
        <translation>您的职位</translation>
    </message>
    <message>
        <source>the showroom&apos;s name</source>
        <translation>展厅名称</translation>
    </message>
    <message>
        <source>the benefit line</source>
        <translation>利益点</translation>
    </message>
    <message>
        <source>No font has {chars} of {field}: they print as empty boxes.</source>
        <translation>没有字体包含{field}中的 {chars}：打印出来会是空白方框。</translation>
    </message>
    <message>
        <source>{field} was too long for the poster and is cut short with “…”.</source>
        <translation>{field}太长，海报上以“…”截断。</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>The server&apos;s address is too long for a QR code (at most {limit} characters with the code). Ask your manager for a shorter public address.</source>
        <translation>服务器地址太长，放不进二维码（连同码最多 {limit} 个字符）。请联系经理提供更短的公网地址。</translation>
    </message>
    <message>
        <source>The server&apos;s address cannot go into a QR code: {url}</source>
        <translation>服务器地址无法放入二维码：{url}</translation>
    </message>
    <message>
        <source>No font for posters was found: the installation is incomplete.</source>
        <translation>找不到海报字体：安装不完整。</translation>
    </message>
    <message>
        <source>A picture for the poster cannot be read: {detail}</source>
        <translation>海报图片无法读取：{detail}</translation>
    </message>
    <message>
        <source>Something went wrong; details are in the log.</source>
        <translation>出错了，详情见日志。</translation>
    </message>
    <message>
        <source>Statistics need a connection to the server.</source>
        <translation>统计需要连接服务器。</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在向服务器查询…</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) in this period.</source>
        <translation>
            <numerusform>本期共 %n 次扫码。</numerusform>
        </translation>
    </message>
    <message>
        <source>No scans in this period yet.</source>
        <translation>本期还没有扫码。</translation>
    </message>
    <message>
        <source>Sign in to see the statistics.</source>
        <translation>请登录后查看统计。</translation>
    </message>
    <message>
        <source>Showroom screen</source>
        <translation>展厅大屏</translation>
    </message>
    <message>
        <source>No code can go on the screen yet: the screen shows codes the server has made and that are not paused.</source>
        <translation>还没有可以上屏的二维码：大屏只显示服务器已生成且未暂停的二维码。</translation>
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
    <name>QuickSearchPalette</name>
    <message>
        <source>Search the library: words, pinyin or initials</source>
        <extracomment>How far the arrow and page keys move the keyboard in the results.</extracomment>
        <translation>搜索素材库：汉字、拼音或首字母</translation>
    </message>
    <message>
        <source>Search the library</source>
        <translation>搜索素材库</translation>
    </message>
    <message>
        <source>Library results</source>
        <translation>素材搜索结果</translation>
    </message>
    <message>
        <source>The library cannot be searched right now. Details are in the log.</source>
        <translation>素材库暂时无法搜索，详情见日志。</translation>
    </message>
    <message>
        <source>Nothing in the library matches “{text}”.</source>
        <translation>素材库里没有与“{text}”匹配的内容。</translation>
    </message>
    <message>
        <source>Recently used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Type to search scripts, Q&amp;A, articles and images. What you copy and add to favourites shows here.</source>
        <translation>输入即可搜索话术、问答、文章和图片。复制过和收藏的素材会显示在这里。</translation>
    </message>
    <message>
        <source>Enter copies · Ctrl+Enter copies and logs it as sent to {name} · Ctrl+D favourite · Esc closes</source>
        <translation>Enter 复制 · Ctrl+Enter 复制并记为已发送给{name} · Ctrl+D 收藏 · Esc 关闭</translation>
    </message>
    <message>
        <source>Enter copies · Ctrl+Enter also logs it as sent (open a customer first) · Ctrl+D favourite · Esc closes</source>
        <translation>Enter 复制 · Ctrl+Enter 同时记为已发送（需先打开客户）· Ctrl+D 收藏 · Esc 关闭</translation>
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
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Customer or item</source>
        <translation>客户/内容</translation>
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
    <name>ScreenMode</name>
    <message>
        <source>Showroom screen</source>
        <extracomment>The monitor screen mode uses (its name, as `QScreen.name()` gives it); empty: the primary. How long each code stays on the showroom screen. The codes last chosen for the showroom screen (code ids, comma-separated); empty: all. How often today&apos;s scan count is asked for again. How often the kiosk looks for codes again while it has none (and after that, for changes). How often the kiosk checks whether the window&apos;s sync has started. How long the &quot;Esc to leave&quot; hint stays up. A panel whose reported size is smaller than this (mm) is taken to misreport it. The height of a 55-inch 16:9 panel, assumed when the screen reports no usable size. Drawn codes kept for the rotation (a 26 px module code is under 1 MB).</extracomment>
        <translation>展厅大屏</translation>
    </message>
    <message>
        <source>Press Esc to leave the showroom screen</source>
        <translation>按 Esc 退出展厅大屏</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) scanned today</source>
        <translation>
            <numerusform>今日已有 %n 位客户扫码</numerusform>
        </translation>
    </message>
    <message>
        <source>No code to show yet</source>
        <translation>暂无可显示的二维码</translation>
    </message>
    <message>
        <source>Choose the codes for the showroom screen on the Live codes page.</source>
        <translation>请在“渠道活码”页选择要在大屏上显示的二维码。</translation>
    </message>
    <message>
        <source>Our consultant on duty</source>
        <translation>值班顾问为您服务</translation>
    </message>
    <message>
        <source>Scan to reach your consultant</source>
        <translation>扫码联系您的专属顾问</translation>
    </message>
</context>
<context>
    <name>ScreenModeDialog</name>
    <message>
        <source>{name} ({width}×{height})</source>
        <translation>{name}（{width}×{height}）</translation>
    </message>
    <message>
        <source>{screen}, primary</source>
        <translation>{screen}，主显示器</translation>
    </message>
    <message>
        <source>Showroom screen</source>
        <translation>展厅大屏</translation>
    </message>
    <message>
        <source>{channel} · duty code</source>
        <translation>{channel} · 值班码</translation>
    </message>
    <message>
        <source>{channel} — {benefit}</source>
        <translation>{channel} — {benefit}</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>显示器</translation>
    </message>
    <message>
        <source>Each code for</source>
        <translation>每个二维码显示</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The screen shows the codes one after another, with your name and each channel&apos;s benefit line. Press Esc on the screen to leave.</source>
        <translation>大屏依次显示所选二维码，并配有您的姓名和各渠道的利益点。在大屏上按 Esc 退出。</translation>
    </message>
    <message>
        <source>Codes to show</source>
        <translation>要显示的二维码</translation>
    </message>
</context>
<context>
    <name>ScriptDialog</name>
    <message>
        <source>Edit script</source>
        <extracomment>The draft&apos;s fields, in form order (the keys `show_errors` understands).</extracomment>
        <translation>编辑话术</translation>
    </message>
    <message>
        <source>New script</source>
        <translation>新建话术</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>不分类</translation>
    </message>
    <message>
        <source>Separated by commas</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>e.g. {models}</source>
        <translation>例如 {models}</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Personal scripts are yours alone: only you see them.</source>
        <translation>个人话术只属于你，只有你自己能看到。</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>What customers ask, e.g. how much fuel it uses</source>
        <translation>客户常问的问题，例如：油耗多少？</translation>
    </message>
    <message>
        <source>A short name you will search for</source>
        <translation>简短好搜的名字</translation>
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
    <name>StatsModel</name>
    <message>
        <source>Channel</source>
        <extracomment>The later stages the statistics table shows, by the stage a lead reached.</extracomment>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>扫码</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>留资</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次扫码</translation>
    </message>
    <message>
        <source>Times the code&apos;s page was opened</source>
        <translation>二维码页面被打开的次数</translation>
    </message>
    <message>
        <source>New customers who left their number</source>
        <translation>留下手机号的新客户</translation>
    </message>
    <message>
        <source>Scans by customers who were yours already</source>
        <translation>已是您客户的人再次扫码</translation>
    </message>
    <message>
        <source>Leads of the period that reached {stage} since</source>
        <translation>本期留资客户中此后进入“{stage}”的人数</translation>
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
        <source>Version {version} can be downloaded from this menu.</source>
        <translation>可从此菜单下载 {version} 版。</translation>
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
    <message>
        <source>New personal script</source>
        <translation>新建个人话术</translation>
    </message>
    <message>
        <source>Personal script edited</source>
        <translation>修改个人话术</translation>
    </message>
    <message>
        <source>Personal script deleted</source>
        <translation>删除个人话术</translation>
    </message>
    <message>
        <source>Material used</source>
        <translation>使用素材</translation>
    </message>
    <message>
        <source>New channel</source>
        <translation>新建渠道</translation>
    </message>
    <message>
        <source>Channel edited</source>
        <translation>修改渠道</translation>
    </message>
    <message>
        <source>Live code requested</source>
        <translation>申请活码</translation>
    </message>
    <message>
        <source>Live code paused or resumed</source>
        <translation>暂停或启用活码</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sync now</source>
        <extracomment>Sync stopped because this version is too old, and `release` can be downloaded. A newer release the server offers (its download is in the menu), or None.</extracomment>
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
    <message>
        <source>Download Showroom Desk {version}…</source>
        <translation>下载展厅顾问台 {version}…</translation>
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
        <source>Link radar: the customer opened “{title}” ({count} times so far)</source>
        <translation>链接雷达：客户打开了《{title}》（第 {count} 次）</translation>
    </message>
    <message>
        <source>Link radar: the customer opened “{title}”</source>
        <translation>链接雷达：客户打开了《{title}》</translation>
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
    <name>UpdateNotice</name>
    <message>
        <source>Hide this notice</source>
        <translation>隐藏此提示</translation>
    </message>
    <message>
        <source>New version {version} available</source>
        <translation>新版本 {version} 可用</translation>
    </message>
    <message>
        <source>Update required to sync: version {version} is available</source>
        <translation>需要更新才能同步：{version} 版已可下载</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
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
