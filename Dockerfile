# syntax=docker/dockerfile:1
# The accidents-nc image: Node.js 20, the pipeline, the data loaders and the site sources, with
# production dependencies only. Its default command, `npm run build`, materialises the stale
# assets into the lake and builds the site into dist/. The Kubernetes Jobs run
# k8s/scripts/build-and-publish.sh, which also publishes dist/ to the site volume.

# Node.js 20.20.2 on Debian 12 (bookworm), slim variant. The digest is the multi-platform index of
# that tag; refresh both together (`docker buildx imagetools inspect node:20-bookworm-slim`).
ARG NODE_VERSION=20.20.2
ARG NODE_DIGEST=sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

FROM node:${NODE_VERSION}-bookworm-slim@${NODE_DIGEST} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# The development tools (embedded Postgres, s3rver, Playwright, TypeScript) stay out of the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim@${NODE_DIGEST}
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY . .

# The build writes dist/, Framework's cache and the download and lake caches. The Jobs mount
# volumes on these folders (the root filesystem is read-only there); creating them here, owned
# by the unprivileged user, lets a plain `docker run` work too.
RUN mkdir -p dist src/.observablehq/cache /var/cache/accidents-nc \
    && chown node:node dist src/.observablehq/cache /var/cache/accidents-nc

# The `node` user (uid 1000) of the official image; the Jobs also set runAsNonRoot.
USER node
CMD ["npm", "run", "build"]
