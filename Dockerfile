# One image for the API and the worker (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY activities activities
COPY api api
COPY config config
COPY connectors connectors
COPY db db
COPY domain domain
COPY emulators emulators
COPY orchestration orchestration
COPY workers workers
COPY workflows workflows
COPY scripts scripts
COPY test test
COPY bench bench
RUN npx tsc -p tsconfig.json && cp -r db/migrations dist/db/migrations && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY console console
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
