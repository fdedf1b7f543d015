"""The live-code page (渠道活码): the consultant's channels, a poster preview, exports, statistics.

Everything slow runs off the GUI thread: the channel list and the preview render on the
window's database worker, poster exports on a worker of their own (an X-banner PNG takes
seconds and must not hold up the desk's commands), and the statistics on the sync
controller's network worker. A code exists only on the server: without one the page says
so and shows no URL and no QR.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from consultant_app.clock import showroom_today
from consultant_app.domain.stages import Stage
from consultant_app.errors import ValidationError
from consultant_app.qr import (
    PRINT_DPI,
    TEMPLATES,
    ExportResult,
    PosterContent,
    PosterFontError,
    PosterImageError,
    PosterOutputError,
    QrCodeError,
    QrUrlError,
    RenderWarning,
    Template,
)
from consultant_app.store.channels import ChannelView, list_channels
from consultant_app.sync.wire import CodeStatus
from ui.labels import stage_label
from ui.palette import (
    BORDER,
    CARD,
    FAINT,
    GREEN_TEXT,
    MUTED,
    ORANGE_FILL,
    ORANGE_TEXT,
    PAGE,
    SELECTED,
    SELECTED_FILL,
    TEXT,
)
from ui.screen_mode import (
    SCREEN_CODES,
    SCREEN_INTERVAL_S,
    SCREEN_MONITOR,
    DeskScanCounter,
    Identity,
    ScreenChoice,
    ScreenMode,
    ScreenModeDialog,
    ScreenSlide,
    load_screen_choice,
    read_identity,
    screen_named,
)
from ui.tasks import SerialExecutor, Task

if TYPE_CHECKING:
    from consultant_app.services.channels import ChannelDraft, ChannelStats
    from ui.channel_dialog import ChannelDialog
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
_USER_ROLE = Qt.ItemDataRole.UserRole.value
#: Preview resolution: drawn at the size it is shown, within these bounds (dpi).
PREVIEW_MIN_DPI = 8
PREVIEW_MAX_DPI = 72
PREVIEW_DEBOUNCE_MS = 200


# --- what a channel's code can do -------------------------------------------------------------


class CodeState(Enum):
    """A channel's code as the list shows it."""

    USABLE = "usable"  # 可用
    WAITING = "waiting"  # 同步后可用: asked for here, the server makes it at the next sync
    PAUSED = "paused"  # 已暂停: its scans go to the showroom's duty consultant
    NONE = "none"  # 无二维码


def code_state(channel: ChannelView) -> CodeState:
    code = channel.code
    if code is None or code.status is CodeStatus.REVOKED:
        return CodeState.NONE
    if code.token is None:
        return CodeState.WAITING
    if code.status is CodeStatus.PAUSED:
        return CodeState.PAUSED
    return CodeState.USABLE


def state_label(state: CodeState) -> str:
    """A code state in a word or three (the list's chip)."""
    translate = QCoreApplication.translate
    return {
        CodeState.USABLE: translate("QrPage", "Usable"),
        CodeState.WAITING: translate("QrPage", "Usable once synced"),
        CodeState.PAUSED: translate("QrPage", "Paused"),
        CodeState.NONE: translate("QrPage", "No code yet"),
    }[state]


_STATE_COLOURS = {
    CodeState.USABLE: (GREEN_TEXT, QColor("#F0F9EB")),
    CodeState.WAITING: (ORANGE_TEXT, ORANGE_FILL),
    CodeState.PAUSED: (MUTED, QColor("#F2F3F5")),
    CodeState.NONE: (FAINT, QColor("#F7F8FA")),
}


# --- the channel list -------------------------------------------------------------------------


class ChannelRole(IntEnum):
    """Data roles of `ChannelListModel`; the delegate paints from these alone."""

    CHANNEL_ID = _USER_ROLE + 1
    NAME = _USER_ROLE + 2
    BENEFIT = _USER_ROLE + 3
    STATE = _USER_ROLE + 4  # a CodeState
    STATE_TEXT = _USER_ROLE + 5
    MINE = _USER_ROLE + 6
    PENDING = _USER_ROLE + 7  # made or changed here and not yet sent


