"""The showroom-screen mode (展厅大屏): one live code at a time, full screen, read from 3 m.

A white screen with a very large black code, painted module by module in whole device pixels
(`consultant_app.qr.screen_fit`), the channel's benefit line and the consultant's name, title
and showroom in large type. It rotates through the chosen codes every few seconds and, when
the desk is signed in, says how many customers scanned today (the server's count, fetched on
the network worker once a minute). It shows nothing about any customer.

`ScreenModeDialog` chooses the monitor, the codes and the interval on the QR page;
`run_kiosk` is `consultant-app --kiosk`: straight into screen mode with the desk's codes.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from consultant_app.clock import showroom_today
from consultant_app.qr import QrCodeError, QrSymbol, ScreenFit, encode, screen_fit
from consultant_app.settings import Setting
from consultant_app.store.channels import ChannelView, CodeView, list_channels
from consultant_app.sync.wire import CodeKind, CodeStatus
from ui.palette import MUTED, RED_TEXT, TEXT

if TYPE_CHECKING:
    from consultant_app.store.database import Workspace
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: The monitor screen mode uses (its name, as `QScreen.name()` gives it); empty: the primary.
SCREEN_MONITOR = Setting("screen_mode.monitor", "", "The monitor the showroom screen uses")
#: How long each code stays on the showroom screen.
SCREEN_INTERVAL_S = Setting("screen_mode.interval_s", 15, "Seconds each code stays on screen")
#: The codes last chosen for the showroom screen (code ids, comma-separated); empty: all.
SCREEN_CODES = Setting("screen_mode.codes", "", "The codes the showroom screen rotates through")

DEFAULT_INTERVAL_S = 15
MIN_INTERVAL_S = 3
MAX_INTERVAL_S = 600
#: How often today's scan count is asked for again.
SCANS_REFRESH_MS = 60_000
#: How often the kiosk looks for codes again while it has none (and after that, for changes).
KIOSK_RETRY_MS = 15_000
KIOSK_RELOAD_MS = 120_000
#: How often the kiosk checks whether the window's sync has started.
HOOK_MS = 500
#: How long the "Esc to leave" hint stays up.
HINT_MS = 5_000
#: A panel whose reported size is smaller than this (mm) is taken to misreport it.
MIN_PLAUSIBLE_MM = 100.0
#: The height of a 55-inch 16:9 panel, assumed when the screen reports no usable size.
DEFAULT_PANEL_MM = 685.0
#: Drawn codes kept for the rotation (a 26 px module code is under 1 MB).
MAX_DRAWN = 24
WHITE = QColor("#FFFFFF")
BLACK = QColor("#000000")


# --- what the screen shows ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the desk belongs to, as posters and the screen show it."""

    name: str
    title: str
    showroom: str


@dataclass(frozen=True, slots=True)
class ScreenSlide:
    """One code for the screen, encoded on a worker: plain data, safe to pass to the GUI.

    `consultant` is empty for a showroom duty code (scans go to whoever is on duty).
    """

    code_id: str
    channel_id: str
    channel: str
    url: str
    symbol: QrSymbol
    benefit: str
    consultant: str
    title: str
    showroom: str
    duty: bool = False


@dataclass(frozen=True, slots=True)
class ScreenChoice:
    """The codes the desk could put on the screen, and the slides chosen from them."""

    identity: Identity
    has_server: bool
    available: tuple[ScreenSlide, ...]
    chosen: tuple[ScreenSlide, ...]


def read_identity(conn: sqlite3.Connection, consultant_id: str) -> Identity:
    """The consultant's name, title and showroom from the local consultant row."""
    row = conn.execute(
        "SELECT display_name, title, showroom FROM consultant WHERE id = ?", (consultant_id,)
    ).fetchone()
    if row is None:
        return Identity("", "", "")
    return Identity(str(row[0] or ""), str(row[1] or ""), str(row[2] or ""))


def shows_on_screen(code: CodeView | None) -> bool:
    """Whether a code may go on the screen: made by the server and active. A paused code's
    scans go to the duty consultant, so it would show the wrong name."""
    return code is not None and code.url is not None and code.status is CodeStatus.ACTIVE


