#!/usr/bin/env bash
# Removes the EdgeLstm agent installed by deploy/install.sh.
# Usage (as root): deploy/uninstall.sh [--purge]
#   --purge  also delete /etc/edgelstm, the outbox in /var/lib/edgelstm-agent (unsent alerts are lost)
#            and the edgelstm user
set -euo pipefail

purge=no
case ${1:-} in
  --purge) purge=yes ;;
  "") ;;
  *) echo "uninstall.sh: unknown option $1" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "uninstall.sh: run as root" >&2
  exit 1
fi

if systemctl list-unit-files edgelstm-agent.service >/dev/null 2>&1; then
  systemctl disable --now edgelstm-agent 2>/dev/null || true
fi
rm -f /etc/systemd/system/edgelstm-agent.service
rm -rf /etc/systemd/system/edgelstm-agent.service.d
systemctl daemon-reload
rm -rf /opt/edgelstm-agent

if [ "$purge" = yes ]; then
  rm -rf /etc/edgelstm /var/lib/edgelstm-agent /var/lib/private/edgelstm-agent
  if id edgelstm >/dev/null 2>&1; then
    userdel edgelstm
  fi
  echo "uninstall.sh: removed the agent, its configuration, its outbox and its user"
else
  echo "uninstall.sh: removed the agent; kept /etc/edgelstm and /var/lib/edgelstm-agent (use --purge to delete them)"
fi
