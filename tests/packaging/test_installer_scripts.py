"""The installers for other systems, checked as far as this machine can: syntax, and that they
agree with the build (program names), with each other (paths) and with the app (deployment keys,
languages, the data folder)."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from consultant_app.deployment import CHANNELS, DEPLOYMENT_FILE, KEYS, LANGUAGES
from consultant_app.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "showroom_desk.spec"
ISS = ROOT / "packaging" / "windows" / "showroom_desk.iss"
DMG_SCRIPT = ROOT / "packaging" / "macos" / "make_dmg.sh"
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILES = [LINUX / "showroom-desk.desktop", LINUX / "showroom-desk-kiosk.desktop"]
UNIT = LINUX / "showroom-desk-kiosk.service"
#: Where docs/manager-guide.md tells Linux managers to unpack the archive.
LINUX_PROGRAM = "/opt/showroom-desk/showroom-desk"


# --- what the build produces ------------------------------------------------------------


def spec_targets() -> tuple[set[str], set[str]]:
    """The `name=` of every EXE and every BUNDLE in the spec, on any platform branch."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }
    found: dict[str, set[str]] = {"EXE": set(), "BUNDLE": set()}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id not in found:
                continue
            for keyword in node.keywords:
                if keyword.arg != "name":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found[node.func.id].add(value.value)
                elif isinstance(value, ast.Name) and value.id in constants:
                    found[node.func.id].add(constants[value.id])
    return found["EXE"], found["BUNDLE"]


# --- Linux ------------------------------------------------------------------------------


