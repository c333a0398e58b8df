# Sourced by bench/detection.sh and bench/flood-replay.sh, from the repository root: builds this checkout's trainer
# and agent in Release unless the caller's $trainer names a prebuilt one, and sets $measured to what the figures
# describe (the commit and the last commit of src/, or the prebuilt trainer).
use_builds() {
  if [[ -z "$trainer" ]]; then
    dotnet build src/Trainer -c Release -nologo -v quiet >/dev/null
    dotnet build src/EdgeAgent -c Release -nologo -v quiet >/dev/null
    trainer=$PWD/src/Trainer/bin/Release/net10.0/EdgeLstm.Trainer.dll
    agent=${agent:-$PWD/src/EdgeAgent/bin/Release/net10.0/EdgeLstm.EdgeAgent.dll}
    measured="$(git rev-parse --short HEAD), src as of $(git log -1 --format=%h -- src)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes')"
  else
    measured="prebuilt $trainer"
  fi
}
