#!/usr/bin/env bash
# The end-to-end EdgeLstm demo: builds everything, then runs `edgelstm-train demo`.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh demo
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build EdgeLstm.sln -c Release -nologo -v quiet
dotnet src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll demo "$@"