class ChannelListModel(QAbstractListModel):
    """The consultant's channels (the showroom's, then their own), one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: list[ChannelView] = []

    def set_channels(self, channels: list[ChannelView]) -> None:
        self.beginResetModel()
        self._channels = list(channels)
        self.endResetModel()

    def channel(self, row: int) -> ChannelView | None:
        return self._channels[row] if 0 <= row < len(self._channels) else None

    def row_of(self, channel_id: str) -> int:
        return next((n for n, c in enumerate(self._channels) if c.id == channel_id), -1)

    def channels(self) -> list[ChannelView]:
        return list(self._channels)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._channels)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        channel = self.channel(index.row())
        if channel is None:
            return None
        state = code_state(channel)
        if role in (Qt.ItemDataRole.DisplayRole, ChannelRole.NAME):
            return channel.name
        if role == Qt.ItemDataRole.ToolTipRole:
            if channel.benefit:
                return self.tr("{name} · {benefit} · {state}").format(
                    name=channel.name, benefit=channel.benefit, state=state_label(state)
                )
            return self.tr("{name} · {state}").format(name=channel.name, state=state_label(state))
        if role == ChannelRole.CHANNEL_ID:
            return channel.id
        if role == ChannelRole.BENEFIT:
            return channel.benefit
        if role == ChannelRole.STATE:
            return state
        if role == ChannelRole.STATE_TEXT:
            return state_label(state)
        if role == ChannelRole.MINE:
            return channel.mine
        if role == ChannelRole.PENDING:
            return channel.pending or (channel.code is not None and channel.code.pending)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


ROW_PADDING = 12
ROW_GAP = 3
ROW_MARGIN = 10


class ChannelDelegate(QStyledItemDelegate):
    """A channel as a card: its name, its benefit line, and its code's state as a chip."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(240, 2 * line + 2 * ROW_PADDING + 2 * ROW_GAP + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = option.rect
        state_flags = option.state
        selected = bool(state_flags & QStyle.StateFlag.State_Selected)
        card = rect.adjusted(ROW_MARGIN, ROW_GAP, -ROW_MARGIN, -ROW_GAP)
        painter.setPen(QPen(SELECTED if selected else BORDER, 1.5 if selected else 1))
        painter.setBrush(SELECTED_FILL if selected else CARD)
        painter.drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)

        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        inner = card.adjusted(ROW_PADDING, ROW_PADDING - 2, -ROW_PADDING, -ROW_PADDING + 2)

        state = index.data(ChannelRole.STATE)
        chip_text = str(index.data(ChannelRole.STATE_TEXT))
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        small_metrics = QFontMetrics(small)
        chip_w = small_metrics.horizontalAdvance(chip_text) + 14
        chip = QRect(
            inner.right() - chip_w + 1, inner.top() + 1, chip_w, small_metrics.height() + 4
        )
        fg, bg = _STATE_COLOURS.get(state, (MUTED, PAGE))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(chip), chip.height() / 2, chip.height() / 2)
        painter.setFont(small)
        painter.setPen(fg)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, chip_text)

        bold = QFont(font)
        bold.setBold(True)
        name_rect = QRect(inner.left(), inner.top(), inner.width() - chip_w - 8, line)
        name = str(index.data(ChannelRole.NAME))
        if index.data(ChannelRole.MINE):
            name = self.tr("{name} (mine)").format(name=name)
        painter.setFont(bold)
        painter.setPen(TEXT)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        benefit = str(index.data(ChannelRole.BENEFIT) or "")
        if not benefit:
            benefit = self.tr("No benefit line")
        benefit_rect = QRect(inner.left(), inner.top() + line + 4, inner.width(), line)
        painter.setFont(font)
        painter.setPen(MUTED)
        painter.drawText(
            benefit_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(benefit, Qt.TextElideMode.ElideRight, benefit_rect.width()),
        )


# --- statistics -------------------------------------------------------------------------------


class Period(Enum):
    TODAY = 1
    WEEK = 7
    MONTH = 30

    def days(self, today: date) -> tuple[date, date]:
        """The first and last day (both included) ending today."""
        return today - timedelta(days=self.value - 1), today


#: The later stages the statistics table shows, by the stage a lead reached.
STATS_STAGES = (Stage.VISIT, Stage.TEST_DRIVE, Stage.ORDER)


class StatsModel(QAbstractTableModel):
    """The server's numbers per channel: scans, leads, repeat scans, and how many of the
    leads reached the showroom, a test drive and an order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChannelStats] = []

    def set_rows(self, rows: list[ChannelStats]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ChannelStats]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else 4 + len(STATS_STAGES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignRight
            ) | Qt.AlignmentFlag.AlignVCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        fixed = [self.tr("Channel"), self.tr("Scans"), self.tr("Leads"), self.tr("Again")]
        if section < len(fixed):
            if role == Qt.ItemDataRole.ToolTipRole:
                return [
                    None,
                    self.tr("Times the code's page was opened"),
                    self.tr("New customers who left their number"),
                    self.tr("Scans by customers who were yours already"),
                ][section]
            return fixed[section]
        stage_at = section - len(fixed)
        if 0 <= stage_at < len(STATS_STAGES):
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Leads of the period that reached {stage} since").format(
                    stage=stage_label(STATS_STAGES[stage_at])
                )
            return stage_label(STATS_STAGES[stage_at])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            ) | Qt.AlignmentFlag.AlignVCenter
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values: list[str | int] = [row.name, row.scans, row.leads, row.again]
        values.extend(row.reached.get(stage.value, 0) for stage in STATS_STAGES)
        return values[column] if 0 <= column < len(values) else None


# --- the preview ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageData:
    """What the page shows, read on the database worker."""

    identity: Identity
    channels: tuple[ChannelView, ...]
    base_url: str


@dataclass(frozen=True, slots=True)
class PosterImage:
    """A rendered preview as packed RGB rows, made on a worker (QImage is built on the GUI
    thread); `missing` are characters no font has."""

    key: tuple[object, ...]
    width: int
    height: int
    rgb: bytes
    missing: tuple[str, ...]


def render_preview(
    key: tuple[object, ...], content: PosterContent, template: Template, dpi: int
) -> PosterImage:
    """Render a poster small, on a worker."""
    from consultant_app.qr import choose_font, render_image

    image = render_image(content, template, dpi).convert("RGB")
    text = "".join((content.consultant_name, content.title, content.showroom_name, content.benefit))
    missing = choose_font(text).missing
    return PosterImage(key, image.width, image.height, image.tobytes(), missing)


class PosterView(QWidget):
    """The poster preview: the image fitted into the widget, or a sentence saying why there
    is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("posterPreview")
        self.setMinimumSize(240, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.text = ""

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.text = ""
        self.update()

    def set_text(self, text: str) -> None:
        self.image = None
        self.text = text
        self.update()

    def target_rect(self) -> QRect:
        """Where the poster is drawn (fitted, centred, with room for its shadow)."""
        if self.image is None:
            return QRect()
        room = self.rect().adjusted(12, 12, -12, -12)
        size = QSize(self.image.width(), self.image.height())
        size.scale(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            room.left() + (room.width() - size.width()) // 2,
            room.top() + (room.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), PAGE)
        if self.image is not None:
            target = self.target_rect()
            painter.fillRect(target.adjusted(2, 3, 3, 4), QColor(0, 0, 0, 28))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
            painter.setPen(BORDER)
            painter.drawRect(target.adjusted(0, 0, -1, -1))
        elif self.text:
            painter.setPen(MUTED)
            box = self.rect().adjusted(40, 40, -40, -40)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text
            )
        painter.end()


