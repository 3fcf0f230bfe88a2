# One image for the dondoc worker and API (the command chooses which).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
USER node
CMD ["node", "--import", "tsx", "worker/main.ts"]
