# CI only (.ci/compose-up): a stand-in for node:20-bookworm-slim when no image registry is
# reachable. Debian bookworm (imported with debootstrap) plus this machine's own Node 20 and npm,
# which the script copies into the build context; Node 20 is not in bookworm's archive.
# The machine's extra certificate authorities come along (extra-ca/, maybe empty): HTTPS leaves
# these machines through a proxy that npm must trust, as it does on the machine itself.
ARG DEBIAN_IMAGE=local/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
# Like the public image: npm and npx on the PATH, and a `node` user with uid 1000.
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --create-home --shell /bin/bash node \
 && node --version && npm --version
CMD ["node"]
