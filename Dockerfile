# xacct's emulator as a container: `docker compose up xacct` serves it on port 4566 (HTTP) and 4567 (HTTPS, with a
# certificate generated at start whose CA GET /_xacct/health reports). Node 20 is the version package.json supports.
# Inside the container the server binds every interface (the only way a published port reaches it); `--public` says
# that is deliberate. Every account's keys are public, so publish the ports on the host's loopback only
# (`-p 127.0.0.1:4566:4566`, as docker-compose.yml does).
FROM node:20-bookworm-slim

WORKDIR /xacct
ENV NODE_ENV=production \
    NO_COLOR=1

COPY package.json package-lock.json ./
# Dev dependencies (vitest, typescript) are not needed to serve. The compile step (npm's prepare) needs the sources,
# which are not copied yet, so it runs below once they are.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

COPY bin ./bin
COPY harness ./harness
COPY stacks ./stacks
COPY scenarios ./scenarios
COPY scripts ./scripts
COPY tsconfig.json LICENSE README.md ./
RUN node scripts/build.mjs

USER node
EXPOSE 4566 4567
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:4566/_xacct/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/xacct.js", "serve", "--host", "0.0.0.0", "--public", "--port", "4566", "--https-port", "4567"]
