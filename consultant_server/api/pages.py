"""The customer-facing HTML of live codes: the code's page, its thanks page, friendly errors.

Plain HTML and a little inline CSS, no script and no external resource: the page is a few
kilobytes and paints at once on a weak phone connection. Every value is escaped here
(`html.escape`, quotes included), whatever it is; the pages also forbid scripts outright
(`SECURITY_HEADERS`), so an escape that was somehow missed could still not run. Chinese
first: the customers are in China.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from starlette.responses import HTMLResponse

from consultant_server.services.landing import (
    DRIVE_TIMES,
    MAX_MODEL,
    Card,
    DoneView,
    LeadForm,
    PageView,
)

#: Sent with every landing response: no script, no framing, no referrer (the URL is the
#: code), nothing fetched from elsewhere, forms only to this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
#: A page carrying a per-visit scan id, or a thanks page: never stored by any cache.
NO_STORE = "no-store"
#: An unknown or revoked code's page: may be reused for a few minutes.
SHORT_CACHE = "public, max-age=300"

_CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f3f5f8;color:#1f2329;font:16px/1.55 -apple-system,"PingFang SC",
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
main{max-width:480px;margin:0 auto;padding:16px 14px 28px}
.card,.box,form{background:#fff;border-radius:14px;box-shadow:0 1px 3px rgba(0,0,0,.07)}
.card{display:flex;gap:14px;align-items:center;padding:16px}
.av{flex:none;width:56px;height:56px;border-radius:50%;background:#1d63ed;color:#fff;
font-size:24px;display:flex;align-items:center;justify-content:center}
h1{font-size:20px;margin:0;line-height:1.3}
h2{font-size:18px;margin:0 0 8px}
.sub{margin:2px 0 0;color:#646a73;font-size:14px}
.gift{margin:12px 0;padding:10px 14px;border-radius:12px;background:#fff3e0;color:#a8500a;
font-weight:600}
.gift small{font-weight:400}
.pill{display:inline-block;margin-right:8px;padding:0 8px;border-radius:6px;background:#f0801a;
color:#fff;font-size:13px;line-height:22px;vertical-align:1px}
.box{padding:14px 16px;margin:12px 0;white-space:pre-line}
form{padding:16px;margin-top:12px}
label{display:block;margin:0 0 14px;font-size:15px}
.req{color:#d83931}
input[type=text],input[type=tel],select{display:block;width:100%;margin-top:6px;
padding:10px 12px;font:inherit;font-size:16px;border:1px solid #cfd3d8;border-radius:9px;
background:#fff;color:inherit}
.bad input,.bad select{border-color:#d83931}
.err{display:block;color:#d83931;font-size:14px;margin-top:4px}
.alert{background:#fdecea;color:#b3261e;border-radius:10px;padding:10px 12px;margin:0 0 14px;
font-size:15px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.ok{display:flex;gap:10px;align-items:flex-start;font-size:14px;margin-bottom:6px}
.ok input{flex:none;width:20px;height:20px;margin:2px 0 0}
details{font-size:13px;color:#4e5969;margin:0 0 16px;padding:0 0 0 30px}
summary{cursor:pointer;color:#1d63ed}
details p{margin:6px 0}
button{width:100%;padding:13px;font:inherit;font-size:17px;font-weight:600;border:0;
border-radius:10px;background:#1d63ed;color:#fff}
.fine{color:#8f959e;font-size:12px;text-align:center;margin-top:18px}
.done{width:64px;height:64px;margin:12px auto 0;border-radius:50%;background:#12a150;
color:#fff;font-size:36px;line-height:64px;text-align:center}
"""


def _e(value: object) -> str:
    """Escaped for HTML text and attribute values alike."""
    return escape(str(value), quote=True)