def make_slide(channel: ChannelView, code: CodeView, identity: Identity) -> ScreenSlide:
    """A slide for `code` of `channel` (encodes the URL: call it on a worker)."""
    assert code.url is not None
    duty = code.kind is CodeKind.DUTY
    return ScreenSlide(
        code_id=code.id,
        channel_id=channel.id,
        channel=channel.name,
        url=code.url,
        symbol=encode(code.url),
        benefit=channel.benefit,
        consultant="" if duty else identity.name,
        title="" if duty else identity.title,
        showroom=identity.showroom,
        duty=duty,
    )


def load_screen_choice(
    workspace: Workspace,
    base_url: str,
    chosen: Sequence[str] = (),
    *,
    with_duty: bool = True,
) -> ScreenChoice:
    """The desk's codes that can go on the screen (its own, then the showroom's duty codes),
    the showroom-screen channel's first; `chosen` code ids pick some (none or none usable:
    the consultant's own). Runs on the database worker; without a server, nothing."""
    conn = workspace.reader()
    identity = read_identity(conn, workspace.consultant_id)
    if not base_url:
        return ScreenChoice(identity, False, (), ())
    channels = list_channels(conn, workspace.consultant_id, base_url)
    channels.sort(key=lambda c: c.builtin != "showroom_screen")  # stable: keeps the order
    own: list[ScreenSlide] = []
    duty: list[ScreenSlide] = []
    for channel in channels:
        codes = [channel.code] if channel.code is not None else []
        if with_duty:
            codes.extend(channel.duty_codes)
        for code in codes:
            if not shows_on_screen(code):
                continue
            try:
                slide = make_slide(channel, code, identity)
            except QrCodeError as exc:  # the QR page says why for this channel
                log.warning("code %s cannot go on the screen: %s", code.id, exc)
                continue
            (duty if slide.duty else own).append(slide)
    available = (*own, *duty)
    wanted = set(chosen)
    picked = tuple(s for s in available if s.code_id in wanted)
    return ScreenChoice(identity, True, available, picked or tuple(own))


# --- today's scans ------------------------------------------------------------------------------


class ScanCounter(Protocol):
    """Asks the server how many scans today had; `request` returns False when it cannot ask
    (offline or signed out), else calls back on the GUI thread with the count."""

    def request(
        self, on_done: Callable[[int | None], None], on_error: Callable[[BaseException], None]
    ) -> bool: ...


