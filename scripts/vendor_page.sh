#!/usr/bin/env bash
# Copies the web page's two libraries (preact, htm) from the npm registry into
# lib/web/page/vendor/, with their licences. The page has no build step and
# loads nothing from the internet: these files ship inside framecat.
# Run it again after changing a version below; commit what it writes.
set -euo pipefail

PREACT_VERSION=11.2.0
HTM_VERSION=3.1.1

here="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$here/lib/web/page/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "preact@${PREACT_VERSION}" "htm@${HTM_VERSION}" >/dev/null
mkdir preact htm
tar xzf "preact-${PREACT_VERSION}.tgz" -C preact --strip-components=1
tar xzf "htm-${HTM_VERSION}.tgz" -C htm --strip-components=1

mkdir -p "$vendor"
cp preact/dist/preact.mjs "$vendor/preact.js"
cp preact/hooks/dist/hooks.mjs "$vendor/preact-hooks.js"
cp preact/LICENSE "$vendor/preact-LICENSE.txt"
cp htm/dist/htm.module.js "$vendor/htm.js"
cp htm/preact/index.module.js "$vendor/htm-preact.js"
cp htm/LICENSE "$vendor/htm-LICENSE.txt"
# Source maps are not shipped: a browser asking for them would only get a 404.
sed -i "/sourceMappingURL/d" "$vendor"/*.js
# Each file names its types (the same versions from the npm registry) for `deno check`, which
# checks the page's own modules (// @ts-check) against them; a browser reads a comment.
types() { sed -i "1i // @ts-self-types=\"$2\"" "$vendor/$1"; }
types preact.js "npm:preact@${PREACT_VERSION}"
types preact-hooks.js "npm:preact@${PREACT_VERSION}/hooks"
types htm.js "npm:htm@${HTM_VERSION}"
types htm-preact.js "npm:htm@${HTM_VERSION}/preact"
echo "vendor_page: preact ${PREACT_VERSION} and htm ${HTM_VERSION} in ${vendor#"$here"/}" >&2
