#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring (a real Secret
# Service) whose data lives in a temp dir: tests never touch the user's own keychain.
# Usage: scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${QOSCOPE_IN_KEYRING_SESSION:-}" ]; then
  exec env QOSCOPE_IN_KEYRING_SESSION=1 dbus-run-session -- "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
# gnome-keyring-daemon creates and unlocks the login collection with this throwaway password.
echo -n "qoscope-test-keyring" | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