class DeskScanCounter:
    """Today's scans of the window's signed-in consultant, from `fetch_stats` on the sync
    controller's network worker."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def request(
        self, on_done: Callable[[int | None], None], on_error: Callable[[BaseException], None]
    ) -> bool:
        ui = self.window.sync_ui
        link = None if ui is None else ui.controller.link
        if ui is None or link is None or not link.signed_in:
            return False
        today = showroom_today()

        def work() -> int | None:
            from consultant_app.services.channels import fetch_stats

            loop = link.loop
            if loop is None:
                return None
            rows = fetch_stats(link.http, loop.client.token, today, today)
            return sum(row.scans for row in rows)

        ui.controller.submit(work, on_done, on_error, name="scans-today")
        return True


# --- the code, painted ----------------------------------------------------------------------


def panel_mm_per_px(screen: QScreen | None) -> float:
    """Millimetres per device pixel of `screen`, from its reported physical size when that is
    plausible (TVs often report nonsense), else assuming a 55-inch 16:9 panel."""
    if screen is None:
        return DEFAULT_PANEL_MM / 1080
    geometry = screen.geometry()
    ratio = screen.devicePixelRatio()
    height_px = max(1.0, geometry.height() * ratio)
    width_px = max(1.0, geometry.width() * ratio)
    physical = screen.physicalSize()
    if physical.height() >= MIN_PLAUSIBLE_MM and physical.width() >= MIN_PLAUSIBLE_MM:
        by_height = physical.height() / height_px
        by_width = physical.width() / width_px
        if abs(by_height - by_width) <= 0.1 * max(by_height, by_width):
            return by_height
    return DEFAULT_PANEL_MM / height_px


class QrCanvas(QWidget):
    """A square that paints one code centred in whole device pixels per module, with its
    quiet zone (at most 90 % of the shorter side: `screen_fit`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenCode")
        self.symbol: QrSymbol | None = None
        self.fit: ScreenFit | None = None
        # Drawn codes by (URL, module size): the screen comes back to each one in turn.
        self._drawn: dict[tuple[str, int], QImage] = {}

    def set_symbol(self, symbol: QrSymbol | None) -> None:
        self.symbol = symbol
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), WHITE)
        symbol = self.symbol
        if symbol is None:
            painter.end()
            return
        ratio = self.devicePixelRatioF()
        width = int(self.width() * ratio)
        height = int(self.height() * ratio)
        side = min(width, height)
        fit = screen_fit(symbol, side, screen_mm=side * panel_mm_per_px(self.screen()))
        self.fit = fit
        image = self._image(symbol, fit.module_px)
        # In device pixels, unscaled: whole modules land on whole pixels, every edge sharp.
        painter.scale(1 / ratio, 1 / ratio)
        painter.drawImage((width - fit.code_px) // 2, (height - fit.code_px) // 2, image)
        painter.end()

    def _image(self, symbol: QrSymbol, module: int) -> QImage:
        key = (symbol.url, module)
        image = self._drawn.get(key)
        if image is None:
            side = symbol.modules * module
            image = QImage(side, side, QImage.Format.Format_Grayscale8)
            image.fill(WHITE)
            painter = QPainter(image)
            for row, col, length in symbol.runs():
                painter.fillRect(col * module, row * module, length * module, module, BLACK)
            painter.end()
            if len(self._drawn) >= MAX_DRAWN:
                self._drawn.pop(next(iter(self._drawn)))
            self._drawn[key] = image
        return image


# --- the screen -----------------------------------------------------------------------------


class ScreenMode(QWidget):
    """The full-screen showroom display. `closed` is emitted when it is left (Esc)."""

    closed = Signal()
    slide_changed = Signal(int)

    def __init__(
        self,
        slides: Sequence[ScreenSlide] = (),
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        scans: ScanCounter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("screenMode")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Showroom screen"))
        self.setCursor(Qt.CursorShape.BlankCursor)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, WHITE)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self._slides: list[ScreenSlide] = list(slides)
        self._index = 0
        self._scans = scans
        self._scan_count: int | None = None
        self._message: tuple[str, str] | None = None
        self._closing = False

        self.code = QrCanvas(self)
        self.showroom_label = self._label("screenShowroom", MUTED)
        self.name_label = self._label("screenName", TEXT)
        self.title_label = self._label("screenTitle", MUTED)
        self.benefit_label = self._label("screenBenefit", RED_TEXT)
        self.count_label = self._label("screenCount", TEXT)
        self.message_label = self._label("screenMessage", TEXT)
        self.detail_label = self._label("screenDetail", MUTED)
        self.hint_label = self._label("screenHint", MUTED)
        self.hint_label.setText(self.tr("Press Esc to leave the showroom screen"))
        for label in (self.benefit_label, self.message_label, self.detail_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._rotate = QTimer(self)
        self._rotate.timeout.connect(self.next_slide)
        self.set_interval(interval_s)
        self._counter = QTimer(self)
        self._counter.setInterval(SCANS_REFRESH_MS)
        self._counter.timeout.connect(self.refresh_count)
        self._hint = QTimer(self)
        self._hint.setSingleShot(True)
        self._hint.setInterval(HINT_MS)
        self._hint.timeout.connect(self.hint_label.hide)
        self._show_current()

    def _label(self, name: str, colour: QColor) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color: {colour.name()}; background: transparent;")
        return label

    # --- state --------------------------------------------------------------------------

    @property
    def slides(self) -> tuple[ScreenSlide, ...]:
        return tuple(self._slides)

    @property
    def index(self) -> int:
        return self._index

    def current(self) -> ScreenSlide | None:
        """The slide on screen, or None while a message shows instead."""
        if self._message is not None or not self._slides:
            return None
        return self._slides[self._index]

    def set_interval(self, seconds: float) -> None:
        """Seconds each code stays up (at least one second)."""
        self._rotate.setInterval(max(1000, round(seconds * 1000)))
        self._arm_rotation()

    def set_slides(self, slides: Sequence[ScreenSlide]) -> None:
        """Show these codes from now on, staying on the current one if it is still there."""
        current = self.current()
        self._slides = list(slides)
        self._message = None
        keys = [s.code_id for s in self._slides]
        self._index = keys.index(current.code_id) if current and current.code_id in keys else 0
        self._show_current()

    def show_message(self, title: str, detail: str = "") -> None:
        """A large friendly message instead of a code (nothing to show yet)."""
        self._message = (title, detail)
        self._slides = []
        self._index = 0
        self._show_current()

    def next_slide(self) -> None:
        """Switch to the next code (wrapping round)."""
        if len(self._slides) > 1:
            self._index = (self._index + 1) % len(self._slides)
            self._show_current()
            self.slide_changed.emit(self._index)

    def previous_slide(self) -> None:
        if len(self._slides) > 1:
            self._index = (self._index - 1) % len(self._slides)
            self._show_current()
            self.slide_changed.emit(self._index)

    def show_on(self, screen: QScreen | None) -> None:
        """Go full screen on `screen` (None: where the widget is)."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    def texts(self) -> list[str]:
        """Every text the screen shows now (what a passer-by can read)."""
        return [
            label.text()
            for label in self.findChildren(QLabel)
            if label.isVisibleTo(self) and label.text()
        ]

    # --- today's scans ----------------------------------------------------------------------

    def refresh_count(self) -> None:
        """Ask for today's scans again (the label hides while the count is unknown)."""
        if self._scans is None or self._closing:
            return
        # The callbacks wait in the network worker, whose thread may drop them last: they must
        # not keep this window alive, or Python would delete it on that thread.
        ref = weakref.ref(self)

        def done(count: int | None) -> None:
            mode = ref()
            if mode is not None:
                mode._count_arrived(count)

        def failed(exc: BaseException) -> None:
            mode = ref()
            if mode is not None:
                mode._count_failed(exc)

        if not self._scans.request(done, failed):
            self._count_arrived(None)

    def _count_arrived(self, count: int | None) -> None:
        if self._closing:
            return
        self._scan_count = count
        self._show_count()
        self._arrange()

    def _count_failed(self, exc: BaseException) -> None:
        log.info("today's scan count unavailable: %s", exc)
        self._count_arrived(None)

    def _show_count(self) -> None:
        count = self._scan_count
        # Unknown, or nobody yet: a zero is no encouragement to the next customer.
        if count is None or count <= 0 or self.current() is None:
            self.count_label.hide()
            return
        self.count_label.setText(self.tr("%n customer(s) scanned today", "", count))
        self.count_label.show()

    # --- showing --------------------------------------------------------------------------

    def _show_current(self) -> None:
        slide = self.current()
        code_labels = (self.showroom_label, self.name_label, self.title_label, self.benefit_label)
        if slide is None:
            self.code.set_symbol(None)
            self.code.hide()
            for label in code_labels:
                label.hide()
            self.count_label.hide()
            title, detail = self._message or (
                self.tr("No code to show yet"),
                self.tr("Choose the codes for the showroom screen on the Live codes page."),
            )
            self.message_label.setText(title)
            self.detail_label.setText(detail)
            self.message_label.show()
            self.detail_label.setVisible(bool(detail))
        else:
            self.message_label.hide()
            self.detail_label.hide()
            self.code.set_symbol(slide.symbol)
            self.code.show()
            self.showroom_label.setText(slide.showroom)
            self.name_label.setText(
                slide.consultant if not slide.duty else self.tr("Our consultant on duty")
            )
            self.title_label.setText(slide.title)
            self.benefit_label.setText(slide.benefit or self.tr("Scan to reach your consultant"))
            for label in code_labels:
                label.setVisible(bool(label.text()))
            self._show_count()
        self._arm_rotation()
        self._arrange()

    def _arm_rotation(self) -> None:
        if len(self._slides) > 1 and self.isVisible() and not self._closing:
            if not self._rotate.isActive():
                self._rotate.start()
        else:
            self._rotate.stop()

    def _arrange(self) -> None:
        """Place the code and the type for this size: side by side on a landscape screen,
        stacked on a portrait one; type shrinks until it fits its column."""
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0:
            return
        margin = round(min(width, height) * 0.05)
        unit = min(height, width)
        self.hint_label.setFont(_font(round(unit * 0.022)))
        self.hint_label.setGeometry(
            margin, height - margin - round(unit * 0.04), width - 2 * margin, round(unit * 0.04)
        )
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self.current() is None:
            box = QRect(margin * 2, margin, width - 4 * margin, height - 2 * margin)
            _stack(
                box,
                [(self.message_label, unit * 0.075, True), (self.detail_label, unit * 0.04, False)],
                Qt.AlignmentFlag.AlignCenter,
                gap=round(unit * 0.04),
            )
            return
        person = [
            (self.showroom_label, unit * 0.042, False),
            (self.name_label, unit * 0.1, True),
            (self.title_label, unit * 0.048, False),
        ]
        offer = [(self.benefit_label, unit * 0.075, True), (self.count_label, unit * 0.042, False)]
        gap = round(unit * 0.03)
        if width >= height * 1.25:
            side = min(height, round(width * 0.56))
            code = QRect((width - side) // 2, (height - side) // 2, side, side)
            # The code and its quiet zone fill at most 90 % of the square: the columns may
            # use the rest of it, never the quiet zone.
            inset = round(side * 0.05)
            left = QRect(margin, margin, code.left() + inset - margin - gap, height - 2 * margin)
            right_x = code.right() - inset + gap
            right = QRect(right_x, margin, width - margin - right_x, height - 2 * margin)
            _stack(left, person, Qt.AlignmentFlag.AlignCenter, gap=gap)
            _stack(right, offer, Qt.AlignmentFlag.AlignCenter, gap=gap * 2)
        else:
            side = min(width, round(height * 0.55))
            code = QRect((width - side) // 2, (height - side) // 2, side, side)
            top = QRect(margin, margin, width - 2 * margin, code.top() - margin)
            bottom_y = code.bottom()
            bottom = QRect(margin, bottom_y, width - 2 * margin, height - margin - bottom_y)
            _stack(top, person, Qt.AlignmentFlag.AlignCenter, gap=gap)
            _stack(bottom, offer, Qt.AlignmentFlag.AlignCenter, gap=gap)
        self.code.setGeometry(code)

    # --- events ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()
        self._arm_rotation()
        self.hint_label.show()
        self._hint.start()
        if self._scans is not None and not self._counter.isActive():
            self._counter.start()
            self.refresh_count()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.next_slide()
            if self._rotate.isActive():
                self._rotate.start()  # a full interval for the code asked for
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.previous_slide()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._rotate.stop()
        self._counter.stop()
        self._hint.stop()
        super().closeEvent(event)
        self.closed.emit()


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(8, pixels))
    font.setBold(bold)
    return font


def _fitted_height(label: QLabel, width: int, pixels: float, bold: bool, limit: int) -> int:
    """Set the largest font (from `pixels` down to half of it) at which the label's text
    wraps into `width` and at most `limit` pixels of height; returns that height."""
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignCenter)
    smallest = pixels / 2
    size = pixels
    # One line if that costs at most a third of the size: a name or a showroom broken
    # before its last character reads worse than a slightly smaller one.
    one_line = QFontMetrics(_font(round(pixels), bold)).horizontalAdvance(label.text())
    if one_line > width and width / one_line >= 2 / 3:
        size = pixels * width / one_line * 0.98
    while True:
        font = _font(round(size), bold)
        box = QFontMetrics(font).boundingRect(
            QRect(0, 0, max(1, width), 100_000), flags, label.text()
        )
        if (box.height() <= limit and box.width() <= width) or size <= smallest:
            label.setFont(font)
            return min(box.height(), limit)
        size *= 0.92


def _stack(
    box: QRect,
    rows: Sequence[tuple[QLabel, float, bool]],
    align: Qt.AlignmentFlag,
    *,
    gap: int,
) -> None:
    """Lay the visible labels of `rows` (label, font pixels, bold) out top to bottom in `box`,
    centred vertically, each shrunk to fit its share of the height."""
    shown = [row for row in rows if not row[0].isHidden()]
    if not shown or box.width() <= 0 or box.height() <= 0:
        return
    total_weight = sum(size for _, size, _ in shown)
    room = box.height() - gap * (len(shown) - 1)
    heights = [
        _fitted_height(label, box.width(), size, bold, max(1, int(room * size / total_weight)))
        for label, size, bold in shown
    ]
    y = box.top() + (box.height() - sum(heights) - gap * (len(shown) - 1)) // 2
    for (label, _, _), height in zip(shown, heights, strict=True):
        label.setAlignment(align)
        label.setGeometry(box.left(), y, box.width(), height)
        y += height + gap


# --- choosing -------------------------------------------------------------------------------


def screen_named(name: str) -> QScreen | None:
    """The monitor called `name`, else the primary one."""
    for screen in QGuiApplication.screens():
        if screen.name() == name:
            return screen
    return QGuiApplication.primaryScreen()


def describe_screen(screen: QScreen) -> str:
    geometry = screen.geometry()
    primary = screen is QGuiApplication.primaryScreen()
    translate = QCoreApplication.translate
    text = translate("ScreenModeDialog", "{name} ({width}×{height})").format(
        name=screen.name() or screen.model() or "?",
        width=geometry.width(),
        height=geometry.height(),
    )
    if primary:
        return translate("ScreenModeDialog", "{screen}, primary").format(screen=text)
    return text


class ScreenModeDialog(QDialog):
    """Start the showroom screen: which monitor, which codes, how long each stays up."""

    def __init__(
        self,
        available: Sequence[ScreenSlide],
        chosen: Sequence[str] = (),
        *,
        monitor: str = "",
        interval_s: int = DEFAULT_INTERVAL_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenModeDialog")
        self.setWindowTitle(self.tr("Showroom screen"))
        self.setMinimumWidth(440)
        self._available = list(available)

        self.monitor_combo = QComboBox()
        self.monitor_combo.setObjectName("screenMonitor")
        for screen in QGuiApplication.screens():
            self.monitor_combo.addItem(describe_screen(screen), screen.name())
        at = self.monitor_combo.findData(monitor) if monitor else -1
        if at < 0:
            primary = QGuiApplication.primaryScreen()
            at = self.monitor_combo.findData(primary.name() if primary else "")
        self.monitor_combo.setCurrentIndex(max(0, at))

        self.codes = QListWidget()
        self.codes.setObjectName("screenCodes")
        wanted = set(chosen)
        for slide in self._available:
            text = (
                self.tr("{channel} · duty code").format(channel=slide.channel)
                if slide.duty
                else slide.channel
            )
            if slide.benefit:
                text = self.tr("{channel} — {benefit}").format(channel=text, benefit=slide.benefit)
            item = QListWidgetItem(text, self.codes)
            item.setData(Qt.ItemDataRole.UserRole, slide.code_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = slide.code_id in wanted if wanted else not slide.duty
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.codes.itemChanged.connect(self._validate)

        self.interval = QSpinBox()
        self.interval.setObjectName("screenInterval")
        self.interval.setRange(MIN_INTERVAL_S, MAX_INTERVAL_S)
        self.interval.setValue(min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, interval_s)))
        self.interval.setSuffix(self.tr(" s"))

        form = QFormLayout()
        form.addRow(self.tr("Monitor"), self.monitor_combo)
        form.addRow(self.tr("Each code for"), self.interval)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            self.tr(
                "The screen shows the codes one after another, with your name and each"
                " channel's benefit line. Press Esc on the screen to leave."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED.name()};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Codes to show")))
        layout.addWidget(self.codes)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._validate()

    def chosen_ids(self) -> list[str]:
        ids = []
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def chosen_slides(self) -> list[ScreenSlide]:
        wanted = set(self.chosen_ids())
        return [s for s in self._available if s.code_id in wanted]

    def monitor(self) -> str:
        return str(self.monitor_combo.currentData() or "")

    def interval_s(self) -> int:
        return self.interval.value()

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen_ids()))


