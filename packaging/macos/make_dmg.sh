#!/usr/bin/env bash
# Build Showroom Desk for macOS and pack it into a disk image managers install from.
#
#   packaging/macos/make_dmg.sh            # on a Mac, from anywhere in the checkout
#
# Steps: PyInstaller builds dist/ShowroomDesk.app (the spec's BUNDLE, macOS only), the bundle's
# own --self-test runs, the app is signed when CODESIGN_IDENTITY names a Developer ID
# Application identity (and notarised when NOTARY_PROFILE names a `xcrun notarytool
# store-credentials` profile), and `hdiutil create` packs it with a link to /Applications into
# dist/ShowroomDesk-<version>-macos-<arch>.dmg. The last line printed is the .dmg's path.
#
# Environment: PYTHON (default .venv/bin/python), CODESIGN_IDENTITY, NOTARY_PROFILE, and
# ENTITLEMENTS (a .plist for the hardened runtime, if notarisation asks for one).
# Unsigned images work, but Gatekeeper then makes every user right-click → Open the first time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="$ROOT/dist"
APP_NAME="ShowroomDesk.app"          # the spec's BUNDLE name
EXE_NAME="showroom-desk"             # the spec's NAME: Contents/MacOS/showroom-desk
VOLUME_NAME="Showroom Desk 展厅顾问台"

die() {
    echo "make_dmg.sh: $*" >&2
    exit 1
}

[[ "$(uname -s)" == "Darwin" ]] || die "runs on macOS only (hdiutil, codesign)"
command -v hdiutil >/dev/null || die "hdiutil not found"
[[ -x "$PYTHON" ]] || die "no Python at $PYTHON; run python3 dev.py test once, or set PYTHON"

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/consultant_app/__init__.py")"
[[ -n "$version" ]] || die "could not read __version__ from consultant_app/__init__.py"
arch="$(uname -m)"

# 1. The app bundle (build.py also packs the one-folder build; the .app is what ships here).
"$PYTHON" "$ROOT/packaging/build.py" --dist "$DIST"
app="$DIST/$APP_NAME"
[[ -d "$app" ]] || die "$app was not built: packaging/showroom_desk.spec needs its BUNDLE on macOS"
[[ -x "$app/Contents/MacOS/$EXE_NAME" ]] || die "$app has no Contents/MacOS/$EXE_NAME"

# 2. The bundle checks itself (offscreen, in a temporary data folder).
report="$(mktemp -t showroom-selftest)"
trap 'rm -f "$report"' EXIT
if ! "$app/Contents/MacOS/$EXE_NAME" --self-test | tee "$report"; then
    die "the self-test failed (see above)"
fi
grep -q "^Self-test passed\.$" "$report" || die "the self-test printed no verdict"

# 3. Signing and notarisation, when the identities are there.
if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    entitlements=()
    [[ -z "${ENTITLEMENTS:-}" ]] || entitlements=(--entitlements "$ENTITLEMENTS")
    # ${a[@]+"${a[@]}"}: macOS's bash 3.2 calls an empty array unbound under set -u.
    codesign --force --deep --options runtime --timestamp ${entitlements[@]+"${entitlements[@]}"} \
        --sign "$CODESIGN_IDENTITY" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
else
    echo "CODESIGN_IDENTITY is not set: the app is not signed" >&2
fi

# 4. The disk image: the app and a link to /Applications to drag it onto.
dmg="$DIST/ShowroomDesk-$version-macos-$arch.dmg"
staging="$(mktemp -d -t showroom-dmg)"
trap 'rm -f "$report"; rm -rf "$staging"' EXIT
ditto "$app" "$staging/$APP_NAME"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "$VOLUME_NAME" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
    if [[ -n "${NOTARY_PROFILE:-}" ]]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
        xcrun stapler staple "$dmg"
    else
        echo "NOTARY_PROFILE is not set: the image is signed but not notarised" >&2
    fi
fi

hdiutil verify "$dmg"
echo "$dmg"
