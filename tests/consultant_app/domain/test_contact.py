"""ContactDraft.validated: the clean values stored, and every problem reported at once."""

from __future__ import annotations

from datetime import date

import pytest

from consultant_app.domain.contact import (
    MAX_MODEL_NAME,
    MAX_REMARK,
    MAX_SOURCE_CHANNEL,
    ContactDraft,
    clean_multiline,
    clean_text,
)
from consultant_app.errors import FieldError, ValidationError

TODAY = date(2024, 6, 15)
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, joined by ZWJ
WAVE_MEDIUM = "\U0001f44b\U0001f3fd"  # 👋🏽, skin-tone modifier
FLAG_CN = "\U0001f1e8\U0001f1f3"  # 🇨🇳, regional indicators
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈, variation selector + ZWJ


def errors_of(draft: ContactDraft) -> dict[str, FieldError]:
    with pytest.raises(ValidationError) as caught:
        draft.validated(today=TODAY)
    return caught.value.errors


def test_a_minimal_draft_is_just_a_name() -> None:
    clean = ContactDraft(name="张伟").validated(today=TODAY)
    assert (clean.name, clean.mobile, clean.models, clean.tags) == ("张伟", "", (), ())


def test_the_name_is_trimmed_and_inner_whitespace_folded() -> None:
    assert ContactDraft(name="  张\t 伟 \n").validated(today=TODAY).name == "张 伟"


@pytest.mark.parametrize("name", ["", "   ", "\u202e\u200b", "\x00\x07"])
def test_a_name_is_required(name: str) -> None:
    assert errors_of(ContactDraft(name=name)) == {"name": FieldError("required")}


def test_a_name_longer_than_forty_characters_is_refused() -> None:
    assert ContactDraft(name="王" * 40).validated(today=TODAY).name == "王" * 40
    assert errors_of(ContactDraft(name="王" * 41)) == {"name": FieldError("too_long", limit=40)}


def test_the_mobile_is_stored_in_e164() -> None:
    assert ContactDraft(name="张伟", mobile="138 1234 5678").validated(today=TODAY).mobile == (
        "+8613812345678"
    )


def test_an_invalid_mobile_is_reported_on_its_field() -> None:
    assert errors_of(ContactDraft(name="张伟", mobile="010-12345678")) == {
        "mobile": FieldError("invalid_mobile")
    }


def test_a_ten_thousand_character_remark_is_too_long() -> None:
    assert errors_of(ContactDraft(name="张伟", remark="备" * 10_000)) == {
        "remark": FieldError("too_long", limit=MAX_REMARK)
    }


def test_a_remark_of_exactly_the_limit_is_kept_whole() -> None:
    remark = "备" * MAX_REMARK
    assert ContactDraft(name="张伟", remark=remark).validated(today=TODAY).remark == remark


@pytest.mark.parametrize("emoji", [FAMILY, WAVE_MEDIUM, FLAG_CN, RAINBOW_FLAG, "🚗", "👍"])
def test_emoji_and_joined_emoji_sequences_are_kept_intact(emoji: str) -> None:
    clean = ContactDraft(name=f"王{emoji}", remark=f"喜欢{emoji}的车", tags=(emoji,)).validated(
        today=TODAY
    )
    assert clean.name == f"王{emoji}"
    assert clean.remark == f"喜欢{emoji}的车"
    assert clean.tags == (emoji,)


@pytest.mark.parametrize(
    "invisible",
    [
        "\u202e",  # right-to-left override
        "\u202d",  # left-to-right override
        "\u2066",  # left-to-right isolate
        "\u2067",  # right-to-left isolate
        "\u2069",  # pop directional isolate
        "\u200f",  # right-to-left mark
        "\u200b",  # zero-width space
        "\ufeff",  # byte-order mark
    ],
)
def test_bidi_controls_and_invisible_formatting_are_stripped(invisible: str) -> None:
    clean = ContactDraft(name=f"张{invisible}伟", remark=f"{invisible}备注{invisible}").validated(
        today=TODAY
    )
    assert clean.name == "张伟"
    assert clean.remark == "备注"


def test_mixed_scripts_are_kept_and_composed() -> None:
    clean = ContactDraft(name="Tony 王 Jose\u0301 Ñoño Дима 김").validated(today=TODAY)
    assert clean.name == "Tony 王 José Ñoño Дима 김"


def test_a_remark_keeps_its_lines_but_not_control_characters() -> None:
    remark = "  第一行\r\n第二行\x00\x1b[31m\n\n第四行  "
    assert ContactDraft(name="张伟", remark=remark).validated(today=TODAY).remark == (
        "第一行\n第二行[31m\n\n第四行"
    )