# --- the kiosk ------------------------------------------------------------------------------


class KioskMode(QObject):
    """`consultant-app --kiosk`: screen mode with the desk's codes as soon as it opens, on the
    configured monitor. Without a usable code yet it says so in large type and looks again
    after every sync that brings data (and every little while)."""

    def __init__(
        self,
        window: MainWindow,
        *,
        monitor: str | None = None,
        interval_s: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        settings = window.settings
        self.monitor = settings.get(SCREEN_MONITOR) if monitor is None else monitor
        interval = settings.get(SCREEN_INTERVAL_S) if interval_s is None else interval_s
        self.chosen = [c for c in settings.get(SCREEN_CODES).split(",") if c]
        mode = ScreenMode(interval_s=interval, scans=DeskScanCounter(window))
        mode.show_message(self.tr("Getting the codes ready…"))
        mode.closed.connect(self._closed)
        self.screen_mode: ScreenMode | None = mode
        self._loading = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.reload)
        self._timer.start(KIOSK_RETRY_MS)
        # Sync starts after the window's first paint: until then, look for it often.
        self._hook = QTimer(self)
        self._hook.setInterval(HOOK_MS)
        self._hook.timeout.connect(self._hook_sync)
        self._hook.start()
        window.workspace_ready.connect(self.reload)

    def start(self) -> None:
        if self.screen_mode is not None:
            self.screen_mode.show_on(screen_named(self.monitor))
        if self.window.workspace is not None:
            self.reload()

    def _hook_sync(self) -> None:
        """Once the window syncs: look again after every round (a round that pulls nothing
        may still be the first with a server address)."""
        ui = self.window.sync_ui
        if ui is None:
            return
        self._hook.stop()
        ui.controller.status_changed.connect(self._sync_event)
        ui.controller.data_arrived.connect(self._sync_event)
        self.reload()

    def _sync_event(self, _: object) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the codes again (on the database worker) and show them."""
        window = self.window
        ui = window.sync_ui
        workspace = window.workspace
        if workspace is None or self.screen_mode is None:
            return
        if self._loading:
            self._again = True
            return
        link = None if ui is None else ui.controller.link
        base_url = "" if link is None else link.server_url
        chosen = list(self.chosen)
        self._loading = True
        window.run(
            lambda: load_screen_choice(workspace, base_url, chosen, with_duty=False),
            self._loaded,
            self._failed,
            name="kiosk-codes",
        )

    def _loaded(self, choice: ScreenChoice) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()
        mode = self.screen_mode
        if mode is None:
            return
        if choice.chosen:
            mode.set_slides(choice.chosen)
            self._timer.setInterval(KIOSK_RELOAD_MS)
            return
        self._timer.setInterval(KIOSK_RETRY_MS)
        if not choice.has_server:
            mode.show_message(
                self.tr("Welcome"),
                self.tr("The codes appear here once this desk is connected to the server."),
            )
        else:
            mode.show_message(
                self.tr("Welcome"),
                self.tr("The codes appear here on their own after the next sync."),
            )

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self._again = False
        log.warning("kiosk: could not read the codes", exc_info=exc)

    def _closed(self) -> None:
        self._timer.stop()
        self._hook.stop()
        self.screen_mode = None
        self.window.showNormal()  # back to the desk
        self.window.activateWindow()


def run_kiosk(
    window: MainWindow, *, monitor: str | None = None, interval_s: int | None = None
) -> KioskMode:
    """Go straight into screen mode for the desk's usable codes (`consultant-app --kiosk`),
    full screen on `monitor` or the one chosen last (else the primary). Call it once the
    window is shown; Esc leaves it for the desk."""
    kiosk = KioskMode(window, monitor=monitor, interval_s=interval_s)
    kiosk.start()
    return kiosk
