# LearnLoop, production image: `docker build -t learnloop .` (docs/production.md).
# Stage 1 installs every dependency and compiles to dist/; stage 2 keeps dist/ and the production
# dependencies only, runs as the unprivileged `node` user and reports its health from /health.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_DIR=/app/logs
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The rotating log files are the only thing the app writes to disk (state lives in PostgreSQL).
RUN mkdir -p /app/logs && chown node:node /app/logs
USER node
EXPOSE 3000
# node:24-slim has no curl: Node's own fetch asks /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations run at start; `docker compose run --rm app node dist/scripts/rollback.js` undoes the last.
CMD ["node", "dist/scripts/start.js"]