# --- the page ---------------------------------------------------------------------------------


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    label.setStyleSheet(f"color: {TEXT.name()};")
    return label


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED.name()};")
    return label


class QrPage(QWidget):
    """渠道活码: the consultant's channels and codes, printing and showing them, and how they do.

    Built by the main window with itself (for its database worker, settings and sync). Call
    `refresh()` after a sync brought data; it reloads now if the page is on screen, else
    when it is next shown. `shutdown()` stops the poster worker (the window's close does).
    """

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrPage")
        self.window_ = window
        self.png_dpi = PRINT_DPI
        self.identity = Identity("", "", "")
        self.base_url = ""
        self.screen_mode: ScreenMode | None = None
        self.last_export: ExportResult | None = None
        self._service: Any = None  # ChannelService, built on the database worker
        self._posters: SerialExecutor | None = None
        self._dirty = True
        self._loading = False
        self._reload_again = False
        self._selected_id: str | None = None
        self._preview_task: Task | None = None
        self._preview_key: tuple[object, ...] | None = None
        self._preview_dpi = 0
        self._stats_generation = 0
        self._exporting = False
        self._busy_code = False
        self._dialog: ChannelDialog | None = None

        self.model = ChannelListModel(self)
        self.stats_model = StatsModel(self)
        self._build()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self._preview_timer.timeout.connect(self._preview_if_resized)
        self._update_actions()

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.setStyleSheet(
            "QWidget#qrPage { background: #F5F6F7; }"
            " QFrame#qrPanel { background: #FFFFFF; border: 1px solid #E4E6EB;"
            " border-radius: 10px; }"
            " QLabel#serverBanner { background: #FFF7E8; color: #D46B08; border-radius: 6px;"
            " padding: 8px 10px; }"
            ' QLabel#qrMessage[error="true"] { color: #CF1322; }'
        )
        # Left: the channels.
        self.title = QLabel(self.tr("Live codes"))
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        self.title.setFont(title_font)
        self.subtitle = _muted(self.tr("A code per channel: every scan reaches you."))
        self.server_banner = QLabel()
        self.server_banner.setObjectName("serverBanner")
        self.server_banner.setWordWrap(True)
        self.server_banner.hide()
        self.list = QListView()
        self.list.setObjectName("channelList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ChannelDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setStyleSheet(
            "QListView#channelList { background: transparent; border: none; outline: none; }"
        )
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_button = QPushButton(self.tr("New channel…"))
        self.new_button.setObjectName("newChannel")
        self.edit_button = QPushButton(self.tr("Edit channel…"))
        self.edit_button.setObjectName("editChannel")
        self.new_button.clicked.connect(self.new_channel)
        self.edit_button.clicked.connect(self.edit_channel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        left.addWidget(self.server_banner)
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(320)

        # Centre: the poster.
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        for template, name in (
            (Template.A4_TABLE_CARD, self.tr("A4 table card")),
            (Template.A3_POSTER, self.tr("A3 poster")),
            (Template.X_BANNER, self.tr("X-banner 80×180 cm")),
        ):
            spec = TEMPLATES[template]
            self.template_combo.addItem(
                self.tr("{name} · read from {near}–{far} m").format(
                    name=name, near=f"{spec.read_from_m:g}", far=f"{spec.read_to_m:g}"
                ),
                template.value,
            )
        self.template_combo.currentIndexChanged.connect(lambda _: self._request_preview())
        self.preview = PosterView()
        centre = QVBoxLayout()
        centre.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Template")))
        top.addWidget(self.template_combo, 1)
        centre.addLayout(top)
        centre.addWidget(self.preview, 1)
        self.preview_note = _muted()
        self.preview_note.setObjectName("previewNote")
        self.preview_note.hide()
        centre.addWidget(self.preview_note)

        # Right: the code, exports, the screen, statistics.
        self.channel_title = _section_title("")
        self.channel_title.setObjectName("channelTitle")
        self.state_label = _muted()
        self.state_label.setObjectName("codeState")
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("codeUrl")
        self.url_edit.setReadOnly(True)
        self.url_edit.setPlaceholderText(self.tr("No link yet"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copyUrl")
        self.copy_button.clicked.connect(self.copy_url)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.copy_button)
        self.make_button = QPushButton(self.tr("Make code"))
        self.make_button.setObjectName("makeCode")
        self.make_button.clicked.connect(self.make_code)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("pauseCode")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export_poster("pdf"))
        self.png_button = QPushButton(self.tr("Export PNG (300 dpi)…"))
        self.png_button.setObjectName("exportPng")
        self.png_button.clicked.connect(lambda: self.export_poster("png"))
        self.screen_button = QPushButton(self.tr("Showroom screen…"))
        self.screen_button.setObjectName("startScreen")
        self.screen_button.setToolTip(
            self.tr("Show your codes full screen on a showroom display, one after another")
        )
        self.screen_button.clicked.connect(self.choose_screen_mode)
        code_buttons = QHBoxLayout()
        code_buttons.addWidget(self.make_button)
        code_buttons.addWidget(self.pause_button)
        export_buttons = QHBoxLayout()
        export_buttons.addWidget(self.pdf_button)
        export_buttons.addWidget(self.png_button)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("qrMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.linkActivated.connect(self._open_link)
        self.message.hide()

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("statsPeriod")
        for period, text in (
            (Period.TODAY, self.tr("Today")),
            (Period.WEEK, self.tr("Last 7 days")),
            (Period.MONTH, self.tr("Last 30 days")),
        ):
            self.period_combo.addItem(text, period.value)
        self.period_combo.setCurrentIndex(1)
        self.period_combo.currentIndexChanged.connect(lambda _: self.refresh_stats())
        self.stats_table = QTableView()
        self.stats_table.setObjectName("statsTable")
        self.stats_table.setModel(self.stats_model)
        self.stats_table.verticalHeader().hide()
        self.stats_table.setShowGrid(False)
        self.stats_table.setAlternatingRowColors(True)
        self.stats_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.stats_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.stats_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.stats_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.stats_note = _muted()
        self.stats_note.setObjectName("statsNote")
        stats_top = QHBoxLayout()
        stats_top.addWidget(_section_title(self.tr("Statistics")))
        stats_top.addStretch(1)
        stats_top.addWidget(self.period_combo)

        panel = QFrame()
        panel.setObjectName("qrPanel")
        right = QVBoxLayout(panel)
        right.setContentsMargins(16, 14, 16, 14)
        right.setSpacing(8)
        right.addWidget(self.channel_title)
        right.addWidget(self.state_label)
        right.addLayout(url_row)
        right.addLayout(code_buttons)
        right.addLayout(export_buttons)
        right.addWidget(self.progress)
        right.addWidget(self.message)
        right.addWidget(self.screen_button)
        right.addSpacing(10)
        right.addLayout(stats_top)
        right.addWidget(self.stats_note)
        right.addWidget(self.stats_table, 1)
        right.addStretch(0)  # takes the table's room while it is hidden
        self._panel_layout = right
        panel.setFixedWidth(420)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(16)
        layout.addWidget(left_box)
        layout.addLayout(centre, 1)
        layout.addWidget(panel)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the channels and statistics (now if shown, else when next shown)."""
        if not self.isVisible():
            self._dirty = True
            return
        self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._load()

    def _link(self) -> Any:
        ui = self.window_.sync_ui
        return None if ui is None else ui.controller.link

    def _load(self) -> None:
        workspace = self.window_.workspace
        if workspace is None:
            self._dirty = True
            return
        if self._loading:
            self._reload_again = True
            return
        self._dirty = False
        self._loading = True
        link = self._link()
        base_url = "" if link is None else str(link.server_url)

        def work() -> PageData:
            conn = workspace.reader()
            identity = read_identity(conn, workspace.consultant_id)
            # Without a server the URLs mean nothing: `url()` shows none then.
            channels = list_channels(conn, workspace.consultant_id, base_url)
            return PageData(identity, tuple(channels), base_url)

        self.window_.run(work, self._loaded, self._load_failed, name="qr-channels")
        self.refresh_stats()

    def _loaded(self, data: PageData) -> None:
        self._loading = False
        self.identity = data.identity
        self.base_url = data.base_url
        self._show_server_state()
        keep = self._selected_id
        self.model.set_channels(list(data.channels))
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._show_selected()
        if self._reload_again:
            self._reload_again = False
            self._load()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._dirty = True
        self.window_.show_error(exc)

    def _show_server_state(self) -> None:
        link = self._link()
        if link is None:
            self.server_banner.setText(
                self.tr(
                    "Live codes need the server: a code is made there, and customers' phones"
                    " reach it. This desk works on this PC only; sign in from the status bar"
                    " to get your codes."
                )
            )
            self.server_banner.show()
        elif not link.signed_in:
            self.server_banner.setText(
                self.tr(
                    "Not signed in: new codes, changes and statistics wait for the server."
                    " Sign in from the status bar."
                )
            )
            self.server_banner.show()
        else:
            self.server_banner.hide()

    # --- the selected channel ---------------------------------------------------------------

    def selected(self) -> ChannelView | None:
        return self.model.channel(self.list.currentIndex().row())

    def select_channel(self, channel_id: str) -> bool:
        row = self.model.row_of(channel_id)
        if row < 0:
            return False
        self.list.setCurrentIndex(self.model.index(row, 0))
        return True

    def template(self) -> Template:
        return Template(self.template_combo.currentData())

    def url(self) -> str | None:
        """The selected channel's code URL, if it has a code the server made."""
        channel = self.selected()
        if channel is None or not self.base_url or channel.code is None:
            return None
        if code_state(channel) not in (CodeState.USABLE, CodeState.PAUSED):
            return None
        return channel.code.url

    def content(self) -> PosterContent | None:
        """The selected channel's poster (None without a usable code)."""
        channel, url = self.selected(), self.url()
        if channel is None or url is None:
            return None
        return PosterContent(
            url=url,
            consultant_name=self.identity.name,
            title=self.identity.title,
            showroom_name=self.identity.showroom,
            benefit=channel.benefit,
        )

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        channel = self.model.channel(current.row())
        channel_id = None if channel is None else channel.id
        if channel_id != self._selected_id:
            self._set_message("")  # the last export's result was about another channel
        self._selected_id = channel_id
        self._show_selected()

    def _show_selected(self) -> None:
        channel = self.selected()
        if channel is None:
            self.channel_title.setText(self.tr("No channel"))
            self.state_label.setText("")
            self.url_edit.clear()
            self.preview.set_text(self.tr("Choose a channel on the left."))
            self._update_actions()
            return
        state = code_state(channel)
        self.channel_title.setText(channel.name)
        self.state_label.setText(self._state_sentence(channel, state))
        self.url_edit.setText(self.url() or "")
        self._update_actions()
        self._request_preview()

    def _state_sentence(self, channel: ChannelView, state: CodeState) -> str:
        if state is CodeState.USABLE:
            if not self.base_url:
                return self.tr("Usable, but this desk is not connected to the server to show it.")
            return self.tr("Usable: print it, share the link or show it on the showroom screen.")
        if state is CodeState.WAITING:
            return self.tr(
                "Usable once synced: the server makes the code at the next sync; until then"
                " there is nothing to print."
            )
        if state is CodeState.PAUSED:
            return self.tr(
                "Paused: customers who scan it are looked after by the consultant on duty."
            )
        if channel.archived:
            return self.tr("This channel is archived.")
        return self.tr("No code for this channel yet: “Make code” asks the server for one.")

    def _update_actions(self) -> None:
        channel = self.selected()
        state = CodeState.NONE if channel is None else code_state(channel)
        has_url = self.url() is not None
        busy = self._busy_code
        self.copy_button.setEnabled(has_url)
        self.make_button.setVisible(channel is not None and state is CodeState.NONE)
        self.make_button.setEnabled(
            not busy and channel is not None and not channel.archived and state is CodeState.NONE
        )
        self.pause_button.setVisible(state in (CodeState.USABLE, CodeState.PAUSED))
        self.pause_button.setText(
            self.tr("Resume") if state is CodeState.PAUSED else self.tr("Pause")
        )
        self.pause_button.setEnabled(not busy and state in (CodeState.USABLE, CodeState.PAUSED))
        self.pdf_button.setEnabled(has_url and not self._exporting)
        self.png_button.setEnabled(has_url and not self._exporting)
        self.edit_button.setEnabled(channel is not None and channel.mine and not channel.archived)
        self.edit_button.setToolTip(
            ""
            if channel is None or channel.mine
            else self.tr("The showroom's channels are changed by your manager")
        )
        self.new_button.setEnabled(self.window_.workspace is not None)
        self.screen_button.setEnabled(bool(self.base_url))

    # --- preview --------------------------------------------------------------------------

    def _wanted_dpi(self, template: Template) -> int:
        spec = TEMPLATES[template]
        ratio = self.preview.devicePixelRatioF()
        room = self.preview.size()
        fit = min(
            (room.height() - 24) * ratio / (spec.height_mm / 25.4),
            (room.width() - 24) * ratio / (spec.width_mm / 25.4),
        )
        return int(max(PREVIEW_MIN_DPI, min(PREVIEW_MAX_DPI, fit)))

    def _request_preview(self) -> None:
        channel = self.selected()
        if channel is None:
            return
        content = self.content()
        if content is None:
            self._preview_key = None
            self.preview_note.hide()
            state = code_state(channel)
            if not self.base_url:
                text = self.tr("Live codes need the server. Sign in to see and print your codes.")
            elif state is CodeState.WAITING:
                text = self.tr("Usable once synced: the QR code appears here after the next sync.")
            else:
                text = self.tr("No code yet. “Make code” asks the server for one.")
            self.preview.set_text(text)
            return
        template = self.template()
        dpi = self._wanted_dpi(template)
        key: tuple[object, ...] = (channel.id, template.value, content, dpi)
        if key == self._preview_key:
            return
        self._preview_key = key
        self._preview_dpi = dpi
        if self._preview_task is not None:
            self._preview_task.cancel()  # superseded before it started
        self._preview_task = self.window_.executor.submit(
            lambda: render_preview(key, content, template, dpi),
            self._preview_ready,
            self._preview_failed,
            name="qr-preview",
        )

    def _preview_ready(self, poster: PosterImage) -> None:
        if poster.key != self._preview_key:
            return
        image = QImage(
            poster.rgb, poster.width, poster.height, 3 * poster.width, QImage.Format.Format_RGB888
        ).copy()
        self.preview.set_image(image)
        if poster.missing:
            self.preview_note.setText(
                self.tr("No font has {chars}: they print as empty boxes.").format(
                    chars=" ".join(poster.missing)
                )
            )
            self.preview_note.show()
        else:
            self.preview_note.hide()

    def _preview_failed(self, exc: BaseException) -> None:
        self._preview_key = None
        self.preview.set_text(self._error_text(exc))
        if not isinstance(exc, QrCodeError):
            log.error("poster preview failed", exc_info=exc)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._preview_timer.start()

    def _preview_if_resized(self) -> None:
        if self._preview_key is None or self.selected() is None:
            return
        wanted = self._wanted_dpi(self.template())
        if abs(wanted - self._preview_dpi) > 0.15 * self._preview_dpi:
            self._request_preview()

    # --- commands ---------------------------------------------------------------------------

    def _service_call(self, fn: Callable[[Any], object]) -> Callable[[], object]:
        """`fn(service)` for the database worker, building the ChannelService there."""

        def work() -> object:
            if self._service is None:
                from consultant_app.services.channels import ChannelService

                assert self.window_.workspace is not None
                self._service = ChannelService(self.window_.workspace)
            return fn(self._service)

        return work

    def _changed(self, message: str) -> None:
        """A command queued a change: tell sync and show the new state."""
        ui = self.window_.sync_ui
        if ui is not None:
            ui.local_change()
        self.window_.statusBar().showMessage(message, 5000)
        self._dirty = True
        self.refresh()

    def copy_url(self) -> None:
        url = self.url()
        if url:
            QGuiApplication.clipboard().setText(url)
            self.window_.statusBar().showMessage(self.tr("Link copied."), 3000)

    def make_code(self) -> None:
        """Ask for the selected channel's code (usable once synced)."""
        channel = self.selected()
        if channel is None or self.window_.workspace is None:
            return
        self._busy_code = True
        self._update_actions()
        channel_id = channel.id

        def done(_: object) -> None:
            self._busy_code = False
            self._changed(self.tr("Code asked for: it is usable once synced."))

        self.window_.run(
            self._service_call(lambda s: s.request_code(channel_id)),
            done,
            self._command_failed,
            name="qr-request-code",
        )

    def toggle_pause(self) -> None:
        """Pause the selected code (its scans go to the consultant on duty) or resume it."""
        channel = self.selected()
        if channel is None or channel.code is None:
            return
        state = code_state(channel)
        if state not in (CodeState.USABLE, CodeState.PAUSED):
            return
        status = CodeStatus.ACTIVE if state is CodeState.PAUSED else CodeStatus.PAUSED
        code_id = channel.code.id
        self._busy_code = True
        self._update_actions()

        def done(_: object) -> None:
            self._busy_code = False
            self._changed(
                self.tr("Code resumed.") if status is CodeStatus.ACTIVE else self.tr("Code paused.")
            )

        self.window_.run(
            self._service_call(lambda s: s.set_code_status(code_id, status)),
            done,
            self._command_failed,
            name="qr-code-status",
        )

    def archive_channel(self, channel_id: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Archive channel"),
            self.tr(
                "Archive this channel? It leaves the list; its code keeps working until you"
                " pause it."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.window_.run(
            self._service_call(lambda s: s.archive_channel(channel_id)),
            lambda _: self._changed(self.tr("Channel archived.")),
            self._command_failed,
            name="qr-archive",
        )

    def _command_failed(self, exc: BaseException) -> None:
        self._busy_code = False
        self._update_actions()
        if isinstance(exc, ValidationError):
            from ui.channel_dialog import channel_error_message

            first = next(iter(exc.errors.values()))
            self._set_message(channel_error_message(first), error=True)
            self._dirty = True
            self.refresh()
        else:
            self.window_.show_error(exc)

    def _context_menu(self, pos: QPoint) -> None:
        channel = self.model.channel(self.list.indexAt(pos).row())
        if channel is None:
            return
        menu = QMenu(self)
        edit = menu.addAction(self.tr("Edit channel…"))
        edit.setEnabled(channel.mine)
        edit.triggered.connect(self.edit_channel)
        archive = menu.addAction(self.tr("Archive channel…"))
        archive.setEnabled(channel.mine)
        channel_id = channel.id
        archive.triggered.connect(lambda: self.archive_channel(channel_id))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # --- the channel dialog -------------------------------------------------------------------

    def new_channel(self) -> None:
        self._open_dialog(None)

    def edit_channel(self) -> None:
        channel = self.selected()
        if channel is not None and channel.mine:
            self._open_dialog(channel)

    def _open_dialog(self, channel: ChannelView | None) -> None:
        """The channel dialog, window-modal; it stays open until the store took the text."""
        if self.window_.workspace is None:
            return
        from ui.channel_dialog import ChannelDialog

        dialog = ChannelDialog(channel, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda draft: self._save_channel(dialog, draft))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: ChannelDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None

    def _save_channel(self, dialog: ChannelDialog, draft: ChannelDraft) -> None:
        channel = dialog.channel

        def work(service: Any) -> str:
            if channel is None:
                channel_id, _code = service.create_channel(draft)
                return str(channel_id)
            service.update_channel(channel.id, draft)
            return channel.id

        def done(channel_id: object) -> None:
            dialog.saved()
            self._selected_id = str(channel_id)
            self._changed(
                self.tr("Channel created: its code is usable once synced.")
                if channel is None
                else self.tr("Channel saved.")
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                dialog.show_errors(exc.errors)
            else:
                log.error("saving a channel failed", exc_info=exc)
                dialog.show_failure(self._error_text(exc))

        self.window_.run(self._service_call(work), done, failed, name="qr-save-channel")

    # --- exports ------------------------------------------------------------------------------

    def export_poster(self, kind: Literal["pdf", "png"], path: Path | None = None) -> None:
        """Write the selected channel's poster as a PDF or a 300 dpi PNG, asking where (unless
        `path` is given), on the poster worker; the result or the problem shows below."""
        content = self.content()
        channel = self.selected()
        if content is None or channel is None or self._exporting:
            return
        template = self.template()
        if path is None:
            chosen = self._ask_path(kind, channel.name, template)
            if chosen is None:
                return
            path = chosen
        target = path
        dpi = self.png_dpi
        self._exporting = True
        self._update_actions()
        self.progress.show()
        if kind == "pdf":
            self._set_message(self.tr("Writing the PDF…"))
        else:
            self._set_message(
                self.tr("Writing the {dpi} dpi PNG; a large poster takes a few seconds…").format(
                    dpi=dpi
                )
            )

        def work() -> ExportResult:
            from consultant_app.qr import export_pdf, export_png

            if kind == "pdf":
                return export_pdf(content, template, target)
            return export_png(content, template, target, dpi=dpi)

        self._poster_worker().submit(
            work, self._exported, self._export_failed, name=f"qr-export-{kind}"
        )

    def _ask_path(self, kind: str, name: str, template: Template) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / f"{name}-{template.value}.{kind}"
        filters = self.tr("PDF files (*.pdf)") if kind == "pdf" else self.tr("PNG images (*.png)")
        title = self.tr("Export PDF") if kind == "pdf" else self.tr("Export PNG")
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(suggested), filters)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        return path

    def _poster_worker(self) -> SerialExecutor:
        if self._posters is None:
            self._posters = SerialExecutor("posters", self)
        return self._posters

    def _exported(self, result: ExportResult) -> None:
        self._exporting = False
        self.last_export = result
        self.progress.hide()
        self._update_actions()
        folder = QUrl.fromLocalFile(str(result.path.parent)).toString()
        lines = [
            self.tr('Saved {file}. <a href="{folder}">Show the folder</a>').format(
                file=_html(result.path.name), folder=folder
            )
        ]
        lines.extend(_html(self.warning_text(w)) for w in result.warnings)
        self._set_message("<br>".join(lines), error=bool(result.warnings), rich=True)
        self.window_.statusBar().showMessage(
            self.tr("Saved {path}").format(path=str(result.path)), 6000
        )

    def _export_failed(self, exc: BaseException) -> None:
        self._exporting = False
        self.progress.hide()
        self._update_actions()
        if not isinstance(exc, QrCodeError):
            log.error("poster export failed", exc_info=exc)
        self._set_message(self._error_text(exc), error=True)

    def warning_text(self, warning: RenderWarning) -> str:
        """A poster warning as a sentence."""
        field = {
            "consultant_name": self.tr("your name"),
            "title": self.tr("your title"),
            "showroom_name": self.tr("the showroom's name"),
            "benefit": self.tr("the benefit line"),
        }.get(warning.field, warning.field)
        if warning.code == "missing_glyphs":
            return self.tr("No font has {chars} of {field}: they print as empty boxes.").format(
                chars=" ".join(warning.chars), field=field
            )
        return self.tr("{field} was too long for the poster and is cut short with “…”.").format(
            field=field
        )

    def _error_text(self, exc: BaseException) -> str:
        if isinstance(exc, PosterOutputError):
            return self.tr("Could not write {path}: {reason}").format(
                path=str(exc.path), reason=exc.detail
            )
        if isinstance(exc, QrUrlError):
            if exc.reason == "too_long":
                return self.tr(
                    "The server's address is too long for a QR code (at most {limit} characters"
                    " with the code). Ask your manager for a shorter public address."
                ).format(limit=exc.max_length)
            return self.tr("The server's address cannot go into a QR code: {url}").format(
                url=exc.url
            )
        if isinstance(exc, PosterFontError):
            return self.tr("No font for posters was found: the installation is incomplete.")
        if isinstance(exc, PosterImageError):
            return self.tr("A picture for the poster cannot be read: {detail}").format(
                detail=exc.detail
            )
        return self.tr("Something went wrong; details are in the log.")

    def _set_message(self, text: str, *, error: bool = False, rich: bool = False) -> None:
        self.message.setText(text if rich else _html(text))
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def _open_link(self, link: str) -> None:
        QDesktopServices.openUrl(QUrl(link))

    # --- statistics ---------------------------------------------------------------------------

    def period(self) -> Period:
        return Period(self.period_combo.currentData())

    def refresh_stats(self) -> None:
        """Ask the server for the period's numbers, on the network worker."""
        self._stats_generation += 1
        generation = self._stats_generation
        ui = self.window_.sync_ui
        link = self._link()
        if ui is None or link is None or not link.signed_in:
            self.stats_model.set_rows([])
            self._show_stats_table(False)
            self.stats_note.setText(self.tr("Statistics need a connection to the server."))
            return
        start, end = self.period().days(showroom_today())
        self.stats_note.setText(self.tr("Asking the server…"))

        def work() -> list[ChannelStats]:
            from consultant_app.services.channels import fetch_stats
            from consultant_app.sync.engine import SignInRequiredError

            loop = link.loop
            if loop is None:
                raise SignInRequiredError("signed out")
            rows: list[ChannelStats] = fetch_stats(link.http, loop.client.token, start, end)
            return rows

        def done(rows: list[ChannelStats]) -> None:
            if generation != self._stats_generation:
                return
            self.stats_model.set_rows(rows)
            self._show_stats_table(bool(rows))
            total = sum(r.scans for r in rows)
            self.stats_note.setText(
                self.tr("%n scan(s) in this period.", "", total)
                if rows
                else self.tr("No scans in this period yet.")
            )

        def failed(exc: BaseException) -> None:
            if generation != self._stats_generation:
                return
            from consultant_app.sync.engine import SignInRequiredError

            self.stats_model.set_rows([])
            self._show_stats_table(False)
            if isinstance(exc, SignInRequiredError):
                self.stats_note.setText(self.tr("Sign in to see the statistics."))
            else:
                log.info("statistics unavailable: %s", exc)
                self.stats_note.setText(self.tr("Statistics need a connection to the server."))

        ui.controller.submit(work, done, failed, name="channel-stats")

    def _show_stats_table(self, visible: bool) -> None:
        self.stats_table.setVisible(visible)
        layout = self._panel_layout
        layout.setStretch(layout.count() - 1, 0 if visible else 1)

    # --- the showroom screen ------------------------------------------------------------------

    def choose_screen_mode(self) -> None:
        """Ask which monitor, codes and interval, then start the showroom screen."""
        workspace = self.window_.workspace
        if workspace is None or not self.base_url:
            return
        base_url = self.base_url
        settings = self.window_.settings
        chosen = [c for c in settings.get(SCREEN_CODES).split(",") if c]
        self.window_.run(
            lambda: load_screen_choice(workspace, base_url, chosen),
            lambda choice: self._ask_screen(choice, chosen),
            name="qr-screen-codes",
        )

    def _ask_screen(self, choice: ScreenChoice, chosen: list[str]) -> None:
        if not choice.available:
            QMessageBox.information(
                self,
                self.tr("Showroom screen"),
                self.tr(
                    "No code can go on the screen yet: the screen shows codes the server has"
                    " made and that are not paused."
                ),
            )
            return
        settings = self.window_.settings
        dialog = ScreenModeDialog(
            choice.available,
            chosen,
            monitor=settings.get(SCREEN_MONITOR),
            interval_s=settings.get(SCREEN_INTERVAL_S),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            monitor, interval, codes = dialog.monitor(), dialog.interval_s(), dialog.chosen_ids()

            def remember() -> None:
                settings.set(SCREEN_MONITOR, monitor)
                settings.set(SCREEN_INTERVAL_S, interval)
                settings.set(SCREEN_CODES, ",".join(codes))

            self.window_.run(remember, name="qr-screen-settings")
            self.show_screen_mode(dialog.chosen_slides(), monitor, interval)

        dialog.accepted.connect(accepted)
        dialog.open()

    def show_screen_mode(
        self, slides: list[ScreenSlide], monitor: str = "", interval_s: float = 15
    ) -> ScreenMode:
        """Start the showroom screen with `slides` on the monitor named `monitor`."""
        if self.screen_mode is not None:
            self.screen_mode.close()
        mode = ScreenMode(slides, interval_s=interval_s, scans=DeskScanCounter(self.window_))
        mode.closed.connect(lambda: self._screen_closed(mode))
        self.screen_mode = mode
        mode.show_on(screen_named(monitor))
        return mode

    def _screen_closed(self, mode: ScreenMode) -> None:
        if self.screen_mode is mode:
            self.screen_mode = None

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the poster worker (waiting for an export under way) and the screen."""
        if self._preview_task is not None:
            self._preview_task.cancel()
        if self.screen_mode is not None:
            self.screen_mode.close()
        if self._posters is not None:
            self._posters.shutdown()
            self._posters = None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
