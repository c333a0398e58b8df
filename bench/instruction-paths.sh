# Sourced by bench/pytorch-step.sh and bench/window-cost.sh: the instruction paths EdgeLstm's kernels are measured on,
# chosen per process through the runtime's DOTNET_* settings, and a one-line note of the machine's state.
# .NET 10 reads DOTNET_EnableAVX512 (EnableAVX512F alone no longer switches AVX-512 off); both are set, as in test.sh.

# Prints the path labels this machine can run: default, no-avx512 (only where AVX-512 exists), no-avx2, and scalar
# when $1 is "with-scalar".
edgelstm_paths() {
  local paths="default"
  grep -qw avx512bw /proc/cpuinfo && paths="$paths no-avx512"
  paths="$paths no-avx2"
  [ "${1:-}" = with-scalar ] && paths="$paths scalar"
  echo "$paths"
}

# Prints the environment assignments of a path label (for env).
edgelstm_path_environment() {
  case $1 in
    default) ;;
    no-avx512) echo DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 ;;
    no-avx2) echo DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 ;;
    scalar) echo DOTNET_EnableHWIntrinsic=0 ;;
    *) echo "unknown instruction path $1" >&2; return 2 ;;
  esac
}

# Prints the CPU, its AVX-512 support, the core count and the commit measured.
bench_machine() {
  echo "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)$(grep -qw avx512bw /proc/cpuinfo && echo ' with AVX-512BW'), $(nproc) cores," \
    "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' with local changes')"
}