def html_response(
    body: str, *, status: int = 200, cache: str = NO_STORE, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    """An HTML answer with the landing pages' security and cache headers."""
    all_headers = {**SECURITY_HEADERS, "Cache-Control": cache, **(headers or {})}
    return HTMLResponse(body, status_code=status, headers=all_headers)


def _document(title: str, content: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="format-detection" content="telephone=no">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{content}</main></body></html>"
    )


def _card(card: Card) -> str:
    initial = card.name[:1] or "顾"
    sub = card.title if card.is_showroom else f"{card.title} · {card.showroom}"
    return (
        f'<section class="card"><div class="av" aria-hidden="true">{_e(initial)}</div>'
        f'<div><h1>{_e(card.name)}</h1><p class="sub">{_e(sub)}</p></div></section>'
    )


def _privacy(showroom: str) -> str:
    who = showroom or "本展厅"
    return (
        "<details><summary>查看《个人信息保护说明》</summary>"
        f"<p>{_e(who)}（以下简称“我们”）将收集您在本页填写的称呼、手机号、意向车型和"
        "希望试驾的时间，仅用于安排看车、试驾并与您沟通购车事宜，由为您服务的销售顾问处理。</p>"
        "<p>我们不会出售您的个人信息，也不会提供给与上述目的无关的第三方；"
        "信息在实现上述目的所必需的期限内保存，期满后删除或匿名化处理。</p>"
        "<p>您可随时联系您的顾问或展厅前台，查阅、复制、更正、删除您的个人信息，或撤回同意；"
        "撤回不影响撤回前基于同意已进行的处理。不同意也不影响您到店看车，只是我们无法在线为您登记。</p>"
        "</details>"
    )


def _gift(benefit: str, note: str = "") -> str:
    """The channel's benefit line (加微利益点), marked as a perk; nothing when there is none."""
    if not benefit:
        return ""
    after = f"<br><small>{_e(note)}</small>" if note else ""
    return f'<p class="gift"><span class="pill">福利</span>{_e(benefit)}{after}</p>'


def _field_error(errors: Mapping[str, str], name: str) -> str:
    message = errors.get(name)
    return "" if message is None else f'<span class="err" id="e-{name}">{_e(message)}</span>'


def _attrs(errors: Mapping[str, str], name: str) -> str:
    return f' aria-invalid="true" aria-describedby="e-{name}"' if name in errors else ""


def _label_class(errors: Mapping[str, str], name: str) -> str:
    return ' class="bad"' if name in errors else ""


def _options(choices: Sequence[tuple[str, str]], chosen: str) -> str:
    return "".join(
        f'<option value="{_e(value)}"{" selected" if value == chosen else ""}>{_e(label)}</option>'
        for value, label in choices
    )


def landing_page(
    view: PageView,
    *,
    form: LeadForm | None = None,
    errors: Mapping[str, str] | None = None,
) -> str:
    """The code's page: the consultant's card, the benefit, the welcome and the lead form,
    filled with what was sent and each problem next to its field when `errors` are given."""
    form = form or LeadForm()
    errors = errors or {}
    if view.models:
        model_field = (
            f'<select name="model"{_attrs(errors, "model")}>'
            + _options([("", "暂未确定"), *((m, m) for m in view.models)], form.model)
            + "</select>"
        )
    else:
        model_field = (
            f'<input type="text" name="model" maxlength="{MAX_MODEL}" value="{_e(form.model)}"'
            f' placeholder="如：迈腾"{_attrs(errors, "model")}>'
        )
    alert = '<p class="alert" role="alert">提交未成功，请按提示修改后再提交。</p>' if errors else ""
    gift = _gift(view.benefit)
    welcome = f'<p class="box">{_e(view.welcome)}</p>' if view.welcome else ""
    checked = " checked" if form.consent else ""
    content = (
        _card(view.card)
        + gift
        + welcome
        + f'<form method="post" action="/q/{_e(view.token)}" accept-charset="utf-8">'
        + alert
        + f'<input type="hidden" name="s" value="{_e(view.scan_id)}">'
        + f'<label{_label_class(errors, "name")}>您的称呼 <span class="req">*</span>'
        f'<input type="text" name="name" maxlength="40" autocomplete="name" required'
        f' value="{_e(form.name)}" placeholder="如：王先生"{_attrs(errors, "name")}>'
        f"{_field_error(errors, 'name')}</label>"
        + f'<label{_label_class(errors, "mobile")}>手机号 <span class="req">*</span>'
        f'<input type="tel" name="mobile" maxlength="20" inputmode="tel" autocomplete="tel"'
        f' required value="{_e(form.mobile)}" placeholder="11 位手机号"{_attrs(errors, "mobile")}>'
        f"{_field_error(errors, 'mobile')}</label>"
        + f"<label{_label_class(errors, 'model')}>意向车型{model_field}"
        f"{_field_error(errors, 'model')}</label>"
        + f"<label{_label_class(errors, 'when')}>希望试驾时间"
        f'<select name="when"{_attrs(errors, "when")}>'
        + _options([("", "暂不确定"), *DRIVE_TIMES], form.when)
        + f"</select>{_field_error(errors, 'when')}</label>"
        + '<div class="hp" aria-hidden="true"><label>网址（请勿填写）'
        '<input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>'
        + f'<label class="ok{" bad" if "consent" in errors else ""}">'
        f'<input type="checkbox" name="consent" value="1" required{checked}'
        f"{_attrs(errors, 'consent')}>"
        "<span>我已阅读并同意《个人信息保护说明》，同意顾问通过电话或微信与我联系"
        f"{_field_error(errors, 'consent')}</span></label>"
        + _privacy(view.showroom)
        + '<button type="submit">提交，预约顾问服务</button></form>'
        + f'<p class="fine">{_e(view.showroom)} · {_e(view.channel)}</p>'
    )
    return _document(f"{view.card.name} · {view.showroom}", content)


def done_page(view: DoneView) -> str:
    """The thanks page after a submission: who will be in touch, and the benefit."""
    if view.card is not None:
        who = f"{view.card.name}会尽快通过电话或微信与您联系。"
        card = _card(view.card)
    else:
        who = "顾问会尽快通过电话或微信与您联系。"
        card = ""
    gift = _gift(view.benefit, "到店时出示此页面即可。")
    content = (
        '<p class="done" aria-hidden="true">✓</p>'
        f'<section class="box"><h2>提交成功，谢谢！</h2>{_e(who)}</section>'
        + card
        + gift
        + f'<p class="fine">{_e(view.showroom)}</p>'
    )
    return _document("提交成功", content)


def message_page(title: str, text: str) -> str:
    """A friendly page for something that went wrong (unknown code, too many tries …)."""
    content = f'<section class="box"><h2>{_e(title)}</h2>{_e(text)}</section>'
    return _document(title, content)


# The friendly pages, as (status, title, text).
NOT_FOUND = (
    404,
    "没有找到这个二维码",
    "这个二维码不存在或输入有误。请重新扫描顾问给您的二维码，或到展厅前台咨询。",
)
REVOKED = (
    410,
    "这个二维码已停用",
    "这个二维码已不再使用。请向您的顾问索取新的二维码，或到展厅前台咨询。",
)
TOO_MANY = (429, "操作太频繁了", "请稍等一会儿再试。")
TOO_LARGE = (413, "提交的内容太多了", "请返回上一页，精简填写的内容后再提交。")
BAD_FORM = (400, "无法读取提交的内容", "请返回上一页重新填写并提交。")
UNAVAILABLE = (
    503,
    "暂时无法在线登记",
    "现在没有顾问可以接待在线登记，请稍后再试，或直接到展厅前台咨询。",
)
FAILED = (500, "出了点问题", "系统暂时出了点问题，请稍后再试，或直接到展厅前台咨询。")


def friendly(
    page: tuple[int, str, str], *, cache: str = NO_STORE, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    """One of the friendly pages above as a response."""
    status, title, text = page
    return html_response(message_page(title, text), status=status, cache=cache, headers=headers)
