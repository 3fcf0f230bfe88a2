# One image for the dondoc worker and API (the command chooses which).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
# DATA_DIR: scratch space of this container only; dondoc's records are in PostgreSQL (DATABASE_URL).
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["node", "--import", "tsx", "worker/main.ts"]
