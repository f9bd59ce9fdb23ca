#!/usr/bin/env bash
# Install the system packages the tests need, from Debian's archive, when they are missing:
#   chromium  - the browser the Playwright tests drive (/usr/bin/chromium)
#   texlive-binaries + texlive-base - bibtex and plain.bst, to compile references.bib
#   poppler-utils - pdftotext and pdftoppm, to read the PDF briefs back and render them to PNG
#   nginx - the load balancer in front of two app processes (deploy/, tests/deploy)
#   npm (with nodejs) - installs axe-core, the accessibility checker of the browser tests (tests/browser/axe)
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v bibtex >/dev/null 2>&1 || missing+=(texlive-binaries)
kpsewhich plain.bst >/dev/null 2>&1 || missing+=(texlive-base)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing from Debian: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get is not available: install ${missing[*]} by hand." >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