@pytest.mark.parametrize(
    ("low", "high"), [(None, None), (150_000, None), (None, 1), (200_000, 200_000)]
)
def test_a_budget_range_in_order_or_open_is_accepted(low: int | None, high: int | None) -> None:
    clean = ContactDraft(name="张伟", budget_min_yuan=low, budget_max_yuan=high).validated(
        today=TODAY
    )
    assert (clean.budget_min_yuan, clean.budget_max_yuan) == (low, high)


def test_a_budget_minimum_above_the_maximum_is_refused() -> None:
    draft = ContactDraft(name="张伟", budget_min_yuan=300_000, budget_max_yuan=200_000)
    assert errors_of(draft) == {"budget_max_yuan": FieldError("budget_order")}


@pytest.mark.parametrize("value", [-1, 10_000_001])
def test_a_budget_outside_zero_to_ten_million_is_refused(value: int) -> None:
    assert errors_of(ContactDraft(name="张伟", budget_min_yuan=value)) == {
        "budget_min_yuan": FieldError("out_of_range", low=0, high=10_000_000)
    }


@pytest.mark.parametrize(
    "birthday", [date(2024, 6, 16), date(2030, 1, 1), date(1903, 12, 31), date(1, 1, 1)]
)
def test_an_implausible_birthday_is_refused(birthday: date) -> None:
    assert errors_of(ContactDraft(name="张伟", birthday=birthday)) == {
        "birthday": FieldError("implausible_birthday")
    }


@pytest.mark.parametrize("birthday", [date(1990, 2, 28), date(1904, 1, 1), TODAY])
def test_a_plausible_birthday_is_kept(birthday: date) -> None:
    assert ContactDraft(name="张伟", birthday=birthday).validated(today=TODAY).birthday == birthday


def test_every_problem_is_reported_at_once() -> None:
    draft = ContactDraft(
        name=" ",
        mobile="12345",
        wecom_id="w" * 65,
        remark="x" * 10_000,
        models=("迈腾", "帕萨特", "途观L", "探岳", "ID.4 CROZZ", "高尔夫"),
        budget_min_yuan=500_000,
        budget_max_yuan=100_000,
        birthday=date(2099, 1, 1),
        tags=("这是一个远远超过二十个字符长度限制的标签名称啊",),
    )
    assert errors_of(draft) == {
        "name": FieldError("required"),
        "mobile": FieldError("invalid_mobile"),
        "wecom_id": FieldError("too_long", limit=64),
        "remark": FieldError("too_long", limit=MAX_REMARK),
        "models": FieldError("too_many", limit=5),
        "budget_max_yuan": FieldError("budget_order"),
        "birthday": FieldError("implausible_birthday"),
        "tags": FieldError("too_long", limit=20),
    }


def test_a_source_channel_or_model_name_longer_than_the_server_keeps_is_refused() -> None:
    draft = ContactDraft(name="张伟", source_channel="抖" * 65, models=("迈腾", "车" * 65))
    assert errors_of(draft) == {
        "source_channel": FieldError("too_long", limit=MAX_SOURCE_CHANNEL),
        "models": FieldError("too_long", limit=MAX_MODEL_NAME),
    }


def test_the_limits_count_the_cleaned_text() -> None:
    # Whitespace the cleaning folds away does not count against the limit.
    clean = ContactDraft(
        name="张伟", source_channel=f"  {'抖' * 64}\u200b  ", models=(f" {'车' * 64} ",)
    ).validated(today=TODAY)
    assert (clean.source_channel, clean.models) == ("抖" * 64, ("车" * 64,))


def test_models_and_tags_are_cleaned_deduplicated_and_keep_their_order() -> None:
    clean = ContactDraft(
        name="张伟",
        models=(" 迈腾", "", "ID.4  CROZZ", "迈腾 "),
        tags=("高意向", " ", "置换", "高意向"),
    ).validated(today=TODAY)
    assert clean.models == ("迈腾", "ID.4 CROZZ")
    assert clean.tags == ("高意向", "置换")


def test_the_validation_error_message_names_each_field() -> None:
    with pytest.raises(ValidationError, match="name: required"):
        ContactDraft(name="").validated(today=TODAY)


def test_clean_text_folds_a_line_and_clean_multiline_keeps_newlines() -> None:
    assert clean_text(" a \n b\u202e ") == "a b"
    assert clean_multiline(" a \n b\u202e ") == "a \n b"


def test_tabs_in_a_remark_become_spaces_rather_than_vanish() -> None:
    assert ContactDraft(name="张伟", remark="预算\t30万").validated().remark == "预算    30万"
