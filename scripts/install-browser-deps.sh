#!/usr/bin/env bash
# System packages for the review tests (tests/test_browser.py, tests/test_docx.py), as root on Debian:
#   chromium + chromium-driver   headless browser for the selenium end-to-end tests (no browser download)
#   libreoffice-writer-nogui     `soffice --headless --convert-to txt` to accept/reject .docx revisions
# Idempotent: does nothing when all three are there. --no-install-recommends keeps it small
# (libreoffice-writer-nogui pulls libreoffice-core-nogui, not the GUI core).
set -euo pipefail

PACKAGES=(chromium chromium-driver libreoffice-writer-nogui)

have_all() {
    command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v soffice >/dev/null
}

if have_all; then
    echo "install-browser-deps: chromium, chromedriver and soffice already installed"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-browser-deps: run as root (apt-get install ${PACKAGES[*]})" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
have_all || { echo "install-browser-deps: installed, but a command is still missing" >&2; exit 1; }
echo "install-browser-deps: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1); $(soffice --version 2>/dev/null | head -1)"
