# Pactwatch: build the TypeScript with every dependency, run the compiled output with the
# production dependencies only, as an unprivileged user.
# NODE_IMAGE: any Node 20 image on Debian bookworm with a `node` user (the public one by default;
# CI builds from a local image since no registry is reachable there).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# embedded-postgres is a runtime dependency and gets installed too; with NODE_ENV=production
# the platform requires DATABASE_URL and never starts it.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY templates ./templates
# Files stay owned by root: the process can read its code and templates but not change them.
# It writes only to its data folder (outbox of unsent SMS and emails when no gateway is set).
ENV PACTWATCH_DATA_DIR=/var/lib/pactwatch
RUN mkdir -p /var/lib/pactwatch && chown node:node /var/lib/pactwatch
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
