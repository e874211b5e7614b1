#!/usr/bin/env bash
# Prepares the Docker build context of one app in dist/docker/<app>/, ON THE HOST, so that the image
# build never needs the npm registry (dockerd may have no network at all):
#   main.js, main.js.map   the esbuild bundle from dist/apps/<app>/ (npm packages external), with any
#                          *-worker.js worker-thread entries built next to it
#   package.json           the workspace's production dependencies
#   node_modules/          production dependencies only, copied from the workspace's node_modules
#                          (the tree `npm ls --omit=dev --all` lists, i.e. exactly what the lockfile pinned);
#                          set TSKUBE_DEPS=npm to instead run `npm ci --omit=dev --ignore-scripts` into
#                          dist/docker/.deps (needs the npm registry, from the host only)
#   Dockerfile             apps/<app>/Dockerfile (each app's own recipe)
# Usage: scripts/images/stage-app.sh <app>   (after `nx run <app>:build`)
set -euo pipefail
app=${1:?usage: stage-app.sh <app>}
cd "$(dirname "$0")/../.."
ws=$PWD
[ -f "dist/apps/$app/main.js" ] || { echo "stage-app: dist/apps/$app/main.js missing (run nx run $app:build)" >&2; exit 1; }
ctx=dist/docker/$app
deps=dist/docker/.deps
rm -rf "$ctx"; mkdir -p "$ctx"

# Shared production node_modules, built once per package-lock.json change.
stamp=$(sha256sum package-lock.json | cut -c1-16)-${TSKUBE_DEPS:-copy}
if [ "$(cat "$deps/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$deps"; mkdir -p "$deps"
  node -e 'const p=require("./package.json");process.stdout.write(JSON.stringify({name:"tskube-runtime",private:true,dependencies:p.dependencies},null,2))' > "$deps/package.json"
  if [ "${TSKUBE_DEPS:-copy}" = npm ]; then
    cp package-lock.json "$deps/"
    (cd "$deps" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
  else
    mkdir -p "$deps/node_modules"
    npm ls --omit=dev --all --parseable 2>/dev/null | grep "^$ws/node_modules/" | while read -r dir; do
      rel=${dir#"$ws/"}
      [ -d "$deps/$rel" ] && continue
      mkdir -p "$deps/$(dirname "$rel")"
      # copy the package without its own nested node_modules (those are listed separately)
      (cd "$ws" && tar -c --exclude="$rel/node_modules" "$rel") | tar -C "$deps" -x
    done
  fi
  echo "$stamp" > "$deps/.stamp"
fi
cp -al "$deps/node_modules" "$ctx/node_modules" 2>/dev/null || cp -a "$deps/node_modules" "$ctx/node_modules"
cp "$deps/package.json" "$ctx/package.json"
# main.js and any worker-thread entries built next to it (e.g. the apiserver's etcd-worker.js), with their maps
cp "dist/apps/$app/"*.js "$ctx/"
cp "dist/apps/$app/"*.js.map "$ctx/" 2>/dev/null || true
cp "apps/$app/Dockerfile" "$ctx/Dockerfile"
echo "staged $ctx ($(du -sh "$ctx/node_modules" | cut -f1) node_modules)"