def desktop_entry(path: Path) -> dict[str, str]:
    """A strict reading of a .desktop file: one [Desktop Entry] group, no duplicate keys."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    assert parser.sections() == ["Desktop Entry"], path
    return dict(parser["Desktop Entry"])


@pytest.mark.parametrize("path", DESKTOP_FILES, ids=lambda p: p.name)
def test_desktop_files_pass_desktop_file_validate(path: Path) -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([validate, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.parametrize("path", DESKTOP_FILES, ids=lambda p: p.name)
def test_desktop_files_are_well_formed_applications_with_chinese_names(path: Path) -> None:
    entry = desktop_entry(path)

    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Name"] and entry["Name[zh_CN]"]
    assert all("\t" not in value and value == value.strip() for value in entry.values())


def test_the_menu_entry_starts_the_built_program() -> None:
    entry = desktop_entry(LINUX / "showroom-desk.desktop")
    exes, _bundles = spec_targets()

    assert entry["Exec"] == entry["TryExec"] == LINUX_PROGRAM
    assert Path(LINUX_PROGRAM).name in exes
    assert "Office" in entry["Categories"].split(";")


def test_the_menu_entry_shows_the_icon_the_build_ships() -> None:
    entry = desktop_entry(LINUX / "showroom-desk.desktop")
    icon = Path(entry["Icon"])
    # The build puts data files under _internal/ beside the program.
    assert icon.parent.parent.parent == Path(LINUX_PROGRAM).parent / "_internal"
    assert (ROOT / icon.relative_to(Path(LINUX_PROGRAM).parent / "_internal")).is_file()
    assert (
        'ICONS / "showroom-desk.png"' in SPEC.read_text() or "showroom-desk.png" in SPEC.read_text()
    )


def test_the_icon_comes_in_every_size_windows_and_macos_use() -> None:
    from PIL import Image

    icons = ROOT / "resources" / "icons"
    with Image.open(icons / "showroom-desk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "showroom-desk.icns") as icns:
        assert icns.size[0] >= 512
    with Image.open(icons / "showroom-desk.png") as png:
        assert png.size == (512, 512) and png.mode == "RGBA"
        assert png.getpixel((0, 0))[3] == 0  # rounded corners: transparent, not a white box
    setup_icon = re.search(r"^SetupIconFile=\{#SourcePath\}(.+)$", ISS.read_text("utf-8-sig"), re.M)
    assert setup_icon is not None
    assert (ISS.parent / setup_icon.group(1).replace("\\", "/")).resolve().is_file()


def test_the_autostart_entry_starts_the_restarting_screen_service() -> None:
    entry = desktop_entry(LINUX / "showroom-desk-kiosk.desktop")

    assert entry["NoDisplay"] == "true"
    assert f"systemctl --user start {UNIT.name}" in entry["Exec"]
    # The session's display reaches the user manager before the service starts.
    assert "import-environment DISPLAY WAYLAND_DISPLAY" in entry["Exec"]


def unit_file() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"), source=str(UNIT))
    return parser


def test_the_screen_service_runs_kiosk_mode_and_comes_back_after_a_crash() -> None:
    unit = unit_file()

    assert unit.sections() == ["Unit", "Service", "Install"]
    assert unit["Service"]["ExecStart"] == f"{LINUX_PROGRAM} --kiosk"
    assert unit["Service"]["Restart"] == "always"
    assert int(unit["Service"]["RestartSec"]) > 0
    assert unit["Install"]["WantedBy"] == "graphical-session.target"


def test_the_screen_service_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # verify insists that ExecStart's program exists: stand one in for the installed app.
    program = tmp_path / "showroom-desk"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    unit = tmp_path / UNIT.name
    unit.write_text(
        UNIT.read_text(encoding="utf-8").replace(LINUX_PROGRAM, str(program)), encoding="utf-8"
    )

    result = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )

    # verify exits 0 even when it ignores a line it cannot parse, but then it says so.
    complaints = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert result.returncode == 0 and not complaints, result.stderr


# --- Windows ----------------------------------------------------------------------------


def iss_text() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def iss_defines() -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', iss_text(), flags=re.MULTILINE))


def iss_section(name: str) -> list[str]:
    """The non-comment lines of one [Section] of the script."""
    match = re.search(rf"^\[{name}\]\r?\n(.*?)(?=^\[\w+\]\r?$|\Z)", iss_text(), re.M | re.S)
    assert match, f"no [{name}] section"
    return [
        line.strip()
        for line in match.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith(";")
    ]


def test_the_script_is_utf8_with_a_byte_order_mark() -> None:
    # Inno Setup before 6.3 reads a script without the mark in the ANSI code page, which
    # would garble every Chinese string in it.
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_installer_ships_programs_the_spec_builds() -> None:
    defines = iss_defines()
    exes, _bundles = spec_targets()

    assert {defines["AppExeName"], defines["ConsoleExeName"]} == {f"{name}.exe" for name in exes}, (
        "the .iss and packaging/showroom_desk.spec disagree about the programs"
    )
    assert Path(defines["ConsoleExeName"]).stem == Path(LINUX_PROGRAM).name


def test_the_installer_copies_the_whole_build_folder_and_replaces_old_libraries() -> None:
    files = iss_section("Files")
    install_delete = iss_section("InstallDelete")

    assert files == [
        'Source: "{#BuildDir}\\*"; DestDir: "{app}"; '
        "Flags: ignoreversion recursesubdirs createallsubdirs"
    ]
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in install_delete
    assert r'SourcePath + "..\..\dist\showroom-desk"' in iss_text()


def test_the_shortcuts_start_the_windowed_program() -> None:
    icons = iss_section("Icons")

    assert icons, "no shortcuts"
    assert all('Filename: "{app}\\{#AppExeName}"' in line for line in icons)
    [kiosk] = [line for line in icons if "Tasks: kiosk" in line]
    assert kiosk.startswith('Name: "{autostartup}\\')
    assert 'Parameters: "--kiosk"' in kiosk


def test_the_installer_writes_only_keys_and_values_the_app_accepts() -> None:
    text = iss_text()

    written = set(re.findall(r"Lines\[Count\] := '(\w+) = '", text))
    assert written == set(KEYS)
    assert f"DeploymentFileName = '{DEPLOYMENT_FILE}'" in text
    for param in ("SERVER", "SHOWROOM", "LANG", "CHANNEL"):
        assert f"ParamValue('{param}')" in text
    languages = [re.match(r'Name: "(\w+)"', line) for line in iss_section("Languages")]
    assert tuple(m.group(1) for m in languages if m) == LANGUAGES
    for channel in CHANNELS:
        assert f"'{channel}'" in text


def test_uninstalling_asks_before_removing_the_data_folder_the_app_uses() -> None:
    text = iss_text()

    assert f"DataFolderName = '{APP_NAME}'" in text
    assert "ExpandConstant('{localappdata}\\' + DataFolderName)" in text
    # The question defaults to No, and a silent uninstall keeps the data unless /REMOVEDATA.
    assert "MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES" in text
    assert "HasSwitch('REMOVEDATA')" in text
    assert 'Type: files; Name: "{app}\\deployment.toml"' in iss_section("UninstallDelete")


def test_the_installer_refuses_windows_older_than_qt_supports() -> None:
    setup = iss_section("Setup")

    assert "MinVersion=10.0.17763" in setup
    assert "ArchitecturesAllowed=x64os" in setup


# --- macOS ------------------------------------------------------------------------------


def test_the_dmg_script_is_valid_bash() -> None:
    result = subprocess.run(
        ["bash", "-n", str(DMG_SCRIPT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_dmg_script_passes_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed")
    result = subprocess.run(
        [shellcheck, str(DMG_SCRIPT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_the_dmg_script_packs_the_bundle_the_spec_builds() -> None:
    script = DMG_SCRIPT.read_text(encoding="utf-8")
    exes, bundles = spec_targets()
    app = re.search(r'^APP_NAME="([^"]+)"', script, re.M)
    exe = re.search(r'^EXE_NAME="([^"]+)"', script, re.M)

    assert app and exe
    assert app.group(1) in bundles, "packaging/showroom_desk.spec builds no such BUNDLE"
    assert exe.group(1) in exes
    assert DMG_SCRIPT.stat().st_mode & 0o111, "make_dmg.sh is not executable"
